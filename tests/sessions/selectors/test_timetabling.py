"""The engine's problem built from the database, and the rules the programme breaks."""

from datetime import date

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from sessions.scheduling import parse_problem
from sessions.selectors.timetabling import (
    room_key,
    schedule_conflicts,
    session_key,
    timetable_problem_build,
)
from tests.factories import (
    DelegateFactory,
    InterpreterPoolFactory,
    SessionFactory,
    SessionRoleFactory,
)
from tests.sessions.support.timetabling import at, booth_teams, movable


def test_problem_holds_pins_people_and_languages(timetable_event, timetable_rooms):
    opening = SessionFactory(
        event=timetable_event,
        kind="opening",
        room=timetable_rooms["hall"],
        start=at(9),
        pinned=True,
        interpretation="full",
    )
    panel = movable(timetable_event, kind="high_level_panel", interpretation="full", capacity=300)
    speaker = DelegateFactory(delegation__event=timetable_event)
    SessionRoleFactory(session=panel, delegate=speaker)
    data = timetable_problem_build(timetable_event)
    parse_problem(data)
    by_id = {entry["id"]: entry for entry in data["sessions"]}
    assert by_id[session_key(opening.pk)]["pinned"] == {
        "room": room_key(timetable_rooms["hall"].pk),
        "start": "2025-10-25T09:00:00+07:00",
    }
    assert by_id[session_key(panel.pk)]["languages"] == ["ar", "zh", "en", "fr", "ru", "es"]
    assert by_id[session_key(panel.pk)]["attendance"] == 300
    assert by_id[session_key(panel.pk)]["people"] == [f"delegate-{speaker.pk}"]
    assert "high_level_panel" in by_id[session_key(opening.pk)]["not_parallel_with"]
    assert data["interpreter_teams"] is None  # no interpreters engaged: not limited


def test_problem_carries_the_booth_teams_per_language(timetable_event, timetable_rooms):
    booth_teams(timetable_event, 3)
    InterpreterPoolFactory(event=timetable_event, language="vi", interpreters=5, team_size=2)
    press = movable(timetable_event, interpretation="partial", languages=["vi", "en"])
    plain = movable(timetable_event, interpretation="none", languages=["fr"])
    data = timetable_problem_build(timetable_event)
    problem = parse_problem(data)
    assert data["interpreter_teams"] == {
        "ar": 3, "zh": 3, "en": 3, "fr": 3, "ru": 3, "es": 3, "vi": 2
    }  # fmt: skip
    by_id = {entry["id"]: entry for entry in data["sessions"]}
    assert by_id[session_key(press.pk)]["languages"] == ["vi", "en"]
    assert problem.session_by_id[session_key(press.pk)].interpreted_into == ("vi", "en")
    assert problem.session_by_id[session_key(plain.pk)].interpreted_into == ()


def test_problem_holds_a_sessions_window(timetable_event, timetable_rooms):
    side = movable(timetable_event, earliest_start=at(9), latest_end=at(10))
    free = movable(timetable_event)
    data = timetable_problem_build(timetable_event)
    parse_problem(data)
    by_id = {entry["id"]: entry for entry in data["sessions"]}
    assert by_id[session_key(side.pk)]["earliest"] == "2025-10-25T09:00:00+07:00"
    assert by_id[session_key(side.pk)]["latest"] == "2025-10-25T10:00:00+07:00"
    assert "earliest" not in by_id[session_key(free.pk)]


def test_pinned_session_outside_the_days_blocks_its_room_instead(timetable_event, timetable_rooms):
    before = SessionFactory(
        event=timetable_event,
        kind="press_conference",
        room=timetable_rooms["small"],
        start=at(10, day=date(2025, 10, 8)),
        pinned=True,
    )
    data = timetable_problem_build(timetable_event)
    assert session_key(before.pk) not in {entry["id"] for entry in data["sessions"]}
    small = next(
        room for room in data["rooms"] if room["id"] == room_key(timetable_rooms["small"].pk)
    )
    assert small["unavailable"] == [
        {"start": "2025-10-08T10:00:00+07:00", "end": "2025-10-08T11:00:00+07:00"}
    ]


def test_conflict_report_sees_hand_edits(timetable_event, timetable_rooms):
    speaker = DelegateFactory(delegation__event=timetable_event)
    first = SessionFactory(
        event=timetable_event, room=timetable_rooms["hall"], start=at(10), title="Panel A"
    )
    second = SessionFactory(
        event=timetable_event, room=timetable_rooms["small"], start=at(10, 30), title="Panel B"
    )
    for session in (first, second):
        SessionRoleFactory(session=session, delegate=speaker)
    conflicts = schedule_conflicts(timetable_event)
    assert any("Panel A" in line and "Panel B" in line for line in conflicts), conflicts


def test_a_move_that_double_books_delegates_is_reported(
    timetable_event, timetable_rooms, organiser_client
):

    from sessions.selectors.timetabling import registration_clashes
    from tests.factories import SessionRegistrationFactory

    first = SessionFactory(
        event=timetable_event, room=timetable_rooms["hall"], start=at(10), title="Morning panel"
    )
    second = SessionFactory(
        event=timetable_event, room=timetable_rooms["small"], start=at(12), title="Side event"
    )
    delegate = DelegateFactory(delegation__event=timetable_event, family_name="Tran")
    for session in (first, second):
        SessionRegistrationFactory(session=session, delegate=delegate)
    assert registration_clashes(timetable_event) == []
    second.start = at(10, 30)
    second.save()
    (clash,) = registration_clashes(timetable_event)
    assert "TRAN" in clash and "Morning panel" in clash and "Side event" in clash
    response = organiser_client.post(
        reverse("admin:ceremony_event_changelist"),
        {"action": "programme_check", ACTION_CHECKBOX_NAME: [timetable_event.pk]},
        follow=True,
    )
    assert "which overlap" in response.content.decode()
