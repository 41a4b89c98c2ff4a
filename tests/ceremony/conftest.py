"""Fixtures the tests of this app share."""

from datetime import date

import pytest

from tests.ceremony.support.signing import DAY, at
from tests.ceremony.support.webhooks import Receiver
from tests.factories import (
    EventFactory,
    RoomFactory,
    SessionFactory,
)

# signing ---------------------------------------------------------------------------------------


@pytest.fixture
def signing_event(db):
    return EventFactory(start_date=DAY, end_date=DAY, host_country="VN", signing_minutes=5)


@pytest.fixture
def signing_session(signing_event):
    room = RoomFactory(venue__event=signing_event, name="Plenary Hall")
    return SessionFactory(
        event=signing_event, kind="signing", room=room, start=at(10), duration_minutes=30
    )


@pytest.fixture
def hanoi(signing_event):
    """Open for signature in Hanoi on the event's days, then at Headquarters until the end of
    2026; adopted on 24 December 2024."""
    signing_event.treaty_adopted_on = date(2024, 12, 24)
    signing_event.signature_closes_on = date(2026, 12, 31)
    signing_event.save()
    return signing_event


# webhooks --------------------------------------------------------------------------------------


@pytest.fixture
def receiver():
    """A receiving tool on 127.0.0.1 that checks the signatures (its ``secret`` set by the
    test)."""
    with Receiver() as running:
        yield running
