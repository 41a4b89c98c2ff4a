"""In a real browser, under the site's Content-Security-Policy: every page of the portal, the
admin (each model's list, form and history), the API docs and the door page loads without one
refused script, style or image, and without an error in the console; the door page's script
still scans a badge.

The world is the URL walk's (one of every object the admin shows); each person's session is
made by Django's test client and handed to the browser as its cookie.
"""

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from delegations.enums import AccreditationStatus
from sessions.models import CheckIn
from tests import factories
from tests.e2e.support import WatchedPage
from tests.security import world as walk_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    return walk_world.build()


class Visitor:
    """One person's browser tab: it opens pages and keeps what went wrong on each."""

    def __init__(self, browser, live_server, user=None):
        self.live_server = live_server
        self.context = browser.new_context()
        if user is not None:
            client = Client()
            client.force_login(user)
            self.context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        self.watch = WatchedPage(self.context)
        self.page = self.watch.page
        self.problems = []

    def visit(self, path, *, ready=None):
        self.watch.console.clear()
        response = self.page.goto(self.live_server.url + path)
        assert response is not None, path
        if ready:
            self.page.wait_for_selector(ready)
        self.page.wait_for_load_state("networkidle")
        refused = self.watch.refused()
        if "content-security-policy" not in response.headers:
            self.problems.append(f"{path}: no Content-Security-Policy header")
        self.problems += [f"{path}: refused {entry}" for entry in refused]
        self.problems += [f"{path}: {entry}" for entry in self.watch.console]
        return response


def superuser_visitor(browser, live_server):
    """An organiser who sees every model of the admin (the walk opens them all)."""
    user = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    return Visitor(browser, live_server, user)


def admin_pages(world):
    """Each registered model's list, add form, change form and history, plus the event's own."""
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"admin:{label}_changelist"))
        if model_admin.has_add_permission(_superuser_request()):
            pages.append(reverse(f"admin:{label}_add"))
        instance = world.objects.get(f"{model._meta.app_label}.{model._meta.model_name}")
        if instance is not None:
            pages.append(reverse(f"admin:{label}_change", args=[instance.pk]))
            pages.append(reverse(f"admin:{label}_history", args=[instance.pk]))
    pages.append(reverse("admin:ceremony_event_dashboard", args=[world.event.pk]))
    pages.append(reverse("admin:ceremony_event_schedule", args=[world.event.pk]))
    pages.append(reverse("admin:ceremony_event_seating", args=[world.event.pk]))
    pages.append(
        reverse(
            "admin:programme_speakerslist_order", args=[world.objects["programme.speakerslist"].pk]
        )
    )
    pages.append(reverse("admin:delegations_badge_desk") + f"?q={world.a.badge.number}")
    return pages


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = factories.UserFactory.build(is_staff=True, is_superuser=True)
    return request


def test_no_page_breaks_the_security_policy(live_server, browser, world, screenshot):
    anonymous = Visitor(browser, live_server)
    for path in (
        reverse("portal:login"),
        reverse("portal:password_reset"),
        reverse("admin:login"),
        reverse("signatories", args=[world.event.slug]),
        reverse("public-index"),
        reverse("public-home", args=[world.event.slug]),
        reverse("public-day", args=[world.event.slug, "2025-10-25"]),
        reverse("public-session", args=[world.event.slug, world.session.slug]),
        reverse("public-changes", args=[world.event.slug]),
        reverse("public-search", args=[world.event.slug]) + "?q=walk",
        reverse("public-embed", args=[world.event.slug]),
        reverse("public-embed-day", args=[world.event.slug, "2025-10-25"]),
    ):
        anonymous.visit(path)
    # The snippets' page previews both forms: the script draws into the page, the frame loads.
    anonymous.visit(reverse("public-widget", args=[world.event.slug]), ready=".treaty-programme")
    anonymous.visit(reverse("api-docs"), ready=".swagger-ui .opblock")
    screenshot(anonymous.page, "csp-api-docs")

    owner = Visitor(browser, live_server, world.a.user)
    delegation = world.a.delegation.pk
    for path in (
        reverse("portal:delegation", args=[delegation]),
        reverse("portal:delegate_add", args=[delegation]),
        reverse("portal:delegate_edit", args=[delegation, world.a.draft.pk]),
        reverse("programme:programme", args=[delegation]),
        reverse("programme:registrations", args=[delegation]),
        reverse("programme:speakers", args=[delegation]),
        reverse("signing:request", args=[delegation]),
    ):
        owner.visit(path)

    organiser = superuser_visitor(browser, live_server)
    for path in admin_pages(world):
        organiser.visit(path)
    organiser.visit(reverse("admin:ceremony_event_dashboard", args=[world.event.pk]))
    screenshot(organiser.page, "csp-admin-dashboard")

    door = Visitor(browser, live_server, world.door)
    door.visit(reverse("checkin:door", args=[world.event.slug]))

    problems = anonymous.problems + owner.problems + organiser.problems + door.problems
    assert problems == [], "\n".join(problems)


