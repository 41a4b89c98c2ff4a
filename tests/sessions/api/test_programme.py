"""The programme API: sessions (read), session registrations, isolation, bad input, queries."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from delegations.enums import AccreditationStatus
from sessions.enums import RegistrationStatus, SessionAccess, SessionRoleKind, SessionStatus
from sessions.models import SessionRegistration
from tests import factories
from tests.clients import api_client
from tests.sessions.services.test_registration import accredited

pytestmark = pytest.mark.django_db

MISSING = 987_654_321
NINE = datetime(2025, 10, 25, 9, tzinfo=factories.HANOI)


def sessions_url(pk=None):
    return reverse("session-detail", args=[pk]) if pk else reverse("session-list")


def registrations_url(pk=None):
    return reverse("registration-detail", args=[pk]) if pk else reverse("registration-list")


@pytest.fixture
def world():
    """Delegations A and B at one event, each with a focal point, a head and an adviser."""
    event = factories.EventFactory()
    session = factories.SessionFactory(event=event, capacity=1, start=NINE, title="Opening")
    places = {}
    for name in ("a", "b"):
        delegation = factories.DelegationFactory(event=event, name=f"Delegation {name.upper()}")
        user = factories.UserFactory(username=f"focal-{name}")
        factories.FocalPointFactory(user=user, delegation=delegation)
        places[name] = SimpleNamespace(
            delegation=delegation,
            user=user,
            client=api_client(user),
            head=accredited(delegation, is_head=True),
            adviser=accredited(delegation),
        )
    return SimpleNamespace(event=event, session=session, **places)


def snapshot():
    return list(SessionRegistration.objects.order_by("pk").values())


# Sessions ----------------------------------------------------------------------------------


def test_a_session_shows_its_places_people_and_times_in_the_event_zone(world):
    session = factories.SessionFactory(
        event=world.event,
        kind="high_level_panel",
        title="Cybercrime and development",
        start=datetime(2025, 10, 25, 14, 30, tzinfo=factories.HANOI),
        duration_minutes=90,
        capacity=2,
        room__name="Hall B",
        room__capacity=50,
        interpretation="full",
        access=SessionAccess.HEADS_PLUS_ONE,
        organiser=world.b.delegation,
        pinned=True,
    )
    factories.SessionRoleFactory(session=session, delegate=world.a.head, role=SessionRoleKind.CHAIR)
    factories.SessionRoleFactory(
        session=session, delegate=world.b.adviser, role=SessionRoleKind.SPEAKER, order=1
    )
    for delegate in (world.a.head, world.a.adviser):
        factories.SessionRegistrationFactory(session=session, delegate=delegate)
    factories.SessionRegistrationFactory(
        session=session, delegate=world.b.head, status=RegistrationStatus.WAITING
    )

    shown = world.a.client.get(sessions_url(session.pk)).json()

    assert shown == {
        "id": session.pk,
        "event": world.event.pk,
        "kind": "high_level_panel",
        "title": "Cybercrime and development",
        "description": "",
        "room": "Hall B",
        "start": "2025-10-25T14:30:00+07:00",
        "end": "2025-10-25T16:00:00+07:00",
        "duration_minutes": 90,
        "capacity": 2,
        "confirmed_count": 2,
        "waiting_count": 1,
        "places_left": 0,
        "interpretation": "full",
        "languages": ["ar", "zh-hans", "en", "fr", "ru", "es"],
        "access": "heads_plus_one",
        "organiser": "Delegation B",
        "roles": [
            {
                "role": "chair",
                "name": world.a.head.full_name,
                "name_native": "Trần Thị Lan",
                "delegation": "Delegation A",
            },
            {
                "role": "speaker",
                "name": world.b.adviser.full_name,
                "name_native": "Trần Thị Lan",
                "delegation": "Delegation B",
            },
        ],
        "status": "scheduled",
        "pinned": True,
    }


def test_only_scheduled_sessions_are_listed(world):
    draft = factories.SessionFactory(event=world.event, status=SessionStatus.DRAFT)
    factories.SessionFactory(event=world.event, status=SessionStatus.CANCELLED)

    listed = world.a.client.get(sessions_url()).json()

    assert [row["id"] for row in listed["results"]] == [world.session.pk]
    assert world.a.client.get(sessions_url(draft.pk)).status_code == 404


def test_sessions_filter_by_event_kind_room_day_and_search(world):
    late = factories.SessionFactory(
        event=world.event,
        kind="workshop",
        title="Evidence workshop",
        start=datetime(2025, 10, 26, 6, tzinfo=factories.HANOI),  # 25 Oct 23:00 UTC
    )
    factories.SessionFactory(
        event=factories.EventFactory(), start=datetime(2025, 10, 27, 9, tzinfo=factories.HANOI)
    )

    def ids(**query):
        response = world.a.client.get(sessions_url(), query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(event=world.event.pk) == {world.session.pk, late.pk}
    assert ids(kind="workshop") == {late.pk}
    assert ids(room=late.room_id) == {late.pk}
    assert ids(search="evidence") == {late.pk}
    assert ids(day="2025-10-26", event=world.event.pk) == {late.pk}
    assert ids(day="2025-10-25") == {world.session.pk}
    assert ids(event=MISSING) == set()


def test_the_day_is_read_in_each_events_own_zone(world):
    """23:30 UTC on 25 October is already 26 October in Hanoi, and still the 25th in UTC."""
    moment = datetime(2025, 10, 25, 23, 30, tzinfo=ZoneInfo("UTC"))
    hanoi = factories.SessionFactory(event=world.event, start=moment)
    utc = factories.SessionFactory(
        event=factories.EventFactory(timezone=ZoneInfo("UTC")), start=moment
    )

    def ids(day):
        return {
            row["id"] for row in world.a.client.get(sessions_url(), {"day": day}).json()["results"]
        }

    assert hanoi.pk in ids("2025-10-26") and utc.pk not in ids("2025-10-26")
    assert utc.pk in ids("2025-10-25") and hanoi.pk not in ids("2025-10-25")


@pytest.mark.parametrize(
    "query", [{"kind": "picnic"}, {"day": "26/10/2025"}, {"event": "HANOI"}, {"room": "x"}]
)
def test_bad_filters_answer_400_naming_the_field(world, query):
    response = world.a.client.get(sessions_url(), query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_anonymous_gets_401(world):
    assert api_client().get(sessions_url()).status_code == 401
    assert api_client().get(registrations_url()).status_code == 401
    response = api_client().post(
        registrations_url(), {"session": world.session.pk, "delegate": world.a.head.pk}
    )
    assert response.status_code == 401
    assert not SessionRegistration.objects.exists()


#: The token, the page's count, the page's rows, the chairs and speakers.
SESSION_LIST_QUERIES = 4


@pytest.mark.parametrize("rows", [1, 20])
def test_session_list_queries_do_not_grow_with_rows(world, rows, django_assert_num_queries):
    for _ in range(rows - 1):
        session = factories.SessionFactory(event=world.event, organiser=world.b.delegation)
        factories.SessionRoleFactory(session=session, delegate=world.a.head)
        factories.SessionRegistrationFactory(session=session, delegate=world.a.adviser)

    with django_assert_num_queries(SESSION_LIST_QUERIES):
        response = world.a.client.get(sessions_url())

    assert response.json()["count"] == rows


# Registrations -----------------------------------------------------------------------------


def test_a_focal_point_registers_its_delegates_then_the_waiting_list(world):
    confirmed = world.a.client.post(
        registrations_url(), {"session": world.session.pk, "delegate": world.a.head.pk}
    )
    waiting = world.a.client.post(
        registrations_url(), {"session": world.session.pk, "delegate": world.a.adviser.pk}
    )

    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json() == {
        "id": confirmed.json()["id"],
        "session": world.session.pk,
        "session_title": "Opening",
        "session_start": "2025-10-25T09:00:00+07:00",
        "session_end": "2025-10-25T10:00:00+07:00",
        "delegate": world.a.head.pk,
        "delegate_name": world.a.head.full_name,
        "delegation": world.a.delegation.pk,
        "delegation_name": "Delegation A",
        "status": "confirmed",
        "waiting_position": None,
        "created_at": confirmed.json()["created_at"],
    }
    assert confirmed.json()["created_at"].endswith("+07:00")
    assert (waiting.json()["status"], waiting.json()["waiting_position"]) == ("waiting", 1)


def test_delete_cancels_and_promotes_the_first_waiting_once(world):
    first = world.a.client.post(
        registrations_url(), {"session": world.session.pk, "delegate": world.a.head.pk}
    ).json()
    world.b.client.post(
        registrations_url(), {"session": world.session.pk, "delegate": world.b.head.pk}
    )
    world.b.client.post(
        registrations_url(), {"session": world.session.pk, "delegate": world.b.adviser.pk}
    )

    assert world.a.client.delete(registrations_url(first["id"])).status_code == 204
    assert world.a.client.delete(registrations_url(first["id"])).status_code == 204

    rows = world.b.client.get(registrations_url(), {"session": world.session.pk}).json()
    assert [(r["delegate"], r["status"], r["waiting_position"]) for r in rows["results"]] == [
        (world.b.head.pk, "confirmed", None),
        (world.b.adviser.pk, "waiting", 1),
    ]


def test_a_focal_point_lists_only_its_own_delegates_registrations_and_staff_all(world, organiser):
    for delegate in (world.a.head, world.b.head):
        factories.SessionRegistrationFactory(session=world.session, delegate=delegate)
    staff = api_client(organiser)

    own = world.a.client.get(registrations_url()).json()
    every = staff.get(registrations_url()).json()

    assert [row["delegate"] for row in own["results"]] == [world.a.head.pk]
    assert every["count"] == 2


def test_anothers_registration_answers_as_a_missing_one(world):
    foreign = factories.SessionRegistrationFactory(session=world.session, delegate=world.b.head)
    before = snapshot()

    for method in ("get", "delete"):
        answer = getattr(world.a.client, method)(registrations_url(foreign.pk))
        missing = getattr(world.a.client, method)(registrations_url(MISSING))
        assert answer.status_code == missing.status_code == 404
        assert answer.json() == missing.json()
    assert snapshot() == before


def test_registering_anothers_delegate_answers_as_a_missing_one(world):
    before = snapshot()

    answers = [
        world.a.client.post(
            registrations_url(), {"session": world.session.pk, "delegate": delegate}
        )
        for delegate in (world.b.head.pk, MISSING, "B")
    ]

    assert {answer.status_code for answer in answers} == {400}
    assert all(answer.json() == {"delegate": ["No such delegate."]} for answer in answers)
    assert snapshot() == before


@pytest.mark.parametrize(
    "body, fields",
    [
        ({}, {"session", "delegate"}),
        ({"session": MISSING}, {"session", "delegate"}),
        ({"session": "opening", "delegate": None}, {"session", "delegate"}),
        ({"status": "confirmed", "colour": "red"}, {"colour"}),
    ],
)
def test_bad_input_answers_400_with_field_messages(world, body, fields):
    response = world.a.client.post(registrations_url(), body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == fields
    assert not SessionRegistration.objects.exists()


def test_a_refused_registration_answers_400_with_the_services_message(world):
    draft = factories.SessionFactory(event=world.event, status=SessionStatus.DRAFT, title="Gala")
    submitted = factories.DelegateFactory(
        delegation=world.a.delegation, accreditation_status=AccreditationStatus.SUBMITTED
    )
    overlapping = factories.SessionFactory(event=world.event, start=NINE, title="Side event")
    world.a.client.post(
        registrations_url(), {"session": world.session.pk, "delegate": world.a.head.pk}
    )

    closed = world.a.client.post(
        registrations_url(), {"session": draft.pk, "delegate": world.a.head.pk}
    )
    unaccredited = world.a.client.post(
        registrations_url(), {"session": world.session.pk, "delegate": submitted.pk}
    )
    clash = world.a.client.post(
        registrations_url(), {"session": overlapping.pk, "delegate": world.a.head.pk}
    )

    assert closed.json() == {"session": ["“Gala” is not open for registration."]}
    assert list(unaccredited.json()) == ["delegate"]
    assert clash.status_code == 400
    assert "“Opening”" in clash.json()["non_field_errors"][0]
    assert SessionRegistration.objects.count() == 1


def test_the_api_cannot_register_for_a_session_by_invitation(world, organiser):
    gala = factories.SessionFactory(event=world.event, access=SessionAccess.INVITATION)
    staff = api_client(organiser)

    for client in (world.a.client, staff):
        response = client.post(
            registrations_url(), {"session": gala.pk, "delegate": world.a.head.pk}
        )
        assert response.status_code == 400
        assert "by invitation" in response.json()["non_field_errors"][0]


#: The token, the page's count, the page's rows.
REGISTRATION_LIST_QUERIES = 3


@pytest.mark.parametrize("rows", [1, 20])
def test_registration_list_queries_do_not_grow_with_rows(world, rows, django_assert_num_queries):
    for _ in range(rows):
        session = factories.SessionFactory(event=world.event, capacity=1)
        factories.SessionRegistrationFactory(session=session, delegate=world.a.head)
        factories.SessionRegistrationFactory(
            session=session, delegate=world.a.adviser, status=RegistrationStatus.WAITING
        )

    with django_assert_num_queries(REGISTRATION_LIST_QUERIES):
        response = world.a.client.get(registrations_url())

    assert response.json()["count"] == 2 * rows
