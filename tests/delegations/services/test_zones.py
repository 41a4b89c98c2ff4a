"""Access zones: the plenary rule, unknown categories, and each category's answer at a door."""

import pytest
from django.core.exceptions import ValidationError

from delegations.enums import STATE_KINDS, AccessCategory, DelegationKind, ZoneKind
from delegations.models import Zone
from delegations.services.zones import zone_refusal, zone_save
from tests.factories import BadgeFactory, EventFactory, RoomFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_a_plenary_rule_that_leaves_the_states_outside_is_refused_and_nothing_is_written():
    event = EventFactory()
    zone = Zone(event=event, name="Plenary floor", kind=ZoneKind.PLENARY, categories=["media"])
    with pytest.raises(ValidationError) as refused:
        zone_save(zone=zone, rooms=[RoomFactory(venue__event=event)])
    assert "plenary" in refused.value.message_dict["categories"][0].lower()
    assert not Zone.objects.exists()


def test_an_existing_plenary_cannot_be_closed_to_the_states():
    zone = ZoneFactory()
    zone.categories = [AccessCategory.HEAD_OF_DELEGATION]
    with pytest.raises(ValidationError):
        zone_save(zone=zone)
    zone.refresh_from_db()
    assert AccessCategory.STATE in zone.categories


@pytest.mark.parametrize("categories", [["spies"], "media", [1]])
def test_unknown_categories_are_refused(categories):
    zone = Zone(
        event=EventFactory(), name="Lounge", kind=ZoneKind.VIP_LOUNGE, categories=categories
    )
    with pytest.raises(ValidationError) as refused:
        zone_save(zone=zone)
    assert "categories" in refused.value.message_dict
    assert not Zone.objects.exists()


def test_a_valid_zone_is_saved_with_its_rooms():
    event = EventFactory()
    room = RoomFactory(venue__event=event)
    zone = Zone(event=event, name="Press centre", kind=ZoneKind.PRESS_CENTRE, categories=["media"])
    zone_save(zone=zone, rooms=[room])
    assert list(Zone.objects.get().rooms.all()) == [room]


def badge_of(kind, *, head=False, category=""):
    return BadgeFactory(
        delegate__delegation__kind=kind,
        delegate__delegation__country="VN" if kind in STATE_KINDS else "",
        delegate__is_head=head,
        category=category,
    )


PLENARY = [AccessCategory.HEAD_OF_DELEGATION, AccessCategory.STATE, AccessCategory.SECURITY]


@pytest.mark.parametrize(
    ("kind", "head", "category", "expected", "admitted"),
    [
        (DelegationKind.MEMBER_STATE, True, "", AccessCategory.HEAD_OF_DELEGATION, True),
        (DelegationKind.MEMBER_STATE, False, "", AccessCategory.STATE, True),
        (DelegationKind.OBSERVER_STATE, False, "", AccessCategory.STATE, True),
        (DelegationKind.UN_ENTITY, False, "", AccessCategory.UNITED_NATIONS, False),
        (DelegationKind.IGO, True, "", AccessCategory.INTERGOVERNMENTAL, False),
        (DelegationKind.NGO, False, "", AccessCategory.STAKEHOLDER, False),
        (DelegationKind.MEDIA, False, "", AccessCategory.MEDIA, False),
        (DelegationKind.NGO, False, AccessCategory.STAFF, AccessCategory.STAFF, False),
        (DelegationKind.NGO, False, AccessCategory.SECURITY, AccessCategory.SECURITY, True),
    ],
)
def test_each_category_at_the_plenary_floor(kind, head, category, expected, admitted):
    badge = badge_of(kind, head=head, category=category)
    zone = Zone(name="Plenary floor", kind=ZoneKind.PLENARY, categories=PLENARY)
    assert badge.access_category == expected
    assert (zone_refusal([zone], badge) is None) is admitted


def test_the_media_get_a_media_badge_and_are_told_why_the_plenary_refuses_them():
    badge = badge_of(DelegationKind.MEDIA)
    zone = Zone(name="Plenary floor", kind=ZoneKind.PLENARY, categories=PLENARY)
    assert zone_refusal([zone], badge) == "Media badges are not admitted to the Plenary floor."
    press = Zone(name="Press centre", kind=ZoneKind.PRESS_CENTRE, categories=["media"])
    assert zone_refusal([press], badge) is None
