"""Releases: numbered, immutable versions with their change log, refused while a rule is broken."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions.models import ScheduleRelease
from sessions.services.release import release_changes, schedule_release
from tests.factories import (
    DelegateFactory,
    SessionFactory,
    SessionRoleFactory,
)
from tests.sessions.support.timetabling import at


def test_release_versions_and_change_log(timetable_event, timetable_rooms, organiser):
    kept = SessionFactory(
        event=timetable_event, room=timetable_rooms["hall"], start=at(10), title="Kept"
    )
    moved = SessionFactory(
        event=timetable_event, room=timetable_rooms["hall"], start=at(12), title="Moved"
    )
    dropped = SessionFactory(
        event=timetable_event, room=timetable_rooms["small"], start=at(10), title="Dropped"
    )
    first = schedule_release(event=timetable_event, by=organiser)
    assert first.version == 1
    assert {item["title"] for item in first.changes["added"]} == {"Kept", "Moved", "Dropped"}

    moved.start = at(14)
    moved.save()
    dropped.status = "cancelled"
    dropped.save()
    added = SessionFactory(
        event=timetable_event, room=timetable_rooms["small"], start=at(15), title="Added"
    )
    second = schedule_release(event=timetable_event, by=organiser, note="after the bureau met")
    assert second.version == 2
    assert [item["title"] for item in second.changes["added"]] == [added.title]
    assert [item["title"] for item in second.changes["cancelled"]] == ["Dropped"]
    (change,) = second.changes["moved"]
    assert change["title"] == "Moved"
    assert change["from"]["start"].endswith("12:00:00+07:00")
    assert change["to"]["start"].endswith("14:00:00+07:00")
    assert kept.title not in str(second.changes)


def test_released_versions_are_immutable(timetable_event, timetable_rooms, organiser_client):
    SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(10))
    release = schedule_release(event=timetable_event)
    release.note = "rewritten"
    with pytest.raises(ValidationError):
        release.save()
    with pytest.raises(ValidationError):
        release.delete()
    assert ScheduleRelease.objects.get().note == ""
    page = organiser_client.get(
        reverse("admin:programme_schedulerelease_change", args=[release.pk])
    )
    assert page.status_code == 200
    assert b'name="note"' not in page.content


def test_release_is_refused_while_the_programme_breaks_a_rule(timetable_event, timetable_rooms):
    speaker = DelegateFactory(delegation__event=timetable_event)
    for room, start in ((timetable_rooms["hall"], at(10)), (timetable_rooms["small"], at(10))):
        SessionRoleFactory(
            session=SessionFactory(event=timetable_event, room=room, start=start), delegate=speaker
        )
    with pytest.raises(ValidationError, match="breaks a rule"):
        schedule_release(event=timetable_event)
    assert not ScheduleRelease.objects.exists()


def test_release_changes_are_computed_from_snapshots():
    slot = {
        "room": "Hall",
        "start": "2025-10-25T10:00:00+07:00",
        "end": "2025-10-25T11:00:00+07:00",
    }
    before = [{"key": "session-1", "title": "A", **slot}]
    after = [{"key": "session-1", "title": "A", **slot, "room": "Small"}]
    changes = release_changes(before, after)
    assert changes["added"] == [] and changes["cancelled"] == []
    assert changes["moved"][0]["to"]["room"] == "Small"


def test_a_release_with_no_change_since_the_last_is_refused(timetable_event, timetable_rooms):
    session = SessionFactory(
        event=timetable_event, room=timetable_rooms["hall"], start=at(10), title="Opening"
    )
    schedule_release(event=timetable_event)
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        schedule_release(event=timetable_event)
    assert timetable_event.schedule_releases.count() == 1
    session.title = "Opening of the signing ceremony"
    session.save()
    assert schedule_release(event=timetable_event).version == 2


def test_the_admin_asks_for_a_note_and_refuses_an_empty_release(
    timetable_event, timetable_rooms, organiser_client
):
    SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(10))
    changelist = reverse("admin:ceremony_event_changelist")
    chosen = {"action": "programme_release", ACTION_CHECKBOX_NAME: [timetable_event.pk]}
    asked = organiser_client.post(changelist, chosen)
    assert asked.status_code == 200
    assert 'name="note"' in asked.content.decode()
    assert not timetable_event.schedule_releases.exists()
    organiser_client.post(changelist, {**chosen, "apply": "1", "note": "First programme"})
    assert timetable_event.schedule_releases.get().note == "First programme"
    again = organiser_client.post(changelist, {**chosen, "apply": "1", "note": ""}, follow=True)
    assert "Nothing has changed since version 1" in again.content.decode()
    assert timetable_event.schedule_releases.count() == 1
