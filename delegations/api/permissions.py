"""API permissions that follow the admin's: a staff action needs the model permission the admin
would ask for it, not just a staff login."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from delegations.selectors.reach import delegations_in_reach, delegations_of, staff_may


def staff_with(*permissions):
    """A permission class: staff holding every one of ``permissions`` (``app.codename``)."""

    class StaffWith(BasePermission):
        def has_permission(self, request, view):
            return staff_may(request.user, *permissions)

    StaffWith.__name__ = f"StaffWith({', '.join(permissions)})"
    return StaffWith


ACCREDITATION = staff_with("delegations.change_delegate")
FULL_POWERS = staff_with("ceremony.change_signingrequest")


class WritesAsInTheAdmin(BasePermission):
    """A staff login that may look at every delegation but not make this write in the admin is
    refused it (403), unless it is also a focal point, who writes for its own delegations."""

    message = _(
        "Your account may see this but not change it: the organisers give that permission in the "
        "admin."
    )

    def has_permission(self, request, view):
        needed = view.write_permissions.get(view.action)
        user = request.user
        if needed is None or staff_may(user, needed):
            return True
        # Door staff and focal points see no more than they may write: nothing to refuse here.
        if not staff_may(user, "delegations.view_delegation"):
            return True
        return delegations_of(user).exists()


class ReachMixin:
    """The delegations a view's request reaches: for a read, every one for staff who may view
    delegations; for a write, every one only for staff holding ``write_permissions[action]``,
    the permission the admin asks for the same write. Anyone else reaches the delegations they
    are focal point of. A staff login that may view but not write is refused the write
    (``WritesAsInTheAdmin``) rather than answered as if nothing were there."""

    write_permissions: dict[str, str] = {}

    def get_permissions(self):
        return [*super().get_permissions(), WritesAsInTheAdmin()]

    def delegations_reached(self):
        user = getattr(self.request, "user", None)
        needed = self.write_permissions.get(getattr(self, "action", None))
        return delegations_in_reach(user, needed) if needed else delegations_in_reach(user)
