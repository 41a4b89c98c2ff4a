"""The schedule editor in a real browser, under the site's policy: a session dragged to a free
slot is saved; dragged onto a room already taken it is refused with the reason shown and
nothing saved; moved with the keyboard it is saved too."""

from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sessions.models import Session
from tests import factories
from tests.e2e.support import WatchedPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2025, 10, 25)
SLOT_PIXELS = 8


def at(hour, minute=0):
    return datetime.combine(DAY, time(hour, minute), tzinfo=factories.HANOI)


@pytest.fixture
def programme():
    event = factories.EventFactory(
        start_date=DAY, end_date=DAY, day_opens=time(9), day_closes=time(18)
    )
    venue = factories.VenueFactory(event=event)
    hall = factories.RoomFactory(venue=venue, name="Hall", capacity=500)
    small = factories.RoomFactory(venue=venue, name="Small", capacity=80)
    plenary = factories.SessionFactory(
        event=event, room=hall, start=at(10), duration_minutes=60, title="Plenary"
    )
    talk = factories.SessionFactory(
        event=event, room=small, start=at(10), duration_minutes=60, title="Cyber talk"
    )
    return event, hall, small, plenary, talk


@pytest.fixture
def editor(browser, live_server, programme):
    user = factories.UserFactory(username="planner", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    watch = WatchedPage(context)
    event = programme[0]
    url = reverse("admin:ceremony_event_schedule", args=[event.pk])
    watch.page.goto(f"{live_server.url}{url}?day={DAY.isoformat()}")
    watch.page.wait_for_load_state("networkidle")
    yield watch
    context.close()


def drag(page, session, room, hour, minute=0):
    """Drag the session's block by its title so that its top lands on ``hour:minute``."""
    handle = page.locator(f"#sg-block-{session.pk} .sg-handle")
    block = page.locator(f"#sg-block-{session.pk}").bounding_box()
    grip = handle.bounding_box()
    body = page.locator(f'.sg-drop[data-room="{room.pk}"]').bounding_box()
    x, y = grip["x"] + 10, grip["y"] + grip["height"] / 2
    rows = ((hour - 9) * 60 + minute) // 5
    target_y = body["y"] + rows * SLOT_PIXELS + (y - block["y"])
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 5, y + 5, steps=3)
    page.mouse.move(body["x"] + body["width"] / 2, target_y, steps=12)
    page.mouse.up()


def problems_besides_refusals(watch):
    return [line for line in watch.problems() if "/schedule/move/" not in line]


def test_a_session_dragged_to_a_free_slot_is_saved(editor, programme, screenshot):
    """Dropped at 14:05, it starts at 14:00: starts move on the engine's quarter hours."""
    _event, hall, _small, _plenary, talk = programme
    drag(editor.page, talk, hall, 14, 5)
    editor.page.wait_for_selector(".sg-note-saved")
    talk.refresh_from_db()
    assert (talk.room, talk.start) == (hall, at(14))
    block = editor.page.locator(f'.sg-drop[data-room="{hall.pk}"] #sg-block-{talk.pk}')
    assert block.count() == 1
    assert "14:00" in block.inner_text()
    screenshot(editor.page, "schedule-editor-dragged")
    assert editor.problems() == []


def test_a_session_dragged_onto_a_taken_room_is_refused(editor, programme, screenshot):
    _event, hall, small, _plenary, talk = programme
    drag(editor.page, talk, hall, 10, 30)
    note = editor.page.wait_for_selector(".sg-note-refused")
    assert "Plenary" in note.inner_text()
    assert "Plenary" in editor.page.inner_text("#sg-status")
    talk.refresh_from_db()
    assert (talk.room, talk.start) == (small, at(10))
    assert editor.page.locator(f'.sg-drop[data-room="{small.pk}"] #sg-block-{talk.pk}').count()
    screenshot(editor.page, "schedule-editor-refused")
    assert problems_besides_refusals(editor) == []


def test_a_session_moved_with_the_keyboard_is_saved(editor, programme):
    _event, hall, small, _plenary, talk = programme
    page = editor.page
    page.focus(f"#sg-block-{talk.pk} .sg-handle")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("ArrowDown")
    assert "10:45" in page.inner_text("#sg-status")
    page.keyboard.press("Enter")
    page.wait_for_selector(".sg-note-saved")
    talk.refresh_from_db()
    assert (talk.room, talk.start) == (small, at(10, 45))
    assert page.evaluate("document.activeElement.closest('.sg-block').id") == f"sg-block-{talk.pk}"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Escape")
    talk.refresh_from_db()
    assert talk.room == small
    assert Session.objects.get(pk=talk.pk).start == at(10, 45)
    assert editor.problems() == []
