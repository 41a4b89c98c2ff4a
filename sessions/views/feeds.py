"""Public feeds of the released schedule: a calendar to subscribe to, and the frab JSON.

Served directly (no job): they are small and public. Each is rendered once per release and
language and kept in the cache (``schedule_feed_get``), compressed too for clients that accept
gzip; clients that send back the ETag get a 304 without a body. Any site may read them from a
script (``Access-Control-Allow-Origin: *``): they hold only what the public pages show, and the
programme's widget draws other sites' copy of the programme from the JSON.
"""

import re
from calendar import timegm

from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from ceremony.models import Event
from sessions.selectors.feeds import FEED_CACHE_SECONDS, FEED_FORMATS, schedule_feed_get

ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def cached_representation(
    request, *, etag, body, compressed, media_type, max_age, last_modified=None
):
    """A public body rendered once and kept (with its gzip form), as a response: 304 to a client
    that sends back its ETag, the compressed form to one that accepts gzip, readable by scripts
    of any site."""
    last_modified = timegm(last_modified.utctimetuple()) if last_modified else None
    gzipped = ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", ""))
    # The compressed body is another representation of the same resource: a weak ETag, as
    # Django's GZipMiddleware gives it, which If-None-Match still matches.
    etag = f"W/{etag}" if gzipped else etag
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(compressed if gzipped else body, content_type=media_type)
        if gzipped:
            response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def schedule_feed(request, slug, format_name, version=None):
    """The newest release's feed at the plain address; any version's at ``v/<n>/``."""
    try:
        feed = schedule_feed_get(slug=slug, format_name=format_name, version=version)
    except Event.DoesNotExist as missing:
        raise Http404("No such event.") from missing
    if feed is None:
        raise Http404("No such release of this event's schedule.")
    response = cached_representation(
        request,
        etag=feed["etag"],
        body=feed["body"],
        compressed=feed["gzip"],
        media_type=feed["media_type"],
        max_age=FEED_CACHE_SECONDS,
        last_modified=feed["released_at"],
    )
    response["Content-Disposition"] = f'inline; filename="{feed["file_name"]}"'
    return response


@require_safe
def schedule_version_feed(request, slug, version, format_name):
    """A version's feed at its stable address: ``v/<n>/schedule.ics|json|xml``."""
    if format_name not in FEED_FORMATS:
        raise Http404("No such feed.")
    return schedule_feed(request, slug, format_name, version=version)
