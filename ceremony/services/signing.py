"""Writes of the signing of the treaty: requests with full powers, the protocol order and the
slots, signatures and deposits.

The portal, the API, the admin and the Celery task call these services; none re-implements a
rule. Each one validates before it writes and raises ``ValidationError`` with a message for the
person in front of the screen.
"""

from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremony.enums import FullPowersStatus
from ceremony.models import Event, SigningOrderReport, SigningRequest, TreatyDeposit
from ceremony.selectors.signing import signing_protocol_key
from ceremony.services.webhooks import webhook_signature_recorded
from config.core.jobs import task_send
from config.core.locking import row_lock, rows_lock
from config.core.progress import job_key, progress_report
from config.core.text import reason_clean
from delegations.enums import (
    FULL_POWERS_EXEMPT_LEVELS,
    SIGNATORY_KINDS,
)
from delegations.models import Delegation, correspondence_language
from sessions.enums import SessionKind, SessionStatus
from sessions.models import SessionRole

#: Full-powers states under which a representative may sign.
SIGNABLE = (FullPowersStatus.NOT_REQUIRED, FullPowersStatus.VERIFIED)

#: Why a request has no slot: in the build's report in the language it is built in, and in the
#: delegation's own in the message that tells it its published slot is gone.
NO_SLOT_FULL_POWERS = gettext_lazy("full powers not verified")
NO_SLOT_LEFT = gettext_lazy("no slot left: every signing slot is taken")
NO_SLOT_FREE_FOR_THEM = gettext_lazy("no free slot outside the representative's other sessions")


def _full_powers_status_for(level, document):
    if level in FULL_POWERS_EXEMPT_LEVELS:
        return FullPowersStatus.NOT_REQUIRED
    if not document:
        raise ValidationError(
            {
                "full_powers_document": _(
                    "Attach a copy of the instrument of full powers: only a Head of State, a Head "
                    "of Government or a Minister for Foreign Affairs signs without one."
                )
            }
        )
    return FullPowersStatus.AWAITING


