"""Webhooks: what is told and to whom, nothing on a rollback, the sending with its retries, the
claim that never sends a delivered one again, endpoints and their secrets.

The receiving tool is a real HTTP server on 127.0.0.1 (``tests.ceremony.support.webhooks``) that
checks every signature; Celery runs eagerly here (a real worker: tests/integration).
"""

import json
import socket
import time
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ceremony.enums import WebhookKind, WebhookStatus
from ceremony.models import WebhookDelivery, WebhookEndpoint
from ceremony.services import webhooks as service
from ceremony.services.signing import signature_record
from ceremony.services.webhooks import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    webhook_deliveries_dispatch,
    webhook_delivery_retry,
    webhook_delivery_send,
    webhook_endpoint_create,
    webhook_endpoint_ping,
    webhook_event_emit,
    webhook_secret_rotate,
)
from config.core import webhooks as kernel
from sessions.enums import RegistrationStatus
from sessions.services.registration import registration_cancel, registration_create
from sessions.services.release import schedule_release
from tests import factories
from tests.ceremony.support.signing import request_for, state

pytestmark = pytest.mark.django_db

TEN = datetime(2025, 10, 25, 10, tzinfo=factories.HANOI)


@pytest.fixture
def event():
    return factories.EventFactory(slug="hanoi-2025")


@pytest.fixture
def endpoint(event, receiver):
    """An endpoint of the event at the receiving tool, which knows its secret."""
    made = webhook_endpoint_create(
        endpoint=WebhookEndpoint(
            event=event,
            url=receiver.url,
            on_schedule_released=True,
            on_signature_recorded=True,
            on_registration_confirmed=True,
        )
    )
    receiver.secret = made.secret
    return made


def emit(event, payload=None, kind=WebhookKind.SCHEDULE_RELEASED):
    return webhook_event_emit(event=event, kind=kind, payload=payload or {"version": 1})


