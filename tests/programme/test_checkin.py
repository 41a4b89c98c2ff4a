"""Check-in: admissions, refusals with their reasons, the nonce counted once, the door page, API."""

import threading
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delegations.models import AccreditationStatus
from sessions.checkin import checkin_record
from sessions.models import CheckIn, SessionStatus
from tests import factories
from tests.delegations.test_api import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def door():
    """An event with a session, a door-staff login and one accredited delegate's live badge."""
    event = factories.EventFactory()
    delegation = factories.DelegationFactory(event=event, name="Viet Nam", code="VNM")
    badge = factories.BadgeFactory(
        delegate__delegation=delegation,
        delegate__given_name="An",
        delegate__family_name="Nguyen",
        delegate__name_native="Nguyễn Văn An",
        token="qr-an",
    )
    return SimpleNamespace(
        event=event,
        badge=badge,
        delegate=badge.delegate,
        session=factories.SessionFactory(event=event, title="Opening"),
        staff=factories.UserFactory(username="door", is_staff=True),
    )


def refusal(door, **kwargs):
    """The reason of a refused scan, which leaves no check-in behind."""
    kwargs = {"event": door.event, "token": door.badge.token, "nonce": "n-1", **kwargs}
    with pytest.raises(ValidationError) as refused:
        checkin_record(**kwargs)
    assert CheckIn.objects.count() == 0
    return refused.value.messages[0]


# The service ----------------------------------------------------------------------------------


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


# The API --------------------------------------------------------------------------------------


def scan(client, door, **body):
    body = {"event": door.event.pk, "token": "qr-an", "nonce": "n-1", **body}
    return client.post(reverse("check-in-list"), body, format="json")


def test_api_admits_then_answers_a_repeat_with_200(door):
    client = api_client(door.staff)
    first = scan(client, door, session=door.session.pk, gate="Hall B")
    assert first.status_code == 201, first.json()
    answer = first.json()
    assert answer["name"] == "Ms. An NGUYEN"
    assert answer["name_native"] == "Nguyễn Văn An"
    assert (answer["delegation"], answer["delegation_code"]) == ("Viet Nam", "VNM")
    assert answer["badge"] == door.badge.number
    assert answer["registered"] is False
    assert answer["scanned_at"].endswith("+07:00")
    again = scan(client, door, session=door.session.pk, gate="Hall B")
    assert again.status_code == 200
    assert again.json()["id"] == answer["id"]
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("token", "code"), [("nothing", "unknown_badge"), ("qr-an", "not_accredited")]
)
def test_api_refusal_answers_400_with_the_reason(door, token, code):
    door.delegate.accreditation_status = AccreditationStatus.SUBMITTED
    door.delegate.accredited_at = None
    door.delegate.save()
    refused = scan(api_client(door.staff), door, token=token)
    assert refused.status_code == 400
    assert refused.json()["code"] == code
    assert refused.json()["reason"]
    assert CheckIn.objects.count() == 0


def test_api_bad_input_answers_400_naming_the_fields(door):
    refused = api_client(door.staff).post(
        reverse("check-in-list"), {"event": door.event.pk, "nonce": "x" * 65}, format="json"
    )
    assert refused.status_code == 400
    assert set(refused.json()) == {"token", "nonce"}


def test_api_is_for_staff_only(door):
    focal_point = factories.FocalPointFactory(delegation=door.delegate.delegation).user
    assert scan(api_client(focal_point), door).status_code == 403
    assert api_client(focal_point).get(reverse("check-in-list")).status_code == 403
    assert scan(api_client(), door).status_code == 401
    assert CheckIn.objects.count() == 0


def test_api_lists_an_events_latest_scans(door):
    checkin_record(event=door.event, token="qr-an", nonce="n-1")
    factories.CheckInFactory()
    listed = api_client(door.staff).get(reverse("check-in-list"), {"event": door.event.pk})
    assert listed.status_code == 200
    assert [row["name"] for row in listed.json()["results"]] == ["Ms. An NGUYEN"]


# The door page --------------------------------------------------------------------------------


def page_url(door):
    return reverse("checkin:door", args=[door.event.slug])


def test_the_page_redirects_anonymous_and_non_staff_to_sign_in(client, door):
    answer = client.get(page_url(door))
    assert answer.status_code == 302 and "login" in answer.url
    client.force_login(factories.FocalPointFactory(delegation=door.delegate.delegation).user)
    assert client.get(page_url(door)).status_code == 302


def test_the_page_offers_the_doors_and_a_nonce(client, door):
    client.force_login(door.staff)
    page = client.get(page_url(door))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Venue entry" in html and "Opening" in html
    assert 'name="nonce"' in html and "autofocus" in html
    assert "BarcodeDetector" in html and "crypto.randomUUID" in html
    assert "https://" not in html


def test_the_page_admits_then_refuses_without_javascript(client, door):
    client.force_login(door.staff)
    admitted = client.post(page_url(door), {"token": "qr-an", "nonce": "n-1", "gate": "North"})
    html = admitted.content.decode()
    assert admitted.status_code == 200
    assert "Admitted" in html and "NGUYEN" in html and "Viet Nam" in html
    assert CheckIn.objects.get().scanned_by == door.staff
    refused = client.post(page_url(door), {"token": "nothing", "nonce": "n-2"})
    assert refused.status_code == 400
    assert "Refused" in refused.content.decode() and "Unknown badge" in refused.content.decode()


def test_the_page_answers_json_to_its_script_and_counts_a_retry_once(client, door):
    client.force_login(door.staff)
    body = {"token": "qr-an", "nonce": "3f1c", "session": door.session.pk}
    first = client.post(page_url(door), body, headers={"accept": "application/json"})
    again = client.post(page_url(door), body, headers={"accept": "application/json"})
    assert first.json()["admitted"] and first.json()["created"]
    assert again.json()["created"] is False
    assert first.json()["registered"] is False
    assert CheckIn.objects.count() == 1
    refused = client.post(
        page_url(door), {"token": "", "nonce": "x"}, headers={"accept": "application/json"}
    )
    assert refused.status_code == 400 and refused.json()["reason"] == "Scan a badge first."


def test_the_page_of_an_unknown_event_is_404(client, door):
    client.force_login(door.staff)
    assert client.get(reverse("checkin:door", args=["no-such-event"])).status_code == 404


# Concurrency ----------------------------------------------------------------------------------


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


def test_the_page_costs_the_same_queries_with_more_doors_and_scans(client, door):
    client.force_login(door.staff)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(door)).status_code == 200
        return len(captured)

    factories.CheckInFactory(event=door.event, delegate=door.delegate)
    few = queries()
    for _ in range(15):
        factories.SessionFactory(event=door.event)
        factories.CheckInFactory(event=door.event, session=door.session)
    assert queries() == few
