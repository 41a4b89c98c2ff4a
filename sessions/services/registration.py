"""Writes for session registration: places up to capacity, then a waiting list in order.

The portal, the API and the admin call these functions and nothing else, so the rules hold the
same way everywhere. Locks, in the order of ``config.core.locking``: the delegate's delegation,
then the session (its places are what is consumed: every check on its registrations happens
under this lock), then the delegates in ascending id (a delegate is never confirmed in two
overlapping sessions: two sessions registering the same delegate at once serialise on the
delegate's row). The delegation's lock keeps its delegates' registrations from growing while
one of them is withdrawn or rejected, which locks the same rows in the same order.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremony.services.webhooks import webhook_registration_confirmed
from config.core.locking import row_lock, rows_lock
from delegations.enums import AccreditationStatus
from delegations.models import Delegate, Delegation
from sessions.enums import LIVE_STATUSES, RegistrationStatus, SessionAccess, SessionStatus
from sessions.models import Session, SessionRegistration


def _registration_clean(registration):
    """``full_clean`` without asking the database again what this transaction holds locked:
    the session and the delegate were just read under lock, and the one live registration per
    delegate was checked under the session's lock (the database's constraint stays the last
    word). Four queries fewer on the busiest write of registration day."""
    registration.full_clean(exclude=["session", "delegate"], validate_constraints=False)


def _session_locked(session_id):
    """Lock the session row only: its room and event are read, not held."""
    return row_lock(Session.objects.select_related("event", "room"), session_id)


def confirmed_clash(*, delegate_id, session):
    """The delegate's confirmed place in another live session that overlaps this one, if any."""
    return (
        SessionRegistration.objects.filter(
            delegate_id=delegate_id,
            status=RegistrationStatus.CONFIRMED,
            session__start__lt=session.end,
            session__end__gt=session.start,
        )
        .exclude(session_id=session.pk)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session")
        .order_by("session__start")
        .first()
    )


def _clash_message(delegate, clash, event):
    start = timezone.localtime(clash.session.start, event.timezone)
    end = timezone.localtime(clash.session.end, event.timezone)
    return _(
        "%(name)s already has a confirmed place in “%(title)s” (%(start)s–%(end)s), "
        "at the same time as this session."
    ) % {
        "name": delegate,
        "title": clash.session.title,
        "start": f"{start:%d %b %H:%M}",
        "end": f"{end:%H:%M}",
    }


def _places_free(session):
    confirmed = session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return session.effective_capacity - confirmed


def _registrable_check(session):
    if session.status != SessionStatus.SCHEDULED or session.start is None:
        raise ValidationError(
            {"session": _("“%(title)s” is not open for registration.") % {"title": session}}
        )


def _delegate_check(session, delegate):
    if delegate.delegation.event_id != session.event_id:
        raise ValidationError({"delegate": _("The delegate belongs to another event.")})
    if delegate.accreditation_status != AccreditationStatus.ACCREDITED:
        raise ValidationError(
            {
                "delegate": _(
                    "%(name)s is not accredited: only accredited delegates register for sessions."
                )
                % {"name": delegate}
            }
        )


def _access_check(session, delegate, by_organiser):
    if session.access == SessionAccess.INVITATION and not by_organiser:
        raise ValidationError(
            _("“%(title)s” is by invitation: the organisers register its participants.")
            % {"title": session}
        )
    if session.access != SessionAccess.HEADS_PLUS_ONE:
        return
    held = list(
        session.registrations.filter(
            status__in=LIVE_STATUSES, delegate__delegation_id=delegate.delegation_id
        ).values_list("delegate__is_head", flat=True)
    )
    if len(held) >= 2:
        raise ValidationError(
            _("%(delegation)s already holds its two places in “%(title)s”: the head plus one.")
            % {"delegation": delegate.delegation, "title": session}
        )
    if held and not (delegate.is_head or held[0]):
        raise ValidationError(
            _(
                "“%(title)s” is open to heads of delegation plus one: the second place of "
                "%(delegation)s goes with its head of delegation."
            )
            % {"delegation": delegate.delegation, "title": session}
        )


def _registration_refusal(session, delegate, *, held, by_organiser):
    """Raise the reason this registration is refused, if any; ``held`` is the status of the
    delegate's live registration in the session, or None."""
    _registrable_check(session)
    _delegate_check(session, delegate)
    if held is not None:
        raise ValidationError(
            _("%(name)s is already registered for “%(title)s” (%(status)s).")
            % {"name": delegate, "title": session, "status": RegistrationStatus(held).label}
        )
    _access_check(session, delegate, by_organiser)
    clash = confirmed_clash(delegate_id=delegate.pk, session=session)
    if clash is not None:
        raise ValidationError(_clash_message(delegate, clash, session.event))


