"""Seating by lot: the draw (seeded, recorded, repeatable), the order from the drawn State
wrapping round the alphabet, the sections, each delegation's block, a hall too small."""

import pytest
from django.core.exceptions import ValidationError

from ceremony.models import SeatAssignment, SeatingDraw, SeatingPlan
from ceremony.selectors.seating import row_label, seated_delegations, seating_order
from ceremony.services.seating import seating_draw, seating_plan_build
from delegations.enums import DelegationKind
from tests.ceremony.support.seating import hall, organisation, state
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory()
    state(event, "VN", "Viet Nam", accredited=4)
    state(event, "AR", "Argentina")
    state(event, "CI", "Côte d'Ivoire", accredited=2)
    state(event, "BR", "Brazil")
    state(event, "ZM", "Zambia")
    state(event, "VA", "Holy See", kind=DelegationKind.OBSERVER_STATE)
    state(event, "PS", "State of Palestine", kind=DelegationKind.OBSERVER_STATE)
    organisation(event, "World Health Organization", "WHO")
    organisation(event, "African Union", "AU")
    organisation(event, "Reporters", "PRESS", kind=DelegationKind.MEDIA)
    return event


def names(event, drawn):
    return [s.name for s in seating_order(seated_delegations(event), drawn.pk)]


def test_the_order_starts_at_the_drawn_state_and_wraps_round_the_alphabet(event):
    brazil = event.delegations.get(code="BR")
    assert names(event, brazil) == [
        "Brazil",
        "Côte d'Ivoire",
        "Viet Nam",
        "Zambia",
        "Argentina",
        "Holy See",
        "State of Palestine",
        "African Union",
        "World Health Organization",
    ]


def test_the_english_short_name_is_the_uns_whatever_the_delegation_is_called(event):
    event.delegations.filter(code="VN").update(name="Việt Nam")
    drawn = event.delegations.get(code="ZM")
    assert names(event, drawn)[:2] == ["Zambia", "Argentina"]
    assert "Viet Nam" in names(event, drawn)


def test_the_same_seed_draws_the_same_name_and_each_draw_is_kept(event):
    user = UserFactory()
    first = seating_draw(event=event, by=user, seed=12345)
    again = seating_draw(event=event, seed=12345)
    assert (first.drawn_id, first.drawn_name) == (again.drawn_id, again.drawn_name)
    assert first.candidates == 5
    assert first.drawn_by == user
    assert SeatingDraw.objects.filter(event=event).count() == 2
    drawn = {seating_draw(event=event, seed=seed).drawn_name for seed in range(40)}
    assert len(drawn) > 1


def test_a_draw_without_member_states_is_refused():
    with pytest.raises(ValidationError):
        seating_draw(event=EventFactory(), seed=1)


def test_a_plan_gives_each_delegation_its_heads_row_and_seats_behind(event):
    seating_draw(event=event, seed=7)
    room = hall(event)
    plan = seating_plan_build(
        room=room, rows=12, seats_per_row=4, heads_row_seats=1, seats_behind=2
    )
    assignments = list(plan.assignments.select_related("delegation"))
    assert len(assignments) == 9  # the media sit elsewhere
    by_code = {a.delegation.code: a for a in assignments}
    assert len(by_code["VN"].behind) == 2  # four accredited: capped at two behind
    assert len(by_code["CI"].behind) == 1
    assert by_code["AR"].behind == []
    head = by_code["VN"].heads[0]
    assert by_code["VN"].behind[0] == f"{row_label(by_code['VN'].row + 1)}{head[1:]}"
    # Five States fill a band of four blocks and one of the next; the observers start a new band.
    sections = [(a.section, a.row) for a in assignments]
    assert sections[4] == ("member_states", 3)
    assert sections[5:] == [
        ("observers", 6),
        ("observers", 6),
        ("organisations", 9),
        ("organisations", 9),
    ]


def test_a_hall_too_small_is_refused_naming_the_missing_seats_and_nothing_is_written(event):
    seating_draw(event=event, seed=7)
    room = hall(event)
    seating_plan_build(room=room, rows=12, seats_per_row=4)
    before = list(SeatAssignment.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as refused:
        seating_plan_build(room=room, rows=3, seats_per_row=4)
    assert "seats are missing" in str(refused.value)
    plan = SeatingPlan.objects.get(room=room)
    assert plan.rows == 12
    assert list(SeatAssignment.objects.values_list("pk", flat=True)) == before


def test_a_plan_larger_than_the_room_is_refused(event):
    seating_draw(event=event, seed=7)
    with pytest.raises(ValidationError) as refused:
        seating_plan_build(room=hall(event, capacity=20), rows=10, seats_per_row=10)
    assert "rows" in refused.value.message_dict
    assert not SeatingPlan.objects.exists()


def test_a_plan_needs_a_draw(event):
    with pytest.raises(ValidationError):
        seating_plan_build(room=hall(event), rows=10, seats_per_row=10)
