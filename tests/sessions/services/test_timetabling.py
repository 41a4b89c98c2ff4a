"""Timetable proposals: computed by the engine in a job, reviewed, applied."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from config.core.jobs import job_cancel
from config.core.progress import cancel_request, job_key, progress_read
from sessions import scheduling
from sessions.enums import ProposalStatus
from sessions.models import ScheduleProposal, Session
from sessions.selectors.timetabling import (
    schedule_conflicts,
    session_key,
)
from sessions.services.timetabling import (
    timetable_progress_reporter,
    timetable_proposal_apply,
    timetable_proposal_compute,
    timetable_proposal_create,
    timetable_stop_check,
)
from tests.factories import (
    ScheduleProposalFactory,
    SessionFactory,
)
from tests.sessions.support.timetabling import at, movable


def test_proposal_is_computed_reviewed_and_applied(
    timetable_event, timetable_rooms, organiser_client, committed
):
    SessionFactory(
        event=timetable_event,
        kind="opening",
        room=timetable_rooms["hall"],
        start=at(9),
        pinned=True,
    )
    panel = movable(timetable_event, kind="high_level_panel", interpretation="full", capacity=500)
    side = movable(timetable_event, kind="side_event", capacity=30)
    with committed():
        response = organiser_client.post(
            reverse("admin:ceremony_event_changelist"),
            {"action": "timetable_propose", ACTION_CHECKBOX_NAME: [timetable_event.pk]},
            follow=True,
        )
    assert "Timetabling" in response.content.decode()
    proposal = ScheduleProposal.objects.get(event=timetable_event)
    assert proposal.status == ProposalStatus.READY
    assert proposal.solution["status"] == "complete"
    page = organiser_client.get(
        reverse("admin:programme_scheduleproposal_change", args=[proposal.pk])
    )
    assert page.status_code == 200
    assert panel.title in page.content.decode()

    timetable_proposal_apply(proposal=proposal)
    panel.refresh_from_db()
    side.refresh_from_db()
    assert panel.room == timetable_rooms["hall"] and panel.status == "scheduled"
    assert panel.start >= at(10)
    assert side.room == timetable_rooms["small"]
    assert schedule_conflicts(timetable_event) == []


def test_a_session_no_room_can_hold_is_left_out_with_its_reason(
    timetable_event, timetable_rooms, organiser_client, propose
):
    huge = movable(timetable_event, kind="plenary", capacity=5000, title="Assembly of everyone")
    proposal = propose(timetable_event)
    assert proposal.solution["status"] == "partial"
    (left_out,) = proposal.solution["unplaced"]
    assert left_out["session"] == session_key(huge.pk)
    assert any("capacity" in reason for reason in left_out["reasons"])
    page = organiser_client.get(
        reverse("admin:programme_scheduleproposal_change", args=[proposal.pk])
    ).content.decode()
    assert "Assembly of everyone" in page and "capacity" in page
    timetable_proposal_apply(proposal=proposal)
    huge.refresh_from_db()
    assert huge.room is None and huge.status == "draft"


def test_apply_refuses_a_proposal_for_a_changed_programme(
    timetable_event, timetable_rooms, propose
):
    session = movable(timetable_event, capacity=20)
    proposal = propose(timetable_event)
    session.pinned = True
    session.room = timetable_rooms["small"]
    session.start = at(9)
    session.save()
    with pytest.raises(ValidationError, match="changed since"):
        timetable_proposal_apply(proposal=ScheduleProposal.objects.get(pk=proposal.pk))


def test_computing_twice_changes_nothing(timetable_event, timetable_rooms, propose):
    movable(timetable_event, capacity=20)
    proposal = propose(timetable_event)
    assert proposal.status == ProposalStatus.READY
    again = timetable_proposal_compute(proposal_id=proposal.pk)
    assert again.solution == proposal.solution


def test_exclusive_ceremony_keeps_others_out(timetable_event, timetable_rooms, propose):
    SessionFactory(
        event=timetable_event,
        kind="opening",
        room=timetable_rooms["hall"],
        start=at(9),
        pinned=True,
        duration_minutes=120,
    )
    side = movable(timetable_event, kind="side_event", capacity=20)
    proposal = propose(timetable_event)
    timetable_proposal_apply(proposal=proposal)
    side.refresh_from_db()
    assert side.start >= at(11)
    assert Session.objects.filter(status="scheduled").count() == 2
    assert side.end - side.start == timedelta(minutes=side.duration_minutes)


# progress: what the engine reports, and its stop ----------------------------------------------


def engine_progress(**figures):
    """What ``sessions.scheduling.solve`` hands to ``on_progress``: a ``Progress``."""
    return SimpleNamespace(
        **{
            "stage": "optimising",
            "placed": 3,
            "total": 4,
            "objective": 120,
            "bound": 100,
            "elapsed": 1.5,
            **figures,
        }
    )


def test_the_engines_progress_is_written_where_the_proposals_page_reads_it(db):
    proposal = ScheduleProposalFactory(status=ProposalStatus.RUNNING)
    on_progress = timetable_progress_reporter(proposal)
    on_progress(engine_progress(stage="greedy", placed=1, objective=None, bound=None))
    on_progress(engine_progress())
    entry = progress_read(job_key(proposal))
    assert entry["stage"] == "optimising" and entry["percent"] == 75
    assert (entry["placed"], entry["total"], entry["objective"], entry["bound"]) == (3, 4, 120, 100)
    assert entry["engine_elapsed"] == 1.5


def test_an_empty_problem_has_no_percentage(db):
    proposal = ScheduleProposalFactory(status=ProposalStatus.RUNNING)
    timetable_progress_reporter(proposal)(engine_progress(placed=0, total=0))
    assert progress_read(job_key(proposal))["percent"] is None


def test_the_engine_is_told_to_stop_once_the_proposal_is_cancelled(db):
    proposal = ScheduleProposalFactory(status=ProposalStatus.RUNNING)
    other = ScheduleProposalFactory(status=ProposalStatus.RUNNING)
    should_stop = timetable_stop_check(proposal)
    assert should_stop() is False
    job_cancel(job=proposal)
    assert should_stop() is True
    assert timetable_stop_check(other)() is False


def test_a_proposal_cancelled_while_the_engine_ran_ends_cancelled(
    timetable_event, timetable_rooms, monkeypatch
):
    movable(timetable_event, capacity=20)
    proposal = timetable_proposal_create(event=timetable_event, enqueue=False)
    solve = scheduling.solve

    def solve_then_cancel(problem, **options):
        cancel_request(job_key(proposal))
        return solve(problem, **options)

    monkeypatch.setattr(scheduling, "solve", solve_then_cancel)
    computed = timetable_proposal_compute(proposal_id=proposal.pk)
    assert computed.status == ProposalStatus.CANCELLED
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CANCELLED and proposal.solution is None


def test_a_computed_proposal_reports_it_is_ready(timetable_event, timetable_rooms, propose):
    movable(timetable_event, capacity=20)
    proposal = propose(timetable_event)
    assert progress_read(job_key(proposal))["stage"] == ProposalStatus.READY


def test_the_engines_reports_reach_the_proposals_progress_while_it_computes(
    timetable_event, timetable_rooms, monkeypatch
):
    from sessions.services import timetabling

    movable(timetable_event, capacity=20)
    movable(timetable_event, capacity=30)
    proposal = timetable_proposal_create(event=timetable_event, enqueue=False)
    reports = []
    report = timetabling.progress_report

    def recorded(key, **figures):
        reports.append(figures)
        report(key, **figures)

    monkeypatch.setattr(timetabling, "progress_report", recorded)
    timetable_proposal_compute(proposal_id=proposal.pk)
    engine = [figures for figures in reports if "placed" in figures]
    assert [figures["stage"] for figures in engine][-1] == "done"
    assert engine[-1]["placed"] == engine[-1]["total"] == 2
    assert engine[-1]["objective"] is not None
