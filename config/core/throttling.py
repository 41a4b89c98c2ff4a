"""Request rates: one rule for who a client is, and DRF's throttles for plain Django views.

The API is throttled by DRF itself (``REST_FRAMEWORK`` in the settings). The public pages and
feeds are plain Django views: ``throttled(scope)`` runs the same ``ScopedRateThrottle`` before
them, so every counter lives in the Django cache under one scheme, every rate is set the same
way (an environment variable, see the settings) and every refusal reads the same: 429 with
``Retry-After``.
"""

from functools import wraps
from types import SimpleNamespace

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle as DRFAnonRateThrottle
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle
from rest_framework.throttling import ScopedRateThrottle as DRFScopedRateThrottle
from rest_framework.throttling import UserRateThrottle as DRFUserRateThrottle


class CountingRateThrottle(SimpleRateThrottle):
    """DRF's rate throttles, counted with one atomic increment per request.

    DRF's own keep the time of every request of the window in a list that each request reads
    and writes back whole: two round trips to Redis and a list as long as the rate, on every
    request of the busiest endpoints. Here a counter per client starts with the client's first
    request and expires a ``duration`` later: one round trip (``incr``) per request, and the
    first of a window three more. Like DRF's, at most ``num_requests`` in any window that starts
    at a first request. A cache that keeps nothing (Redis down) counts nothing: fail open.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        count = self._count()
        if count is None or count <= self.num_requests:
            return True
        started = self.cache.get(f"{self.key}:since")
        self.wait_seconds = (
            max(started + self.duration - self.timer(), 1) if started else self.duration
        )
        return False

    def _count(self):
        try:
            return self.cache.incr(self.key)
        except ValueError:
            # The client's first request of a window: the window starts now.
            self.cache.add(f"{self.key}:since", self.timer(), self.duration)
            self.cache.add(self.key, 0, self.duration)
        try:
            return self.cache.incr(self.key)
        except ValueError:
            return None

    def wait(self):
        return getattr(self, "wait_seconds", None)


class ScopedRateThrottle(DRFScopedRateThrottle, CountingRateThrottle):
    """DRF's scoped throttle (``throttle_scope``), counted as ``CountingRateThrottle`` does."""


class AnonRateThrottle(DRFAnonRateThrottle, CountingRateThrottle):
    """The API signed out, per client address."""


class UserRateThrottle(DRFUserRateThrottle, CountingRateThrottle):
    """The API signed in, per account."""


def client_address(request):
    """The client's address: ``REMOTE_ADDR``, or, behind ``NUM_PROXIES`` trusted proxies, the
    address the outermost of them saw (never a value the client can choose).

    DRF's throttles and django-axes (``AXES_CLIENT_IP_CALLABLE``) both count by it.
    """
    return BaseThrottle().get_ident(request)


def too_many_requests(wait):
    """The answer to a throttled request: 429, when to come back, never stored by a cache."""
    refusal = Throttled(wait=wait)
    response = HttpResponse(
        str(refusal.detail), status=refusal.status_code, content_type="text/plain; charset=utf-8"
    )
    if refusal.wait:
        response["Retry-After"] = str(refusal.wait)
    add_never_cache_headers(response)
    return response


def throttled(scope):
    """Decorate a plain view with DRF's scoped throttle: per account when signed in, else per
    client address, at the rate of ``DEFAULT_THROTTLE_RATES[scope]``."""
    holder = SimpleNamespace(throttle_scope=scope)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            throttle = ScopedRateThrottle()
            if not throttle.allow_request(request, holder):
                return too_many_requests(throttle.wait())
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def sign_in_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked sign-in (portal and admin forms): its page, 429, and
    when the lock ends at the latest (``AXES_LOCKOUT_CALLABLE``)."""
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    cool_off = get_cool_off(request)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    add_never_cache_headers(response)
    return response
