"""A session saved by hand is told at once of the rules it breaks, as the release would refuse
them: a person in two places, more sessions interpreted into a language than its booth teams,
turnover."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from sessions.enums import Interpretation
from sessions.selectors.timetabling import session_conflicts
from tests.factories import DelegateFactory, SessionFactory, SessionRoleFactory
from tests.sessions.support.timetabling import at, booth_teams

pytestmark = pytest.mark.django_db


def test_a_speaker_in_two_overlapping_sessions(timetable_event, timetable_rooms):
    speaker = DelegateFactory(delegation__event=timetable_event, family_name="Tran")
    panel = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(10))
    side = SessionFactory(event=timetable_event, room=timetable_rooms["small"], start=at(10, 30))
    SessionRoleFactory(session=panel, delegate=speaker)
    SessionRoleFactory(session=side, delegate=speaker)
    (line,) = session_conflicts(side)
    assert panel.title in line and side.title in line
    apart = SessionFactory(event=timetable_event, room=timetable_rooms["small"], start=at(14))
    assert session_conflicts(apart) == []


def test_six_language_sessions_beyond_the_interpreter_teams(timetable_event, timetable_rooms):
    booth_teams(timetable_event, 1)
    second_hall = timetable_rooms["hall"].venue.rooms.create(
        name="Hall B", code="hall-b", capacity=500, interpretation_booths=6
    )
    first = SessionFactory(
        event=timetable_event,
        room=timetable_rooms["hall"],
        start=at(10),
        interpretation=Interpretation.FULL,
    )
    second = SessionFactory(
        event=timetable_event, room=second_hall, start=at(10), interpretation=Interpretation.FULL
    )
    assert any("interpreter" in line for line in session_conflicts(second))
    assert any("interpreter" in line for line in session_conflicts(first))


def test_a_workshop_beyond_the_teams_of_one_of_its_languages(timetable_event, timetable_rooms):
    """One Arabic team: a workshop in English and Arabic clashes with a six-language session,
    one in English and French does not (three English teams, two French)."""
    teams = booth_teams(timetable_event, 2)
    teams["ar"].interpreters = 3
    teams["ar"].save()
    teams["en"].interpreters = 6
    teams["en"].save()
    side_hall = timetable_rooms["hall"].venue.rooms.create(
        name="Hall B", code="hall-b", capacity=500, interpretation_booths=2
    )
    third_hall = timetable_rooms["hall"].venue.rooms.create(
        name="Hall C", code="hall-c", capacity=500, interpretation_booths=2
    )
    SessionFactory(
        event=timetable_event,
        room=timetable_rooms["hall"],
        start=at(10),
        interpretation=Interpretation.FULL,
        title="Plenary",
    )
    arabic = SessionFactory(
        event=timetable_event,
        room=side_hall,
        start=at(10),
        interpretation=Interpretation.PARTIAL,
        languages=["en", "ar"],
        title="Workshop in Arabic",
    )
    french = SessionFactory(
        event=timetable_event,
        room=third_hall,
        start=at(10),
        interpretation=Interpretation.PARTIAL,
        languages=["en", "fr"],
        title="Workshop in French",
    )
    (line,) = session_conflicts(arabic)
    assert "Arabic" in line and "“Plenary”" in line and "“Workshop in Arabic”" in line
    assert "only 1 interpreter team in Arabic" in line
    assert session_conflicts(french) == []


def test_vietnamese_by_relay_needs_its_own_team(timetable_event, timetable_rooms):
    booth_teams(timetable_event, 1)
    small = timetable_rooms["small"]
    small.interpretation_booths = 2
    small.save()
    press = SessionFactory(
        event=timetable_event,
        room=small,
        start=at(10),
        interpretation=Interpretation.PARTIAL,
        languages=["vi", "en"],
    )
    (line,) = session_conflicts(press)
    assert "Vietnamese" in line and "no interpreter team" in line


def test_a_room_needs_its_turnover_between_sessions(timetable_event, timetable_rooms):
    room = timetable_rooms["small"]
    room.turnover_minutes = 30
    room.save()
    before = SessionFactory(event=timetable_event, room=room, start=at(10), duration_minutes=60)
    after = SessionFactory(event=timetable_event, room=room, start=at(10) + timedelta(minutes=75))
    assert session_conflicts(after) and session_conflicts(before)


def test_the_admin_says_so_on_saving(timetable_event, timetable_rooms, organiser_client):
    booth_teams(timetable_event, 1)
    second_hall = timetable_rooms["hall"].venue.rooms.create(
        name="Hall B", code="hall-b", capacity=500, interpretation_booths=6
    )
    SessionFactory(
        event=timetable_event,
        room=timetable_rooms["hall"],
        start=at(10),
        interpretation=Interpretation.FULL,
        title="Plenary",
    )
    session = SessionFactory(
        event=timetable_event, room=second_hall, start=at(12), interpretation="full", title="Panel"
    )
    local = session.start.astimezone(timetable_event.timezone)
    data = {
        "event": timetable_event.pk,
        "kind": session.kind,
        "title_en": "Panel",
        "slug": session.slug,
        "description_en": "",
        "room": second_hall.pk,
        "start_0": local.strftime("%Y-%m-%d"),
        "start_1": "10:30:00",
        "duration_minutes": 60,
        "status": "scheduled",
        "capacity": "",
        "access": session.access,
        "interpretation": "full",
        "roles-TOTAL_FORMS": 0,
        "roles-INITIAL_FORMS": 0,
        "roles-MIN_NUM_FORMS": 0,
        "roles-MAX_NUM_FORMS": 1000,
    }
    answer = organiser_client.post(
        reverse("admin:programme_session_change", args=[session.pk]), data
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    said = [str(message) for message in get_messages(answer.wsgi_request)]
    assert any("interpreter" in line and "Panel" in line for line in said)
    assert any("cannot be released" in line for line in said)


def test_a_session_moved_out_of_its_window(timetable_event, timetable_rooms):
    """A side event holds the slot it applied for: moved out of it by hand, it is flagged."""
    side = SessionFactory(
        event=timetable_event,
        room=timetable_rooms["small"],
        start=at(12),
        duration_minutes=60,
        earliest_start=at(9),
        latest_end=at(10),
    )
    (line,) = session_conflicts(side)
    assert "earliest" in line or "latest" in line
    side.start = at(9)
    side.save()
    assert session_conflicts(side) == []


@pytest.mark.parametrize(
    ("earliest", "latest", "message"),
    [(at(10), at(9), "after the earliest start"), (at(9), at(9, 30), "shorter than")],
)
def test_a_window_must_hold_the_session(timetable_event, earliest, latest, message):
    from django.core.exceptions import ValidationError

    session = SessionFactory.build(
        event=timetable_event,
        room=None,
        start=None,
        status="draft",
        duration_minutes=60,
        earliest_start=earliest,
        latest_end=latest,
    )
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert message in " ".join(refused.value.message_dict["latest_end"])