def test_the_door_page_scans_under_the_policy(live_server, browser, world):
    """The scan goes through the page's script (fetch, no reload) and its answer is drawn."""
    door = Visitor(browser, live_server, world.door)
    door.visit(reverse("checkin:door", args=[world.event.slug]))
    scans_before = CheckIn.objects.filter(delegate=world.a.head).count()
    navigations = []
    door.page.on("framenavigated", lambda frame: navigations.append(frame.url))
    door.page.fill("#id_token", world.a.badge.token)
    door.page.press("#id_token", "Enter")
    door.page.wait_for_selector("#result .result.admitted")
    assert "QUUXINGTON" in door.page.inner_text("#result").upper()
    assert CheckIn.objects.filter(delegate=world.a.head).count() == scans_before + 1
    assert navigations == []
    assert door.watch.problems() == []


def test_the_periodic_task_form_script_runs_under_the_policy(live_server, browser, world):
    """django-celery-beat's script, moved to a file, still says the crontab's schedule in words."""
    organiser = superuser_visitor(browser, live_server)
    task = world.objects["django_celery_beat.periodictask"]
    crontab = world.objects["django_celery_beat.crontabschedule"]
    organiser.visit(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))
    organiser.page.select_option("#id_crontab", str(crontab.pk))
    help_text = organiser.page.inner_text(".field-crontab .help")
    assert f"Translation: {crontab.human_readable}" in help_text
    assert organiser.problems == []


def test_the_portal_script_asks_before_a_withdrawal_and_applies_a_language(
    live_server, browser, world
):
    """The portal's behaviours moved out of inline handlers still run: a withdrawal asks first
    (declined: nothing changes; accepted: the delegate is withdrawn), a language picked applies."""
    owner = Visitor(browser, live_server, world.a.user)
    delegation = world.a.delegation.pk
    draft = world.a.draft
    owner.visit(reverse("portal:delegation", args=[delegation]))
    withdraw = owner.page.locator(
        f"form[action='{reverse('portal:delegate_withdraw', args=[delegation, draft.pk])}'] button"
    )
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    owner.page.once("dialog", lambda dialog: answer(dialog, False))
    withdraw.click()
    owner.page.wait_for_load_state("networkidle")
    draft.refresh_from_db()
    assert questions == ["Withdraw this delegate?"]
    assert draft.accreditation_status != AccreditationStatus.WITHDRAWN

    owner.page.once("dialog", lambda dialog: answer(dialog, True))
    with owner.page.expect_navigation():
        withdraw.click()
    draft.refresh_from_db()
    assert draft.accreditation_status == AccreditationStatus.WITHDRAWN

    with owner.page.expect_navigation():
        owner.page.select_option("#language", "fr")
    assert owner.page.locator("html").get_attribute("lang") == "fr"
    assert owner.problems == []


def test_the_export_form_shows_only_the_scopes_field(live_server, browser, world):
    organiser = superuser_visitor(browser, live_server)
    organiser.visit(reverse("admin:programme_exportjob_add"))
    page = organiser.page
    assert page.is_hidden(".field-day") and page.is_hidden(".field-delegate")
    page.select_option("#id_scope", "day")
    assert page.is_visible(".field-day") and page.is_hidden(".field-room")
    page.select_option("#id_scope", "delegation")
    assert page.is_visible(".field-delegation") and page.is_hidden(".field-day")
    assert organiser.problems == []


def test_the_desk_takes_a_photo_with_the_camera_under_the_policy(
    live_server, camera_browser, world, screenshot
):
    """The desk's script starts the (fake) camera, takes a frame into the form and saves it."""
    from delegations.models import Delegate

    organiser = superuser_visitor(camera_browser, live_server)
    organiser.context.grant_permissions(["camera"], origin=live_server.url)
    organiser.visit(reverse("admin:delegations_badge_desk") + f"?q={world.a.badge.number}")
    before = Delegate.objects.get(pk=world.a.head.pk).photo.name
    card = organiser.page.locator(".desk-photo-form").first
    card.locator(".desk-camera-start").click()
    organiser.page.wait_for_selector(".desk-camera video.live")
    card.locator(".desk-camera-take").click()
    organiser.page.wait_for_selector(".desk-camera canvas:not([hidden])")
    screenshot(organiser.page, "csp-admin-desk-camera")
    with organiser.page.expect_navigation():
        card.locator("button[type=submit]").click()
    assert organiser.page.locator(".messagelist .success").count() == 1
    after = Delegate.objects.get(pk=world.a.head.pk).photo.name
    assert after and after != before
    assert organiser.problems == [] and organiser.watch.problems() == []
