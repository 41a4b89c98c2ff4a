"""Throttling: the public feeds and signatories, the API for anonymous and signed-in clients, the
check-in API that a busy door must never find closed, and the rates' environment variables.

Rates are lowered here by patching the one dict DRF's throttles read; the counters live in the
locmem cache, which the suite clears before every test.
"""

import subprocess
import sys
from datetime import datetime
from uuid import uuid4

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from sessions.models import CheckIn
from sessions.services.release import schedule_release
from tests import factories
from tests.clients import api_client
from tests.config.test_settings import CLEAN_ENV, ROOT

pytestmark = pytest.mark.django_db


def rate_set(monkeypatch, scope, rate):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)


@pytest.fixture
def event():
    event = factories.EventFactory(slug="hanoi")
    factories.SessionFactory(
        event=event, title="Opening", start=datetime(2025, 10, 25, 9, tzinfo=factories.HANOI)
    )
    schedule_release(event=event)
    return event


PUBLIC_URLS = {
    "calendar feed": ("schedule-feed-ics", []),
    "JSON feed": ("schedule-feed-json", []),
    "signatories page": ("signatories", []),
    "signatories CSV": ("signatories-table", ["csv"]),
    "signatories Excel": ("signatories-table", ["xlsx"]),
}


def public_url(event, name):
    route, extra = PUBLIC_URLS[name]
    return reverse(route, args=[event.slug, *extra])


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_a_public_endpoint_answers_429_with_retry_after_past_its_rate(
    client, event, monkeypatch, name
):
    rate_set(monkeypatch, "public", "3/min")
    url = public_url(event, name)

    answers = [client.get(url) for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.content.decode().startswith("Request was throttled. Expected available in")
    assert "no-store" in refused["Cache-Control"]
    # Another client is not held back by the first one's count.
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_the_public_endpoints_share_one_count_per_client(client, event, monkeypatch):
    rate_set(monkeypatch, "public", "2/min")

    client.get(public_url(event, "calendar feed"))
    client.get(public_url(event, "JSON feed"))

    assert client.get(public_url(event, "signatories page")).status_code == 429


def test_signed_in_readers_behind_one_address_each_have_their_own_count(client, event, monkeypatch):
    """A venue's delegates share one NAT address: those signed in are counted per account."""
    rate_set(monkeypatch, "public", "2/min")
    url = public_url(event, "calendar feed")
    for _ in range(2):
        client.get(url)
    assert client.get(url).status_code == 429

    client.force_login(factories.UserFactory())

    assert client.get(url).status_code == 200


def test_the_default_public_rate_serves_a_venue_behind_one_address(client, event, settings):
    """2,500 delegates refreshing a calendar every few minutes from one NAT address: the
    default rate is counted in hundreds a minute, and a burst of 200 readers all get through."""
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public"]
    number, duration = ScopedRateThrottle().parse_rate(rate)
    assert number / duration >= 5  # per second, from one address
    url = public_url(event, "JSON feed")

    answers = {client.get(url).status_code for _ in range(200)}

    assert answers == {200}


@pytest.mark.parametrize("num_proxies", [0, 1])
def test_a_forged_forwarded_for_header_does_not_buy_a_fresh_count(
    client, event, monkeypatch, settings, num_proxies
):
    """Only the address the (trusted) proxy saw counts, never what the client wrote."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": num_proxies}
    rate_set(monkeypatch, "public", "2/min")
    url = public_url(event, "calendar feed")
    proxy_saw = "203.0.113.9"

    answers = [
        client.get(url, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {proxy_saw}").status_code
        for n in range(3)
    ]

    assert answers == [200, 200, 429]


def test_behind_a_proxy_each_client_address_has_its_own_count(client, event, settings, monkeypatch):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rate_set(monkeypatch, "public", "1/min")
    url = public_url(event, "calendar feed")

    first = client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR="10.0.0.1")
    second = client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.2", REMOTE_ADDR="10.0.0.1")

    assert (first.status_code, second.status_code) == (200, 200)


def test_anonymous_api_clients_are_throttled_per_address(monkeypatch):
    rate_set(monkeypatch, "anon", "2/min")
    client = api_client()
    url = reverse("api-schema")

    answers = [client.get(url, {"format": "json"}) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[-1].json()["detail"].startswith("Request was throttled.")
    assert int(answers[-1]["Retry-After"]) > 0


def test_signed_in_api_clients_are_throttled_per_account(event, monkeypatch):
    rate_set(monkeypatch, "user", "3/min")
    first, second = factories.UserFactory(), factories.UserFactory()
    url = reverse("event-list")

    answers = [api_client(first).get(url).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert api_client(second).get(url).status_code == 200


@pytest.fixture
def door(event):
    badge = factories.BadgeFactory(delegate__delegation__event=event, token="qr-door")
    return api_client(factories.UserFactory(username="door", is_staff=True)), badge


def test_a_busy_door_is_not_held_back_by_the_general_api_rate(event, door, monkeypatch):
    """Scans have their own rate: with the per-account API rate at 5 a minute, one door-staff
    login still records 40 scans in a row."""
    rate_set(monkeypatch, "user", "5/min")
    client, badge = door

    answers = [
        client.post(
            reverse("check-in-list"),
            {"event": event.pk, "token": badge.token, "nonce": uuid4().hex},
            format="json",
        ).status_code
        for _ in range(40)
    ]

    assert answers == [201] * 40
    assert CheckIn.objects.count() == 40


def test_the_default_check_in_rate_outpaces_any_door(settings):
    """Several doors may share one staff login; a scan takes a person a second or two."""
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["check_in"]
    number, duration = ScopedRateThrottle().parse_rate(rate)
    assert number / duration >= 20  # scans per second, for one login


def test_check_in_is_throttled_on_its_own_rate(event, door, monkeypatch):
    rate_set(monkeypatch, "check_in", "2/min")
    client, badge = door

    answers = [
        client.post(
            reverse("check-in-list"),
            {"event": event.pk, "token": badge.token, "nonce": uuid4().hex},
            format="json",
        ).status_code
        for _ in range(3)
    ]

    assert answers == [201, 201, 429]


# Rates come from the environment ------------------------------------------------------------

RATE_VARIABLES = {
    "SIGN_IN_THROTTLE_RATE": "sign_in",
    "API_ANON_THROTTLE_RATE": "anon",
    "API_USER_THROTTLE_RATE": "user",
    "CHECK_IN_THROTTLE_RATE": "check_in",
    "PUBLIC_THROTTLE_RATE": "public",
}


def rates_in(**env):
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; "
            "print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])",
        ],
        cwd=ROOT,
        env={**CLEAN_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_rate_is_set_by_an_environment_variable(settings):
    assert set(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) == set(RATE_VARIABLES.values())
    env = {variable: f"{1000 + n}/hour" for n, variable in enumerate(RATE_VARIABLES)}

    result = rates_in(**env)

    assert result.returncode == 0, result.stderr
    shown = result.stdout.strip().splitlines()[-1]
    for variable, scope in RATE_VARIABLES.items():
        assert f"'{scope}': '{env[variable]}'" in shown


def test_a_malformed_rate_refuses_to_start_naming_the_variable():
    result = rates_in(PUBLIC_THROTTLE_RATE="lots per minute")

    assert result.returncode != 0
    assert "PUBLIC_THROTTLE_RATE must be a rate such as 600/min" in result.stderr


class Door:
    throttle_scope = "check_in"


def counted_throttle(monkeypatch, rate, cache=None):
    from config.core.throttling import ScopedRateThrottle as Counting

    rate_set(monkeypatch, "check_in", rate)
    throttle = Counting()
    if cache is not None:
        throttle.cache = cache
    return throttle


def scan_request(rf, address="10.0.0.7"):
    request = rf.get("/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def test_a_counted_window_starts_at_the_first_request_and_tells_when_it_ends(rf, monkeypatch):
    """One counter per client: the rate in a window that starts with the client's first
    request; the refusal says how long is left of it; another client counts apart."""
    throttle = counted_throttle(monkeypatch, "3/min")
    clock = iter([1000.0, 1030.0, 1031.0])  # the first request, the refusal, the other client
    monkeypatch.setattr(throttle, "timer", lambda: next(clock))
    request = scan_request(rf)
    assert [throttle.allow_request(request, Door()) for _ in range(3)] == [True] * 3
    assert throttle.allow_request(request, Door()) is False
    assert throttle.wait() == 30.0
    assert throttle.allow_request(scan_request(rf, "10.0.0.8"), Door()) is True


def test_a_counted_window_ends_with_its_duration(rf, monkeypatch):
    from django.core.cache import cache

    throttle = counted_throttle(monkeypatch, "1/min")
    request = scan_request(rf)
    assert throttle.allow_request(request, Door()) is True
    assert throttle.allow_request(request, Door()) is False
    cache.delete(throttle.key)  # what the counter's expiry does at the end of the minute
    assert throttle.allow_request(request, Door()) is True


def test_a_cache_that_keeps_nothing_counts_nothing(rf, monkeypatch):
    """Redis down (django-redis answers as if it kept nothing): requests pass, none is lost."""
    from django.core.cache.backends.dummy import DummyCache

    throttle = counted_throttle(monkeypatch, "1/min", cache=DummyCache("none", {}))
    request = scan_request(rf)
    assert all(throttle.allow_request(request, Door()) for _ in range(5))
