"""The greedy pass's repair moves sessions out of the way, and undoes whole chains that fail."""

from __future__ import annotations

import time

from sessions.scheduling import violations
from sessions.scheduling.candidates import session_places
from sessions.scheduling.costs import SoftCosts
from sessions.scheduling.greedy import displace_to_fit, fill_free_places
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
