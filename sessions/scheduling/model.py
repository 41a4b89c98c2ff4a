"""The timetable as a CP-SAT model, in two formulations that suit different problems.

Both give each session that has a place a presence literal, a start variable over its static
starts and a literal per allowed room; the objective (``costs.py``) and hints are shared.

- :class:`IntervalModel` (times on a fine grid, e.g. every 15 minutes): per allowed room an
  optional interval ``duration + turnover`` in that room's no-overlap; per session an optional
  interval of its duration in a no-overlap per person and per not-parallel pair, and in a
  cumulative per pool of languages (``Problem.team_pools``) bounded by its booth teams. Its size
  grows with sessions x rooms, not with the number of start times.
- :class:`SlotModel` (a few fixed ``start_times``): a literal per place ``(room, start)``, and for
  each room, person, not-parallel pair and team pool an at-most constraint at every moment
  where sessions could meet. Its linear relaxation is much stronger, which tightly packed slot
  timetables need: there CP-SAT finds complete timetables the interval model does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ortools.sat.python import cp_model
from ortools.util.python.sorted_interval_list import Domain

from .candidates import Places
from .costs import CROWDING_POINTS, MOVED_ROOM_POINTS, MOVED_START_POINTS, SPREAD_MINUTES, SoftCosts
from .problem import Problem, Session
from .solution import Assignment

SLOT_MODEL_MAX_PLACES = 200_000

Literal = cp_model.IntVar


def build_model(problem: Problem, places: dict[str, Places], costs: SoftCosts) -> TimetableModel:
    """The slot formulation for fixed start times (when not too large), else intervals."""
    total = sum(session_places.count for session_places in places.values())
    if problem.start_times is not None and total <= SLOT_MODEL_MAX_PLACES:
        return SlotModel(problem, places, costs)
    return IntervalModel(problem, places, costs)


class TimetableModel:
    """What both formulations share: variables per session, the objective, hints, answers."""

    def __init__(self, problem: Problem, places: dict[str, Places], costs: SoftCosts) -> None:
        self.problem = problem
        self.costs = costs
        self.model = cp_model.CpModel()
        self.present: dict[str, Literal] = {}
        self.start: dict[str, cp_model.IntVar] = {}
        self._start_values: dict[str, tuple[int, ...]] = {}
        self.room_choice: dict[str, dict[str, Literal]] = {}
        self._crowding: dict[tuple[str, str], tuple[Literal, Literal]] = {}
        objective = []
        for session in problem.sessions:
            if places[session.id].count:
                self._add_session(session, places[session.id])
                objective.append(costs.unplaced_points(session) * (1 - self.present[session.id]))
                objective.extend(
                    costs.waste[session.id, room_id] * chosen
                    for room_id, chosen in self.room_choice[session.id].items()
                )
        self._add_rules_between_sessions()
        for session_id, before in problem.previous:
            if session_id in self.present:
                objective.append(self._moved_points(session_id, before.room, before.start))
            else:
                objective.append(MOVED_START_POINTS + MOVED_ROOM_POINTS)
        for first, second in costs.sharing_pairs:
            if first in self.present and second in self.present and self._may_crowd(first, second):
                objective.append(CROWDING_POINTS * self._crowding_literal(first, second))
        self.model.minimize(sum(objective))

    def _add_session(self, session: Session, places: Places) -> None:
        raise NotImplementedError

    def _add_rules_between_sessions(self) -> None:
        raise NotImplementedError

    def _new_session_variables(
        self, session: Session, places: Places
    ) -> tuple[Literal, tuple[int, ...]]:
        """Presence (forced for a pinned session) and a start over all the session's starts."""
        present = self.model.new_bool_var(f"{session.id} placed")
        if session.pinned is not None:
            self.model.add(present == 1)
        starts = tuple(sorted({start for _, start in places}))
        self.present[session.id] = present
        self._start_values[session.id] = starts
        self.start[session.id] = self.model.new_int_var_from_domain(
            Domain.from_values(starts), f"{session.id} start"
        )
        return present, starts

    def require_all_placed(self) -> cp_model.CpModel:
        """A copy without objective where every session that has a place must be placed."""
        copy = self.model.clone()
        copy.clear_objective()
        for present in self.present.values():
            copy.add(copy.get_bool_var_from_proto_index(present.index) == 1)
        return copy

    def hint(self, assignments: Iterable[Assignment]) -> None:
        """Start the search from these assignments (replacing any earlier hint)."""
        placed = {assignment.session: assignment for assignment in assignments}
        values: dict[int, tuple[cp_model.IntVar, int]] = {}

        def suggest(variable: cp_model.IntVar, value: int) -> None:
            values[variable.index] = (variable, int(value))

        for session_id, present in self.present.items():
            assignment = placed.get(session_id)
            suggest(present, assignment is not None)
            if assignment is not None:
                suggest(self.start[session_id], assignment.start)
            for room_id, chosen in self.room_choice[session_id].items():
                suggest(chosen, assignment is not None and room_id == assignment.room)
            self._suggest_places(session_id, assignment, suggest)
        for (first, second), (crowded, first_first) in self._crowding.items():
            if first in placed and second in placed:
                suggest(crowded, self.costs.pair_crowded(placed[first], placed[second]))
                suggest(first_first, placed[first].start <= placed[second].start)
        self.model.clear_hints()
        for variable, value in values.values():
            self.model.add_hint(variable, value)

    def _suggest_places(self, session_id: str, assignment: Assignment | None, suggest) -> None:
        """Hints for a formulation's own variables."""

    def assignments(self, solver: cp_model.CpSolver) -> list[Assignment]:
        found = []
        for session_id, present in self.present.items():
            if solver.boolean_value(present):
                room_id = next(
                    room_id
                    for room_id, chosen in self.room_choice[session_id].items()
                    if solver.boolean_value(chosen)
                )
                found.append(Assignment(session_id, room_id, solver.value(self.start[session_id])))
        return found

    def _moved_points(self, session_id: str, room_id: str, start: int):
        kept_start = self.model.new_bool_var(f"{session_id} keeps its start")
        self.model.add(self.start[session_id] == start).only_enforce_if(kept_start)
        self.model.add_implication(kept_start, self.present[session_id])
        kept_room = self.room_choice[session_id].get(room_id, 0)
        return MOVED_START_POINTS * (1 - kept_start) + MOVED_ROOM_POINTS * (1 - kept_room)

    def _may_crowd(self, first: str, second: str) -> bool:
        def reach(session_id: str) -> tuple[int, int]:
            starts = self._start_values[session_id]
            return starts[0], starts[-1] + self.problem.session_by_id[session_id].duration_minutes

        first_from, first_to = reach(first)
        second_from, second_to = reach(second)
        return first_from < second_to + SPREAD_MINUTES and second_from < first_to + SPREAD_MINUTES

    def _crowding_literal(self, first: str, second: str) -> Literal:
        """True when both are placed less than SPREAD_MINUTES apart (the cost is paid then)."""
        model = self.model
        crowded = model.new_bool_var(f"{first} near {second}")
        first_first = model.new_bool_var(f"{first} before {second}")
        apart = [self.present[first], self.present[second], ~crowded]
        first_end = self.start[first] + self.problem.session_by_id[first].duration_minutes
        second_end = self.start[second] + self.problem.session_by_id[second].duration_minutes
        model.add(self.start[second] >= first_end + SPREAD_MINUTES).only_enforce_if(
            [*apart, first_first]
        )
        model.add(self.start[first] >= second_end + SPREAD_MINUTES).only_enforce_if(
            [*apart, ~first_first]
        )
        self._crowding[first, second] = (crowded, first_first)
        return crowded


