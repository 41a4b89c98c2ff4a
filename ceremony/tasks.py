"""Celery tasks of the event app: thin, take ids, safe to run twice."""

from celery import shared_task

from . import signing
from .models import Event
from .selectors import event_counts


@shared_task
def event_counts_compute(event_id):
    """The event's headline counts (a read: running it twice gives the same answer)."""
    return event_counts(Event.objects.get(pk=event_id))


@shared_task
def signing_order_compute(event_id):
    """Protocol order and slots for the event's signatories; returns what moved (idempotent)."""
    return signing.signing_order_build(event=Event.objects.get(pk=event_id))
