"""The one locking rule: rows in the global order of LOCK_ORDER, by ascending id, and only the
rows named. Races between the services that lock are in
tests/sessions/services/test_registration_concurrency.py."""

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from ceremony.models import Event, Venue
from config.core.locking import LOCK_ORDER, LockOrderError, row_lock, rows_lock
from delegations.models import Delegate, Delegation
from sessions.models import Session
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    event = factories.EventFactory()
    delegation = factories.DelegationFactory(event=event)
    return {
        "event": event,
        "delegation": delegation,
        "sessions": [factories.SessionFactory(event=event) for _ in range(3)],
        "delegates": [factories.DelegateFactory(delegation=delegation) for _ in range(3)],
    }


def ids(objects):
    return [obj.pk for obj in objects]


def test_rows_come_back_in_ascending_id_and_missing_ids_are_left_out(rows):
    wanted = [*reversed(ids(rows["sessions"])), 2**40]
    with transaction.atomic():
        locked = rows_lock(Session, wanted)
    assert ids(locked) == sorted(ids(rows["sessions"]))


def test_one_row_is_the_row_or_does_not_exist(rows):
    session = rows["sessions"][0]
    with transaction.atomic():
        assert row_lock(Session.objects.select_related("event"), session.pk) == session
        with pytest.raises(Session.DoesNotExist):
            row_lock(Session, 2**40)


def test_the_order_follows_the_data_an_event_before_its_delegations_sessions_and_people():
    assert LOCK_ORDER.index("ceremony.Event") < LOCK_ORDER.index("delegations.Delegation")
    assert LOCK_ORDER.index("delegations.Delegation") < LOCK_ORDER.index("programme.Session")
    assert LOCK_ORDER.index("programme.Session") < LOCK_ORDER.index("delegations.Delegate")


def test_an_earlier_kind_after_a_later_one_is_refused(rows):
    with transaction.atomic():
        row_lock(Delegate, rows["delegates"][0].pk)
        with pytest.raises(LockOrderError, match="programme.Session .* after delegations.Delegate"):
            row_lock(Session, rows["sessions"][0].pk)


def test_a_lower_id_after_a_higher_one_of_the_same_kind_is_refused(rows):
    first, second, _third = rows["sessions"]
    with transaction.atomic():
        row_lock(Session, second.pk)
        with pytest.raises(LockOrderError):
            row_lock(Session, first.pk)


def test_a_row_already_held_may_be_asked_for_again_at_any_time(rows):
    session, delegate = rows["sessions"][0], rows["delegates"][0]
    with transaction.atomic():
        row_lock(Event, rows["event"].pk)
        row_lock(Session, session.pk)
        row_lock(Delegate, delegate.pk)
        assert row_lock(Session, session.pk) == session
        assert row_lock(Event, rows["event"].pk) == rows["event"]


def test_the_order_is_kept_in_the_calls_services_make_inside_each_other(rows):
    """A service called inside another (a savepoint) belongs to the caller's transaction."""
    with transaction.atomic():
        row_lock(Delegate, rows["delegates"][0].pk)
        with transaction.atomic(), pytest.raises(LockOrderError):
            row_lock(Delegation, rows["delegation"].pk)


def test_each_transaction_starts_afresh(rows):
    with transaction.atomic():
        row_lock(Delegate, rows["delegates"][2].pk)
    with transaction.atomic():
        row_lock(Session, rows["sessions"][0].pk)
        row_lock(Delegate, rows["delegates"][0].pk)


def test_rows_locked_in_a_savepoint_rolled_back_are_held_no_more(rows):
    """PostgreSQL lets go of rows locked after a savepoint when it is rolled back."""
    with transaction.atomic():
        row_lock(Session, rows["sessions"][0].pk)
        with pytest.raises(RuntimeError), transaction.atomic():
            row_lock(Delegate, rows["delegates"][0].pk)
            raise RuntimeError("the inner write fails")
        row_lock(Session, rows["sessions"][1].pk)


def test_a_model_without_a_place_in_the_order_is_refused(rows):
    with transaction.atomic(), pytest.raises(LockOrderError, match="no place"):
        rows_lock(Venue, [1])


@pytest.mark.django_db(transaction=True)
def test_locks_are_taken_inside_a_transaction(rows):
    with pytest.raises(LockOrderError, match="inside a transaction"):
        row_lock(Session, rows["sessions"][0].pk)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_only_the_rows_named_are_locked_not_those_a_query_joins():
    """A session locked with its event and room read alongside leaves the event free."""
    event = factories.EventFactory()
    session = factories.SessionFactory(event=event)
    locked, release, answers = threading.Event(), threading.Event(), {}

    def holder():
        try:
            with transaction.atomic():
                row_lock(Session.objects.select_related("event", "room"), session.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def other(model, pk):
        try:
            with transaction.atomic():
                model.objects.select_for_update(nowait=True).get(pk=pk)
            answers[model] = "free"
        except OperationalError:
            answers[model] = "held"
        finally:
            connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    assert locked.wait(timeout=30)
    for model, pk in ((Event, event.pk), (Session, session.pk)):
        probe = threading.Thread(target=other, args=(model, pk))
        probe.start()
        probe.join(timeout=30)
    release.set()
    thread.join(timeout=30)
    connection.close()
    assert answers == {Event: "free", Session: "held"}
