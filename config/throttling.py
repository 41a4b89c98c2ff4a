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
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle


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
