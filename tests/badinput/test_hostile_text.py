"""Hostile text: stored exactly as sent when allowed, refused by name when not, shown safely.

The rule (config/core/text.py): control characters are refused, naming the character (multi-line
fields keep tab and line breaks); mixed scripts, combining marks, right-to-left overrides and
isolates, zero-width characters are stored as sent. Pages escape and isolate them; staff lists
keep formulas as text and drop control characters; PDFs render them.
"""

import csv
import io
import subprocess
from datetime import datetime, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from delegations.models import Delegate, Delegation
from delegations.services.accreditation import delegate_reject
from delegations.services.badges import badge_sheet_pdf
from sessions.exports import pdf
from sessions.selectors.exports import schedule_for_export
from sessions.services.release import schedule_release
from tests import factories

pytestmark = pytest.mark.django_db

RLO, LRI, RLI, FSI, PDI = "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

#: Allowed, however odd: every one must come back exactly as sent.
ALLOWED = {
    "honorific": "H.E.\u200b",
    "given_name": f"{RLO}Lan{PDI}",
    "family_name": "Nguye\u0302\u0303n",  # Vietnamese with combining marks, not composed
    "name_native": f"محمد Müller 王伟 Nguyễn {LRI}abc{PDI}{RLI}אבג{PDI}{FSI}x{PDI}",
    "function": f"<script>alert(1)</script> {RLO}resiwda lageL",
    "phone": "+84 24 3826\u00a01234",
    "dietary_needs": f"Halal{ZERO_WIDTH}; 素食; «sans gluten»",
    "accessibility_needs": '=HYPERLINK("http://evil.example/","click") & \'quote\' "dq"',
}
ALLOWED_PROFILE = {
    "contact_phone": "@SUM(1+1)",
    "address": "12 Phố Hàng Bài\r\n\tHoàn Kiếm, Hà Nội\nالعنوان",
}

#: Refused in every one-line field, with the code point in the message.
REFUSED = {
    "nul": ("\x00", "U+0000"),
    "escape": ("\x1b[31m", "U+001B"),
    "delete": ("\x7f", "U+007F"),
    "c1 next line": ("\x85", "U+0085"),
    "c1 csi": ("\x9b", "U+009B"),
    "tab in one line": ("\t", "U+0009"),
    "vertical tab": ("\x0b", "U+000B"),
    "line feed in one line": ("\n", "U+000A"),
}


@pytest.fixture
def world(private_files):
    now = timezone.now()
    event = factories.EventFactory(
        registration_opens=now - timedelta(days=1), registration_closes=now + timedelta(days=30)
    )
    delegation = factories.DelegationFactory(
        event=event, kind="member_state", country="VN", code="VNM", name="Viet Nam"
    )
    focal = factories.FocalPointFactory(delegation=delegation).user
    return delegation, focal


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world[1])
    return client


@pytest.fixture
def portal(client, world):
    client.force_login(world[1])
    return client


def stored(delegate):
    return {name: getattr(delegate, name) for name in ALLOWED}


# Round trips --------------------------------------------------------------------------------


def test_the_api_stores_and_answers_allowed_text_exactly_as_sent(api, world):
    delegation, _focal = world
    created = api.post(
        reverse("delegate-list"),
        {**ALLOWED, "delegation": delegation.pk, "level": "other"},
        format="json",
    )
    profile = api.patch(
        reverse("delegation-detail", args=[delegation.pk]), ALLOWED_PROFILE, format="json"
    )

    assert created.status_code == 201, created.json()
    assert profile.status_code == 200, profile.json()
    delegate = Delegate.objects.get(pk=created.json()["id"])
    assert stored(delegate) == ALLOWED
    answer = api.get(reverse("delegate-detail", args=[delegate.pk])).json()
    assert {name: answer[name] for name in ALLOWED} == ALLOWED
    delegation.refresh_from_db()
    assert {name: getattr(delegation, name) for name in ALLOWED_PROFILE} == ALLOWED_PROFILE


def test_the_portal_stores_allowed_text_exactly_as_sent(portal, world):
    delegation, _focal = world
    added = portal.post(
        reverse("portal:delegate_add", args=[delegation.pk]), {**ALLOWED, "level": "other"}
    )
    saved = portal.post(reverse("portal:delegation", args=[delegation.pk]), ALLOWED_PROFILE)

    assert added.status_code == 302
    assert saved.status_code == 302
    assert stored(Delegate.objects.get(delegation=delegation)) == ALLOWED
    delegation.refresh_from_db()
    assert {name: getattr(delegation, name) for name in ALLOWED_PROFILE} == ALLOWED_PROFILE


# Refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["family_name", "name_native", "function", "dietary_needs"])
@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_the_api_refuses_control_characters_by_name(api, world, field, case):
    delegation, _focal = world
    bad, code_point = case
    response = api.post(
        reverse("delegate-list"),
        {"delegation": delegation.pk, "family_name": "Tran", field: f"ab{bad}cd"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    message = " ".join(response.json()[field])
    assert code_point in message or (bad == "\x00" and "Null characters" in message)
    assert not Delegate.objects.exists()


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_the_portal_refuses_control_characters_by_name(portal, world, case):
    delegation, _focal = world
    bad, code_point = case
    response = portal.post(
        reverse("portal:delegate_add", args=[delegation.pk]),
        {"family_name": "Tran", "level": "other", "given_name": f"La{bad}n"},
    )

    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["given_name"])
    assert code_point in message or (bad == "\x00" and "Null characters" in message)
    assert not Delegate.objects.exists()


@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\x7f", "\x9b", "\x0c"], ids=repr)
def test_a_multi_line_address_keeps_line_breaks_but_not_other_controls(api, world, bad):
    delegation, _focal = world
    url = reverse("delegation-detail", args=[delegation.pk])

    response = api.patch(url, {"address": f"line 1\r\nline{bad} 2"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["address"]
    delegation.refresh_from_db()
    assert delegation.address == ""


def test_a_lone_surrogate_is_refused_not_a_server_error(api, world):
    delegation, _focal = world
    body = b'{"delegation": %d, "family_name": "Tr\\ud800n"}' % delegation.pk

    response = api.post(reverse("delegate-list"), body, content_type="application/json")

    assert response.status_code == 400
    assert "U+D800" in " ".join(response.json()["family_name"])
    assert not Delegate.objects.exists()


def test_over_long_text_is_refused_with_the_limit(api, world):
    delegation, _focal = world
    response = api.post(
        reverse("delegate-list"),
        {"delegation": delegation.pk, "family_name": "x" * 101, "function": "y" * 10_000},
        format="json",
    )

    assert response.status_code == 400
    assert "100 characters" in response.json()["family_name"][0]
    assert "200 characters" in response.json()["function"][0]
    assert not Delegate.objects.exists()


def test_a_rejection_reason_follows_the_same_rule(world):
    delegation, _focal = world
    delegate = factories.DelegateFactory(delegation=delegation, accreditation_status="submitted")

    for reason, word in (("Not \x1b eligible", "U+001B"), ("x" * 1001, "1000 characters")):
        with pytest.raises(Exception) as refused:
            delegate_reject(delegate=delegate, reason=reason)
        assert word in " ".join(refused.value.message_dict["reason"])
    delegate_reject(delegate=delegate, reason=f"Documents missing.\n{RLO}Passport{PDI}")
    delegate.refresh_from_db()
    assert delegate.accreditation_note == f"Documents missing.\n{RLO}Passport{PDI}"


# Shown safely ------------------------------------------------------------------------------


def test_the_portal_shows_hostile_names_escaped_and_isolated(portal, world):
    delegation, _focal = world
    delegate = factories.DelegateFactory(delegation=delegation, **ALLOWED)

    page = portal.get(reverse("portal:delegation", args=[delegation.pk])).content.decode()

    assert "<script>alert(1)" not in page
    assert f"<bdi>&lt;script&gt;alert(1)&lt;/script&gt; {RLO}resiwda lageL</bdi>" in page
    assert f"<strong><bdi>{delegate.full_name}</bdi></strong>" in page
    assert f'<span dir="auto" class="native">{ALLOWED["name_native"]}</span>' in page


def test_a_saved_message_isolates_the_name(portal, world):
    delegation, _focal = world
    response = portal.post(
        reverse("portal:delegate_add", args=[delegation.pk]),
        {"family_name": f"{RLO}Tran", "level": "other"},
        follow=True,
    )

    page = response.content.decode()
    assert f"{FSI}{RLO}TRAN{PDI} is saved." in page


def test_the_public_signatories_page_isolates_an_organisations_name(client, world):
    delegation, _focal = world
    event = delegation.event
    reio = factories.DelegationFactory(event=event, kind="reio", code="EU", name=f"{RLO}<b>EU</b>")
    factories.SigningRequestFactory(
        event=event,
        delegation=reio,
        representative=factories.DelegateFactory(
            delegation=reio, honorific="", given_name="", family_name="=cmd|' /C calc'!A0"
        ),
        signed_at=timezone.now(),
    )

    page = client.get(reverse("signatories", args=[event.slug])).content.decode()
    table = client.get(reverse("signatories-table", args=[event.slug, "csv"]))

    assert f"<bdi>{RLO}&lt;b&gt;EU&lt;/b&gt;</bdi>" in page
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert rows[1][2].startswith("'")  # the representative's name is text, not a formula


# Staff lists and PDFs ----------------------------------------------------------------------

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)"]


@pytest.fixture
def hostile_delegates(world):
    """Delegates as the rule allows them, and as older data may hold them (control characters
    written past validation; PostgreSQL refuses NUL itself)."""
    delegation, _focal = world
    for number, formula in enumerate(FORMULAS):
        factories.BadgeFactory(
            delegate__delegation=delegation,
            delegate__family_name=formula,
            delegate__given_name=f"{RLO}Lan{number}",
            delegate__name_native=ALLOWED["name_native"],
            delegate__function=ALLOWED["function"],
        )
    Delegate.objects.filter(family_name="=1+1").update(
        function="Adviser\x1b[0m\x7f\x85", name_native="\tمحمد\x0b"
    )
    return delegation


def test_delegate_lists_keep_formulas_as_text_and_drop_control_characters(
    organiser_client, hostile_delegates
):
    changelist = reverse("admin:delegations_delegate_changelist")
    selected = list(Delegate.objects.values_list("pk", flat=True))

    as_csv = organiser_client.post(
        changelist, {"action": "list_csv", ACTION_CHECKBOX_NAME: selected}
    )
    as_xlsx = organiser_client.post(
        changelist, {"action": "list_xlsx", ACTION_CHECKBOX_NAME: selected}
    )

    assert as_csv.status_code == as_xlsx.status_code == 200
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    family_names = {row[3] for row in rows[1:]}
    assert family_names == {f"'{formula}" for formula in FORMULAS}
    assert "Adviser[0m" in {row[5] for row in rows[1:]}
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    cells = list(sheet.iter_rows(min_row=2))
    assert {row[3].value for row in cells} == set(FORMULAS)
    assert {row[3].data_type for row in cells} == {"s"}
    assert "\tمحمد" in {row[4].value for row in cells}  # the vertical tab dropped


def test_delegation_lists_and_the_run_sheet_survive_hostile_text(organiser_client, world):
    delegation, _focal = world
    Delegation.objects.filter(pk=delegation.pk).update(
        name='=HYPERLINK("http://evil.example")\x1b', contact_email="-2+3@example.org"
    )
    head = factories.DelegateFactory(
        delegation=delegation, honorific="", given_name="", family_name="@A1", is_head=True
    )
    Delegate.objects.filter(pk=head.pk).update(function="\x1bMinister")
    session = factories.SessionFactory(event=delegation.event, kind="signing")
    factories.SigningRequestFactory(
        event=delegation.event,
        delegation=delegation,
        representative=head,
        slot_session=session,
        slot_start=session.start,
        signing_order=1,
    )

    as_csv = organiser_client.post(
        reverse("admin:delegations_delegation_changelist"),
        {"action": "list_csv", ACTION_CHECKBOX_NAME: [delegation.pk]},
    )
    run_sheet = [
        organiser_client.get(
            reverse("admin:ceremony_event_run_sheet", args=[delegation.event_id, format_name])
        )
        for format_name in ("csv", "xlsx")
    ]
    signing_page = organiser_client.get(
        reverse("admin:ceremony_event_signing", args=[delegation.event_id])
    )

    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][4] == "'-2+3@example.org"
    sheet_rows = list(csv.reader(io.StringIO(run_sheet[0].content.decode("utf-8-sig"))))
    assert sheet_rows[1][2] == "'@A1"
    assert sheet_rows[1][4] == "Minister"
    workbook = load_workbook(io.BytesIO(run_sheet[1].content)).active
    assert workbook["C2"].value == "@A1" and workbook["C2"].data_type == "s"
    assert "<bdi>=HYPERLINK" in signing_page.content.decode()


@pytest.mark.pdf_tools
def test_badges_render_hostile_names(hostile_delegates, tmp_path):
    document = badge_sheet_pdf(hostile_delegates)

    assert document.startswith(b"%PDF")
    path = tmp_path / "badges.pdf"
    path.write_bytes(document)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    # The override reverses the rest of its own line on the badge, and nothing else.
    assert "<script>alert(1)</script> Legal adwiser" in text.decode()
    assert not {"\x00", "\x1b", "\x7f", "\x85"} & set(text.decode())


def test_the_pdf_programme_renders_hostile_titles(world):
    delegation, _focal = world
    event = delegation.event
    room = factories.RoomFactory(venue__event=event, name=f"{RLO}Hall A")
    start = datetime.combine(factories.FIRST_DAY, datetime.min.time(), factories.HANOI)
    factories.SessionFactory(
        event=event,
        room=room,
        title=f"<b>{RLO}Opening</b> 开幕式 الافتتاح Khai mạc{ZERO_WIDTH}",
        start=start + timedelta(hours=9),
    )
    schedule_release(event=event)

    document = pdf.render(schedule_for_export(event=event))

    assert document.startswith(b"%PDF-")
