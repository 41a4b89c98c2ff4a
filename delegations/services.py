"""Writes for delegations: focal-point invitations, delegates, submission, accreditation, badges.

The portal, the API and the admin call these functions and nothing else, so that every rule
(registration window, quota, who may change what, the badge that follows accreditation) holds
the same way everywhere. Each one validates before writing and raises ``ValidationError`` with
a message for the person in front of the screen; nothing is half-written.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremony.models import Event
from config.text import reason_clean
from sessions.services import LIVE_STATUSES, registration_cancel

from .models import (
    QUOTA_STATUSES,
    AccreditationStatus,
    Badge,
    Delegate,
    Delegation,
    DelegationQuota,
    FocalPoint,
    FocalPointInvitation,
)

#: What a focal point may fill in for a delegate (the rest is the organisers').
DELEGATE_FIELDS = (
    "honorific",
    "given_name",
    "family_name",
    "name_native",
    "function",
    "level",
    "is_head",
    "email",
    "phone",
    "photo",
    "arrival",
    "departure",
    "dietary_needs",
    "accessibility_needs",
)
DELEGATION_PROFILE_FIELDS = ("contact_email", "contact_phone", "address")


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


# Focal points -----------------------------------------------------------------------------


@transaction.atomic
def focal_point_invite(*, delegation, email, invited_by, site_url):
    """Create a single-use invitation and e-mail its link (after the transaction commits)."""
    token = secrets.token_urlsafe(32)
    invitation = FocalPointInvitation(
        delegation=delegation,
        email=email.strip().lower(),
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=delegation.event.invitation_valid_days),
        invited_by=invited_by,
    )
    invitation.full_clean()
    invitation.save()
    link = site_url.rstrip("/") + reverse("portal:invitation_accept", args=[token])
    body = render_to_string(
        "portal/email/invitation.txt",
        {"invitation": invitation, "delegation": delegation, "link": link},
    )
    subject = _("Register the delegation of %(name)s") % {"name": delegation.name}
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))
    return invitation


def invitation_by_token(token):
    """The invitation a link points to, or a ValidationError that says why it cannot be used."""
    invitation = (
        FocalPointInvitation.objects.select_related("delegation__event")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used. Please sign in."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired. Ask the organisers to send a new one.")
        )
    return invitation


def _account_create(*, email, password, exists_message):
    """A focal point's login: the e-mail is the username; the password passes the validators."""
    User = get_user_model()
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError(exists_message)
    user = User(username=email, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def focal_point_account_create(*, delegation, email, password):
    """Organisers' shortcut (command line, demo): a focal point without an invitation e-mail."""
    email = email.strip().lower()
    user = get_user_model().objects.filter(username__iexact=email).first()
    if user is None:
        user = _account_create(
            email=email, password=password, exists_message=_("This account already exists.")
        )
    FocalPoint.objects.get_or_create(user=user, delegation=delegation)
    return user


@transaction.atomic
def invitation_accept(*, token, password, user=None):
    """Accept an invitation: a new account (with ``password``) or the signed-in ``user``.

    The invitation row is locked so that a link clicked twice at once is used once.
    """
    invitation = invitation_by_token(token)
    invitation = FocalPointInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used. Please sign in."))
    if user is None:
        user = _account_create(
            email=invitation.email,
            password=password,
            exists_message=_(
                "An account with this e-mail already exists: sign in, then open the link again."
            ),
        )
    FocalPoint.objects.get_or_create(user=user, delegation=invitation.delegation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


# Delegations and delegates ----------------------------------------------------------------


def registration_open_check(event):
    if not event.registration_is_open():
        raise ValidationError(_("Registration for this event is closed."))


def quota_for(delegation):
    """Places of the delegation's kind at its event, or None when the event sets no limit."""
    return (
        DelegationQuota.objects.filter(event_id=delegation.event_id, kind=delegation.kind)
        .values_list("max_delegates", flat=True)
        .first()
    )


def places_remaining(delegation):
    """Places left in the quota (None: no limit)."""
    quota = quota_for(delegation)
    if quota is None:
        return None
    used = delegation.delegates.filter(accreditation_status__in=QUOTA_STATUSES).count()
    return max(quota - used, 0)


def _delegation_locked(delegation):
    """Lock the delegation row: the quota check and the write that uses a place go together."""
    return Delegation.objects.select_for_update().select_related("event").get(pk=delegation.pk)


@transaction.atomic
def delegation_profile_update(*, delegation, data):
    delegation = _delegation_locked(delegation)
    registration_open_check(delegation.event)
    for field in DELEGATION_PROFILE_FIELDS:
        if field in data:
            setattr(delegation, field, data[field])
    delegation.full_clean()
    delegation.save()
    return delegation


def _delegate_fill(delegate, data):
    unknown = set(data) - set(DELEGATE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s.") % ", ".join(sorted(unknown)))
    for field, value in data.items():
        # save_form_data: a cleared photo (False) becomes empty, an untouched one (None) stays.
        Delegate._meta.get_field(field).save_form_data(delegate, value)


@transaction.atomic
def delegate_create(*, delegation, data):
    """Add a delegate as a draft, if the window is open and the quota has a place."""
    delegation = _delegation_locked(delegation)
    registration_open_check(delegation.event)
    remaining = places_remaining(delegation)
    if remaining == 0:
        raise ValidationError(
            _("The quota of %(quota)d delegates for this delegation is full.")
            % {"quota": quota_for(delegation)}
        )
    delegate = Delegate(delegation=delegation, accreditation_status=AccreditationStatus.DRAFT)
    _delegate_fill(delegate, data)
    delegate.full_clean()
    delegate.save()
    return delegate


@transaction.atomic
def delegate_update(*, delegate, data):
    """Change a delegate who is not accredited yet; a rejected one goes back to draft."""
    delegation = _delegation_locked(delegate.delegation)
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    registration_open_check(delegation.event)
    if delegate.accreditation_status in (
        AccreditationStatus.ACCREDITED,
        AccreditationStatus.WITHDRAWN,
    ):
        raise ValidationError(
            _("An accredited or withdrawn delegate cannot be changed here: contact the organisers.")
        )
    if delegate.accreditation_status == AccreditationStatus.REJECTED:
        if places_remaining(delegation) == 0:
            raise ValidationError(_("The quota for this delegation is full."))
        delegate.accreditation_status = AccreditationStatus.DRAFT
        delegate.accreditation_note = ""
    _delegate_fill(delegate, data)
    delegate.full_clean()
    delegate.save()
    return delegate


@transaction.atomic
def delegate_withdraw(*, delegate):
    """Withdraw a delegate, also after registration closes (plans change): the place in the
    quota is freed and a badge is revoked."""
    delegate = (
        Delegate.objects.select_for_update().select_related("delegation__event").get(pk=delegate.pk)
    )
    if delegate.accreditation_status == AccreditationStatus.WITHDRAWN:
        return delegate
    delegate.accreditation_status = AccreditationStatus.WITHDRAWN
    delegate.is_head = False
    delegate.full_clean()
    delegate.save()
    badge_revoke(delegate=delegate)
    _registrations_release(delegate)
    return delegate


@transaction.atomic
def delegation_submit(*, delegation):
    """Send every draft delegate for accreditation; returns how many were sent."""
    delegation = _delegation_locked(delegation)
    registration_open_check(delegation.event)
    drafts = list(
        delegation.delegates.select_for_update().filter(
            accreditation_status=AccreditationStatus.DRAFT
        )
    )
    if not drafts:
        raise ValidationError(_("There is no delegate to submit: add delegates first."))
    for delegate in drafts:
        delegate.accreditation_status = AccreditationStatus.SUBMITTED
        delegate.full_clean()
        delegate.save()
    return len(drafts)


# Accreditation and badges -----------------------------------------------------------------


@transaction.atomic
def delegate_accredit(*, delegate):
    """Accredit a submitted (or earlier rejected) delegate and issue the badge."""
    delegation = _delegation_locked(delegate.delegation)
    delegate = (
        Delegate.objects.select_for_update().select_related("delegation__event").get(pk=delegate.pk)
    )
    if delegate.accreditation_status == AccreditationStatus.ACCREDITED:
        return delegate
    if delegate.accreditation_status not in (
        AccreditationStatus.SUBMITTED,
        AccreditationStatus.REJECTED,
    ):
        raise ValidationError(
            _("%(name)s has not been submitted for accreditation.") % {"name": delegate}
        )
    # A rejected delegate holds no place: taking one back needs a free place in the quota.
    if delegate.accreditation_status == AccreditationStatus.REJECTED and (
        places_remaining(delegation) == 0
    ):
        raise ValidationError(
            _("The quota for %(delegation)s is full: %(name)s cannot be accredited.")
            % {"delegation": delegation, "name": delegate}
        )
    delegate.accreditation_status = AccreditationStatus.ACCREDITED
    delegate.accreditation_note = ""
    delegate.full_clean()
    delegate.save()
    badge_issue(delegate=delegate)
    return delegate


@transaction.atomic
def delegate_reject(*, delegate, reason):
    """Refuse (or withdraw) accreditation with a reason the focal point will read."""
    reason = reason_clean(reason, missing=_("Give the reason for rejecting the accreditation."))
    delegate = (
        Delegate.objects.select_for_update().select_related("delegation__event").get(pk=delegate.pk)
    )
    if delegate.accreditation_status not in (
        AccreditationStatus.SUBMITTED,
        AccreditationStatus.ACCREDITED,
        AccreditationStatus.REJECTED,
    ):
        raise ValidationError(
            _("%(name)s has not been submitted for accreditation.") % {"name": delegate}
        )
    delegate.accreditation_status = AccreditationStatus.REJECTED
    delegate.accreditation_note = reason
    delegate.full_clean()
    delegate.save()
    badge_revoke(delegate=delegate)
    _registrations_release(delegate)
    return delegate


def _bulk(action, delegates, **kwargs):
    """Apply one accreditation action to many delegates: all of them, or none."""
    with transaction.atomic():
        done = [action(delegate=delegate, **kwargs) for delegate in delegates]
    return done


def delegates_accredit(*, delegates):
    return _bulk(delegate_accredit, delegates)


def delegates_reject(*, delegates, reason):
    return _bulk(delegate_reject, delegates, reason=reason)


def _registrations_release(delegate):
    """A delegate who can no longer attend gives up their places: the waiting lists move up."""
    for registration in delegate.session_registrations.filter(status__in=LIVE_STATUSES):
        registration_cancel(registration=registration)


def badge_numbers_reserve(event, count=1):
    """The next ``count`` badge numbers of the event ("HANOI2025-000123").

    Locks the event row, so two accreditations at once never take the same number; call it
    inside the transaction that saves the badges.
    """
    Event.objects.select_for_update().filter(pk=event.pk).first()
    prefix = f"{event.acronym}-"
    last = Badge.objects.filter(
        number__startswith=prefix, delegate__delegation__event=event
    ).aggregate(Max("number"))["number__max"]
    first = int(last.removeprefix(prefix)) + 1 if last else 1
    return [f"{prefix}{sequence:06d}" for sequence in range(first, first + count)]


def badge_token():
    """What the QR code holds: 256 random bits, not derived from anything about the person."""
    return secrets.token_urlsafe(32)


def badge_issue(*, delegate):
    """A live badge with the next number of the event and a random QR token."""
    live = delegate.badges.filter(revoked_at__isnull=True).first()
    if live is not None:
        return live
    (number,) = badge_numbers_reserve(delegate.delegation.event)
    badge = Badge(delegate=delegate, number=number, token=badge_token())
    badge.full_clean()
    badge.save()
    return badge


def badge_revoke(*, delegate):
    """Revoke the delegate's live badge, if any: door scans refuse it from now on."""
    for badge in delegate.badges.filter(revoked_at__isnull=True):
        badge.revoked_at = timezone.now()
        badge.save(update_fields=["revoked_at"])
