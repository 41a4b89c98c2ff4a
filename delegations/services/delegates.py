"""Writes for delegations and their delegates: the delegation's contact details, delegates
added, changed, withdrawn, and sent for accreditation.

The portal, the API and the admin call these functions and nothing else, so that every rule
(registration window, quota, who may change what) holds the same way everywhere. Each one
validates before writing and raises ``ValidationError`` with a message for the person in front
of the screen; nothing is half-written. Locks follow ``config.core.locking``: the delegation
first (its quota), then its delegates.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config.core.locking import row_lock, rows_lock
from delegations.enums import AccreditationStatus
from delegations.models import Delegate, Delegation
from delegations.selectors.delegations import places_remaining, quota_for
from delegations.services.badges import badge_revoke
from sessions.services.registration import registrations_release, registrations_release_lock

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
    "language",
    "photo",
    "arrival",
    "departure",
    "dietary_needs",
    "accessibility_needs",
)
DELEGATION_PROFILE_FIELDS = ("contact_email", "contact_phone", "address", "language")


def registration_open_check(event):
    if not event.registration_is_open():
        raise ValidationError(_("Registration for this event is closed."))


def delegation_locked(delegation_id):
    """Lock the delegation row: the quota check and the write that uses a place go together."""
    return row_lock(Delegation.objects.select_related("event"), delegation_id)


@transaction.atomic
def delegation_profile_update(*, delegation, data):
    delegation = delegation_locked(delegation.pk)
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
    delegation = delegation_locked(delegation.pk)
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
    delegation = delegation_locked(delegate.delegation_id)
    delegate = row_lock(Delegate, delegate.pk)
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
def delegate_withdraw(*, delegate, by_organiser=False):
    """Withdraw a delegate: the place in the quota is freed, a badge revoked, their places in
    sessions go to the waiting lists. A focal point may do it while registration is open; after
    it, the delegation is read-only for them, and organisers withdraw (plans change)."""
    if not by_organiser:
        registration_open_check(delegate.delegation.event)
    delegate = delegate_departure_lock(delegate)
    if delegate.accreditation_status == AccreditationStatus.WITHDRAWN:
        return delegate
    delegate.accreditation_status = AccreditationStatus.WITHDRAWN
    delegate.is_head = False
    delegate.full_clean()
    delegate.save()
    delegate_departure_complete(delegate)
    return delegate


def delegate_departure_lock(delegate):
    """The delegate, locked with all that their leaving touches, in the lock order: their
    delegation (so that no new place is taken for them meanwhile), the sessions they hold
    places in and everyone waiting there (who may move up), then the delegate themself."""
    delegation_locked(delegate.delegation_id)
    registrations_release_lock(delegate_ids=[delegate.pk])
    return row_lock(Delegate.objects.select_related("delegation__event"), delegate.pk)


def delegate_departure_complete(delegate):
    """A delegate who will not attend (withdrawn, rejected) loses their badge and their places,
    which go to the waiting lists; ``delegate_departure_lock`` has locked what this touches."""
    badge_revoke(delegate=delegate)
    registrations_release(delegate=delegate)


@transaction.atomic
def delegation_submit(*, delegation):
    """Send every draft delegate for accreditation; returns how many were sent."""
    delegation = delegation_locked(delegation.pk)
    registration_open_check(delegation.event)
    drafts = delegation.delegates.filter(accreditation_status=AccreditationStatus.DRAFT)
    drafts = rows_lock(drafts, drafts.values_list("pk", flat=True))
    if not drafts:
        raise ValidationError(_("There is no delegate to submit: add delegates first."))
    for delegate in drafts:
        delegate.accreditation_status = AccreditationStatus.SUBMITTED
        delegate.full_clean()
        delegate.save()
    return len(drafts)
