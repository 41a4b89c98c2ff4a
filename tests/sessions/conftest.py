"""Fixtures the tests of this app share."""

from datetime import time
from types import SimpleNamespace

import pytest

from sessions.services.release import schedule_release
from sessions.services.timetabling import (
    timetable_proposal_create,
)
from tests import factories
from tests.factories import (
    EventFactory,
    RoomFactory,
    SessionFactory,
    VenueFactory,
)
from tests.sessions.support.attendance import built_event
from tests.sessions.support.exports import DAY_1, DAY_2, at
from tests.sessions.support.notifications import programme_changed, programme_released
from tests.sessions.support.timetabling import DAY

# checkin ---------------------------------------------------------------------------------------


@pytest.fixture
def door():
    """An event with a session, a door-staff login and one accredited delegate's live badge."""
    event = factories.EventFactory()
    delegation = factories.DelegationFactory(event=event, name="Viet Nam", code="VNM")
    badge = factories.BadgeFactory(
        delegate__delegation=delegation,
        delegate__given_name="An",
        delegate__family_name="Nguyen",
        delegate__name_native="Nguyễn Văn An",
        token="qr-an",
    )
    return SimpleNamespace(
        event=event,
        badge=badge,
        delegate=badge.delegate,
        session=factories.SessionFactory(event=event, title="Opening"),
        staff=factories.UserFactory(username="door", is_staff=True),
    )


# attendance ------------------------------------------------------------------------------------


@pytest.fixture
def built():
    return built_event()


# exports ---------------------------------------------------------------------------------------


@pytest.fixture
def exports_event(db):
    return EventFactory(slug="hanoi", start_date=DAY_1, end_date=DAY_2)


@pytest.fixture
def released_programme(exports_event):
    hall = RoomFactory(venue__event=exports_event, name="Plenary Hall")
    small = RoomFactory(venue=hall.venue, name="Room 2")
    sessions = {
        "opening": SessionFactory(
            event=exports_event, kind="opening", room=hall, start=at(DAY_1, 9), title="Opening"
        ),
        "panel": SessionFactory(
            event=exports_event,
            kind="high_level_panel",
            room=small,
            start=at(DAY_1, 11),
            title="Panel",
        ),
        "side": SessionFactory(
            event=exports_event,
            kind="side_event",
            room=small,
            start=at(DAY_2, 9),
            title="Side event",
        ),
    }
    schedule_release(event=exports_event)
    return {"hall": hall, "small": small, **sessions}


# timetabling -----------------------------------------------------------------------------------


@pytest.fixture
def timetable_event(db):
    return EventFactory(start_date=DAY, end_date=DAY, day_opens=time(9), day_closes=time(18))


@pytest.fixture
def timetable_rooms(timetable_event):
    venue = VenueFactory(event=timetable_event)
    return {
        "hall": RoomFactory(venue=venue, name="Hall", capacity=1000, interpretation_booths=6),
        "small": RoomFactory(venue=venue, name="Small", capacity=40, interpretation_booths=0),
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the Celery task, eager in tests) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def propose(committed):
    def run(timetable_event):
        with committed():
            proposal = timetable_proposal_create(event=timetable_event)
        proposal.refresh_from_db()
        return proposal

    return run


# the release outbox ----------------------------------------------------------------------------


@pytest.fixture
def outbox_programme(db):
    """Version 1 released; nothing changed yet (``tests/sessions/support/notifications.py``)."""
    return programme_released()


@pytest.fixture
def released_again(outbox_programme, committed):
    """Version 2: the panel moved, the side event cancelled; its messages written on commit."""
    programme_changed(outbox_programme)
    with committed():
        outbox_programme.second = schedule_release(
            event=outbox_programme.event, note="The bureau met."
        )
    return outbox_programme
