"""Exports of the released schedule: history, scopes, jobs, the API, public feeds, the command."""

import gzip
import re
from datetime import date, datetime, time

import pytest
from django.core.cache import cache, caches
from django.core.management import CommandError, call_command
from django.urls import reverse
from icalendar import Calendar

from sessions import schedule_exports
from sessions.models import ExportJob
from sessions.schedule_exports import schedule_for_export
from sessions.timetabling import schedule_release
from tests.factories import (
    HANOI,
    DelegateFactory,
    DelegationFactory,
    EventFactory,
    FocalPointFactory,
    RoomFactory,
    SessionFactory,
    SessionRegistrationFactory,
    SessionRoleFactory,
)

DAY_1, DAY_2 = date(2025, 10, 25), date(2025, 10, 26)


def at(day, hour):
    return datetime.combine(day, time(hour), tzinfo=HANOI)


@pytest.fixture
def event(db):
    return EventFactory(slug="hanoi", start_date=DAY_1, end_date=DAY_2)


@pytest.fixture
def programme(event):
    hall = RoomFactory(venue__event=event, name="Plenary Hall")
    small = RoomFactory(venue=hall.venue, name="Room 2")
    sessions = {
        "opening": SessionFactory(
            event=event, kind="opening", room=hall, start=at(DAY_1, 9), title="Opening"
        ),
        "panel": SessionFactory(
            event=event, kind="high_level_panel", room=small, start=at(DAY_1, 11), title="Panel"
        ),
        "side": SessionFactory(
            event=event, kind="side_event", room=small, start=at(DAY_2, 9), title="Side event"
        ),
    }
    schedule_release(event=event)
    return {"hall": hall, "small": small, **sessions}


def items_by_title(schedule):
    return {item.title: item for item in schedule.items}


def test_only_released_sessions_with_sequence_and_cancellations(event, programme):
    SessionFactory(event=event, room=programme["hall"], start=at(DAY_2, 14), title="Unreleased")
    programme["panel"].start = at(DAY_1, 15)
    programme["panel"].save()
    programme["side"].status = "cancelled"
    programme["side"].save()
    schedule_release(event=event)
    SessionFactory(event=event, room=programme["hall"], start=at(DAY_2, 16), title="Later draft")
    items = items_by_title(schedule_for_export(event=event))
    assert "Later draft" not in items
    assert items["Unreleased"].sequence == 0
    assert items["Panel"].sequence == 1
    assert items["Panel"].start == at(DAY_1, 15)
    assert items["Side event"].status == "cancelled" and items["Side event"].sequence == 1
    assert items["Opening"].sequence == 0


def test_scopes(event, programme):
    assert set(items_by_title(schedule_for_export(event=event, scope="day", day=DAY_2))) == {
        "Side event"
    }
    room = schedule_for_export(event=event, scope="room", room=programme["small"])
    assert set(items_by_title(room)) == {"Panel", "Side event"}
    kind = schedule_for_export(event=event, scope="kind", kind="opening")
    assert set(items_by_title(kind)) == {"Opening"}
    delegate = DelegateFactory(delegation__event=event)
    SessionRoleFactory(session=programme["opening"], delegate=delegate, role="chair")
    SessionRegistrationFactory(session=programme["side"], delegate=delegate)
    mine = schedule_for_export(event=event, scope="delegate", delegate=delegate)
    assert set(items_by_title(mine)) == {"Opening", "Side event"}
    theirs = schedule_for_export(event=event, scope="delegation", delegation=delegate.delegation)
    assert set(items_by_title(theirs)) == {"Opening", "Side event"}
    assert items_by_title(mine)["Opening"].persons[0].role == "Chair"


