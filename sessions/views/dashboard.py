"""The organisers' dashboard in the admin: headline figures, occupancy, check-ins over time.

It reads the latest attendance snapshot (taking one when there is none or it is older than
five minutes) and the totals of the earlier snapshots, so an open dashboard costs a handful of
queries however large the event; the page reloads itself every minute. The charts are drawn by
Chart.js (vendored, see the README) from ``json_script`` blocks; the tables under each chart
say the same for screen readers and without JavaScript.
"""

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from config.core.admin import job_fragment, keyed_job_progress
from delegations.enums import DelegationKind, ZoneKind
from sessions.enums import SessionKind
from sessions.selectors.attendance import attendance_history
from sessions.services.attendance import (
    RECOUNTED,
    RECOUNTED_WITHOUT_QUEUE,
    attendance_key,
    attendance_recount,
    attendance_snapshot_fresh,
)

REFRESH_SECONDS = 60
#: Hours drawn with their empty neighbours; a longer span shows only the hours with scans.
CHART_MAX_HOURS = 24 * 10


def _label(choices, code):
    return choices(code).label if code in choices.values else code


def headline(counts):
    """The figures the reference event reported, in its order, with the delegates' progress."""
    totals = counts["totals"]
    return [
        (_("Delegates registered"), totals["registered"]),
        (_("Accredited"), totals["accredited"]),
        (_("Checked in"), totals["checked_in"]),
        (_("National delegations"), totals["national_delegations"]),
        (_("Organisations"), totals["organisations"]),
        (_("Signatories"), totals["signatories"]),
        (_("Sessions"), totals["sessions"]),
    ]


def occupancy_rows(counts):
    """Each live session with its bars: checked in, and confirmed, against capacity (0–100)."""
    rows = []
    for session in counts["sessions"]:
        capacity = session["capacity"]
        rows.append(
            {
                **session,
                "start": datetime.fromisoformat(session["start"]) if session["start"] else None,
                "kind_label": _label(SessionKind, session["kind"]),
                "in_width": min(100, round(100 * session["checked_in"] / capacity))
                if capacity
                else 0,
                "booked_width": min(100, round(100 * session["confirmed"] / capacity))
                if capacity
                else 0,
            }
        )
    return rows


def _hours_filled(hours):
    """Every hour from the first scan to the last (zeros between), when the span is short."""
    if not hours:
        return []
    first, last = hours[0]["moment"], hours[-1]["moment"]
    span = int((last - first) / timedelta(hours=1)) + 1
    if span > CHART_MAX_HOURS:
        return hours
    known = {hour["moment"]: hour for hour in hours}
    filled = []
    for step in range(span):
        moment = first + timedelta(hours=step)
        filled.append(known.get(moment, {"moment": moment, "entry": 0, "doors": 0}))
    return filled


def _moment_label(moment):
    """A local moment as the reader's language writes a day and an hour ("25 Oct 09:00")."""
    return f"{date_format(moment, 'j M')} {moment:%H:%M}"


def _chart(kind, title, x_title, y_title, labels, datasets, **options):
    """What the dashboard's script hands to Chart.js: texts already in the reader's language,
    whole numbers only (the script asks Chart.js for integer ticks)."""
    series = [[int(value or 0) for value in data] for _key, _name, data in datasets]
    return {
        "type": kind,
        "title": title,
        "x_title": x_title,
        "y_title": y_title,
        "labels": [str(label) for label in labels],
        "datasets": [
            {"key": key, "label": str(name), "data": values}
            for (key, name, _data), values in zip(datasets, series, strict=True)
        ],
        "rows": [[str(label), *values] for label, *values in zip(labels, *series, strict=True)],
        **options,
    }


def occupancy_by_kind_chart(counts):
    """Seats, confirmed places and door check-ins, summed per kind of session."""
    kinds = {}
    for session in counts["sessions"]:
        row = kinds.setdefault(session["kind"], {"seats": 0, "confirmed": 0, "checked_in": 0})
        row["seats"] += session["capacity"] or 0
        row["confirmed"] += session["confirmed"]
        row["checked_in"] += session["checked_in"]
    order = [kind for kind in SessionKind.values if kind in kinds]
    return _chart(
        "bar",
        _("Occupancy by kind of session"),
        _("Kind of session"),
        _("Places"),
        [_label(SessionKind, kind) for kind in order],
        [
            ("seats", _("Seats"), [kinds[kind]["seats"] for kind in order]),
            ("confirmed", _("Registered"), [kinds[kind]["confirmed"] for kind in order]),
            ("checked_in", _("Checked in"), [kinds[kind]["checked_in"] for kind in order]),
        ],
    )


def occupancy_by_day_chart(counts):
    """Per day of the event: seats of its sessions, delegates with a place, delegates who came."""
    seats = {}
    for session in counts["sessions"]:
        if session["start"]:
            day = session["start"][:10]
            seats[day] = seats.get(day, 0) + (session["capacity"] or 0)
    days = counts["days"]
    return _chart(
        "bar",
        _("Occupancy by day"),
        _("Day"),
        _("Delegates"),
        [date_format(date.fromisoformat(day["date"]), "D j M") for day in days],
        [
            ("seats", _("Seats"), [seats.get(day["date"], 0) for day in days]),
            ("confirmed", _("Registered"), [day["confirmed"] for day in days]),
            ("checked_in", _("Checked in"), [day["checked_in"] for day in days]),
        ],
    )


def over_time_chart(history, zone):
    """Registered and checked-in delegates at each count, in the event's time."""
    return _chart(
        "line",
        _("Registrations and check-ins over time"),
        _("Time (event time)"),
        _("Delegates"),
        [_moment_label(timezone.localtime(point["taken_at"], zone)) for point in history],
        [
            ("registered", _("Registered"), [point["registered"] for point in history]),
            ("checked_in", _("Checked in"), [point["checked_in"] for point in history]),
        ],
    )


