"""The released programme on other sites (the host government's, a ministry's, a partner's).

Three ways in:

- ``widget.js``: a script the other site pastes; it draws the programme into their page, in a
  Shadow DOM of its own, from the event's public JSON feed (the cached ``schedule.json`` of the
  same language, which any site may read);
- ``embed/`` and ``embed/<day>/``: a compact page for an iframe, for sites that run no script
  of others; the only pages other sites may frame (``WIDGET_FRAME_ANCESTORS``);
- ``widget/``: the page that gives both snippets to copy, with a live preview.

The script is a view rather than a static file: it carries its language's strings and the
addresses it reads, so the snippet is one address, and the names of the release's rooms, so
that a room is chosen by its key in every language. It is rendered once per release and
language in each process and cached by browsers as long as the feed it reads, with an ETag.
"""

import gzip
import hashlib
import json
from functools import cache, wraps
from pathlib import Path
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from ceremony.models import Event
from sessions.enums import SessionKind
from sessions.forms import WidgetForm
from sessions.selectors.feeds import FEED_CACHE_SECONDS
from sessions.selectors.public import (
    kind_choices,
    public_programme,
    room_choices,
)
from sessions.selectors.widget import programme_version
from sessions.views.caching import body_response
from sessions.views.public import day_filtered, day_or_404, event_or_404

#: Browsers keep the script as long as the feed it reads: it names the release's rooms.
WIDGET_SCRIPT_SECONDS = FEED_CACHE_SECONDS

#: A web process keeps a rendered script until the release changes (its key) or this long.
WIDGET_SCRIPT_PROCESS_SECONDS = 3600

#: Part of the rendered script's cache key: raised when what is cached changes shape.
WIDGET_SCRIPT_SHAPE = 1

#: The iframe's height when the snippet's chooser names none.
EMBED_HEIGHT = 600

#: Characters a JSON text may hold that would end or confuse the script around it.
SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}
SCRIPT_UNSAFE["\u2029"] = "\\u2029"


#: The browser's locale for a language's dates, where it is not the language's code.
WIDGET_LOCALES = {"en": "en-GB", "zh-hans": "zh-Hans"}


def framable(view):
    """Lets the sites of ``WIDGET_FRAME_ANCESTORS`` (read at each request) frame the view's
    pages: its own ``frame-ancestors`` and no ``X-Frame-Options``. Only the embed pages."""

    @wraps(view)
    def framed(request, *args, **kwargs):
        allowed = csp_replace({"frame-ancestors": list(settings.WIDGET_FRAME_ANCESTORS)})
        return xframe_options_exempt(allowed(view))(request, *args, **kwargs)

    return framed


# The script -----------------------------------------------------------------------------------


@require_safe
def widget_script(request, slug):
    """The widget's script in the address's language: one query (the newest release's number)
    while its rendering for that release is kept."""
    try:
        version = programme_version(slug=slug)
    except Event.DoesNotExist as missing:
        raise Http404("No such event.") from missing
    language = translation.get_language()
    key = f"widget-script:{WIDGET_SCRIPT_SHAPE}:{slug}:{language}:v{version}"
    script = caches["process"].get(key)
    if script is None:
        script = _script_render(slug, version, language)
        caches["process"].set(key, script, WIDGET_SCRIPT_PROCESS_SECONDS)
    return body_response(
        request,
        etag=script["etag"],
        body=script["body"],
        packed=script["gzip"],
        media_type="text/javascript; charset=utf-8",
        max_age=WIDGET_SCRIPT_SECONDS,
        any_origin=True,
    )


@cache
def _stylesheet():
    """The widget's styles, set into its Shadow DOM by the script (and served as a file for
    browsers that cannot take a style sheet from a script)."""
    return Path(finders.find("public/widget.css")).read_text(encoding="utf-8")


def _script_literal(value):
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for character, escaped in SCRIPT_UNSAFE.items():
        text = text.replace(character, escaped)
    return text


