"""A malformed problem is refused with a ProblemError naming the field, never half-read."""

from __future__ import annotations

import pytest

from sessions.scheduling import ProblemError, parse_problem

from .builders import at, problem_data, room, room_of, session, solved


def valid() -> dict:
    return problem_data(
        [room("room-a"), room("room-b", unavailable=[{"start": at("11:00"), "end": at("12:00")}])],
        [
            session("opening", kind="opening", pinned={"room": "room-a", "start": at("09:00")}),
            session("panel", people=["un-sg"], rooms=["room-b"], not_parallel_with=["opening"]),
        ],
    )


def test_a_valid_problem_is_read_in_minutes_from_the_first_opening():
    problem = parse_problem(valid())

    assert problem.days[0].open == 0
    assert problem.days[0].close == 180
    assert problem.session_by_id["opening"].pinned.start == 0
    assert problem.room_by_id["room-b"].unavailable[0].start == 120
    assert problem.isoformat(90) == "2025-10-25T10:30:00+07:00"


def test_instants_in_other_offsets_mean_the_same_moment():
    data = valid()
    data["sessions"][1]["earliest"] = "2025-10-25T03:00:00+01:00"  # 09:00 in Hanoi

    assert parse_problem(data).session_by_id["panel"].earliest == 0


def test_minutes_count_real_time_across_a_change_of_daylight_saving():
    data = valid()
    data["timezone"] = "Europe/Vienna"
    data["days"] = [
        {"date": "2025-10-25", "open": "09:00", "close": "18:00"},
        {"date": "2025-10-26", "open": "09:00", "close": "18:00"},
    ]
    data["sessions"][0]["pinned"]["start"] = "2025-10-26T09:00:00+01:00"

    problem = parse_problem(data)

    assert problem.days[1].open == 25 * 60
    assert problem.session_by_id["opening"].pinned.start == 25 * 60
    assert problem.isoformat(25 * 60) == "2025-10-26T09:00:00+01:00"


def test_optional_keys_may_be_null():
    data = valid()
    data["interpreter_teams"] = None
    data["sessions"][1]["rooms"] = None

    problem = parse_problem(data)

    assert problem.interpreter_teams is None
    assert problem.session_by_id["panel"].rooms is None


def change(path: str, value):
    """Set (or with value ``DELETE`` remove) the key at a dotted path with list indexes."""

    def apply(data: dict) -> dict:
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value
        return data

    return apply


DELETE = object()


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        (change("colour", "blue"), "colour", "unknown key"),
        (change("sessions.1.colour", "blue"), "sessions[1].colour", "unknown key"),
        (change("rooms.0.seats", 10), "rooms[0].seats", "unknown key"),
        (change("sessions.0.pinned.note", "x"), "sessions[0].pinned.note", "unknown key"),
        (change("timezone", DELETE), "timezone", "missing"),
        (change("rooms.1.capacity", DELETE), "rooms[1].capacity", "missing"),
        (change("sessions.1.languages", DELETE), "sessions[1].languages", "missing"),
        (change("days.0.close", DELETE), "days[0].close", "missing"),
        (change("sessions.1.earliest", "25/10/2025 09:00"), "sessions[1].earliest", "ISO 8601"),
        (change("sessions.1.latest", "2025-10-25T12:00:00"), "sessions[1].latest", "UTC offset"),
        (change("rooms.1.unavailable.0.end", "soon"), "rooms[1].unavailable[0].end", "ISO 8601"),
        (change("start_times", [at("09:00"), "nine"]), "start_times[1]", "ISO 8601"),
        (change("days.0.open", "9am"), "days[0].open", "time of day"),
        (change("days.0.date", "25-10-2025"), "days[0].date", "date"),
        (change("sessions.1.rooms", ["room-z"]), "sessions[1].rooms[0]", "unknown room"),
        (change("sessions.0.pinned.room", "room-z"), "sessions[0].pinned.room", "unknown room"),
        (change("sessions.1.id", "opening"), "sessions[1].id", "duplicate session"),
        (change("rooms.1.id", "room-a"), "rooms[1].id", "duplicate room"),
        (change("sessions.1.people", ["a", "a"]), "sessions[1].people[1]", "duplicate"),
        (change("sessions.1.not_parallel_with", ["gala"]), "sessions[1].not_parallel_with[0]", ""),
        (change("format", "timetable/2"), "format", "treaty-event-timetable/1"),
        (change("timezone", "Asia/Hanoi-ish"), "timezone", "unknown time zone"),
        (change("granularity_minutes", 0), "granularity_minutes", "at least 1"),
        (change("sessions.1.attendance", "many"), "sessions[1].attendance", "whole number"),
        (change("sessions.1.duration_minutes", True), "sessions[1].duration_minutes", "whole"),
        (change("rooms", {}), "rooms", "list"),
        (change("days", []), "days", "at least 1"),
        (
            change("previous", [{"session": "nope", "room": "room-a", "start": at("09:00")}]),
            "previous[0].session",
            "unknown session",
        ),
    ],
)
def test_each_fault_names_its_field(edit, field, words):
    with pytest.raises(ProblemError) as caught:
        parse_problem(edit(valid()))

    assert caught.value.field == field
    assert words in str(caught.value)


def test_a_problem_that_is_not_an_object_is_refused():
    with pytest.raises(ProblemError, match="JSON object"):
        parse_problem(["not", "a", "problem"])


@pytest.mark.parametrize("languages", [0, 1])
def test_a_session_without_interpretation_is_languages_0_or_1(languages):
    """A gala dinner needs no booth: it is placed in a room that has none."""
    data = problem_data(
        [room("banquet-hall", booths=0)], [session("gala", kind="gala_dinner", languages=languages)]
    )
    problem = parse_problem(data)
    assert problem.sessions[0].languages == languages
    assert room_of(solved(problem), "gala") == "banquet-hall"


def test_languages_below_0_is_refused_by_its_field():
    with pytest.raises(ProblemError) as caught:
        parse_problem(change("sessions.1.languages", -1)(valid()))
    assert caught.value.field == "sessions[1].languages"
    assert "at least 0" in str(caught.value)
