"""The optional ``previous`` key: a new proposal keeps sessions where the last release had them."""

from __future__ import annotations

from .builders import at, build, clock_of, room, room_of, session, solved


def rooms() -> list[dict]:
    return [room("room-a", capacity=120), room("room-b", capacity=150)]


def sessions() -> list[dict]:
    return [session(f"talk-{number}", attendance=100) for number in range(1, 4)]


def test_without_previous_the_solver_packs_by_its_own_costs():
    problem = build(rooms(), sessions())

    solution = solved(problem)

    assert {room_of(solution, f"talk-{n}") for n in range(1, 4)} == {"room-a"}


def test_sessions_stay_where_they_were_when_they_still_fit():
    previous = [
        {"session": "talk-1", "room": "room-b", "start": at("11:00")},
        {"session": "talk-2", "room": "room-b", "start": at("09:00")},
        {"session": "talk-3", "room": "room-a", "start": at("10:00")},
    ]
    problem = build(rooms(), sessions(), previous=previous)

    solution = solved(problem)

    kept = {
        item["session"]: (
            room_of(solution, item["session"]),
            clock_of(problem, solution, item["session"]),
        )
        for item in previous
    }
    assert kept == {
        "talk-1": ("room-b", "11:00"),
        "talk-2": ("room-b", "09:00"),
        "talk-3": ("room-a", "10:00"),
    }


def test_only_the_sessions_whose_place_is_gone_move():
    previous = [
        {"session": "talk-1", "room": "room-b", "start": at("09:00")},
        {"session": "talk-2", "room": "room-b", "start": at("10:00")},
    ]
    closed = [{"start": at("10:00"), "end": at("11:00")}]
    problem = build(
        [room("room-a", capacity=120), room("room-b", capacity=150, unavailable=closed)],
        sessions()[:2],
        previous=previous,
    )

    solution = solved(problem)

    assert (room_of(solution, "talk-1"), clock_of(problem, solution, "talk-1")) == (
        "room-b",
        "09:00",
    )
    assert (room_of(solution, "talk-2"), clock_of(problem, solution, "talk-2")) != (
        "room-b",
        "10:00",
    )
