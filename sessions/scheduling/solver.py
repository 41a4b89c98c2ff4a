"""Place sessions into rooms and times: greedy first, then CP-SAT, then a check.

The order of work, and why:

1. Pinned sessions are checked alone first. If they break a rule by themselves or between
   themselves, no timetable can be right: the answer is ``infeasible``, naming them.
2. Each session's static places are listed (``candidates.py``), so that the models hold only
   places that already keep the rules about the session itself.
3. A greedy pass (``greedy.py``) places the hardest sessions first, each at its cheapest free
   place, after putting sessions back where ``previous`` had them, then fits in the rest by
   moving sessions in their way. It is fast, keeps every rule, and gives CP-SAT a starting point
   (a solution hint). A local search then moves single sessions to cheaper free places and swaps
   pairs of sessions while that saves points: on the benchmarks it removes in one to five seconds
   more points than CP-SAT's optimisation removed in a minute from the greedy timetable.
4. If sessions are still out, CP-SAT first searches for a timetable that places them all, with
   no objective: on tightly packed problems this pure search finds complete timetables that an
   optimising search, busy trading soft costs, does not. Its run time varies much from one
   random seed to the next, so it runs as short attempts with new seeds and growing limits;
   the local search then improves the complete timetable.
5. CP-SAT then minimises the objective (``costs.py``: the count placed first, then wasted seats,
   crowding and changes from ``previous``) from the best timetable so far, until it proves the
   optimum or the time limit ends it; the best timetable found is kept.
6. Sessions still unplaced are tried once more at any free place; the result is verified with
   ``check.violations`` (a failure is a bug and raises :class:`SchedulingBug`), and each unplaced
   session is explained by the rules that block its places.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from .candidates import Places, session_places, static_reasons
from .check import placement_faults, violations
from .costs import SoftCosts
from .greedy import fill_free_places, improve_locally, place_greedily
from .model import TimetableModel, build_model
from .problem import Problem, languages_named
from .solution import (
    CANCELLED,
    COMPLETE,
    INFEASIBLE,
    OPTIMAL,
    PARTIAL,
    PINNED_CONFLICT,
    PLATEAU,
    TIME_LIMIT,
    Assignment,
    Progress,
    Solution,
    Unplaced,
)
from .timetable import Timetable

DEFAULT_TIME_LIMIT = 30.0
GREEDY_SHARE = 0.1
LOCAL_SEARCH_SHARE = 0.12
COMPLETION_SHARE = 0.8
FIRST_ATTEMPT_SHARE = 0.15
FIRST_ATTEMPT_SECONDS = 2.0
PLATEAU_FLOOR_SECONDS = 2.0
PLATEAU_STARTUP_FACTOR = 10.0
PLATEAU_FACTOR = 2.0
POLL_SECONDS = 0.05
PROGRESS_EVERY_SECONDS = 0.25
NOT_FOUND = "no solution found within the time limit"
MOST_REASONS = 6

logger = logging.getLogger(__name__)


class SchedulingBug(RuntimeError):
    """The solver built a timetable that breaks a hard rule; it is never returned."""


def plateau_seconds(improved_after: float, started_after: float = 0.0) -> float:
    """How long the optimisation waits for a better objective before it stops.

    ``improved_after`` is how long the optimisation took to find its best timetable so far,
    ``started_after`` how long the engine took, from its call, to CP-SAT's first timetable (the
    problem's size, in seconds of this machine). The wait is the longest of a floor, a multiple of
    the start-up, and a multiple of the time to the last improvement: a search that still improves
    late is given twice as long again, one that found its best at once stops soon. README.md beside
    this file ("When it stops") gives the measurements behind the constants.
    """
    return max(
        PLATEAU_FLOOR_SECONDS,
        PLATEAU_STARTUP_FACTOR * started_after,
        PLATEAU_FACTOR * improved_after,
    )


def solve(
    problem: Problem,
    time_limit: float = DEFAULT_TIME_LIMIT,
    *,
    workers: int = 2,
    seed: int = 0,
    on_progress: Callable[[Progress], object] | None = None,
    should_stop: Callable[[], bool] | None = None,
    stop_at_plateau: bool = True,
) -> Solution:
    """The best timetable found, returned when it is proven optimal or stops improving.

    ``time_limit`` is a ceiling: the engine returns earlier at a proven optimum, or when the
    objective has not improved for :func:`plateau_seconds` (unless ``stop_at_plateau`` is false,
    then it searches until the optimum or the ceiling). ``on_progress(Progress)`` is called at each
    stage and, at most four times a second, when the timetable improves; ``should_stop()`` is
    asked as often, and when it answers true the engine stops at once and returns the best
    timetable so far (``stopped="cancelled"``). Both are called in the caller's thread.

    ``infeasible`` when pinned sessions alone break a rule (they are listed with the rules, and
    nothing is placed); otherwise ``complete``, or ``partial`` with reasons for each session left
    out. Raises :class:`SchedulingBug` rather than return a timetable that breaks a hard rule.
    """
    run = _Run(problem, time_limit, on_progress, should_stop, stop_at_plateau)
    run.report("checking", force=True)
    conflicts = pinned_conflicts(problem)
    if conflicts:
        unplaced = tuple(Unplaced(session_id, tuple(reasons)) for session_id, reasons in conflicts)
        run.report("done", force=True)
        return Solution(INFEASIBLE, (), unplaced, run.elapsed(), stopped=PINNED_CONFLICT)

    places = session_places(problem)
    costs = SoftCosts(problem, places)
    run.offset = sum(
        costs.unplaced_points(session)
        for session in problem.sessions
        if not places[session.id].count
    )
    run.new_bound(static_bound(problem, places, costs))
    run.report("greedy", force=True)
    greedy_deadline = run.began + time_limit * GREEDY_SHARE
    best = place_greedily(problem, places, costs, deadline=greedy_deadline)
    run.improved(len(best), costs.total(best))
    run.report(force=True)
    logger.info(
        "greedy pass placed %d of %d sessions after %.2f s", len(best), run.total, run.elapsed()
    )
    if not run.cancelled():
        best = _improve_locally(problem, places, costs, best, run, time_limit, seed)
    if run.deadline - time.perf_counter() > 0 and not run.cancelled():
        best = _improve(problem, places, costs, best, run, workers, seed)
    if run.stopped is None:
        run.stopped = TIME_LIMIT

    timetable = Timetable(problem)
    for assignment in best:
        timetable.place(assignment)
    fill_free_places(problem, places, costs, timetable)
    assignments = tuple(timetable.placed.values())
    faults = violations(problem, assignments)
    if faults:
        raise SchedulingBug("; ".join(faults[:5]))
    unplaced = tuple(
        Unplaced(session.id, tuple(unplaced_reasons(problem, places[session.id], timetable)))
        for session in problem.sessions
        if session.id not in timetable.placed
    )
    objective = costs.total(assignments)
    bound = None if run.bound is None else min(run.bound, objective)
    if run.stopped == OPTIMAL:
        bound = objective
    with run.lock:
        run.placed, run.objective, run.bound = len(assignments), objective, bound
    run.report("done", force=True)
    return Solution(
        PARTIAL if unplaced else COMPLETE,
        assignments,
        unplaced,
        run.elapsed(),
        objective=objective,
        bound=bound,
        stopped=run.stopped,
    )


class _Run:
    """One call of :func:`solve`: its clock, its best figures and the caller's callbacks.

    CP-SAT's callbacks (in its own threads) only record figures under the lock; the caller's
    ``on_progress`` and ``should_stop`` are called from the thread that called :func:`solve`.
    """

    def __init__(
        self,
        problem: Problem,
        time_limit: float,
        on_progress: Callable[[Progress], object] | None,
        should_stop: Callable[[], bool] | None,
        stop_at_plateau: bool,
    ) -> None:
        self.began = time.perf_counter()
        self.deadline = self.began + time_limit
        self.total = len(problem.sessions)
        self.on_progress = on_progress
        self.should_stop = should_stop
        self.stop_at_plateau = stop_at_plateau
        self.offset = 0  # points of sessions with no place, which the CP-SAT models leave out
        self.lock = threading.Lock()
        self.stage = "checking"
        self.placed = 0
        self.objective: int | None = None
        self.bound: int | None = None
        self.stopped: str | None = None
        self.last_improvement = self.began
        self.search_began: float | None = None  # when the optimising CP-SAT search was called
        self.optimising_since: float | None = None
        self._sent: Progress | None = None
        self._sent_at = 0.0
        self._asked_at = 0.0

    def elapsed(self) -> float:
        return time.perf_counter() - self.began

    def improved(self, placed: int, objective: int | None) -> bool:
        """Record a timetable; whether it beats the best so far (a complete one always counts)."""
        with self.lock:
            if objective is not None and self.objective is not None and objective >= self.objective:
                return False
            self.placed = placed
            self.objective = objective
            self.last_improvement = time.perf_counter()
            return True

    def found_complete(self, placed: int) -> None:
        """A timetable of the completion stage, which counts sessions but no points."""
        with self.lock:
            self.placed = max(self.placed, placed)

    def optimisation_found(self) -> None:
        """CP-SAT's first timetable: the plateau is measured from here, not from its start-up."""
        with self.lock:
            if self.optimising_since is None:
                self.optimising_since = time.perf_counter()
                logger.info(
                    "CP-SAT's first timetable %.2f s after its call",
                    self.optimising_since - (self.search_began or self.began),
                )

    def new_bound(self, bound: int) -> None:
        with self.lock:
            if self.bound is None or bound > self.bound:
                self.bound = bound

    def report(self, stage: str | None = None, *, force: bool = False) -> None:
        """Tell the caller, at a new stage, or when the figures changed and enough time passed."""
        if stage is not None and stage != self.stage:
            self.stage = stage
            force = True
        if self.on_progress is None:
            return
        with self.lock:
            progress = Progress(
                self.stage, self.placed, self.total, self.objective, self.bound, self.elapsed()
            )
        now = time.perf_counter()
        unchanged = self._sent is not None and (
            (progress.stage, progress.placed, progress.objective, progress.bound)
            == (self._sent.stage, self._sent.placed, self._sent.objective, self._sent.bound)
        )
        if not force and (unchanged or now - self._sent_at < PROGRESS_EVERY_SECONDS):
            return
        self._sent, self._sent_at = progress, now
        self.on_progress(progress)

    def cancelled(self, *, often: bool = False) -> bool:
        """Whether the caller asked to stop: asked between stages, and ``often`` at most every
        ``PROGRESS_EVERY_SECONDS`` (``should_stop`` may cost a database query)."""
        if self.stopped == CANCELLED or self.should_stop is None:
            return self.stopped == CANCELLED
        now = time.perf_counter()
        if often and now - self._asked_at < PROGRESS_EVERY_SECONDS:
            return False
        self._asked_at = now
        if self.should_stop():
            self.stopped = CANCELLED
        return self.stopped == CANCELLED

    def on_plateau(self) -> bool:
        """Whether the optimisation has waited long enough for a better objective."""
        if not self.stop_at_plateau or self.optimising_since is None:
            return False
        with self.lock:
            if self.objective is None:
                return False
            improved_after = max(0.0, self.last_improvement - self.optimising_since)
            started_after = self.optimising_since - (self.search_began or self.began)
            waited = time.perf_counter() - max(self.last_improvement, self.optimising_since)
        return waited > plateau_seconds(improved_after, started_after)


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Records each timetable CP-SAT finds, in CP-SAT's thread; the caller is told later."""

    def __init__(self, run: _Run, model: TimetableModel, optimising: bool) -> None:
        super().__init__()
        self.run = run
        self.present = list(model.present.values())
        self.optimising = optimising

    def on_solution_callback(self) -> None:
        placed = sum(1 for literal in self.present if self.boolean_value(literal))
        if not self.optimising:
            self.run.found_complete(placed)
            return
        self.run.optimisation_found()
        self.run.new_bound(round(self.best_objective_bound) + self.run.offset)
        self.run.improved(placed, round(self.objective_value) + self.run.offset)