class IntervalModel(TimetableModel):
    def __init__(self, problem: Problem, places: dict[str, Places], costs: SoftCosts) -> None:
        self._runs: dict[str, cp_model.IntervalVar] = {}
        self._room_intervals: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
        super().__init__(problem, places, costs)

    def _add_session(self, session: Session, places: Places) -> None:
        model = self.model
        present, every_start = self._new_session_variables(session, places)
        start = self.start[session.id]
        choice = {}
        for room_id, starts in places.starts_by_room.items():
            if len(places.starts_by_room) == 1:
                chosen = present
            else:
                chosen = model.new_bool_var(f"{session.id} in {room_id}")
            choice[room_id] = chosen
            if starts != every_start:
                model.add_linear_expression_in_domain(
                    start, Domain.from_values(starts)
                ).only_enforce_if(chosen)
            length = session.duration_minutes + self.problem.room_by_id[room_id].turnover_minutes
            self._room_intervals[room_id].append(
                model.new_optional_fixed_size_interval_var(
                    start, length, chosen, f"{session.id} in {room_id}"
                )
            )
        if len(choice) > 1:
            model.add(sum(choice.values()) == present)
        self.room_choice[session.id] = choice
        self._runs[session.id] = model.new_optional_fixed_size_interval_var(
            start, session.duration_minutes, present, f"{session.id} runs"
        )

    def _add_rules_between_sessions(self) -> None:
        model, problem, runs = self.model, self.problem, self._runs
        for intervals in self._room_intervals.values():
            if len(intervals) > 1:
                model.add_no_overlap(intervals)
        for sessions in _sessions_by_person(problem, runs).values():
            if len(sessions) > 1:
                model.add_no_overlap([runs[session_id] for session_id in sessions])
        for first, second in _not_parallel_pairs(problem, runs):
            model.add_no_overlap([runs[first], runs[second]])
        for pool in problem.team_pools:
            interpreted = [
                runs[s.id] for s in problem.sessions if s.id in pool.sessions and s.id in runs
            ]
            if len(interpreted) > pool.teams:
                model.add_cumulative(interpreted, [1] * len(interpreted), pool.teams)