def registration_check(*, session, delegate, by_organiser=False):
    """Refuse as ``registration_create`` would, writing and locking nothing: a form shows the
    refusal by its fields before anything is saved, and the write checks again under its
    locks."""
    held = (
        session.registrations.filter(delegate=delegate, status__in=LIVE_STATUSES)
        .values_list("status", flat=True)
        .first()
    )
    _registration_refusal(session, delegate, held=held, by_organiser=by_organiser)


@transaction.atomic
def registration_create(*, session, delegate, by_organiser=False):
    """Register a delegate: a confirmed place while places last, else the waiting list.

    ``by_organiser`` is the admin's right to register participants of a session by invitation.
    """
    delegation = row_lock(Delegation, delegate.delegation_id)
    session = _session_locked(session.pk)
    delegate = row_lock(Delegate, delegate.pk)
    delegate.delegation = delegation
    places = session.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        held=Max("status", filter=Q(delegate=delegate, status__in=LIVE_STATUSES)),
    )
    _registration_refusal(session, delegate, held=places["held"], by_organiser=by_organiser)
    registration = SessionRegistration(
        session=session,
        delegate=delegate,
        status=(
            RegistrationStatus.CONFIRMED
            if session.effective_capacity - places["confirmed"] > 0
            else RegistrationStatus.WAITING
        ),
    )
    _registration_clean(registration)
    registration.save()
    if registration.status == RegistrationStatus.CONFIRMED:
        webhook_registration_confirmed(registration=registration)
    return registration


def _waiting_promote(session):
    """Confirm the first waiting, in order, while places are free; the session lock is held.

    A waiting delegate who is no longer accredited, or now holds a confirmed place at an
    overlapping time, keeps their place in the line and is passed over.
    """
    if session.status != SessionStatus.SCHEDULED or session.start is None:
        return []
    free = _places_free(session)
    if free <= 0:
        return []
    waiting = list(
        session.registrations.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")
    )
    locked = rows_lock(
        Delegate.objects.select_related("delegation"),
        [registration.delegate_id for registration in waiting],
    )
    delegates = {delegate.pk: delegate for delegate in locked}
    promoted = []
    for registration in waiting:
        if free == 0:
            break
        delegate = delegates[registration.delegate_id]
        if delegate.accreditation_status != AccreditationStatus.ACCREDITED or confirmed_clash(
            delegate_id=delegate.pk, session=session
        ):
            continue
        registration.session = session
        registration.delegate = delegate
        registration.status = RegistrationStatus.CONFIRMED
        _registration_clean(registration)
        registration.save(update_fields=["status", "updated_at"])
        webhook_registration_confirmed(registration=registration, promoted=True)
        promoted.append(registration)
        free -= 1
    return promoted


@transaction.atomic
def registration_cancel(*, registration):
    """Cancel a registration; a freed place goes to the first in the waiting line.

    Cancelling a cancelled registration changes nothing (a retried request is harmless).
    """
    session = _session_locked(registration.session_id)
    registration = SessionRegistration.objects.get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.full_clean()
    registration.save(update_fields=["status", "updated_at"])
    if freed:
        _waiting_promote(session)
    return registration


@transaction.atomic
def waiting_list_promote(*, session):
    """Fill places freed otherwise than by a cancellation (a larger room, a raised capacity)."""
    return _waiting_promote(_session_locked(session.pk))


def registrations_release_lock(*, delegate_ids):
    """Lock, in the lock order, what giving up these delegates' places will touch: the sessions
    they hold a place (or a place in line) in, then the delegates themselves and everyone
    waiting in those sessions, who may move up. The caller holds the delegates' delegations,
    so that no new place is taken for them meanwhile."""
    session_ids = list(
        SessionRegistration.objects.filter(delegate_id__in=delegate_ids, status__in=LIVE_STATUSES)
        .values_list("session_id", flat=True)
        .distinct()
    )
    rows_lock(Session, session_ids)
    waiting = SessionRegistration.objects.filter(
        session_id__in=session_ids, status=RegistrationStatus.WAITING
    ).values_list("delegate_id", flat=True)
    rows_lock(Delegate, [*delegate_ids, *waiting])


def registrations_release(*, delegate):
    """A delegate who can no longer attend gives up their places: the waiting lists move up.

    Call it after ``registrations_release_lock``, in the same transaction.
    """
    for registration in delegate.session_registrations.filter(status__in=LIVE_STATUSES):
        registration_cancel(registration=registration)
