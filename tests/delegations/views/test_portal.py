"""The registration portal: invitations, delegates, quotas, the window, isolation, sign-in."""

import io
import os
import re
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from delegations.enums import AccreditationStatus
from delegations.models import Delegate, FocalPoint, FocalPointInvitation
from delegations.services.accreditation import delegate_accredit, delegate_reject
from delegations.services.badges import badge_issue
from delegations.services.focal_points import focal_point_invite
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    DelegationQuotaFactory,
    EventFactory,
    FocalPointFactory,
    UserFactory,
)

PASSWORD = "correct-horse-battery"


def open_event(**kwargs):
    now = timezone.now()
    return EventFactory(
        registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=30),
        **kwargs,
    )


def delegate_data(**overrides):
    return {
        "honorific": "Ms.",
        "given_name": "Lan",
        "family_name": "Tran",
        "name_native": "Trần Thị Lan",
        "function": "Legal Adviser",
        "level": "other",
        "email": "lan.tran@mission.example.org",
        "dietary_needs": "Vegetarian",
        **overrides,
    }


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def noisy_png(side):
    """A real PNG that does not compress below 2 MB."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def delegation(db):
    return DelegationFactory(event=open_event(), kind="member_state", country="VN", code="VNM")


@pytest.fixture
def focal_point(delegation):
    return FocalPointFactory(delegation=delegation).user


@pytest.fixture
def focal_client(client, focal_point):
    client.force_login(focal_point)
    return client


def page(delegation, name="delegation", *args):
    return reverse(f"portal:{name}", args=[delegation.pk, *args])


# Invitations ---------------------------------------------------------------------------------


@pytest.fixture
def invite_through_admin(organiser_client, django_capture_on_commit_callbacks):
    """Send an invitation with the admin action; its e-mail goes out after the commit."""

    def invite(delegation, email):
        with django_capture_on_commit_callbacks(execute=True):
            return _invite_post(organiser_client, delegation, email)

    return invite


def _invite_post(organiser_client, delegation, email):
    return organiser_client.post(
        reverse("admin:delegations_delegation_changelist"),
        {
            "action": "focal_point_invite",
            ACTION_CHECKBOX_NAME: [delegation.pk],
            "apply": "1",
            "email": email,
        },
        follow=True,
    )


def link_in_last_mail():
    return re.search(r"https?://\S+/portal/invitations/\S+/", mail.outbox[-1].body).group(0)


def test_invited_focal_point_sets_a_password_and_lands_on_the_delegation(
    invite_through_admin, delegation, client
):
    response = invite_through_admin(delegation, "Focal@Mission.example.org")
    assert "Invitation sent" in response.content.decode()
    assert mail.outbox[-1].to == ["focal@mission.example.org"]
    link = link_in_last_mail()
    client.logout()
    assert client.get(link).status_code == 200
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == page(delegation)
    assert FocalPoint.objects.filter(
        delegation=delegation, user__email="focal@mission.example.org"
    ).exists()
    assert client.get(page(delegation)).status_code == 200


def test_invitation_link_is_single_use(invite_through_admin, delegation, client):
    invite_through_admin(delegation, "focal@mission.example.org")
    link = link_in_last_mail()
    client.logout()
    client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    response = client.get(link)
    assert response.status_code == 400
    assert "already been used" in response.content.decode()


def test_expired_invitation_is_refused(invite_through_admin, delegation, client):
    invite_through_admin(delegation, "focal@mission.example.org")
    FocalPointInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.post(link_in_last_mail(), {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not FocalPoint.objects.exists()


def test_weak_or_mismatched_password_changes_nothing(invite_through_admin, delegation, client):
    invite_through_admin(delegation, "focal@mission.example.org")
    link = link_in_last_mail()
    client.logout()
    for passwords in ({"password1": "123", "password2": "123"}, {"password1": PASSWORD}):
        response = client.post(link, passwords)
        assert response.status_code == 400
    assert not FocalPoint.objects.exists()
    assert FocalPointInvitation.objects.get().accepted_at is None


def test_one_person_serves_two_delegations(
    delegation, focal_client, focal_point, django_capture_on_commit_callbacks
):
    other = DelegationFactory(event=delegation.event)
    with django_capture_on_commit_callbacks(execute=True):
        focal_point_invite(
            delegation=other,
            email=focal_point.email,
            invited_by=None,
            site_url="http://testserver",
        )
    response = focal_client.post(link_in_last_mail())
    assert response.status_code == 302
    home = focal_client.get(reverse("portal:home")).content.decode()
    assert delegation.name in home and other.name in home


# Delegates -----------------------------------------------------------------------------------


def test_focal_point_registers_three_delegates_and_submits(focal_client, delegation):
    for n in range(3):
        response = focal_client.post(
            page(delegation, "delegate_add"),
            delegate_data(email=f"d{n}@mission.example.org", is_head=n == 0),
        )
        assert response.status_code == 302, response.content.decode()
    response = focal_client.post(page(delegation, "delegation_submit"), follow=True)
    assert "3 delegates are sent for accreditation" in response.content.decode()
    statuses = set(delegation.delegates.values_list("accreditation_status", flat=True))
    assert statuses == {AccreditationStatus.SUBMITTED}


def test_photo_is_stored_privately_and_shown_only_to_the_focal_point(
    focal_client, delegation, client
):
    focal_client.post(
        page(delegation, "delegate_add"),
        {**delegate_data(), "photo": SimpleUploadedFile("me.png", png_bytes(), "image/png")},
    )
    delegate = delegation.delegates.get()
    assert delegate.photo.name.startswith("badge-photos/")
    photo_url = page(delegation, "delegate_photo", delegate.pk)
    assert focal_client.get(photo_url).status_code == 200
    edit = focal_client.get(page(delegation, "delegate_edit", delegate.pk)).content.decode()
    assert "a file is on record" in edit and "badge-photos/" not in edit
    client.logout()
    stranger = FocalPointFactory(delegation=DelegationFactory(event=delegation.event)).user
    client.force_login(stranger)
    assert client.get(photo_url).status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("cv.png", b"not an image at all", "image/png"), "valid image"),
        (SimpleUploadedFile("big.png", noisy_png(1100), "image/png"), "larger than 2 MB"),
    ],
    ids=["not-an-image", "too-large"],
)
def test_bad_photo_is_a_field_error(focal_client, delegation, upload, message):
    response = focal_client.post(
        page(delegation, "delegate_add"), {**delegate_data(), "photo": upload}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'class="field invalid"' in response.content.decode()
    assert not delegation.delegates.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"family_name": "X" * 101},
        {"family_name": ""},
        {"email": "not-an-email"},
        {"level": "emperor"},
        {"arrival": "2025-10-26T10:00", "departure": "2025-10-25T10:00"},
        {"arrival": "yesterday"},
    ],
    ids=["overlong", "missing", "email", "level", "departure-first", "mistyped-date"],
)
def test_bad_input_gets_field_errors_and_writes_nothing(focal_client, delegation, bad):
    response = focal_client.post(page(delegation, "delegate_add"), delegate_data(**bad))
    assert response.status_code == 400
    assert "error" in response.content.decode()
    assert not delegation.delegates.exists()


def test_second_head_of_delegation_is_refused(focal_client, delegation):
    DelegateFactory(delegation=delegation, is_head=True)
    response = focal_client.post(page(delegation, "delegate_add"), delegate_data(is_head="on"))
    assert response.status_code == 400
    assert "already has a head" in response.content.decode()
    assert delegation.delegates.count() == 1


def test_quota_shows_places_left_and_refuses_more(focal_client, delegation):
    DelegationQuotaFactory(event=delegation.event, kind=delegation.kind, max_delegates=2)
    DelegateFactory(delegation=delegation)
    body = focal_client.get(page(delegation)).content.decode()
    assert re.search(r'data-testid="places-remaining">1<', body)
    focal_client.post(page(delegation, "delegate_add"), delegate_data())
    response = focal_client.post(
        page(delegation, "delegate_add"), delegate_data(email="third@mission.example.org")
    )
    assert response.status_code == 400
    assert "quota of 2 delegates" in response.content.decode()
    assert delegation.delegates.count() == 2


def test_withdrawing_frees_a_place(focal_client, delegation):
    DelegationQuotaFactory(event=delegation.event, kind=delegation.kind, max_delegates=1)
    delegate = DelegateFactory(delegation=delegation)
    focal_client.post(page(delegation, "delegate_withdraw", delegate.pk))
    delegate.refresh_from_db()
    assert delegate.accreditation_status == AccreditationStatus.WITHDRAWN
    response = focal_client.post(page(delegation, "delegate_add"), delegate_data())
    assert response.status_code == 302


def test_closed_registration_refuses_changes(focal_client, delegation):
    event = delegation.event
    event.registration_closes = timezone.now() - timedelta(minutes=1)
    event.save()
    body = focal_client.get(page(delegation)).content.decode()
    assert "Registration is closed" in body
    response = focal_client.post(page(delegation, "delegate_add"), delegate_data())
    assert response.status_code == 400
    assert "Registration for this event is closed" in response.content.decode()
    assert not delegation.delegates.exists()


def test_focal_point_sees_the_outcome_of_accreditation(focal_client, delegation):
    accepted, refused = DelegateFactory.create_batch(
        2, delegation=delegation, accreditation_status=AccreditationStatus.SUBMITTED
    )
    delegate_accredit(delegate=accepted)
    delegate_reject(delegate=refused, reason="Passport copy is unreadable")
    body = focal_client.get(page(delegation)).content.decode()
    assert "Passport copy is unreadable" in body
    assert accepted.badges.get().number in body
    assert "Accredited" in body and "Rejected" in body


def test_delegation_page_queries_do_not_grow_with_delegates(focal_client, delegation):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert focal_client.get(page(delegation)).status_code == 200
        return len(captured)

    for delegate in DelegateFactory.create_batch(2, delegation=delegation):
        badge_issue(delegate=delegate)
    few = queries()
    for delegate in DelegateFactory.create_batch(20, delegation=delegation):
        badge_issue(delegate=delegate)
    assert queries() == few


# Isolation -----------------------------------------------------------------------------------


def foreign_pages(other, delegate):
    return [
        ("get", page(other)),
        ("post", page(other)),
        ("get", page(other, "delegate_add")),
        ("post", page(other, "delegate_add")),
        ("get", page(other, "delegate_edit", delegate.pk)),
        ("post", page(other, "delegate_edit", delegate.pk)),
        ("post", page(other, "delegate_withdraw", delegate.pk)),
        ("post", page(other, "delegation_submit")),
        ("get", page(other, "delegate_photo", delegate.pk)),
        ("get", page(other, "badge_sheet")),
    ]


def test_another_delegations_pages_answer_404_and_change_nothing(focal_client, delegation):
    other = DelegationFactory(event=delegation.event, contact_email="b@other.example.org")
    delegate = DelegateFactory(delegation=other, family_name="Stranger")
    for method, url in foreign_pages(other, delegate):
        response = getattr(focal_client, method)(
            url, delegate_data(contact_email="hacked@example.org") if method == "post" else None
        )
        assert response.status_code == 404, (method, url)
        assert "Stranger" not in response.content.decode()
    other.refresh_from_db()
    delegate.refresh_from_db()
    assert other.contact_email == "b@other.example.org"
    assert delegate.accreditation_status == AccreditationStatus.DRAFT
    assert other.delegates.count() == 1


def test_own_delegation_with_another_delegations_delegate_is_404(focal_client, delegation):
    stranger = DelegateFactory(delegation=DelegationFactory(event=delegation.event))
    for name in ("delegate_edit", "delegate_photo"):
        assert focal_client.get(page(delegation, name, stranger.pk)).status_code == 404
    response = focal_client.post(page(delegation, "delegate_withdraw", stranger.pk))
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.accreditation_status == AccreditationStatus.DRAFT


def test_anonymous_visitors_are_sent_to_sign_in(client, delegation):
    delegate = DelegateFactory(delegation=delegation)
    for method, url in [("get", reverse("portal:home")), *foreign_pages(delegation, delegate)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("portal:login"))
    assert Delegate.objects.get() == delegate


# Sign-in and languages -----------------------------------------------------------------------


def test_sign_in_is_locked_after_repeated_failures(client, db):
    UserFactory(username="focal@mission.example.org")
    url = reverse("portal:login")
    for _attempt in range(5):
        client.post(url, {"username": "focal@mission.example.org", "password": "wrong"})
    response = client.post(url, {"username": "focal@mission.example.org", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_arabic_interface_is_right_to_left(focal_client, delegation):
    focal_client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    body = focal_client.get(page(delegation)).content.decode()
    assert 'lang="ar" dir="rtl"' in body
    focal_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert 'dir="ltr"' in focal_client.get(page(delegation)).content.decode()


def test_staff_download_delegate_and_delegation_lists(organiser_client, delegation):
    import csv

    from openpyxl import load_workbook

    DelegateFactory(delegation=delegation, family_name="=cmd", name_native="王伟")
    changelist = reverse("admin:delegations_delegate_changelist")
    selected = list(delegation.delegates.values_list("pk", flat=True))
    response = organiser_client.post(
        changelist, {"action": "list_csv", ACTION_CHECKBOX_NAME: selected}
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3] == "'=cmd" and rows[1][4] == "王伟"
    response = organiser_client.post(
        reverse("admin:delegations_delegation_changelist"),
        {"action": "list_xlsx", ACTION_CHECKBOX_NAME: [delegation.pk]},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "VNM" and sheet["F2"].value == 1


def test_after_the_deadline_the_portal_is_read_only(focal_client, delegation):
    """No Withdraw, Add, Edit or Save is offered, and a withdrawal posted anyway changes nothing;
    the counts leave withdrawn delegates out."""
    kept = DelegateFactory(delegation=delegation, family_name="Kept")
    gone = DelegateFactory(
        delegation=delegation,
        family_name="Gone",
        accreditation_status=AccreditationStatus.WITHDRAWN,
    )
    DelegationQuotaFactory(event=delegation.event, kind=delegation.kind, max_delegates=5)
    delegation.language = "fr"
    delegation.save()
    event = delegation.event
    event.registration_closes = timezone.now() - timedelta(minutes=1)
    event.save()
    body = focal_client.get(page(delegation)).content.decode()
    assert "Registration is closed" in body
    assert '<dd dir="auto">French</dd>' in body  # the language by its name, not its code
    for control in (
        page(delegation, "delegate_withdraw", kept.pk),
        page(delegation, "delegate_add"),
        page(delegation, "delegate_edit", kept.pk),
        ">Save<",
    ):
        assert control not in body
    assert 'data-testid="delegate-count">1<' in body
    assert 'data-testid="places-remaining">4<' in body
    answer = focal_client.post(page(delegation, "delegate_withdraw", kept.pk), follow=True)
    assert "Registration for this event is closed" in answer.content.decode()
    kept.refresh_from_db()
    assert kept.accreditation_status != AccreditationStatus.WITHDRAWN
    assert gone.accreditation_status == AccreditationStatus.WITHDRAWN


def test_while_open_the_count_of_delegates_leaves_the_withdrawn_out(focal_client, delegation):
    DelegateFactory(delegation=delegation)
    DelegateFactory(delegation=delegation, accreditation_status=AccreditationStatus.WITHDRAWN)
    body = focal_client.get(page(delegation)).content.decode()
    assert 'data-testid="delegate-count">1<' in body


def test_a_focal_point_chooses_the_language_each_delegate_and_the_delegation_are_written_to_in(
    focal_client, delegation
):
    form = focal_client.get(page(delegation, "delegate_add")).content.decode()
    assert 'name="language"' in form and '<option value="ar">' in form
    added = focal_client.post(page(delegation, "delegate_add"), delegate_data(language="ru"))
    assert added.status_code == 302
    refused = focal_client.post(
        page(delegation, "delegate_add"),
        delegate_data(language="tlh", email="other@mission.example.org"),
    )
    assert refused.status_code == 400 and 'class="field invalid"' in refused.content.decode()
    assert list(delegation.delegates.values_list("language", flat=True)) == ["ru"]

    saved = focal_client.post(
        page(delegation), {"contact_email": "protocol@mission.example.org", "language": "fr"}
    )
    assert saved.status_code == 302
    delegation.refresh_from_db()
    assert delegation.language == "fr"
