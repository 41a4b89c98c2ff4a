"""The greedy pass's repair moves sessions out of the way, and undoes whole chains that fail."""

from __future__ import annotations

import time

from sessions.scheduling import parse_problem, violations
from sessions.scheduling.candidates import session_places
from sessions.scheduling.costs import SoftCosts
from sessions.scheduling.examples import slotted_problem
from sessions.scheduling.greedy import (
    displace_to_fit,
    fill_free_places,
    improve_locally,
    place_greedily,
)
from sessions.scheduling.timetable import Timetable

from .builders import build, minute, placed, room, session


def test_a_session_in_the_way_is_moved_to_make_room():
    problem = build(
        [room("small", capacity=50), room("large", capacity=200)],
        [session("talk", attendance=40), session("plenary", attendance=150)],
        days=[{"date": "2025-10-25", "open": "09:00", "close": "10:00"}],
    )
    places = session_places(problem)
    timetable = Timetable(problem)
    timetable.place(placed(problem, "talk", "large", "09:00"))

    displace_to_fit(problem, places, SoftCosts(problem, places), timetable, time.perf_counter() + 5)

    assert {item.session: item.room for item in timetable.placed.values()} == {
        "talk": "small",
        "plenary": "large",
    }


def test_rolling_back_restores_every_move_since_the_mark():
    problem = build([room("room-a"), room("room-b")], [session("talk"), session("panel")])
    timetable = Timetable(problem)
    timetable.place(placed(problem, "talk", "room-a", "09:00"))
    before = dict(timetable.placed)
    mark = timetable.mark()

    timetable.remove("talk")
    timetable.place(placed(problem, "panel", "room-a", "09:00"))
    timetable.place(placed(problem, "talk", "room-b", "09:00"))
    timetable.roll_back(mark)

    assert timetable.placed == before
    assert timetable.can_place(problem.session_by_id["panel"], "room-a", minute(problem, "10:00"))
    assert not timetable.can_place(
        problem.session_by_id["panel"], "room-a", minute(problem, "09:30")
    )


def test_repair_never_leaves_a_broken_timetable():
    sessions = [session(f"talk-{n}", people=[f"p{n % 3}", f"q{n % 4}"]) for n in range(12)]
    problem = build([room("room-a"), room("room-b"), room("room-c")], sessions)
    places = session_places(problem)
    costs = SoftCosts(problem, places)
    timetable = Timetable(problem)
    fill_free_places(problem, places, costs, timetable)

    displace_to_fit(problem, places, costs, timetable, time.perf_counter() + 5)

    assert violations(problem, timetable.placed.values()) == []


def test_local_search_moves_a_session_to_a_free_room_that_fits_it_better():
    problem = build(
        [room("small", capacity=50), room("large", capacity=500)],
        [session("talk", attendance=40), session("plenary", attendance=450)],
    )
    places = session_places(problem)
    costs = SoftCosts(problem, places)
    wasteful = [
        placed(problem, "talk", "large", "09:00"),
        placed(problem, "plenary", "large", "10:00"),
    ]

    better = improve_locally(problem, places, costs, wasteful, time.perf_counter() + 5)

    assert {item.session: item.room for item in better} == {"talk": "small", "plenary": "large"}
    assert costs.total(better) < costs.total(wasteful)


def test_local_search_spreads_a_delegation_out_by_a_swap():
    problem = build(
        [room("room-a")],
        [
            session("first", people=["minister"]),
            session("second", people=["minister"]),
            session("other"),
        ],
        days=[{"date": "2025-10-25", "open": "09:00", "close": "12:00"}],
    )
    places = session_places(problem)
    costs = SoftCosts(problem, places)
    crowded = [
        placed(problem, "first", "room-a", "09:00"),
        placed(problem, "second", "room-a", "10:00"),
        placed(problem, "other", "room-a", "11:00"),
    ]

    better = improve_locally(problem, places, costs, crowded, time.perf_counter() + 5)

    assert costs.total(better) == costs.total(crowded) - 30
    assert violations(problem, better) == []


def test_local_search_keeps_every_session_and_rule_and_never_costs_more():
    problem = parse_problem(slotted_problem(rooms=6, days=2, slots_per_day=5, seed=1))
    places = session_places(problem)
    costs = SoftCosts(problem, places)
    first = place_greedily(problem, places, costs, time.perf_counter() + 5)

    better = improve_locally(problem, places, costs, first, time.perf_counter() + 5)

    assert len(better) == len(first)
    assert violations(problem, better) == []
    assert costs.total(better) <= costs.total(first)
