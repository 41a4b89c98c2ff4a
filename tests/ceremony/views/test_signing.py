"""The signing pages of the portal: a request with full powers, its status, corrections,
withdrawal, the private copy of full powers, and isolation between delegations."""

import io
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ceremony.enums import FullPowersStatus
from ceremony.models import FULL_POWERS_MAX_BYTES, SigningRequest
from delegations.enums import AccreditationStatus
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    EventFactory,
    FocalPointFactory,
    SessionFactory,
    SigningRequestFactory,
)
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

MISSING = 987_654_321
UTC = ZoneInfo("UTC")
REFUSED_KIND = "Only States and regional economic integration organisations can sign the treaty"


def pdf_upload(name="full-powers.pdf", size=None):
    """A real one-page PDF; padded to ``size`` bytes when asked."""
    content = pdf_bytes()
    if size:
        content = content.ljust(size, b"0")
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name="full-powers.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 60), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def private_files(monkeypatch, tmp_path):
    """Copies of full powers land in a private folder of this test, never in MEDIA_ROOT."""
    storage = FileSystemStorage(location=tmp_path / "private")
    field = SigningRequest._meta.get_field("full_powers_document")
    monkeypatch.setattr(field, "storage", storage)
    return tmp_path / "private"


def stored_files(folder):
    return sorted(path.name for path in folder.rglob("*") if path.is_file())


def signatory(kind="member_state", event=None, **fields):
    """A delegation with a focal point, a head and a withdrawn delegate."""
    if kind in ("member_state", "observer_state"):
        fields.setdefault("country", "VN")
    delegation = DelegationFactory(kind=kind, event=event or EventFactory(), **fields)
    focal = FocalPointFactory(delegation=delegation).user
    head = DelegateFactory(delegation=delegation, is_head=True, family_name="Nguyen")
    withdrawn = DelegateFactory(
        delegation=delegation,
        family_name="Gone",
        accreditation_status=AccreditationStatus.WITHDRAWN,
    )
    return SimpleNamespace(delegation=delegation, user=focal, head=head, withdrawn=withdrawn)


@pytest.fixture
def state():
    return signatory(name="Viet Nam", code="VNM")


@pytest.fixture
def focal_client(client, state):
    client.force_login(state.user)
    return client


def page(delegation, name="request"):
    return reverse(f"signing:{name}", args=[delegation.pk if delegation else MISSING])


def request_data(delegate, level="minister", **overrides):
    return {
        "representative": delegate.pk,
        "level": level,
        "preferred_date": "2025-10-25",
        **overrides,
    }


# Requesting --------------------------------------------------------------------------------


def test_a_states_focal_point_requests_with_a_minister_and_full_powers(
    focal_client, state, private_files
):
    response = focal_client.post(
        page(state.delegation),
        {**request_data(state.head), "full_powers_document": pdf_upload()},
    )

    assert response.status_code == 302
    signing_request = SigningRequest.objects.get(delegation=state.delegation)
    assert signing_request.representative == state.head
    assert signing_request.level == "minister"
    assert signing_request.preferred_date == date(2025, 10, 25)
    assert signing_request.full_powers_status == FullPowersStatus.AWAITING
    assert stored_files(private_files) == ["full-powers.pdf"]
    shown = focal_client.get(page(state.delegation)).content.decode()
    assert "Awaiting verification" in shown
    assert "To be announced" in shown
    assert page(state.delegation, "full_powers") in shown
    assert signing_request.full_powers_document.name not in shown
    assert "/media/" not in shown


def test_a_head_of_state_signs_without_full_powers(focal_client, state, private_files):
    response = focal_client.post(
        page(state.delegation), request_data(state.head, level="head_of_state")
    )

    assert response.status_code == 302
    signing_request = SigningRequest.objects.get(delegation=state.delegation)
    assert signing_request.full_powers_status == FullPowersStatus.NOT_REQUIRED
    assert stored_files(private_files) == []


def test_a_minister_without_full_powers_is_a_field_error_and_nothing_is_written(
    focal_client, state, private_files
):
    response = focal_client.post(page(state.delegation), request_data(state.head))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["full_powers_document"]
    assert "instrument of full powers" in errors["full_powers_document"][0]
    assert not SigningRequest.objects.exists()
    assert stored_files(private_files) == []


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            lambda: SimpleUploadedFile("powers.pdf", b"just some text, not a PDF"),
            "The file is not a PDF.",
        ),
        (lambda: pdf_upload(size=FULL_POWERS_MAX_BYTES + 1), "The file is larger than 10 MB."),
        (lambda: SimpleUploadedFile("powers.docx", b"%PDF-1.4 in disguise"), "not allowed"),
    ],
    ids=["text renamed pdf", "over 10 MB", "wrong extension"],
)
def test_a_file_that_is_not_full_powers_is_refused(
    focal_client, state, private_files, upload, message
):
    response = focal_client.post(
        page(state.delegation), {**request_data(state.head), "full_powers_document": upload()}
    )

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["full_powers_document"])
    assert not SigningRequest.objects.exists()
    assert stored_files(private_files) == []