def due(delivery):
    """Skip the pause before the next attempt (time passes)."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def send(delivery):
    return webhook_delivery_send(delivery_id=delivery.pk)


def sent_payloads(receiver):
    return [json.loads(request["body"]) for request in receiver.received]


# Who is told -------------------------------------------------------------------------------


def test_only_active_endpoints_of_the_event_that_want_it_get_a_delivery(event):
    wants = factories.WebhookEndpointFactory(event=event)
    factories.WebhookEndpointFactory(event=event, active=False)
    factories.WebhookEndpointFactory(
        event=event, on_schedule_released=False, on_signature_recorded=True
    )
    factories.WebhookEndpointFactory()  # another event's
    (delivery,) = emit(event)
    assert delivery.endpoint == wants
    assert delivery.status == WebhookStatus.PENDING and delivery.attempts == 0
    assert delivery.payload["type"] == "schedule.released"
    assert delivery.payload["event"] == "hanoi-2025"
    assert delivery.payload["data"] == {"version": 1}
    assert delivery.payload["id"] == str(delivery.uuid)


def test_every_endpoint_told_of_one_thing_gets_the_same_event_id(event):
    factories.WebhookEndpointFactory.create_batch(2, event=event)
    first, second = emit(event)
    assert first.uuid == second.uuid and first.pk != second.pk
    (later,) = emit(event)[:1]
    assert later.uuid != first.uuid


def test_telling_nobody_costs_one_query(event, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert emit(event) == []


def test_a_rolled_back_write_tells_nobody(
    event, endpoint, receiver, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        emit(event)
        raise RuntimeError("the release failed after telling")
    assert callbacks == []
    assert WebhookDelivery.objects.count() == 0
    assert receiver.received == []


def test_deliveries_are_sent_once_the_write_commits(
    event, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (delivery,) = emit(event)
    assert receiver.received == []  # nothing is sent inside the transaction
    for callback in callbacks:
        callback()
    (request,) = receiver.wait()
    assert request["verified"] is True
    assert request["event_id"] == str(delivery.uuid)
    assert request["type"] == "schedule.released"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    assert delivery.response_excerpt == "signature ok"


# What is told ------------------------------------------------------------------------------


def test_a_release_tells_its_version_counts_and_links(
    event, endpoint, receiver, django_capture_on_commit_callbacks
):
    factories.SessionFactory(event=event, start=TEN, title="Opening")
    with django_capture_on_commit_callbacks(execute=True):
        release = schedule_release(event=event, note="First programme")
    (body,) = sent_payloads(receiver)
    data = body["data"]
    assert body["type"] == "schedule.released" and body["event"] == "hanoi-2025"
    assert data["version"] == release.version == 1
    assert data["note"] == "First programme" and data["sessions"] == 1
    assert data["changes"] == {"added": 1, "moved": 0, "cancelled": 0}
    assert data["links"]["changelog"].endswith("/en/events/hanoi-2025/changes/")
    assert data["links"]["schedule_json"].endswith("/en/events/hanoi-2025/v/1/schedule.json")
    assert data["links"]["changelog_atom"].startswith("http")
    assert receiver.received[0]["verified"] is True


def test_a_refused_release_tells_nobody(
    event, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        schedule_release(event=event)  # nothing scheduled
    assert WebhookDelivery.objects.count() == 0 and receiver.received == []


def test_a_recorded_signature_tells_the_public_facts(
    event, endpoint, receiver, django_capture_on_commit_callbacks
):
    event.start_date = event.end_date = TEN.date()
    event.save()
    factories.SessionFactory(event=event, kind="signing", start=TEN, duration_minutes=30)
    request = request_for(state(event, "VNM", "VN"))
    with django_capture_on_commit_callbacks(execute=True):
        signature_record(request=request, signed_at=TEN)
    (body,) = sent_payloads(receiver)
    assert body["type"] == "signature.recorded"
    assert body["data"]["delegation"] == {
        "id": request.delegation_id,
        "name": "VNM",
        "country": "VN",
    }
    assert body["data"]["signed_on"] == "2025-10-25"
    assert body["data"]["signatories"].endswith("/en/events/hanoi-2025/signatories/")
    with django_capture_on_commit_callbacks(execute=True):
        signature_record(request=request)  # already signed: nothing new to tell
    assert len(receiver.received) == 1


def test_a_confirmed_place_is_told_with_ids_only(
    event, endpoint, receiver, django_capture_on_commit_callbacks
):
    session = factories.SessionFactory(event=event, start=TEN, capacity=1)
    first, second = (
        factories.DelegateFactory(
            delegation__event=event,
            accreditation_status="accredited",
            accredited_at=timezone.now(),
            email=f"private{n}@example.org",
        )
        for n in range(2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = registration_create(session=session, delegate=first)
        waiting = registration_create(session=session, delegate=second)
    assert waiting.status == RegistrationStatus.WAITING
    (body,) = sent_payloads(receiver)  # the waiting place is not told
    assert body["type"] == "registration.confirmed"
    assert body["data"] == {
        "registration": confirmed.pk,
        "session": {"id": session.pk, "slug": session.slug},
        "delegate": first.pk,
        "delegation": first.delegation_id,
        "promoted_from_waiting_list": False,
    }
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=confirmed)
    promoted = sent_payloads(receiver)[1]["data"]
    assert promoted["registration"] == waiting.pk and promoted["promoted_from_waiting_list"]
    raw = b"".join(request["body"] for request in receiver.received)
    assert b"@example.org" not in raw and first.family_name.encode() not in raw


# Sending and trying again ------------------------------------------------------------------


def test_a_server_error_then_success(event, endpoint, receiver):
    receiver.answers = [500]
    (delivery,) = emit(event)
    before = timezone.now()
    delivery = send(delivery)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, 500)
    assert before + RETRY_DELAYS[0] <= delivery.next_attempt_at <= timezone.now() + RETRY_DELAYS[0]
    due(delivery)
    delivery = send(delivery)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 2, 200)
    first, second = receiver.received
    assert first["event_id"] == second["event_id"] == str(delivery.uuid)
    assert first["body"] == second["body"]
    assert first["verified"] is True and second["verified"] is True


def test_retries_back_off_then_the_delivery_fails(event, endpoint, receiver):
    receiver.answers = [503] * MAX_ATTEMPTS
    (delivery,) = emit(event)
    pauses = []
    for _ in range(MAX_ATTEMPTS):
        due(delivery)
        delivery = send(delivery)
        if delivery.next_attempt_at:
            pauses.append(delivery.next_attempt_at - delivery.last_attempt_at)
    assert [round(pause.total_seconds() / 60) for pause in pauses] == [
        1, 5, 30, 120, 300, 600, 600,
    ]  # fmt: skip
    assert delivery.status == WebhookStatus.FAILED and delivery.attempts == MAX_ATTEMPTS == 8
    assert delivery.next_attempt_at is None and delivery.response_code == 503
    send(delivery)
    assert len(receiver.received) == MAX_ATTEMPTS


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (408, WebhookStatus.PENDING),
        (429, WebhookStatus.PENDING),
        (502, WebhookStatus.PENDING),
        (400, WebhookStatus.FAILED),
        (404, WebhookStatus.FAILED),
        (410, WebhookStatus.FAILED),
        (301, WebhookStatus.FAILED),
        (204, WebhookStatus.DELIVERED),
    ],
)
def test_what_each_answer_means(event, endpoint, receiver, status, outcome):
    receiver.answers = [status]
    (delivery,) = emit(event)
    delivery = send(delivery)
    assert delivery.status == outcome and delivery.response_code == status
    if status == 301:
        assert "redirect" in delivery.response_excerpt


def test_a_hanging_endpoint_is_given_up_on_fast(event, endpoint, receiver, monkeypatch):
    monkeypatch.setattr(kernel, "READ_TIMEOUT", 0.5)
    receiver.answers = ["hang"]
    (delivery,) = emit(event)
    started = time.monotonic()
    delivery = send(delivery)
    assert time.monotonic() - started < 3
    assert delivery.status == WebhookStatus.PENDING and delivery.response_code is None
    assert "No answer in time" in delivery.response_excerpt


def test_a_release_never_waits_for_an_endpoint(
    event, endpoint, receiver, django_capture_on_commit_callbacks
):
    """The release writes rows; the requests are made once it has committed, by workers."""
    receiver.answers = ["hang"]
    factories.SessionFactory(event=event, start=TEN)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        schedule_release(event=event)
    assert time.monotonic() - started < 2
    assert len(callbacks) >= 1 and receiver.received == []
    assert WebhookDelivery.objects.get().status == WebhookStatus.PENDING


def test_a_delivered_one_is_never_sent_again(event, endpoint, receiver):
    (delivery,) = emit(event)
    send(delivery)
    due(delivery)  # even if it looked due
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
    assert send(delivery).status == WebhookStatus.DELIVERED
    assert len(receiver.received) == 1


def test_a_second_message_for_a_delivery_in_its_pause_sends_nothing(event, endpoint, receiver):
    receiver.answers = [500]
    (delivery,) = emit(event)
    send(delivery)
    delivery = send(delivery)  # the same message again (Redis redelivered it)
    assert delivery.attempts == 1 and len(receiver.received) == 1


def test_a_worker_that_died_mid_request_leaves_the_delivery_due_later(event, endpoint, receiver):
    (delivery,) = emit(event)
    claimed = service._delivery_claim(delivery.pk, timezone.now())  # then the worker dies
    assert claimed.attempts == 1
    assert send(delivery).attempts == 1 and receiver.received == []  # not due yet
    due(delivery)
    delivery = send(delivery)
    assert (delivery.status, delivery.attempts) == (WebhookStatus.DELIVERED, 2)


def test_a_switched_off_endpoint_is_sent_nothing(event, endpoint, receiver):
    (delivery,) = emit(event)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    delivery = send(delivery)
    assert delivery.status == WebhookStatus.FAILED and "switched off" in delivery.response_excerpt
    assert receiver.received == []


def test_a_name_that_now_resolves_to_a_private_address_is_refused(
    event, receiver, settings, monkeypatch
):
    """DNS rebinding: saved while public, sent while it points at the planner's own network."""
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    port = receiver.server.server_address[1]
    monkeypatch.setattr(kernel, "resolve", lambda host, _port: ["93.184.215.14"])
    endpoint = webhook_endpoint_create(
        endpoint=WebhookEndpoint(event=event, url=f"https://hooks.example.org:{port}/x")
    )
    monkeypatch.setattr(kernel, "resolve", lambda host, _port: ["127.0.0.1"])
    (delivery,) = emit(event)
    delivery = send(delivery)
    assert delivery.endpoint == endpoint
    assert delivery.status == WebhookStatus.FAILED and "127.0.0.1" in delivery.response_excerpt
    assert receiver.received == []


