"""The demo event reproduces the Hanoi 2025 ceremony at its real size, and a re-run adds nothing."""

import pytest
from django.core.management import call_command

from ceremony.demo.builder import SLUG, demo_event_load
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
    "workshop": 8,
    "side_event": 37,
    "press_conference": 2,
}


@pytest.fixture
def demo_event(db):
    return demo_event_load(timetable_seconds=1)


def test_demo_has_the_reference_event_size(demo_event):
    counts = event_counts(demo_event)
    assert counts["national_delegations"] == 110
    assert counts["organisations"] == 150
    assert counts["delegates"] > 2500
    assert counts["signing_requests"] == 72
    assert counts["signatories"] == 72
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
    assert requests.filter(slot_published_at__isnull=False).count() == 72
    report = signing_order_build(event=demo_event)
    assert report == {"assigned": [], "moved": [], "unassigned": []}
