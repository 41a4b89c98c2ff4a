"""Each hard rule, twice: the solver keeps it where breaking it would be easier, and the checker
reports a hand-made programme that breaks it."""

from __future__ import annotations

from sessions.scheduling import parse_assignments, violations

from .builders import at, build, clock_of, placed, room, room_of, session, solved


def test_one_session_per_room_with_its_turnover_after_each():
    problem = build(
        [room("room-a", turnover_minutes=15)],
        [session("first"), session("second")],
        days=[{"date": "2025-10-25", "open": "09:00", "close": "11:15"}],
    )

    solution = solved(problem)

    assert solution.status == "complete"
    assert sorted(clock_of(problem, solution, s) for s in ("first", "second")) == ["09:00", "10:15"]
    bad = [
        placed(problem, "first", "room-a", "09:00"),
        placed(problem, "second", "room-a", "10:00"),
    ]
    (message,) = violations(problem, bad)
    assert "room 'room-a'" in message and "15 minutes' turnover" in message


def test_attendance_fits_the_room():
    problem = build(
        [room("small", capacity=40), room("hall", capacity=500)], [session("talk", attendance=120)]
    )

    assert room_of(solved(problem), "talk") == "hall"
    (message,) = violations(problem, [placed(problem, "talk", "small", "09:00")])
    assert "expects 120 people but 'small' seats 40" in message


def test_interpretation_needs_a_booth_per_language():
    problem = build(
        [room("plain", capacity=900), room("equipped", capacity=300, booths=6)],
        [session("panel", attendance=200, languages=6)],
    )

    assert room_of(solved(problem), "panel") == "equipped"
    (message,) = violations(problem, [placed(problem, "panel", "plain", "09:00")])
    assert "needs 6 interpretation booths" in message


def test_a_single_language_needs_no_booth():
    problem = build([room("plain")], [session("talk", languages=1)])

    assert violations(problem, [placed(problem, "talk", "plain", "09:00")]) == []


def test_rooms_are_closed_when_unavailable():
    closed = [{"start": at("09:00"), "end": at("10:30")}]
    problem = build([room("room-a", unavailable=closed)], [session("talk")])

    assert clock_of(problem, solved(problem), "talk") >= "10:30"
    (message,) = violations(problem, [placed(problem, "talk", "room-a", "10:00")])
    assert "'room-a' is unavailable" in message


def test_a_person_is_in_one_session_at_a_time():
    problem = build(
        [room("room-a"), room("room-b")],
        [session("panel", people=["un-sg"]), session("roundtable", people=["un-sg", "vnm-head"])],
        days=[{"date": "2025-10-25", "open": "09:00", "close": "11:00"}],
    )

    solution = solved(problem)

    assert solution.status == "complete"
    assert clock_of(problem, solution, "panel") != clock_of(problem, solution, "roundtable")
    bad = [
        placed(problem, "panel", "room-a", "09:00"),
        placed(problem, "roundtable", "room-b", "09:30"),
    ]
    (message,) = violations(problem, bad)
    assert "person 'un-sg' is in both" in message


def test_no_more_six_language_sessions_at_once_than_interpreter_teams():
    equipped = [room(f"room-{letter}", booths=6) for letter in "abc"]
    sessions = [session(f"panel-{number}", minutes=90, languages=6) for number in range(1, 4)]
    problem = build(equipped, sessions, interpreter_teams=2)

    solution = solved(problem)

    assert solution.status == "complete"
    starts = {clock_of(problem, solution, f"panel-{number}") for number in range(1, 4)}
    assert starts == {"09:00", "10:30"}
    bad = [
        placed(problem, f"panel-{n}", f"room-{letter}", "09:00")
        for n, letter in zip((1, 2, 3), "abc", strict=True)
    ]
    (message,) = violations(problem, bad)
    assert (
        "3 sessions interpreted into Arabic, Chinese, English, French, Russian and Spanish"
        " run at 2025-10-25 09:00" in message
    )
    assert message.endswith("but there are only 2 interpreter teams in each")


def test_a_session_keeps_to_its_rooms_list():
    problem = build(
        [room("room-a", capacity=60), room("room-b", capacity=300)],
        [session("talk", rooms=["room-b"])],
    )

    assert room_of(solved(problem), "talk") == "room-b"
    (message,) = violations(problem, [placed(problem, "talk", "room-a", "09:00")])
    assert "may only use rooms room-b, not 'room-a'" in message


def test_a_session_keeps_to_its_time_window():
    problem = build([room("room-a")], [session("talk", earliest=at("10:00"), latest=at("11:30"))])

    assert "10:00" <= clock_of(problem, solved(problem), "talk") <= "10:30"
    too_early, too_late = (
        placed(problem, "talk", "room-a", "09:00"),
        placed(problem, "talk", "room-a", "11:00"),
    )
    assert "starts before its earliest 2025-10-25 10:00" in violations(problem, [too_early])[0]
    assert "ends after its latest 2025-10-25 11:30" in violations(problem, [too_late])[0]