def _script_render(slug, version, language):
    rooms = {}
    if version:
        programme = public_programme(event_or_404(slug), version)
        rooms = dict(room_choices(programme)) if programme else {}
    config = {
        "script": reverse("public-widget-js", args=[slug]),
        "feed": reverse("schedule-feed-json", args=[slug]),
        "programme": reverse("public-home", args=[slug]),
        "day": reverse("public-day", args=[slug, "YYYY-MM-DD"]),
        "stylesheet": static("public/widget.css"),
        "css": _stylesheet(),
        "published": bool(version),
        "language": language,
        # Digits as the planner's pages write them (Latin), in every language; English days
        # as the UN writes them ("Sat 25 Oct", not the American "Sat, Oct 25").
        "locale": f"{WIDGET_LOCALES.get(language, language)}-u-nu-latn",
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "kinds": {value: str(label) for value, label in SessionKind.choices},
        "rooms": {key: str(name) for key, name in rooms.items()},
        "strings": {
            "programme": _("Programme"),
            "loading": _("Loading the programme…"),
            "failed": _("The programme could not be loaded."),
            "unpublished": _("The programme has not been published yet."),
            "open": _("See it on the programme's site"),
            "nothing": _("No session matches."),
            "days": _("Days"),
            "more": _("More sessions of this day in the full programme"),
            "full": _("Full programme"),
            "zone": _("Times are local to the event (%(zone)s).") % {"zone": "{zone}"},
            "newTab": _("(opens in a new tab)"),
        },
    }
    body = render_to_string(
        "public/widget.js", {"slug": slug, "config": _script_literal(config)}
    ).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()[:16]
    return {
        "etag": quote_etag(f"{slug}-widget-v{version}-{language}-{digest}"),
        "body": body,
        "gzip": gzip.compress(body, mtime=0),
    }


# The embed pages ------------------------------------------------------------------------------


def _day_to_show(programme, event):
    """Today during the event (in its zone), else its first day."""
    days = programme.days()
    today = timezone.localdate(timezone=event.timezone)
    return today if today in days else days[0]


@require_safe
def embed_programme(request, slug, day=None):
    """A day of the programme for an iframe on another site: the grid (the list when the frame
    is narrow), days as links within the frame, sessions opening on the planner in a new tab.
    Filters as the day's page takes them (``?kind=&room=&language=``)."""
    event = event_or_404(slug)
    programme = public_programme(event)
    context = {"event": event, "programme": programme}
    if programme is None:
        if day is not None:
            raise Http404("No schedule has been released for this event yet.")
        return _embed_render(request, event, context)
    day = day_or_404(programme, day) if day is not None else _day_to_show(programme, event)
    form, filters, items, rooms, grid = day_filtered(request, programme, day)
    errors = []
    if request.GET and not filters:
        errors = [
            f"{form.fields[name].label}: {message}"
            for name, messages in form.errors.items()
            for message in messages
        ]
    query = urlencode(filters)
    return _embed_render(
        request,
        event,
        {
            **context,
            "day": day,
            "days": programme.days(),
            "items": items,
            "rooms": rooms,
            "grid": grid,
            "errors": errors,
            "query": query,
        },
    )


def _embed_render(request, event, context):
    with timezone.override(event.timezone):
        return render(request, "public/embed.html", context)


# The page with the snippets -----------------------------------------------------------------


def _languages():
    return [
        (code, translation.get_language_info(code)["name_local"])
        for code, _name in settings.LANGUAGES
    ]


def _snippets(request, event, chosen):
    """The two snippets for the chosen language and options: the addresses as the other site
    writes them (absolute), and as the preview on this site loads them."""
    with translation.override(chosen["language"]):
        script = reverse("public-widget-js", args=[event.slug])
        embed = (
            reverse("public-embed-day", args=[event.slug, chosen["day"]])
            if chosen["day"]
            else reverse("public-embed", args=[event.slug])
        )
        title = _("%(event)s: programme") % {"event": event.name}
    query = urlencode({name: chosen[name] for name in ("kind", "room") if chosen[name]})
    embed += f"?{query}" if query else ""
    data = [
        (f"data-{name}", chosen[name])
        for name in ("day", "kind", "room", "limit", "height")
        if chosen[name]
    ]
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in data)
    height = chosen["height"] or EMBED_HEIGHT

    def script_tag(src):
        return f'<script src="{escape(src)}"{attributes} async></script>'

    def frame_tag(src, extra=' style="border: 0"'):
        return (
            f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" '
            f'height="{height}" loading="lazy"{extra}></iframe>'
        )

    return {
        "script": script_tag(request.build_absolute_uri(script)),
        "frame": frame_tag(request.build_absolute_uri(embed)),
        # The preview: this site's own addresses, and a class where the snippet has a style
        # attribute (this site's policy allows none).
        "script_preview": script_tag(script),
        "frame_preview": frame_tag(embed, ' class="embed-preview"'),
    }


@require_safe
def widget_page(request, slug):
    """ "Embed this programme": the snippets of the script and of the iframe, for a language
    and options chosen in a GET form, with both shown live."""
    event = event_or_404(slug)
    programme = public_programme(event)
    context = {"event": event, "programme": programme}
    if programme is not None:
        form = WidgetForm(
            request.GET or None,
            languages=_languages(),
            days=programme.days(),
            kinds=kind_choices(programme),
            rooms=room_choices(programme),
            initial_language=translation.get_language(),
        )
        context |= {"form": form, "snippets": _snippets(request, event, form.choice())}
    with timezone.override(event.timezone):
        return render(request, "public/widget.html", context)
