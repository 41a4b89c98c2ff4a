"""The accreditation desk: search, photo, reissue and print, for staff with its permission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delegations.enums import AccreditationStatus
from delegations.models import Badge, Delegate
from tests import factories
from tests.files import image_bytes

pytestmark = pytest.mark.django_db

DESK = "admin:delegations_badge_desk"


def accredited_badge(**delegate):
    return factories.BadgeFactory(
        delegate__accreditation_status=AccreditationStatus.ACCREDITED,
        delegate__accredited_at=timezone.now(),
        **{f"delegate__{key}": value for key, value in delegate.items()},
    )


def test_the_desk_finds_a_delegate_by_name_delegation_and_badge_number(organiser_client):
    badge = accredited_badge(family_name="Nguyen", delegation__name="Viet Nam Mission")
    accredited_badge(family_name="Okafor")
    for query in ("nguyen", "Viet Nam", badge.number):
        page = organiser_client.get(reverse(DESK), {"q": query})
        assert page.status_code == 200
        assert [d.pk for d in page.context["delegates"]] == [badge.delegate_id], query
    assert "NGUYEN" in page.content.decode()
    assert organiser_client.get(reverse(DESK), {"q": "nobody"}).context["delegates"] == []


@pytest.mark.parametrize("rows", [5, 500])
def test_the_desk_search_costs_the_same_queries_however_many_delegates(organiser_client, rows):
    event = factories.EventFactory()
    delegation = factories.DelegationFactory(event=event, name="Shared")
    delegates = factories.DelegateFactory.create_batch(rows, delegation=delegation)
    Badge.objects.bulk_create(
        Badge(delegate=d, number=f"D-{d.pk}", token=f"t-{d.pk}") for d in delegates
    )
    organiser_client.get(reverse(DESK), {"q": "Shared"})
    with CaptureQueriesContext(connection) as queries:
        page = organiser_client.get(reverse(DESK), {"q": "Shared"})
    assert len(page.context["delegates"]) == min(rows, 20)
    assert len(queries) <= 9, [q["sql"] for q in queries]


def test_staff_without_the_desk_permission_are_refused(client, db):
    badge = accredited_badge()
    door_staff = factories.UserFactory(is_staff=True)
    client.force_login(door_staff)
    assert client.get(reverse(DESK)).status_code == 403
    answer = client.post(
        reverse("admin:delegations_badge_desk_reissue", args=[badge.pk]), {"cause": "lost"}
    )
    assert answer.status_code == 403
    assert Badge.objects.get().revoked_at is None


def test_the_desk_reissues_a_badge_and_prints_the_new_one(organiser_client):
    badge = accredited_badge()
    answer = organiser_client.post(
        reverse("admin:delegations_badge_desk_reissue", args=[badge.pk]),
        {"cause": "damaged", "q": badge.number},
    )
    assert answer.status_code == 302 and answer.url.endswith(f"?q={badge.number}")
    new = Badge.objects.get(revoked_at__isnull=True)
    assert new.replaces == badge
    old_pdf = organiser_client.get(reverse("admin:delegations_badge_desk_print", args=[badge.pk]))
    assert old_pdf.status_code == 404
    pdf = organiser_client.get(reverse("admin:delegations_badge_desk_print", args=[new.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "no-store" in pdf["Cache-Control"]


def test_a_bad_cause_is_refused_with_a_message_and_nothing_changes(organiser_client):
    badge = accredited_badge()
    answer = organiser_client.post(
        reverse("admin:delegations_badge_desk_reissue", args=[badge.pk]),
        {"cause": "eaten"},
        follow=True,
    )
    assert answer.status_code == 200
    assert Badge.objects.get().revoked_at is None
    assert any(m.level_tag == "error" for m in answer.context["messages"])


def test_the_desk_saves_a_photo_through_the_upload_checks(organiser_client):
    badge = accredited_badge()
    url = reverse("admin:delegations_badge_desk_photo", args=[badge.delegate_id])
    photo = SimpleUploadedFile("desk-photo.jpg", image_bytes("JPEG", (300, 400)), "image/jpeg")
    organiser_client.post(url, {"photo": photo})
    assert Delegate.objects.get().photo.name.startswith("badge-photos/")
    fake = SimpleUploadedFile("desk-photo.jpg", b"not an image", "image/jpeg")
    answer = organiser_client.post(url, {"photo": fake}, follow=True)
    assert any(m.level_tag == "error" for m in answer.context["messages"])
