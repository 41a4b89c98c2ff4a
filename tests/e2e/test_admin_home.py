"""The admin's home in a browser: the cockpit under the security policy, the header's language
switcher applied as it is picked (by keyboard too) turning the admin right to left, and the
cockpit in one column on a phone without sideways scrolling."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ceremony.services.organisers import organiser_create
from delegations.enums import AccreditationStatus
from tests import factories
from tests.e2e.support import WatchedPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(browser, live_server):
    """An organiser's tab, signed in, and the event their cockpit shows."""
    event = factories.EventFactory(acronym="HOME")
    factories.DelegateFactory.create_batch(
        3, delegation__event=event, accreditation_status=AccreditationStatus.SUBMITTED
    )
    client = Client()
    client.force_login(organiser_create(username="organiser", password="Hanoi-2025-organiser"))

    def tab(width):
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return WatchedPage(context)

    return tab


def test_the_cockpit_switches_to_arabic_from_its_header(signed_in, live_server, screenshot):
    watched = signed_in(1280)
    page = watched.page
    page.goto(live_server.url + reverse("admin:index"))
    assert page.locator("h1").inner_text() == "Cockpit: HOME"
    assert page.locator(".cockpit-attention .cockpit-count").first.inner_text() == "3"
    assert page.locator(".cockpit-step").count() == 6
    screenshot(page, "admin-home-en-1280")
    page.focus("#language")
    with page.expect_navigation():
        page.select_option("#language", "ar")
    assert page.url == live_server.url + reverse("admin:index")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    screenshot(page, "admin-home-ar-1280")
    assert watched.problems() == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_cockpit_is_one_column(signed_in, live_server, screenshot, language):
    watched = signed_in(390)
    page = watched.page
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("admin:index"))
    steps = page.locator(".cockpit-step")
    lefts = {round(steps.nth(index).bounding_box()["x"]) for index in range(steps.count())}
    assert len(lefts) == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"admin-home-{language}-390")
    assert watched.problems() == []
