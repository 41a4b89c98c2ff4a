"""Access zones: which badge categories a zone's doors admit, and the door's answer.

The rule lives in ``Zone.clean`` (the plenary floor admits at least the States' delegates), so
the admin, the API and this service refuse alike; a refused rule writes nothing.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from delegations.enums import AccessCategory


@transaction.atomic
def zone_save(*, zone, rooms=None):
    """Save a zone after its checks; ``rooms`` (when given) become the rooms its doors are in."""
    zone.full_clean()
    zone.save()
    if rooms is not None:
        zone.rooms.set(rooms)
    return zone


def zone_refusal(zones, badge):
    """Why a door in ``zones`` refuses the badge ("Media badges are not admitted to the Plenary
    floor."), or None when every zone admits the badge's category."""
    category = badge.access_category
    for zone in zones:
        if not zone.admits(category):
            return _("%(category)s badges are not admitted to the %(zone)s.") % {
                "category": AccessCategory(category).label,
                "zone": zone.name,
            }
    return None
