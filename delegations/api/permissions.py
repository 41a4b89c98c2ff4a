"""API permissions that follow the admin's: a staff action needs the model permission the admin
would ask for it, not just a staff login."""

from rest_framework.permissions import BasePermission

from ..selectors import staff_may


def staff_with(*permissions):
    """A permission class: staff holding every one of ``permissions`` (``app.codename``)."""

    class StaffWith(BasePermission):
        def has_permission(self, request, view):
            return staff_may(request.user, *permissions)

    StaffWith.__name__ = f"StaffWith({', '.join(permissions)})"
    return StaffWith


ACCREDITATION = staff_with("delegations.change_delegate")
FULL_POWERS = staff_with("ceremony.change_signingrequest")