def test_not_parallel_with_a_session_or_a_whole_kind():
    problem = build(
        [room("hall", capacity=3000), room("room-a"), room("room-b")],
        [
            session(
                "signing",
                kind="signing",
                minutes=120,
                pinned={"room": "hall", "start": at("09:00")},
            ),
            session("side-event-1", kind="side_event", not_parallel_with=["signing"]),
            session("side-event-2", kind="side_event"),
            session("briefing", not_parallel_with=["side-event-2"]),
        ],
        days=[{"date": "2025-10-25", "open": "09:00", "close": "13:00"}],
    )

    solution = solved(problem)

    assert solution.status == "complete"
    assert clock_of(problem, solution, "side-event-1") >= "11:00"
    bad = [
        placed(problem, "signing", "hall", "09:00"),
        placed(problem, "side-event-1", "room-a", "10:00"),
        placed(problem, "side-event-2", "room-b", "11:00"),
        placed(problem, "briefing", "room-a", "11:30"),
    ]
    messages = violations(problem, bad)
    assert len(messages) == 2
    assert all("against not_parallel_with" in message for message in messages)


def test_a_kind_keeps_every_session_of_it_apart():
    problem = build(
        [room("hall", capacity=3000), room("room-a"), room("room-b")],
        [
            session("opening", kind="opening", not_parallel_with=["side_event"]),
            session("side-event-1", kind="side_event"),
            session("side-event-2", kind="side_event"),
        ],
        days=[{"date": "2025-10-25", "open": "09:00", "close": "11:00"}],
    )

    solution = solved(problem)

    assert solution.status == "complete"
    opening = clock_of(problem, solution, "opening")
    assert all(clock_of(problem, solution, s) != opening for s in ("side-event-1", "side-event-2"))


def test_pinned_sessions_stay_exactly_where_pinned():
    problem = build(
        [room("room-a", capacity=500), room("room-b", capacity=60)],
        [session("opening", attendance=50, pinned={"room": "room-a", "start": at("10:15")})],
    )

    solution = solved(problem)

    assert (room_of(solution, "opening"), clock_of(problem, solution, "opening")) == (
        "room-a",
        "10:15",
    )
    (message,) = violations(problem, [placed(problem, "opening", "room-b", "10:15")])
    assert "is pinned to 'room-a' at 2025-10-25 10:15" in message


def test_a_pin_may_be_off_the_grid_but_not_outside_the_day():
    problem = build(
        [room("room-a")], [session("opening", pinned={"room": "room-a", "start": at("09:05")})]
    )

    assert violations(problem, [placed(problem, "opening", "room-a", "09:05")]) == []
    moved = violations(problem, [placed(problem, "opening", "room-a", "10:00")])
    assert moved == [
        "'opening' is pinned to 'room-a' at 2025-10-25 09:05"
        " but placed in 'room-a' at 2025-10-25 10:00"
    ]
    late = build(
        [room("room-a")], [session("opening", pinned={"room": "room-a", "start": at("11:30")})]
    )
    (message,) = violations(late, [placed(late, "opening", "room-a", "11:30")])
    assert "outside every day's opening hours" in message


def test_sessions_stay_within_a_day_s_opening_hours():
    problem = build(
        [room("room-a")],
        [session("talk", minutes=90)],
        days=[
            {"date": "2025-10-25", "open": "09:00", "close": "10:00"},
            {"date": "2025-10-26", "open": "09:00", "close": "12:00"},
        ],
    )

    solution = solved(problem)

    assert problem.instant(solution.assignments[0].start).date().isoformat() == "2025-10-26"
    (message,) = violations(problem, [placed(problem, "talk", "room-a", "09:00")])
    assert "outside every day's opening hours" in message


def test_starts_keep_to_the_start_times_when_given():
    problem = build([room("room-a")], [session("talk")], start_times=[at("10:45")])

    assert clock_of(problem, solved(problem), "talk") == "10:45"
    (message,) = violations(problem, [placed(problem, "talk", "room-a", "09:00")])
    assert "not one of the start_times" in message


def test_starts_keep_to_the_grid_from_the_day_s_opening():
    problem = build(
        [room("room-a")],
        [session("talk")],
        granularity_minutes=60,
        days=[{"date": "2025-10-25", "open": "08:30", "close": "12:00"}],
    )

    assert clock_of(problem, solved(problem), "talk") in {"08:30", "09:30", "10:30"}
    (message,) = violations(problem, [placed(problem, "talk", "room-a", "09:00")])
    assert "not on the 60-minute grid" in message


def test_the_checker_reads_the_solution_format_and_reports_double_placement():
    problem = build([room("room-a"), room("room-b")], [session("talk")])
    assignments = [
        {"session": "talk", "room": "room-a", "start": at("09:00")},
        {"session": "talk", "room": "room-b", "start": at("10:00"), "end": at("11:00")},
    ]

    assert violations(problem, assignments) == ["'talk' is placed more than once"]
    assert len(parse_assignments(problem, assignments)) == 2
