"""The programme in the portal: sessions by day, a delegation's registrations, isolation."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions.enums import RegistrationStatus, SessionAccess, SessionStatus
from sessions.models import SessionRegistration
from tests import factories
from tests.sessions.services.test_registration import accredited

pytestmark = pytest.mark.django_db

MISSING = 987_654_321
NINE = datetime(2025, 10, 25, 9, tzinfo=factories.HANOI)


def page(delegation, name="programme", *args):
    return reverse(f"programme:{name}", args=[delegation.pk, *args])


@pytest.fixture
def event():
    return factories.EventFactory()


@pytest.fixture
def delegation(event):
    return factories.DelegationFactory(event=event, name="Viet Nam")


@pytest.fixture
def focal_client(client, delegation):
    client.force_login(factories.FocalPointFactory(delegation=delegation).user)
    return client


@pytest.fixture
def head(delegation):
    return accredited(delegation, is_head=True, family_name="Nguyen")


@pytest.fixture
def opening(event):
    return factories.SessionFactory(
        event=event, title="Opening ceremony", start=NINE, capacity=1, room__name="Hall A"
    )


def body(response):
    return response.content.decode()


# The programme -----------------------------------------------------------------------------


def test_the_programme_lists_sessions_by_day_in_the_event_zone(focal_client, delegation, event):
    factories.SessionFactory(
        event=event,
        title="Signing ceremony",
        start=datetime(2025, 10, 25, 14, 30, tzinfo=factories.HANOI),
        room__name="Hall A",
        kind="signing",
        capacity=3,
    )
    factories.SessionFactory(
        event=event, title="Closing", start=datetime(2025, 10, 26, 8, tzinfo=factories.HANOI)
    )
    factories.SessionFactory(event=event, title="Secret draft", status=SessionStatus.DRAFT)

    text = body(focal_client.get(page(delegation)))

    assert text.index("Saturday 25 October 2025") < text.index("Signing ceremony")
    assert text.index("Signing ceremony") < text.index("Sunday 26 October 2025")
    assert text.index("Sunday 26 October 2025") < text.index("Closing")
    assert "14:30–15:30" in text and "Hall A" in text and "Signing session" in text
    assert "3 places left" in text
    assert "Secret draft" not in text


def test_the_programme_says_waiting_list_or_full(focal_client, delegation, event, opening):
    factories.SessionRegistrationFactory(session=opening, delegate=accredited(event=event))
    factories.SessionRegistrationFactory(
        session=opening, delegate=accredited(event=event), status=RegistrationStatus.WAITING
    )
    gala = factories.SessionFactory(event=event, access=SessionAccess.INVITATION, capacity=1)
    factories.SessionRegistrationFactory(session=gala, delegate=accredited(event=event))

    response = focal_client.get(page(delegation))
    text = body(response)

    opening_card = text[text.index(f'data-session="{opening.pk}"') :]
    gala_card = text[text.index(f'data-session="{gala.pk}"') :]
    assert "Waiting list" in opening_card[:2000] and "1 waiting" in opening_card[:2000]
    assert "Full" in gala_card[:2000] and "By invitation" in gala_card[:2000]


def test_the_programme_home_goes_to_the_only_delegation(focal_client, delegation):
    response = focal_client.get(reverse("programme:home"))

    assert response.status_code == 302
    assert response.url == page(delegation)


def test_the_portal_header_links_to_the_programme(focal_client, delegation):
    text = body(focal_client.get(reverse("portal:delegation", args=[delegation.pk])))

    assert f'href="{reverse("programme:home")}"' in text


def test_programme_page_queries_do_not_grow_with_sessions(focal_client, delegation, event):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert focal_client.get(page(delegation)).status_code == 200
        return len(captured)

    def sessions(count):
        for _ in range(count):
            session = factories.SessionFactory(event=event, organiser=delegation)
            factories.SessionRoleFactory(session=session)
            factories.SessionRegistrationFactory(session=session)

    sessions(1)
    one = queries()
    sessions(19)
    assert queries() == one


# Registrations -----------------------------------------------------------------------------


def test_a_focal_point_registers_a_delegate_then_the_waiting_list(
    focal_client, delegation, head, opening
):
    adviser = accredited(delegation, family_name="Pham")

    first = focal_client.post(
        page(delegation, "registrations"), {"delegate": head.pk, "session": opening.pk}, follow=True
    )
    second = focal_client.post(
        page(delegation, "registrations"),
        {"delegate": adviser.pk, "session": opening.pk},
        follow=True,
    )

    assert f"{head} has a place in “Opening ceremony”." in body(first)
    assert "is full: Ms. Lan PHAM is number 1 on the waiting list" in body(second)
    text = body(second)
    assert "Confirmed" in text and "Waiting list: number 1" in text


def test_the_registration_page_shows_positions_and_cancels(
    focal_client, delegation, event, head, opening
):
    factories.SessionRegistrationFactory(session=opening, delegate=accredited(event=event))
    factories.SessionRegistrationFactory(
        session=opening, delegate=accredited(event=event), status=RegistrationStatus.WAITING
    )
    mine = factories.SessionRegistrationFactory(
        session=opening, delegate=head, status=RegistrationStatus.WAITING
    )

    assert "Waiting list: number 2" in body(focal_client.get(page(delegation, "registrations")))

    response = focal_client.post(page(delegation, "registration_cancel", mine.pk), follow=True)

    assert "is cancelled" in body(response)
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED


def test_a_refused_registration_shows_the_reason(focal_client, delegation, head, opening):
    factories.SessionRegistrationFactory(session=opening, delegate=head)
    side_event = factories.SessionFactory(event=opening.event, start=NINE, title="Side event")

    response = focal_client.post(
        page(delegation, "registrations"), {"delegate": head.pk, "session": side_event.pk}
    )

    assert response.status_code == 400
    assert "already has a confirmed place in “Opening ceremony”" in body(response)
    assert SessionRegistration.objects.count() == 1


def test_the_form_offers_only_accredited_delegates_and_open_sessions(
    focal_client, delegation, event, head, opening
):
    submitted = factories.DelegateFactory(
        delegation=delegation, accreditation_status="submitted", family_name="Submitted"
    )
    gala = factories.SessionFactory(event=event, access=SessionAccess.INVITATION, title="Gala")
    text = body(focal_client.get(page(delegation, "registrations")))
    assert "Opening ceremony" in text and "Gala" not in text and "SUBMITTED" not in text

    for data in (
        {"delegate": submitted.pk, "session": opening.pk},
        {"delegate": head.pk, "session": gala.pk},
        {},
    ):
        response = focal_client.post(page(delegation, "registrations"), data)
        assert response.status_code == 400
    assert not SessionRegistration.objects.exists()


def test_registration_page_queries_do_not_grow_with_registrations(
    focal_client, delegation, event, head
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert focal_client.get(page(delegation, "registrations")).status_code == 200
        return len(captured)

    def registrations(count):
        for _ in range(count):
            session = factories.SessionFactory(event=event)
            factories.SessionRegistrationFactory(session=session, delegate=head)
            factories.SessionRegistrationFactory(
                session=session, delegate=accredited(delegation), status="waiting"
            )

    registrations(1)
    one = queries()
    registrations(19)
    assert queries() == one


# Isolation ---------------------------------------------------------------------------------


@pytest.fixture
def other(event):
    """Another delegation at the same event, with a registration."""
    delegation = factories.DelegationFactory(event=event, name="Other delegation")
    delegate = accredited(delegation, family_name="Outsider")
    registration = factories.SessionRegistrationFactory(delegate=delegate, session__event=event)
    return delegation, delegate, registration


def test_anothers_pages_answer_404_and_change_nothing(focal_client, delegation, head, other):
    other_delegation, other_delegate, registration = other
    before = list(SessionRegistration.objects.order_by("pk").values())
    requests = [
        ("get", page(other_delegation)),
        ("get", page(other_delegation, "registrations")),
        (
            "post",
            page(other_delegation, "registrations"),
        ),
        ("post", page(other_delegation, "registration_cancel", registration.pk)),
        # Its registration through one's own delegation's address:
        ("post", page(delegation, "registration_cancel", registration.pk)),
        ("get", reverse("programme:programme", args=[MISSING])),
    ]

    for method, url in requests:
        data = {"delegate": other_delegate.pk, "session": registration.session_id}
        response = getattr(focal_client, method)(url, data)
        assert response.status_code == 404, url
        assert "Outsider" not in body(response).upper()

    assert list(SessionRegistration.objects.order_by("pk").values()) == before


def test_anothers_delegate_is_not_a_choice(focal_client, delegation, other):
    _, other_delegate, registration = other

    response = focal_client.post(
        page(delegation, "registrations"),
        {"delegate": other_delegate.pk, "session": registration.session_id},
    )

    assert response.status_code == 400
    assert "Select a valid choice" in body(response)
    assert SessionRegistration.objects.filter(delegate=other_delegate).count() == 1


def test_anonymous_is_sent_to_sign_in(client, delegation, other):
    _, _, registration = other
    for url in (
        reverse("programme:home"),
        page(delegation),
        page(delegation, "registrations"),
        page(delegation, "registration_cancel", registration.pk),
    ):
        response = client.post(url) if "cancel" in url else client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("portal:login"))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_cancel_takes_post_only(focal_client, delegation, head, opening):
    registration = factories.SessionRegistrationFactory(session=opening, delegate=head)

    assert (
        focal_client.get(page(delegation, "registration_cancel", registration.pk)).status_code
        == 405
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_portal_shows_a_multi_day_sessions_true_end(client):
    focal_point = factories.FocalPointFactory()
    event = focal_point.delegation.event
    start = datetime.combine(event.start_date, time(9), tzinfo=event.timezone)
    factories.SessionFactory(
        event=event,
        kind="exhibition",
        title="Exhibition",
        start=start,
        duration_minutes=33 * 60,
        pinned=True,
    )
    client.force_login(focal_point.user)
    body = client.get(
        reverse("programme:programme", args=[focal_point.delegation.pk])
    ).content.decode()
    end = start + timedelta(minutes=33 * 60)
    assert f"09:00–{end:%-d %b} 18:00" in body
