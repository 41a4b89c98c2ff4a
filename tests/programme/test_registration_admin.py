"""Organisers register and cancel through the same services as the portal and the API."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from delegations import services as delegation_services
from sessions.models import SessionRegistration
from tests.factories import DelegateFactory, SessionFactory, SessionRegistrationFactory


@pytest.fixture
def session(db):
    return SessionFactory(capacity=1, access="invitation")


def accredited(session):
    return DelegateFactory(
        delegation__event=session.event,
        accreditation_status="accredited",
        accredited_at=session.start,
    )


def test_organiser_registers_for_an_invitation_only_session(organiser_client, session):
    delegate = accredited(session)
    response = organiser_client.post(
        reverse("admin:programme_sessionregistration_add"),
        {"session": session.pk, "delegate": delegate.pk},
    )
    assert response.status_code == 302
    assert SessionRegistration.objects.get().status == "confirmed"


def test_refusal_is_a_form_error_and_writes_nothing(organiser_client, session):
    not_accredited = DelegateFactory(delegation__event=session.event)
    response = organiser_client.post(
        reverse("admin:programme_sessionregistration_add"),
        {"session": session.pk, "delegate": not_accredited.pk},
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not SessionRegistration.objects.exists()


def test_cancel_action_promotes_the_waiting_list(organiser_client, session):
    first = SessionRegistrationFactory(session=session, delegate=accredited(session))
    waiting = SessionRegistrationFactory(
        session=session, delegate=accredited(session), status="waiting"
    )
    organiser_client.post(
        reverse("admin:programme_sessionregistration_changelist"),
        {"action": "cancel", ACTION_CHECKBOX_NAME: [first.pk]},
    )
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == ("cancelled", "confirmed")


def test_withdrawn_delegate_gives_up_the_place(session):
    leaving = accredited(session)
    first = SessionRegistrationFactory(session=session, delegate=leaving)
    waiting = SessionRegistrationFactory(
        session=session, delegate=accredited(session), status="waiting"
    )
    delegation_services.delegate_withdraw(delegate=leaving)
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == ("cancelled", "confirmed")
