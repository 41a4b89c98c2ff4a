"""The treaty's status in the API (and on the admin's signing page): each party's own date."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ceremony.services.signing import treaty_deposit_record
from tests.ceremony.support.signing import request_for, state
from tests.clients import api_client
from tests.factories import FocalPointFactory

pytestmark = pytest.mark.django_db


def test_the_api_and_the_admin_show_each_partys_date(hanoi, organiser):
    hanoi.entry_into_force_instruments = 1
    hanoi.save()
    first = state(hanoi, "JP", "JP")
    later = state(hanoi, "CA", "CA")
    treaty_deposit_record(
        event=hanoi, delegation=first, kind="accession", deposited_on=date(2026, 1, 10)
    )
    treaty_deposit_record(
        event=hanoi, delegation=later, kind="accession", deposited_on=date(2026, 6, 1)
    )
    answer = api_client(FocalPointFactory(delegation=later).user).get(
        reverse("event-treaty", args=[hanoi.pk])
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["entry_into_force"] == "2026-04-10"
    assert [(party["name"], party["in_force_on"]) for party in body["party_dates"]] == [
        ("JP", "2026-04-10"),
        ("CA", "2026-07-01"),
    ]
    client = Client()
    client.force_login(organiser)
    page = client.get(reverse("admin:ceremony_event_signing", args=[hanoi.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "In force for it" in html and "1 July 2026" in html and "10 April 2026" in html


def test_a_signature_dated_outside_the_window_is_a_400_by_its_field(hanoi, organiser):
    request = request_for(state(hanoi, "FR", "FR"))
    answer = api_client(organiser).post(
        reverse("signing-request-sign", args=[request.pk]),
        {"signed_at": "2027-01-04T10:00:00+07:00"},
        format="json",
    )
    assert answer.status_code == 400
    assert "open for signature from 2025-10-25 to 2026-12-31" in str(answer.json()["signed_at"])
    request.refresh_from_db()
    assert request.signed_at is None


def test_the_event_admin_edits_the_treaty_dates(hanoi, organiser):
    client = Client()
    client.force_login(organiser)
    form = (
        client.get(reverse("admin:ceremony_event_change", args=[hanoi.pk]))
        .context["adminform"]
        .form
    )
    for field in ("treaty_adopted_on", "signature_closes_on", "entry_into_force_later_days"):
        assert field in form.fields