def _improve(
    problem: Problem,
    places: dict[str, Places],
    costs: SoftCosts,
    best: list[Assignment],
    run: _Run,
    workers: int,
    seed: int,
) -> list[Assignment]:
    """CP-SAT's part: complete the timetable if it can, then minimise the objective."""
    model = build_model(problem, places, costs)
    model.hint(best)
    logger.info("%s built, %.1f s left", type(model).__name__, run.deadline - time.perf_counter())
    placeable = sum(1 for session_places_ in places.values() if session_places_.count)
    if len(best) < placeable:
        run.report("completing", force=True)
        time_limit = (run.deadline - time.perf_counter()) * COMPLETION_SHARE
        complete = _complete(model, time_limit, run, workers, seed)
        logger.info(
            "complete timetable %s, %.1f s left",
            "found" if complete is not None else "not found",
            run.deadline - time.perf_counter(),
        )
        if complete is not None:
            limit = run.deadline - run.began
            best = _improve_locally(problem, places, costs, complete, run, limit, seed)
            model.hint(best)
        run.improved(len(best), costs.total(best))
    if run.cancelled():
        return best
    run.report("optimising", force=True)
    run.search_began = time.perf_counter()
    optimised, status = _search(
        model, model.model, run.deadline - time.perf_counter(), run, workers, seed, optimising=True
    )
    if status == cp_model.OPTIMAL:
        run.stopped = OPTIMAL
    if optimised is not None and costs.total(optimised) < costs.total(best):
        best = optimised
    logger.info("objective %d points, stopped: %s", costs.total(best), run.stopped or TIME_LIMIT)
    return best


