"""Webhooks: other tools told, by a signed POST, that the schedule was released, a signature
recorded or a session place confirmed.

Telling costs the write that causes it one query, plus a row per endpoint that wants to know:
the rows are written in its transaction (a release rolled back tells nobody) and handed to the
workers once it commits. The HTTP request is a worker's (``ceremony.tasks``), with short
timeouts: an endpoint that hangs or answers 500 never slows a release or a registration.

A worker claims a delivery under ``SELECT … FOR UPDATE SKIP LOCKED`` in a short transaction and
moves its next attempt to when a retry would be due before it sends, then records the answer:
no transaction stays open during the request, a second message for the same delivery finds it
not due (or delivered) and sends nothing, and a worker that dies mid-request leaves it due at
that time, when celery beat's sweep (``webhook_deliveries_dispatch``, every minute) hands it to
a worker again. A delivery is sent at least once and, short of such a death after the receiver
answered, exactly once; receivers drop a repeated ``Planner-Event-Id``.

Answers: 2xx is delivered. 408, 429, 5xx, a timeout or a connection that fails are tried again
after 1 min, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (eight attempts over about a day), then the
delivery has failed. Any other answer (3xx: redirects are not followed; 4xx: the receiver
refuses the request itself) and an address that is not public fail at once: trying again could
not help. *Send again* in the admin starts a delivery's attempts anew.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ceremony.enums import WebhookKind, WebhookStatus
from ceremony.models import WebhookDelivery, WebhookEndpoint
from config.core.jobs import job_dispatch, jobs_pending_redispatch
from config.core.locking import row_lock
from config.core.webhooks import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    DeliveryError,
    body_encode,
    secret_generate,
    signature_header,
    webhook_post,
)

WEBHOOK_SEND = "ceremony.tasks.webhook_delivery_send"
#: The pause after the 1st, 2nd, … failed attempt; the attempt after the last pause is the last.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
#: How long a worker holds a delivery it sends (its last attempt's): far longer than a request
#: may take (timeouts of seconds, and the task's time limit), after which it is due again.
SEND_LEASE = timedelta(minutes=2)
#: Answers after which another try may fare better: a timeout, too many requests, a server error.
RETRY_STATUSES = frozenset({408, 429})


def _retry_pause(attempts):
    """The pause before the next attempt after ``attempts`` failed ones (the lease after the
    last: then it is only due if its worker died)."""
    return RETRY_DELAYS[attempts - 1] if attempts <= len(RETRY_DELAYS) else SEND_LEASE


# Endpoints ---------------------------------------------------------------------------------


@transaction.atomic
def webhook_endpoint_create(*, endpoint, by=None):
    """Store a new endpoint (an unsaved one, from a form) with a secret of its own.

    The secret is returned on the endpoint for the caller to show once; the admin never shows
    it again.
    """
    endpoint.secret = secret_generate()
    endpoint.secret_set_at = timezone.now()
    endpoint.created_by = by
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_secret_rotate(*, endpoint):
    """Give the endpoint a new secret (to show once); the old one signs nothing from now on,
    deliveries still to be sent included."""
    endpoint.secret = secret_generate()
    endpoint.secret_set_at = timezone.now()
    endpoint.save(update_fields=["secret", "secret_set_at"])
    return endpoint


@transaction.atomic
def webhook_endpoint_ping(*, endpoint):
    """Send the endpoint a test ping now (whatever it subscribes to), to check its receiver."""
    if not endpoint.active:
        raise ValidationError(_("The endpoint is switched off: switch it on to ping it."))
    (delivery,) = _deliveries_write(
        endpoint.event,
        WebhookKind.PING,
        {"endpoint": endpoint.description or endpoint.url},
        [endpoint],
    )
    return delivery


# Telling -----------------------------------------------------------------------------------


def webhook_event_emit(*, event, kind, payload):
    """Write a delivery of ``payload`` (public data only) to each active endpoint of the event
    that wants ``kind``, and hand them to the workers once the caller's transaction commits.

    One query when no endpoint wants it; nothing is written or sent if the transaction rolls
    back.
    """
    endpoints = WebhookEndpoint.objects.filter(event_id=event.pk, active=True)
    field = WebhookEndpoint.KIND_FIELDS.get(kind)
    if field is not None:
        endpoints = endpoints.filter(**{field: True})
    return _deliveries_write(event, kind, payload, list(endpoints))


def _deliveries_write(event, kind, payload, endpoints):
    if not endpoints:
        return []
    now = timezone.now()
    event_id = uuid.uuid4()
    body = {
        "id": str(event_id),
        "type": str(kind),
        "created": now.isoformat(),
        "event": event.slug,
        "data": payload,
    }
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            kind=kind,
            uuid=event_id,
            payload=body,
            next_attempt_at=now,
            created_at=now,
        )
        for endpoint in endpoints
    )
    transaction.on_commit(lambda: _deliveries_dispatch(deliveries))
    return deliveries


def _deliveries_dispatch(deliveries):
    """Hand each delivery to a worker; with the job queue down they wait for the sweep."""
    for delivery in deliveries:
        if not job_dispatch(job=delivery, task=WEBHOOK_SEND):
            break


def _public_url(name, **kwargs):
    """A public page's address in English (``/en/events/…``: whoever's action released), which a
    tool may turn into another language's by its first segment."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.PUBLIC_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def webhook_schedule_released(*, release):
    """Tell that a version of the schedule was released: its number, note, what changed (as
    counts) and where to read it (the changelog, this version's feeds)."""
    event, version = release.event, release.version
    changes = release.changes or {}
    feeds = {
        f"schedule_{format_name}": _public_url(
            "schedule-version-feed", slug=event.slug, version=version, format_name=format_name
        )
        for format_name in ("json", "ics", "xml")
    }
    return webhook_event_emit(
        event=event,
        kind=WebhookKind.SCHEDULE_RELEASED,
        payload={
            "version": version,
            "released_at": release.released_at.isoformat(),
            "note": release.note,
            "sessions": len(release.sessions),
            "changes": {
                name: len(changes.get(name, [])) for name in ("added", "moved", "cancelled")
            },
            "links": {
                "changelog": _public_url("public-changes", slug=event.slug),
                "changelog_atom": _public_url("public-changes-atom", slug=event.slug),
                **feeds,
            },
        },
    )


