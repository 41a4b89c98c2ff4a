"""Attendance counts of an event, as database aggregates.

Every figure is a database aggregate; the number of queries is fixed (eight at most), whatever
the number of delegates, sessions and scans. Times are grouped in the event's own zone (the
database keeps UTC). The result is plain JSON (codes, numbers, ISO dates), so a snapshot stores
it as it is and each reader shows labels in its own language.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncHour
from django.utils import timezone

from ceremony.models import Event, SigningRequest
from config.core.queries import count_subquery
from delegations.enums import STATE_KINDS, AccreditationStatus
from delegations.models import Delegate, Delegation, Zone
from sessions.enums import RegistrationStatus, SessionKind, SessionStatus
from sessions.models import CheckIn, Session, SessionRegistration
from sessions.selectors.programme import session_list_annotate

ACCREDITED = Q(accreditation_status=AccreditationStatus.ACCREDITED)
REGISTERED = ~Q(accreditation_status=AccreditationStatus.WITHDRAWN)


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _headline(event):
    """Delegations (national, organisations) and signatories: subqueries of one query."""
    figures = {
        "delegations": count_subquery(Delegation.objects.all(), "event"),
        "national_delegations": count_subquery(
            Delegation.objects.filter(kind__in=STATE_KINDS), "event"
        ),
        "organisations": count_subquery(Delegation.objects.exclude(kind__in=STATE_KINDS), "event"),
        "signatories": count_subquery(
            SigningRequest.objects.filter(signed_at__isnull=False), "event"
        ),
    }
    values = (
        Event.objects.filter(pk=event.pk)
        .annotate(**{f"n_{name}": figure for name, figure in figures.items()})
        .values_list(*(f"n_{name}" for name in figures))
        .get()
    )
    return dict(zip(figures, values, strict=True))


def _delegate_groups(event):
    """Registered, accredited and checked-in delegates per (delegation kind, country).

    "Checked in" is membership in the set of delegates with a venue-entry scan (``IN``, which
    PostgreSQL hashes once), not a correlated ``EXISTS`` probed per delegate: on 100,000
    delegates that subplan's cost estimate also set off JIT compilation, which alone took most
    of a second.
    """
    entered = Q(
        pk__in=CheckIn.objects.filter(event=event, session__isnull=True).values("delegate_id")
    )
    return list(
        Delegate.objects.filter(delegation__event=event)
        .order_by()
        .values("delegation__kind", "delegation__country")
        .annotate(
            registered=Count("pk", filter=REGISTERED),
            accredited=Count("pk", filter=ACCREDITED),
            checked_in=Count("pk", filter=entered),
        )
    )


def _summed(groups, key):
    """The per-group rows added up by ``key`` (an empty country is ``""``)."""
    totals = {}
    for row in groups:
        total = totals.setdefault(
            row[key] or "", {"registered": 0, "accredited": 0, "checked_in": 0}
        )
        for figure in total:
            total[figure] += row[figure]
    return totals


def _sessions(event):
    """Live sessions with their places, waiting list, door check-ins and occupancy."""
    sessions = (
        session_list_annotate(Session.objects.filter(event=event))
        .exclude(status=SessionStatus.CANCELLED)
        .annotate(
            waiting_count=count_subquery(
                SessionRegistration.objects.filter(status=RegistrationStatus.WAITING), "session"
            ),
            seats=Coalesce("capacity", "room__capacity"),
        )
        .select_related("room")
        .order_by("start", "title", "pk")
    )
    at_door = dict(
        CheckIn.objects.filter(event=event, session__isnull=False)
        .order_by()
        .values("session")
        .annotate(n=Count("delegate", distinct=True))
        .values_list("session", "n")
    )
    rows = []
    for session in sessions:
        checked_in = at_door.get(session.pk, 0)
        rows.append(
            {
                "id": session.pk,
                "title": session.title,
                "kind": session.kind,
                "status": session.status,
                "start": event.local(session.start).isoformat() if session.start else None,
                "room": session.room.name if session.room_id else "",
                "capacity": session.seats,
                "confirmed": session.confirmed_count,
                "waiting": session.waiting_count,
                "checked_in": checked_in,
                "occupancy": _percent(checked_in, session.seats),
            }
        )
    return rows


def _distinct_per_day(queryset, moment, days, zone):
    """Distinct delegates of ``queryset`` per local day of ``moment``, in one aggregate.

    One ``COUNT(DISTINCT …) FILTER`` per day rather than a ``GROUP BY`` day: PostgreSQL then
    sorts each day's rows apart, small enough to stay in memory, instead of every row at once
    (on disk, for half a million confirmed places).
    """
    counts = {}
    for day in days:
        midnight = datetime.combine(day, time(), tzinfo=zone)
        following = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
        within = Q(**{f"{moment}__gte": midnight, f"{moment}__lt": following})
        counts[day.isoformat()] = Count("delegate", distinct=True, filter=within)
    if not counts:
        return {}
    return queryset.aggregate(**counts)


def _days(event, sessions, hours):
    """Per local day: sessions starting, delegates confirmed in them, delegates who entered.

    The days with entry scans come from the scans per hour, those with sessions from the
    sessions: each count is then one aggregate over the days it has.
    """
    zone = event.timezone
    entry_days = {date.fromisoformat(row["hour"][:10]) for row in hours if row["entry"]}
    session_days = {date.fromisoformat(row["start"][:10]) for row in sessions if row["start"]}
    entered = _distinct_per_day(
        CheckIn.objects.filter(event=event, session__isnull=True), "scanned_at", entry_days, zone
    )
    confirmed = _distinct_per_day(
        SessionRegistration.objects.filter(
            session__event=event, status=RegistrationStatus.CONFIRMED, session__start__isnull=False
        ).exclude(session__status=SessionStatus.CANCELLED),
        "session__start",
        session_days,
        zone,
    )
    starting = {}
    for session in sessions:
        if session["start"]:
            day = session["start"][:10]
            starting[day] = starting.get(day, 0) + 1
    days = sorted({day.isoformat() for day in event.days} | {*entered, *confirmed, *starting})
    return [
        {
            "date": day,
            "sessions": starting.get(day, 0),
            "confirmed": confirmed.get(day, 0),
            "checked_in": entered.get(day, 0),
        }
        for day in days
    ]


def _hours(event):
    """Scans per local hour, at the venue entry and at session doors (hours with scans only)."""
    rows = (
        CheckIn.objects.filter(event=event)
        .annotate(hour=TruncHour("scanned_at", tzinfo=event.timezone))
        .order_by()
        .values("hour")
        .annotate(
            entry=Count("pk", filter=Q(session__isnull=True)),
            doors=Count("pk", filter=Q(session__isnull=False)),
        )
        .order_by("hour")
    )
    return [
        {"hour": event.local(row["hour"]).isoformat(), "entry": row["entry"], "doors": row["doors"]}
        for row in rows
    ]


def _zones(event):
    """Per access zone: distinct delegates and scans admitted at its doors."""
    return list(
        Zone.objects.filter(event=event)
        .annotate(checked_in=Count("check_ins__delegate", distinct=True), scans=Count("check_ins"))
        .order_by("name")
        .values("name", "kind", "checked_in", "scans")
    )


def attendance_counts(event):
    """The event's attendance, as plain JSON: totals, per day, session, delegation kind, country.

    ``registered`` is every delegate not withdrawn; ``checked_in`` is distinct delegates with a
    venue-entry scan; a session's ``checked_in`` is distinct delegates scanned at its door and
    its ``occupancy`` that number against its effective capacity, in per cent.
    """
    headline = _headline(event)
    groups = _delegate_groups(event)
    by_kind = _summed(groups, "delegation__kind")
    by_country = _summed(groups, "delegation__country")
    sessions = _sessions(event)
    hours = _hours(event)
    kinds = {}
    for session in sessions:
        kinds[session["kind"]] = kinds.get(session["kind"], 0) + 1
    return {
        "event": {
            "id": event.pk,
            "slug": event.slug,
            "acronym": event.acronym,
            "timezone": str(event.timezone),
        },
        "totals": {
            "registered": sum(row["registered"] for row in by_kind.values()),
            "accredited": sum(row["accredited"] for row in by_kind.values()),
            "checked_in": sum(row["checked_in"] for row in by_kind.values()),
            "scans": sum(row["entry"] + row["doors"] for row in hours),
            "delegations": headline["delegations"],
            "national_delegations": headline["national_delegations"],
            "organisations": headline["organisations"],
            "signatories": headline["signatories"],
            "sessions": len(sessions),
        },
        "sessions_by_kind": {kind: kinds[kind] for kind in SessionKind.values if kind in kinds},
        "days": _days(event, sessions, hours),
        "sessions": sessions,
        "by_delegation_kind": [{"kind": kind, **row} for kind, row in sorted(by_kind.items())],
        "by_country": [{"country": country, **row} for country, row in sorted(by_country.items())],
        "check_ins_per_hour": hours,
        "zones": _zones(event),
    }


def events_in_progress(*, moment=None, margin=timedelta(days=1)):
    """Events whose dates, in their own zone, include today give or take ``margin``.

    The database filter is a day wider on each side (a zone is at most a day off UTC); the
    exact test is made per event, in its zone.
    """
    moment = moment or timezone.now()
    today = moment.astimezone(UTC).date()
    wide = margin + timedelta(days=1)
    candidates = Event.objects.filter(start_date__lte=today + wide, end_date__gte=today - wide)
    return [
        event
        for event in candidates
        if event.start_date - margin <= event.local(moment).date() <= event.end_date + margin
    ]


#: The snapshots the dashboard draws over time: the latest ones (two days of five-minute counts).
HISTORY_POINTS = 600


def attendance_history(event, *, points=HISTORY_POINTS):
    """Registered and checked-in delegates at each snapshot, oldest first, in one query.

    Only the two totals are read out of each snapshot's JSON (not its per-session lists), and
    at most ``points`` of the latest snapshots, so the cost does not grow with the event's age.
    """
    rows = (
        event.attendance_snapshots.order_by("-taken_at")
        .annotate(
            registered=KT("counts__totals__registered"),
            checked_in=KT("counts__totals__checked_in"),
        )
        .values_list("taken_at", "registered", "checked_in")[:points]
    )
    return [
        {
            "taken_at": taken_at,
            "registered": int(registered or 0),
            "checked_in": int(checked_in or 0),
        }
        for taken_at, registered, checked_in in reversed(rows)
    ]
