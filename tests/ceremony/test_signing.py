"""The signing: full powers, the protocol order and slots, signatures, the treaty tracker."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ceremony import signing
from ceremony.models import FullPowersStatus, SigningRequest
from delegations.models import DelegationKind
from tests.factories import (
    HANOI,
    DelegateFactory,
    DelegationFactory,
    EventFactory,
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
)
from tests.files import pdf_bytes

DAY = date(2025, 10, 25)


def at(hour, minute=0):
    return datetime.combine(DAY, time(hour, minute), tzinfo=HANOI)


def pdf(name="full-powers.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


@pytest.fixture
def event(db):
    return EventFactory(start_date=DAY, end_date=DAY, host_country="VN", signing_minutes=5)


@pytest.fixture
def signing_session(event):
    room = RoomFactory(venue__event=event, name="Plenary Hall")
    return SessionFactory(event=event, kind="signing", room=room, start=at(10), duration_minutes=30)


def state(event, code, country, kind=DelegationKind.MEMBER_STATE):
    return DelegationFactory(event=event, kind=kind, code=code, country=country, name=code)


def request_for(delegation, level="head_of_state", **kwargs):
    representative = DelegateFactory(delegation=delegation)
    document = (
        None if level in ("head_of_state", "head_of_government", "foreign_minister") else pdf()
    )
    return signing.signing_request_create(
        delegation=delegation,
        representative=representative,
        level=level,
        full_powers_document=document,
        **kwargs,
    )


def test_full_powers_follow_the_level(event):
    exempt = request_for(state(event, "FRA", "FR"), level="foreign_minister")
    assert exempt.full_powers_status == FullPowersStatus.NOT_REQUIRED
    minister = request_for(state(event, "BRA", "BR"), level="minister")
    assert minister.full_powers_status == FullPowersStatus.AWAITING
    kenya = state(event, "KEN", "KE")
    with pytest.raises(ValidationError, match="full powers"):
        signing.signing_request_create(
            delegation=kenya, representative=DelegateFactory(delegation=kenya), level="minister"
        )
    assert not SigningRequest.objects.filter(delegation=kenya).exists()


def test_only_states_and_reios_sign(event):
    eu = state(event, "EU", "", kind=DelegationKind.REIO)
    assert request_for(eu, level="other").full_powers_status == FullPowersStatus.AWAITING
    ngo = DelegationFactory(event=event, kind=DelegationKind.NGO)
    with pytest.raises(ValidationError, match="Only States and regional economic"):
        request_for(ngo)


def test_a_text_file_is_not_full_powers(event):
    delegation = state(event, "BRA", "BR")
    fake = SimpleUploadedFile("powers.pdf", b"just some text", "application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        signing.signing_request_create(
            delegation=delegation,
            representative=DelegateFactory(delegation=delegation),
            level="minister",
            full_powers_document=fake,
        )


def test_rejected_full_powers_get_no_slot_and_cannot_sign(event, signing_session):
    request = request_for(state(event, "BRA", "BR"), level="minister")
    signing.full_powers_reject(request=request, reason="Not signed by the Foreign Minister")
    report = signing.signing_order_build(event=event)
    request.refresh_from_db()
    assert request.slot_start is None
    assert report["unassigned"] == [{"delegation": "BRA", "reason": "full powers not verified"}]
    with pytest.raises(ValidationError, match="verified full powers"):
        signing.signature_record(request=request)
    with pytest.raises(ValidationError, match="reason"):
        signing.full_powers_reject(request=request, reason=" ")
    corrected = signing.signing_request_update(
        request=request, data={"full_powers_document": pdf()}
    )
    assert corrected.full_powers_status == FullPowersStatus.AWAITING
    signing.full_powers_verify(request=corrected)
    signing.signing_order_build(event=event)
    corrected.refresh_from_db()
    assert corrected.slot_start == at(10)


def test_order_is_host_then_level_then_time(event, signing_session):
    later_president = request_for(state(event, "BRA", "BR"), level="head_of_state")
    first_minister = request_for(state(event, "FRA", "FR"), level="foreign_minister")
    first_minister.requested_at = later_president.requested_at - timedelta(days=1)
    first_minister.save()
    host = request_for(state(event, "VNM", "VN"), level="deputy_prime_minister")
    signing.full_powers_verify(request=host)
    other_president = request_for(state(event, "KEN", "KE"), level="head_of_state")
    signing.signing_order_build(event=event)
    order = list(
        SigningRequest.objects.order_by("signing_order").values_list("delegation__code", flat=True)
    )
    assert order == ["VNM", "BRA", "KEN", "FRA"]
    slots = list(
        SigningRequest.objects.order_by("signing_order").values_list("slot_start", flat=True)
    )
    assert slots == [at(10), at(10, 5), at(10, 10), at(10, 15)]
    assert SigningRequest.objects.get(signing_order=3).pk == other_president.pk


def test_breaks_between_signatures(event, signing_session):
    event.signing_break_every = 2
    event.signing_break_minutes = 10
    event.save()
    for code, country in (("BRA", "BR"), ("FRA", "FR"), ("KEN", "KE")):
        request_for(state(event, code, country))
    signing.signing_order_build(event=event)
    slots = list(
        SigningRequest.objects.order_by("signing_order").values_list("slot_start", flat=True)
    )
    assert slots == [at(10), at(10, 5), at(10, 20)]


def test_no_slot_while_the_representative_speaks_elsewhere(event, signing_session):
    brazil = request_for(state(event, "BRA", "BR"))
    france = request_for(state(event, "FRA", "FR"))
    panel = SessionFactory(event=event, kind="high_level_panel", start=at(10), duration_minutes=7)
    SessionRoleFactory(session=panel, delegate=brazil.representative, role="panellist")
    signing.signing_order_build(event=event)
    brazil.refresh_from_db()
    france.refresh_from_db()
    assert brazil.slot_start >= at(10, 7)
    assert france.slot_start == at(10)


def test_rerun_keeps_published_slots_and_reports_what_moved(event, signing_session):
    brazil = request_for(state(event, "BRA", "BR"), level="minister")
    france = request_for(state(event, "FRA", "FR"), level="minister")
    for request in (brazil, france):
        signing.full_powers_verify(request=request)
    signing.signing_order_build(event=event)
    assert signing.signing_slots_publish(event=event) == 2
    brazil.refresh_from_db()
    france.refresh_from_db()
    published = {brazil.pk: brazil.slot_start, france.pk: france.slot_start}

    request_for(state(event, "KEN", "KE"), level="head_of_state")
    report = signing.signing_order_build(event=event)
    assert report["moved"] == []
    for request in (brazil, france):
        request.refresh_from_db()
        assert request.slot_start == published[request.pk]

    panel = SessionFactory(
        event=event, kind="roundtable", start=published[france.pk], duration_minutes=5
    )
    SessionRoleFactory(session=panel, delegate=france.representative)
    report = signing.signing_order_build(event=event)
    assert [item["delegation"] for item in report["moved"]] == ["FRA"]
    france.refresh_from_db()
    brazil.refresh_from_db()
    assert france.slot_start != published[france.pk]
    assert brazil.slot_start == published[brazil.pk]


def test_signature_is_recorded_at_the_slot(event, signing_session):
    request = request_for(state(event, "VNM", "VN"))
    signing.signing_order_build(event=event)
    request.refresh_from_db()
    signed = signing.signature_record(request=request)
    assert signed.signed_at == at(10)
    again = signing.signature_record(request=request, signed_at=at(11))
    assert again.signed_at == at(10)


def test_entry_into_force_counts_states_not_the_reio(event):
    event.entry_into_force_instruments = 3
    event.save()
    eu = state(event, "EU", "", kind=DelegationKind.REIO)
    parties = [state(event, f"S{n}", country) for n, country in enumerate(["FR", "BR", "KE"])]
    signing.treaty_deposit_record(
        event=event, delegation=eu, kind="approval", deposited_on=date(2026, 1, 5)
    )
    for day, party in zip((10, 20), parties[:2], strict=False):
        signing.treaty_deposit_record(
            event=event, delegation=party, kind="ratification", deposited_on=date(2026, 2, day)
        )
    tracker = signing.treaty_tracker(event)
    assert tracker["parties"] == 3
    assert tracker["counting_instruments"] == 2
    assert tracker["instruments_needed"] == 1
    assert tracker["entry_into_force"] is None
    signing.treaty_deposit_record(
        event=event, delegation=parties[2], kind="accession", deposited_on=date(2026, 3, 1)
    )
    tracker = signing.treaty_tracker(event)
    assert tracker["threshold_reached_on"] == date(2026, 3, 1)
    assert tracker["entry_into_force"] == date(2026, 3, 1) + timedelta(days=90)
    with pytest.raises(ValidationError):
        signing.treaty_deposit_record(
            event=event, delegation=parties[0], kind="ratification", deposited_on=date(2026, 4, 1)
        )
    ngo = DelegationFactory(event=event, kind=DelegationKind.NGO)
    with pytest.raises(ValidationError, match="become parties"):
        signing.treaty_deposit_record(
            event=event, delegation=ngo, kind="ratification", deposited_on=date(2026, 4, 1)
        )


def test_admin_signing_page_and_actions(event, signing_session, organiser_client):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    request = request_for(state(event, "VNM", "VN"), level="minister")
    changelist = reverse("admin:ceremony_signingrequest_changelist")
    organiser_client.post(changelist, {"action": "verify", ACTION_CHECKBOX_NAME: [request.pk]})
    organiser_client.post(
        reverse("admin:ceremony_event_changelist"),
        {"action": "signing_order", ACTION_CHECKBOX_NAME: [event.pk]},
    )
    request.refresh_from_db()
    assert request.full_powers_status == FullPowersStatus.VERIFIED
    assert request.slot_start == at(10)
    page = organiser_client.get(reverse("admin:ceremony_event_signing", args=[event.pk]))
    assert page.status_code == 200
    assert request.representative.full_name in page.content.decode()
    document = organiser_client.get(
        reverse(
            "admin:ceremony_signingrequest_private_file", args=[request.pk, "full_powers_document"]
        )
    )
    assert document.status_code == 200
    change = organiser_client.get(
        reverse("admin:ceremony_signingrequest_change", args=[request.pk])
    )
    assert change.status_code == 200


def test_a_new_representative_needs_full_powers_naming_them(event, signing_session):
    request = request_for(state(event, "BRA", "BR"), level="minister")
    signing.full_powers_verify(request=request)
    signing.signing_order_build(event=event)
    newcomer = DelegateFactory(delegation=request.delegation)
    with pytest.raises(ValidationError, match="new representative"):
        signing.signing_request_update(request=request, data={"representative": newcomer})
    changed = signing.signing_request_update(
        request=request, data={"representative": newcomer, "full_powers_document": pdf()}
    )
    assert changed.full_powers_status == FullPowersStatus.AWAITING
    assert changed.slot_start is None


def test_withdrawn_request_cannot_change_and_dates_must_be_the_events(event):
    request = request_for(state(event, "BRA", "BR"))
    signing.signing_request_withdraw(request=request)
    with pytest.raises(ValidationError, match="withdrawn"):
        signing.signing_request_update(request=request, data={"level": "head_of_government"})
    kenya = state(event, "KEN", "KE")
    with pytest.raises(ValidationError, match="event's days"):
        request_for(kenya, preferred_date=date(2026, 1, 1))
    ngo = DelegationFactory(event=event, kind=DelegationKind.NGO)
    with pytest.raises(ValidationError, match="Only States"):
        signing.signing_request_create(
            delegation=ngo, representative=DelegateFactory(delegation=ngo), level="minister"
        )


def test_public_list_of_signatories_in_the_readers_language(event, signing_session, client):
    from django.urls import reverse

    request = request_for(state(event, "FRA", "FR"))
    signing.signing_order_build(event=event)
    signing.signature_record(request=SigningRequest.objects.get(pk=request.pk))
    request_for(state(event, "BRA", "BR"))
    page = client.get(reverse("signatories", args=[event.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "France" in body and "Brazil" not in body
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert "France" in client.get(reverse("signatories", args=[event.slug])).content.decode()
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert "Франция" in client.get(reverse("signatories", args=[event.slug])).content.decode()
    table = client.get(reverse("signatories-table", args=[event.slug, "csv"]))
    assert "Франция" in table.content.decode("utf-8-sig")
    assert client.get(reverse("signatories-table", args=[event.slug, "doc"])).status_code == 404
