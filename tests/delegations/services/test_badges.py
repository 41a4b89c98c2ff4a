"""Badge sheets: who gets a badge, what it shows, in which scripts, and how it is rendered."""

import base64
import logging
import socket
import subprocess
import unicodedata
from io import BytesIO

import pytest
import segno
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from config.core.rendering.pdf import html_to_pdf, offline_url_fetcher
from config.core.rendering.text import text_direction
from delegations.enums import AccreditationStatus, DelegationKind
from delegations.models import Delegate, Delegation
from delegations.services.badges import (
    BADGE_CATEGORIES,
    PHOTO_PIXELS,
    badge_category,
    badge_issue,
    badge_qr,
    badge_sheet_pdf,
    native_name,
    photo_data_uri,
    qr_svg_data_uri,
    sheet_badges,
)
from tests.factories import DelegateFactory, DelegationFactory, EventFactory

POPPLER = pytest.mark.pdf_tools


def accredited(delegation, **fields):
    delegate = DelegateFactory(
        delegation=delegation,
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_at=timezone.now(),
        **fields,
    )
    return delegate, badge_issue(delegate=delegate)


def pdf_text(pdf, tmp_path):
    path = tmp_path / "badges.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def pdf_fonts(pdf, tmp_path):
    path = tmp_path / "badges.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture
def photo_storage(tmp_path, monkeypatch):
    """Badge photos in a temporary folder instead of the project's private media."""
    field = Delegate._meta.get_field("photo")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "private"))
    return field.storage


def jpeg(size=(600, 800), colour=(90, 120, 160)):
    encoded = BytesIO()
    Image.new("RGB", size, colour).save(encoded, "JPEG")
    return ContentFile(encoded.getvalue())


@pytest.fixture
def viet_nam(db):
    event = EventFactory(
        acronym="HANOI2025", name="Signing ceremony, Convention against Cybercrime"
    )
    return DelegationFactory(
        event=event, kind=DelegationKind.MEMBER_STATE, name="Viet Nam", code="VNM", country="VN"
    )


@pytest.fixture
def sheet(viet_nam, photo_storage):
    """Three accredited delegates in three scripts, one rejected, one whose badge was revoked."""
    arabic, arabic_badge = accredited(
        viet_nam,
        honorific="Mr.",
        given_name="Mohammed",
        family_name="Abdullah",
        name_native="محمد عبد الله",
        function="Legal Adviser",
    )
    chinese, chinese_badge = accredited(
        viet_nam,
        honorific="Mr.",
        given_name="Wei",
        family_name="Wang",
        name_native="王伟",
        function="Counsellor",
    )
    vietnamese, vietnamese_badge = accredited(
        viet_nam,
        honorific="H.E. Mr.",
        given_name="Van An",
        family_name="Nguyen",
        name_native="Nguyễn Văn An",
        function="Minister of Public Security",
        is_head=True,
    )
    vietnamese.photo.save("nguyen.jpg", jpeg())
    DelegateFactory(
        delegation=viet_nam,
        given_name="Rejected",
        family_name="Person",
        accreditation_status=AccreditationStatus.REJECTED,
        accreditation_note="Not a member of the delegation.",
    )
    revoked, revoked_badge = accredited(viet_nam, given_name="Revoked", family_name="Holder")
    revoked_badge.revoked_at = timezone.now()
    revoked_badge.save()
    return {
        "badges": [arabic_badge, chinese_badge, vietnamese_badge],
        "revoked": revoked_badge,
        "pdf": badge_sheet_pdf(viet_nam),
    }


@POPPLER
def test_sheet_shows_accredited_delegates_in_both_scripts(sheet, tmp_path):
    pdf = sheet["pdf"]
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    for badge in sheet["badges"]:
        assert badge.number in text
    for latin in ("Mr. Mohammed ABDULLAH", "Mr. Wei WANG", "H.E. Mr. Van An NGUYEN"):
        assert latin in text
    assert "王伟" in text
    assert "Nguyễn Văn An" in text
    assert "Viet Nam" in text
    assert "HEAD OF DELEGATION" in text
    assert "STATE DELEGATE" in text


@POPPLER
def test_sheet_leaves_out_rejected_and_revoked(sheet, tmp_path):
    text = pdf_text(sheet["pdf"], tmp_path)
    assert "PERSON" not in text
    assert "HOLDER" not in text
    assert sheet["revoked"].number not in text


@POPPLER
def test_arabic_name_is_set_in_an_arabic_font(sheet, tmp_path):
    fonts = pdf_fonts(sheet["pdf"], tmp_path).replace("-", "")
    assert "NotoSansArabic" in fonts
    assert "NotoSansCJKSC" in fonts
    text = pdf_text(sheet["pdf"], tmp_path)
    # pdftotext gives the letters of a right-to-left line in logical or visual order.
    assert "محمد" in text or "دمحم" in text


