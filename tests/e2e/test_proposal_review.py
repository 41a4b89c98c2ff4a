"""In a real browser: an organiser reviews a timetable proposal, clicks Apply, reads the
confirmation's count of changes and people, confirms, and the sessions have moved."""

import re
from datetime import time

import pytest

from ceremony.services.organisers import organiser_create
from sessions.enums import ProposalStatus
from tests.e2e.support import WatchedPage
from tests.factories import EventFactory, RoomFactory, VenueFactory
from tests.sessions.support.proposals import reviewed_programme
from tests.sessions.support.timetabling import DAY, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Hanoi-2025-organiser"


@pytest.fixture
def programme():
    event = EventFactory(start_date=DAY, end_date=DAY, day_opens=time(9), day_closes=time(18))
    venue = VenueFactory(event=event)
    rooms = {
        "hall": RoomFactory(venue=venue, name="Hall", capacity=1000, interpretation_booths=6),
        "small": RoomFactory(venue=venue, name="Small", capacity=40, interpretation_booths=0),
    }
    return reviewed_programme(event, rooms)


def test_apply_a_proposal_after_the_confirmation(live_server, browser, programme, screenshot):
    organiser_create(username="organiser", password=PASSWORD)
    watch = WatchedPage(browser.new_context())
    page = watch.page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/programme/scheduleproposal/{programme.proposal.pk}/change/")
    page.click("text=Apply this proposal to the programme…")
    page.wait_for_selector("#apply-summary")
    summary = page.inner_text("#apply-summary")
    assert "3 changes (1 moved, 1 added, 1 removed)." in summary
    assert "2 delegates with a place of 2 delegations, and 1 speaker or chair" in summary
    screenshot(page, "proposal-apply-confirmation")
    programme.proposal.refresh_from_db()
    assert programme.proposal.status == ProposalStatus.READY  # nothing applied yet

    page.click("input[type=submit][value='Yes, apply it']")
    page.wait_for_selector("text=applied: 3 changes")
    programme.panel.refresh_from_db()
    programme.side.refresh_from_db()
    programme.briefing.refresh_from_db()
    assert (programme.panel.room, programme.panel.start) == (programme.rooms["small"], at(10))
    assert (programme.side.room, programme.side.status) == (programme.rooms["hall"], "scheduled")
    assert programme.briefing.room is None and programme.briefing.status == "draft"
    programme.proposal.refresh_from_db()
    assert programme.proposal.status == ProposalStatus.APPLIED
    assert watch.problems() == []
