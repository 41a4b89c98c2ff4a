"""The organisers' dashboard in the admin: figures, charts, the snapshot it reads, who sees it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.models import AttendanceSnapshot
from tests import factories
from tests.sessions.support.attendance import built_event

pytestmark = pytest.mark.django_db

#: The middleware's zone, session, user, the event, permissions (user, group), the snapshot.
QUERIES_WITH_A_FRESH_SNAPSHOT = 7


@pytest.fixture
def built():
    return built_event()


def dashboard_url(event):
    return reverse("admin:ceremony_event_dashboard", args=[event.pk])


def test_the_dashboard_shows_the_figures_and_charts(organiser_client, built):
    page = organiser_client.get(dashboard_url(built.event))
    assert page.status_code == 200
    html = page.content.decode()
    figures = {str(label): value for label, value in page.context["headline"]}
    assert figures == {
        "Delegates registered": 6,
        "Accredited": 4,
        "Checked in": 3,
        "National delegations": 2,
        "Organisations": 2,
        "Signatories": 1,
        "Sessions": 2,
    }
    assert "<svg" in html and "<rect" in html
    assert "Opening" in html and "20.0 %" in html
    assert "Opening session: <strong>1</strong>" in html
    assert 'http-equiv="refresh"' in html
    assert "https://" not in html.split("</head>")[1]
    assert AttendanceSnapshot.objects.filter(event=built.event).count() == 1


def test_the_dashboard_reads_a_fresh_snapshot_and_replaces_a_stale_one(organiser_client, built):
    organiser_client.get(dashboard_url(built.event))
    organiser_client.get(dashboard_url(built.event))
    assert AttendanceSnapshot.objects.count() == 1
    AttendanceSnapshot.objects.update(taken_at=timezone.now() - timedelta(minutes=10))
    organiser_client.get(dashboard_url(built.event))
    assert AttendanceSnapshot.objects.count() == 2


def test_count_now_takes_a_snapshot(organiser_client, built):
    answer = organiser_client.post(dashboard_url(built.event))
    assert answer.status_code == 302 and answer.url == dashboard_url(built.event)
    assert AttendanceSnapshot.objects.count() == 1


def test_the_dashboard_of_an_event_without_scans(organiser_client):
    event = factories.EventFactory()
    page = organiser_client.get(dashboard_url(event))
    assert page.status_code == 200
    assert "No badge has been scanned yet." in page.content.decode()


def test_the_event_page_links_to_the_dashboard(organiser_client, built):
    page = organiser_client.get(reverse("admin:ceremony_event_change", args=[built.event.pk]))
    assert dashboard_url(built.event) in page.content.decode()


def test_staff_without_view_permission_and_anonymous_are_kept_out(client, built):
    assert client.get(dashboard_url(built.event)).status_code == 302
    client.force_login(factories.UserFactory(username="press", is_staff=True))
    assert client.get(dashboard_url(built.event)).status_code == 404
    assert client.get(reverse("admin:ceremony_event_dashboard", args=[987654])).status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_the_dashboard_costs_the_same_queries_however_large_the_event(
    organiser_client, rows, django_assert_num_queries
):
    event = factories.EventFactory()
    for _ in range(rows):
        session = factories.SessionFactory(event=event)
        factories.CheckInFactory(event=event, session=session)
        factories.CheckInFactory(event=event)
    organiser_client.get(dashboard_url(event))  # takes the snapshot
    with django_assert_num_queries(QUERIES_WITH_A_FRESH_SNAPSHOT):
        assert organiser_client.get(dashboard_url(event)).status_code == 200
