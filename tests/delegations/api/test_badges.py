"""Badges and zones through the API: the desk's reissue, the plenary rule, who reaches them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations.enums import AccreditationStatus
from delegations.models import Badge, Zone
from tests import factories
from tests.clients import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge():
    return factories.BadgeFactory(
        delegate__accreditation_status=AccreditationStatus.ACCREDITED,
        delegate__accredited_at=timezone.now(),
    )


def reissue(client, badge, cause="lost"):
    return client.post(reverse("badge-reissue", args=[badge.pk]), {"cause": cause}, format="json")


def test_the_desk_reissues_a_badge_and_gets_the_new_one(organiser, badge):
    answer = reissue(api_client(organiser), badge)
    assert answer.status_code == 201, answer.json()
    new = Badge.objects.get(pk=answer.json()["id"])
    badge.refresh_from_db()
    assert badge.replaced_by == new and badge.revocation_reason == "replaced"
    assert answer.json()["revoked_at"] is None


def test_a_bad_cause_is_a_400_by_the_field_and_nothing_changes(organiser, badge):
    answer = reissue(api_client(organiser), badge, cause="eaten")
    assert answer.status_code == 400 and "cause" in answer.json()
    assert Badge.objects.get().revoked_at is None


def test_reissuing_a_replaced_badge_is_a_400(organiser, badge):
    client = api_client(organiser)
    reissue(client, badge)
    answer = reissue(client, badge)
    assert answer.status_code == 400
    assert Badge.objects.count() == 2


def test_door_staff_and_focal_points_cannot_reissue_or_read_badges(badge):
    door_staff = factories.UserFactory(is_staff=True)
    focal_point = factories.FocalPointFactory(delegation=badge.delegate.delegation).user
    for user in (door_staff, focal_point, None):
        client = api_client(user)
        assert reissue(client, badge).status_code in (401, 403)
        assert client.get(reverse("badge-list")).status_code in (401, 403)
    assert Badge.objects.count() == 1


def test_a_plenary_rule_leaving_the_states_out_is_a_400_and_writes_nothing(organiser):
    event = factories.EventFactory()
    answer = api_client(organiser).post(
        reverse("zone-list"),
        {"event": event.pk, "name": "Plenary floor", "kind": "plenary", "categories": ["media"]},
        format="json",
    )
    assert answer.status_code == 400 and "categories" in answer.json()
    assert not Zone.objects.exists()


def test_a_zone_is_created_with_rooms_of_its_event_only(organiser):
    event = factories.EventFactory()
    room = factories.RoomFactory(venue__event=event)
    elsewhere = factories.RoomFactory()
    body = {"event": event.pk, "name": "Press centre", "kind": "press_centre"}
    client = api_client(organiser)
    refused = client.post(
        reverse("zone-list"),
        {**body, "categories": ["media"], "rooms": [elsewhere.pk]},
        format="json",
    )
    assert refused.status_code == 400 and "rooms" in refused.json()
    made = client.post(
        reverse("zone-list"), {**body, "categories": ["media"], "rooms": [room.pk]}, format="json"
    )
    assert made.status_code == 201, made.json()
    assert list(Zone.objects.get().rooms.all()) == [room]


def test_door_staff_cannot_read_or_write_zones():
    client = api_client(factories.UserFactory(is_staff=True))
    assert client.get(reverse("zone-list")).status_code == 403
    assert client.post(reverse("zone-list"), {}, format="json").status_code == 403