@transaction.atomic
def signing_request_create(
    *, delegation, representative, level, preferred_date=None, full_powers_document=None
):
    """A State's or a REIO's request for a signing appointment (one per delegation)."""
    delegation = row_lock(Delegation, delegation.pk)
    if delegation.kind not in SIGNATORY_KINDS:
        raise ValidationError(
            {
                "delegation": _(
                    "Only States and regional economic integration organisations can sign."
                )
            }
        )
    if SigningRequest.objects.filter(event_id=delegation.event_id, delegation=delegation).exists():
        raise ValidationError(_("This delegation has already requested to sign."))
    request = SigningRequest(
        event=delegation.event,
        delegation=delegation,
        representative=representative,
        level=level,
        preferred_date=preferred_date,
        full_powers_document=full_powers_document or "",
        full_powers_status=_full_powers_status_for(level, full_powers_document),
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def signing_request_update(*, request, data):
    """The focal point corrects the request; a new copy of full powers goes back to checking."""
    request = row_lock(SigningRequest, request.pk)
    if request.signed_at is not None:
        raise ValidationError(_("The treaty has been signed: the request cannot change any more."))
    if request.withdrawn_at is not None:
        raise ValidationError(_("This request was withdrawn: contact the organisers."))
    new_person = "representative" in data and data["representative"] != request.representative
    for field in ("representative", "level", "preferred_date"):
        if field in data:
            setattr(request, field, data[field])
    document = data.get("full_powers_document")
    if document:
        request.full_powers_document = document
    if request.level in FULL_POWERS_EXEMPT_LEVELS:
        request.full_powers_status = FullPowersStatus.NOT_REQUIRED
        request.full_powers_note = ""
    elif new_person and not document:
        raise ValidationError(
            {
                "full_powers_document": _(
                    "Full powers name the person who signs: attach the instrument for the new "
                    "representative."
                )
            }
        )
    elif document or request.full_powers_status == FullPowersStatus.NOT_REQUIRED:
        request.full_powers_status = _full_powers_status_for(
            request.level, request.full_powers_document
        )
        request.full_powers_note = ""
    if new_person:
        # The slot was checked against the previous representative's other sessions.
        _slot_clear(request)
    if request.full_powers_status not in SIGNABLE:
        _slot_clear(request)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def signing_request_withdraw(*, request):
    request = row_lock(SigningRequest, request.pk)
    if request.signed_at is not None:
        raise ValidationError(_("A signature cannot be withdrawn."))
    request.withdrawn_at = request.withdrawn_at or timezone.now()
    _slot_clear(request)
    request.save()
    return request


def _slot_clear(request):
    request.slot_session = None
    request.slot_start = None
    request.slot_end = None
    request.slot_published_at = None
    request.signing_order = None


@transaction.atomic
def full_powers_verify(*, request):
    """A treaty officer found the instrument of full powers in order."""
    request = row_lock(SigningRequest, request.pk)
    if request.full_powers_status == FullPowersStatus.NOT_REQUIRED:
        raise ValidationError(_("This representative signs without full powers."))
    if not request.full_powers_document:
        raise ValidationError(_("There is no copy of full powers to verify."))
    request.full_powers_status = FullPowersStatus.VERIFIED
    request.full_powers_note = ""
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def full_powers_reject(*, request, reason):
    """The instrument is not in order: the reason goes to the focal point; no slot meanwhile."""
    reason = reason_clean(reason, missing=_("Give the reason for rejecting the full powers."))
    request = row_lock(SigningRequest, request.pk)
    if request.full_powers_status == FullPowersStatus.NOT_REQUIRED:
        raise ValidationError(_("This representative signs without full powers."))
    if request.signed_at is not None:
        raise ValidationError(_("The treaty has already been signed under these full powers."))
    request.full_powers_status = FullPowersStatus.REJECTED
    request.full_powers_note = reason
    _slot_clear(request)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def signature_record(*, request, signed_at=None):
    """Record that the representative signed: at the slot's time unless told otherwise (or now,
    when the slot is still to come). A date outside the treaty's window is refused."""
    request = row_lock(SigningRequest, request.pk)
    if request.withdrawn_at is not None:
        raise ValidationError(_("This request was withdrawn."))
    if request.full_powers_status not in SIGNABLE:
        raise ValidationError(_("A signature needs verified full powers."))
    if request.signed_at is None:
        now = timezone.now()
        slot = request.slot_start if request.slot_start and request.slot_start <= now else None
        request.signed_at = signed_at or slot or now
        request.full_clean()
        request.save()
        webhook_signature_recorded(request=request)
    return request


@transaction.atomic
def treaty_deposit_record(*, event, delegation, kind, deposited_on, note=""):
    deposit = TreatyDeposit(
        event=event, delegation=delegation, kind=kind, deposited_on=deposited_on, note=note
    )
    deposit.full_clean()
    deposit.save()
    return deposit


# The signing order and the slots ------------------------------------------------------------


def _slots(event, sessions):
    """Every slot of the signing sessions, in time order, breaks left out."""
    length = timedelta(minutes=event.signing_minutes)
    pause = timedelta(minutes=event.signing_break_minutes)
    for session in sessions:
        moment, count = session.start, 0
        while moment + length <= session.end:
            yield session, moment
            moment += length
            count += 1
            if event.signing_break_every and count % event.signing_break_every == 0:
                moment += pause


def _engagements(event, requests):
    """Where each representative chairs or speaks outside the signing: delegate -> spans."""
    roles = (
        SessionRole.objects.filter(
            delegate_id__in=[request.representative_id for request in requests],
            session__event=event,
            session__start__isnull=False,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .exclude(session__kind=SessionKind.SIGNING)
        .select_related("session")
    )
    spans = {}
    for role in roles:
        spans.setdefault(role.delegate_id, []).append(
            (role.session.start, role.session.end, role.session.title)
        )
    return spans


def _overlapping(spans, start, end):
    return any(taken_start < end and start < taken_end for taken_start, taken_end in spans)


@transaction.atomic
def signing_order_build(*, event):
    """Give every signatory whose full powers are in order a slot, in protocol order.

    No two slots of a signing session overlap, signed or not, whatever the minutes per
    signature were when each was given (a slot keeps its own end). A slot already published
    stays where it is when it still can (a delegation may have planned around it), at the
    length slots have now; every published slot that has to move is reported. A slot never
    falls while the representative is chairing or speaking in another session. Returns the
    report. Reports its steps (``signing_order_key``); done once the slots are committed.
    """
    key = signing_order_key(event)
    progress_report(key, stage="reading", percent=5)
    event = row_lock(Event, event.pk)
    sessions = {
        session.pk: session
        for session in event.sessions.filter(kind=SessionKind.SIGNING, start__isnull=False)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("start")
    }
    live = SigningRequest.objects.filter(event=event, withdrawn_at__isnull=True)
    requests = rows_lock(
        live.select_related("delegation", "representative"), live.values_list("pk", flat=True)
    )
    length = timedelta(minutes=event.signing_minutes)
    engagements = _engagements(event, requests)
    slots = list(_slots(event, sessions.values()))
    signed = [request for request in requests if request.signed_at is not None]
    taken = defaultdict(list)  # session id -> the spans given, signed ones first
    for request in signed:
        if request.slot_start is not None:
            taken[request.slot_session_id].append(
                (request.slot_start, request.slot_end or request.slot_start + length)
            )
    waiting = sorted(
        (request for request in requests if request.signed_at is None),
        key=lambda request: signing_protocol_key(event, request),
    )
    before = {request.pk: (request.slot_session_id, request.slot_start) for request in waiting}

    def open_at(session_id, moment):
        session = sessions.get(session_id)
        if session is None or moment is None:
            return False
        if not (session.start <= moment and moment + length <= session.end):
            return False
        return not _overlapping(taken[session_id], moment, moment + length)

    def free_for(request, session_id, moment):
        if not open_at(session_id, moment):
            return False
        return not _overlapping(
            [(start, end) for start, end, _title in engagements.get(request.representative_id, [])],
            moment,
            moment + length,
        )

    def take(request, slot):
        placement[request.pk] = slot
        taken[slot[0]].append((slot[1], slot[1] + length))

    progress_report(key, stage="placing", percent=40)
    placement = {}
    eligible = [request for request in waiting if request.full_powers_status in SIGNABLE]
    for request in eligible:
        held = before[request.pk]
        if request.slot_published_at and free_for(request, *held):
            take(request, held)
    for request in eligible:
        if request.pk in placement:
            continue
        options = [(session.pk, moment) for session, moment in slots]
        if request.preferred_date:
            zone = event.timezone
            options.sort(key=lambda slot: slot[1].astimezone(zone).date() != request.preferred_date)
        slot = next((option for option in options if free_for(request, *option)), None)
        if slot is not None:
            take(request, slot)

    def local_minute(moment):
        return event.local(moment).isoformat(timespec="minutes")

    slots_of = [(session.pk, moment) for session, moment in slots]
    report = {"assigned": [], "moved": [], "unassigned": []}
    moved, lost = [], []
    SigningRequest.objects.filter(pk__in=[request.pk for request in waiting]).update(
        slot_session=None, slot_start=None, slot_end=None, signing_order=None
    )
    ordered = sorted(placement.items(), key=lambda item: (item[1][1], item[1][0]))
    position = {pk: number for number, (pk, _slot) in enumerate(ordered, start=1 + len(signed))}
    for request in waiting:
        slot = placement.get(request.pk)
        name = str(request.delegation)
        if slot is None:
            if request.full_powers_status not in SIGNABLE:
                reason = NO_SLOT_FULL_POWERS
            elif not any(open_at(session_id, moment) for session_id, moment in slots_of):
                reason = NO_SLOT_LEFT
            else:
                reason = NO_SLOT_FREE_FOR_THEM
            report["unassigned"].append({"delegation": name, "reason": str(reason)})
            if request.slot_published_at and before[request.pk][1] is not None:
                lost.append((request, before[request.pk][1], reason))
            request.slot_published_at = None
            request.signing_order = None
            request.slot_session_id = request.slot_start = request.slot_end = None
        else:
            request.slot_session_id, request.slot_start = slot
            request.slot_end = slot[1] + length
            request.signing_order = position[request.pk]
            report["assigned"].append({"delegation": name, "slot": local_minute(slot[1])})
            if request.slot_published_at and before[request.pk] != slot:
                moved.append((request, before[request.pk][1], slot[1]))
                report["moved"].append(
                    {
                        "delegation": name,
                        "from": local_minute(before[request.pk][1])
                        if before[request.pk][1]
                        else None,
                        "to": local_minute(slot[1]),
                    }
                )
        request.save(
            update_fields=[
                "slot_session",
                "slot_start",
                "slot_end",
                "signing_order",
                "slot_published_at",
            ]
        )
    progress_report(key, stage="saving", percent=80)
    for request, was, now in moved:
        _slot_moved_tell(event, request, was, now)
    for request, was, reason in lost:
        _slot_lost_tell(event, request, was, reason)
    SigningOrderReport.objects.create(
        event=event,
        assigned=len(report["assigned"]),
        moved=report["moved"],
        unassigned=report["unassigned"],
    )
    transaction.on_commit(lambda: progress_report(key, stage="done", percent=100))
    return report


def signing_order_key(event):
    """The key the signing order's progress is reported under (``config.core.progress``)."""
    return job_key(event, "signing-order")


def _delegation_tell(request, message):
    """E-mail a delegation (its contact address and its focal points) in its correspondence
    language, once what the message says is committed. ``message()`` returns the subject and
    the text, and is called inside that language."""
    delegation = request.delegation
    addresses = {delegation.contact_email}
    addresses |= set(delegation.focal_points.values_list("user__email", flat=True))
    recipients = sorted(address for address in addresses if address)
    if not recipients:
        return
    with translation.override(correspondence_language(delegation.language)):
        subject, body = message()
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


def _local_minute(event, moment):
    """A moment of the signing as its reader says it: day, month, year and time, in the
    event's zone (the month in the active language)."""
    return date_format(event.local(moment), "DATETIME_FORMAT")


def _slot_moved_tell(event, request, was, now):
    """A delegation whose published slot moved is told by e-mail, in its language."""

    def message():
        subject = _("%(event)s: your signing appointment has moved") % {"event": event.acronym}
        body = _(
            "The signing appointment of %(delegation)s (%(representative)s) has moved from "
            "%(was)s to %(now)s (%(zone)s). The portal shows the order of the ceremony."
        ) % {
            "delegation": request.delegation.name,
            "representative": request.representative.full_name,
            "was": _local_minute(event, was) if was else "—",
            "now": _local_minute(event, now),
            "zone": event.timezone,
        }
        return subject, body

    _delegation_tell(request, message)


def _slot_lost_tell(event, request, was, reason):
    """A delegation whose published slot is gone, with no other to give it, is told by
    e-mail, in its language, with the reason."""

    def message():
        subject = _("%(event)s: your signing appointment is cancelled") % {"event": event.acronym}
        body = _(
            "The signing appointment of %(delegation)s (%(representative)s) on %(was)s "
            "(%(zone)s) is cancelled, and no other slot could be given: %(reason)s. The "
            "organisers will contact you; the portal shows the order of the ceremony."
        ) % {
            "delegation": request.delegation.name,
            "representative": request.representative.full_name,
            "was": _local_minute(event, was),
            "zone": event.timezone,
            "reason": reason,
        }
        return subject, body

    _delegation_tell(request, message)


@transaction.atomic
def signing_slots_publish(*, event):
    """Tell the delegations their slots: from now on a re-run keeps them where it can."""
    return SigningRequest.objects.filter(
        event=event, slot_start__isnull=False, withdrawn_at__isnull=True
    ).update(slot_published_at=timezone.now())


# The tracker -----------------------------------------------------------------------------------


def signing_order_request(*, event):
    """Build the signing order in a worker (``ceremony.tasks.signing_order_compute``); with the
    job queue down, build it here and now, since it is quick. Returns the report, or None while
    a worker builds it."""
    result = task_send("ceremony.tasks.signing_order_compute", event.pk)
    if result is None:
        return signing_order_build(event=event)
    return result.get() if result.ready() else None
