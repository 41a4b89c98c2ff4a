"""The programme on other sites: the widget's script, the embed pages for an iframe, the page
with both snippets, and the JSON feed the script reads from any site."""

import gzip
import json
import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sessions.enums import SessionKind
from sessions.services.release import schedule_release
from tests.factories import (
    DelegateFactory,
    EventFactory,
    RoomFactory,
    SessionFactory,
    SessionRegistrationFactory,
    SessionRoleFactory,
)
from tests.sessions.support.exports import DAY_1, DAY_2, at

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def policy_of(response):
    parts = response["Content-Security-Policy"].split(";")
    return dict(part.strip().split(" ", 1) for part in parts)


def config_of(script):
    """The settings the view writes into the script (a JSON literal at its end)."""
    text = script.decode()
    return json.loads(text[text.rindex("})(") + 3 : text.rindex(");")])


# What other sites read ---------------------------------------------------------------------


def test_nothing_private_reaches_other_sites(exports_event, released_programme, client):
    """The feed, the script and the embed pages name the chairs and speakers (as the public
    pages do) and nothing else of anyone: no e-mail, phone, needs, and no registrant."""
    speaker = DelegateFactory(
        delegation__event=exports_event,
        family_name="Publicspeaker",
        email="speaker@private.example",
        phone="+84 900 000 001",
        dietary_needs="Secretdiet",
        accessibility_needs="Secretaccess",
        function="Secretfunction",
    )
    SessionRoleFactory(session=released_programme["panel"], delegate=speaker)
    registrant = DelegateFactory(
        delegation__event=exports_event,
        delegation__name="Hiddenland mission",
        family_name="Registrantonly",
        email="registrant@private.example",
    )
    SessionRegistrationFactory(session=released_programme["panel"], delegate=registrant)
    panel = released_programme["panel"]
    panel.start += timedelta(hours=1)
    panel.save()
    schedule_release(event=exports_event)
    bodies = [
        client.get(url("schedule-feed-json", exports_event.slug)).content.decode(),
        client.get(url("public-widget-js", exports_event.slug)).content.decode(),
        client.get(url("public-embed", exports_event.slug)).content.decode(),
        client.get(url("public-embed-day", exports_event.slug, DAY_1.isoformat())).content.decode(),
        client.get(url("public-widget", exports_event.slug)).content.decode(),
    ]
    assert "publicspeaker" in bodies[0].casefold()
    for body in bodies:
        for secret in (
            "private.example",
            "+84 900",
            "Secretdiet",
            "Secretaccess",
            "Secretfunction",
            "Registrantonly",
            "Hiddenland",
        ):
            assert secret.casefold() not in body.casefold()


# The script -------------------------------------------------------------------------------------


