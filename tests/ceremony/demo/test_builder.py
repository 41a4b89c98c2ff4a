"""The demo event reproduces the Hanoi 2025 ceremony at its real size, and a re-run adds nothing."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q

from ceremony.demo.builder import SIDE_EVENT_SLOTS, SLUG, demo_event_load
from ceremony.models import Event, SigningRequest
from ceremony.selectors.events import event_counts
from delegations.models import Delegate, Delegation
from sessions.models import Session, SessionRole

EXPECTED_SESSIONS = {
    "opening": 1,
    "closing": 1,
    "plenary": 1,
    "signing": 1,
    "high_level_panel": 4,
    "roundtable": 4,
    "gala_dinner": 1,
    "exhibition": 1,
    "workshop": 10,
    "side_event": 37,
    "press_conference": 2,
}


@pytest.fixture(scope="module")
def demo_built(django_db_setup, django_db_blocker):
    """The demo, built once for the module (it takes half a minute) in a transaction that is
    rolled back after the module's last test; each test runs in a savepoint of its own."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        # A test's own transaction, as the locking helper counts them: each stage and each
        # registration of the build is then a transaction of its own, as in production.
        block._from_testcase = True
        with block:
            yield demo_event_load(timetable_seconds=1)
            transaction.set_rollback(True)


@pytest.fixture
def demo_event(demo_built, db):
    return demo_built


def test_demo_has_the_reference_event_size(demo_event):
    counts = event_counts(demo_event)
    assert counts["national_delegations"] == 110
    assert counts["organisations"] == 150
    assert counts["delegates"] > 2500
    assert counts["signing_requests"] == 73
    assert counts["signatories"] == 73
    assert counts["sessions_by_kind"] == EXPECTED_SESSIONS
    assert str(demo_event.timezone) == "Asia/Ho_Chi_Minh"
    assert (demo_event.start_date.isoformat(), demo_event.end_date.isoformat()) == (
        "2025-10-25",
        "2025-10-26",
    )


def test_demo_signing_starts_with_the_host_and_includes_the_eu(demo_event):
    requests = SigningRequest.objects.filter(event=demo_event).select_related("delegation")
    first = requests.order_by("signed_at").first()
    assert first.delegation.code == "VNM"
    assert first.delegation.country == "VN"
    eu = requests.get(delegation__code="EU")
    assert eu.delegation.kind == "reio"
    assert eu.full_powers_status == "verified"
    assert not requests.exclude(full_powers_status__in=["verified", "not_required"]).exists()


def test_demo_signatories_are_72_states_and_the_eu(demo_event):
    signatories = Delegation.objects.filter(event=demo_event, signing_requests__isnull=False)
    assert Counter(signatories.values_list("kind", flat=True)) == {"member_state": 72, "reio": 1}


def test_demo_side_events_keep_the_published_grid(demo_event):
    """75-minute slots (60 minutes and the room's 15 of turnover), 10 to 12 in parallel."""
    side_events = Session.objects.filter(event=demo_event, kind="side_event").select_related("room")
    starts = Counter(session.start for session in side_events)
    assert starts == dict(SIDE_EVENT_SLOTS)
    assert [f"{demo_event.local(start):%d %H:%M}" for start in sorted(starts)] == [
        "26 09:00",
        "26 12:00",
        "26 13:30",
        "26 15:00",
    ]
    assert sorted(starts.values(), reverse=True)[:3] == [10, 10, 10]
    assert max(starts.values()) <= 12
    for session in side_events:
        assert session.duration_minutes == 60
        assert session.room.turnover_minutes == 15
        assert (session.earliest_start, session.latest_end) == (session.start, session.end)
    assert Session.objects.filter(event=demo_event, kind="workshop").count() > 8


def test_demo_registrations_fill_the_programme(demo_event):
    """Places, waiting lists and door scans, made through the registration service."""
    from sessions.models import CheckIn, SessionRegistration
    from sessions.selectors.attendance import attendance_counts

    places = SessionRegistration.objects.filter(session__event=demo_event)
    assert places.filter(status="confirmed").count() > 2000
    sessions = Session.objects.filter(event=demo_event).annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")),
    )
    waiting = [session for session in sessions if session.waiting]
    assert waiting, "some sessions are oversubscribed"
    for session in sessions.select_related("room"):
        assert session.confirmed <= session.effective_capacity
        if session.waiting:
            assert session.confirmed == session.effective_capacity
    opens, closes = demo_event.registration_opens, demo_event.registration_closes
    assert not places.exclude(created_at__range=(opens, closes)).exists()
    rows = attendance_counts(demo_event)["sessions"]
    busy = [row for row in rows if row["kind"] == "side_event"]
    assert all(row["confirmed"] > 0 and row["checked_in"] > 0 for row in busy)
    assert all(row["checked_in"] <= row["confirmed"] for row in rows)
    doors = CheckIn.objects.filter(event=demo_event, session__isnull=False)
    assert 0.7 < doors.count() / places.filter(status="confirmed").count() < 0.9


def test_demo_delegate_itinerary_holds_their_places(demo_event):
    from sessions.models import SessionRegistration
    from sessions.selectors.exports import schedule_for_export

    place = (
        SessionRegistration.objects.filter(session__event=demo_event, status="confirmed")
        .select_related("delegate", "session")
        .first()
    )
    schedule = schedule_for_export(event=demo_event, scope="delegate", delegate=place.delegate)
    assert place.session.title in [item.title for item in schedule.items]


