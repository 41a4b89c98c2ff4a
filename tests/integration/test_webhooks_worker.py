"""Webhooks through a real Celery worker (Redis as the broker, PostgreSQL shared with the
test): a release's webhook arrives, signed, at a receiving server; a delivery whose message
never reached Redis is sent once a worker starts (its sweep)."""

import time
from contextlib import contextmanager
from datetime import datetime

import pytest
from django.utils import timezone

from ceremony.enums import WebhookStatus
from ceremony.models import WebhookDelivery, WebhookEndpoint
from ceremony.services.webhooks import webhook_endpoint_create
from config.celery import app
from sessions.services.release import schedule_release
from tests.ceremony.support.webhooks import Receiver
from tests.factories import HANOI, EventFactory, SessionFactory, WebhookDeliveryFactory
from tests.integration.processes import solo_worker, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@contextmanager
def worker_running():
    """A Celery worker on the default queue (emptied first: webhooks are queued there by
    name, as in production), in its own process, on the test's database."""
    app.control.purge()
    process = solo_worker()
    try:
        yield process
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def broker(transactional_db):
    """Tasks go to Redis, not run in-process."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def endpoint_at(receiver, event):
    endpoint = webhook_endpoint_create(endpoint=WebhookEndpoint(event=event, url=receiver.url))
    receiver.secret = endpoint.secret
    return endpoint


def test_a_releases_webhook_arrives_signed_from_a_worker(broker, receiver):
    event = EventFactory(slug="hanoi-2025")
    SessionFactory(event=event, start=datetime(2025, 10, 25, 10, tzinfo=HANOI))
    endpoint_at(receiver, event)
    with worker_running():
        started = time.monotonic()
        release = schedule_release(event=event, note="Version one")
        assert time.monotonic() - started < 2  # the release queued, it did not send
        (request,) = receiver.wait(1, timeout=60)
        delivery = wait_until(
            lambda: WebhookDelivery.objects.filter(status=WebhookStatus.DELIVERED).first(),
            timeout=30,
            what="the worker to record the delivery",
        )
    assert request["verified"] is True
    assert request["type"] == "schedule.released"
    assert request["event_id"] == str(delivery.uuid)
    assert delivery.payload["data"]["version"] == release.version
    assert (delivery.attempts, delivery.response_code) == (1, 200)
    assert len(receiver.received) == 1


def test_a_delivery_whose_message_was_lost_is_sent_when_a_worker_starts(broker, receiver):
    """Written, but its message never reached Redis (or was lost with it): the sweep that each
    worker runs as it starts (and beat every minute) hands it over."""
    endpoint = endpoint_at(receiver, EventFactory())
    lost = WebhookDeliveryFactory(
        endpoint=endpoint,
        status=WebhookStatus.PENDING,
        attempts=0,
        response_code=None,
        delivered_at=None,
        next_attempt_at=timezone.now(),
    )
    with worker_running():
        (request,) = receiver.wait(1, timeout=60)
        wait_until(
            lambda: WebhookDelivery.objects.filter(
                pk=lost.pk, status=WebhookStatus.DELIVERED
            ).exists(),
            timeout=30,
            what="the worker to record the delivery",
        )
    assert request["verified"] is True and request["event_id"] == str(lost.uuid)