def _improve_locally(
    problem: Problem,
    places: dict[str, Places],
    costs: SoftCosts,
    best: list[Assignment],
    run: _Run,
    time_limit: float,
    seed: int,
) -> list[Assignment]:
    """The timetable after the local search's moves and swaps (``greedy.py``)."""
    deadline = min(run.deadline, time.perf_counter() + time_limit * LOCAL_SEARCH_SHARE)
    improved = improve_locally(
        problem,
        places,
        costs,
        best,
        deadline,
        kicks=True,
        seed=seed,
        should_stop=lambda: run.cancelled(often=True),
        bound=run.bound,
    )
    if run.improved(len(improved), costs.total(improved)):
        best = improved
    run.report(force=True)
    logger.info("local search: %d points after %.2f s", costs.total(best), run.elapsed())
    return best


def _complete(
    model: TimetableModel, time_limit: float, run: _Run, workers: int, seed: int
) -> list[Assignment] | None:
    """A timetable placing every session that has a place, by attempts of growing length."""
    deadline = time.perf_counter() + time_limit
    attempt_limit = max(FIRST_ATTEMPT_SECONDS, FIRST_ATTEMPT_SHARE * time_limit)
    everything = model.require_all_placed()
    attempt = 0
    while (left := deadline - time.perf_counter()) > 0 and not run.cancelled():
        # Every other attempt also puts the at-most-one constraints in the LP relaxation: on
        # some problems that finds complete timetables sooner, on others later.
        found, status = _search(
            model,
            everything,
            min(attempt_limit, left),
            run,
            workers,
            seed + attempt,
            linearization_level=1 + attempt % 2,
        )
        if found is not None or status == cp_model.INFEASIBLE:
            return found
        attempt_limit *= 1.5
        attempt += 1
    return None