def test_a_delivery_whose_endpoint_was_deleted_meanwhile_is_gone(event, endpoint, receiver):
    (delivery,) = emit(event)
    endpoint.delete()
    assert send(delivery) is None and receiver.received == []


# Sending again, the sweep ------------------------------------------------------------------


def test_send_again_repeats_the_same_event_with_new_attempts(
    event, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [410]
    (delivery,) = emit(event)
    assert send(delivery).status == WebhookStatus.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        webhook_delivery_retry(delivery=delivery)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)
    first, second = receiver.received
    assert first["event_id"] == second["event_id"]
    with django_capture_on_commit_callbacks(execute=True):
        webhook_delivery_retry(delivery=delivery)  # a delivered one, on purpose
    assert len(receiver.received) == 3


def test_send_again_is_refused_while_the_endpoint_is_off(event, endpoint):
    (delivery,) = emit(event)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    with pytest.raises(ValidationError, match="switched off"):
        webhook_delivery_retry(delivery=delivery)


def test_the_sweep_hands_over_what_is_due_and_never_reached_a_worker(event, endpoint, receiver):
    lost, waiting, recent = (emit(event)[0] for _ in range(3))
    WebhookDelivery.objects.filter(pk=waiting.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    WebhookDelivery.objects.filter(pk=recent.pk).update(dispatched_at=timezone.now())
    assert webhook_deliveries_dispatch() == {"sent": 1, "left": 0}
    assert [request["event_id"] for request in receiver.received] == [str(lost.uuid)]
    lost.refresh_from_db()
    assert lost.status == WebhookStatus.DELIVERED and lost.dispatched_at is None


def test_the_sweep_takes_a_message_lost_long_ago(event, endpoint, receiver, settings):
    (delivery,) = emit(event)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        dispatched_at=timezone.now() - timedelta(seconds=settings.JOBS_REDISPATCH_AFTER_SECONDS + 1)
    )
    assert webhook_deliveries_dispatch()["sent"] == 1
    assert len(receiver.received) == 1


