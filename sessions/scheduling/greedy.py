"""A fast first timetable: hardest sessions first, each at its cheapest free place, then repair.

It keeps every hard rule by construction (the :class:`Timetable` is asked before each placement),
often places everything, and hands CP-SAT a complete or nearly complete starting point, which
:func:`improve_locally` first makes cheaper by moves and swaps.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from .candidates import Places
from .costs import CROWDING_POINTS, SoftCosts
from .problem import Problem, Session
from .solution import Assignment
from .timetable import Timetable

KICK_SWAPS = 3
KICK_PATIENCE_SECONDS = 0.25


def place_greedily(
    problem: Problem, places: dict[str, Places], costs: SoftCosts, deadline: float
) -> list[Assignment]:
    """Pinned sessions, then ``previous`` places still free, then the rest by difficulty.

    Sessions left over are then fitted in by moving others (until ``deadline``, a
    ``time.perf_counter()`` value).
    """
    timetable = Timetable(problem)
    for session in problem.sessions:
        if session.pinned is not None:
            timetable.place(Assignment(session.id, session.pinned.room, session.pinned.start))
    for session_id, before in problem.previous:
        session = problem.session_by_id[session_id]
        starts = places[session_id].starts_by_room.get(before.room, ())
        if (
            session_id not in timetable.placed
            and before.start in starts
            and timetable.can_place(session, before.room, before.start)
        ):
            timetable.place(Assignment(session_id, before.room, before.start))
    fill_free_places(problem, places, costs, timetable)
    displace_to_fit(problem, places, costs, timetable, deadline)
    return list(timetable.placed.values())


def fill_free_places(
    problem: Problem, places: dict[str, Places], costs: SoftCosts, timetable: Timetable
) -> None:
    """Place each waiting session, fewest places and largest first, where it costs least."""
    waiting = [
        session
        for session in problem.sessions
        if session.id not in timetable.placed and places[session.id].count
    ]
    waiting.sort(key=lambda s: (places[s.id].count, -s.attendance, -len(s.people), s.id))
    for session in waiting:
        choice = cheapest_free_place(places[session.id], costs, timetable)
        if choice is not None:
            timetable.place(choice)


def displace_to_fit(
    problem: Problem,
    places: dict[str, Places],
    costs: SoftCosts,
    timetable: Timetable,
    deadline: float,
    *,
    depth: int = 3,
    breadth: int = 8,
    most_displaced: int = 2,
) -> None:
    """Place waiting sessions by moving the few sessions in their way elsewhere.

    For a waiting session, try its places blocked by at most ``most_displaced`` unpinned sessions
    (fewest first, then those whose blockers have the most places of their own): take the
    blockers out, put the session in, and place each blocker again the same way, ``depth`` levels
    deep. A failed attempt is rolled back whole, chains below it included, so the timetable keeps
    every rule. A nearly full timetable leaves few free places, and such a chain often finds one.
    """

    def insert(session_id: str, levels: int, moving: frozenset[str]) -> bool:
        choice = cheapest_free_place(places[session_id], costs, timetable)
        if choice is not None:
            timetable.place(choice)
            return True
        if levels == 0 or time.perf_counter() > deadline:
            return False
        for room_id, start, blockers in displacements(session_id, moving)[:breadth]:
            mark = timetable.mark()
            for blocker in blockers:
                timetable.remove(blocker)
            timetable.place(Assignment(session_id, room_id, start))
            if all(insert(blocker, levels - 1, moving | set(blockers)) for blocker in blockers):
                return True
            timetable.roll_back(mark)
        return False

    def displacements(session_id: str, moving: frozenset[str]):
        session = problem.session_by_id[session_id]
        options = []
        for room_id, start in places[session_id]:
            blockers = {owner for _, _, owner in timetable.blockers(session, room_id, start)}
            if (
                len(blockers) <= most_displaced
                and not blockers & moving
                and all(problem.session_by_id[owner].pinned is None for owner in blockers)
            ):
                flexibility = sum(places[owner].count for owner in blockers)
                options.append((len(blockers), -flexibility, start, room_id, sorted(blockers)))
        options.sort()
        return [(room_id, start, blockers) for _, _, start, room_id, blockers in options]

    for session in problem.sessions:
        if session.id not in timetable.placed and places[session.id].count:
            insert(session.id, depth, frozenset({session.id}))


def cheapest_free_place(
    places: Places, costs: SoftCosts, timetable: Timetable
) -> Assignment | None:
    """The free place with the fewest soft points; ties go to the earliest start."""
    session = places.session
    best: tuple[int, int, str] | None = None
    start_points: dict[int, int | None] = {}
    for room_id, starts in places.starts_by_room.items():
        waste = costs.waste[session.id, room_id]
        if best is not None and waste > best[0]:
            continue
        for start in starts:
            if start not in start_points:
                start_points[start] = _start_points(session, start, costs, timetable)
            points = start_points[start]
            if points is None:
                continue
            total = waste + points + costs.moved_points(session.id, room_id, start)
            if best is not None and (total, start, room_id) >= best:
                continue
            if timetable.room_is_free(session, room_id, start):
                best = (total, start, room_id)
    return None if best is None else Assignment(session.id, best[2], best[1])


def _start_points(
    session: Session, start: int, costs: SoftCosts, timetable: Timetable
) -> int | None:
    """Crowding points of a start, or None when a person, a pair or the interpreters forbid it."""
    if not timetable.can_start(session, start):
        return None
    end = start + session.duration_minutes
    points = 0
    for partner_id in costs.partners.get(session.id, ()):
        partner = timetable.placed.get(partner_id)
        if partner is not None and costs.crowded(start, end, partner):
            points += CROWDING_POINTS
    return points


def improve_locally(
    problem: Problem,
    places: dict[str, Places],
    costs: SoftCosts,
    assignments: list[Assignment],
    deadline: float,
    *,
    kicks: bool = False,
    seed: int = 0,
    should_stop: Callable[[], bool] = lambda: False,
    bound: int | None = None,
) -> list[Assignment]:
    """Lower the soft points by moving one session to a cheaper free place, or swapping two.

    Every move keeps the count placed and every hard rule (the :class:`Timetable` is asked); a
    move is made only when it saves points, until none does. Then, with ``kicks``, a kick swaps
    ``KICK_SWAPS`` random pairs whatever their points and the moves resume around them; a kick
    that ends no better is undone (an iterated local search: it escapes the crowding that no
    single swap undoes). Kicks go on while they pay: until none has improved the timetable for as
    long as the search took to its best (at least ``KICK_PATIENCE_SECONDS``). It stops then, at
    ``deadline`` (a ``time.perf_counter()`` value), when ``should_stop()`` answers true, or when
    the points reach ``bound`` (nothing cheaper exists), with the best so far.
    Cheap trades like these take CP-SAT tens of seconds to find from the greedy timetable.
    """
    timetable = Timetable(problem)
    for assignment in assignments:
        timetable.place(assignment)
    movable = [
        session.id
        for session in problem.sessions
        if session.pinned is None and session.id in timetable.placed
    ]
    allowed = {
        session_id: {
            room_id: frozenset(starts)
            for room_id, starts in places[session_id].starts_by_room.items()
        }
        for session_id in movable
    }

    def points(session_id: str, room_id: str, start: int) -> int:
        """Points of a session here against the placed sessions (itself not among them)."""
        session = problem.session_by_id[session_id]
        end = start + session.duration_minutes
        total = costs.waste[session_id, room_id] + costs.moved_points(session_id, room_id, start)
        for partner_id in costs.partners.get(session_id, ()):
            partner = timetable.placed.get(partner_id)
            if partner is not None and costs.crowded(start, end, partner):
                total += CROWDING_POINTS
        return total

    def try_move(session_id: str) -> bool:
        here = timetable.placed[session_id]
        mark = timetable.mark()
        timetable.remove(session_id)
        before = points(session_id, here.room, here.start)
        choice = cheapest_free_place(places[session_id], costs, timetable)
        if choice is not None and points(session_id, choice.room, choice.start) < before:
            timetable.place(choice)
            return True
        timetable.roll_back(mark)
        return False

    def try_swap(first_id: str, second_id: str, *, force: bool = False) -> bool:
        first, second = timetable.placed[first_id], timetable.placed[second_id]
        if first.start not in allowed[second_id].get(first.room, ()) or second.start not in (
            allowed[first_id].get(second.room, ())
        ):
            return False
        mark = timetable.mark()
        timetable.remove(first_id)
        timetable.remove(second_id)
        before = points(first_id, first.room, first.start) + points(
            second_id, second.room, second.start
        )
        after = points(first_id, second.room, second.start) + points(
            second_id, first.room, first.start
        )
        if second_id in costs.partners.get(first_id, ()):
            moved_first = Assignment(first_id, second.room, second.start)
            moved_second = Assignment(second_id, first.room, first.start)
            before += CROWDING_POINTS * costs.pair_crowded(first, second)
            after += CROWDING_POINTS * costs.pair_crowded(moved_first, moved_second)
        if force or after < before:
            first_session = problem.session_by_id[first_id]
            second_session = problem.session_by_id[second_id]
            if timetable.can_place(first_session, second.room, second.start):
                timetable.place(Assignment(first_id, second.room, second.start))
                if timetable.can_place(second_session, first.room, first.start):
                    timetable.place(Assignment(second_id, first.room, first.start))
                    return True
        timetable.roll_back(mark)
        return False

    def try_pair(first_id: str, second_id: str) -> bool:
        """Take out two crowded partners and put each back at its cheapest free place."""
        first, second = timetable.placed[first_id], timetable.placed[second_id]
        if not costs.pair_crowded(first, second):
            return False
        mark = timetable.mark()
        timetable.remove(first_id)
        timetable.remove(second_id)
        before = (
            points(first_id, first.room, first.start)
            + points(second_id, second.room, second.start)
            + CROWDING_POINTS
        )
        for one, other in ((first_id, second_id), (second_id, first_id)):
            one_place = cheapest_free_place(places[one], costs, timetable)
            if one_place is not None:
                timetable.place(one_place)
                other_place = cheapest_free_place(places[other], costs, timetable)
                if other_place is not None:
                    after = points(one, one_place.room, one_place.start)
                    after += points(other, other_place.room, other_place.start)
                    if after < before:
                        timetable.place(other_place)
                        return True
            timetable.roll_back(mark)
            timetable.remove(first_id)
            timetable.remove(second_id)
        timetable.roll_back(mark)
        return False

    def over() -> bool:
        return time.perf_counter() > deadline or should_stop()

    def descend() -> None:
        improved = True
        while improved and not over():
            improved = False
            for index, first_id in enumerate(movable):
                if over():
                    break
                improved |= try_move(first_id)
                for second_id in movable[index + 1 :]:
                    improved |= try_swap(first_id, second_id)
            for first_id, second_id in costs.sharing_pairs:
                if first_id in pinned_free and second_id in pinned_free and not over():
                    improved |= try_pair(first_id, second_id)

    def descend_around(focus: set[str]) -> None:
        """The same moves, tried only for sessions whose points a change may have altered."""
        queue = [session_id for session_id in movable if session_id in focus]
        while queue and not over():
            first_id = queue.pop()
            changed = [first_id] if try_move(first_id) else []
            if not changed:
                for second_id in movable:
                    if second_id != first_id and try_swap(first_id, second_id):
                        changed = [first_id, second_id]
                        break
            for session_id in changed:
                queue.append(session_id)
                queue.extend(costs.partners.get(session_id, set()) & pinned_free)

    pinned_free = set(movable)
    began = time.perf_counter()
    descend()
    best = list(timetable.placed.values())
    best_points = costs.total(best)
    rng = random.Random(seed)
    improved_at = time.perf_counter()
    while kicks and len(movable) > 1 and not over() and (bound is None or best_points > bound):
        if time.perf_counter() - improved_at > max(KICK_PATIENCE_SECONDS, improved_at - began):
            break
        mark = timetable.mark()
        kicked: set[str] = set()
        for _ in range(50 * KICK_SWAPS):
            if len(kicked) == 2 * KICK_SWAPS:
                break
            first_id, second_id = rng.sample(movable, 2)
            if try_swap(first_id, second_id, force=True):
                kicked |= {first_id, second_id}
        focus = set(kicked)
        for session_id in kicked:
            focus |= costs.partners.get(session_id, set()) & pinned_free
        descend_around(focus)
        found = list(timetable.placed.values())
        found_points = costs.total(found)
        if found_points < best_points:
            best, best_points, improved_at = found, found_points, time.perf_counter()
        else:
            timetable.roll_back(mark)
    return best