def _search(
    model: TimetableModel,
    proto: cp_model.CpModel,
    time_limit: float,
    run: _Run,
    workers: int,
    seed: int,
    linearization_level: int = 1,
    *,
    optimising: bool = False,
) -> tuple[list[Assignment] | None, int]:
    """One CP-SAT search, in a thread of its own while this one tells the caller and listens.

    The search is stopped when the caller cancels, or, when ``optimising``, at a plateau.
    """
    if time_limit <= 0.05:
        return None, cp_model.UNKNOWN
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = linearization_level
    # Probing in presolve costs seconds on these models and pays back little (measured).
    solver.parameters.cp_model_probing_level = 0
    if optimising:
        solver.best_bound_callback = lambda bound: run.new_bound(round(bound) + run.offset)
    watcher = _Watcher(run, model, optimising)
    outcome: dict[str, object] = {}

    def search() -> None:
        try:
            outcome["status"] = solver.solve(proto, watcher)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=search, name="cp-sat", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(POLL_SECONDS)
            if run.cancelled(often=True) or (optimising and run.on_plateau()):
                if run.stopped is None:
                    run.stopped = PLATEAU
                solver.stop_search()
            run.report()
    finally:
        while thread.is_alive():
            solver.stop_search()
            thread.join(POLL_SECONDS)
    if "error" in outcome:
        raise outcome["error"]
    status = outcome["status"]
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, status
    return model.assignments(solver), status


