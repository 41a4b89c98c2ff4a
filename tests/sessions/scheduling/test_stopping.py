"""When the engine stops (an optimum, a plateau, the ceiling, the caller), and what it tells."""

from __future__ import annotations

import threading

import pytest

from sessions.scheduling import Progress, parse_problem, solve, violations
from sessions.scheduling import solver as engine
from sessions.scheduling.candidates import session_places
from sessions.scheduling.costs import SoftCosts
from sessions.scheduling.examples import slotted_problem
from sessions.scheduling.solution import STAGES

from .builders import at, build, room, session

CEILING = 120.0


def impatient(monkeypatch):
    """A plateau of half a second, so that the tests stop soon on any machine."""
    monkeypatch.setattr(engine, "PLATEAU_FLOOR_SECONDS", 0.5)
    monkeypatch.setattr(engine, "PLATEAU_STARTUP_FACTOR", 1.0)
    monkeypatch.setattr(engine, "PLATEAU_FACTOR", 0.5)


def grid():
    """60 sessions filling 6 rooms x 10 hourly slots: CP-SAT improves it but proves no optimum."""
    return parse_problem(slotted_problem(rooms=6, days=2, slots_per_day=5, seed=1))


def small():
    return build(
        [room("hall", 200), room("side", 60)],
        [session("plenary", attendance=180), session("workshop", attendance=40)],
    )


def test_a_small_problem_stops_at_its_proven_optimum_with_no_gap():
    problem = small()

    solution = solve(problem, time_limit=CEILING)

    assert solution.stopped == "optimal"
    assert solution.status == "complete"
    assert solution.bound == solution.objective
    assert solution.gap == 0


def test_a_search_that_stops_improving_stops_at_its_plateau(monkeypatch):
    impatient(monkeypatch)
    problem = grid()

    solution = solve(problem, time_limit=CEILING)

    assert solution.stopped == "plateau"
    assert solution.status == "complete"
    assert solution.seconds < CEILING / 2
    assert solution.bound <= solution.objective
    assert solution.gap > 0
    assert violations(problem, solution.assignments) == []


def test_without_the_plateau_stop_the_ceiling_ends_the_search(monkeypatch):
    impatient(monkeypatch)
    problem = grid()

    solution = solve(problem, time_limit=1.5, stop_at_plateau=False)

    assert solution.stopped == "time_limit"
    assert solution.status == "complete"


def test_the_plateau_wait_grows_with_the_time_the_last_improvement_took(monkeypatch):
    monkeypatch.setattr(engine, "PLATEAU_FLOOR_SECONDS", 2.0)
    monkeypatch.setattr(engine, "PLATEAU_STARTUP_FACTOR", 10.0)
    monkeypatch.setattr(engine, "PLATEAU_FACTOR", 1.5)

    assert engine.plateau_seconds(0.1, started_after=0.1) == 2.0
    assert engine.plateau_seconds(0.1, started_after=0.5) == 5.0
    assert engine.plateau_seconds(10.0, started_after=0.5) == 15.0


def test_should_stop_cancels_the_search_and_keeps_the_best_timetable_so_far():
    problem = grid()
    stages = []

    def should_stop():
        return "optimising" in stages

    solution = solve(
        problem,
        time_limit=CEILING,
        on_progress=lambda progress: stages.append(progress.stage),
        should_stop=should_stop,
        stop_at_plateau=False,
    )

    assert solution.stopped == "cancelled"
    assert solution.status == "complete"
    assert violations(problem, solution.assignments) == []
    assert stages[-1] == "done"


def test_a_caller_that_cancels_at_once_gets_the_greedy_timetable():
    problem = grid()

    solution = solve(problem, time_limit=CEILING, should_stop=lambda: True)

    assert solution.stopped == "cancelled"
    assert violations(problem, solution.assignments) == []
    assert solution.objective is not None


def test_progress_comes_stage_by_stage_with_an_improving_objective(monkeypatch):
    impatient(monkeypatch)
    problem = grid()
    reports: list[Progress] = []

    solution = solve(problem, time_limit=CEILING, on_progress=reports.append)

    stages = [report.stage for report in reports]
    assert stages[0] == "checking"
    assert stages[-1] == "done"
    assert [STAGES.index(stage) for stage in stages] == sorted(STAGES.index(s) for s in stages)
    assert "optimising" in stages
    objectives = [report.objective for report in reports if report.objective is not None]
    assert objectives == sorted(objectives, reverse=True)
    assert objectives[0] > objectives[-1]
    assert [report.elapsed for report in reports] == sorted(report.elapsed for report in reports)
    last = reports[-1]
    assert (last.placed, last.total) == (len(solution.assignments), len(problem.sessions))
    assert (last.objective, last.bound) == (solution.objective, solution.bound)
    assert all(r.bound is None or r.objective is None or r.bound <= r.objective for r in reports)


def test_progress_is_not_called_more_than_a_few_times_a_second(monkeypatch):
    impatient(monkeypatch)
    problem = grid()
    reports: list[Progress] = []

    solve(problem, time_limit=CEILING, on_progress=reports.append)

    improvements = [r for r in reports if r.stage == "optimising"][1:]
    gaps = [b.elapsed - a.elapsed for a, b in zip(improvements, improvements[1:], strict=False)]
    assert all(gap >= engine.PROGRESS_EVERY_SECONDS * 0.9 for gap in gaps)


def test_pinned_sessions_in_conflict_stop_before_any_search():
    problem = build(
        [room("hall", 200)],
        [
            session("opening", pinned={"room": "hall", "start": at("09:00")}),
            session("signing", pinned={"room": "hall", "start": at("09:30")}),
        ],
    )
    stages = []

    solution = solve(problem, on_progress=lambda progress: stages.append(progress.stage))

    assert solution.status == "infeasible"
    assert solution.stopped == "pinned_conflict"
    assert (solution.objective, solution.bound, solution.gap) == (None, None, None)
    assert stages == ["checking", "done"]


@pytest.mark.parametrize("problem_of", [small, grid])
def test_the_solution_json_says_how_the_search_ended(problem_of, monkeypatch):
    impatient(monkeypatch)
    problem = problem_of()

    solution = solve(problem, time_limit=CEILING)
    stats = solution.to_json(problem)["stats"]

    assert set(stats) >= {"seconds", "sessions", "placed", "objective", "bound", "gap", "stopped"}
    assert (stats["objective"], stats["bound"]) == (solution.objective, solution.bound)
    assert stats["stopped"] == solution.stopped
    assert 0 <= stats["gap"] < 1


def test_an_error_in_the_callers_progress_stops_the_search_and_reaches_the_caller():
    problem = grid()

    class Refused(Exception):
        pass

    def on_progress(progress):
        if progress.stage == "optimising" and progress.objective is not None:
            raise Refused

    with pytest.raises(Refused):
        solve(problem, time_limit=CEILING, on_progress=on_progress, stop_at_plateau=False)

    assert not [thread for thread in threading.enumerate() if thread.name == "cp-sat"]


def test_the_objective_is_the_timetables_points_and_the_bound_is_below_them(monkeypatch):
    impatient(monkeypatch)
    problem = grid()
    places = session_places(problem)
    costs = SoftCosts(problem, places)

    solution = solve(problem, time_limit=CEILING)

    assert solution.objective == costs.total(solution.assignments)
    assert engine.static_bound(problem, places, costs) <= solution.bound <= solution.objective