def test_the_script_names_its_feed_and_pages_in_its_language(
    exports_event, released_programme, client
):
    response = client.get(url("public-widget-js", exports_event.slug, language="fr"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert re.fullmatch(r"public, max-age=\d+", response["Cache-Control"])
    config = config_of(response.content)
    assert config["feed"] == url("schedule-feed-json", exports_event.slug, language="fr")
    assert config["programme"] == url("public-home", exports_event.slug, language="fr")
    assert config["script"] == url("public-widget-js", exports_event.slug, language="fr")
    assert config["published"] is True
    assert config["direction"] == "ltr" and config["language"] == "fr"
    assert config["locale"] == "fr-u-nu-latn"
    with translation.override("fr"):
        assert config["kinds"]["side_event"] == str(SessionKind.SIDE_EVENT.label)
    hall, small = released_programme["hall"], released_programme["small"]
    assert config["rooms"] == {f"room-{hall.pk}": "Plenary Hall", f"room-{small.pk}": "Room 2"}
    assert ":host" in config["css"]
    body = response.content.decode()
    assert "eval(" not in body and "innerHTML" not in body and "new Function" not in body


def test_the_script_in_arabic_runs_right_to_left_with_arabic_room_names(exports_event, client):
    hall = RoomFactory(venue__event=exports_event, name="Plenary Hall", name_ar="القاعة العامة")
    SessionFactory(event=exports_event, room=hall, start=at(DAY_1, 9), title="Opening")
    schedule_release(event=exports_event)
    config = config_of(
        client.get(url("public-widget-js", exports_event.slug, language="ar")).content
    )
    assert config["direction"] == "rtl" and config["locale"] == "ar-u-nu-latn"
    assert config["rooms"] == {f"room-{hall.pk}": "القاعة العامة"}
    assert config["feed"].startswith("/ar/events/")


def test_the_script_is_revalidated_and_changes_with_each_release(
    exports_event, released_programme, client, django_assert_num_queries
):
    address = url("public-widget-js", exports_event.slug)
    first = client.get(address)
    with django_assert_num_queries(1):
        again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    compressed = client.get(address, HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == first.content
    assert "Accept-Encoding" in compressed["Vary"]
    released_programme["small"].name = "Room Two"
    released_programme["small"].save()
    released_programme["panel"].start += timedelta(hours=1)
    released_programme["panel"].save()
    schedule_release(event=exports_event)
    newer = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert newer.status_code == 200 and newer["ETag"] != first["ETag"]
    assert "Room Two" in config_of(newer.content)["rooms"].values()


def test_the_script_before_a_release_says_so_and_unknown_events_are_404(client):
    event = EventFactory(slug="early")
    SessionFactory(event=event, title="Draft panel")
    response = client.get(url("public-widget-js", event.slug))
    assert response.status_code == 200
    config = config_of(response.content)
    assert config["published"] is False and config["rooms"] == {}
    assert client.get(url("public-widget-js", "no-such-event")).status_code == 404
    assert client.get("/xx/events/early/widget.js").status_code == 404
    assert client.post(url("public-widget-js", event.slug)).status_code == 405


# The embed pages --------------------------------------------------------------------------------


def test_only_the_embed_pages_may_be_framed(exports_event, released_programme, client, settings):
    for address in (
        url("public-embed", exports_event.slug),
        url("public-embed-day", exports_event.slug, DAY_2.isoformat()),
    ):
        response = client.get(address)
        assert response.status_code == 200
        assert policy_of(response)["frame-ancestors"] == "'self' https:"
        assert "X-Frame-Options" not in response
        # The rest of the policy is the site's: no inline script or style, nothing from afar.
        assert policy_of(response)["script-src"] == "'self'"
        assert policy_of(response)["style-src"] == "'self'"
    settings.WIDGET_FRAME_ANCESTORS = ["'self'", "https://www.mofa.gov.vn", "https://*.gov.vn"]
    response = client.get(url("public-embed", exports_event.slug, language="ar"))
    assert policy_of(response)["frame-ancestors"] == (
        "'self' https://www.mofa.gov.vn https://*.gov.vn"
    )
    for address in (
        url("public-home", exports_event.slug),
        url("public-day", exports_event.slug, DAY_2.isoformat()),
        url("public-widget", exports_event.slug),
        url("schedule-feed-json", exports_event.slug),
        url("public-widget-js", exports_event.slug),
        url("public-embed", "no-such-event"),
    ):
        response = client.get(address)
        assert policy_of(response)["frame-ancestors"] == "'none'", address
        assert response["X-Frame-Options"] == "DENY", address


def test_the_embed_page_shows_the_day_with_links_to_the_planner(
    exports_event, released_programme, client
):
    response = client.get(url("public-embed-day", exports_event.slug, DAY_1.isoformat()))
    body = response.content.decode()
    assert "Opening" in body and "Panel" in body and "Side event" not in body
    panel = released_programme["panel"]
    link = url("public-session", exports_event.slug, panel.slug)
    assert f'href="{link}" target="_blank" rel="noopener"' in body
    # The days stay within the frame; the page itself is not for search engines.
    day_2 = url("public-embed-day", exports_event.slug, DAY_2.isoformat())
    assert f'href="{day_2}"' in body
    assert '<meta name="robots" content="noindex">' in body
    assert "<script" not in body and "style=" not in body
    filtered = client.get(
        url("public-embed-day", exports_event.slug, DAY_1.isoformat()), {"kind": "opening"}
    ).content.decode()
    assert ">Opening<" in filtered and ">Panel<" not in filtered
    assert f'href="{day_2}?kind=opening"' in filtered


def test_a_wrong_filter_of_the_embed_page_says_so_and_shows_the_day(
    exports_event, released_programme, client
):
    response = client.get(
        url("public-embed-day", exports_event.slug, DAY_1.isoformat()), {"room": "room-0"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Room: Select a valid choice" in body
    assert ">Opening<" in body and ">Panel<" in body


def test_the_embed_page_opens_on_today_during_the_event(
    exports_event, released_programme, client, monkeypatch
):
    address = url("public-embed", exports_event.slug)
    assert "Saturday 25 October 2025" in client.get(address).content.decode()
    monkeypatch.setattr(timezone, "now", lambda: at(DAY_2, 10))
    # The page is kept rendered for a minute (sessions.views.caching): the next day shows once
    # it is rendered again.
    for store in caches.all():
        store.clear()
    assert "Sunday 26 October 2025" in client.get(address).content.decode()


def test_the_embed_page_in_arabic_right_to_left(exports_event, released_programme, client):
    body = client.get(url("public-embed", exports_event.slug, language="ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in body


@pytest.mark.parametrize(
    "address",
    [
        lambda event: url("public-embed", "no-such-event"),
        lambda event: url("public-embed-day", "no-such-event", "2025-10-25"),
        lambda event: url("public-embed-day", event.slug, "2025-10-30"),
        lambda event: url("public-embed-day", event.slug, "2025-13-01"),
        lambda event: url("public-embed-day", event.slug, "tomorrow"),
        lambda event: f"/xx/events/{event.slug}/embed/",
        lambda event: f"/de/events/{event.slug}/embed/2025-10-25/",
        lambda event: url("public-widget", "no-such-event"),
    ],
)
def test_unknown_events_days_and_languages_are_404(
    exports_event, released_programme, client, address
):
    assert client.get(address(exports_event)).status_code == 404


def test_the_embed_page_before_a_release_says_so(client):
    event = EventFactory(slug="early")
    SessionFactory(event=event, title="Draft panel")
    response = client.get(url("public-embed", event.slug))
    assert response.status_code == 200
    body = response.content.decode()
    assert "has not been published yet" in body and "Draft panel" not in body
    assert "X-Frame-Options" not in response
    assert client.get(url("public-embed-day", event.slug, "2025-10-25")).status_code == 404


# The page with the snippets ----------------------------------------------------------------


def test_every_public_page_links_to_the_snippets(exports_event, released_programme, client):
    body = client.get(url("public-home", exports_event.slug)).content.decode()
    assert f'href="{url("public-widget", exports_event.slug)}"' in body


def test_the_snippets_for_a_language_and_options(exports_event, released_programme, client):
    small = released_programme["small"]
    response = client.get(
        url("public-widget", exports_event.slug),
        {
            "language": "ar",
            "day": DAY_1.isoformat(),
            "kind": "high_level_panel",
            "room": f"room-{small.pk}",
            "limit": "5",
            "height": "480",
        },
    )
    assert response.status_code == 200
    snippets = response.context["snippets"]
    widget = "http://testserver" + url("public-widget-js", exports_event.slug, language="ar")
    assert snippets["script"] == (
        f'<script src="{widget}" data-day="2025-10-25" data-kind="high_level_panel" '
        f'data-room="room-{small.pk}" data-limit="5" data-height="480" async></script>'
    )
    embed = "http://testserver" + url(
        "public-embed-day", exports_event.slug, "2025-10-25", language="ar"
    )
    assert snippets["frame"].startswith(
        f'<iframe src="{embed}?kind=high_level_panel&amp;room=room-{small.pk}" '
    )
    assert 'height="480"' in snippets["frame"] and 'style="border: 0"' in snippets["frame"]
    body = response.content.decode()
    # Shown as text to copy, and live below it from this site's own addresses, with no style
    # attribute (the site's policy allows none).
    assert "&lt;script src=&quot;http://testserver/ar/events/" in body
    preview = body[body.index('id="preview"') :]
    assert f'<script src="{url("public-widget-js", exports_event.slug, language="ar")}"' in preview
    assert 'class="embed-preview"' in preview and "style=" not in preview


def test_the_snippets_by_default_and_a_wrong_choice_is_a_field_error(
    exports_event, released_programme, client
):
    response = client.get(url("public-widget", exports_event.slug, language="fr"))
    snippets = response.context["snippets"]
    assert snippets["script"] == (
        f'<script src="http://testserver/fr/events/{exports_event.slug}/widget.js" async></script>'
    )
    assert f"/fr/events/{exports_event.slug}/embed/" in snippets["frame"]
    assert 'height="600"' in snippets["frame"]
    response = client.get(
        url("public-widget", exports_event.slug), {"language": "xx", "day": "2031-01-01"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"language", "day"}
    assert "/en/events/" in response.context["snippets"]["script"]


def test_the_snippets_page_before_a_release_says_so(client):
    event = EventFactory(slug="early")
    response = client.get(url("public-widget", event.slug))
    assert response.status_code == 200
    assert "has not been published yet" in response.content.decode()


# Speed ------------------------------------------------------------------------------------------


def _released(event, sessions):
    hall = RoomFactory(venue__event=event, name="Hall", capacity=5000)
    rooms = [RoomFactory(venue=hall.venue, name=f"Room {n:02d}") for n in range(10)]
    for n in range(sessions):
        session = SessionFactory(
            event=event,
            room=rooms[n % 10],
            start=at(DAY_1, 8) + timedelta(minutes=15 * (n // 10)),
            duration_minutes=15,
            title=f"Session {n}",
            slug=f"session-{n}",
        )
        SessionRoleFactory(session=session, delegate__delegation__event=event)
    schedule_release(event=event)


def _queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["public-embed", "public-embed-day", "public-widget", "js"])
def test_queries_per_page_do_not_grow_with_the_programme(client, name):
    counts = []
    for size in (5, 500):
        event = EventFactory(slug=f"size-{size}", start_date=DAY_1, end_date=DAY_1)
        _released(event, size)
        address = {
            "public-embed": lambda slug: url("public-embed", slug),
            "public-embed-day": lambda slug: url("public-embed-day", slug, DAY_1.isoformat()),
            "public-widget": lambda slug: url("public-widget", slug),
            "js": lambda slug: url("public-widget-js", slug),
        }[name](event.slug)
        counts.append((_queries(client, address), _queries(client, address)))
    assert counts[0] == counts[1], counts
    if name == "js":
        assert counts[0][1] == 1  # the release's number; the rendering is kept