def webhook_signature_recorded(*, request):
    """Tell that a State or organisation signed: what the public list of signatories shows."""
    delegation = request.delegation
    return webhook_event_emit(
        event=request.event,
        kind=WebhookKind.SIGNATURE_RECORDED,
        payload={
            "delegation": {
                "id": delegation.pk,
                "name": delegation.name,
                "country": delegation.country.code or None,
            },
            "representative": request.representative.full_name,
            "signed_at": request.signed_at.isoformat(),
            "signed_on": request.event.local(request.signed_at).date().isoformat(),
            "signatories": _public_url("signatories", slug=request.event.slug),
        },
    )


def webhook_registration_confirmed(*, registration, promoted=False):
    """Tell that a delegate holds a confirmed place in a session (``promoted``: from the
    waiting list). Ids only: no name, e-mail or other detail of the delegate."""
    session = registration.session
    return webhook_event_emit(
        event=session.event,
        kind=WebhookKind.REGISTRATION_CONFIRMED,
        payload={
            "registration": registration.pk,
            "session": {"id": session.pk, "slug": session.slug},
            "delegate": registration.delegate_id,
            "delegation": registration.delegate.delegation_id,
            "promoted_from_waiting_list": promoted,
        },
    )


# Sending -----------------------------------------------------------------------------------