def test_an_image_of_full_powers_is_accepted(focal_client, state):
    focal_client.post(
        page(state.delegation),
        {**request_data(state.head), "full_powers_document": png_upload()},
    )

    assert SigningRequest.objects.get().full_powers_status == FullPowersStatus.AWAITING


def test_a_regional_economic_integration_organisation_can_request(client):
    reio = signatory(kind="reio", name="European Union", code="EU")
    client.force_login(reio.user)

    response = client.post(
        page(reio.delegation), {**request_data(reio.head), "full_powers_document": pdf_upload()}
    )

    assert response.status_code == 302
    assert SigningRequest.objects.get().delegation == reio.delegation


@pytest.mark.parametrize("kind", ["ngo", "igo", "un_entity", "media"])
def test_other_kinds_are_refused_with_a_clear_message(client, kind):
    other = signatory(kind=kind)
    client.force_login(other.user)

    shown = client.get(page(other.delegation))
    posted = client.post(
        page(other.delegation), request_data(other.head, level="head_of_organisation")
    )

    assert shown.status_code == 200
    assert REFUSED_KIND in shown.content.decode()
    assert "<select" not in shown.content.decode().split("<main>")[1]
    assert posted.status_code == 400
    assert REFUSED_KIND in posted.content.decode()
    assert not SigningRequest.objects.exists()


def test_the_form_offers_the_delegations_live_delegates_and_the_events_days(focal_client, state):
    stranger = DelegateFactory(delegation__event=state.delegation.event, family_name="Stranger")

    form = focal_client.get(page(state.delegation)).context["form"]

    representatives = list(form.fields["representative"].queryset)
    assert representatives == [state.head]
    assert stranger not in representatives
    days = [value for value, _label in form.fields["preferred_date"].choices]
    assert days == ["", "2025-10-25", "2025-10-26"]
    assert 'accept="application/pdf,image/jpeg,image/png"' in str(form["full_powers_document"])


def test_a_withdrawn_delegate_cannot_be_the_representative(focal_client, state):
    response = focal_client.post(
        page(state.delegation), request_data(state.withdrawn, level="head_of_state")
    )

    assert response.status_code == 400
    assert "representative" in response.context["form"].errors
    assert not SigningRequest.objects.exists()


# Following and correcting ------------------------------------------------------------------


def test_a_rejected_request_shows_the_note_and_a_corrected_copy_goes_back_to_checking(
    focal_client, state, private_files
):
    SigningRequestFactory(
        delegation=state.delegation,
        representative=state.head,
        level="minister",
        full_powers_status=FullPowersStatus.REJECTED,
        full_powers_document=pdf_upload("old.pdf"),
        full_powers_note="The instrument is not signed by the Head of State.",
    )

    shown = focal_client.get(page(state.delegation))
    corrected = focal_client.post(
        page(state.delegation),
        {**request_data(state.head), "full_powers_document": pdf_upload("signed.pdf")},
    )

    assert "The instrument is not signed by the Head of State." in shown.content.decode()
    assert "Rejected" in shown.content.decode()
    assert shown.context["form"]["representative"].value() == state.head.pk
    assert corrected.status_code == 302
    signing_request = SigningRequest.objects.get()
    assert signing_request.full_powers_status == FullPowersStatus.AWAITING
    assert signing_request.full_powers_note == ""
    assert signing_request.full_powers_document.name.endswith("signed.pdf")
    assert (
        "The instrument is not signed"
        not in focal_client.get(page(state.delegation)).content.decode()
    )


def test_a_correction_the_service_refuses_is_a_form_error(focal_client, state):
    signing_request = SigningRequestFactory(delegation=state.delegation, representative=state.head)

    response = focal_client.post(page(state.delegation), request_data(state.head))

    assert response.status_code == 400
    assert "full_powers_document" in response.context["form"].errors
    assert model_to_dict(SigningRequest.objects.get()) == model_to_dict(signing_request)