def test_demo_states_are_real_with_iso_codes(demo_event):
    states = Delegation.objects.filter(event=demo_event, kind="member_state")
    assert states.count() == 110
    assert states.get(code="VNM").country.name == "Viet Nam"
    assert not states.filter(country="").exists()


def test_demo_programme_keeps_every_room_and_person_rule(demo_event):
    sessions = Session.objects.filter(event=demo_event).select_related("event", "room__venue")
    for session in sessions:
        session.full_clean()
        assert session.start and session.room
    roles = SessionRole.objects.filter(session__event=demo_event).select_related("session")
    booked = {}
    for role in roles:
        for other in booked.get(role.delegate_id, []):
            assert not (role.session.start < other.end and other.start < role.session.end), (
                f"delegate {role.delegate_id} in two places"
            )
        booked.setdefault(role.delegate_id, []).append(role.session)


def _native_names(code):
    return list(
        Delegate.objects.filter(delegation__code=code).values_list("name_native", flat=True)
    )


def test_demo_names_keep_their_own_script(demo_event):
    vietnamese = _native_names("VNM")
    assert vietnamese and all(not name.isascii() for name in vietnamese)
    chinese = _native_names("CHN")
    assert chinese and all(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in chinese)
    russian = _native_names("RUS")
    assert russian and all(any("\u0400" <= ch <= "\u04ff" for ch in name) for name in russian)


def test_second_run_leaves_the_same_counts(demo_event, capsys):
    from sessions.models import CheckIn

    before = event_counts(demo_event)
    scans = CheckIn.objects.filter(event=demo_event).count()
    assert scans > 0.9 * before["accredited"]
    call_command("load_demo", "--timetable-seconds", "1")
    assert event_counts(demo_event) == before
    assert CheckIn.objects.filter(event=demo_event).count() == scans
    assert Event.objects.filter(slug=SLUG).count() == 1
    printed = capsys.readouterr().out
    assert "National delegations" in printed and "110" in printed


def test_demo_delegates_hold_badges_and_states_have_quotas(demo_event):
    from delegations.models import Badge, DelegationQuota

    delegates = Delegate.objects.filter(delegation__event=demo_event)
    live = Badge.objects.filter(delegate__in=delegates, revoked_at__isnull=True)
    assert live.count() == delegates.filter(accreditation_status="accredited").count()
    assert live.values("token").distinct().count() == live.count()
    quota = DelegationQuota.objects.get(event=demo_event, kind="member_state").max_delegates
    biggest = max(
        Delegation.objects.filter(event=demo_event, kind="member_state").values_list(
            "delegates__delegation", flat=True
        ),
        default=None,
    )
    assert biggest is not None
    assert delegates.filter(delegation__code="VNM").count() <= quota
    demo_event_load(timetable_seconds=1)
    assert Badge.objects.filter(delegate__in=delegates).count() == live.count()


def test_demo_programme_is_placed_by_the_engine_and_released(demo_event):
    from sessions.models import ScheduleProposal, ScheduleRelease
    from sessions.selectors.timetabling import schedule_conflicts

    proposal = ScheduleProposal.objects.get(event=demo_event)
    assert proposal.status == "applied"
    assert proposal.solution["status"] == "complete"
    assert not Session.objects.filter(event=demo_event).exclude(status="scheduled").exists()
    release = ScheduleRelease.objects.get(event=demo_event)
    assert release.version == 1
    assert len(release.sessions) == sum(EXPECTED_SESSIONS.values())
    assert schedule_conflicts(demo_event) == []


def test_demo_signing_follows_protocol_and_rebuilding_moves_nothing(demo_event):
    from ceremony.services.signing import signing_order_build

    requests = SigningRequest.objects.filter(event=demo_event).select_related("delegation")
    first = requests.get(signing_order=1)
    assert first.delegation.code == "VNM"
    assert first.slot_session.kind == "signing"
    assert requests.filter(slot_published_at__isnull=False).count() == 73
    report = signing_order_build(event=demo_event)
    assert report == {"assigned": [], "moved": [], "unassigned": []}


def test_the_plenary_hall_is_seated_from_a_published_seeded_draw(demo_event):
    from ceremony.models import SeatAssignment, SeatingDraw

    draw = SeatingDraw.objects.get(event=demo_event)
    assert draw.seed == 2025 and draw.published_at is not None
    seats = SeatAssignment.objects.filter(plan__room__code="plenary-hall", plan__draw=draw)
    assert seats.filter(section="member_states").count() == 110
    assert seats.order_by("position").first().delegation_id == draw.drawn_id


def test_demo_day_1_plenary_has_its_national_statements(demo_event):
    from sessions.selectors.speakers import entry_rank, speakers_in_order

    plenary = demo_event.sessions.get(slug="plenary")
    ordered = speakers_in_order(plenary.speakers_list)
    assert len(ordered) == 19
    assert {entry.delegation.kind for entry in ordered} == {"member_state"}
    ranks = [entry_rank(entry) for entry in ordered]
    assert ranks == sorted(ranks)
