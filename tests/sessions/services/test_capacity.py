"""Capacity holds whatever changes: a session's places are the smaller of its own limit and its
room's seats; no move or lower limit leaves confirmed delegates without a seat (refused, with
the numbers), and the engine and the release check count the confirmed places."""

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse

from sessions.enums import RegistrationStatus
from sessions.selectors.timetabling import schedule_conflicts, timetable_problem_build
from sessions.services.release import schedule_release
from tests.factories import (
    DelegateFactory,
    SessionFactory,
    SessionRegistrationFactory,
)
from tests.sessions.support.timetabling import at

pytestmark = pytest.mark.django_db


def side_event_with(confirmed, timetable_event, room, **fields):
    session = SessionFactory(
        event=timetable_event,
        room=room,
        start=at(10),
        title="Side event",
        kind="side_event",
        **fields,
    )
    for _n in range(confirmed):
        SessionRegistrationFactory(
            session=session, delegate=DelegateFactory(), status=RegistrationStatus.CONFIRMED
        )
    return session


def test_the_places_are_the_smaller_of_the_sessions_and_the_rooms(timetable_event, timetable_rooms):
    small = timetable_rooms["small"]  # 40 seats
    assert SessionFactory(event=timetable_event, room=small, capacity=None).effective_capacity == 40
    assert SessionFactory(event=timetable_event, room=small, capacity=25).effective_capacity == 25
    larger = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], capacity=60)
    type(larger).objects.filter(pk=larger.pk).update(room=small)  # moved before the rule
    larger.refresh_from_db()
    assert larger.effective_capacity == 40
    assert (
        SessionFactory(
            event=timetable_event, room=None, start=None, status="draft", capacity=25
        ).effective_capacity
        == 25
    )


def test_a_move_into_a_room_too_small_for_the_confirmed_is_refused(
    timetable_event, timetable_rooms
):
    session = side_event_with(45, timetable_event, timetable_rooms["hall"])
    session.room = timetable_rooms["small"]
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert "Small seats 40, and 45 delegates hold a confirmed place" in str(
        refused.value.message_dict["room"]
    )
    session.refresh_from_db()
    assert session.room == timetable_rooms["hall"]


def test_a_capacity_below_the_confirmed_is_refused(timetable_event, timetable_rooms):
    session = side_event_with(30, timetable_event, timetable_rooms["hall"])
    session.capacity = 20
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert "30 delegates hold a confirmed place" in str(refused.value.message_dict["capacity"])


def test_the_admin_refuses_the_move_by_the_room_field(
    timetable_event, timetable_rooms, organiser_client
):

    session = side_event_with(45, timetable_event, timetable_rooms["hall"])
    data = {
        key: value
        for key, value in model_to_dict(session).items()
        if value is not None and key not in ("id", "end")
    }
    data.update(
        room=timetable_rooms["small"].pk,
        start_0=at(10).astimezone(timetable_event.timezone).strftime("%Y-%m-%d"),
        start_1=at(10).astimezone(timetable_event.timezone).strftime("%H:%M:%S"),
    )
    answer = organiser_client.post(
        reverse("admin:programme_session_change", args=[session.pk]), data
    )
    assert answer.status_code == 200
    assert "45 delegates hold a confirmed place" in answer.content.decode()
    session.refresh_from_db()
    assert session.room == timetable_rooms["hall"]


def test_the_engine_counts_the_confirmed_places(timetable_event, timetable_rooms):
    session = side_event_with(45, timetable_event, timetable_rooms["hall"], capacity=None)
    problem = timetable_problem_build(timetable_event)
    (entry,) = [item for item in problem["sessions"] if item["id"].endswith(f"-{session.pk}")]
    assert entry["attendance"] == 45


def test_the_release_refuses_a_room_too_small_for_the_confirmed(timetable_event, timetable_rooms):
    session = side_event_with(45, timetable_event, timetable_rooms["hall"])
    type(session).objects.filter(pk=session.pk).update(room=timetable_rooms["small"])
    assert any("Side event" in conflict for conflict in schedule_conflicts(timetable_event))
    with pytest.raises(ValidationError, match="breaks a rule"):
        schedule_release(event=timetable_event)