def test_the_slot_shows_in_the_events_zone_only_once_published(focal_client, state):
    session = SessionFactory(event=state.delegation.event, kind="signing")
    signing_request = SigningRequestFactory(
        delegation=state.delegation,
        representative=state.head,
        slot_session=session,
        slot_start=datetime(2025, 10, 25, 2, 4, tzinfo=UTC),
        signing_order=3,
    )

    unpublished = focal_client.get(page(state.delegation)).content.decode()
    signing_request.slot_published_at = timezone.now()
    signing_request.save()
    published = focal_client.get(page(state.delegation)).content.decode()

    assert "To be announced" in unpublished
    assert "09:04" not in unpublished
    assert "Number 3 in the signing order" in published
    assert "Saturday 25 October 2025, 09:04 (Asia/Ho_Chi_Minh)" in published


def test_a_signed_request_shows_when_and_can_no_longer_change(focal_client, state):
    SigningRequestFactory(
        delegation=state.delegation,
        representative=state.head,
        signed_at=datetime(2025, 10, 25, 3, 30, tzinfo=UTC),
    )

    response = focal_client.get(page(state.delegation))

    assert "Saturday 25 October 2025, 10:30" in response.content.decode()
    assert response.context["form"] is None


def test_the_focal_point_withdraws_the_request(focal_client, state):
    SigningRequestFactory(delegation=state.delegation, representative=state.head)

    response = focal_client.post(page(state.delegation, "withdraw"), follow=True)

    assert SigningRequest.objects.get().withdrawn_at is not None
    assert "The signing request is withdrawn." in response.content.decode()
    assert response.context["form"] is None


def test_a_signature_cannot_be_withdrawn(focal_client, state):
    SigningRequestFactory(
        delegation=state.delegation, representative=state.head, signed_at=timezone.now()
    )

    response = focal_client.post(page(state.delegation, "withdraw"), follow=True)

    assert "A signature cannot be withdrawn." in response.content.decode()
    assert SigningRequest.objects.get().withdrawn_at is None


def test_the_delegation_page_links_to_signing_only_for_those_who_can_sign(client):
    state, ngo = signatory(), signatory(kind="ngo")
    FocalPointFactory(user=state.user, delegation=ngo.delegation)
    client.force_login(state.user)

    state_page = client.get(reverse("portal:delegation", args=[state.delegation.pk]))
    ngo_page = client.get(reverse("portal:delegation", args=[ngo.delegation.pk]))

    assert page(state.delegation) in state_page.content.decode()
    assert page(ngo.delegation) not in ngo_page.content.decode()


# The private copy of full powers -----------------------------------------------------------


@pytest.fixture
def with_full_powers(state):
    return SigningRequestFactory(
        delegation=state.delegation,
        representative=state.head,
        level="minister",
        full_powers_status=FullPowersStatus.AWAITING,
        full_powers_document=pdf_upload("powers-vnm.pdf"),
    )


def test_the_focal_point_downloads_its_own_copy(focal_client, state, with_full_powers):
    response = focal_client.get(page(state.delegation, "full_powers"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_the_copy_is_404_for_another_focal_point_and_login_for_anonymous(
    client, state, with_full_powers
):
    url = page(state.delegation, "full_powers")

    anonymous = client.get(url)
    client.force_login(signatory(name="Other", code="OTH", country="FR").user)
    other = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("portal:login"))
    assert other.status_code == 404


def test_no_copy_is_a_404(focal_client, state):
    SigningRequestFactory(delegation=state.delegation, representative=state.head)

    assert focal_client.get(page(state.delegation, "full_powers")).status_code == 404


# Isolation -----------------------------------------------------------------------------------


def snapshot():
    return [
        {**model_to_dict(row), "document": row.full_powers_document.name}
        for row in SigningRequest.objects.order_by("pk")
    ], SigningRequest.history.count()


@pytest.mark.parametrize(
    "method, name, body",
    [
        ("get", "request", None),
        ("post", "request", "correction"),
        ("post", "withdraw", None),
        ("get", "full_powers", None),
    ],
)
def test_another_delegations_pages_answer_404_and_change_nothing(
    client, state, with_full_powers, method, name, body
):
    intruder = signatory(name="Other", code="OTH", country="FR", event=state.delegation.event)
    client.force_login(intruder.user)
    data = (
        {**request_data(intruder.head), "full_powers_document": pdf_upload("forged.pdf")}
        if body
        else {}
    )
    before = snapshot()

    foreign = getattr(client, method)(page(state.delegation, name), data)
    missing = getattr(client, method)(page(None, name), data)

    assert foreign.status_code == missing.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    "method, name",
    [("get", "request"), ("post", "request"), ("post", "withdraw"), ("get", "full_powers")],
)
def test_anonymous_is_sent_to_sign_in(client, state, with_full_powers, method, name):
    before = snapshot()

    response = getattr(client, method)(page(state.delegation, name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    assert snapshot() == before
