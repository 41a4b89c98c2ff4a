"""Uploads of the wrong type, oversized or malformed: refused with a field error, nothing stored.

Badge photos (portal form, delegates API) and copies of full powers (portal form, signing API).
Each refusal leaves no row changed and no file in the private storage.
"""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader, PdfWriter
from rest_framework.test import APIClient

from ceremony.models import FULL_POWERS_MAX_BYTES, SigningRequest
from delegations.models import PHOTO_MAX_BYTES, Delegate
from tests import factories
from tests.badinput.conftest import stored_files
from tests.files import (
    image_bytes,
    pdf_bytes,
    pdf_of_many_parts,
    pdf_that_launches_a_program,
    pdf_with_a_file_inside,
    pdf_with_script,
    pdf_with_script_in_a_link,
    pdf_with_script_in_an_object_stream,
    png_claiming,
)

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.domain)</script><rect width="10" height="10"/></svg>'
)


def truncated(content):
    return content[: len(content) // 2]


def encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def padded(content, size):
    """``content`` made ``size`` bytes long by a trailing PDF comment (still readable)."""
    return content + b"\n%" + b"0" * (size - len(content) - 2)


#: (file name, content) -> a word of the message that must name the problem.
BAD_PHOTOS = {
    "text named .jpg": ("photo.jpg", lambda: b"just some text, not an image", "image"),
    "html named .jpg": ("photo.jpg", lambda: HTML, "image"),
    "a pdf as a photo": ("photo.pdf", pdf_bytes, "image"),
    "a pdf named .jpg": ("photo.jpg", pdf_bytes, "image"),
    "svg with script": ("photo.svg", lambda: SVG, "image"),
    "svg named .png": ("photo.png", lambda: SVG, "image"),
    "just over 2 MB": (
        "photo.png",
        lambda: image_bytes("PNG", size=(900, 900), noise=True),
        "larger than 2 MB",
    ),
    "truncated jpeg": (
        "photo.jpg",
        lambda: truncated(image_bytes("JPEG", size=(400, 400), noise=True)),
        "cannot be read",
    ),
    "truncated png": (
        "photo.png",
        lambda: truncated(image_bytes("PNG", size=(200, 200), noise=True)),
        "image",
    ),
    "zero bytes": ("photo.png", lambda: b"", "empty"),
    "decompression bomb": ("photo.png", lambda: png_claiming(20_000, 20_000), "image"),
    "more pixels than the limit": ("photo.png", lambda: png_claiming(7_000, 7_000), "pixels"),
    "a 300-character name": ("p" * 296 + ".png", image_bytes, "name"),
}

BAD_FULL_POWERS = {
    "text named .pdf": ("powers.pdf", lambda: b"just some text", "not a PDF"),
    "html named .pdf": ("powers.pdf", lambda: HTML, "not a PDF"),
    "a pdf named .jpg": ("powers.jpg", pdf_bytes, "must end in .pdf"),
    "svg with script": ("powers.svg", lambda: SVG, "extension"),
    "svg named .png": ("powers.png", lambda: SVG, "cannot be read"),
    "just over 10 MB": (
        "powers.pdf",
        lambda: padded(pdf_bytes(), FULL_POWERS_MAX_BYTES + 1),
        "larger than 10 MB",
    ),
    "far over the request limit": (
        "powers.pdf",
        lambda: padded(pdf_bytes(), 25 * 2**20),
        "larger than 10 MB",
    ),
    "truncated jpeg": (
        "powers.jpg",
        lambda: truncated(image_bytes("JPEG", size=(400, 400), noise=True)),
        "cannot be read",
    ),
    "truncated png": (
        "powers.png",
        lambda: truncated(image_bytes("PNG", size=(200, 200), noise=True)),
        "cannot be read",
    ),
    "zero bytes": ("powers.pdf", lambda: b"", "empty"),
    "a pdf that is only a header": ("powers.pdf", lambda: b"%PDF-1.7\n", "PDF cannot be read"),
    "a password-protected pdf": ("powers.pdf", encrypted_pdf, "password"),
    "a pdf that runs a script": ("powers.pdf", pdf_with_script, "script"),
    "a script in a link": ("powers.pdf", pdf_with_script_in_a_link, "script"),
    "a script in an object stream": (
        "powers.pdf",
        pdf_with_script_in_an_object_stream,
        "script",
    ),
    "a pdf that starts a program": ("powers.pdf", pdf_that_launches_a_program, "program"),
    "a pdf with a file inside": ("powers.pdf", pdf_with_a_file_inside, "attached file"),
    "a pdf of 6,000 parts": ("powers.pdf", lambda: pdf_of_many_parts(6_000), "parts"),
    "decompression bomb": ("powers.png", lambda: png_claiming(20_000, 20_000), "pixels"),
    "a 300-character name": ("p" * 296 + ".pdf", pdf_bytes, "name"),
}


@pytest.fixture
def world(private_files):
    now = timezone.now()
    event = factories.EventFactory(
        registration_opens=now - timedelta(days=1), registration_closes=now + timedelta(days=30)
    )
    delegation = factories.DelegationFactory(
        event=event, kind="member_state", country="VN", code="VNM"
    )
    focal = factories.FocalPointFactory(delegation=delegation).user
    head = factories.DelegateFactory(delegation=delegation, is_head=True)
    return delegation, focal, head


@pytest.fixture
def portal(client, world):
    client.force_login(world[1])
    return client


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world[1])
    return client


