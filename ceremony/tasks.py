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


#: A request has timeouts of seconds; this bounds an answer that trickles in byte by byte.
WEBHOOK_TIME_LIMIT = 60


@shared_task(soft_time_limit=WEBHOOK_TIME_LIMIT - 15, time_limit=WEBHOOK_TIME_LIMIT)
def webhook_delivery_send(delivery_id):
    """Send a webhook delivery if it is pending and due (a delivered one is never sent again)."""
    from ceremony.services.webhooks import webhook_delivery_send

    delivery = webhook_delivery_send(delivery_id=delivery_id)
    if delivery is None:
        return {"delivery": delivery_id, "status": "deleted"}
    return {"delivery": delivery_id, "status": delivery.status, "attempts": delivery.attempts}


@shared_task
def webhook_deliveries_dispatch():
    """Beat, every minute: hand the webhook deliveries that are due to the workers."""
    from ceremony.services.webhooks import webhook_deliveries_dispatch

    return webhook_deliveries_dispatch()
