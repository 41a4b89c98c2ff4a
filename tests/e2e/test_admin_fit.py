"""At 1,280 px, every changelist of the planner keeps its columns on the page (no sideways
scrolling of the page or of the table's box), in English and in Arabic (right to left), with
the long names of a real event (the URL walk's world, its texts made as long as real ones)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.security import world as walk_world
from tests.test_admin import ADMINS, _url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = {
    "delegations.Delegation": {"name": "United Kingdom of Great Britain and Northern Ireland"},
    "delegations.Delegate": {
        "family_name": "ABDULRAHMAN AL-MUHAIRI",
        "given_name": "Sheikha Mariam Mohammed Khalfan",
        "function": "Permanent Representative to the United Nations Office at Geneva",
    },
    "programme.Session": {
        "title": "High-level panel on cross-border cooperation against cybercrime and "
        "electronic evidence in criminal matters"
    },
    "ceremony.Venue": {"name": "National Convention Center, Me Tri, Nam Tu Liem, Hanoi"},
    "ceremony.Room": {"name": "Plenary Hall 1 (Ground floor, west wing, interpretation booths)"},
    "ceremony.WebhookEndpoint": {
        "url": "https://registration.unodc.example.org/hooks/treaty-events/hanoi-2025/signing",
        "description": "Accreditation office of the Secretariat, Vienna International Centre",
    },
    "ceremony.RoomUnavailability": {"reason": "Set-up of the signing table and the press riser"},
}

#: What the page measures: the page's own overflow, the table's box and its right edge.
MEASURE = """() => {
  const page = document.documentElement;
  const table = document.querySelector('#result_list');
  const box = table && table.closest('.results');
  const edge = table && table.getBoundingClientRect();
  return {
    page: [page.scrollWidth, page.clientWidth],
    box: box ? [box.scrollWidth, box.clientWidth] : null,
    edge: edge ? [Math.floor(edge.left), Math.ceil(edge.right)] : null,
  };
}"""


@pytest.fixture
def world():
    return walk_world.build()


def lengthen():
    from django.apps import apps

    for label, texts in LONG.items():
        apps.get_model(label).objects.update(**texts)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_changelist_fits_a_laptop_screen(
    browser,
    live_server,
    world,
    organiser,
    language,
):
    lengthen()
    client = Client()
    client.force_login(organiser)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {"name": name, "value": value, "url": live_server.url}
            for name, value in (
                (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value),
                (settings.LANGUAGE_COOKIE_NAME, language),
            )
        ]
    )
    page = context.new_page()
    overflowing = []
    rows_seen = 0
    for model in ADMINS:
        page.goto(live_server.url + _url(model, "changelist"))
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        measured = page.evaluate(MEASURE)
        if measured["edge"] is None:
            continue
        rows_seen += 1
        page_width, viewport = measured["page"]
        box_scroll, box_width = measured["box"]
        left, right = measured["edge"]
        if page_width > viewport or box_scroll > box_width or left < 0 or right > viewport:
            overflowing.append(f"{model._meta.label}: {measured}")
    context.close()
    assert rows_seen >= len(ADMINS) - 2
    assert not overflowing, overflowing
