"""Exports through the API: asked for, polled, downloaded; a focal point exports only its own
itineraries."""

from icalendar import Calendar

from sessions.models import ExportJob
from tests.factories import (
    DelegationFactory,
    FocalPointFactory,
)


def test_api_export_for_staff_and_focal_points(
    exports_event, released_programme, client, organiser, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/exports/", {"event": exports_event.pk, "format": "ics", "scope": "event"}
        )
    assert created.status_code == 202, created.content
    job = client.get(f"/api/v1/exports/{created.json()['id']}/").json()
    assert job["status"] == "done"
    assert job["download_url"].endswith(f"/api/v1/exports/{job['id']}/download/")
    calendar = Calendar.from_ical(b"".join(client.get(job["download_url"]).streaming_content))
    assert len(calendar.walk("VEVENT")) == 3

    own = DelegationFactory(event=exports_event)
    other = DelegationFactory(event=exports_event)
    focal_point = FocalPointFactory(delegation=own).user
    client.force_login(focal_point)
    whole = client.post(
        "/api/v1/exports/", {"event": exports_event.pk, "format": "csv", "scope": "event"}
    )
    assert whole.status_code == 400 and "scope" in whole.json()
    foreign = client.post(
        "/api/v1/exports/",
        {"event": exports_event.pk, "format": "csv", "scope": "delegation", "delegation": other.pk},
    )
    assert foreign.status_code == 400 and "delegation" in foreign.json()
    assert client.get(f"/api/v1/exports/{job['id']}/download/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        mine = client.post(
            "/api/v1/exports/",
            {
                "event": exports_event.pk,
                "format": "csv",
                "scope": "delegation",
                "delegation": own.pk,
            },
        )
    assert mine.status_code == 202
    assert ExportJob.objects.filter(requested_by=focal_point).count() == 1
