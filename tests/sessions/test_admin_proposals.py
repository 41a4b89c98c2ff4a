"""A proposal reviewed in the admin, then applied only after its confirmation page."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions.enums import ProposalStatus
from sessions.models import ScheduleProposal, Session
from tests.factories import ScheduleProposalFactory, SessionFactory, SessionRegistrationFactory
from tests.sessions.support.proposals import proposal_of, reviewed_programme
from tests.sessions.support.timetabling import at


@pytest.fixture
def programme(timetable_event, timetable_rooms):
    return reviewed_programme(timetable_event, timetable_rooms)


def apply_url(proposal):
    return reverse("admin:programme_scheduleproposal_apply", args=[proposal.pk])


def placements(event):
    return sorted(Session.objects.filter(event=event).values_list("title", "room", "start"))


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_proposal_page_shows_the_review_and_asks_before_applying(organiser_client, programme):
    page = organiser_client.get(
        reverse("admin:programme_scheduleproposal_change", args=[programme.proposal.pk])
    ).content.decode()
    assert "3 changes (1 moved, 1 added, 1 removed)." in page
    assert "no room has the capacity" in page
    assert f'href="{apply_url(programme.proposal)}"' in page
    assert 'name="_apply"' not in page
    # The day grid: the moved Panel at its new place, and a ghost where it stands now.
    assert f'id="sg-block-{programme.panel.pk}"' in page
    assert f'id="sg-ghost-{programme.panel.pk}"' in page
    assert "from Hall, 09:00" in page and "?changes=1" in page


def test_the_proposal_page_costs_the_same_queries_at_5_and_60_sessions(
    organiser_client, timetable_event, timetable_rooms
):
    counts = []
    for size in (5, 60):
        Session.objects.all().delete()
        sessions = [
            SessionFactory(
                event=timetable_event,
                room=timetable_rooms["hall"],
                start=at(9) + timedelta(minutes=5 * n),
                duration_minutes=5,
            )
            for n in range(size)
        ]
        for session in sessions:
            SessionRegistrationFactory(session=session)
        proposal = proposal_of(
            timetable_event,
            {session: (timetable_rooms["small"], session.start) for session in sessions},
        )
        url = reverse("admin:programme_scheduleproposal_change", args=[proposal.pk])
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_confirmation_counts_the_changes_and_who_they_affect(organiser_client, programme):
    before = placements(programme.proposal.event)
    response = organiser_client.get(apply_url(programme.proposal))
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 changes (1 moved, 1 added, 1 removed)." in page
    assert "It affects 2 delegates with a place of 2 delegations, and 1 speaker or chair." in page
    for name in ("Lan TRAN", "Minh LE", "Ana SOTO"):
        assert name in page
    assert "Hoa PHAM" not in page  # her session does not change
    # Opening the page applies nothing.
    assert placements(programme.proposal.event) == before
    programme.proposal.refresh_from_db()
    assert programme.proposal.status == ProposalStatus.READY


def test_confirming_applies_the_proposal(organiser_client, programme):
    page = organiser_client.get(apply_url(programme.proposal))
    response = organiser_client.post(
        apply_url(programme.proposal),
        {"reviewed": page.context["review"].fingerprint},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("admin:programme_session_changelist")
    assert any("applied: 3 changes" in message for message in messages_of(response))
    programme.panel.refresh_from_db()
    programme.briefing.refresh_from_db()
    assert (programme.panel.room, programme.panel.start) == (programme.rooms["small"], at(10))
    assert programme.briefing.room is None and programme.briefing.status == "draft"
    programme.proposal.refresh_from_db()
    assert programme.proposal.status == ProposalStatus.APPLIED


def test_a_post_without_the_reviewed_programme_applies_nothing(organiser_client, programme):
    before = placements(programme.proposal.event)
    response = organiser_client.post(apply_url(programme.proposal), {}, follow=True)
    assert response.status_code == 200
    assert any("review its changes again" in message for message in messages_of(response))
    assert placements(programme.proposal.event) == before


def test_a_programme_changed_while_reviewing_is_refused_with_a_message(organiser_client, programme):
    page = organiser_client.get(apply_url(programme.proposal))
    programme.dialogue.start = at(15)
    programme.dialogue.save()
    before = placements(programme.proposal.event)
    response = organiser_client.post(
        apply_url(programme.proposal),
        {"reviewed": page.context["review"].fingerprint},
        follow=True,
    )
    assert response.status_code == 200
    assert any("changed while you reviewed" in message for message in messages_of(response))
    assert placements(programme.proposal.event) == before
    assert ScheduleProposal.objects.get(pk=programme.proposal.pk).status == ProposalStatus.READY


def test_a_stale_proposal_is_refused_with_a_message(organiser_client, programme):
    page = organiser_client.get(apply_url(programme.proposal))
    programme.side.delete()  # a session the proposal places is gone
    response = organiser_client.post(
        apply_url(programme.proposal),
        {"reviewed": page.context["review"].fingerprint},
        follow=True,
    )
    assert response.status_code == 200
    assert any("ask for a new proposal" in message for message in messages_of(response))


@pytest.mark.parametrize("status", [ProposalStatus.APPLIED, ProposalStatus.RUNNING])
def test_only_a_ready_proposal_has_a_confirmation(organiser_client, timetable_event, status):
    proposal = ScheduleProposalFactory(
        event=timetable_event, status=status, applied_at=timetable_event.created_at
    )
    for method in (organiser_client.get, organiser_client.post):
        response = method(apply_url(proposal), follow=True)
        assert response.status_code == 200
        assert any("only a proposal ready for review" in m for m in messages_of(response))


def test_the_action_leads_to_the_confirmation_and_takes_one_proposal(organiser_client, programme):
    changelist = reverse("admin:programme_scheduleproposal_changelist")
    response = organiser_client.post(
        changelist, {"action": "apply", ACTION_CHECKBOX_NAME: [programme.proposal.pk]}
    )
    assert response.status_code == 302 and response.url == apply_url(programme.proposal)
    other = ScheduleProposalFactory(event=programme.proposal.event)
    response = organiser_client.post(
        changelist,
        {"action": "apply", ACTION_CHECKBOX_NAME: [programme.proposal.pk, other.pk]},
        follow=True,
    )
    assert any("Choose one proposal" in message for message in messages_of(response))
    assert ScheduleProposal.objects.filter(status=ProposalStatus.APPLIED).count() == 0
