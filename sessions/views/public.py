"""The public programme's pages: no sign-in, server-rendered, working without JavaScript.

They show the released programme only (``sessions.selectors.public``); an event without a
release has a home page that says so, and nothing else. Unknown events, days, sessions,
people and versions answer 404.
"""

from dataclasses import replace
from datetime import date

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ceremony.models import Event
from ceremony.selectors.signing import signatories
from sessions import exports
from sessions.enums import Interpretation, SessionKind
from sessions.forms import ProgrammeFilterForm
from sessions.selectors.public import (
    day_grid,
    items_filtered,
    kind_choices,
    language_choices,
    language_names,
    programme_search,
    public_person,
    public_programme,
    releases_public,
    room_choices,
)
from sessions.selectors.speakers import published_statements

SEARCH_MIN_LENGTH = 2


def event_or_404(slug):
    return get_object_or_404(Event, slug=slug)


def _programme(event):
    programme = public_programme(event)
    if programme is None:
        raise Http404("No schedule has been released for this event yet.")
    return programme


def _page(request, template, event, context):
    with timezone.override(event.timezone):
        return render(request, template, {"event": event, **context})


@require_safe
def events_index(request):
    """The planner's front door: the events with a released programme, newest first."""
    events = (
        Event.objects.filter(schedule_releases__isnull=False).distinct().order_by("-start_date")
    )
    return render(request, "public/index.html", {"events": events})


@require_safe
def event_home(request, slug):
    """The event: dates, venue, theme, and its programme day by day."""
    event = event_or_404(slug)
    programme = public_programme(event)
    days = []
    if programme is not None:
        days = [(day, programme.on(day)) for day in programme.days()]
    return _page(
        request,
        "public/event.html",
        event,
        {"programme": programme, "days": days, "venues": list(event.venues.all())},
    )


def day_or_404(programme, text):
    """A day of the released programme from its address (``2025-10-25``)."""
    try:
        day = date.fromisoformat(text)
    except ValueError as wrong:
        raise Http404("No such day.") from wrong
    if day not in programme.days():
        raise Http404("No such day.")
    return day


def day_filtered(request, programme, day):
    """The day's sessions as the address's filters choose them (``?kind=&room=&language=``):
    the filter form (its errors by the field; no filter while one is wrong), the filters, the
    sessions, and the grid's rooms and rows."""
    form = ProgrammeFilterForm(
        request.GET or None,
        kinds=kind_choices(programme),
        rooms=room_choices(programme),
        languages=language_choices(programme),
    )
    filters = form.filters() if request.GET else {}
    items = items_filtered(programme.on(day), **filters)
    rooms, grid = day_grid(programme, day, items)
    return form, filters, items, rooms, grid


@require_safe
def programme_day(request, slug, day):
    """A day of the programme as a time grid (rooms as columns), and as a list on phones."""
    event = event_or_404(slug)
    programme = _programme(event)
    day = day_or_404(programme, day)
    form, filters, items, rooms, grid = day_filtered(request, programme, day)
    return _page(
        request,
        "public/day.html",
        event,
        {
            "programme": programme,
            "day": day,
            "days": programme.days(),
            "form": form,
            "filtered": bool(filters),
            "items": items,
            "rooms": rooms,
            "grid": grid,
            "query": request.GET.urlencode(),
        },
    )


def _item(programme, session_slug):
    item = programme.item(session_slug)
    if item is None:
        raise Http404("No such session in the released programme.")
    return item


@require_safe
def session_page(request, slug, session_slug):
    """A session: time, room, chairs and speakers, interpretation, description; the signing
    session lists the signatories in the order they signed."""
    event = event_or_404(slug)
    programme = _programme(event)
    item = _item(programme, session_slug)
    signed = signatories(event) if item.kind == SessionKind.SIGNING else []
    return _page(
        request,
        "public/session.html",
        event,
        {
            "programme": programme,
            "item": item,
            "day": programme.schedule.local_date(item),
            "ends_another_day": programme.schedule.ends_another_day(item),
            "interpretation": Interpretation(item.interpretation).label
            if item.interpretation
            else "",
            "languages": language_names(item.languages),
            "signed": signed,
            "statements": list(published_statements(event, item.slug))
            if item.kind == SessionKind.PLENARY
            else [],
        },
    )


@require_safe
def session_calendar(request, slug, session_slug):
    """One session as an iCalendar file, for "add to calendar"."""
    event = event_or_404(slug)
    programme = _programme(event)
    item = _item(programme, session_slug)
    body = exports.render("ics", replace(programme.schedule, items=(item,), title=item.title))
    response = HttpResponse(body, content_type=exports.exporter("ics").MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{item.slug}.ics"'
    return response


@require_safe
def person_page(request, slug, pk):
    """A chair or speaker of the released programme, with their sessions."""
    event = event_or_404(slug)
    programme = _programme(event)
    person = public_person(programme, pk)
    if person is None:
        raise Http404("No such person in the released programme.")
    return _page(request, "public/person.html", event, {"programme": programme, **person})


@require_safe
def programme_changes(request, slug):
    """Every release, newest first: what was added, moved and cancelled, with its note."""
    event = event_or_404(slug)
    return _page(request, "public/changes.html", event, {"releases": releases_public(event)})


@require_safe
def programme_search_page(request, slug):
    event = event_or_404(slug)
    programme = _programme(event)
    query = request.GET.get("q", "").strip()[:100]
    sessions, people = [], []
    too_short = 0 < len(query) < SEARCH_MIN_LENGTH
    if query and not too_short:
        sessions, people = programme_search(programme, query)
    return _page(
        request,
        "public/search.html",
        event,
        {
            "programme": programme,
            "query": query,
            "too_short": too_short,
            "sessions": sessions,
            "people": people,
        },
    )


class ReleasesFeed(Feed):
    """The releases of an event's programme as an Atom feed: one entry per version."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return event_or_404(slug)

    def title(self, event):
        return _("%(event)s: programme releases") % {"event": event.name}

    def link(self, event):
        return reverse("public-changes", args=[event.slug])

    def subtitle(self, event):
        return _("Each new version of the programme, with what moved, was added or cancelled.")

    def items(self, event):
        return releases_public(event)

    def item_title(self, release):
        return _("Version %(version)d") % {"version": release.version}

    def item_description(self, release):
        summary = _("%(added)d added, %(moved)d moved, %(cancelled)d cancelled.") % {
            "added": len(release.added),
            "moved": len(release.moved),
            "cancelled": len(release.cancelled),
        }
        return f"{release.note} {summary}".strip()

    def item_link(self, release):
        return reverse("public-changes", args=[release.event.slug]) + f"#v{release.version}"

    def item_guid(self, release):
        return f"{release.event.slug}-programme-v{release.version}"

    def item_pubdate(self, release):
        return release.released_at

    def item_updateddate(self, release):
        return release.released_at
