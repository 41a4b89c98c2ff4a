"""Who reaches which delegations: a focal point its own, staff what their admin permissions
allow. The portal and the API cut every queryset to this reach before any lookup, so another
delegation's id answers exactly as a missing one."""

from delegations.models import Delegation


def delegations_of(user):
    """The delegations a person may see and change in the portal: those they are focal point of."""
    if not user.is_authenticated:
        return Delegation.objects.none()
    return Delegation.objects.filter(focal_points__user=user).select_related("event")


def staff_may(user, *permissions):
    """Staff holding the model permissions the admin asks for the same thing.

    A staff login alone (door staff) opens the check-in page and nothing more: the API gives it
    no more than the admin does.
    """
    return bool(user and user.is_staff and user.has_perms(permissions))


def delegations_in_reach(user, permission="delegations.view_delegation"):
    """For the API: organisers (staff holding ``permission``: to view delegations, or for a
    write the permission the admin asks for it) reach every delegation; a focal point, its own;
    anyone else, door staff included, none."""
    if user is None:
        return Delegation.objects.none()
    if staff_may(user, permission):
        return Delegation.objects.all()
    return delegations_of(user)
