"""Public feeds of the released schedule: a calendar to subscribe to, and the frab JSON.

Served directly (no job): they are small, public, and cached by the release's version.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import quote_etag
from django.views.decorators.http import condition

from ceremony.models import Event

from . import exports
from .schedule_exports import schedule_for_export

CACHE_SECONDS = 300


def _latest_release(request, slug, format_name):
    """The event and its newest release (None before the first), for the view and its headers."""
    event = get_object_or_404(Event, slug=slug)
    return event, event.schedule_releases.order_by("-version").first()


def _etag(request, slug, format_name):
    _event, release = _latest_release(request, slug, format_name)
    return quote_etag(f"{slug}-v{release.version}-{format_name}") if release else None


def _last_modified(request, slug, format_name):
    _event, release = _latest_release(request, slug, format_name)
    return release.released_at if release else None


@condition(etag_func=_etag, last_modified_func=_last_modified)
def schedule_feed(request, slug, format_name):
    event, release = _latest_release(request, slug, format_name)
    if release is None:
        raise Http404("No schedule has been released for this event yet.")
    exporter = exports.exporter(format_name)
    response = HttpResponse(
        exports.render(format_name, schedule_for_export(event=event)),
        content_type=exporter.MEDIA_TYPE,
    )
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Content-Disposition"] = f'inline; filename="{slug}.{exporter.EXTENSION}"'
    return response
