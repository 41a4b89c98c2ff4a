"""The public pages checked by axe-core (Deque's accessibility engine, from the npm registry:
`make vendor` installs it into node_modules) against WCAG 2.1 A and AA: landmarks, headings,
names of links and fields, contrast, language of the page, in English and in Arabic, on a
desktop and on a phone."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from sessions.services.release import schedule_release
from tests.factories import (
    DelegateFactory,
    EventFactory,
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
)
from tests.sessions.support.exports import DAY_2, at

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
#: What a person would be stopped by; "minor" findings are reported, not failed.
BLOCKING = {"serious", "critical", "moderate"}


@pytest.fixture
def programme():
    event = EventFactory(slug="a11y", start_date=DAY_2, end_date=DAY_2, name="Accessible event")
    hall = RoomFactory(venue__event=event, name="Plenary Hall", capacity=900)
    small = RoomFactory(venue=hall.venue, name="Room 1", capacity=100)
    panel = SessionFactory(
        event=event,
        kind="high_level_panel",
        room=hall,
        start=at(DAY_2, 10),
        title="Panel",
        description="What the panel is about.",
        interpretation="full",
    )
    SessionFactory(event=event, kind="side_event", room=small, start=at(DAY_2, 10), title="Side")
    speaker = DelegateFactory(delegation__event=event, family_name="Nguyen")
    SessionRoleFactory(session=panel, delegate=speaker, role="speaker")
    schedule_release(event=event)
    return event, panel, speaker


def pages(event, panel, speaker):
    yield "public-index", []
    yield "public-home", [event.slug]
    yield "public-day", [event.slug, DAY_2.isoformat()]
    yield "public-session", [event.slug, panel.slug]
    yield "public-person", [event.slug, speaker.pk]
    yield "public-changes", [event.slug]
    yield "public-search", [event.slug]
    yield "signatories", [event.slug]
    yield "public-widget", [event.slug]
    yield "public-embed-day", [event.slug, DAY_2.isoformat()]


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            }));
        }"""
    )
    return [violation for violation in found if violation["impact"] in BLOCKING]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_public_pages_pass_axe(live_server, browser, programme, language, viewport):
    assert AXE.exists(), "axe-core is missing: `make vendor` installs it (npm ci)"
    # The page's own security policy would refuse the injected engine: only the check bypasses it.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    problems = {}
    for name, args in pages(*programme):
        with translation.override(language):
            url = reverse(name, args=args)
        page.goto(live_server.url + url)
        violations = axe_violations(page)
        if violations:
            problems[url] = violations
    context.close()
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)
