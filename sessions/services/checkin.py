"""Check-in: a badge's QR token scanned at the venue entry or at a session's door.

The scanner's nonce is the idempotency key: a scan retried after a lost answer, or sent twice
by a double tap, is recognised and counted once. The database's ``UniqueConstraint(event,
nonce)`` decides between two scans that race; the loser re-reads the winner's row.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from delegations.enums import AccreditationStatus, BadgeRevocation
from delegations.models import Badge, Zone
from delegations.services.zones import zone_refusal
from sessions.enums import RegistrationStatus, SessionStatus
from sessions.models import CheckIn

NONCE_MAX_LENGTH = CheckIn._meta.get_field("nonce").max_length


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _nonce_check(nonce):
    if not nonce:
        _refuse(_("The scan has no scan id (nonce)."), "nonce_missing")
    if len(nonce) > NONCE_MAX_LENGTH:
        _refuse(
            _("The scan id is longer than %(n)d characters.") % {"n": NONCE_MAX_LENGTH},
            "nonce_too_long",
        )


def _badge_of_event(event, token):
    if not token:
        return None
    return (
        Badge.objects.select_related("delegate__delegation")
        .filter(token=token, delegate__delegation__event=event)
        .first()
    )


def _admission_check(event, badge, session, zone=None):
    """The reason a door refuses this badge, raised as a ValidationError; nothing if admitted."""
    if badge is None:
        _refuse(_("Unknown badge: no badge of this event has this code."), "unknown_badge")
    if badge.revoked_at is not None:
        revoked = {
            "number": badge.number,
            "date": f"{event.local(badge.revoked_at):%d %b %Y %H:%M}",
        }
        if badge.revocation_reason == BadgeRevocation.REPLACED:
            _refuse(
                _("Replaced badge: %(number)s was replaced by a new badge on %(date)s.") % revoked,
                "replaced_badge",
            )
        _refuse(_("Revoked badge: %(number)s was revoked on %(date)s.") % revoked, "revoked_badge")
    delegate = badge.delegate
    if delegate.accreditation_status != AccreditationStatus.ACCREDITED:
        _refuse(
            _("Not accredited: %(name)s (%(status)s).")
            % {"name": delegate.full_name, "status": delegate.get_accreditation_status_display()},
            "not_accredited",
        )
    if session is not None and session.event_id != event.pk:
        _refuse(
            _("The session “%(title)s” belongs to another event.") % {"title": session.title},
            "other_event_session",
        )
    if session is not None and session.status == SessionStatus.CANCELLED:
        _refuse(_("The session “%(title)s” is cancelled.") % {"title": session.title}, "cancelled")
    zones = _door_zones(event, session, zone)
    refusal = zone_refusal(zones, badge)
    if refusal:
        _refuse(refusal, "zone_refused")
    return zones


def _door_zones(event, session, zone):
    """The zones a door is in: the one its page names, and those of its session's room."""
    if zone is not None and zone.event_id != event.pk:
        _refuse(
            _("The zone “%(name)s” belongs to another event.") % {"name": zone.name},
            "other_event_zone",
        )
    zones = [zone] if zone is not None else []
    if session is not None and session.room_id:
        zones += [z for z in Zone.objects.filter(event=event, rooms=session.room_id) if z != zone]
    return zones


def _recorded(event, nonce):
    return (
        CheckIn.objects.select_related("event", "session", "delegate__delegation")
        .filter(event=event, nonce=nonce)
        .first()
    )


def _registered(check_in):
    """At a session's door: does the delegate hold a confirmed place? The venue entry admits
    every accredited delegate, so there the answer is yes."""
    if check_in.session_id is None:
        return True
    return check_in.session.registrations.filter(
        delegate_id=check_in.delegate_id, status=RegistrationStatus.CONFIRMED
    ).exists()


def _answer(check_in, badge, created):
    """The check-in with what the door shows (not stored): the badge scanned, ``registered``."""
    check_in.badge = badge
    check_in.registered = _registered(check_in)
    return check_in, created


def _repeat(earlier, badge):
    """A nonce seen before: the same scan again, unless it now comes with another badge."""
    if badge is None or earlier.delegate_id != badge.delegate_id:
        _refuse(_("This scan id was already used for another badge."), "nonce_reused")
    return _answer(earlier, badge, created=False)


def checkin_record(*, event, token, nonce, session=None, gate="", by=None, zone=None):
    """Admit a badge at the venue entry (no session) or a session's door; ``(CheckIn, created)``.

    Refusals raise a ValidationError whose message is the reason shown to door staff (its code
    names it: ``unknown_badge``, ``replaced_badge``, ``revoked_badge``, ``not_accredited``,
    ``other_event_session``, ``cancelled``, ``other_event_zone``, ``zone_refused``,
    ``nonce_missing``, ``nonce_too_long``, ``nonce_reused``). A door is in the ``zone`` its page
    names and in the zones of its session's room: each must admit the badge's access category.
    A nonce already recorded returns that check-in with ``created=False``, even if the badge was
    revoked since: the scan was admitted when it happened. A door admits a delegate without a
    confirmed place (the check-in's ``registered`` says so); refusing them is the door staff's
    call.
    """
    nonce = (nonce or "").strip()
    token = (token or "").strip()
    _nonce_check(nonce)
    badge = _badge_of_event(event, token)
    try:
        zones = _admission_check(event, badge, session, zone)
    except ValidationError:
        # Refused now, but a retried scan that was admitted when it happened stays admitted.
        earlier = _recorded(event, nonce)
        if earlier is not None:
            return _repeat(earlier, badge)
        raise
    check_in = CheckIn(
        event=event,
        delegate=badge.delegate,
        session=session,
        nonce=nonce,
        gate=gate or "",
        zone=zones[0] if zones else None,
        scanned_by=by,
    )
    # The related rows are the ones just read; the nonce's uniqueness is left to the database,
    # which tells a repeated or racing scan by refusing the insert: it is answered as a repeat.
    # A fresh scan, the case of every door, costs no read of earlier scans.
    check_in.full_clean(
        exclude=["event", "delegate", "session", "zone", "scanned_by"], validate_constraints=False
    )
    try:
        with transaction.atomic():
            check_in.save()
    except IntegrityError:
        earlier = _recorded(event, nonce)
        if earlier is None:
            raise
        return _repeat(earlier, badge)
    return _answer(check_in, badge, created=True)
