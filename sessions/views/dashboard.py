"""The organisers' dashboard in the admin: headline figures, occupancy, check-ins over time.

It reads the latest attendance snapshot (taking one when there is none or it is older than
five minutes), so an open dashboard costs a handful of queries however large the event; the
page reloads itself every minute. Charts are drawn on the server (CSS bars, inline SVG): no
JavaScript library, nothing from a CDN.
"""

from datetime import datetime, timedelta
from math import ceil

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from config.core.admin import job_fragment, keyed_job_progress
from delegations.enums import DelegationKind
from sessions.enums import SessionKind
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
CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_BOTTOM, CHART_TOP = 720, 220, 40, 34, 10


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


def check_in_chart(counts):
    """Stacked bars per local hour (venue entry, session doors), with their SVG geometry."""
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
    if not hours:
        return None
    plot_width = CHART_WIDTH - CHART_LEFT
    plot_height = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    peak = max(hour["entry"] + hour["doors"] for hour in hours) or 1
    step = plot_width / len(hours)
    every = ceil(len(hours) / 12)
    bars = []
    labelled_day = None
    for index, hour in enumerate(hours):
        label = index % every == 0
        date_label = label and hour["moment"].date() != labelled_day
        if label:
            labelled_day = hour["moment"].date()
        entry_height = plot_height * hour["entry"] / peak
        doors_height = plot_height * hour["doors"] / peak
        base = CHART_TOP + plot_height
        bars.append(
            {
                **hour,
                "x": round(CHART_LEFT + index * step + step * 0.1, 2),
                "width": round(step * 0.8, 2),
                "entry_y": round(base - entry_height, 2),
                "entry_height": round(entry_height, 2),
                "doors_y": round(base - entry_height - doors_height, 2),
                "doors_height": round(doors_height, 2),
                "label_x": round(CHART_LEFT + (index + 0.5) * step, 2),
                "label": label,
                "date_label": date_label,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "top": CHART_TOP,
        "base": CHART_TOP + plot_height,
        "middle": CHART_TOP + plot_height / 2,
        "label_y": CHART_HEIGHT - CHART_BOTTOM + 14,
        "date_y": CHART_HEIGHT - CHART_BOTTOM + 28,
        "peak": peak,
        "half": round(peak / 2, 1),
        "bars": bars,
    }


def dashboard_data(snapshot):
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
        "chart": check_in_chart(counts),
        "by_delegation_kind": [
            {**row, "label": _label(DelegationKind, row["kind"])}
            for row in counts["by_delegation_kind"]
        ],
        "by_country": [
            {**row, "label": countries.name(row["country"]) if row["country"] else "—"}
            for row in counts["by_country"]
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
                **dashboard_data(snapshot),
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
