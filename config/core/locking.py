"""The one way the planner locks rows, and the one order it locks them in.

Two transactions that lock the same rows in opposite orders can each wait for the other for
ever; PostgreSQL then kills one of them ("deadlock detected") and a person's write fails. The
rule that prevents it, for every service that locks:

1. Rows are locked only through :func:`rows_lock` and :func:`row_lock`, inside a transaction,
   as late as possible but before the check that depends on them.
2. In one transaction rows are locked in one global order: by kind, in the order of
   ``LOCK_ORDER``, then by ascending id. A row already held may be asked for again at any time
   (that waits for nothing); a new row must come after every row the transaction holds. So a
   service that will need a session and a delegate locks the session first, and a service
   that composes others (withdrawing a delegate cancels their places) locks, at its start,
   everything the services it calls will lock.
3. Only the rows named are locked (``FOR UPDATE OF`` the queryset's own table), never the rows
   a ``select_related`` joins: those are read, not held.

A lock out of order raises :class:`LockOrderError` at once, in tests and in production, rather
than deadlocking once in a thousand runs under load. Freeing capacity needs no lock.

``LOCK_ORDER`` names models by label, so this module imports no app. A job's own row (an export,
a timetable proposal, a webhook delivery, a message of the release outbox) comes first: a
worker claims it before the work, which may lock more.
The order follows the data: an event holds delegations, a delegation's signing request and
its delegates' places in sessions; a session's places go to delegates.
"""

from django.db import connection
from django.db.models import Model

LOCK_ORDER = (
    "programme.ExportJob",
    "programme.ScheduleProposal",
    "ceremony.WebhookDelivery",
    "programme.ReleaseNotification",
    "ceremony.Event",
    "delegations.Delegation",
    "delegations.FocalPointInvitation",
    "ceremony.SigningRequest",
    "programme.Session",
    "programme.SpeakersList",
    "delegations.Delegate",
)
RANK = {label: rank for rank, label in enumerate(LOCK_ORDER)}


class LockOrderError(RuntimeError):
    """A lock asked for against the global order: a programming error, never the user's."""


class _Held:
    """The rows one lock call obtained, registered as a no-op commit hook.

    Django drops a transaction's commit hooks when it commits or rolls back, and those of a
    savepoint when the savepoint is rolled back, exactly when the database lets go of the rows
    locked there: the hooks still registered are the rows still held.
    """

    __slots__ = ("rows", "transaction")

    def __init__(self, transaction, rows):
        self.transaction = transaction
        self.rows = rows

    def __call__(self):
        """Nothing to do on commit."""


def _transaction_key():
    """The transaction a lock belongs to: the outermost atomic block that is not a test case's.

    A test runs inside atomic blocks of its own; each service it calls is then a savepoint
    within them, and a transaction of its own as far as locking goes (in production it would
    be one).
    """
    for index, block in enumerate(connection.atomic_blocks):
        if not getattr(block, "_from_testcase", False):
            return connection.savepoint_ids[index - 1] if index else "outermost"
    return "test"


def _held(key):
    return {
        row
        for _savepoints, hook, _robust in connection.run_on_commit
        if isinstance(hook, _Held) and hook.transaction == key
        for row in hook.rows
    }


def _label(queryset):
    return queryset.model._meta.label


def _order_check(label, ids, held):
    if label not in RANK:
        raise LockOrderError(f"{label} has no place in config.core.locking.LOCK_ORDER.")
    rank = RANK[label]
    new = [(rank, pk) for pk in ids if (rank, pk) not in held]
    if new and held and new[0] < max(held):
        last_rank, last_pk = max(held)
        raise LockOrderError(
            f"{label} {new[0][1]} locked after {LOCK_ORDER[last_rank]} {last_pk}: rows are "
            f"locked in the order of LOCK_ORDER ({', '.join(LOCK_ORDER)}), by ascending id."
        )
    return rank


def rows_lock(queryset, ids, *, skip_locked=False):
    """Lock the rows of ``queryset`` (a model or a queryset) whose ids are ``ids``, in ascending
    id, and return them in that order; ids of no row (or skipped) are not in the answer.

    ``skip_locked`` passes over rows another transaction holds instead of waiting for them (a
    worker claiming a job another worker has).
    """
    if isinstance(queryset, type) and issubclass(queryset, Model):
        queryset = queryset._default_manager.all()
    if not connection.in_atomic_block:
        raise LockOrderError("Rows are locked inside a transaction (transaction.atomic).")
    ids = sorted({int(pk) for pk in ids})
    key = _transaction_key()
    rank = _order_check(_label(queryset), ids, _held(key))
    if not ids:
        return []
    locking = queryset.select_for_update(of=("self",), skip_locked=skip_locked)
    # One row (most locks): no IN list and no ordering (not even the model's default) to
    # compile, on the busiest writes.
    single = len(ids) == 1
    rows = list(
        locking.filter(pk=ids[0]).order_by()
        if single
        else locking.filter(pk__in=ids).order_by("pk")
    )
    connection.on_commit(_Held(key, frozenset((rank, row.pk) for row in rows)))
    return rows


def row_lock(queryset, pk, *, skip_locked=False):
    """Lock one row (see :func:`rows_lock`) and return it; ``DoesNotExist`` when there is none,
    None when ``skip_locked`` passed it over."""
    rows = rows_lock(queryset, [pk], skip_locked=skip_locked)
    if rows:
        return rows[0]
    if skip_locked:
        return None
    model = queryset if isinstance(queryset, type) else queryset.model
    raise model.DoesNotExist(f"No {model._meta.label} with id {pk}.")