@POPPLER
def test_first_sheet_renders_to_an_image(sheet, tmp_path):
    path = tmp_path / "badges.pdf"
    path.write_bytes(sheet["pdf"])
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    pages = list(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    with Image.open(pages[0]) as page:
        width, height = page.size
    # A4 at 60 dpi, portrait.
    assert abs(width - 496) <= 1
    assert abs(height - 702) <= 1


@POPPLER
def test_four_badges_a_sheet(viet_nam, tmp_path):
    for _ in range(5):
        accredited(viet_nam)
    path = tmp_path / "badges.pdf"
    path.write_bytes(badge_sheet_pdf(viet_nam))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    assert fields["Pages"].strip() == "2"
    assert "(A4)" in fields["Page size"]


@POPPLER
def test_empty_sheet_says_so(viet_nam, tmp_path):
    assert "No badge to print" in pdf_text(badge_sheet_pdf(viet_nam), tmp_path)


def test_reissued_badge_replaces_the_lost_one(viet_nam):
    delegate, lost = accredited(viet_nam)
    lost.revoked_at = timezone.now()
    lost.save()
    reissued = badge_issue(delegate=delegate)
    DelegateFactory(delegation=viet_nam, accreditation_status=AccreditationStatus.SUBMITTED)
    assert list(sheet_badges(viet_nam)) == [reissued]


def test_sheet_renders_every_resource(viet_nam, photo_storage, caplog):
    """A broken data: URI would only be logged by WeasyPrint, and print a badge without it."""
    delegate, _badge = accredited(viet_nam)
    delegate.photo.save("photo.jpg", jpeg())
    accredited(viet_nam)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        badge_sheet_pdf(viet_nam)
    assert [record.getMessage() for record in caplog.records] == []


def test_query_count_does_not_grow_with_delegates(db, photo_storage):
    counts = []
    for size in (2, 10):
        delegation = DelegationFactory()
        for _ in range(size):
            delegate, _badge = accredited(delegation)
            delegate.photo.save("photo.jpg", jpeg(size=(60, 80)))
        delegation = Delegation.objects.get(pk=delegation.pk)
        with CaptureQueriesContext(connection) as queries:
            badge_sheet_pdf(delegation)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 2


def test_qr_encodes_exactly_the_token():
    token = "Jx3f0pQ-2m9_sample-token-from-secrets-urlsafe"
    qr = badge_qr(token)
    reference = segno.make(token, error="m", micro=False)
    assert qr.matrix == reference.matrix
    assert not qr.is_micro
    assert qr.error in ("M", "Q", "H")
    assert qr_svg_data_uri(token) == reference.svg_data_uri(omitsize=True, border=4)
    assert qr_svg_data_uri(token) != qr_svg_data_uri(token + "x")


def test_every_delegation_kind_has_a_category():
    delegation = DelegationFactory.build()
    for kind in DelegationKind.values:
        delegation.kind = kind
        for is_head in (False, True):
            delegate = DelegateFactory.build(delegation=delegation, is_head=is_head)
            assert badge_category(delegate) in BADGE_CATEGORIES


@pytest.mark.parametrize(
    ("kind", "is_head", "category"),
    [
        (DelegationKind.MEMBER_STATE, True, "head_of_state_delegation"),
        (DelegationKind.OBSERVER_STATE, True, "head_of_state_delegation"),
        (DelegationKind.MEMBER_STATE, False, "state"),
        (DelegationKind.UN_ENTITY, True, "united_nations"),
        (DelegationKind.IGO, True, "intergovernmental"),
        (DelegationKind.REIO, False, "intergovernmental"),
        (DelegationKind.NGO, False, "stakeholder"),
        (DelegationKind.ACADEMIA, False, "stakeholder"),
        (DelegationKind.PRIVATE_SECTOR, True, "stakeholder"),
        (DelegationKind.MEDIA, False, "media"),
    ],
)
def test_category_follows_kind_and_head(kind, is_head, category):
    delegate = DelegateFactory.build(delegation=DelegationFactory.build(kind=kind), is_head=is_head)
    assert badge_category(delegate) == category


def test_native_name_left_out_when_it_repeats_the_latin_name():
    delegate = DelegateFactory.build(given_name="John", family_name="Smith", name_native="")
    assert native_name(delegate) == ""
    delegate.name_native = "John  Smith"
    assert native_name(delegate) == ""
    delegate.name_native = "Иван Петров"
    assert native_name(delegate) == "Иван Петров"
    delegate.name_native = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert native_name(delegate) == "Nguyễn Văn An"


def test_direction_of_own_script_name():
    assert text_direction("محمد عبد الله") == "rtl"
    assert text_direction("עברית") == "rtl"
    assert text_direction("王伟") == "ltr"
    assert text_direction("") == "ltr"


def test_photo_is_cropped_and_reencoded(db, photo_storage):
    delegate = DelegateFactory()
    delegate.photo.save("wide.jpg", jpeg(size=(1600, 900)))
    uri = photo_data_uri(delegate)
    prefix = "data:image/jpeg;base64,"
    assert uri.startswith(prefix)
    with Image.open(BytesIO(base64.b64decode(uri.removeprefix(prefix)))) as photo:
        assert (photo.format, photo.size) == ("JPEG", PHOTO_PIXELS)
    delegate.photo.storage.delete(delegate.photo.name)
    assert photo_data_uri(delegate) is None
    delegate.photo = ""
    assert photo_data_uri(delegate) is None


def test_rendering_never_opens_a_connection(monkeypatch, caplog):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    html = '<img src="https://example.org/logo.png"><img src="file:///etc/hostname"><p>Offline</p>'
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        assert html_to_pdf(html).startswith(b"%PDF")
    assert attempts == []
    assert caplog.text.count("disallowed protocol") == 2


def test_fetcher_refuses_everything_but_data_urls():
    fetcher = offline_url_fetcher()
    for url in ("https://example.org/logo.png", "ftp://example.org/x", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(url)
    assert fetcher("data:text/plain;base64,T0s=").read() == b"OK"