def delegate_form(**extra):
    return {"family_name": "Tran", "given_name": "Lan", "level": "other", **extra}


def signing_form(head, **extra):
    return {"representative": head.pk, "level": "minister", **extra}


# Badge photos ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_PHOTOS.values(), ids=BAD_PHOTOS.keys())
def test_the_portal_refuses_a_bad_photo(portal, world, private_files, case):
    delegation, _focal, _head = world
    name, content, word = case
    response = portal.post(
        reverse("portal:delegate_add", args=[delegation.pk]),
        delegate_form(photo=SimpleUploadedFile(name, content())),
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["photo"]
    assert word.lower() in " ".join(errors["photo"]).lower()
    assert Delegate.objects.filter(delegation=delegation).count() == 1
    assert stored_files(private_files) == []


@pytest.mark.parametrize("case", BAD_PHOTOS.values(), ids=BAD_PHOTOS.keys())
def test_the_api_refuses_a_bad_photo(api, world, private_files, case):
    delegation, _focal, _head = world
    name, content, word = case
    response = api.post(
        reverse("delegate-list"),
        {**delegate_form(delegation=delegation.pk), "photo": SimpleUploadedFile(name, content())},
        format="multipart",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["photo"]
    assert word.lower() in " ".join(response.json()["photo"]).lower()
    assert Delegate.objects.filter(delegation=delegation).count() == 1
    assert stored_files(private_files) == []


def test_a_bad_photo_does_not_replace_the_one_on_record(api, world, private_files):
    _delegation, _focal, head = world
    url = reverse("delegate-detail", args=[head.pk])
    api.patch(url, {"photo": SimpleUploadedFile("me.png", image_bytes())}, format="multipart")
    head.refresh_from_db()
    before = (head.photo.name, head.updated_at, stored_files(private_files))

    response = api.patch(
        url,
        {"photo": SimpleUploadedFile("me.jpg", truncated(image_bytes("JPEG", noise=True)))},
        format="multipart",
    )

    assert response.status_code == 400
    head.refresh_from_db()
    assert (head.photo.name, head.updated_at, stored_files(private_files)) == before


@pytest.mark.parametrize(
    "name, stored",
    [
        ("../../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\photo.PNG", "photo.png"),
        ("ph\x00oto.png", "photo.png"),
        ("\u202egnp.exe.png", "gnpexe.png"),
        ("???.png", "photo.png"),
    ],
    ids=["slashes", "backslashes", "nul", "rtl override", "no stem"],
)
def test_a_photos_own_name_never_becomes_a_path(portal, world, private_files, name, stored):
    delegation, _focal, _head = world
    response = portal.post(
        reverse("portal:delegate_add", args=[delegation.pk]),
        delegate_form(photo=SimpleUploadedFile(name, image_bytes())),
    )

    assert response.status_code == 302
    delegate = Delegate.objects.get(delegation=delegation, given_name="Lan", family_name="Tran")
    assert delegate.photo.name == f"badge-photos/{delegation.pk}/{stored}"
    assert stored_files(private_files) == [f"badge-photos/{delegation.pk}/{stored}"]


def test_a_photo_just_under_the_limits_is_kept(api, world, private_files):
    delegation, _focal, _head = world
    content = image_bytes("JPEG", size=(800, 600), noise=True)
    assert len(content) < PHOTO_MAX_BYTES

    response = api.post(
        reverse("delegate-list"),
        {
            **delegate_form(delegation=delegation.pk),
            "photo": SimpleUploadedFile("Ảnh.JPG", content),
        },
        format="multipart",
    )

    assert response.status_code == 201
    assert stored_files(private_files) == [f"badge-photos/{delegation.pk}/anh.jpg"]


def photo_stored(private_files, delegate):
    return (private_files / delegate.photo.name).read_bytes()


def test_a_photo_with_a_zip_appended_is_stored_without_it(api, world, private_files):
    """A PNG followed by a ZIP decodes as a PNG: it was accepted and kept whole."""
    delegation, _focal, _head = world
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("payload.txt", "not a photo")
    content = image_bytes("PNG") + zipped.getvalue()

    response = api.post(
        reverse("delegate-list"),
        {**delegate_form(delegation=delegation.pk), "photo": SimpleUploadedFile("me.png", content)},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    stored = photo_stored(private_files, Delegate.objects.get(pk=response.json()["id"]))
    assert stored.endswith(b"IEND\xaeB`\x82") and b"PK\x03\x04" not in stored
    assert Image.open(io.BytesIO(stored)).size == (60, 80)


def test_a_photos_gps_position_and_comments_are_not_kept(portal, world, private_files):
    delegation, _focal, _head = world
    exif = Image.Exif()
    exif[0x8825] = {2: (21.0, 1.0, 2.0), 4: (105.0, 51.0, 0.0)}  # GPSInfo: latitude, longitude
    exif[0x010E] = "home address here"  # ImageDescription
    taken = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(taken, "JPEG", exif=exif, comment=b"secret")
    assert b"home address here" in taken.getvalue()

    portal.post(
        reverse("portal:delegate_add", args=[delegation.pk]),
        delegate_form(photo=SimpleUploadedFile("me.jpg", taken.getvalue())),
    )

    stored = photo_stored(private_files, Delegate.objects.get(family_name="Tran"))
    kept = Image.open(io.BytesIO(stored))
    assert kept.format == "JPEG" and kept.size == (60, 80)
    assert not kept.getexif() and b"home address here" not in stored and b"secret" not in stored


def test_a_sideways_photo_is_stored_upright(api, world, private_files):
    delegation, _focal, _head = world
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    sideways = io.BytesIO()
    Image.new("RGB", (80, 60), "white").save(sideways, "JPEG", exif=exif)

    response = api.post(
        reverse("delegate-list"),
        {
            **delegate_form(delegation=delegation.pk),
            "photo": SimpleUploadedFile("me.jpg", sideways.getvalue()),
        },
        format="multipart",
    )

    stored = photo_stored(private_files, Delegate.objects.get(pk=response.json()["id"]))
    assert Image.open(io.BytesIO(stored)).size == (60, 80)


# Full powers -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_FULL_POWERS.values(), ids=BAD_FULL_POWERS.keys())
def test_the_portal_refuses_bad_full_powers(portal, world, private_files, case):
    delegation, _focal, head = world
    name, content, word = case
    response = portal.post(
        reverse("signing:request", args=[delegation.pk]),
        signing_form(head, full_powers_document=SimpleUploadedFile(name, content())),
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["full_powers_document"]
    assert word.lower() in " ".join(errors["full_powers_document"]).lower()
    assert not SigningRequest.objects.exists()
    assert stored_files(private_files) == []


@pytest.mark.parametrize("case", BAD_FULL_POWERS.values(), ids=BAD_FULL_POWERS.keys())
def test_the_api_refuses_bad_full_powers(api, world, private_files, case):
    delegation, _focal, head = world
    name, content, word = case
    response = api.post(
        reverse("signing-request-list"),
        {
            **signing_form(head, delegation=delegation.pk),
            "full_powers_document": SimpleUploadedFile(name, content()),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["full_powers_document"]
    assert word.lower() in " ".join(response.json()["full_powers_document"]).lower()
    assert not SigningRequest.objects.exists()
    assert stored_files(private_files) == []


def test_a_new_bad_copy_leaves_the_request_as_it_was(api, world, private_files):
    delegation, _focal, head = world
    api.post(
        reverse("signing-request-list"),
        {
            **signing_form(head, delegation=delegation.pk),
            "full_powers_document": SimpleUploadedFile("powers.pdf", pdf_bytes()),
        },
        format="multipart",
    )
    signing_request = SigningRequest.objects.get()
    before = (signing_request.full_powers_document.name, stored_files(private_files))

    response = api.patch(
        reverse("signing-request-detail", args=[signing_request.pk]),
        {"full_powers_document": SimpleUploadedFile("powers.pdf", b"%PDF-1.7\n")},
        format="multipart",
    )

    assert response.status_code == 400
    signing_request.refresh_from_db()
    assert (signing_request.full_powers_document.name, stored_files(private_files)) == before
    assert before[1] == [f"full-powers/{delegation.event_id}/{delegation.pk}/powers.pdf"]


@pytest.mark.parametrize(
    "name, content, stored",
    [
        ("../../powers.pdf", pdf_bytes, "powers.pdf"),
        ("Giấy ủy quyền.PDF", pdf_bytes, "giay-uy-quyen.pdf"),
        ("scan.jpeg", lambda: image_bytes("JPEG"), "scan.jpg"),
    ],
    ids=["slashes", "vietnamese name", "jpeg"],
)
def test_good_full_powers_are_stored_under_a_safe_name(
    portal, world, private_files, name, content, stored
):
    delegation, _focal, head = world
    response = portal.post(
        reverse("signing:request", args=[delegation.pk]),
        signing_form(head, full_powers_document=SimpleUploadedFile(name, content())),
    )

    assert response.status_code == 302
    path = f"full-powers/{delegation.event_id}/{delegation.pk}/{stored}"
    assert SigningRequest.objects.get().full_powers_document.name == path
    assert stored_files(private_files) == [path]


# Requests too large to read ----------------------------------------------------------------


def test_the_api_refuses_a_json_body_over_the_request_limit(api, world, settings):
    delegation, _focal, _head = world
    address = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = api.patch(
        reverse("delegation-detail", args=[delegation.pk]), {"address": address}, format="json"
    )

    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    delegation.refresh_from_db()
    assert delegation.address == ""


def test_the_api_refuses_multipart_fields_over_the_request_limit(api, world, settings):
    delegation, _focal, _head = world
    address = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = api.patch(
        reverse("delegation-detail", args=[delegation.pk]),
        {"address": address},
        format="multipart",
    )

    assert response.status_code == 413
    delegation.refresh_from_db()
    assert delegation.address == ""


def test_the_portal_refuses_a_form_over_the_request_limit(portal, world, settings):
    delegation, _focal, _head = world
    address = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = portal.post(reverse("portal:delegation", args=[delegation.pk]), {"address": address})

    assert response.status_code == 400
    delegation.refresh_from_db()
    assert delegation.address == ""


def test_a_pdf_just_under_the_parts_limit_is_read_whole():
    from config.core.uploads import PDF_MAX_OBJECTS, pdf_active_content

    # The page, its annotations, the page tree, the catalog: a few objects over the notes.
    under = PdfReader(io.BytesIO(pdf_of_many_parts(PDF_MAX_OBJECTS - 10)))
    over = PdfReader(io.BytesIO(pdf_of_many_parts(PDF_MAX_OBJECTS + 1)))

    assert pdf_active_content(under) is False
    assert pdf_active_content(over) is None


def test_a_reference_to_an_object_the_file_does_not_list_is_not_looked_for():
    """pypdf would search the whole file for each such object: thousands of them in a few
    kilobytes would cost minutes. To a PDF reader they are null, so the walk skips them."""
    from pypdf.generic import ArrayObject, IndirectObject, NameObject

    from config.core.uploads import pdf_active_content

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    missing = ArrayObject(IndirectObject(900_000 + n, 0, writer) for n in range(3))
    writer.pages[0][NameObject("/Annots")] = missing
    buffer = io.BytesIO()
    writer.write(buffer)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    looked_up = []
    get_object = reader.get_object
    reader.get_object = lambda reference: looked_up.append(reference.idnum) or get_object(reference)

    assert pdf_active_content(reader) is False
    assert looked_up and not [number for number in looked_up if number >= 900_000]
