"""When not everything fits: the placed sessions keep every rule, the others say what blocks them;
and pinned sessions that break a rule between themselves make the problem infeasible."""

from __future__ import annotations

from .builders import at, build, room, session, solved

WHOLE_MORNING = 180


def reasons_for(solution, session_id: str) -> list[str]:
    return list(next(item.reasons for item in solution.unplaced if item.session == session_id))


def test_no_room_large_enough():
    problem = build(
        [room("room-a", capacity=300)], [session("plenary", attendance=900), session("talk")]
    )

    solution = solved(problem)

    assert solution.status == "partial"
    assert [item.session for item in solution.assignments] == ["talk"]
    assert reasons_for(solution, "plenary") == ["no room with capacity >= 900"]


def test_no_room_with_the_booths():
    problem = build(
        [room("room-a", booths=2), room("room-b", capacity=20, booths=6)],
        [session("roundtable", languages=6), session("panel", languages=6, rooms=["room-a"])],
    )

    solution = solved(problem)

    assert reasons_for(solution, "roundtable") == ["no room with capacity >= 50 and 6 booths"]
    assert reasons_for(solution, "panel") == ["no room with 6 booths among its rooms (room-a)"]


def test_a_window_that_cannot_hold_the_session():
    problem = build([room("room-a")], [session("talk", minutes=90, earliest=at("11:00"))])

    (reason,) = reasons_for(solved(problem), "talk")

    assert reason.startswith("outside its time window")
    assert "90 minutes" in reason and "from 2025-10-25 11:00" in reason


def test_too_long_for_any_day():
    problem = build([room("room-a")], [session("exhibition", minutes=600)])

    (reason,) = reasons_for(solved(problem), "exhibition")

    assert "within a day's opening hours" in reason


def test_every_start_overlaps_a_session_sharing_a_person():
    problem = build(
        [room("hall", capacity=3000), room("room-a")],
        [
            session(
                "plenary",
                minutes=WHOLE_MORNING,
                people=["unodc-ed"],
                pinned={"room": "hall", "start": at("09:00")},
            ),
            session("briefing", people=["unodc-ed"]),
        ],
    )

    solution = solved(problem)

    assert solution.status == "partial"
    (reason,) = reasons_for(solution, "briefing")
    assert reason == "overlaps sessions sharing person 'unodc-ed': 'plenary' (every place)"


def test_interpreter_teams_all_busy():
    problem = build(
        [room("hall", capacity=3000, booths=6), room("room-a", booths=6)],
        [
            session(
                "plenary",
                minutes=WHOLE_MORNING,
                languages=6,
                pinned={"room": "hall", "start": at("09:00")},
            ),
            session("roundtable", languages=6),
        ],
        interpreter_teams=1,
    )

    (reason,) = reasons_for(solved(problem), "roundtable")

    assert reason == (
        "Arabic, Chinese, English, French, Russian and Spanish interpreter teams all busy"
        " with 'plenary' (every place)"
    )


def test_not_parallel_with_the_signing():
    problem = build(
        [room("hall", capacity=3000), room("room-a")],
        [
            session(
                "signing",
                kind="signing",
                minutes=WHOLE_MORNING,
                pinned={"room": "hall", "start": at("09:00")},
            ),
            session("side-event", kind="side_event", not_parallel_with=["signing"]),
        ],
    )

    (reason,) = reasons_for(solved(problem), "side-event")

    assert reason == "not_parallel_with 'signing' (every place)"


def test_rules_blocking_some_places_are_each_counted():
    from_half_past_ten = [{"start": at("10:30"), "end": at("12:00")}]
    problem = build(
        [room("room-a"), room("room-b"), room("room-c", unavailable=from_half_past_ten)],
        [
            session("seminar", minutes=180, pinned={"room": "room-a", "start": at("09:00")}),
            session("lecture", minutes=90, pinned={"room": "room-b", "start": at("10:30")}),
            session(
                "workshop",
                minutes=90,
                people=["vnm-head"],
                pinned={"room": "room-c", "start": at("09:00")},
            ),
            session("briefing", people=["vnm-head"]),
        ],
    )

    reasons = reasons_for(solved(problem), "briefing")

    assert reasons == [
        "overlaps sessions sharing person 'vnm-head': 'workshop' (15 of 21 places)",
        "room 'room-a' is taken by 'seminar' (9 of 21 places)",
        "room 'room-b' is taken by 'lecture' (6 of 21 places)",
        "room 'room-c' is taken by 'workshop' (3 of 21 places)",
    ]


def test_the_placed_sessions_keep_every_rule_when_some_do_not_fit():
    sessions = [session(f"talk-{number}", people=["unodc-ed"]) for number in range(1, 6)]
    problem = build([room("room-a"), room("room-b")], sessions)

    solution = solved(problem)

    assert solution.status == "partial"
    assert len(solution.assignments) == 3
    assert len(solution.unplaced) == 2


def test_pinned_sessions_in_one_room_at_once_make_it_infeasible():
    problem = build(
        [room("hall", capacity=3000), room("room-a")],
        [
            session(
                "opening", kind="opening", minutes=90, pinned={"room": "hall", "start": at("09:00")}
            ),
            session("signing", kind="signing", pinned={"room": "hall", "start": at("10:00")}),
            session("talk"),
        ],
    )

    solution = solved(problem)

    assert solution.status == "infeasible"
    assert solution.assignments == ()
    assert [item.session for item in solution.unplaced] == ["opening", "signing"]
    assert "room 'hall'" in solution.unplaced[0].reasons[0]
    assert "'opening'" in solution.unplaced[1].reasons[0]


def test_a_pinned_session_breaking_a_rule_alone_is_named():
    problem = build(
        [room("room-a", capacity=40)],
        [session("plenary", attendance=900, pinned={"room": "room-a", "start": at("09:00")})],
    )

    solution = solved(problem)

    assert solution.status == "infeasible"
    (item,) = solution.unplaced
    assert item.session == "plenary"
    assert item.reasons == ("'plenary' expects 900 people but 'room-a' seats 40",)


def test_the_json_answer_lists_reasons_and_counts():
    problem = build(
        [room("room-a", capacity=300)], [session("plenary", attendance=900), session("talk")]
    )

    answer = solved(problem).to_json(problem)

    assert answer["status"] == "partial"
    assert answer["unplaced"] == [
        {"session": "plenary", "reasons": ["no room with capacity >= 900"]}
    ]
    assert answer["assignments"] == [
        {"session": "talk", "room": "room-a", "start": at("09:00"), "end": at("10:00")}
    ]
    assert answer["stats"]["sessions"] == 2 and answer["stats"]["placed"] == 1