@transaction.atomic
def _delivery_claim(delivery_id, now):
    """The delivery, its attempt counted and its next one set as if this one failed; None when
    it is not to be sent now (delivered, failed, not due, held by another worker, gone)."""
    delivery = row_lock(
        WebhookDelivery.objects.select_related("endpoint"), delivery_id, skip_locked=True
    )
    if delivery is None or delivery.status != WebhookStatus.PENDING:
        return None
    if delivery.next_attempt_at > now:
        return None
    if not delivery.endpoint.active or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = WebhookStatus.FAILED, None
        delivery.response_excerpt = (
            _("The endpoint was switched off.")
            if not delivery.endpoint.active
            else _("Given up after %(n)d attempts.") % {"n": delivery.attempts}
        )
        delivery.save(update_fields=["status", "next_attempt_at", "response_excerpt"])
        return None
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.next_attempt_at = now + max(_retry_pause(delivery.attempts), SEND_LEASE)
    delivery.dispatched_at = None
    delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at", "dispatched_at"])
    return delivery


@transaction.atomic
def _delivery_record(delivery_id, attempt, *, code, excerpt, delivered, retry):
    """Write what the attempt got, unless the delivery moved on meanwhile (sent again from the
    admin, or taken by another worker once this one's lease ran out)."""
    delivery = row_lock(WebhookDelivery, delivery_id, skip_locked=False)
    if delivery.status != WebhookStatus.PENDING or delivery.attempts != attempt:
        return delivery
    now = timezone.now()
    delivery.response_code, delivery.response_excerpt = code, excerpt[:500]
    if delivered:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            WebhookStatus.DELIVERED,
            now,
            None,
        )
    elif retry and attempt < MAX_ATTEMPTS:
        delivery.next_attempt_at = now + _retry_pause(attempt)
    else:
        delivery.status, delivery.next_attempt_at = WebhookStatus.FAILED, None
    delivery.save(
        update_fields=[
            "status",
            "response_code",
            "response_excerpt",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def webhook_delivery_send(*, delivery_id):
    """Send a pending, due delivery once and record the answer; anything else is left as it is
    (a delivered one is never sent again). Returns the delivery, or None once it is gone."""
    delivery = _delivery_claim(delivery_id, timezone.now())
    if delivery is None:
        return WebhookDelivery.objects.filter(pk=delivery_id).first()
    endpoint = delivery.endpoint
    body = body_encode(delivery.payload)
    headers = {
        SIGNATURE_HEADER: signature_header(endpoint.secret, body),
        EVENT_ID_HEADER: str(delivery.uuid),
        EVENT_TYPE_HEADER: delivery.kind,
    }
    try:
        answer = webhook_post(
            endpoint.url, body, headers, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_URLS
        )
    except DeliveryError as error:
        code, excerpt, delivered, retry = None, str(error), False, error.retry
    else:
        code, excerpt = answer.status, answer.excerpt
        delivered = 200 <= code < 300
        retry = code in RETRY_STATUSES or code >= 500
        if 300 <= code < 400:
            excerpt = _("A redirect (not followed): register the final address.")
    try:
        return _delivery_record(
            delivery_id,
            delivery.attempts,
            code=code,
            excerpt=excerpt,
            delivered=delivered,
            retry=retry,
        )
    except WebhookDelivery.DoesNotExist:
        return None


@transaction.atomic
def webhook_delivery_retry(*, delivery):
    """Send a delivery again now (the admin's *Send again*), whatever became of it, with a new
    run of attempts; the receiver sees the same event id."""
    delivery = row_lock(WebhookDelivery.objects.select_related("endpoint"), delivery.pk)
    if not delivery.endpoint.active:
        raise ValidationError(_("The endpoint is switched off: switch it on to send again."))
    delivery.status = WebhookStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.delivered_at = None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "delivered_at"])
    transaction.on_commit(lambda: _deliveries_dispatch([delivery]))
    return delivery


def webhook_deliveries_dispatch():
    """Beat's sweep, every minute: hand to the workers the deliveries due whose message never
    reached one (or left long ago and may have been lost with Redis). How many were handed over
    (``sent``) and how many still wait (``left``)."""
    now = timezone.now()
    return jobs_pending_redispatch(
        jobs=WebhookDelivery.objects.filter(status=WebhookStatus.PENDING, next_attempt_at__lte=now),
        task=WEBHOOK_SEND,
        now=now,
    )
