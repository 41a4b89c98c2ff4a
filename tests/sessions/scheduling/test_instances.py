"""Whole problems: the Hanoi programme and medium instances feasible by construction."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from sessions.scheduling import parse_problem
from sessions.scheduling.candidates import session_places
from sessions.scheduling.costs import SoftCosts
from sessions.scheduling.examples import hanoi_programme, packed_problem, slotted_problem
from sessions.scheduling.model import IntervalModel, SlotModel, build_model

from .builders import solved


def test_the_hanoi_programme_is_placed_whole_around_its_ceremonies():
    problem = parse_problem(hanoi_programme())

    solution = solved(problem, time_limit=10)

    assert solution.status == "complete"
    assert len(solution.assignments) == len(problem.sessions) == 62
    opening = next(item for item in solution.assignments if item.session == "opening")
    assert problem.isoformat(opening.start) == "2025-10-25T09:00:00+07:00"


@pytest.mark.parametrize("seed", [1, 2])
def test_a_medium_slot_problem_with_every_slot_filled_is_complete(seed):
    problem = parse_problem(slotted_problem(rooms=6, days=2, slots_per_day=5, seed=seed))

    solution = solved(problem, time_limit=4)

    assert len(problem.sessions) == 60
    assert solution.status == "complete"


def test_a_medium_packed_problem_is_complete():
    problem = parse_problem(packed_problem(sessions=80, rooms=8, days=2, seed=3))

    solution = solved(problem, time_limit=4)

    assert solution.status == "complete"


@pytest.mark.parametrize(
    ("data", "formulation"),
    [
        (hanoi_programme(), IntervalModel),
        (slotted_problem(rooms=4, days=1, slots_per_day=6, seed=5), SlotModel),
    ],
)
def test_the_models_count_the_objective_as_the_cost_function_does(data, formulation):
    """Otherwise the solver would keep the wrong one of two timetables."""
    problem = parse_problem(data)
    places = session_places(problem)
    costs = SoftCosts(problem, places)
    model = build_model(problem, places, costs)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 5
    solver.parameters.num_workers = 2

    status = solver.solve(model.model)

    assert isinstance(model, formulation)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert solver.objective_value == costs.total(model.assignments(solver))
