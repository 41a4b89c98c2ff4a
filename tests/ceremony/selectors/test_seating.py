"""Reads of the seating: row labels, the grid, and query counts that do not grow with rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ceremony.selectors.seating import (
    alphabetical_key,
    event_plans,
    plan_grid,
    row_label,
    seat_assignments_in_reach,
    seated_delegations,
)
from ceremony.services.seating import seating_draw, seating_plan_build
from delegations.models import Delegation
from tests.ceremony.support.seating import hall, organisation, state
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_rows_run_from_a_to_z_then_aa():
    assert [row_label(i) for i in (0, 25, 26, 27, 51, 52)] == ["A", "Z", "AA", "AB", "AZ", "BA"]


def test_accents_and_case_do_not_change_the_alphabetical_place():
    names = ["Cuba", "Côte d'Ivoire", "Croatia", "chad"]
    assert sorted(names, key=alphabetical_key) == ["chad", "Côte d'Ivoire", "Croatia", "Cuba"]


def grow(event, n):
    for i in range(n):
        organisation(event, f"Organisation {i:03}", f"O{i:03}")


def reads(event):
    with CaptureQueriesContext(connection) as captured:
        seated_delegations(event)
        plans = list(event_plans(event))
        for plan in plans:
            plan_grid(plan)
        list(seat_assignments_in_reach(Delegation.objects.filter(event=event)))
    return len(captured)


def test_reads_cost_the_same_at_5_and_500_delegations():
    event = EventFactory()
    state(event, "VN", "Viet Nam")
    seating_draw(event=event, seed=1)
    room = hall(event, capacity=3500)
    grow(event, 4)
    seating_plan_build(room=room, rows=50, seats_per_row=70)
    few = reads(event)
    for i in range(4, 500):
        organisation(event, f"Organisation {i:03}", f"O{i:03}")
    seating_plan_build(room=room, rows=50, seats_per_row=70)
    assert reads(event) == few


def test_the_grid_marks_the_heads_row_and_empty_seats():
    event = EventFactory()
    state(event, "VN", "Viet Nam", accredited=2)
    seating_draw(event=event, seed=1)
    plan = seating_plan_build(room=hall(event), rows=3, seats_per_row=2)
    plan = event_plans(event).get()
    grid = plan_grid(plan)
    assert [label for label, _cells in grid] == ["A", "B", "C"]
    first, behind, last = (cells for _label, cells in grid)
    assert (first[0].code, first[0].head) == ("VN", True)
    assert (behind[0].code, behind[0].head) == ("VN", False)
    assert first[1].code == "" and last[0].code == ""