# Endpoints and secrets ---------------------------------------------------------------------


def test_an_endpoint_gets_a_secret_of_its_own(event):
    first = webhook_endpoint_create(
        endpoint=WebhookEndpoint(event=event, url="https://a.example.org/h")
    )
    second = webhook_endpoint_create(
        endpoint=WebhookEndpoint(event=event, url="https://b.example.org/h")
    )
    assert first.secret.startswith("whsec_") and first.secret != second.secret


def test_in_production_an_endpoint_must_be_public_https(event, settings, monkeypatch):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    monkeypatch.setattr(
        kernel,
        "resolve",
        lambda host, _port: {"public.example.org": ["93.184.215.14"]}.get(host) or ["10.0.0.8"],
    )
    for url in (
        "http://public.example.org/h",
        "https://127.0.0.1/h",
        "https://intranet.example.org/h",
    ):
        with pytest.raises(ValidationError) as refused:
            webhook_endpoint_create(endpoint=WebhookEndpoint(event=event, url=url))
        assert "url" in refused.value.message_dict
    webhook_endpoint_create(
        endpoint=WebhookEndpoint(event=event, url="https://public.example.org/h")
    )
    assert WebhookEndpoint.objects.count() == 1


def test_an_unresolvable_name_is_refused_in_production(event, settings, monkeypatch):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False

    def nowhere(host, port):
        raise socket.gaierror("Name or service not known")

    monkeypatch.setattr(kernel, "resolve", nowhere)
    with pytest.raises(ValidationError, match="cannot be resolved"):
        webhook_endpoint_create(endpoint=WebhookEndpoint(event=event, url="https://x.example.org/"))


