"""The schedule editor in the admin: one day of the working schedule as a grid of rooms and
times, whose blocks are dragged (interact.js) or moved with the keyboard to another room or
time; each move is checked and saved by ``sessions.services.schedule.session_move``.

Without JavaScript the grid still shows the day, and each block links to the session's own
admin form, where the same rules hold. A move answers JSON: the block drawn where it now
stands and the soft rules it breaks, or the hard ones that refused it (400).
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sessions.forms import SessionMoveForm
from sessions.selectors.schedule_grid import day_grid as grid_of_day
from sessions.selectors.schedule_grid import grid_block
from sessions.selectors.schedule_rules import Verdict
from sessions.services.schedule import session_move


def _event(modeladmin, request, object_id):
    event = modeladmin.get_object(request, str(object_id))
    if event is None or not modeladmin.has_view_permission(request, event):
        raise Http404
    return event


def _day(event, text):
    """The day asked for (``?day=YYYY-MM-DD``), else the event's first day."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return event.days[0]
    return day if day in event.days else event.days[0]


def can_move(request):
    return request.user.has_perm("programme.change_session")


def schedule_view(modeladmin, request, object_id):
    """The grid of one day, with its day tabs and the sessions still without a place."""
    event = _event(modeladmin, request, object_id)
    day = _day(event, request.GET.get("day"))
    with timezone.override(event.timezone):
        grid = grid_of_day(event, day)
        return TemplateResponse(
            request,
            "admin/programme/schedule.html",
            {
                **modeladmin.admin_site.each_context(request),
                # The grid wants the width: the admin's side list of models is left out here.
                "is_nav_sidebar_enabled": False,
                "opts": modeladmin.model._meta,
                "original": event,
                "event": event,
                "title": _("Schedule editor: %(event)s") % {"event": event.acronym},
                "grid": grid,
                "editable": can_move(request),
                "move_url": reverse("admin:ceremony_event_schedule_move", args=[event.pk]),
            },
        ).render()


def _block(event, session, verdict, form):
    """The moved session's block, placed on the page's grid (its first row and row count)."""
    opens, rows = form.cleaned_data.get("grid_opens"), form.cleaned_data.get("grid_rows")
    if opens is None or rows is None:
        return None
    block = grid_block(session, first=opens, rows=rows, zone=event.timezone, verdict=verdict)
    if block is None:
        return None
    return render_to_string(
        "admin/programme/_block.html", {"block": block, "editable": True, "event": event}
    )


def move_view(modeladmin, request, object_id):
    """Move a session (POST): JSON for the editor's script; a form without it comes back to
    the grid with the outcome as a message."""
    event = _event(modeladmin, request, object_id)
    if not can_move(request):
        raise Http404
    wants_json = "application/json" in request.headers.get("Accept", "")
    with timezone.override(event.timezone):
        form = SessionMoveForm(event, request.POST)
        if not form.is_valid():
            fields = {name: list(errors) for name, errors in form.errors.items()}
            reasons = [message for errors in fields.values() for message in errors]
            return _answer(request, event, wants_json, 400, errors=reasons, fields=fields)
        session = form.cleaned_data["session"]
        try:
            warnings = session_move(
                session=session,
                room=form.cleaned_data["room"],
                start=form.cleaned_data["start"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                by=request.user,
            )
        except ValidationError as error:
            return _answer(request, event, wants_json, 400, errors=error.messages)
        session.refresh_from_db()
        html = _block(event, session, Verdict(soft=warnings), form) if wants_json else None
        return _answer(request, event, wants_json, 200, warnings=warnings, html=html, day=session)


def _answer(request, event, wants_json, status, **outcome):
    """JSON for the editor's script; else messages, and back to the grid of the day."""
    errors, warnings = outcome.get("errors", ()), outcome.get("warnings", ())
    fields, html, day = outcome.get("fields"), outcome.get("html"), outcome.get("day")
    if wants_json:
        body = {"ok": status == 200, "errors": list(errors), "warnings": list(warnings)}
        if fields:
            body["fields"] = fields
        if html is not None:
            body["html"] = html
        return JsonResponse(body, status=status)
    for message in errors:
        messages.error(request, message)
    if status == 200:
        messages.success(request, _("Moved."))
    for message in warnings:
        messages.warning(request, message)
    url = reverse("admin:ceremony_event_schedule", args=[event.pk])
    if day is not None:
        url += f"?day={timezone.localtime(day.start, event.timezone).date().isoformat()}"
    return redirect(url)


def schedule_paths(modeladmin):
    """The editor's URLs in the event admin: ``admin:ceremony_event_schedule`` (the grid) and
    ``admin:ceremony_event_schedule_move`` (a move, POST)."""

    def page(request, object_id):
        return schedule_view(modeladmin, request, object_id)

    @require_POST
    def move(request, object_id):
        return move_view(modeladmin, request, object_id)

    return [
        path(
            "<int:object_id>/schedule/",
            modeladmin.admin_site.admin_view(page),
            name="ceremony_event_schedule",
        ),
        path(
            "<int:object_id>/schedule/move/",
            modeladmin.admin_site.admin_view(move),
            name="ceremony_event_schedule_move",
        ),
    ]
