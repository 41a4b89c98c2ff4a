"""The timetable's proposals: the engine asked for a timetable of an event, its answer stored
for review, and a reviewed proposal applied to the programme.

The engine runs in a Celery task (``sessions.tasks.timetable_propose``); OR-Tools is imported
with its solver, on the first proposal a process computes.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremony.models import Event
from config.core.jobs import job_dispatch, job_running, jobs_pending_redispatch
from config.core.locking import row_lock, rows_lock
from config.core.progress import cancel_check, cancel_requested, job_key, progress_report
from sessions import scheduling
from sessions.enums import ProposalStatus, SessionStatus
from sessions.models import ScheduleProposal, Session
from sessions.selectors.proposals import working_schedule_fingerprint
from sessions.selectors.timetabling import key_id, session_key, timetable_problem_build

TIMETABLE_PROPOSE = "sessions.tasks.timetable_propose"

PENDING_PROPOSAL_STATUSES = (ProposalStatus.QUEUED, ProposalStatus.RUNNING)


@transaction.atomic
def timetable_proposal_create(*, event, by=None, time_limit_seconds=30, enqueue=True):
    """Queue the engine for the event; the proposal is computed by a Celery task.

    ``enqueue=False`` leaves the computing to the caller (the demo loader runs it in place).
    With the job queue down the proposal waits, queued, for ``proposals_redispatch``.
    """
    proposal = ScheduleProposal(
        event=event,
        created_by=by,
        time_limit_seconds=time_limit_seconds,
        problem=timetable_problem_build(event),
    )
    proposal.full_clean()
    proposal.save()
    if enqueue:
        transaction.on_commit(lambda: job_dispatch(job=proposal, task=TIMETABLE_PROPOSE))
    return proposal


def proposals_redispatch():
    """Queue again the pending proposals whose message never reached, or may have left, Redis."""
    return jobs_pending_redispatch(
        jobs=ScheduleProposal.objects.filter(status__in=PENDING_PROPOSAL_STATUSES),
        task=TIMETABLE_PROPOSE,
    )


def timetable_proposal_compute(*, proposal_id):
    """Run the engine on a stored proposal (what the task does); safe to run twice
    (``job_running``). Its progress goes where the proposal's page reads it
    (``config.core.progress``); a cancel asked for while the engine ran ends it *cancelled*."""
    with job_running(ScheduleProposal, proposal_id) as proposal:
        if proposal is None:
            return ScheduleProposal.objects.filter(pk=proposal_id).first()
        key = job_key(proposal)
        cancel_check(key)
        progress_report(key, stage="checking", percent=0)
        try:
            problem = scheduling.parse_problem(proposal.problem)
            solution = scheduling.solve(
                problem,
                time_limit=proposal.time_limit_seconds,
                on_progress=timetable_progress_reporter(proposal),
                should_stop=timetable_stop_check(proposal),
            )
        except scheduling.ProblemError as error:
            proposal.status, proposal.error = ProposalStatus.FAILED, str(error)
        else:
            cancel_check(key)
            proposal.status, proposal.solution = ProposalStatus.READY, solution.to_json(problem)
        proposal.finished_at = timezone.now()
        proposal.save(update_fields=["status", "error", "solution", "finished_at"])
        progress_report(key, stage=proposal.status, percent=100)
    return proposal


def timetable_progress_reporter(proposal):
    """The engine's ``on_progress`` for ``proposal``: each report of its best timetable so far
    (a ``Progress``: stage, placed, total, objective, bound, elapsed) written where the
    proposal's page reads it. The percentage is the share of sessions placed."""
    key = job_key(proposal)

    def on_progress(progress):
        progress_report(
            key,
            stage=progress.stage,
            percent=100 * progress.placed / progress.total if progress.total else None,
            placed=progress.placed,
            total=progress.total,
            objective=progress.objective,
            bound=progress.bound,
            engine_elapsed=progress.elapsed,
        )

    return on_progress


def timetable_stop_check(proposal):
    """The engine's ``should_stop`` for ``proposal``: true once someone asked to cancel it. The
    engine then stops early, and ``timetable_proposal_compute`` ends the proposal cancelled."""
    key = job_key(proposal)

    def should_stop():
        return cancel_requested(key)

    return should_stop


@transaction.atomic
def timetable_proposal_apply(*, proposal, reviewed=None):
    """Move the programme's unpinned sessions where the proposal puts them.

    Sessions it could not place go back to draft, without a room. Everything moves in one
    transaction: the sessions are lifted out first, so that no intermediate state has two
    sessions in one room (the database refuses that on PostgreSQL).

    ``reviewed`` is the digest of the programme the organiser reviewed the proposal against
    (``sessions.selectors.proposals``): when the programme has changed since, the changes and
    the people they named are no longer the ones applying would make, and it is refused.
    """
    proposal = row_lock(ScheduleProposal, proposal.pk)
    if proposal.status != ProposalStatus.READY:
        raise ValidationError(_("Only a proposal ready for review can be applied."))
    row_lock(Event, proposal.event_id)
    placed = {item["session"]: item for item in (proposal.solution or {}).get("assignments", [])}
    keys = {
        entry["id"]
        for entry in (proposal.problem or {}).get("sessions", [])
        if "pinned" not in entry
    }
    movable = {
        session.pk: session
        for session in rows_lock(
            Session.objects.filter(event_id=proposal.event_id, pinned=False),
            [key_id(key) for key in keys],
        )
    }
    if len(movable) != len(keys):
        raise ValidationError(
            _("The programme changed since this proposal was made: ask for a new proposal.")
        )
    if reviewed is not None and reviewed != working_schedule_fingerprint(proposal.event_id):
        raise ValidationError(
            _(
                "The programme changed while you reviewed this proposal: review its changes "
                "again before applying it."
            )
        )
    Session.objects.filter(pk__in=movable).update(
        room=None, start=None, end=None, status=SessionStatus.DRAFT
    )
    for pk, session in movable.items():
        item = placed.get(session_key(pk))
        session.room_id = key_id(item["room"]) if item else None
        session.start = datetime.fromisoformat(item["start"]) if item else None
        session.status = SessionStatus.SCHEDULED if item else SessionStatus.DRAFT
        session.full_clean()
        session.save()
    proposal.status = ProposalStatus.APPLIED
    proposal.applied_at = timezone.now()
    proposal.save(update_fields=["status", "applied_at"])
    return proposal
