"""Each database rule refuses what it must: at the database (IntegrityError) and in model
validation (ValidationError, what forms and services see), on PostgreSQL and on SQLite."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ceremony.enums import FullPowersStatus
from delegations.enums import AccreditationStatus, DelegationKind
from sessions.enums import RegistrationStatus, SessionStatus
from sessions.models import Session
from tests.factories import (
    CheckInFactory,
    DelegateFactory,
    DelegationFactory,
    EventFactory,
    InterpreterPoolFactory,
    RoomFactory,
    RoomUnavailabilityFactory,
    SeatAssignmentFactory,
    SeatingPlanFactory,
    SessionFactory,
    SessionRegistrationFactory,
    SessionRoleFactory,
    SigningRequestFactory,
    VenueFactory,
    WebhookDeliveryFactory,
    WebhookEndpointFactory,
    ZoneFactory,
)


def _event_backwards():
    return EventFactory.build(start_date=date(2025, 10, 26), end_date=date(2025, 10, 25))


def _event_registration_backwards():
    return EventFactory.build(
        registration_opens=datetime(2025, 9, 1, tzinfo=UTC),
        registration_closes=datetime(2025, 8, 1, tzinfo=UTC),
    )


def _event_slug_taken():
    EventFactory(slug="hanoi")
    return EventFactory.build(slug="hanoi")


def _interpreters_too_few_for_a_team():
    return InterpreterPoolFactory.build(
        event=EventFactory(), language="ar", interpreters=2, team_size=3
    )


def _interpreters_in_teams_of_none():
    return InterpreterPoolFactory.build(event=EventFactory(), interpreters=0, team_size=0)


def _interpreters_of_a_language_twice():
    pool = InterpreterPoolFactory(language="fr")
    return InterpreterPoolFactory.build(event=pool.event, language="fr")


def _venue_name_taken():
    venue = VenueFactory()
    return VenueFactory.build(event=venue.event, name=venue.name)


def _room_without_seats():
    return RoomFactory.build(venue=VenueFactory(), capacity=0)


def _room_too_many_booths():
    return RoomFactory.build(venue=VenueFactory(), interpretation_booths=13)


def _room_code_taken():
    room = RoomFactory()
    return RoomFactory.build(venue=room.venue, code=room.code)


def _unavailability_backwards():
    unavailable = RoomUnavailabilityFactory.build(room=RoomFactory())
    unavailable.end = unavailable.start - timedelta(minutes=30)
    return unavailable


def _delegation_code_taken():
    delegation = DelegationFactory()
    return DelegationFactory.build(event=delegation.event, code=delegation.code)


def _state_without_country():
    return DelegationFactory.build(event=EventFactory(), kind=DelegationKind.MEMBER_STATE)


def _second_delegation_of_a_state():
    first = DelegationFactory(kind=DelegationKind.MEMBER_STATE, country="VN", code="VNM")
    return DelegationFactory.build(
        event=first.event, kind=DelegationKind.MEMBER_STATE, country="VN", code="VNM2"
    )


def _second_head():
    head = DelegateFactory(is_head=True)
    return DelegateFactory.build(delegation=head.delegation, is_head=True)


def _email_taken_in_delegation():
    delegate = DelegateFactory()
    return DelegateFactory.build(delegation=delegate.delegation, email=delegate.email)


def _rejected_without_reason():
    return DelegateFactory.build(
        delegation=DelegationFactory(), accreditation_status=AccreditationStatus.REJECTED
    )


def _head_of_state_with_full_powers_pending():
    request = SigningRequestFactory()
    request.delete()
    request.pk = None
    request.full_powers_status = FullPowersStatus.AWAITING
    return request


def _minister_without_full_powers():
    request = SigningRequestFactory()
    request.delete()
    request.pk = None
    request.level = "minister"
    return request


def _signed_with_unverified_powers():
    request = SigningRequestFactory()
    request.level = "minister"
    request.full_powers_status = FullPowersStatus.AWAITING
    request.signed_at = request.requested_at
    return request


def _full_powers_rejected_without_reason():
    request = SigningRequestFactory()
    request.level = "minister"
    request.full_powers_status = FullPowersStatus.REJECTED
    return request


def _second_signing_request():
    first = SigningRequestFactory()
    return SigningRequestFactory.build(
        event=first.event, delegation=first.delegation, representative=first.representative
    )


def _session_too_short():
    session = SessionFactory()
    session.duration_minutes = 3
    return session


def _session_without_seats():
    session = SessionFactory()
    session.capacity = 0
    return session


def _scheduled_without_room():
    session = SessionFactory()
    session.room = None
    return session


def _pinned_without_time():
    session = SessionFactory(status=SessionStatus.DRAFT)
    session.start = None
    session.pinned = True
    return session


def _session_slug_taken():
    session = SessionFactory()
    return SessionFactory.build(
        event=session.event, slug=session.slug, room=None, start=None, status=SessionStatus.DRAFT
    )


def _second_role_in_session():
    role = SessionRoleFactory()
    return SessionRoleFactory.build(session=role.session, delegate=role.delegate, role="chair")


def _second_live_registration():
    registration = SessionRegistrationFactory()
    return SessionRegistrationFactory.build(
        session=registration.session,
        delegate=registration.delegate,
        status=RegistrationStatus.WAITING,
    )


def _scan_nonce_reused():
    check_in = CheckInFactory()
    return CheckInFactory.build(
        event=check_in.event, delegate=check_in.delegate, nonce=check_in.nonce
    )


def _zone_name_taken():
    zone = ZoneFactory()
    return ZoneFactory.build(event=zone.event, name=zone.name)


def _webhook_address_taken():
    endpoint = WebhookEndpointFactory()
    return WebhookEndpointFactory.build(event=endpoint.event, url=endpoint.url)


def _webhook_endpoint_wanting_nothing():
    return WebhookEndpointFactory.build(
        event=EventFactory(),
        on_schedule_released=False,
        on_signature_recorded=False,
        on_registration_confirmed=False,
    )


def _webhook_endpoint_not_on_the_web():
    return WebhookEndpointFactory.build(event=EventFactory(), url="ftp://files.example.org/")


def _webhook_endpoint_without_secret():
    return WebhookEndpointFactory.build(event=EventFactory(), secret="")


def _webhook_delivered_twice_to_one_endpoint():
    delivery = WebhookDeliveryFactory()
    return WebhookDeliveryFactory.build(endpoint=delivery.endpoint, uuid=delivery.uuid)


def _webhook_delivery_unknown_status():
    return WebhookDeliveryFactory.build(endpoint=WebhookEndpointFactory(), status="lost")


def _webhook_delivery_unknown_kind():
    return WebhookDeliveryFactory.build(endpoint=WebhookEndpointFactory(), kind="gossip")


def _webhook_pending_without_next_attempt():
    return WebhookDeliveryFactory.build(
        endpoint=WebhookEndpointFactory(), status="pending", delivered_at=None
    )


def _webhook_delivered_never_sent():
    return WebhookDeliveryFactory.build(endpoint=WebhookEndpointFactory(), attempts=0)


def _webhook_answer_not_http():
    return WebhookDeliveryFactory.build(endpoint=WebhookEndpointFactory(), response_code=99)


def _seating_plan_without_rows():
    plan = SeatingPlanFactory()
    plan.pk = None
    plan.room = RoomFactory(venue=plan.room.venue)
    plan.rows = 0
    return plan


def _delegation_seated_twice_in_a_plan():
    seat = SeatAssignmentFactory()
    return SeatAssignmentFactory.build(plan=seat.plan, delegation=seat.delegation, position=99)


VIOLATIONS = [
    _zone_name_taken,
    _event_backwards,
    _event_registration_backwards,
    _event_slug_taken,
    _interpreters_too_few_for_a_team,
    _interpreters_in_teams_of_none,
    _interpreters_of_a_language_twice,
    _venue_name_taken,
    _room_without_seats,
    _room_too_many_booths,
    _room_code_taken,
    _unavailability_backwards,
    _delegation_code_taken,
    _state_without_country,
    _second_delegation_of_a_state,
    _second_head,
    _email_taken_in_delegation,
    _rejected_without_reason,
    _head_of_state_with_full_powers_pending,
    _minister_without_full_powers,
    _signed_with_unverified_powers,
    _full_powers_rejected_without_reason,
    _second_signing_request,
    _session_too_short,
    _session_without_seats,
    _scheduled_without_room,
    _pinned_without_time,
    _session_slug_taken,
    _second_role_in_session,
    _second_live_registration,
    _scan_nonce_reused,
    _webhook_address_taken,
    _webhook_endpoint_wanting_nothing,
    _webhook_endpoint_not_on_the_web,
    _webhook_endpoint_without_secret,
    _webhook_delivered_twice_to_one_endpoint,
    _webhook_delivery_unknown_status,
    _webhook_delivery_unknown_kind,
    _webhook_pending_without_next_attempt,
    _webhook_delivered_never_sent,
    _webhook_answer_not_http,
    _seating_plan_without_rows,
    _delegation_seated_twice_in_a_plan,
]


def _ids(function):
    return function.__name__.strip("_")


@pytest.mark.django_db
@pytest.mark.parametrize("violation", VIOLATIONS, ids=_ids)
def test_database_refuses(violation):
    record = violation()
    model = type(record)
    before = model.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()
    assert model.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("violation", VIOLATIONS, ids=_ids)
def test_validation_refuses_with_a_message(violation):
    record = violation()
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert refused.value.messages, "a refusal must say why"


@pytest.mark.django_db
def test_session_end_must_follow_start_in_the_database():
    session = SessionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(end=session.start - timedelta(minutes=1))


@pytest.mark.django_db
def test_cancelled_registration_does_not_block_a_new_one():
    registration = SessionRegistrationFactory(status=RegistrationStatus.CANCELLED)
    again = SessionRegistrationFactory.build(
        session=registration.session, delegate=registration.delegate
    )
    again.full_clean()
    again.save()


@pytest.mark.django_db
def test_accreditation_time_follows_status():
    delegate = DelegateFactory.build(
        delegation=DelegationFactory(), accreditation_status=AccreditationStatus.ACCREDITED
    )
    assert delegate.accredited_at is None
    delegate.full_clean()
    assert delegate.accredited_at is not None
    delegate.accreditation_status = AccreditationStatus.SUBMITTED
    delegate.full_clean()
    assert delegate.accredited_at is None


@pytest.mark.django_db
def test_validation_names_the_session_that_holds_the_room():
    held = SessionFactory(title="Opening session")
    clash = SessionFactory.build(
        event=held.event, room=held.room, start=held.start + timedelta(minutes=30)
    )
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    assert "Opening session" in refused.value.message_dict["start"][0]


@pytest.mark.django_db
def test_validation_allows_back_to_back_and_cancelled_sessions():
    held = SessionFactory()
    SessionFactory.build(event=held.event, room=held.room, start=held.end).full_clean()
    held.status = SessionStatus.CANCELLED
    held.save()
    SessionFactory.build(event=held.event, room=held.room, start=held.start).full_clean()


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_refuses_two_sessions_in_one_room_at_once():
    held = SessionFactory()
    clash = SessionFactory.build(
        event=held.event, room=held.room, start=held.start + timedelta(minutes=59)
    )
    with pytest.raises(IntegrityError, match="session_no_overlap_in_room"), transaction.atomic():
        clash.save()
    assert Session.objects.filter(room=held.room).count() == 1
