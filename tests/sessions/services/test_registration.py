"""Session registration: places up to capacity, the waiting line, overlaps, access rules."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from delegations.enums import AccreditationStatus
from delegations.services.delegates import delegate_withdraw
from sessions.enums import RegistrationStatus, SessionAccess, SessionStatus
from sessions.models import SessionRegistration
from sessions.selectors.programme import registration_list_annotate
from sessions.services.registration import (
    registration_cancel,
    registration_create,
    waiting_list_promote,
)
from tests import factories

pytestmark = pytest.mark.django_db

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING
CANCELLED = RegistrationStatus.CANCELLED
NINE = datetime(2025, 10, 26, 9, tzinfo=factories.HANOI)


def accredited(delegation=None, *, event=None, **fields):
    """An accredited delegate, of a new delegation at ``event`` unless a delegation is given."""
    return factories.DelegateFactory(
        delegation=delegation or factories.DelegationFactory(event=event),
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_at=timezone.now(),
        **fields,
    )


def register(session, delegate, **kwargs):
    return registration_create(session=session, delegate=delegate, **kwargs)


def statuses(session):
    """Each registrant's status, in the order they registered."""
    return [
        (registration.delegate_id, registration.status)
        for registration in SessionRegistration.objects.filter(session=session).order_by(
            "created_at", "pk"
        )
    ]


def refusal(session, delegate, **kwargs):
    """The messages of a refused registration, which leaves no row behind."""
    before = SessionRegistration.objects.count()
    with pytest.raises(ValidationError) as refused:
        register(session, delegate, **kwargs)
    assert SessionRegistration.objects.count() == before
    return " ".join(refused.value.messages)


@pytest.fixture
def event():
    return factories.EventFactory()


@pytest.fixture
def delegates(event):
    return [accredited(event=event) for _ in range(5)]


# Capacity and the waiting line -------------------------------------------------------------


def test_confirmed_up_to_capacity_then_waiting_in_order(event, delegates):
    session = factories.SessionFactory(event=event, capacity=2)

    made = [register(session, delegate) for delegate in delegates[:4]]

    assert [registration.status for registration in made] == [
        CONFIRMED,
        CONFIRMED,
        WAITING,
        WAITING,
    ]
    positions = registration_list_annotate(SessionRegistration.objects.filter(session=session))
    assert [r.waiting_position for r in positions.order_by("created_at", "pk")] == [
        None,
        None,
        1,
        2,
    ]


def test_capacity_comes_from_the_room_when_the_session_sets_none(event, delegates):
    session = factories.SessionFactory(event=event, capacity=None, room__capacity=2)
    assert session.effective_capacity == 2

    for delegate in delegates[:3]:
        register(session, delegate)

    assert [status for _, status in statuses(session)] == [CONFIRMED, CONFIRMED, WAITING]


def test_a_cancellation_promotes_the_first_waiting(event, delegates):
    session = factories.SessionFactory(event=event, capacity=1)
    first, second, third = (register(session, delegate) for delegate in delegates[:3])

    registration_cancel(registration=first)

    assert statuses(session) == [
        (delegates[0].pk, CANCELLED),
        (delegates[1].pk, CONFIRMED),
        (delegates[2].pk, WAITING),
    ]


def test_cancelling_twice_is_harmless_and_promotes_once(event, delegates):
    session = factories.SessionFactory(event=event, capacity=1)
    first, *_ = (register(session, delegate) for delegate in delegates[:3])

    registration_cancel(registration=first)
    again = registration_cancel(registration=first)

    assert again.status == CANCELLED
    assert [status for _, status in statuses(session)] == [CANCELLED, CONFIRMED, WAITING]


def test_cancelling_a_waiting_place_promotes_nobody(event, delegates):
    session = factories.SessionFactory(event=event, capacity=1)
    _first, second, _third = (register(session, delegate) for delegate in delegates[:3])

    registration_cancel(registration=second)

    assert [status for _, status in statuses(session)] == [CONFIRMED, CANCELLED, WAITING]


