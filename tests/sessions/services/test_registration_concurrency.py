"""No overbooking under concurrent requests, on PostgreSQL with real row locks.

Each thread has its own database connection (Django's connections are per thread) and closes it
at the end; a barrier starts them together so that the requests really compete.
"""

import threading
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from delegations.enums import AccreditationStatus
from delegations.services.accreditation import delegate_reject
from delegations.services.delegates import delegate_withdraw
from sessions.enums import RegistrationStatus
from sessions.models import SessionRegistration
from sessions.services.registration import registration_cancel, registration_create
from tests import factories
from tests.sessions.services.test_registration import accredited

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING
CANCELLED = RegistrationStatus.CANCELLED


def run_together(calls):
    """Run every call in its own thread and connection, all released at once; the errors."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            call()
        except Exception as error:  # noqa: BLE001 -- collected, then asserted empty
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def counts(session):
    registrations = SessionRegistration.objects.filter(session=session)
    return {status: registrations.filter(status=status).count() for status in RegistrationStatus}


def register_call(session, delegate):
    return lambda: registration_create(session=session, delegate=delegate)


def test_fifty_delegates_compete_for_ten_places():
    event = factories.EventFactory()
    session = factories.SessionFactory(event=event, capacity=10)
    delegates = [accredited(event=event) for _ in range(50)]

    errors = run_together([register_call(session, delegate) for delegate in delegates])

    assert errors == []
    assert counts(session) == {CONFIRMED: 10, WAITING: 40, CANCELLED: 0}


def test_cancellations_racing_new_registrations_keep_the_line():
    """Five leave while twenty arrive: the five who waited take the places, nobody jumps in."""
    event = factories.EventFactory()
    session = factories.SessionFactory(event=event, capacity=5)
    leaving = [
        registration_create(session=session, delegate=accredited(event=event)) for _ in range(5)
    ]
    waited = [
        registration_create(session=session, delegate=accredited(event=event)) for _ in range(5)
    ]
    arriving = [accredited(event=event) for _ in range(20)]

    errors = run_together(
        [
            *(
                lambda registration=registration: registration_cancel(registration=registration)
                for registration in leaving
            ),
            *(register_call(session, delegate) for delegate in arriving),
        ]
    )

    assert errors == []
    assert counts(session) == {CONFIRMED: 5, WAITING: 20, CANCELLED: 5}
    confirmed = SessionRegistration.objects.filter(session=session, status=CONFIRMED)
    assert set(confirmed.values_list("pk", flat=True)) == {r.pk for r in waited}


def test_one_delegate_racing_into_two_overlapping_sessions_gets_one():
    event = factories.EventFactory()
    start = datetime(2025, 10, 25, 14, tzinfo=factories.HANOI)
    panel = factories.SessionFactory(event=event, start=start)
    workshop = factories.SessionFactory(event=event, start=start + timedelta(minutes=30))
    delegates = [accredited(event=event) for _ in range(20)]

    errors = run_together(
        [register_call(session, d) for d in delegates for session in (panel, workshop)]
    )

    assert len(errors) == len(delegates)
    assert all("at the same time" in " ".join(error.messages) for error in errors)
    for delegate in delegates:
        assert SessionRegistration.objects.filter(delegate=delegate, status=CONFIRMED).count() == 1


def live_places(delegate):
    return SessionRegistration.objects.filter(
        delegate=delegate, status__in=(CONFIRMED, WAITING)
    ).count()


def test_registrations_race_withdrawals_and_rejections_without_a_deadlock():
    """A delegation's delegates are withdrawn and rejected while places are taken for them, and
    for others, in the same sessions: every service locks delegation, session, delegate in one
    order (``config.core.locking``), so none waits on another in a ring.

    Before the rule, a withdrawal locked the delegate, then the session (giving up the place),
    while a registration of the same delegate locked the session, then the delegate: PostgreSQL
    killed one of them ("deadlock detected"). Five rounds, to give the race its chances.
    """
    event = factories.EventFactory()
    start = datetime(2025, 10, 25, 9, tzinfo=factories.HANOI)
    for round_ in range(5):
        sessions = [
            factories.SessionFactory(
                event=event, capacity=2, start=start + timedelta(days=round_, hours=hour)
            )
            for hour in (0, 2)
        ]
        delegation = factories.DelegationFactory(event=event)
        leaving = [accredited(delegation) for _ in range(4)]
        for delegate in leaving:
            for session in sessions:
                registration_create(session=session, delegate=delegate)
        arriving = [accredited(event=event) for _ in range(4)]
        calls = [
            *(lambda d=d: delegate_withdraw(delegate=d) for d in leaving[:2]),
            *(
                lambda d=d: delegate_reject(delegate=d, reason="Not on the list.")
                for d in leaving[2:]
            ),
            *(register_call(session, d) for d in leaving for session in sessions),
            *(register_call(session, d) for d in arriving for session in sessions),
        ]

        errors = run_together(calls)

        # Refusals are answers (already registered, no longer accredited); nothing else is.
        assert [e for e in errors if not isinstance(e, ValidationError)] == []
        for delegate in leaving:
            delegate.refresh_from_db()
            assert delegate.accreditation_status in (
                AccreditationStatus.WITHDRAWN,
                AccreditationStatus.REJECTED,
            )
            assert live_places(delegate) == 0
        for session in sessions:
            held = counts(session)
            assert held[CONFIRMED] == 2  # the places left by the four went to those waiting
            assert held[CONFIRMED] + held[WAITING] == len(arriving)
