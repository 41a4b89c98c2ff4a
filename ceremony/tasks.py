"""Celery tasks of the event app: thin, take ids, call one service, safe to run twice.

A leaf: each task imports what it calls inside its body (see ``sessions.tasks``).
"""

from celery import shared_task


@shared_task
def event_counts_compute(event_id):
    """The event's headline counts (a read: running it twice gives the same answer)."""
    from ceremony.models import Event
    from ceremony.selectors.events import event_counts

    return event_counts(Event.objects.get(pk=event_id))


@shared_task
def signing_order_compute(event_id):
    """Protocol order and slots for the event's signatories; returns what moved (idempotent)."""
    from ceremony.models import Event
    from ceremony.services.signing import signing_order_build

    return signing_order_build(event=Event.objects.get(pk=event_id))
