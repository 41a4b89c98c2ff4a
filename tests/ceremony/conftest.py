"""Fixtures the tests of this app share."""

import pytest

from tests.ceremony.support.signing import DAY, at
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
