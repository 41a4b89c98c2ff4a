"""The treaty tracker: signatories, parties, the instruments still needed for entry into force."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from ceremony.selectors.signing import treaty_tracker
from ceremony.services.signing import (
    treaty_deposit_record,
)
from delegations.enums import DelegationKind
from tests.ceremony.support.signing import state
from tests.factories import (
    DelegationFactory,
)


def test_entry_into_force_counts_states_not_the_reio(signing_event):
    signing_event.entry_into_force_instruments = 3
    signing_event.save()
    eu = state(signing_event, "EU", "", kind=DelegationKind.REIO)
    parties = [
        state(signing_event, f"S{n}", country) for n, country in enumerate(["FR", "BR", "KE"])
    ]
    treaty_deposit_record(
        event=signing_event, delegation=eu, kind="accession", deposited_on=date(2026, 1, 5)
    )
    for day, party in zip((10, 20), parties[:2], strict=False):
        treaty_deposit_record(
            event=signing_event,
            delegation=party,
            kind="accession",
            deposited_on=date(2026, 2, day),
        )
    tracker = treaty_tracker(signing_event)
    assert tracker["parties"] == 3
    assert tracker["counting_instruments"] == 2
    assert tracker["instruments_needed"] == 1
    assert tracker["entry_into_force"] is None
    treaty_deposit_record(
        event=signing_event, delegation=parties[2], kind="accession", deposited_on=date(2026, 3, 1)
    )
    tracker = treaty_tracker(signing_event)
    assert tracker["threshold_reached_on"] == date(2026, 3, 1)
    assert tracker["entry_into_force"] == date(2026, 3, 1) + timedelta(days=90)
    with pytest.raises(ValidationError):
        treaty_deposit_record(
            event=signing_event,
            delegation=parties[0],
            kind="accession",
            deposited_on=date(2026, 4, 1),
        )
    ngo = DelegationFactory(event=signing_event, kind=DelegationKind.NGO)
    with pytest.raises(ValidationError, match="become parties"):
        treaty_deposit_record(
            event=signing_event, delegation=ngo, kind="accession", deposited_on=date(2026, 4, 1)
        )
