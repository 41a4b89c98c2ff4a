"""Check-in: admissions, refusals with their reasons, the nonce counted once, racing scans."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from delegations.enums import AccreditationStatus
from sessions.enums import SessionStatus
from sessions.models import CheckIn
from sessions.services.checkin import checkin_record
from tests import factories
from tests.sessions.support.checkin import refusal

pytestmark = pytest.mark.django_db


def test_a_live_badge_of_an_accredited_delegate_is_admitted(door):
    check_in, created = checkin_record(
        event=door.event, token=" qr-an\n", nonce="n-1", gate="North", by=door.staff
    )
    assert created is True
    assert (check_in.delegate, check_in.session, check_in.gate) == (door.delegate, None, "North")
    assert check_in.scanned_by == door.staff
    assert check_in.badge == door.badge
    assert check_in.registered is True


def test_an_unknown_badge_is_refused(door):
    assert refusal(door, token="not-a-badge").startswith("Unknown badge")


def test_another_events_badge_is_unknown_here(door):
    other = factories.BadgeFactory(token="qr-elsewhere")
    assert other.delegate.delegation.event != door.event
    assert refusal(door, token="qr-elsewhere").startswith("Unknown badge")


def test_a_revoked_badge_is_refused_with_its_number(door):
    door.badge.revoked_at = timezone.now()
    door.badge.save()
    reason = refusal(door)
    assert reason.startswith("Revoked badge") and door.badge.number in reason


@pytest.mark.parametrize(
    "status",
    [AccreditationStatus.SUBMITTED, AccreditationStatus.WITHDRAWN, AccreditationStatus.DRAFT],
)
def test_a_delegate_not_accredited_is_refused(door, status):
    door.delegate.accreditation_status = status
    door.delegate.accredited_at = None
    door.delegate.save()
    reason = refusal(door)
    assert reason.startswith("Not accredited") and "NGUYEN" in reason


def test_another_events_session_is_refused(door):
    other = factories.SessionFactory(title="Elsewhere")
    assert "belongs to another event" in refusal(door, session=other)


def test_a_cancelled_session_is_refused(door):
    door.session.status = SessionStatus.CANCELLED
    door.session.save()
    assert "is cancelled" in refusal(door, session=door.session)


@pytest.mark.parametrize(("nonce", "words"), [("", "no scan id"), ("x" * 65, "longer than 64")])
def test_a_scan_without_a_usable_nonce_is_refused(door, nonce, words):
    assert words in refusal(door, nonce=nonce)


def test_a_gate_name_too_long_is_a_field_error(door):
    with pytest.raises(ValidationError) as refused:
        checkin_record(event=door.event, token="qr-an", nonce="n-1", gate="g" * 101)
    assert "gate" in refused.value.message_dict
    assert CheckIn.objects.count() == 0


def test_a_repeated_nonce_is_counted_once(door):
    first, created = checkin_record(event=door.event, token="qr-an", nonce="n-1")
    again, created_again = checkin_record(event=door.event, token="qr-an", nonce="n-1")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert CheckIn.objects.count() == 1


def test_a_repeat_is_answered_even_after_the_badge_is_revoked(door):
    """The scan was admitted when it happened: its retry gets the same answer."""
    checkin_record(event=door.event, token="qr-an", nonce="n-1")
    door.badge.revoked_at = timezone.now()
    door.badge.save()
    _check_in, created = checkin_record(event=door.event, token="qr-an", nonce="n-1")
    assert created is False


def test_a_nonce_reused_for_another_badge_is_refused(door):
    checkin_record(event=door.event, token="qr-an", nonce="n-1")
    factories.BadgeFactory(delegate__delegation__event=door.event, token="qr-other")
    with pytest.raises(ValidationError, match="another badge"):
        checkin_record(event=door.event, token="qr-other", nonce="n-1")
    assert CheckIn.objects.count() == 1


def test_a_new_nonce_is_a_new_scan(door):
    checkin_record(event=door.event, token="qr-an", nonce="n-1")
    checkin_record(event=door.event, token="qr-an", nonce="n-2")
    assert CheckIn.objects.filter(delegate=door.delegate).count() == 2


def test_at_a_session_door_registered_says_whether_the_place_is_confirmed(door):
    check_in, _created = checkin_record(
        event=door.event, token="qr-an", nonce="n-1", session=door.session
    )
    assert check_in.session == door.session and check_in.registered is False
    factories.SessionRegistrationFactory(session=door.session, delegate=door.delegate)
    check_in, _created = checkin_record(
        event=door.event, token="qr-an", nonce="n-2", session=door.session
    )
    assert check_in.registered is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_scans_racing_with_one_nonce_make_one_check_in():
    event = factories.EventFactory()
    factories.BadgeFactory(delegate__delegation__event=event, token="qr-race")
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def scan_once():
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            answers.append(checkin_record(event=event, token="qr-race", nonce="same")[1])
        except Exception as error:  # noqa: BLE001 -- collected, then asserted empty
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(answers) == [False, True]
    assert CheckIn.objects.filter(event=event).count() == 1


def test_a_twin_scan_that_wins_the_race_is_answered_as_a_repeat(door, monkeypatch):
    """The twin's row lands between the nonce lookup and the insert: the database decides."""
    full_clean = CheckIn.full_clean

    def twin_first(check_in, **kwargs):
        full_clean(check_in, **kwargs)
        CheckIn.objects.create(event=check_in.event, delegate=check_in.delegate, nonce="n-1")

    monkeypatch.setattr(CheckIn, "full_clean", twin_first)
    check_in, created = checkin_record(event=door.event, token="qr-an", nonce="n-1")
    assert created is False
    assert CheckIn.objects.get().pk == check_in.pk


# zones -----------------------------------------------------------------------------------------


def test_a_session_door_refuses_a_category_its_rooms_zone_does_not_admit(door):
    zone = factories.ZoneFactory(event=door.event, name="Plenary floor")
    zone.rooms.add(door.session.room)
    reason = refusal(door, session=door.session)
    assert reason == "Stakeholder badges are not admitted to the Plenary floor."


def test_a_door_that_names_its_zone_admits_by_that_zone_and_records_it(door):
    lounge = factories.ZoneFactory(
        event=door.event, name="VIP lounge", kind="vip_lounge", categories=["stakeholder"]
    )
    check_in, _ = checkin_record(event=door.event, token="qr-an", nonce="n-1", zone=lounge)
    assert check_in.zone == lounge
    closed = factories.ZoneFactory(event=door.event, name="Signing hall", kind="signing_hall")
    with pytest.raises(ValidationError) as refused:
        checkin_record(event=door.event, token="qr-an", nonce="n-2", zone=closed)
    assert refused.value.code == "zone_refused"
    assert CheckIn.objects.count() == 1
