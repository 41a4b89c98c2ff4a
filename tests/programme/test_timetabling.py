"""The schedule in the application: the engine's problem from the database, proposals reviewed
and applied in the admin, the conflict report, and numbered immutable releases."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions.models import ProposalStatus, ScheduleProposal, ScheduleRelease, Session
from sessions.scheduling import parse_problem
from sessions.timetabling import (
    release_changes,
    room_key,
    schedule_conflicts,
    schedule_release,
    session_key,
    timetable_problem_build,
    timetable_proposal_apply,
    timetable_proposal_compute,
    timetable_proposal_create,
)
from tests.factories import (
    HANOI,
    DelegateFactory,
    EventFactory,
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    VenueFactory,
)

DAY = date(2025, 10, 25)


def at(hour, minute=0, day=DAY):
    return datetime.combine(day, time(hour, minute), tzinfo=HANOI)


@pytest.fixture
def event(db):
    return EventFactory(start_date=DAY, end_date=DAY, day_opens=time(9), day_closes=time(18))


@pytest.fixture
def rooms(event):
    venue = VenueFactory(event=event)
    return {
        "hall": RoomFactory(venue=venue, name="Hall", capacity=1000, interpretation_booths=6),
        "small": RoomFactory(venue=venue, name="Small", capacity=40, interpretation_booths=0),
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the Celery task, eager in tests) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def propose(committed):
    def run(event):
        with committed():
            proposal = timetable_proposal_create(event=event)
        proposal.refresh_from_db()
        return proposal

    return run


def movable(event, **fields):
    return SessionFactory(
        event=event, room=None, start=None, status="draft", pinned=False, **fields
    )


def test_problem_holds_pins_people_and_languages(event, rooms):
    opening = SessionFactory(
        event=event,
        kind="opening",
        room=rooms["hall"],
        start=at(9),
        pinned=True,
        interpretation="full",
    )
    panel = movable(event, kind="high_level_panel", interpretation="full", capacity=300)
    speaker = DelegateFactory(delegation__event=event)
    SessionRoleFactory(session=panel, delegate=speaker)
    data = timetable_problem_build(event)
    parse_problem(data)
    by_id = {entry["id"]: entry for entry in data["sessions"]}
    assert by_id[session_key(opening.pk)]["pinned"] == {
        "room": room_key(rooms["hall"].pk),
        "start": "2025-10-25T09:00:00+07:00",
    }
    assert by_id[session_key(panel.pk)]["languages"] == 6
    assert by_id[session_key(panel.pk)]["attendance"] == 300
    assert by_id[session_key(panel.pk)]["people"] == [f"delegate-{speaker.pk}"]
    assert "high_level_panel" in by_id[session_key(opening.pk)]["not_parallel_with"]
    assert data["interpreter_teams"] == event.interpreter_teams


def test_pinned_session_outside_the_days_blocks_its_room_instead(event, rooms):
    before = SessionFactory(
        event=event,
        kind="press_conference",
        room=rooms["small"],
        start=at(10, day=date(2025, 10, 8)),
        pinned=True,
    )
    data = timetable_problem_build(event)
    assert session_key(before.pk) not in {entry["id"] for entry in data["sessions"]}
    small = next(room for room in data["rooms"] if room["id"] == room_key(rooms["small"].pk))
    assert small["unavailable"] == [
        {"start": "2025-10-08T10:00:00+07:00", "end": "2025-10-08T11:00:00+07:00"}
    ]


def test_proposal_is_computed_reviewed_and_applied(event, rooms, organiser_client, committed):
    SessionFactory(event=event, kind="opening", room=rooms["hall"], start=at(9), pinned=True)
    panel = movable(event, kind="high_level_panel", interpretation="full", capacity=500)
    side = movable(event, kind="side_event", capacity=30)
    with committed():
        response = organiser_client.post(
            reverse("admin:ceremony_event_changelist"),
            {"action": "timetable_propose", ACTION_CHECKBOX_NAME: [event.pk]},
            follow=True,
        )
    assert "Timetabling" in response.content.decode()
    proposal = ScheduleProposal.objects.get(event=event)
    assert proposal.status == ProposalStatus.READY
    assert proposal.solution["status"] == "complete"
    page = organiser_client.get(
        reverse("admin:programme_scheduleproposal_change", args=[proposal.pk])
    )
    assert page.status_code == 200
    assert panel.title in page.content.decode()

    timetable_proposal_apply(proposal=proposal)
    panel.refresh_from_db()
    side.refresh_from_db()
    assert panel.room == rooms["hall"] and panel.status == "scheduled"
    assert panel.start >= at(10)
    assert side.room == rooms["small"]
    assert schedule_conflicts(event) == []


def test_a_session_no_room_can_hold_is_left_out_with_its_reason(
    event, rooms, organiser_client, propose
):
    huge = movable(event, kind="plenary", capacity=5000, title="Assembly of everyone")
    proposal = propose(event)
    assert proposal.solution["status"] == "partial"
    (left_out,) = proposal.solution["unplaced"]
    assert left_out["session"] == session_key(huge.pk)
    assert any("capacity" in reason for reason in left_out["reasons"])
    page = organiser_client.get(
        reverse("admin:programme_scheduleproposal_change", args=[proposal.pk])
    ).content.decode()
    assert "Assembly of everyone" in page and "capacity" in page
    timetable_proposal_apply(proposal=proposal)
    huge.refresh_from_db()
    assert huge.room is None and huge.status == "draft"


def test_apply_refuses_a_proposal_for_a_changed_programme(event, rooms, propose):
    session = movable(event, capacity=20)
    proposal = propose(event)
    session.pinned = True
    session.room = rooms["small"]
    session.start = at(9)
    session.save()
    with pytest.raises(ValidationError, match="changed since"):
        timetable_proposal_apply(proposal=ScheduleProposal.objects.get(pk=proposal.pk))


def test_computing_twice_changes_nothing(event, rooms, propose):
    movable(event, capacity=20)
    proposal = propose(event)
    assert proposal.status == ProposalStatus.READY
    again = timetable_proposal_compute(proposal_id=proposal.pk)
    assert again.solution == proposal.solution


def test_conflict_report_sees_hand_edits(event, rooms):
    speaker = DelegateFactory(delegation__event=event)
    first = SessionFactory(event=event, room=rooms["hall"], start=at(10), title="Panel A")
    second = SessionFactory(event=event, room=rooms["small"], start=at(10, 30), title="Panel B")
    for session in (first, second):
        SessionRoleFactory(session=session, delegate=speaker)
    conflicts = schedule_conflicts(event)
    assert any("Panel A" in line and "Panel B" in line for line in conflicts), conflicts


def test_release_versions_and_change_log(event, rooms, organiser):
    kept = SessionFactory(event=event, room=rooms["hall"], start=at(10), title="Kept")
    moved = SessionFactory(event=event, room=rooms["hall"], start=at(12), title="Moved")
    dropped = SessionFactory(event=event, room=rooms["small"], start=at(10), title="Dropped")
    first = schedule_release(event=event, by=organiser)
    assert first.version == 1
    assert {item["title"] for item in first.changes["added"]} == {"Kept", "Moved", "Dropped"}

    moved.start = at(14)
    moved.save()
    dropped.status = "cancelled"
    dropped.save()
    added = SessionFactory(event=event, room=rooms["small"], start=at(15), title="Added")
    second = schedule_release(event=event, by=organiser, note="after the bureau met")
    assert second.version == 2
    assert [item["title"] for item in second.changes["added"]] == [added.title]
    assert [item["title"] for item in second.changes["cancelled"]] == ["Dropped"]
    (change,) = second.changes["moved"]
    assert change["title"] == "Moved"
    assert change["from"]["start"].endswith("12:00:00+07:00")
    assert change["to"]["start"].endswith("14:00:00+07:00")
    assert kept.title not in str(second.changes)


def test_released_versions_are_immutable(event, rooms, organiser_client):
    SessionFactory(event=event, room=rooms["hall"], start=at(10))
    release = schedule_release(event=event)
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


def test_release_is_refused_while_the_programme_breaks_a_rule(event, rooms):
    speaker = DelegateFactory(delegation__event=event)
    for room, start in ((rooms["hall"], at(10)), (rooms["small"], at(10))):
        SessionRoleFactory(
            session=SessionFactory(event=event, room=room, start=start), delegate=speaker
        )
    with pytest.raises(ValidationError, match="breaks a rule"):
        schedule_release(event=event)
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


def test_exclusive_ceremony_keeps_others_out(event, rooms, propose):
    SessionFactory(
        event=event,
        kind="opening",
        room=rooms["hall"],
        start=at(9),
        pinned=True,
        duration_minutes=120,
    )
    side = movable(event, kind="side_event", capacity=20)
    proposal = propose(event)
    timetable_proposal_apply(proposal=proposal)
    side.refresh_from_db()
    assert side.start >= at(11)
    assert Session.objects.filter(status="scheduled").count() == 2
    assert side.end - side.start == timedelta(minutes=side.duration_minutes)


def test_a_move_that_double_books_delegates_is_reported(event, rooms, organiser_client):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    from sessions.timetabling import registration_clashes
    from tests.factories import SessionRegistrationFactory

    first = SessionFactory(event=event, room=rooms["hall"], start=at(10), title="Morning panel")
    second = SessionFactory(event=event, room=rooms["small"], start=at(12), title="Side event")
    delegate = DelegateFactory(delegation__event=event, family_name="Tran")
    for session in (first, second):
        SessionRegistrationFactory(session=session, delegate=delegate)
    assert registration_clashes(event) == []
    second.start = at(10, 30)
    second.save()
    (clash,) = registration_clashes(event)
    assert "TRAN" in clash and "Morning panel" in clash and "Side event" in clash
    response = organiser_client.post(
        reverse("admin:ceremony_event_changelist"),
        {"action": "programme_check", ACTION_CHECKBOX_NAME: [event.pk]},
        follow=True,
    )
    assert "which overlap" in response.content.decode()