def scans_per_hour_chart(counts):
    """Badges scanned per local hour, at the venue entry and at session doors (stacked)."""
    hours = _hours_filled(
        [
            {
                "moment": datetime.fromisoformat(hour["hour"]),
                "entry": hour["entry"],
                "doors": hour["doors"],
            }
            for hour in counts["check_ins_per_hour"]
        ]
    )
    return _chart(
        "bar",
        _("Check-ins per hour"),
        _("Hour (event time)"),
        _("Scans"),
        [_moment_label(hour["moment"]) for hour in hours],
        [
            ("entry", _("Venue entry"), [hour["entry"] for hour in hours]),
            ("doors", _("Session doors"), [hour["doors"] for hour in hours]),
        ],
        stacked=True,
    )


def funnel_chart(counts):
    """How far the delegates have come: registered, accredited, checked in at the venue."""
    totals = counts["totals"]
    return _chart(
        "bar",
        _("Accreditation funnel"),
        _("Delegates"),
        _("Step"),
        [_("Registered"), _("Accredited"), _("Checked in")],
        [
            (
                "delegates",
                _("Delegates"),
                [totals["registered"], totals["accredited"], totals["checked_in"]],
            )
        ],
        horizontal=True,
    )


def dashboard_charts(counts, history, zone):
    """Every chart of the dashboard, each a ``json_script`` block for the page's script."""
    return {
        "chart_by_kind": occupancy_by_kind_chart(counts),
        "chart_by_day": occupancy_by_day_chart(counts),
        "chart_over_time": over_time_chart(history, zone),
        "chart_per_hour": scans_per_hour_chart(counts),
        "chart_funnel": funnel_chart(counts),
    }


def dashboard_data(snapshot, history, zone):
    counts = snapshot.counts
    return {
        "snapshot": snapshot,
        "counts": counts,
        "headline": headline(counts),
        "sessions_by_kind": [
            (_label(SessionKind, kind), number)
            for kind, number in counts["sessions_by_kind"].items()
        ],
        "days": [
            {**day, "date": datetime.fromisoformat(day["date"]).date()} for day in counts["days"]
        ],
        "occupancy": occupancy_rows(counts),
        "history": history,
        "charts": dashboard_charts(counts, history, zone),
        "by_delegation_kind": [
            {**row, "label": _label(DelegationKind, row["kind"])}
            for row in counts["by_delegation_kind"]
        ],
        "by_country": [
            {**row, "label": countries.name(row["country"]) if row["country"] else "—"}
            for row in counts["by_country"]
        ],
        "zones": [
            {**row, "kind_label": _label(ZoneKind, row["kind"])} for row in counts.get("zones", [])
        ],
    }


def _recount(request, event):
    outcome = attendance_recount(event=event)
    if outcome == RECOUNTED_WITHOUT_QUEUE:
        messages.success(request, _("Counted now (the job queue is unavailable)."))
    elif outcome == RECOUNTED:
        messages.success(request, _("Counted now."))
    else:
        messages.info(request, _("Counting: the figures change at the next refresh."))


def _event_seen(modeladmin, request, object_id):
    event = modeladmin.get_object(request, str(object_id))
    if event is None or not modeladmin.has_view_permission(request, event):
        raise Http404
    return event


def recount_progress(event):
    """The recount's bar while a worker counts (and for a while after)."""
    page_url = reverse("admin:ceremony_event_dashboard", args=[event.pk])
    return keyed_job_progress(
        attendance_key(event),
        status_url=reverse("admin:ceremony_event_dashboard_progress", args=[event.pk]),
        page_url=page_url,
        result=format_html('<a href="{}">{}</a>', page_url, _("Show the new counts")),
    )


def dashboard_progress_view(modeladmin, request, object_id):
    """The recount's bar alone, for htmx to swap in (nothing once it is gone)."""
    job = recount_progress(_event_seen(modeladmin, request, object_id))
    return job_fragment(request, job) if job else HttpResponse("")


def dashboard_view(modeladmin, request, object_id):
    """One event's dashboard, for staff who may view the event."""
    event = _event_seen(modeladmin, request, object_id)
    if request.method == "POST":
        _recount(request, event)
        return redirect(request.path)
    snapshot = attendance_snapshot_fresh(event=event)
    history = attendance_history(event)
    with timezone.override(event.timezone):
        return TemplateResponse(
            request,
            "admin/programme/dashboard.html",
            {
                **modeladmin.admin_site.each_context(request),
                "opts": modeladmin.model._meta,
                "original": event,
                "event": event,
                "title": _("Dashboard: %(event)s") % {"event": event.acronym},
                "refresh_seconds": REFRESH_SECONDS,
                "job": recount_progress(event),
                **dashboard_data(snapshot, history, event.timezone),
            },
        ).render()


def dashboard_paths(modeladmin):
    """The dashboard's URLs in the event admin (``admin:ceremony_event_dashboard``, and its
    recount's bar, ``…_progress``)."""

    def view(request, object_id):
        return dashboard_view(modeladmin, request, object_id)

    def progress(request, object_id):
        return dashboard_progress_view(modeladmin, request, object_id)

    return [
        path(
            "<int:object_id>/dashboard/",
            modeladmin.admin_site.admin_view(view),
            name="ceremony_event_dashboard",
        ),
        path(
            "<int:object_id>/dashboard/progress/",
            modeladmin.admin_site.admin_view(require_GET(progress)),
            name="ceremony_event_dashboard_progress",
        ),
    ]