def static_bound(problem: Problem, places: dict[str, Places], costs: SoftCosts) -> int:
    """A lower bound of the objective known before any search: each session at its least waste.

    A session left out costs more than any room wastes, and the other soft costs are never
    negative. CP-SAT's own bound can be weaker than this on the interval model (its presolved
    objective's trivial bound is negative there), so the engine reports the better of the two.
    """
    bound = 0
    for session in problem.sessions:
        rooms = [room_id for room_id, starts in places[session.id].starts_by_room.items() if starts]
        if rooms:
            bound += min(costs.waste[session.id, room_id] for room_id in rooms)
        else:
            bound += costs.unplaced_points(session)
    return bound


def pinned_conflicts(problem: Problem) -> list[tuple[str, list[str]]]:
    """Pinned sessions that break a rule alone or among themselves, with the rules they break."""
    faults: dict[str, list[str]] = defaultdict(list)
    pinned = [session for session in problem.sessions if session.pinned is not None]
    for session in pinned:
        room = problem.room_by_id[session.pinned.room]
        faults[session.id].extend(placement_faults(problem, session, room, session.pinned.start))
        without = problem.languages_without_teams(session)
        if without:
            faults[session.id].append(
                f"'{session.id}' needs {languages_named(without)} interpreters"
                " but interpreter_teams has none"
            )
    assignments = [Assignment(s.id, s.pinned.room, s.pinned.start) for s in pinned]
    for message in violations(problem, assignments):
        for session in pinned:
            if f"'{session.id}'" in message and message not in faults[session.id]:
                faults[session.id].append(message)
    return [(session.id, faults[session.id]) for session in pinned if faults[session.id]]


def unplaced_reasons(problem: Problem, places: Places, timetable: Timetable) -> list[str]:
    """Why a session has no place: the rules that empty its list, or what blocks its places.

    Each blocking rule is named with the sessions in the way and how many of the session's
    places it blocks, most blocking first; when some rules block every place, only those.
    """
    if not places.count:
        return static_reasons(problem, places.session)
    blocked: dict[tuple[str, str], int] = defaultdict(int)
    in_the_way: dict[tuple[str, str], set[str]] = defaultdict(set)
    free = 0
    for room_id, start in places:
        blockers = timetable.blockers(places.session, room_id, start)
        free += not blockers
        for rule, subject, owner in blockers:
            in_the_way[rule, subject].add(owner)
        for key in {(rule, subject) for rule, subject, _ in blockers}:
            blocked[key] += 1
    if free:
        return [f"{free} of its {places.count} possible places are free, but {NOT_FOUND}"]
    ranked = sorted(blocked.items(), key=lambda item: (-item[1], item[0]))
    if ranked[0][1] == places.count:
        # A rule that blocks every place explains enough; the partial ones would only be noise.
        ranked = [item for item in ranked if item[1] == places.count]
    reasons = []
    for (rule, subject), count in ranked[:MOST_REASONS]:
        share = "every place" if count == places.count else f"{count} of {places.count} places"
        owners = sorted(in_the_way[rule, subject])
        names = ", ".join(f"'{owner}'" for owner in owners[:4])
        names += f" and {len(owners) - 4} more" if len(owners) > 4 else ""
        if rule == "room":
            reasons.append(f"room '{subject}' is taken by {names} ({share})")
        elif rule == "person":
            reasons.append(f"overlaps sessions sharing person '{subject}': {names} ({share})")
        elif rule == "not_parallel_with":
            reasons.append(f"not_parallel_with {names} ({share})")
        else:
            reasons.append(f"{subject} interpreter teams all busy with {names} ({share})")
    if len(ranked) > MOST_REASONS:
        reasons.append(f"and {len(ranked) - MOST_REASONS} more blocking rules")
    return reasons
