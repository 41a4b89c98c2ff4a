"""In a real browser: an organiser invites a focal point, who registers three delegates and
submits; the organiser accredits two and rejects one; the focal point sees the outcome."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ceremony.services.organisers import organiser_create
from delegations.enums import AccreditationStatus
from delegations.models import Delegate
from tests.factories import DelegationFactory, EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISER_PASSWORD = "Hanoi-2025-organiser"
FOCAL_PASSWORD = "a-long-mission-password"
DELEGATES = [
    ("H.E. Ms.", "Lan", "Tran", "Trần Thị Lan", "Deputy Minister of Justice"),
    ("Mr.", "Minh", "Le", "Lê Minh", "Legal Adviser"),
    ("Ms.", "Hoa", "Pham", "Phạm Hoa", "Police Liaison Officer"),
]


@pytest.fixture
def delegation(db):
    now = timezone.now()
    event = EventFactory(
        name="Hanoi Convention signing ceremony",
        registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=30),
    )
    return DelegationFactory(
        event=event, kind="member_state", country="VN", code="VNM", name="Viet Nam"
    )


def admin_sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", ORGANISER_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def row_of(page, rows, name):
    """The table row whose name is exactly ``name`` (substrings would match other rows)."""
    return page.locator(rows, has=page.get_by_text(name, exact=True))


def run_action(page, names, action):
    for name in names:
        row_of(page, "#result_list tbody tr", name).locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_invite_register_submit_accredit(live_server, browser, delegation, screenshot):
    organiser_create(username="organiser", password=ORGANISER_PASSWORD)
    organiser = browser.new_context().new_page()
    admin_sign_in(organiser, live_server)

    organiser.goto(f"{live_server.url}/admin/delegations/delegation/")
    run_action(organiser, ["Viet Nam"], "focal_point_invite")
    organiser.fill("#id_email", "focal.point@mission-vietnam.example.org")
    organiser.click("input[type=submit]")
    organiser.wait_for_selector("text=Invitation sent")
    link = re.search(r"http://\S+/portal/invitations/\S+/", mail.outbox[-1].body).group(0)

    focal = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    focal.goto(link)
    focal.fill("#id_password1", FOCAL_PASSWORD)
    focal.fill("#id_password2", FOCAL_PASSWORD)
    focal.click("button[type=submit]")
    focal.wait_for_selector("h1:has-text('Viet Nam')")

    for index, (honorific, given, family, native, function) in enumerate(DELEGATES):
        focal.click("text=Add a delegate")
        focal.fill("#id_honorific", honorific)
        focal.fill("#id_given_name", given)
        focal.fill("#id_family_name", family)
        focal.fill("#id_name_native", native)
        focal.fill("#id_function", function)
        focal.fill("#id_email", f"{given.lower()}@mission-vietnam.example.org")
        if index == 0:
            focal.check("#id_is_head")
        focal.click("button:has-text('Save')")
        focal.wait_for_selector(f"text={native}")
    focal.click("button:has-text('Submit 3 delegates for accreditation')")
    focal.wait_for_selector("text=3 delegates are sent for accreditation")
    screenshot(focal, "registration-submitted")
    assert Delegate.objects.filter(accreditation_status=AccreditationStatus.SUBMITTED).count() == 3

    organiser.goto(f"{live_server.url}/admin/delegations/delegate/")
    run_action(organiser, ["H.E. Ms. Lan TRAN", "Mr. Minh LE"], "accredit")
    organiser.wait_for_selector("text=2 delegates accredited")
    run_action(organiser, ["Ms. Hoa PHAM"], "reject")
    organiser.fill("#id_reason", "The passport copy is unreadable.")
    organiser.click("input[type=submit]")
    organiser.wait_for_selector("text=1 delegate rejected")
    screenshot(organiser, "accreditation-admin")

    focal.reload()
    rows = focal.locator("table.delegates tbody tr")
    assert rows.count() == 3
    accredited = row_of(focal, "table.delegates tr", "H.E. Ms. Lan TRAN").inner_text()
    assert "Accredited" in accredited
    assert re.search(r"Badge \S+-\d{6}", accredited)
    assert "Accredited" in row_of(focal, "table.delegates tr", "Mr. Minh LE").inner_text()
    rejected = row_of(focal, "table.delegates tr", "Ms. Hoa PHAM").inner_text()
    assert "Rejected" in rejected and "The passport copy is unreadable." in rejected
    screenshot(focal, "accreditation-outcome")
