"""Reads for the organisers' cockpit (the admin's home): which event it shows, and each step of
that event in order (registration window, accreditation, programme and its releases, signing,
attendance) with its counts and what needs an organiser.

A fixed number of queries, one aggregate per table family, whatever the event's size
(``tests/ceremony/selectors/test_cockpit.py`` counts them at 5 and 500 rows), plus the
engine's own conflict check over the programme, which reads its problem in a fixed number of
queries too but takes time with the programme's size (20 ms for the demo's 63 sessions, most of
a second for 1,000): its count is kept in the cache while no session of the event changes.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from ceremony.enums import FullPowersStatus, WebhookStatus
from ceremony.models import Event, SeatingDraw, SeatingPlan, SigningRequest, WebhookDelivery
from delegations.enums import AccreditationStatus, BadgeRevocation
from delegations.models import Badge, Delegate, Delegation, FocalPoint, FocalPointInvitation
from sessions.enums import ExportStatus, NotificationStatus, ProposalStatus, SessionStatus
from sessions.models import (
    AttendanceSnapshot,
    CheckIn,
    ExportJob,
    ReleaseNotification,
    ScheduleProposal,
    ScheduleRelease,
    Session,
)
from sessions.selectors.speakers import speakers_counts
from sessions.selectors.timetabling import schedule_conflicts

#: A failed job older than this is history, no longer something to act on.
RECENT = timedelta(days=7)

#: How long a conflict count is kept when no session changes (rooms, people and interpreter
#: teams change it too, more rarely): the release checks again whatever the cockpit says.
CONFLICTS_KEPT_SECONDS = 300

#: What a step's state says: finished, under way, something for an organiser, not begun.
DONE, OPEN, ATTENTION, WAITING = "done", "open", "attention", "waiting"


def cockpit_events():
    """Every event, first day first: the cockpit's switcher (a handful of rows)."""
    return list(Event.objects.order_by("start_date", "pk"))


def cockpit_event_current(events, *, moment=None):
    """The event under way, else the next one, else the last one (None when there is none).

    "Under way" is judged in each event's own zone: its first day has begun there and its
    last has not ended.
    """
    moment = moment or timezone.now()
    upcoming = [event for event in events if event.local(moment).date() <= event.end_date]
    if upcoming:
        return min(upcoming, key=lambda event: (event.end_date, event.pk))
    return events[-1] if events else None


def _registration(event, moment):
    focal_points = FocalPoint.objects.filter(delegation=OuterRef("pk"))
    engaged = Delegate.objects.filter(delegation=OuterRef("pk")).exclude(
        accreditation_status__in=[AccreditationStatus.DRAFT, AccreditationStatus.WITHDRAWN]
    )
    delegations = Delegation.objects.filter(event=event).aggregate(
        delegations=Count("pk"),
        with_focal_point=Count("pk", filter=Q(Exists(focal_points))),
        registered=Count("pk", filter=Q(Exists(engaged))),
    )
    invitations = FocalPointInvitation.objects.filter(delegation__event=event).aggregate(
        invitations_accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        invitations_pending=Count("pk", filter=Q(accepted_at__isnull=True, expires_at__gt=moment)),
        invitations_expired=Count("pk", filter=Q(accepted_at__isnull=True, expires_at__lte=moment)),
    )
    focal_point_count = FocalPoint.objects.filter(delegation__event=event).count()
    opens, closes = event.registration_opens, event.registration_closes
    if opens and moment < opens:
        window = "not_open"
    elif closes and moment >= closes:
        window = "closed"
    else:
        window = "open"
    counts = {
        **delegations,
        **invitations,
        "focal_points": focal_point_count,
        "without_focal_point": delegations["delegations"] - delegations["with_focal_point"],
        "opens": opens,
        "closes": closes,
        "window": window,
    }
    if counts["invitations_expired"] or counts["without_focal_point"] and window == "open":
        state = ATTENTION
    else:
        state = {"not_open": WAITING, "open": OPEN, "closed": DONE}[window]
    return {**counts, "state": state}


def _badges_replaced(event, moment):
    """Badges reissued at the desk since midnight at the event, and all badges revoked."""
    midnight = event.local(moment).replace(hour=0, minute=0, second=0, microsecond=0)
    return Badge.objects.filter(delegate__delegation__event=event).aggregate(
        badges_reissued_today=Count(
            "pk",
            filter=Q(revocation_reason=BadgeRevocation.REPLACED, revoked_at__gte=midnight),
        ),
        badges_revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
    )


def _accreditation(event, moment):
    live_badge = Badge.objects.filter(delegate=OuterRef("pk"), revoked_at__isnull=True)
    accredited = Q(accreditation_status=AccreditationStatus.ACCREDITED)
    counts = Delegate.objects.filter(delegation__event=event).aggregate(
        **{
            status: Count("pk", filter=Q(accreditation_status=status))
            for status in AccreditationStatus.values
        },
        without_badge=Count("pk", filter=accredited & ~Q(Exists(live_badge))),
    )
    counts["registered"] = sum(
        counts[status]
        for status in AccreditationStatus.values
        if status != AccreditationStatus.WITHDRAWN
    )
    counts = {**counts, **_badges_replaced(event, moment)}
    if counts[AccreditationStatus.SUBMITTED] or counts["without_badge"]:
        state = ATTENTION
    elif counts["registered"]:
        state = DONE if counts["accredited"] == counts["registered"] else OPEN
    else:
        state = WAITING
    return {**counts, "state": state}


