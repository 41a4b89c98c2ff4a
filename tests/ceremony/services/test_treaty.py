"""The treaty's final clauses (articles 64 and 65): when a signature may be dated, which
instrument a party deposits and when, and when the Convention binds each party."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from ceremony.selectors.signing import treaty_tracker
from ceremony.services.signing import signature_record, treaty_deposit_record
from delegations.enums import DelegationKind
from tests.ceremony.support.signing import HANOI, request_for, state

pytestmark = pytest.mark.django_db

COUNTRIES = {"S1": "JP", "S2": "CA", "S3": "DE", "S4": "IT", "S5": "MX"}


def moment(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=HANOI)


def signed(event, code, day):
    delegation = state(event, code, code)
    return signature_record(request=request_for(delegation), signed_at=moment(day)), delegation


@pytest.mark.parametrize(
    "day", [date(2025, 10, 25), date(2025, 11, 14), date(2026, 12, 31)], ids=str
)
def test_a_signature_in_the_window_is_recorded(hanoi, day, monkeypatch):
    """Its last day included, recorded after it (the clock set to January 2027)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment(date(2027, 1, 5)))
    request, _delegation = signed(hanoi, "FR", day)
    assert hanoi.local(request.signed_at).date() == day


@pytest.mark.parametrize("day", [date(2024, 10, 25), date(2025, 10, 24), date(2027, 1, 1)], ids=str)
def test_a_signature_outside_the_window_is_refused_and_nothing_is_saved(hanoi, day):
    request = request_for(state(hanoi, "FR", "FR"))
    with pytest.raises(ValidationError) as refused:
        signature_record(request=request, signed_at=moment(day))
    assert "open for signature from 2025-10-25 to 2026-12-31" in str(refused.value)
    request.refresh_from_db()
    assert request.signed_at is None


def test_without_a_closing_day_signature_is_open_during_the_event_only(signing_event):
    request = request_for(state(signing_event, "FR", "FR"))
    with pytest.raises(ValidationError, match="open for signature"):
        signature_record(request=request, signed_at=moment(signing_event.end_date + timedelta(1)))


def test_a_signature_cannot_be_dated_in_the_future(hanoi, settings):
    request = request_for(state(hanoi, "FR", "FR"))
    tomorrow = datetime.now(HANOI) + timedelta(days=1)
    if tomorrow.date() > hanoi.signature_closes_on:
        hanoi.signature_closes_on = tomorrow.date()
        hanoi.save()
    with pytest.raises(ValidationError, match="in the future"):
        signature_record(request=request, signed_at=tomorrow)


def test_a_kind_of_delegation_that_cannot_sign_is_refused(hanoi):
    request = request_for(state(hanoi, "FR", "FR"))
    request.delegation.kind = DelegationKind.NGO
    request.delegation.save()
    with pytest.raises(ValidationError, match="Only States and regional economic"):
        signature_record(request=request, signed_at=moment(date(2025, 10, 25)))


def test_the_window_closes_no_earlier_than_the_event(hanoi):
    hanoi.signature_closes_on = hanoi.start_date - timedelta(days=1)
    with pytest.raises(ValidationError, match="at least until the event's last day"):
        hanoi.full_clean()


def test_ratification_needs_an_earlier_signature(hanoi):
    _request, france = signed(hanoi, "FR", date(2025, 10, 25))
    deposit = treaty_deposit_record(
        event=hanoi, delegation=france, kind="ratification", deposited_on=date(2026, 3, 1)
    )
    assert deposit.pk
    kenya = state(hanoi, "KE", "KE")
    with pytest.raises(ValidationError, match="had not signed the treaty by 2026-03-01"):
        treaty_deposit_record(
            event=hanoi, delegation=kenya, kind="approval", deposited_on=date(2026, 3, 1)
        )
    assert not kenya.treaty_deposits.exists()
    assert treaty_deposit_record(
        event=hanoi, delegation=kenya, kind="accession", deposited_on=date(2026, 3, 1)
    ).pk


def test_a_signatory_does_not_accede_and_a_ratification_cannot_precede_the_signature(hanoi):
    _request, brazil = signed(hanoi, "BR", date(2025, 11, 20))
    with pytest.raises(ValidationError, match="not an accession"):
        treaty_deposit_record(
            event=hanoi, delegation=brazil, kind="accession", deposited_on=date(2026, 1, 5)
        )
    with pytest.raises(ValidationError, match="had not signed the treaty by 2025-11-19"):
        treaty_deposit_record(
            event=hanoi, delegation=brazil, kind="acceptance", deposited_on=date(2025, 11, 19)
        )
    assert not brazil.treaty_deposits.exists()


@pytest.mark.parametrize(
    "day, reason",
    [(date(2024, 12, 23), "adopted on 2024-12-24"), (date(2099, 1, 1), "in the future")],
    ids=["before-adoption", "future"],
)
def test_a_deposit_before_adoption_or_in_the_future_is_refused(hanoi, day, reason):
    kenya = state(hanoi, "KE", "KE")
    with pytest.raises(ValidationError, match=reason):
        treaty_deposit_record(event=hanoi, delegation=kenya, kind="accession", deposited_on=day)
    assert not kenya.treaty_deposits.exists()


def test_each_party_has_its_own_date_of_entry_into_force(hanoi):
    """Article 65: three instruments needed here; the general date is the 90th day after the
    third; a later party is bound from the 30th day after its deposit, or the general date if
    that is later. The REIO's instrument is not counted, but the REIO is a party."""
    hanoi.entry_into_force_instruments = 3
    hanoi.save()
    eu = state(hanoi, "EU", "", kind=DelegationKind.REIO)
    deposits = {}
    for code, day in [("EU", date(2026, 1, 5)), ("S1", date(2026, 2, 1)), ("S2", date(2026, 2, 2))]:
        delegation = eu if code == "EU" else state(hanoi, code, COUNTRIES[code])
        deposits[code] = treaty_deposit_record(
            event=hanoi, delegation=delegation, kind="accession", deposited_on=day
        )
    assert all(party["in_force_on"] is None for party in treaty_tracker(hanoi)["party_dates"])
    for code, day in [
        ("S3", date(2026, 3, 1)),
        ("S4", date(2026, 3, 10)),
        ("S5", date(2026, 6, 1)),
    ]:
        deposits[code] = treaty_deposit_record(
            event=hanoi,
            delegation=state(hanoi, code, COUNTRIES[code]),
            kind="accession",
            deposited_on=day,
        )
    tracker = treaty_tracker(hanoi)
    general = date(2026, 3, 1) + timedelta(days=90)  # 30 May 2026
    assert tracker["entry_into_force"] == general
    own = {
        party["deposit"].delegation.code: party["in_force_on"] for party in tracker["party_dates"]
    }
    assert own == {
        "EU": general,
        "S1": general,
        "S2": general,
        "S3": general,
        "S4": general,  # 9 April, 30 days after its deposit, is before the general date
        "S5": date(2026, 7, 1),  # 30 days after 1 June, after the general date
    }
