"""Accreditation: organisers accredit a submitted delegate (who receives a badge) or reject them
with a reason the focal point reads; one at a time or many at once, all or nothing.

Locks follow ``config.core.locking``: the event (its badge numbers), the delegation (its
quota), the sessions a rejected delegate gives up, then the delegates. Many at once lock all
of them first, in that order, then act on each.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ceremony.models import Event
from config.core.locking import row_lock, rows_lock
from config.core.text import reason_clean
from delegations.enums import AccreditationStatus
from delegations.models import Delegate, Delegation
from delegations.selectors.delegations import places_remaining
from delegations.services.badges import badge_issue
from delegations.services.delegates import (
    delegate_departure_complete,
    delegate_departure_lock,
    delegation_locked,
)
from sessions.services.registration import registrations_release_lock


@transaction.atomic
def delegate_accredit(*, delegate):
    """Accredit a submitted (or earlier rejected) delegate and issue the badge."""
    row_lock(Event, delegate.delegation.event_id)
    delegation = delegation_locked(delegate.delegation_id)
    delegate = row_lock(Delegate.objects.select_related("delegation__event"), delegate.pk)
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
    delegate = delegate_departure_lock(delegate)
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
    delegate_departure_complete(delegate)
    return delegate


def _delegations_of(delegates):
    return Delegation.objects.filter(pk__in={delegate.delegation_id for delegate in delegates})


@transaction.atomic
def delegates_accredit(*, delegates):
    """Accredit many delegates: all of them, or none."""
    delegates = list(delegates)
    delegations = _delegations_of(delegates)
    rows_lock(Event, delegations.values_list("event_id", flat=True))
    rows_lock(Delegation, delegations.values_list("pk", flat=True))
    rows_lock(Delegate, [delegate.pk for delegate in delegates])
    return [delegate_accredit(delegate=delegate) for delegate in delegates]


@transaction.atomic
def delegates_reject(*, delegates, reason):
    """Reject many delegates with one reason: all of them, or none."""
    delegates = list(delegates)
    rows_lock(Delegation, _delegations_of(delegates).values_list("pk", flat=True))
    registrations_release_lock(delegate_ids=[delegate.pk for delegate in delegates])
    return [delegate_reject(delegate=delegate, reason=reason) for delegate in delegates]