def test_an_endpoint_must_want_something(event):
    with pytest.raises(ValidationError, match="at least one"):
        webhook_endpoint_create(
            endpoint=WebhookEndpoint(
                event=event, url="https://a.example.org/h", on_schedule_released=False
            )
        )


def test_a_rotated_secret_signs_from_then_on(event, endpoint, receiver):
    old = endpoint.secret
    (pending,) = emit(event)
    webhook_secret_rotate(endpoint=endpoint)
    assert endpoint.secret != old
    send(pending)  # the receiver still has the old one: refused
    assert receiver.received[0]["verified"] == "The signature does not match the body."
    pending.refresh_from_db()
    assert pending.status == WebhookStatus.FAILED and pending.response_code == 400
    receiver.secret = endpoint.secret
    webhook_delivery_send(delivery_id=emit(event)[0].pk)
    assert receiver.received[1]["verified"] is True


def test_a_ping_goes_to_the_endpoint_whatever_it_wants(
    event, receiver, django_capture_on_commit_callbacks
):
    endpoint = webhook_endpoint_create(
        endpoint=WebhookEndpoint(
            event=event, url=receiver.url, on_schedule_released=False, on_signature_recorded=True
        )
    )
    receiver.secret = endpoint.secret
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhook_endpoint_ping(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.kind == WebhookKind.PING and delivery.status == WebhookStatus.DELIVERED
    assert receiver.received[0]["type"] == "ping" and receiver.received[0]["verified"] is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_delivery_another_worker_holds_is_passed_over(receiver):
    """Two workers on one delivery at once: the one that finds it held sends nothing."""
    import threading

    from django.db import connection, connections

    from config.core.locking import row_lock

    endpoint = factories.WebhookEndpointFactory(url=receiver.url)
    receiver.secret = endpoint.secret
    delivery = factories.WebhookDeliveryFactory(
        endpoint=endpoint,
        status=WebhookStatus.PENDING,
        attempts=0,
        response_code=None,
        delivered_at=None,
        next_attempt_at=timezone.now(),
    )
    held, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                row_lock(WebhookDelivery, delivery.pk)
                held.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert held.wait(timeout=30)
        started = time.monotonic()
        passed_over = send(delivery)
        assert time.monotonic() - started < 2  # skipped, not waited for
    finally:
        release.set()
        thread.join(timeout=30)
    assert passed_over.attempts == 0 and receiver.received == []
    connection.close()
    assert send(delivery).status == WebhookStatus.DELIVERED


def test_the_sweep_runs_every_minute_and_as_each_worker_starts(settings):
    from types import SimpleNamespace

    from django.utils.module_loading import import_string

    from config.celery import jobs_pending_on_start

    sweep = settings.CELERY_BEAT_SCHEDULE["webhooks-due"]
    assert sweep["schedule"].total_seconds() == 60
    assert import_string(sweep["task"]).name == sweep["task"]
    sent = []
    jobs_pending_on_start(SimpleNamespace(app=SimpleNamespace(send_task=sent.append)))
    assert sweep["task"] in sent
