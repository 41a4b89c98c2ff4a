"""The programme on another site, as a visitor of that site sees it: a host page served from
another origin (its own little server, with its own Content-Security-Policy and styles that
would spoil ours) includes the widget's script, or frames the embed page; in English and in
Arabic, on a phone and on a desktop, with no error in the console and nothing refused."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from sessions.services.release import schedule_release
from tests.e2e.support import WatchedPage
from tests.factories import EventFactory, RoomFactory, SessionFactory
from tests.sessions.support.exports import DAY_1, DAY_2, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


#: The host's own styles: a serif font, red links, inline list items. None may reach the widget.
HOST_CSS = b"""
body { font-family: Georgia, serif; margin: 0 auto; max-width: 62rem; padding: 1rem;
  background: #fbfaf4; color: #333; font-size: 20px; line-height: 2; }
header { border-bottom: 3px double #7a1f1f; margin-bottom: 1rem; }
a { color: rgb(255, 0, 0) !important; font-size: 30px; }
li { display: inline; list-style: square; }
button { background: black; color: yellow; }
iframe { display: block; }
"""

TITLES = {
    "Side 1": "فعالية جانبية ١",
    "Side 2": "فعالية جانبية ٢",
    "Plenary": "الجلسة العامة",
    "Opening": "الجلسة الافتتاحية",
    "Closing": "الجلسة الختامية",
}


@pytest.fixture
def widget_event():
    """Two days: the opening and two parallel side events on the first, the plenary and the
    closing on the second; titles and rooms in English and Arabic."""
    event = EventFactory(
        slug="hanoi",
        name="Hanoi Convention",
        name_ar="اتفاقية هانوي",
        start_date=DAY_1,
        end_date=DAY_2,
    )
    hall = RoomFactory(
        venue__event=event, name="Plenary Hall", name_ar="القاعة العامة", capacity=900
    )
    rooms = [
        RoomFactory(venue=hall.venue, name=f"Room {n}", name_ar=f"القاعة {n}", capacity=100)
        for n in (1, 2)
    ]
    SessionFactory(
        event=event,
        kind="opening",
        room=hall,
        start=at(DAY_1, 9),
        title="Opening",
        title_ar=TITLES["Opening"],
    )
    for n, room in enumerate(rooms, start=1):
        SessionFactory(
            event=event,
            kind="side_event",
            room=room,
            start=at(DAY_1, 11),
            title=f"Side {n}",
            title_ar=TITLES[f"Side {n}"],
        )
    SessionFactory(
        event=event,
        kind="plenary",
        room=hall,
        start=at(DAY_2, 10),
        title="Plenary",
        title_ar=TITLES["Plenary"],
    )
    SessionFactory(
        event=event,
        kind="closing",
        room=hall,
        start=at(DAY_2, 16),
        title="Closing",
        title_ar=TITLES["Closing"],
    )
    schedule_release(event=event)
    return event


@pytest.fixture
def host_site():
    """Another origin (127.0.0.1 on a port of its own, where the planner is localhost): the
    pages it serves are set by the test, each with the host's own security policy."""
    pages = {}

    class Host(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            if self.path == "/host.css":
                body, kind, policy = HOST_CSS, "text/css", None
            elif self.path in pages:
                body, policy = pages[self.path]
                kind = "text/html; charset=utf-8"
            else:
                self.send_response(204)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if policy:
                self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(origin=f"http://127.0.0.1:{server.server_port}", pages=pages)
    server.shutdown()
    server.server_close()


@pytest.fixture
def planner(live_server, host_site, settings):
    """The planner at its live address, which its feeds name, letting the host frame it."""
    settings.PUBLIC_URL = f"{live_server.url}/"
    settings.WIDGET_FRAME_ANCESTORS = ["'self'", host_site.origin]
    assert host_site.origin.split(":")[:2] != live_server.url.split(":")[:2]
    return live_server


def host_page(host_site, planner, *, path, language, body_html):
    """A page of the host's site, with a strict policy of its own that lets in only the
    planner's script, its feed and its frame."""
    policy = (
        f"default-src 'self'; script-src 'self' {planner.url}; connect-src {planner.url}; "
        f"style-src 'self'; frame-src {planner.url}; img-src 'self'"
    )
    html = f"""<!doctype html>
<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ministry of Foreign Affairs</title><link rel="stylesheet" href="/host.css"></head>
<body><header><p>Ministry of Foreign Affairs · Press centre</p></header>
<main><h1>The signing ceremony</h1><p>The programme of the two days:</p>
{body_html}
<p>The host's text after the programme.</p></main></body></html>"""
    host_site.pages[path] = (html.encode(), policy)
    return f"{host_site.origin}{path}"


def address(name, *args, language):
    with translation.override(language):
        return reverse(name, args=args)


class Visitor(WatchedPage):
    """A tab of the host's visitor: what its console said and what its policy refused."""

    def __init__(self, browser, viewport):
        self.context = browser.new_context(viewport=viewport)
        super().__init__(self.context)


def _script_tag(planner, event, language, attributes=""):
    src = planner.url + address("public-widget-js", event.slug, language=language)
    return f'<script src="{src}"{attributes} async></script>'


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_script_draws_the_programme_in_the_host_page(
    browser, planner, host_site, widget_event, screenshot, language, viewport
):
    url = host_page(
        host_site,
        planner,
        path=f"/script-{language}.html",
        language=language,
        body_html=_script_tag(planner, widget_event, language),
    )
    visitor = Visitor(browser, viewport)
    page = visitor.page
    page.goto(url)
    page.locator(".treaty-programme .session").first.wait_for()
    frame = page.locator(".treaty-programme .frame")
    assert frame.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert frame.get_attribute("lang") == language

    def title(english):
        return TITLES[english] if language == "ar" else english

    screenshot(page, f"widget-script-{language}-{'phone' if viewport is PHONE else 'desktop'}")
    # The first day, as the event is over: its three sessions in order of time, then of room.
    lines = page.locator(".treaty-programme .session")
    assert lines.count() == 3
    assert title("Opening") in lines.nth(0).inner_text()
    assert title("Side 1") in lines.nth(1).inner_text()
    assert title("Side 2") in lines.nth(2).inner_text()
    assert "09:00–10:00" in lines.nth(0).inner_text()
    link = page.locator(".treaty-programme a", has_text=title("Side 1"))
    session = widget_event.sessions.get(title="Side 1")
    assert link.get_attribute("href") == planner.url + address(
        "public-session", widget_event.slug, session.slug, language=language
    )
    assert link.get_attribute("target") == "_blank"
    # None of the host's styles came in: its links are red and large, the widget's are not.
    color, size = link.evaluate("a => [getComputedStyle(a).color, getComputedStyle(a).fontSize]")
    assert color != "rgb(255, 0, 0)" and size != "30px"
    # Days as tabs: the second day on a click, in the host page, with no reload.
    tabs = page.locator(".treaty-programme [role=tab]")
    assert tabs.count() == 2 and tabs.nth(0).get_attribute("aria-selected") == "true"
    tabs.nth(1).click()
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    assert lines.count() == 2 and title("Plenary") in lines.nth(0).inner_text()
    tabs.nth(1).press("Home")
    assert tabs.nth(0).get_attribute("aria-selected") == "true" and lines.count() == 3

    if viewport is DESKTOP:
        when = lines.nth(0).locator(".when").bounding_box()
        what = lines.nth(0).locator(".what").bounding_box()
        # Time first in the reading direction: on the left in English, on the right in Arabic.
        assert (when["x"] < what["x"]) == (language == "en")
        boxes = [tab.bounding_box() for tab in tabs.all()]
        assert (boxes[0]["x"] < boxes[1]["x"]) == (language == "en")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    box = frame.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert visitor.problems() == []
    visitor.context.close()


def test_the_script_options_narrow_the_programme(browser, planner, host_site, widget_event):
    hall = widget_event.venues.get().rooms.get(name="Plenary Hall")
    url = host_page(
        host_site,
        planner,
        path="/options.html",
        language="en",
        body_html='<div id="programme-here"></div>'
        + _script_tag(
            planner,
            widget_event,
            "en",
            f' data-day="2025-10-26" data-room="room-{hall.pk}" data-limit="1"'
            ' data-target="#programme-here" data-title="false"',
        )
        + _script_tag(
            planner,
            widget_event,
            "en",
            ' data-kind="side_event,workshop" data-tabs="false" data-height="120"',
        ),
    )
    visitor = Visitor(browser, DESKTOP)
    page = visitor.page
    page.goto(url)
    page.locator("#programme-here .session").first.wait_for()
    # Only the hall's sessions, so only days with one: both; the second first, one session.
    tabs = page.locator("#programme-here [role=tab]")
    assert tabs.count() == 2 and tabs.nth(1).get_attribute("aria-selected") == "true"
    lines = page.locator("#programme-here .session")
    assert lines.count() == 1 and "Plenary" in lines.nth(0).inner_text()
    more = page.locator("#programme-here .more a")
    assert more.get_attribute("href") == planner.url + address(
        "public-day", widget_event.slug, "2025-10-26", language="en"
    )
    assert page.locator("#programme-here .title").count() == 0
    # A second widget on the same page: side events only (all on the first day), no tabs, a
    # list that scrolls within its height.
    second = page.locator(".treaty-programme")
    second.locator(".session").first.wait_for()
    assert second.locator("[role=tab]").count() == 0
    assert second.locator(".day").inner_text() == "Saturday 25 October"
    assert second.locator(".session").count() == 2
    panel = second.locator(".panel")
    assert panel.evaluate("p => getComputedStyle(p).maxHeight") == "120px"
    assert panel.get_attribute("tabindex") == "0"
    assert visitor.problems() == []
    visitor.context.close()


def test_a_feed_that_cannot_be_read_is_said_in_words(
    browser, planner, host_site, widget_event, screenshot
):
    url = host_page(
        host_site,
        planner,
        path="/broken.html",
        language="en",
        body_html=_script_tag(planner, widget_event, "en"),
    )
    visitor = Visitor(browser, PHONE)
    page = visitor.page
    page.route("**/schedule.json", lambda route: route.abort())
    page.goto(url)
    alert = page.locator(".treaty-programme [role=alert]")
    alert.wait_for()
    assert "The programme could not be loaded." in alert.inner_text()
    assert alert.locator("a").get_attribute("href") == planner.url + address(
        "public-home", widget_event.slug, language="en"
    )
    screenshot(page, "widget-script-unreachable")
    visitor.context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_iframe_shows_the_programme_in_the_host_page(
    browser, planner, host_site, widget_event, screenshot, language, viewport
):
    src = planner.url + address("public-embed", widget_event.slug, language=language)
    url = host_page(
        host_site,
        planner,
        path=f"/frame-{language}.html",
        language=language,
        body_html=f'<iframe src="{src}" title="Programme" width="100%" height="520"></iframe>',
    )
    visitor = Visitor(browser, viewport)
    page = visitor.page
    page.goto(url)
    frame = page.frame_locator("iframe")
    frame.locator(".days").wait_for()
    opening = TITLES["Opening"] if language == "ar" else "Opening"
    if viewport is DESKTOP:
        assert frame.locator("table.grid").is_visible()
        assert frame.locator("table.grid td.session").count() == 3
        sides = [
            frame.locator(
                "table.grid a", has_text=TITLES[name] if language == "ar" else name
            ).bounding_box()
            for name in ("Side 1", "Side 2")
        ]
        assert round(sides[0]["y"]) == round(sides[1]["y"])
        assert (sides[0]["x"] < sides[1]["x"]) == (language == "en")
    else:
        assert not frame.locator("table.grid").is_visible()
        assert frame.locator(".lines li").count() == 3
    assert frame.locator("a", has_text=opening).first.get_attribute("target") == "_blank"
    assert frame.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    # The days are links within the frame: the second day opens in it.
    frame.locator(".days a").nth(1).click()
    frame.locator("h1", has_text="26").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"widget-iframe-{language}-{'phone' if viewport is PHONE else 'desktop'}")
    assert visitor.problems() == []
    visitor.context.close()


def test_the_embed_page_gives_the_snippets_with_a_live_preview(
    browser, planner, widget_event, screenshot
):
    """On the planner itself, under its own policy: the script's preview draws the programme
    and the iframe's shows the embed page, framed by the site itself."""
    visitor = Visitor(browser, DESKTOP)
    page = visitor.page
    page.goto(planner.url + address("public-home", widget_event.slug, language="en"))
    page.get_by_role("link", name="Embed this programme").click()
    page.select_option("#id_language", "ar")
    page.select_option("#id_day", "2025-10-26")
    page.get_by_role("button", name="Update the snippets").click()
    page.wait_for_load_state()
    snippet = page.locator("#snippet-script").inner_text()
    assert snippet.startswith(f'<script src="{planner.url}/ar/events/hanoi/widget.js"')
    assert 'data-day="2025-10-26"' in snippet
    preview = page.locator("#preview-script .treaty-programme .session")
    preview.first.wait_for()
    assert TITLES["Plenary"] in preview.first.inner_text()
    page.locator(".embed-preview").scroll_into_view_if_needed()
    frame = page.frame_locator(".embed-preview")
    frame.locator("table.grid").wait_for()
    assert frame.locator("h1").inner_text().endswith("2025")
    screenshot(page, "widget-snippets-page")
    assert visitor.problems() == []
    visitor.context.close()
