"""Moving a session in the working schedule: saved when it keeps the release's rules, refused
with the reason (nothing changed) when it breaks a hard one, saved and marked when it breaks
a soft one."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError

from sessions.enums import Interpretation, SessionStatus
from sessions.selectors.schedule_rules import SOFT_RULES, rule_of
from sessions.services.schedule import session_move
from tests.factories import (
    DelegateFactory,
    RoomFactory,
    RoomUnavailabilityFactory,
    SessionFactory,
    SessionRegistrationFactory,
    SessionRoleFactory,
    UserFactory,
)
from tests.sessions.support.timetabling import at, booth_teams, movable

pytestmark = pytest.mark.django_db


def _unchanged(session, room, start):
    session.refresh_from_db()
    assert (session.room_id, session.start) == (room.pk, start)


def test_a_move_to_a_free_slot_is_saved(timetable_event, timetable_rooms):
    talk = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(10))
    organiser = UserFactory()
    warnings = session_move(
        session=talk, room=timetable_rooms["small"], start=at(14), duration_minutes=45, by=organiser
    )
    assert warnings == []
    talk.refresh_from_db()
    assert (talk.room, talk.start, talk.end) == (
        timetable_rooms["small"],
        at(14),
        at(14, 45),
    )
    assert LogEntry.objects.get(object_id=str(talk.pk)).user == organiser


def test_a_session_without_a_place_is_scheduled(timetable_event, timetable_rooms):
    waiting = movable(timetable_event)
    session_move(session=waiting, room=timetable_rooms["hall"], start=at(11))
    waiting.refresh_from_db()
    assert waiting.status == SessionStatus.SCHEDULED and waiting.start == at(11)


def test_a_taken_room_refuses_the_move(timetable_event, timetable_rooms):
    hall = timetable_rooms["hall"]
    SessionFactory(event=timetable_event, room=hall, start=at(10), title="Plenary")
    talk = SessionFactory(event=timetable_event, room=timetable_rooms["small"], start=at(14))
    with pytest.raises(ValidationError, match="Plenary"):
        session_move(session=talk, room=hall, start=at(10, 30))
    _unchanged(talk, timetable_rooms["small"], at(14))


def test_a_room_too_small_for_the_confirmed_places(timetable_event, timetable_rooms):
    hall, small = timetable_rooms["hall"], timetable_rooms["small"]
    talk = SessionFactory(event=timetable_event, room=hall, start=at(10))
    for _ in range(small.capacity + 1):
        SessionRegistrationFactory(session=talk, delegate__delegation__event=timetable_event)
    with pytest.raises(ValidationError, match="confirmed place"):
        session_move(session=talk, room=small, start=at(10))
    _unchanged(talk, hall, at(10))


def test_booths_interpreters_and_people_refuse(timetable_event, timetable_rooms):
    hall, small = timetable_rooms["hall"], timetable_rooms["small"]
    full = SessionFactory(
        event=timetable_event, room=hall, start=at(10), interpretation=Interpretation.FULL
    )
    with pytest.raises(ValidationError, match="booths"):
        session_move(session=full, room=small, start=at(10))
    _unchanged(full, hall, at(10))

    speaker = DelegateFactory(delegation__event=timetable_event)
    side = SessionFactory(event=timetable_event, room=small, start=at(14))
    SessionRoleFactory(session=full, delegate=speaker)
    SessionRoleFactory(session=side, delegate=speaker)
    with pytest.raises(ValidationError, match=speaker.family_name.upper()):
        session_move(session=side, room=small, start=at(10, 30))
    _unchanged(side, small, at(14))

    booth_teams(timetable_event, 1)
    second = RoomFactory(venue=hall.venue, name="Hall B", capacity=500)
    other = SessionFactory(
        event=timetable_event, room=second, start=at(15), interpretation=Interpretation.FULL
    )
    with pytest.raises(ValidationError, match="only 1 interpreter team in each"):
        session_move(session=other, room=second, start=at(10))
    _unchanged(other, second, at(15))


def test_an_unavailable_room_and_the_days_hours_refuse(timetable_event, timetable_rooms):
    small = timetable_rooms["small"]
    RoomUnavailabilityFactory(room=small, start=at(12), end=at(13))
    talk = SessionFactory(event=timetable_event, room=small, start=at(10))
    with pytest.raises(ValidationError, match="unavailable"):
        session_move(session=talk, room=small, start=at(12, 30))
    with pytest.raises(ValidationError, match="opening hours"):
        session_move(session=talk, room=small, start=at(17, 30))
    _unchanged(talk, small, at(10))


def test_the_opening_runs_alone(timetable_event, timetable_rooms):
    SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(9), kind="opening")
    talk = SessionFactory(event=timetable_event, room=timetable_rooms["small"], start=at(14))
    with pytest.raises(ValidationError, match="parallel"):
        session_move(session=talk, room=timetable_rooms["small"], start=at(9, 30))
    _unchanged(talk, timetable_rooms["small"], at(14))


def test_turnover_window_and_grid_are_saved_and_marked(timetable_event, timetable_rooms):
    small = timetable_rooms["small"]
    small.turnover_minutes = 30
    small.save()
    SessionFactory(event=timetable_event, room=small, start=at(10), duration_minutes=60)
    talk = SessionFactory(
        event=timetable_event,
        room=timetable_rooms["hall"],
        start=at(14),
        earliest_start=at(13),
        latest_end=at(17),
    )
    warnings = session_move(session=talk, room=small, start=at(11, 5))
    kinds = sorted(rule_of(line) for line in warnings)
    assert kinds == ["grid", "room", "window"]
    talk.refresh_from_db()
    assert (talk.room, talk.start) == (small, at(11, 5))
    assert {"turnover", "grid", "window"} == SOFT_RULES


def test_a_pinned_session_moves_with_its_pin(timetable_event, timetable_rooms):
    pinned = SessionFactory(
        event=timetable_event, room=timetable_rooms["hall"], start=at(10), pinned=True
    )
    assert session_move(session=pinned, room=timetable_rooms["small"], start=at(15)) == []
    pinned.refresh_from_db()
    assert pinned.pinned and pinned.start == at(15)


def test_a_cancelled_session_is_not_placed(timetable_event, timetable_rooms):
    gone = SessionFactory(
        event=timetable_event, status=SessionStatus.CANCELLED, room=None, start=None
    )
    with pytest.raises(ValidationError):
        session_move(session=gone, room=timetable_rooms["hall"], start=at(10))


def test_a_larger_room_moves_the_waiting_list_up(timetable_event, timetable_rooms):
    tiny = RoomFactory(venue=timetable_rooms["hall"].venue, name="Tiny", capacity=1)
    talk = SessionFactory(event=timetable_event, room=tiny, start=at(10))
    SessionRegistrationFactory(session=talk, delegate__delegation__event=timetable_event)
    waiting = SessionRegistrationFactory(
        session=talk,
        delegate__delegation__event=timetable_event,
        delegate__accreditation_status="accredited",
        delegate__accredited_at=at(8),
        status="waiting",
    )
    session_move(session=talk, room=timetable_rooms["hall"], start=at(10) + timedelta(hours=1))
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_an_interpreter_shortage_is_named_as_such():
    """The checker names the languages that run out: each of them, or the one."""
    each = (
        "2 sessions interpreted into Arabic and French run at 10:00 ('a', 'b')"
        " but there is only 1 interpreter team in each"
    )
    one = (
        "3 sessions interpreted into Arabic run at 10:00 ('a', 'b', 'c')"
        " but there are only 2 interpreter teams in Arabic"
    )
    assert rule_of(each) == rule_of(one) == "interpreters"