def test_promotion_passes_over_a_waiting_delegate_now_busy_elsewhere(event, delegates):
    session = factories.SessionFactory(event=event, capacity=1, start=NINE)
    overlapping = factories.SessionFactory(
        event=event, start=NINE + timedelta(minutes=30), title="Capacity building"
    )
    first, busy, next_free = (register(session, delegate) for delegate in delegates[:3])
    register(overlapping, delegates[1])

    registration_cancel(registration=first)

    busy.refresh_from_db()
    next_free.refresh_from_db()
    assert (busy.status, next_free.status) == (WAITING, CONFIRMED)
    # Still first in line: free again, the delegate takes the next place.
    registration_cancel(
        registration=SessionRegistration.objects.get(session=overlapping, delegate=delegates[1])
    )
    registration_cancel(registration=next_free)
    busy.refresh_from_db()
    assert busy.status == CONFIRMED


def test_withdrawing_gives_up_the_waiting_place_and_the_next_one_moves_up(event, delegates):
    session = factories.SessionFactory(event=event, capacity=1)
    first, withdrawn, after = (register(session, delegate) for delegate in delegates[:3])
    delegate_withdraw(delegate=delegates[1])
    assert [status for _, status in statuses(session)] == [CONFIRMED, CANCELLED, WAITING]

    registration_cancel(registration=first)

    assert [status for _, status in statuses(session)] == [CANCELLED, CANCELLED, CONFIRMED]


def test_raised_capacity_fills_from_the_waiting_line(event, delegates):
    session = factories.SessionFactory(event=event, capacity=1)
    for delegate in delegates[:4]:
        register(session, delegate)
    session.capacity = 3
    session.save()

    promoted = waiting_list_promote(session=session)

    assert [registration.delegate_id for registration in promoted] == [
        delegates[1].pk,
        delegates[2].pk,
    ]
    assert [status for _, status in statuses(session)] == [CONFIRMED] * 3 + [WAITING]


def test_registering_again_after_cancelling_joins_the_back_of_the_line(event, delegates):
    session = factories.SessionFactory(event=event, capacity=1)
    first = register(session, delegates[0])
    register(session, delegates[1])
    registration_cancel(registration=first)

    again = register(session, delegates[0])

    assert again.status == WAITING


def test_a_live_registration_is_not_made_twice(event, delegates):
    session = factories.SessionFactory(event=event, capacity=1, title="Opening")
    register(session, delegates[0])
    register(session, delegates[1])

    assert "already registered for “Opening” (Confirmed)" in refusal(session, delegates[0])
    assert "(Waiting list)" in refusal(session, delegates[1])


# Overlapping sessions ----------------------------------------------------------------------


def test_overlapping_confirmed_sessions_are_refused_naming_the_other(event, delegates):
    plenary = factories.SessionFactory(event=event, start=NINE, title="Plenary debate")
    side_event = factories.SessionFactory(event=event, start=NINE + timedelta(minutes=59))
    register(plenary, delegates[0])

    message = refusal(side_event, delegates[0])

    assert "“Plenary debate” (26 Oct 09:00–10:00)" in message


def test_an_overlap_is_refused_even_when_the_waiting_list_would_take_the_delegate(event, delegates):
    plenary = factories.SessionFactory(event=event, start=NINE)
    full = factories.SessionFactory(event=event, start=NINE, capacity=1)
    register(full, delegates[1])
    register(plenary, delegates[0])

    assert "at the same time" in refusal(full, delegates[0])


def test_back_to_back_cancelled_and_waiting_do_not_overlap(event, delegates):
    """Sessions that only touch, a cancelled session, a waiting place: none blocks a place."""
    delegate = delegates[0]
    morning = factories.SessionFactory(event=event, start=NINE)
    register(morning, delegate)
    called_off = factories.SessionFactory(event=event, start=NINE + timedelta(hours=1))
    register(called_off, delegate)
    called_off.status = SessionStatus.CANCELLED
    called_off.save()
    full = factories.SessionFactory(event=event, start=NINE + timedelta(hours=1), capacity=1)
    register(full, delegates[1])
    register(full, delegate)

    noon = factories.SessionFactory(event=event, start=NINE + timedelta(hours=1, minutes=30))

    assert register(noon, delegate).status == CONFIRMED


