"""Public feeds of the released schedule: a calendar to subscribe to, and the frab JSON.

Served directly (no job): they are small and public. Each is rendered once per release and
language and kept in the cache (``schedule_feed_get``), compressed too for clients that accept
gzip; clients that send back the ETag get a 304 without a body. Any site may read them from a
script (``Access-Control-Allow-Origin: *``): they hold only what the public pages show, and the
programme's widget draws other sites' copy of the programme from the JSON.
"""

from calendar import timegm

from django.http import Http404
from django.views.decorators.http import require_safe

from ceremony.models import Event
from sessions.selectors.feeds import FEED_CACHE_SECONDS, FEED_FORMATS, schedule_feed_get
from sessions.views.caching import body_response


@require_safe
def schedule_feed(request, slug, format_name, version=None):
    """The newest release's feed at the plain address; any version's at ``v/<n>/``."""
    try:
        feed = schedule_feed_get(slug=slug, format_name=format_name, version=version)
    except Event.DoesNotExist as missing:
        raise Http404("No such event.") from missing
    if feed is None:
        raise Http404("No such release of this event's schedule.")
    response = body_response(
        request,
        body=feed["body"],
        packed=feed["gzip"],
        etag=feed["etag"],
        media_type=feed["media_type"],
        max_age=FEED_CACHE_SECONDS,
        last_modified=timegm(feed["released_at"].utctimetuple()),
        any_origin=True,
    )
    response["Content-Disposition"] = f'inline; filename="{feed["file_name"]}"'
    return response


@require_safe
def schedule_version_feed(request, slug, version, format_name):
    """A version's feed at its stable address: ``v/<n>/schedule.ics|json|xml``."""
    if format_name not in FEED_FORMATS:
        raise Http404("No such feed.")
    return schedule_feed(request, slug, format_name, version=version)
