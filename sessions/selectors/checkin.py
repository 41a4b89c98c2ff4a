"""Reads of the doors: the scans a door page shows."""

from delegations.selectors.reach import staff_may
from sessions.models import CheckIn

RECENT_SCANS = 10


def recent_scans(*, event, user):
    """The event's latest scans, as a door page lists them: all of them for staff who may view
    check-ins in the admin, else only those this login made (door staff see their own door's
    work, not everyone's comings and goings)."""
    scans = CheckIn.objects.filter(event=event)
    if not staff_may(user, "programme.view_checkin"):
        scans = scans.filter(scanned_by=user)
    return scans.select_related("delegate__delegation", "session").order_by("-scanned_at", "-pk")[
        :RECENT_SCANS
    ]
