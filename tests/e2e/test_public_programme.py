"""The public grid as a person sees it: in English and Arabic, on a desktop and on a phone."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from sessions.services.release import schedule_release
from tests.factories import EventFactory, RoomFactory, SessionFactory
from tests.sessions.support.exports import DAY_2, at

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def grid_event():
    event = EventFactory(slug="grid", start_date=DAY_2, end_date=DAY_2)
    hall = RoomFactory(venue__event=event, name="Plenary Hall", capacity=900)
    rooms = [RoomFactory(venue=hall.venue, name=f"Room {n}", capacity=100) for n in (1, 2, 3)]
    for n, room in enumerate(rooms, start=1):
        SessionFactory(
            event=event, kind="side_event", room=room, start=at(DAY_2, 9), title=f"Side {n}"
        )
    SessionFactory(event=event, kind="plenary", room=hall, start=at(DAY_2, 10), title="Plenary")
    schedule_release(event=event)
    return event


def _day(event, language):
    """The day's page at its address in ``language`` (/ar/events/...)."""
    with translation.override(language):
        return reverse("public-day", args=[event.slug, DAY_2.isoformat()])


def _open(browser, live_server, event, language, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + _day(event, language))
    return context, page


def _boxes(page, titles):
    return {title: page.get_by_role("link", name=title).bounding_box() for title in titles}


def _overlap(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_grid_on_a_desktop_side_by_side_in_reading_order(
    live_server, browser, grid_event, screenshot, language
):
    context, page = _open(browser, live_server, grid_event, language, DESKTOP)
    assert page.locator("table.grid").is_visible()
    assert not page.locator("ul.list-view").is_visible()
    boxes = _boxes(page, ["Side 1", "Side 2", "Side 3", "Plenary"])
    sides = [boxes[f"Side {n}"] for n in (1, 2, 3)]
    assert len({round(box["y"]) for box in sides}) == 1  # parallel: one row
    for index, box in enumerate(sides):
        for other in sides[index + 1 :]:
            assert not _overlap(box, other)
    xs = [box["x"] for box in sides]
    # Rooms follow the reading direction: left to right in English, right to left in Arabic.
    assert xs == (sorted(xs) if language == "en" else sorted(xs, reverse=True))
    assert boxes["Plenary"]["y"] > sides[0]["y"]
    screenshot(page, f"public-grid-{language}-desktop")
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_grid_on_a_phone_is_a_list(live_server, browser, grid_event, screenshot, language):
    context, page = _open(browser, live_server, grid_event, language, PHONE)
    assert not page.locator("table.grid").is_visible()
    lines = page.locator("ul.list-view li")
    assert lines.count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    screenshot(page, f"public-grid-{language}-phone")
    context.close()


def test_the_language_switch_keeps_the_page(live_server, browser, grid_event):
    context, page = _open(browser, live_server, grid_event, "en", DESKTOP)
    menu = page.locator("details.language")
    arabic = get_language_info("ar")["name_local"]
    assert not menu.get_by_role("link", name=arabic).is_visible()
    # By keyboard: the menu opens with Enter, and its links are reached with Tab.
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    menu.get_by_role("link", name=arabic).click()
    page.wait_for_selector("html[dir=rtl]")
    assert page.url == live_server.url + _day(grid_event, "ar")
    # Back to English from the Arabic page, where the reader's browser asked for neither.
    page.locator("details.language summary").click()
    page.get_by_role("link", name="English").click()
    page.wait_for_selector("html[dir=ltr]")
    assert page.url == live_server.url + _day(grid_event, "en")
    context.close()


def test_the_changelog_lists_versions(live_server, browser, grid_event):
    session = grid_event.sessions.get(title="Side 1")
    session.start = at(DAY_2, 14)
    session.save()
    schedule_release(event=grid_event, note="Side 1 after lunch")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + reverse("public-changes", args=[grid_event.slug]))
    headings = page.locator("section.release h2").all_inner_texts()
    assert headings[0].startswith("Version 2") and headings[1].startswith("Version 1")
    assert page.get_by_text("Side 1 after lunch").is_visible()
    context.close()
