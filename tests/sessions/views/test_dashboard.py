"""The organisers' dashboard in the admin: figures, charts, the snapshot it reads, who sees it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.models import AttendanceSnapshot
from tests import factories
from tests.sessions.support.attendance import built_event

pytestmark = pytest.mark.django_db

#: The middleware's zone, session, user, the event, permissions (user, group), the snapshot,
#: the earlier snapshots' totals.
QUERIES_WITH_A_FRESH_SNAPSHOT = 8


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
    assert 'data-chart="chart_by_kind"' in html and 'id="chart_funnel"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "<script>" not in html
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


def test_the_charts_hold_whole_numbers_in_the_shapes_the_script_reads(built):
    from sessions.services.attendance import attendance_snapshot_take
    from sessions.views.dashboard import dashboard_charts

    snapshot = attendance_snapshot_take(event=built.event)
    history = [{"taken_at": snapshot.taken_at, "registered": 6, "checked_in": 3}]
    charts = dashboard_charts(snapshot.counts, history, built.event.timezone)
    assert set(charts) == {
        "chart_by_kind",
        "chart_by_day",
        "chart_over_time",
        "chart_per_hour",
        "chart_funnel",
    }
    for chart in charts.values():
        assert chart["title"] and chart["x_title"] and chart["y_title"]
        for dataset in chart["datasets"]:
            assert len(dataset["data"]) == len(chart["labels"])
            assert all(type(value) is int for value in dataset["data"])
        assert len(chart["rows"]) == len(chart["labels"])
    funnel = charts["chart_funnel"]
    assert funnel["horizontal"] and funnel["datasets"][0]["data"] == [6, 4, 3]
    by_kind = charts["chart_by_kind"]
    assert [dataset["key"] for dataset in by_kind["datasets"]] == [
        "seats",
        "confirmed",
        "checked_in",
    ]
    assert charts["chart_over_time"]["datasets"][0]["data"] == [6]


def test_the_history_is_the_snapshots_totals_oldest_first(built):
    from sessions.selectors.attendance import attendance_history
    from sessions.services.attendance import attendance_snapshot_take

    first = attendance_snapshot_take(event=built.event)
    AttendanceSnapshot.objects.filter(pk=first.pk).update(
        taken_at=first.taken_at - timedelta(hours=1)
    )
    attendance_snapshot_take(event=built.event)
    history = attendance_history(built.event)
    assert [point["registered"] for point in history] == [6, 6]
    assert history[0]["taken_at"] < history[1]["taken_at"]
    assert attendance_history(built.event, points=1)[0]["taken_at"] == history[1]["taken_at"]


def test_the_dashboard_counts_each_access_zone(organiser_client):
    event = factories.EventFactory()
    press = factories.ZoneFactory(
        event=event, name="Press centre", kind="press_centre", categories=["media"]
    )
    factories.CheckInFactory.create_batch(3, event=event, zone=press)
    page = organiser_client.get(dashboard_url(event))
    assert page.context["zones"] == [
        {
            "name": "Press centre",
            "kind": "press_centre",
            "kind_label": "Press centre",
            "checked_in": 3,
            "scans": 3,
        }
    ]
    assert "By access zone" in page.content.decode()
