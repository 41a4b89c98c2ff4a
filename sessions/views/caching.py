"""Public answers kept rendered: the feeds and the public programme's pages.

A released programme changes only with the next release, and its pages are the same for every
reader of a language (no sign-in, no form token, no cookie): each page is rendered once and kept
in the shared cache (Redis in production) and, for a few seconds, in each web process, under its
address (the language is part of it). A release renews the event's generation
(``sessions.services.release.schedule_feeds_forget``): a page rendered under an older one is
not served again, by any process. What a page also shows live (the signatories as they sign, a
session's description, the event's name) shows within ``PAGE_CACHE_SECONDS``.

Both are sent with an ETag (a client that has it gets a 304), gzip-compressed to clients that
accept it, and cacheable by a proxy in front.
"""

import gzip
import hashlib
import re
from functools import wraps

from django.core.cache import cache, caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

from sessions.selectors.feeds import feed_generation_key

ACCEPTS_GZIP = re.compile(r"\bgzip\b")

#: How long a rendered page is kept (and may be kept by a proxy): a release replaces it at once.
PAGE_CACHE_SECONDS = 60
#: How long a web process keeps a page before asking the shared cache again.
PAGE_PROCESS_SECONDS = 10
#: Raised when what is kept changes shape.
PAGE_CACHE_SHAPE = 1
#: Addresses longer than this (a search of a page of text) are answered, not kept.
PAGE_KEY_MAX_PATH = 300


def body_response(
    request, *, body, packed, etag, media_type, max_age, last_modified=None, any_origin=False
):
    """An answer of a body kept rendered: 304 to a client that holds it, gzip to one that
    accepts it (a weak ETag then, as Django's GZipMiddleware gives it); ``any_origin``, readable
    by scripts of any site (public data only: the feeds, the widget)."""
    compressed = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    etag = f"W/{etag}" if compressed else etag
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(packed if compressed else body, content_type=media_type)
        if compressed:
            response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={max_age}"
    if any_origin:
        response["Access-Control-Allow-Origin"] = "*"
    return response


def page_key(slug, path):
    return f"public-page:{PAGE_CACHE_SHAPE}:{slug}:{hashlib.sha256(path.encode()).hexdigest()}"


def _page_get(slug, path):
    """The kept rendering of the page at ``path``, if it is of the event's current generation.

    The generation is asked of the shared cache on every request (a few bytes), so that a
    release shows at once in every process; the page itself is taken from the process's own
    memory when it holds that generation's, else from the shared cache.
    """
    key = page_key(slug, path)
    generation = cache.get(feed_generation_key(slug))
    local_key = f"{key}:{generation}"
    page = caches["process"].get(local_key)
    if page is None:
        page = cache.get(key)
        if page is not None and page["generation"] != generation:
            page = None
        elif page is not None:
            caches["process"].set(local_key, page, PAGE_PROCESS_SECONDS)
    return key, generation, page


def _page_keep(key, generation, response):
    body = response.content
    page = {
        "generation": generation,
        "body": body,
        "gzip": gzip.compress(body, mtime=0),
        "etag": quote_etag(hashlib.sha256(body).hexdigest()[:32]),
        "media_type": response["Content-Type"],
    }
    cache.set(key, page, PAGE_CACHE_SECONDS)
    caches["process"].set(f"{key}:{generation}", page, PAGE_PROCESS_SECONDS)
    return page


def page_cached(view):
    """Serve a public page of an event from its kept rendering, or render and keep it.

    Only successful answers are kept (a 404 for a mistyped day is rendered each time); the key
    is the whole address, query included, so a filtered day is kept apart from the plain one.
    """

    @wraps(view)
    def cached(request, slug, **kwargs):
        path = request.get_full_path()
        if request.method not in ("GET", "HEAD") or len(path) > PAGE_KEY_MAX_PATH:
            return view(request, slug, **kwargs)
        key, generation, page = _page_get(slug, path)
        if page is None:
            response = view(request, slug, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            # Kept under the generation read before rendering: a release in between makes it
            # stale at once.
            page = _page_keep(key, generation, response)
        return body_response(
            request,
            body=page["body"],
            packed=page["gzip"],
            etag=page["etag"],
            media_type=page["media_type"],
            max_age=PAGE_CACHE_SECONDS,
        )

    return cached