def test_admin_export_job_writes_a_private_file(
    event, programme, organiser_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("admin:programme_exportjob_add"),
            {"event": event.pk, "format": "xml", "scope": "event", "kind": ""},
        )
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == "done" and job.file.name.startswith(f"exports/{event.pk}/")
    page = organiser_client.get(reverse("admin:programme_exportjob_change", args=[job.pk]))
    assert page.status_code == 200
    link = reverse("admin:programme_exportjob_private_file", args=[job.pk, "file"])
    assert link in page.content.decode()
    download = organiser_client.get(link)
    assert b"<schedule>" in b"".join(download.streaming_content)


def test_admin_refuses_a_scope_without_its_value(event, programme, organiser_client):
    response = organiser_client.post(
        reverse("admin:programme_exportjob_add"),
        {"event": event.pk, "format": "csv", "scope": "day", "kind": ""},
    )
    assert response.status_code == 200
    assert not ExportJob.objects.exists()


def test_api_export_for_staff_and_focal_points(
    event, programme, client, organiser, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/exports/", {"event": event.pk, "format": "ics", "scope": "event"}
        )
    assert created.status_code == 202, created.content
    job = client.get(f"/api/v1/exports/{created.json()['id']}/").json()
    assert job["status"] == "done"
    assert job["download_url"].endswith(f"/api/v1/exports/{job['id']}/download/")
    calendar = Calendar.from_ical(b"".join(client.get(job["download_url"]).streaming_content))
    assert len(calendar.walk("VEVENT")) == 3

    own = DelegationFactory(event=event)
    other = DelegationFactory(event=event)
    focal_point = FocalPointFactory(delegation=own).user
    client.force_login(focal_point)
    whole = client.post("/api/v1/exports/", {"event": event.pk, "format": "csv", "scope": "event"})
    assert whole.status_code == 400 and "scope" in whole.json()
    foreign = client.post(
        "/api/v1/exports/",
        {"event": event.pk, "format": "csv", "scope": "delegation", "delegation": other.pk},
    )
    assert foreign.status_code == 400 and "delegation" in foreign.json()
    assert client.get(f"/api/v1/exports/{job['id']}/download/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        mine = client.post(
            "/api/v1/exports/",
            {"event": event.pk, "format": "csv", "scope": "delegation", "delegation": own.pk},
        )
    assert mine.status_code == 202
    assert ExportJob.objects.filter(requested_by=focal_point).count() == 1


