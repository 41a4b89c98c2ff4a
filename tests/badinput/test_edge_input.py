"""Edge input an independent probe sent, each of which answered 500 or stored something no page
could show: dates at the calendar's ends, JSON nested too deeply, a day filter past the year
9999, names of invisible characters. Each is refused with a 400 (or a form error by the field)
and changes nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from delegations.models import Delegate
from tests import factories

pytestmark = pytest.mark.django_db

NESTED = "[" * 5000 + "]" * 5000


@pytest.fixture
def delegation():
    now = timezone.now()
    event = factories.EventFactory(
        start_date=now.date() + timedelta(days=20),
        end_date=now.date() + timedelta(days=21),
        registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=10),
    )
    return factories.DelegationFactory(event=event, kind="member_state", country="VN")


@pytest.fixture
def api(delegation):
    client = APIClient()
    client.force_authenticate(factories.FocalPointFactory(delegation=delegation).user)
    return client


def new_delegate(api, delegation, **fields):
    return api.post(
        reverse("delegate-list"),
        {"delegation": delegation.pk, "family_name": "Nguyen", **fields},
        format="json",
    )


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59:00Z", "0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z"]
)
def test_an_arrival_at_the_calendars_ends_is_refused_by_its_field(api, delegation, moment):
    """9999-12-31 was stored (201), and the delegate's pages then answered 500 shifting it to
    the event's zone; 1900 is a year the planner can show, but not a day anyone travels to an
    event of 2026."""
    answer = new_delegate(api, delegation, arrival=moment)

    assert answer.status_code == 400, answer.json()
    assert list(answer.json()) == ["arrival"]
    assert not Delegate.objects.exists()


def test_travel_within_the_window_around_the_event_is_stored(api, delegation):
    event = delegation.event
    arrival = datetime.combine(event.start_date - timedelta(days=2), datetime.min.time(), UTC)
    late = datetime.combine(event.end_date + timedelta(days=31), datetime.min.time(), UTC)

    kept = new_delegate(api, delegation, arrival=arrival.isoformat())
    refused = new_delegate(api, delegation, departure=late.isoformat())

    assert kept.status_code == 201, kept.json()
    assert refused.status_code == 400
    assert "within 30 days of the event" in refused.json()["departure"][0]


def test_the_portal_shows_a_far_arrival_by_its_field(client, delegation):
    client.force_login(factories.FocalPointFactory(delegation=delegation).user)
    answer = client.post(
        reverse("portal:delegate_add", args=[delegation.pk]),
        {"family_name": "Nguyen", "level": "other", "arrival": "9999-12-31T23:59"},
    )

    assert answer.status_code == 400
    assert answer.context["form"].errors["arrival"]
    assert not Delegate.objects.exists()


def test_the_admin_refuses_a_session_in_the_year_9999(organiser_client):
    room = factories.RoomFactory()
    answer = organiser_client.post(
        reverse("admin:programme_session_add"),
        {
            "event": room.venue.event.pk,
            "kind": "plenary",
            "title_en": "Far future",
            "slug": "far-future",
            "room": room.pk,
            "start_0": "9999-12-31",
            "start_1": "23:00:00",
            "duration_minutes": 60,
            "status": "scheduled",
            "access": "open",
            "interpretation": "none",
            "roles-TOTAL_FORMS": 0,
            "roles-INITIAL_FORMS": 0,
        },
    )

    assert answer.status_code == 200
    assert "Give a date between 1900-01-01 and 2199-12-31" in answer.content.decode()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_day_filter_at_the_calendars_ends_is_a_400(api, day):
    answer = api.get(reverse("session-list"), {"day": day})

    assert answer.status_code == 400
    assert list(answer.json()) == ["day"]


def test_a_day_filter_of_the_event_still_filters(api, delegation):
    session = factories.SessionFactory(event=delegation.event)
    day = timezone.localtime(session.start, delegation.event.timezone).date()

    answer = api.get(reverse("session-list"), {"day": day.isoformat()})

    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == [session.pk]


def test_json_nested_too_deeply_is_a_400_even_signed_out(client):
    answer = client.post(reverse("api-token"), NESTED, content_type="application/json")

    assert answer.status_code == 400
    assert "nested too deeply" in answer.json()["detail"]


def test_json_nested_too_deeply_writes_nothing(api):
    answer = api.post(reverse("delegate-list"), NESTED, content_type="application/json")

    assert answer.status_code == 400
    assert not Delegate.objects.exists()


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\u202e", "\u2066", "\u200b\u2060\ufeff", "\u2068\u2069"]
)
def test_a_name_of_invisible_characters_is_refused(api, delegation, invisible):
    """It printed as a badge with no name on it."""
    answer = new_delegate(api, delegation, family_name=invisible)

    assert answer.status_code == 400
    assert "at least one letter" in answer.json()["family_name"][0]
    assert not Delegate.objects.exists()


def test_a_name_with_a_letter_among_invisible_characters_is_kept(api, delegation):
    answer = new_delegate(api, delegation, family_name="\u202eLan\u2069", name_native="王\u200b")

    assert answer.status_code == 201, answer.json()
