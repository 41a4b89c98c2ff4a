"""Door staff scan badges and nothing more: reading the scans and the attendance counts takes
the admin's permission to view them, as it does in the admin. A door page lists its own
login's latest scans, not everyone's comings and goings; the badge sheet (names, photos and
the QR codes that open the doors) is never kept by a cache."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from sessions.services.checkin import checkin_record
from tests import factories
from tests.clients import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def gate():
    event = factories.EventFactory()
    badge = factories.BadgeFactory(delegate__delegation__event=event, token="qr-door")
    door = factories.UserFactory(username="door", is_staff=True)
    return event, badge, door


def test_door_staff_scan_but_read_neither_the_scans_nor_the_counts(gate):
    event, badge, door = gate
    client = api_client(door)

    scanned = client.post(
        reverse("check-in-list"),
        {"event": event.pk, "token": badge.token, "nonce": "n-1"},
        format="json",
    )
    listed = client.get(reverse("check-in-list"), {"event": event.pk})
    counted = client.get(reverse("attendance-list"), {"event": event.pk})

    assert scanned.status_code == 201
    assert (listed.status_code, counted.status_code) == (403, 403)
    assert badge.delegate.family_name.upper() not in listed.content.decode()


def test_staff_who_may_view_them_read_the_scans_and_the_counts(gate, organiser):
    event, badge, door = gate
    checkin_record(event=event, token=badge.token, nonce="n-1", by=door)
    client = api_client(organiser)

    listed = client.get(reverse("check-in-list"), {"event": event.pk})
    counted = client.get(reverse("attendance-list"), {"event": event.pk})

    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert counted.status_code == 200


def test_a_door_page_lists_its_own_logins_scans_only(client, gate, organiser):
    event, badge, door = gate
    other = factories.BadgeFactory(delegate__delegation__event=event, token="qr-other")
    checkin_record(event=event, token=badge.token, nonce="mine", by=door)
    checkin_record(event=event, token=other.token, nonce="elsewhere", by=organiser)

    client.force_login(door)
    own = client.get(reverse("checkin:door", args=[event.slug])).context["recent"]
    client.force_login(organiser)
    every = client.get(reverse("checkin:door", args=[event.slug])).context["recent"]

    assert [scan.nonce for scan in own] == ["mine"]
    assert {scan.nonce for scan in every} == {"mine", "elsewhere"}


def no_cache_anywhere(response):
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"private", "no-store", "no-cache"} <= control


def test_the_badge_sheet_is_kept_by_no_cache(organiser_client):
    delegation = factories.DelegationFactory(code="VNM")
    factories.BadgeFactory(delegate__delegation=delegation)
    focal_point = Client()
    focal_point.force_login(factories.FocalPointFactory(delegation=delegation).user)

    portal = focal_point.get(reverse("portal:badge_sheet", args=[delegation.pk]))
    admin = organiser_client.post(
        reverse("admin:delegations_delegation_changelist"),
        {"action": "badge_sheet_download", ACTION_CHECKBOX_NAME: [delegation.pk]},
    )

    for answer in (portal, admin):
        assert answer.status_code == 200
        assert answer["Content-Type"] == "application/pdf"
        assert answer["Content-Disposition"] == 'attachment; filename="badges-VNM.pdf"'
        assert no_cache_anywhere(answer), answer["Cache-Control"]
