"""The signing: requests and full powers, the protocol order and its slots, signatures."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ceremony.enums import FullPowersStatus
from ceremony.models import SigningRequest
from ceremony.services.signing import (
    full_powers_reject,
    full_powers_verify,
    signature_record,
    signing_order_build,
    signing_request_create,
    signing_request_update,
    signing_request_withdraw,
    signing_slots_publish,
)
from delegations.enums import DelegationKind
from tests.ceremony.support.signing import at, pdf, request_for, state
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    FocalPointFactory,
    SessionFactory,
    SessionRoleFactory,
)


def test_full_powers_follow_the_level(signing_event):
    exempt = request_for(state(signing_event, "FRA", "FR"), level="foreign_minister")
    assert exempt.full_powers_status == FullPowersStatus.NOT_REQUIRED
    minister = request_for(state(signing_event, "BRA", "BR"), level="minister")
    assert minister.full_powers_status == FullPowersStatus.AWAITING
    kenya = state(signing_event, "KEN", "KE")
    with pytest.raises(ValidationError, match="full powers"):
        signing_request_create(
            delegation=kenya, representative=DelegateFactory(delegation=kenya), level="minister"
        )
    assert not SigningRequest.objects.filter(delegation=kenya).exists()


def test_only_states_and_reios_sign(signing_event):
    eu = state(signing_event, "EU", "", kind=DelegationKind.REIO)
    assert request_for(eu, level="other").full_powers_status == FullPowersStatus.AWAITING
    ngo = DelegationFactory(event=signing_event, kind=DelegationKind.NGO)
    with pytest.raises(ValidationError, match="Only States and regional economic"):
        request_for(ngo)


def test_a_text_file_is_not_full_powers(signing_event):
    delegation = state(signing_event, "BRA", "BR")
    fake = SimpleUploadedFile("powers.pdf", b"just some text", "application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        signing_request_create(
            delegation=delegation,
            representative=DelegateFactory(delegation=delegation),
            level="minister",
            full_powers_document=fake,
        )


def test_rejected_full_powers_get_no_slot_and_cannot_sign(signing_event, signing_session):
    request = request_for(state(signing_event, "BRA", "BR"), level="minister")
    full_powers_reject(request=request, reason="Not signed by the Foreign Minister")
    report = signing_order_build(event=signing_event)
    request.refresh_from_db()
    assert request.slot_start is None
    assert report["unassigned"] == [{"delegation": "BRA", "reason": "full powers not verified"}]
    with pytest.raises(ValidationError, match="verified full powers"):
        signature_record(request=request)
    with pytest.raises(ValidationError, match="reason"):
        full_powers_reject(request=request, reason=" ")
    corrected = signing_request_update(request=request, data={"full_powers_document": pdf()})
    assert corrected.full_powers_status == FullPowersStatus.AWAITING
    full_powers_verify(request=corrected)
    signing_order_build(event=signing_event)
    corrected.refresh_from_db()
    assert corrected.slot_start == at(10)


def test_order_is_host_then_level_then_time(signing_event, signing_session):
    later_president = request_for(state(signing_event, "BRA", "BR"), level="head_of_state")
    first_minister = request_for(state(signing_event, "FRA", "FR"), level="foreign_minister")
    first_minister.requested_at = later_president.requested_at - timedelta(days=1)
    first_minister.save()
    host = request_for(state(signing_event, "VNM", "VN"), level="deputy_prime_minister")
    full_powers_verify(request=host)
    other_president = request_for(state(signing_event, "KEN", "KE"), level="head_of_state")
    signing_order_build(event=signing_event)
    order = list(
        SigningRequest.objects.order_by("signing_order").values_list("delegation__code", flat=True)
    )
    assert order == ["VNM", "BRA", "KEN", "FRA"]
    slots = list(
        SigningRequest.objects.order_by("signing_order").values_list("slot_start", flat=True)
    )
    assert slots == [at(10), at(10, 5), at(10, 10), at(10, 15)]
    assert SigningRequest.objects.get(signing_order=3).pk == other_president.pk


def test_breaks_between_signatures(signing_event, signing_session):
    signing_event.signing_break_every = 2
    signing_event.signing_break_minutes = 10
    signing_event.save()
    for code, country in (("BRA", "BR"), ("FRA", "FR"), ("KEN", "KE")):
        request_for(state(signing_event, code, country))
    signing_order_build(event=signing_event)
    slots = list(
        SigningRequest.objects.order_by("signing_order").values_list("slot_start", flat=True)
    )
    assert slots == [at(10), at(10, 5), at(10, 20)]


def test_no_slot_while_the_representative_speaks_elsewhere(signing_event, signing_session):
    brazil = request_for(state(signing_event, "BRA", "BR"))
    france = request_for(state(signing_event, "FRA", "FR"))
    panel = SessionFactory(
        event=signing_event, kind="high_level_panel", start=at(10), duration_minutes=7
    )
    SessionRoleFactory(session=panel, delegate=brazil.representative, role="panellist")
    signing_order_build(event=signing_event)
    brazil.refresh_from_db()
    france.refresh_from_db()
    assert brazil.slot_start >= at(10, 7)
    assert france.slot_start == at(10)


def test_rerun_keeps_published_slots_and_reports_what_moved(signing_event, signing_session):
    brazil = request_for(state(signing_event, "BRA", "BR"), level="minister")
    france = request_for(state(signing_event, "FRA", "FR"), level="minister")
    for request in (brazil, france):
        full_powers_verify(request=request)
    signing_order_build(event=signing_event)
    assert signing_slots_publish(event=signing_event) == 2
    brazil.refresh_from_db()
    france.refresh_from_db()
    published = {brazil.pk: brazil.slot_start, france.pk: france.slot_start}

    request_for(state(signing_event, "KEN", "KE"), level="head_of_state")
    report = signing_order_build(event=signing_event)
    assert report["moved"] == []
    for request in (brazil, france):
        request.refresh_from_db()
        assert request.slot_start == published[request.pk]

    panel = SessionFactory(
        event=signing_event, kind="roundtable", start=published[france.pk], duration_minutes=5
    )
    SessionRoleFactory(session=panel, delegate=france.representative)
    report = signing_order_build(event=signing_event)
    assert [item["delegation"] for item in report["moved"]] == ["FRA"]
    france.refresh_from_db()
    brazil.refresh_from_db()
    assert france.slot_start != published[france.pk]
    assert brazil.slot_start == published[brazil.pk]


def test_signature_is_recorded_at_the_slot(signing_event, signing_session):
    request = request_for(state(signing_event, "VNM", "VN"))
    signing_order_build(event=signing_event)
    request.refresh_from_db()
    signed = signature_record(request=request)
    assert signed.signed_at == at(10)
    again = signature_record(request=request, signed_at=at(11))
    assert again.signed_at == at(10)


def test_a_new_representative_needs_full_powers_naming_them(signing_event, signing_session):
    request = request_for(state(signing_event, "BRA", "BR"), level="minister")
    full_powers_verify(request=request)
    signing_order_build(event=signing_event)
    newcomer = DelegateFactory(delegation=request.delegation)
    with pytest.raises(ValidationError, match="new representative"):
        signing_request_update(request=request, data={"representative": newcomer})
    changed = signing_request_update(
        request=request, data={"representative": newcomer, "full_powers_document": pdf()}
    )
    assert changed.full_powers_status == FullPowersStatus.AWAITING
    assert changed.slot_start is None


def test_withdrawn_request_cannot_change_and_dates_must_be_the_events(signing_event):
    request = request_for(state(signing_event, "BRA", "BR"))
    signing_request_withdraw(request=request)
    with pytest.raises(ValidationError, match="withdrawn"):
        signing_request_update(request=request, data={"level": "head_of_government"})
    kenya = state(signing_event, "KEN", "KE")
    with pytest.raises(ValidationError, match="event's days"):
        request_for(kenya, preferred_date=date(2026, 1, 1))
    ngo = DelegationFactory(event=signing_event, kind=DelegationKind.NGO)
    with pytest.raises(ValidationError, match="Only States"):
        signing_request_create(
            delegation=ngo, representative=DelegateFactory(delegation=ngo), level="minister"
        )


def test_a_delegation_whose_published_slot_moved_is_told_by_email(
    signing_event, signing_session, django_capture_on_commit_callbacks, mailoutbox
):
    france_delegation = state(signing_event, "FRA", "FR")
    france_delegation.contact_email = "protocol@france.example"
    france_delegation.save()
    FocalPointFactory(delegation=france_delegation, user__email="fp@france.example")
    france = request_for(france_delegation, level="minister")
    brazil = request_for(state(signing_event, "BRA", "BR"), level="minister")
    for request in (brazil, france):
        full_powers_verify(request=request)
    signing_order_build(event=signing_event)
    signing_slots_publish(event=signing_event)
    france.refresh_from_db()
    panel = SessionFactory(
        event=signing_event, kind="roundtable", start=france.slot_start, duration_minutes=5
    )
    SessionRoleFactory(session=panel, delegate=france.representative)
    with django_capture_on_commit_callbacks(execute=True):
        signing_order_build(event=signing_event)
    (message,) = mailoutbox
    assert sorted(message.to) == ["fp@france.example", "protocol@france.example"]
    assert "has moved" in message.subject and "FRA" in message.body


def test_the_delegation_is_told_in_its_own_language(
    signing_event, signing_session, django_capture_on_commit_callbacks, mailoutbox, settings
):
    """Written in the delegation's correspondence language, whatever the worker's."""
    settings.LANGUAGE_CODE = "en"
    france_delegation = state(signing_event, "FRA", "FR")
    france_delegation.contact_email = "protocol@france.example"
    france_delegation.language = "fr"
    france_delegation.save()
    france = request_for(france_delegation, level="minister")
    full_powers_verify(request=france)
    signing_order_build(event=signing_event)
    signing_slots_publish(event=signing_event)
    france.refresh_from_db()
    panel = SessionFactory(
        event=signing_event, kind="roundtable", start=france.slot_start, duration_minutes=5
    )
    SessionRoleFactory(session=panel, delegate=france.representative)
    with django_capture_on_commit_callbacks(execute=True):
        signing_order_build(event=signing_event)
    (message,) = mailoutbox
    assert (
        message.subject == f"{signing_event.acronym} : votre rendez-vous de signature a été déplacé"
    )
    assert "25 octobre 2025 10:00" in message.body and "October" not in message.body


def test_a_delegation_whose_published_slot_is_lost_is_told_why(
    signing_event, signing_session, django_capture_on_commit_callbacks, mailoutbox
):
    """No slot left for it on a re-run (its representative now speaks through the whole
    signing session): reported, and the delegation gets a message of its own."""
    france_delegation = state(signing_event, "FRA", "FR")
    france_delegation.contact_email = "protocol@france.example"
    france_delegation.language = "fr"
    france_delegation.save()
    brazil_delegation = state(signing_event, "BRA", "BR")
    brazil_delegation.contact_email = "protocol@brazil.example"
    brazil_delegation.save()
    france = request_for(france_delegation, level="minister")
    brazil = request_for(brazil_delegation, level="minister")
    for request in (france, brazil):
        full_powers_verify(request=request)
    signing_order_build(event=signing_event)
    signing_slots_publish(event=signing_event)
    france.refresh_from_db()
    panel = SessionFactory(
        event=signing_event, kind="roundtable", start=at(10), duration_minutes=30
    )
    SessionRoleFactory(session=panel, delegate=france.representative)
    with django_capture_on_commit_callbacks(execute=True):
        report = signing_order_build(event=signing_event)
    assert [item["delegation"] for item in report["unassigned"]] == ["FRA"]
    (message,) = mailoutbox
    assert message.to == ["protocol@france.example"]
    assert message.subject.endswith("votre rendez-vous de signature est annulé")
    assert "FRA" in message.body and "25 octobre 2025 10:" in message.body
    assert "aucun créneau libre en dehors des autres séances du représentant" in message.body
    france.refresh_from_db()
    assert france.slot_start is None and france.slot_published_at is None


def test_when_slots_run_out_the_reason_says_so(signing_event, signing_session):
    """30 minutes of 5-minute slots hold six signatories: the seventh has no slot left."""
    requests = [
        request_for(state(signing_event, f"S{n}", country), level="head_of_state")
        for n, country in enumerate(["FR", "BR", "KE", "JP", "CA", "DE", "IT"])
    ]
    report = signing_order_build(event=signing_event)
    assert len(report["assigned"]) == 6
    (left,) = report["unassigned"]
    assert left["reason"] == "no slot left: every signing slot is taken"
    assert left["delegation"] in {str(request.delegation) for request in requests}


def test_each_build_keeps_its_report_and_the_signing_page_shows_the_latest(
    signing_event, signing_session, organiser_client
):
    for n, country in enumerate(["FR", "BR", "KE", "JP", "CA", "DE", "IT"]):
        request_for(state(signing_event, f"S{n}", country), level="head_of_state")
    signing_order_build(event=signing_event)
    report = signing_event.signing_order_reports.get()
    assert report.assigned == 6
    assert [item["reason"] for item in report.unassigned] == [
        "no slot left: every signing slot is taken"
    ]
    page = organiser_client.get(
        reverse("admin:ceremony_event_signing", args=[signing_event.pk])
    ).content.decode()
    assert "6 signatories have a slot" in page and "no slot left" in page
    signing_order_build(event=signing_event)
    assert signing_event.signing_order_reports.count() == 2