class SlotModel(TimetableModel):
    def __init__(self, problem: Problem, places: dict[str, Places], costs: SoftCosts) -> None:
        self._places: dict[str, dict[tuple[str, int], Literal]] = {}
        self._starts: dict[str, dict[int, Literal]] = {}
        self._room_items: dict[str, list[tuple[int, int, Literal]]] = defaultdict(list)
        super().__init__(problem, places, costs)

    def _add_session(self, session: Session, places: Places) -> None:
        model = self.model
        present, _ = self._new_session_variables(session, places)
        if places.count == 1:
            at = dict.fromkeys(places, present)
        else:
            at = {
                (room_id, start): model.new_bool_var(f"{session.id} in {room_id} at {start}")
                for room_id, start in places
            }
            model.add(sum(at.values()) == present)
        self._places[session.id] = at
        self.room_choice[session.id] = _grouped(model, at, 0, f"{session.id} in")
        self._starts[session.id] = by_start = _grouped(model, at, 1, f"{session.id} at")
        model.add(
            self.start[session.id] == sum(start * literal for start, literal in by_start.items())
        ).only_enforce_if(present)
        for (room_id, start), literal in at.items():
            length = session.duration_minutes + self.problem.room_by_id[room_id].turnover_minutes
            self._room_items[room_id].append((start, start + length, literal))

    def _runs(self, session_id: str) -> list[tuple[int, int, Literal]]:
        duration = self.problem.session_by_id[session_id].duration_minutes
        return [
            (start, start + duration, literal)
            for start, literal in self._starts[session_id].items()
        ]

    def _add_rules_between_sessions(self) -> None:
        problem = self.problem
        for items in self._room_items.values():
            _at_most_at_every_moment(self.model, items, 1)
        for sessions in _sessions_by_person(problem, self._starts).values():
            if len(sessions) > 1:
                items = [item for session_id in sessions for item in self._runs(session_id)]
                _at_most_at_every_moment(self.model, items, 1)
        for first, second in _not_parallel_pairs(problem, self._starts):
            _at_most_at_every_moment(self.model, self._runs(first) + self._runs(second), 1)
        for pool in problem.team_pools:
            items = [
                item
                for session in problem.sessions
                if session.id in pool.sessions and session.id in self._starts
                for item in self._runs(session.id)
            ]
            _at_most_at_every_moment(self.model, items, pool.teams)

    def _suggest_places(self, session_id: str, assignment: Assignment | None, suggest) -> None:
        where = None if assignment is None else (assignment.room, assignment.start)
        for place, literal in self._places[session_id].items():
            suggest(literal, place == where)
        for start, literal in self._starts[session_id].items():
            suggest(literal, where is not None and where[1] == start)


def _grouped(
    model: cp_model.CpModel, at: dict[tuple[str, int], Literal], position: int, name: str
) -> dict:
    """One literal per room (position 0) or start (position 1): the sum of its places."""
    groups: dict = defaultdict(list)
    for place, literal in at.items():
        groups[place[position]].append(literal)
    result = {}
    for key, literals in groups.items():
        if len(literals) == 1:
            result[key] = literals[0]
        else:
            result[key] = model.new_bool_var(f"{name} {key}")
            model.add(result[key] == sum(literals))
    return result


def _at_most_at_every_moment(
    model: cp_model.CpModel, items: list[tuple[int, int, Literal]], capacity: int
) -> None:
    """At most ``capacity`` of the ``[start, end)`` items may run at any moment.

    The number running is highest at some item's start, so the starts are the moments to
    check; a moment's constraint is left out when the next moment's contains it.
    """
    items = sorted(items, key=lambda item: item[0])
    moments = sorted({start for start, _, _ in items})
    running: list[tuple[int, int, Literal]] = []
    waiting = 0
    for index, moment in enumerate(moments):
        running = [item for item in running if item[1] > moment]
        while waiting < len(items) and items[waiting][0] == moment:
            running.append(items[waiting])
            waiting += 1
        following = moments[index + 1] if index + 1 < len(moments) else None
        if len(running) <= capacity:
            continue
        if following is not None and all(end > following for _, end, _ in running):
            continue
        model.add(sum(literal for _, _, literal in running) <= capacity)


def _sessions_by_person(problem: Problem, modelled: dict) -> dict[str, list[str]]:
    by_person: dict[str, list[str]] = defaultdict(list)
    for session in problem.sessions:
        if session.id in modelled:
            for person in session.people:
                by_person[person].append(session.id)
    return by_person


def _not_parallel_pairs(problem: Problem, modelled: dict) -> list[tuple[str, str]]:
    return [
        (first, second)
        for first, others in problem.not_parallel.items()
        for second in sorted(others)
        if first < second and first in modelled and second in modelled
    ]
