"""The public feeds of the released schedule (a calendar to subscribe to, the frab JSON), read
through the cache.

Each feed is rendered once per release and language and kept in the shared cache and, briefly,
in each web process. Reading fills the cache; a release forgets what it holds
(``sessions.services.release``). Nothing here writes to the database.
"""

import gzip

from django.conf import settings
from django.core.cache import cache, caches
from django.utils import translation
from django.utils.http import quote_etag

from ceremony.models import Event
from sessions import exports
from sessions.enums import ExportFormat
from sessions.selectors.exports import schedule_for_export

#: How long a rendered public feed is kept; a new release replaces it at once.
FEED_CACHE_SECONDS = 300


#: How long a web process keeps a feed in its own memory before asking the shared cache again:
#: after a release the other processes serve the previous one at most this long.
FEED_PROCESS_SECONDS = 30


FEED_FORMATS = (ExportFormat.ICS, ExportFormat.JSON, ExportFormat.XML)


#: Part of every feed's cache key: raised when what is cached changes shape, so that a new
#: version of the planner never reads what an older one left in Redis.
FEED_CACHE_SHAPE = 3


def feed_key(slug, format_name, language, version=None):
    """``version`` None is the newest release's feed, which each release replaces."""
    edition = "latest" if version is None else f"v{version}"
    return f"schedule-feed:{FEED_CACHE_SHAPE}:{slug}:{format_name}:{language}:{edition}"


def feed_generation_key(slug):
    """The event's feed generation, renewed by each release: a feed rendered under an older
    one (a request that read the previous release just before the new one committed) is not
    served, whenever it reached the cache."""
    return f"schedule-feed:{FEED_CACHE_SHAPE}:{slug}:generation"


def schedule_feed_get(*, slug, format_name, version=None):
    """The public feed of an event's newest release (or of ``version``, at its stable address),
    rendered once per release and language.

    Kept in the shared cache (Redis in production), so that a thousand calendar clients polling
    cost one rendering, not a thousand, and in each web process's memory for a few seconds, so
    that most reads do not even ask Redis. Stored compressed too (``gzip``), for clients that
    accept it. None when the event has no release yet, or no such version;
    ``Event.DoesNotExist`` for an unknown event.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = feed_key(slug, format_name, language, version)
    feed = caches["process"].get(key)
    if feed is not None:
        return feed
    shared = cache.get_many([key, feed_generation_key(slug)])
    generation = shared.get(feed_generation_key(slug))
    feed = shared.get(key)
    if feed is None or feed.get("generation") != generation:
        feed = _feed_render(slug, format_name, language, version)
        if feed is None:
            return None
        feed["generation"] = generation
        cache.set(key, feed, FEED_CACHE_SECONDS)
    caches["process"].set(key, feed, FEED_PROCESS_SECONDS)
    return feed


def _feed_render(slug, format_name, language, version):
    event = Event.objects.get(slug=slug)
    releases = event.schedule_releases.order_by("-version")
    release = (releases if version is None else releases.filter(version=version)).first()
    if release is None:
        return None
    exporter = exports.exporter(format_name)
    body = exports.render(format_name, schedule_for_export(event=event, version=release.version))
    edition = "" if version is None else f"-v{version}"
    return {
        "etag": quote_etag(f"{slug}-v{release.version}-{format_name}-{language}"),
        "released_at": release.released_at,
        "body": body,
        "gzip": gzip.compress(body, mtime=0),
        "media_type": exporter.MEDIA_TYPE,
        "file_name": f"{slug}{edition}.{exporter.EXTENSION.lstrip('.')}",
    }