def test_public_feeds_are_cached_by_release(event, programme, client):
    url = reverse("schedule-feed-ics", args=[event.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "max-age" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    schedule_release(event=event)
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200
    feed = client.get(reverse("schedule-feed-json", args=[event.slug])).json()
    assert feed["schedule"]["version"] == "2"


def test_feed_before_any_release_is_404(event, client):
    assert client.get(reverse("schedule-feed-ics", args=[event.slug])).status_code == 404


def test_command_writes_the_file(event, programme, tmp_path):
    target = tmp_path / "day2.xml"
    call_command(
        "export_schedule",
        event.slug,
        "--format",
        "xml",
        "--day",
        "2025-10-26",
        "--output",
        str(target),
    )
    assert re.search(r"<title>Side event</title>", target.read_text())
    with pytest.raises(CommandError, match="No event"):
        call_command("export_schedule", "nowhere", "--format", "xml", "--output", str(target))
    with pytest.raises(CommandError, match="--day must be a date"):
        call_command(
            "export_schedule",
            event.slug,
            "--format",
            "xml",
            "--day",
            "26/10",
            "--output",
            str(target),
        )


def test_public_feed_is_rendered_once_per_release(
    event, programme, client, django_assert_num_queries
):
    url = reverse("schedule-feed-json", args=[event.slug])
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    programme["panel"].title = "Panel, renamed"
    programme["panel"].save()
    schedule_release(event=event)
    newer = client.get(url)
    assert newer["ETag"] != first["ETag"]
    assert "Panel, renamed" in newer.content.decode()


def test_a_feed_of_the_previous_release_stored_late_is_not_served(event, programme, client):
    """A request that read the previous release just before a new one committed, and stores
    its rendering after the release dropped the cached feeds, does not bring it back."""
    url = reverse("schedule-feed-json", args=[event.slug])
    first = client.get(url)
    key = schedule_exports._feed_key(event.slug, "json", "en")
    late = cache.get(key)
    assert late is not None
    schedule_release(event=event)
    cache.set(key, late)
    caches["process"].clear()
    newer = client.get(url)
    assert newer.status_code == 200 and newer["ETag"] != first["ETag"]


def test_public_feed_in_the_reader_language(event, programme, client):
    url = reverse("schedule-feed-json", args=[event.slug])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert english["ETag"] != french["ETag"]
    assert "Accept-Language" in french["Vary"]
    assert (
        client.get(url, HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=french["ETag"]).status_code
        == 304
    )


def test_public_feed_refuses_writes(event, programme, client):
    assert client.post(reverse("schedule-feed-ics", args=[event.slug])).status_code == 405


def test_a_new_release_is_exported_at_once(event, programme):
    """The history of releases is computed once per set of releases; a new one is seen."""
    assert items_by_title(schedule_for_export(event=event))["Panel"].sequence == 0
    programme["panel"].start = at(DAY_1, 15)
    programme["panel"].save()
    schedule_release(event=event)
    panel = items_by_title(schedule_for_export(event=event))["Panel"]
    assert (panel.sequence, panel.start) == (1, at(DAY_1, 15))
    assert schedule_for_export(event=event).version == "2"


def test_a_delegations_itinerary_has_each_session_once(event, programme):
    """Roles, confirmed places and organised side events; waiting or cancelled places do not
    count; many places in one session give one item."""
    delegation = DelegationFactory(event=event)
    people = DelegateFactory.create_batch(3, delegation=delegation)
    for person in people:
        SessionRegistrationFactory(session=programme["panel"], delegate=person)
    SessionRoleFactory(session=programme["panel"], delegate=people[0], role="speaker")
    SessionRegistrationFactory(session=programme["opening"], delegate=people[1], status="waiting")
    programme["side"].organiser = delegation
    programme["side"].save()
    schedule = schedule_for_export(event=event, scope="delegation", delegation=delegation)
    assert sorted(item.title for item in schedule.items) == ["Panel", "Side event"]


def test_persons_of_a_long_programme(event):
    """Past a hundred sessions the rows are read by event: every session keeps its own people,
    in their order."""
    first = RoomFactory(venue__event=event)
    rooms = [first, *RoomFactory.create_batch(10, venue=first.venue)]
    sessions = [
        SessionFactory(event=event, room=rooms[n // 11], start=at(DAY_1, 9 + n % 11), title=f"s{n}")
        for n in range(121)
    ]
    people = {}
    for session in sessions[::2]:
        chair, speaker = DelegateFactory.create_batch(2, delegation__event=event)
        SessionRoleFactory(session=session, delegate=speaker, role="speaker", order=1)
        SessionRoleFactory(session=session, delegate=chair, role="chair", order=0)
        people[session.title] = [chair.pk, speaker.pk]
    schedule_release(event=event)
    items = items_by_title(schedule_for_export(event=event))
    assert len(items) == 121
    assert all(
        [person.id for person in items[title].persons] == ids for title, ids in people.items()
    )
    assert [person.role for person in items["s2"].persons] == ["Chair", "Speaker"]
    assert items["s1"].persons == ()


def test_public_feed_compressed_for_clients_that_accept_gzip(event, programme, client):
    url = reverse("schedule-feed-json", args=[event.slug])
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)
    assert "Accept-Encoding" in packed["Vary"] and packed["ETag"] == f"W/{plain['ETag']}"
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304


def test_another_web_process_sees_a_new_release_within_seconds(event, programme, client):
    """A process keeps a feed in its own memory briefly; the shared cache decides after that."""
    url = reverse("schedule-feed-json", args=[event.slug])
    first = client.get(url)
    caches["process"].clear()  # what another process's memory holds: nothing yet
    schedule_release(event=event)
    assert client.get(url)["ETag"] != first["ETag"]
