"""The cockpit's reads: which event is the current one, each step's counts and state, each
thing that needs attention counted for its event only, and a fixed number of queries."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ceremony.enums import FullPowersStatus
from ceremony.selectors.cockpit import (
    ATTENTION,
    DONE,
    OPEN,
    WAITING,
    cockpit,
    cockpit_event_current,
    cockpit_events,
)
from delegations.enums import AccreditationStatus
from sessions.enums import ExportStatus, NotificationStatus, ProposalStatus, SessionStatus
from sessions.models import ExportJob
from tests import factories
from tests.factories import HANOI

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 10, 20, 12, tzinfo=HANOI)


def _speaker_in_two_places(event, room, start):
    """Two sessions at once in two rooms with the same speaker: a conflict the release refuses."""
    other_room = factories.RoomFactory(venue=room.venue)
    speaker = factories.DelegateFactory(delegation__event=event)
    sessions = [
        factories.SessionFactory(event=event, room=room, start=start),
        factories.SessionFactory(event=event, room=other_room, start=start),
    ]
    for session in sessions:
        factories.SessionRoleFactory(session=session, delegate=speaker)
    return sessions


def _event_with_work(event):
    """One of each thing that needs an organiser, and some that do not."""
    room = factories.RoomFactory(venue__event=event)
    delegation = factories.DelegationFactory(event=event)
    submitted = AccreditationStatus.SUBMITTED
    factories.DelegateFactory.create_batch(2, delegation=delegation, accreditation_status=submitted)
    factories.DelegateFactory(delegation=delegation)  # a draft
    factories.DelegateFactory(
        delegation=delegation,
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_at=NOW,
    )  # accredited, no badge yet
    factories.BadgeFactory(delegate__delegation=delegation)  # accredited, with a badge
    factories.FocalPointFactory(delegation=delegation)
    factories.FocalPointInvitationFactory(delegation=delegation, expires_at=NOW - timedelta(days=1))
    factories.FocalPointInvitationFactory(delegation=delegation, expires_at=NOW + timedelta(days=1))
    awaiting = FullPowersStatus.AWAITING
    factories.SigningRequestFactory.create_batch(
        2, event=event, full_powers_status=awaiting, level="minister"
    )
    factories.SigningRequestFactory(
        event=event, full_powers_status=awaiting, level="minister", withdrawn_at=NOW
    )
    factories.SigningRequestFactory(event=event, signing_order=1, signed_at=NOW)
    start = datetime(2025, 10, 25, 9, tzinfo=HANOI)
    _speaker_in_two_places(event, room, start)
    factories.SessionFactory(event=event, room=None, start=None, status=SessionStatus.DRAFT)
    factories.SessionFactory(event=event, room=room, status=SessionStatus.CANCELLED)
    release = factories.ScheduleReleaseFactory(event=event, released_at=NOW - timedelta(days=2))
    for status in (NotificationStatus.HELD, NotificationStatus.FAILED):
        factories.ReleaseNotificationFactory(release=release, status=status)
    factories.ReleaseNotificationFactory(
        release=release, status=NotificationStatus.SENT, sent_at=NOW, recipient="a@example.org"
    )
    factories.ExportJobFactory(event=event, status=ExportStatus.FAILED)
    old = factories.ExportJobFactory(event=event, status=ExportStatus.FAILED)
    ExportJob.objects.filter(pk=old.pk).update(created_at=NOW - timedelta(days=30))
    factories.ScheduleProposalFactory(event=event, status=ProposalStatus.FAILED)
    factories.ScheduleProposalFactory(event=event, status=ProposalStatus.READY)
    factories.WebhookDeliveryFactory(endpoint__event=event, status="failed")
    factories.CheckInFactory(event=event, delegate__delegation=delegation)
    factories.AttendanceSnapshotFactory(event=event, counts={"totals": {"checked_in": 1}})
    return event


@pytest.fixture
def world():
    event = _event_with_work(factories.EventFactory())
    # The same work at another event counts nowhere here.
    other = _event_with_work(factories.EventFactory())
    return SimpleNamespace(event=event, other=other)


def test_each_thing_that_needs_attention_is_counted_for_its_event(world):
    # Failed jobs are "recent" from now: the rows above were written today.
    data = cockpit(world.event, moment=timezone.now())
    assert data["accreditation"]["submitted"] == 2
    assert data["accreditation"]["without_badge"] == 1
    assert data["accreditation"]["accredited"] == 2
    assert data["signing"]["full_powers_awaiting"] == 2
    assert data["signing"]["requests"] == 3
    assert data["signing"]["signed"] == 1
    assert data["programme"]["conflicts"] >= 1
    assert data["programme"]["unplaced"] == 1
    assert data["programme"]["proposals_ready"] == 1
    assert data["programme"]["scheduled"] == 2
    assert data["programme"]["cancelled"] == 1
    assert data["releases"]["messages_held"] == 1
    assert data["releases"]["messages_failed"] == 1
    assert data["releases"]["last"]["version"] is not None
    assert data["registration"]["focal_points"] == 1
    assert data["jobs"] == {"exports_failed": 1, "proposals_failed": 1, "webhooks_failed": 1}
    assert data["attendance"]["entered"] == 1
    assert data["attendance"]["snapshot_checked_in"] == 1
    for step in ("accreditation", "programme", "releases", "signing"):
        assert data[step]["state"] == ATTENTION, step


def test_invitations_expired_and_pending_as_of_the_moment(world):
    registration = cockpit(world.event, moment=NOW)["registration"]
    assert registration["invitations_expired"] == 1
    assert registration["invitations_pending"] == 1


def test_a_quiet_event_waits_and_a_finished_one_is_done(db):
    quiet = factories.EventFactory()
    data = cockpit(quiet, moment=NOW)
    assert {data[step]["state"] for step in data if step != "jobs"} == {OPEN, WAITING}
    assert data["registration"]["window"] == "open"  # no dates: never closed
    delegation = factories.DelegationFactory(event=quiet)
    factories.BadgeFactory(delegate__delegation=delegation)
    factories.SigningRequestFactory(event=quiet, signed_at=NOW)
    data = cockpit(quiet, moment=NOW)
    assert data["accreditation"]["state"] == DONE
    assert data["signing"]["state"] == DONE


def test_the_registration_window_follows_its_dates(db):
    event = factories.EventFactory(
        registration_opens=NOW + timedelta(days=1), registration_closes=NOW + timedelta(days=5)
    )
    assert cockpit(event, moment=NOW)["registration"]["window"] == "not_open"
    assert cockpit(event, moment=NOW + timedelta(days=2))["registration"]["window"] == "open"
    closed = cockpit(event, moment=NOW + timedelta(days=6))["registration"]
    assert (closed["window"], closed["state"]) == ("closed", DONE)


def test_sessions_edited_after_the_last_release_are_unreleased_changes(db):
    event = factories.EventFactory()
    factories.SessionFactory(event=event)
    data = cockpit(event, moment=NOW)
    assert (data["releases"]["last"], data["releases"]["edited_since"]) == (None, 1)
    factories.ScheduleReleaseFactory(event=event, released_at=timezone.now() + timedelta(hours=1))
    data = cockpit(event, moment=NOW)
    assert (data["releases"]["edited_since"], data["releases"]["state"]) == (0, DONE)


def test_the_current_event_is_the_one_under_way_else_the_next_else_the_last(db):
    past = factories.EventFactory(start_date=date(2024, 5, 1), end_date=date(2024, 5, 2))
    under_way = factories.EventFactory(start_date=date(2025, 10, 19), end_date=date(2025, 10, 21))
    factories.EventFactory(start_date=date(2026, 3, 1), end_date=date(2026, 3, 2))
    events = cockpit_events()
    assert [event.start_date.year for event in events] == [2024, 2025, 2026]
    assert cockpit_event_current(events, moment=NOW) == under_way
    later = datetime(2025, 12, 1, tzinfo=HANOI)
    assert cockpit_event_current(events, moment=later).start_date == date(2026, 3, 1)
    assert cockpit_event_current(events, moment=datetime(2027, 1, 1, tzinfo=HANOI)).pk != past.pk
    assert cockpit_event_current([], moment=NOW) is None


def test_under_way_is_judged_in_the_events_own_zone(db):
    event = factories.EventFactory(start_date=date(2025, 10, 25), end_date=date(2025, 10, 26))
    later = factories.EventFactory(start_date=date(2026, 1, 5), end_date=date(2026, 1, 6))
    # 26 October at 16:00 UTC is 23:00 in Hanoi, the last day; at 18:00 UTC it is the 27th there.
    last_evening = datetime(2025, 10, 26, 16, tzinfo=UTC)
    after_midnight = datetime(2025, 10, 26, 18, tzinfo=UTC)
    assert cockpit_event_current([event, later], moment=last_evening) == event
    assert cockpit_event_current([event, later], moment=after_midnight) == later


def _rows(event, n):
    room = factories.RoomFactory(venue__event=event)
    delegation = factories.DelegationFactory(event=event)
    delegates = factories.DelegateFactory.create_batch(
        n, delegation=delegation, accreditation_status=AccreditationStatus.SUBMITTED
    )
    for delegate in delegates:
        factories.CheckInFactory(event=event, delegate=delegate)
    factories.SessionFactory.create_batch(n, event=event, room=room)
    factories.SigningRequestFactory.create_batch(
        n, event=event, level="minister", full_powers_status=FullPowersStatus.AWAITING
    )


def _queries(n):
    event = factories.EventFactory()
    _rows(event, n)
    with CaptureQueriesContext(connection) as queries:
        cockpit(event, moment=NOW)
    return len(queries)


def test_the_cockpit_costs_the_same_queries_at_5_and_500_rows(db):
    assert _queries(5) == _queries(500)


def test_the_conflict_count_is_kept_until_a_session_changes(db):
    event = factories.EventFactory()
    room = factories.RoomFactory(venue__event=event)
    start = datetime(2025, 10, 25, 9, tzinfo=HANOI)
    factories.SessionFactory(event=event, room=room, start=start + timedelta(hours=5))
    assert cockpit(event, moment=NOW)["programme"]["conflicts"] == 0
    with CaptureQueriesContext(connection) as kept:
        cockpit(event, moment=NOW)
    first, clash = _speaker_in_two_places(event, room, start)
    with CaptureQueriesContext(connection) as checked:
        assert cockpit(event, moment=NOW)["programme"]["conflicts"] >= 1
    assert len(checked) > len(kept)
    clash.start = first.start + timedelta(hours=3)
    clash.save()
    assert cockpit(event, moment=NOW)["programme"]["conflicts"] == 0


def test_badges_reissued_today_and_revoked_are_counted_for_the_event(db):
    event = factories.EventFactory()
    today = factories.BadgeFactory(delegate__delegation__event=event)
    today.revoked_at, today.revocation_reason = NOW - timedelta(hours=2), "replaced"
    today.save()
    yesterday = factories.BadgeFactory(delegate__delegation__event=event)
    yesterday.revoked_at, yesterday.revocation_reason = NOW - timedelta(days=1), "replaced"
    yesterday.save()
    withdrawn = factories.BadgeFactory(delegate__delegation__event=event)
    withdrawn.revoked_at, withdrawn.revocation_reason = NOW, "not_accredited"
    withdrawn.save()
    factories.BadgeFactory(delegate__delegation__event=event)
    elsewhere = factories.BadgeFactory()
    elsewhere.revoked_at, elsewhere.revocation_reason = NOW, "replaced"
    elsewhere.save()
    accreditation = cockpit(event, moment=NOW)["accreditation"]
    assert accreditation["badges_reissued_today"] == 1
    assert accreditation["badges_revoked"] == 3