def _conflict_count(event, counts):
    """The engine's check over the programme as it stands, counted once per state of it."""
    edited = counts["last_edit"].timestamp() if counts["last_edit"] else 0
    state = f"{event.updated_at.timestamp()}:{counts['sessions']}:{edited}"
    key = f"cockpit:conflicts:{event.pk}:{state}"
    found = cache.get(key)
    if found is None:
        found = len(schedule_conflicts(event))
        cache.set(key, found, CONFLICTS_KEPT_SECONDS)
    return found


def _programme(event):
    live = ~Q(status=SessionStatus.CANCELLED)
    unplaced = live & (Q(start__isnull=True) | Q(room__isnull=True))
    counts = Session.objects.filter(event=event).aggregate(
        scheduled=Count("pk", filter=Q(status=SessionStatus.SCHEDULED)),
        draft=Count("pk", filter=Q(status=SessionStatus.DRAFT)),
        cancelled=Count("pk", filter=Q(status=SessionStatus.CANCELLED)),
        unplaced=Count("pk", filter=unplaced),
        sessions=Count("pk"),
        last_edit=Max("updated_at"),
    )
    proposals = ScheduleProposal.objects.filter(event=event).aggregate(
        proposals_ready=Count("pk", filter=Q(status=ProposalStatus.READY)),
        proposals_running=Count(
            "pk", filter=Q(status__in=[ProposalStatus.QUEUED, ProposalStatus.RUNNING])
        ),
    )
    counts = {
        **counts,
        **proposals,
        **speakers_counts(event),
        "conflicts": _conflict_count(event, counts),
    }
    if counts["conflicts"] or counts["unplaced"] or counts["proposals_ready"]:
        state = ATTENTION
    elif counts["scheduled"]:
        state = OPEN if counts["draft"] else DONE
    else:
        state = WAITING
    return {**counts, "state": state}


def _releases(event, programme):
    last = (
        ScheduleRelease.objects.filter(event=event)
        .order_by("-version")
        .values("pk", "version", "released_at")
        .first()
    )
    edited = Session.objects.filter(event=event)
    if last is not None:
        edited = edited.filter(updated_at__gt=last["released_at"])
    messages = ReleaseNotification.objects.filter(release__event=event).aggregate(
        messages_held=Count("pk", filter=Q(status=NotificationStatus.HELD)),
        messages_failed=Count("pk", filter=Q(status=NotificationStatus.FAILED)),
        messages_sent=Count("pk", filter=Q(status=NotificationStatus.SENT)),
    )
    counts = {
        "last": last,
        "edited_since": edited.count() if last is not None else programme["scheduled"],
        **messages,
    }
    if messages["messages_held"] or messages["messages_failed"]:
        state = ATTENTION
    elif last is None:
        state = WAITING
    else:
        state = OPEN if counts["edited_since"] else DONE
    return {**counts, "state": state}


def _signing(event):
    current = SigningRequest.objects.filter(event=event, withdrawn_at__isnull=True)
    counts = current.aggregate(
        requests=Count("pk"),
        full_powers_awaiting=Count("pk", filter=Q(full_powers_status=FullPowersStatus.AWAITING)),
        full_powers_rejected=Count("pk", filter=Q(full_powers_status=FullPowersStatus.REJECTED)),
        ordered=Count("pk", filter=Q(signing_order__isnull=False)),
        slots=Count("pk", filter=Q(slot_start__isnull=False)),
        slots_published=Count("pk", filter=Q(slot_published_at__isnull=False)),
        signed=Count("pk", filter=Q(signed_at__isnull=False)),
    )
    counts["unordered"] = counts["requests"] - counts["ordered"]
    draw = SeatingDraw.objects.filter(event=event).values("drawn_name").first()
    counts["seating_drawn"] = draw["drawn_name"] if draw else None
    counts["seating_plans"] = SeatingPlan.objects.filter(room__venue__event=event).count()
    if counts["full_powers_awaiting"]:
        state = ATTENTION
    elif not counts["requests"]:
        state = WAITING
    else:
        state = DONE if counts["signed"] == counts["requests"] else OPEN
    return {**counts, "state": state}


def _attendance(event):
    scans = CheckIn.objects.filter(event=event).aggregate(
        scans=Count("pk"),
        entered=Count("delegate", distinct=True, filter=Q(session__isnull=True)),
        last_scan=Max("scanned_at"),
    )
    snapshot = (
        AttendanceSnapshot.objects.filter(event=event)
        .order_by("-taken_at")
        .values("taken_at", "counts")
        .first()
    )
    totals = snapshot["counts"].get("totals", {}) if snapshot else {}
    state = OPEN if scans["scans"] else WAITING
    return {
        **scans,
        "snapshot_taken_at": snapshot["taken_at"] if snapshot else None,
        "snapshot_checked_in": totals.get("checked_in"),
        "state": state,
    }


def _jobs(event, moment):
    since = moment - RECENT
    return {
        "exports_failed": ExportJob.objects.filter(
            event=event, status=ExportStatus.FAILED, created_at__gte=since
        ).count(),
        "proposals_failed": ScheduleProposal.objects.filter(
            event=event, status=ProposalStatus.FAILED, created_at__gte=since
        ).count(),
        "webhooks_failed": WebhookDelivery.objects.filter(
            endpoint__event=event, status=WebhookStatus.FAILED, created_at__gte=since
        ).count(),
    }


def cockpit(event, *, moment=None):
    """The event's steps in order with their counts and state, and the failed jobs."""
    moment = moment or timezone.now()
    programme = _programme(event)
    return {
        "registration": _registration(event, moment),
        "accreditation": _accreditation(event, moment),
        "programme": programme,
        "releases": _releases(event, programme),
        "signing": _signing(event),
        "attendance": _attendance(event),
        "jobs": _jobs(event, moment),
    }
