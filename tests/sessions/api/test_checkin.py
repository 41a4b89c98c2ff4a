"""Check-in through the API: scans admitted and refused with their reasons, for staff only."""

import pytest
from django.urls import reverse

from delegations.enums import AccreditationStatus
from sessions.models import CheckIn
from sessions.services.checkin import checkin_record
from tests import factories
from tests.clients import api_client
from tests.sessions.support.checkin import scan

pytestmark = pytest.mark.django_db


def test_api_admits_then_answers_a_repeat_with_200(door):
    client = api_client(door.staff)
    first = scan(client, door, session=door.session.pk, gate="Hall B")
    assert first.status_code == 201, first.json()
    answer = first.json()
    assert answer["name"] == "Ms. An NGUYEN"
    assert answer["name_native"] == "Nguyễn Văn An"
    assert (answer["delegation"], answer["delegation_code"]) == ("Viet Nam", "VNM")
    assert answer["badge"] == door.badge.number
    assert answer["registered"] is False
    assert answer["scanned_at"].endswith("+07:00")
    again = scan(client, door, session=door.session.pk, gate="Hall B")
    assert again.status_code == 200
    assert again.json()["id"] == answer["id"]
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("token", "code"), [("nothing", "unknown_badge"), ("qr-an", "not_accredited")]
)
def test_api_refusal_answers_400_with_the_reason(door, token, code):
    door.delegate.accreditation_status = AccreditationStatus.SUBMITTED
    door.delegate.accredited_at = None
    door.delegate.save()
    refused = scan(api_client(door.staff), door, token=token)
    assert refused.status_code == 400
    assert refused.json()["code"] == code
    assert refused.json()["reason"]
    assert CheckIn.objects.count() == 0


def test_api_bad_input_answers_400_naming_the_fields(door):
    refused = api_client(door.staff).post(
        reverse("check-in-list"), {"event": door.event.pk, "nonce": "x" * 65}, format="json"
    )
    assert refused.status_code == 400
    assert set(refused.json()) == {"token", "nonce"}


def test_api_is_for_staff_only(door):
    focal_point = factories.FocalPointFactory(delegation=door.delegate.delegation).user
    assert scan(api_client(focal_point), door).status_code == 403
    assert api_client(focal_point).get(reverse("check-in-list")).status_code == 403
    assert scan(api_client(), door).status_code == 401
    assert CheckIn.objects.count() == 0


def test_api_lists_an_events_latest_scans(door, organiser):
    checkin_record(event=door.event, token="qr-an", nonce="n-1")
    factories.CheckInFactory()
    listed = api_client(organiser).get(reverse("check-in-list"), {"event": door.event.pk})
    assert listed.status_code == 200
    assert [row["name"] for row in listed.json()["results"]] == ["Ms. An NGUYEN"]


def test_a_scan_naming_another_events_zone_is_refused(door):
    other = factories.ZoneFactory()
    answer = api_client(door.staff).post(
        reverse("check-in-list"),
        {"event": door.event.pk, "token": "qr-an", "nonce": "n-1", "zone": other.pk},
        format="json",
    )
    assert answer.status_code == 400 and answer.json()["code"] == "other_event_zone"