# Who may register --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [AccreditationStatus.DRAFT, AccreditationStatus.SUBMITTED, "withdrawn", "rejected"]
)
def test_only_accredited_delegates_register(event, status):
    delegate = factories.DelegateFactory(
        delegation__event=event, accreditation_status=status, accreditation_note="Unreadable"
    )
    session = factories.SessionFactory(event=event)

    assert "is not accredited" in refusal(session, delegate)


def test_another_events_delegate_is_refused(event):
    session = factories.SessionFactory(event=event)
    stranger = accredited(event=factories.EventFactory())

    assert "belongs to another event" in refusal(session, stranger)


@pytest.mark.parametrize("status", [SessionStatus.DRAFT, SessionStatus.CANCELLED])
def test_draft_and_cancelled_sessions_take_no_registration(event, delegates, status):
    session = factories.SessionFactory(event=event, status=status, title="Gala dinner")

    assert "“Gala dinner” is not open for registration" in refusal(session, delegates[0])


def test_a_draft_session_without_a_time_takes_no_registration(event, delegates):
    session = factories.SessionFactory(
        event=event, status=SessionStatus.DRAFT, start=None, room=None
    )

    assert "not open for registration" in refusal(session, delegates[0], by_organiser=True)


@pytest.fixture
def heads_plus_one(event):
    return factories.SessionFactory(event=event, access=SessionAccess.HEADS_PLUS_ONE)


@pytest.fixture
def delegation(event):
    return factories.DelegationFactory(event=event)


def test_heads_plus_one_takes_the_head_and_one_more(heads_plus_one, delegation):
    head = accredited(delegation, is_head=True)
    adviser, third = accredited(delegation), accredited(delegation)

    register(heads_plus_one, head)
    register(heads_plus_one, adviser)

    assert "already holds its two places" in refusal(heads_plus_one, third)


def test_heads_plus_one_refuses_two_delegates_without_the_head(heads_plus_one, delegation):
    accredited(delegation, is_head=True)
    adviser, expert = accredited(delegation), accredited(delegation)
    register(heads_plus_one, adviser)

    assert "goes with its head of delegation" in refusal(heads_plus_one, expert)


def test_heads_plus_one_lets_the_head_join_the_one_already_registered(heads_plus_one, delegation):
    adviser, head = accredited(delegation), accredited(delegation, is_head=True)
    register(heads_plus_one, adviser)

    assert register(heads_plus_one, head).status == CONFIRMED


def test_heads_plus_one_counts_each_delegation_apart(heads_plus_one, event, delegation):
    register(heads_plus_one, accredited(delegation, is_head=True))
    register(heads_plus_one, accredited(delegation))
    other = factories.DelegationFactory(event=event)

    made = [register(heads_plus_one, accredited(other, is_head=True))]
    made.append(register(heads_plus_one, accredited(other)))

    assert [registration.status for registration in made] == [CONFIRMED, CONFIRMED]


def test_heads_plus_one_frees_a_place_on_cancellation(heads_plus_one, delegation):
    head = accredited(delegation, is_head=True)
    register(heads_plus_one, head)
    adviser = register(heads_plus_one, accredited(delegation))
    registration_cancel(registration=adviser)

    assert register(heads_plus_one, accredited(delegation)).status == CONFIRMED


def test_by_invitation_only_the_organisers_register(event, delegates):
    session = factories.SessionFactory(event=event, access=SessionAccess.INVITATION, title="Gala")

    assert "“Gala” is by invitation" in refusal(session, delegates[0])
    assert register(session, delegates[0], by_organiser=True).status == CONFIRMED


def test_errors_name_the_field_they_concern(event, delegates):
    draft = factories.SessionFactory(event=event, status=SessionStatus.DRAFT)
    submitted = factories.DelegateFactory(
        delegation__event=event, accreditation_status=AccreditationStatus.SUBMITTED
    )
    session = factories.SessionFactory(event=event)

    with pytest.raises(ValidationError) as closed:
        register(draft, delegates[0])
    with pytest.raises(ValidationError) as not_accredited:
        register(session, submitted)

    assert set(closed.value.message_dict) == {"session"}
    assert set(not_accredited.value.message_dict) == {"delegate"}
