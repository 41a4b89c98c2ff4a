"""The door page: door staff scan badges on a phone, with or without JavaScript."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions.models import CheckIn
from tests import factories
from tests.sessions.support.checkin import page_url

pytestmark = pytest.mark.django_db


def test_the_page_redirects_anonymous_and_non_staff_to_sign_in(client, door):
    answer = client.get(page_url(door))
    assert answer.status_code == 302 and "login" in answer.url
    client.force_login(factories.FocalPointFactory(delegation=door.delegate.delegation).user)
    assert client.get(page_url(door)).status_code == 302


def test_the_page_offers_the_doors_and_a_nonce(client, door):
    client.force_login(door.staff)
    page = client.get(page_url(door))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Venue entry" in html and "Opening" in html
    assert 'name="nonce"' in html and "autofocus" in html
    assert '<script src="/static/programme/checkin.js" defer>' in html
    script = Path(finders.find("programme/checkin.js")).read_text()
    assert "BarcodeDetector" in script and "crypto.randomUUID" in script
    assert "https://" not in html and "https://" not in script


def test_the_page_admits_then_refuses_without_javascript(client, door):
    client.force_login(door.staff)
    admitted = client.post(page_url(door), {"token": "qr-an", "nonce": "n-1", "gate": "North"})
    html = admitted.content.decode()
    assert admitted.status_code == 200
    assert "Admitted" in html and "NGUYEN" in html and "Viet Nam" in html
    assert CheckIn.objects.get().scanned_by == door.staff
    refused = client.post(page_url(door), {"token": "nothing", "nonce": "n-2"})
    assert refused.status_code == 400
    assert "Refused" in refused.content.decode() and "Unknown badge" in refused.content.decode()


def test_the_page_answers_json_to_its_script_and_counts_a_retry_once(client, door):
    client.force_login(door.staff)
    body = {"token": "qr-an", "nonce": "3f1c", "session": door.session.pk}
    first = client.post(page_url(door), body, headers={"accept": "application/json"})
    again = client.post(page_url(door), body, headers={"accept": "application/json"})
    assert first.json()["admitted"] and first.json()["created"]
    assert again.json()["created"] is False
    assert first.json()["registered"] is False
    assert CheckIn.objects.count() == 1
    refused = client.post(
        page_url(door), {"token": "", "nonce": "x"}, headers={"accept": "application/json"}
    )
    assert refused.status_code == 400 and refused.json()["reason"] == "Scan a badge first."


def test_the_page_of_an_unknown_event_is_404(client, door):
    client.force_login(door.staff)
    assert client.get(reverse("checkin:door", args=["no-such-event"])).status_code == 404


def test_the_page_costs_the_same_queries_with_more_doors_and_scans(client, door):
    client.force_login(door.staff)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(door)).status_code == 200
        return len(captured)

    factories.CheckInFactory(event=door.event, delegate=door.delegate)
    few = queries()
    for _ in range(15):
        factories.SessionFactory(event=door.event)
        factories.CheckInFactory(event=door.event, session=door.session)
    assert queries() == few
