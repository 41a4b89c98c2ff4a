"""The REST API: sign-in, a focal point's registration, bad input, accreditation, query counts.

Isolation between delegations has its own module (test_api_isolation.py).
"""

import io
import os
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from delegations.enums import AccreditationStatus
from delegations.models import PHOTO_MAX_BYTES, Badge, Delegate, Delegation
from tests import factories
from tests.clients import api_client

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def focal_point_create(delegation, **user_fields):
    user = factories.UserFactory(**user_fields)
    factories.FocalPointFactory(user=user, delegation=delegation)
    return user


def png_upload(name="photo.png", size=(60, 80), noise=False):
    """A real PNG; with noise it barely compresses, which makes a big file from a few pixels."""
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "white")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def delegates_url(pk=None, action=None):
    if action:
        return reverse(f"delegate-{action}", args=[pk])
    return reverse("delegate-detail", args=[pk]) if pk else reverse("delegate-list")


def delegation_url(pk, action=None):
    return reverse(f"delegation-{action or 'detail'}", args=[pk])


@pytest.fixture(autouse=True)
def api_isolated(monkeypatch, settings, tmp_path):
    """Throttle counters live in the cache, photos on disk: neither may leak between tests.

    Passwords use a fast hasher: these tests are about the API, not password storage.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    photo_field = Delegate._meta.get_field("photo")
    monkeypatch.setattr(photo_field, "storage", FileSystemStorage(location=tmp_path))
    yield
    cache.clear()


@pytest.fixture
def event():
    return factories.EventFactory()


@pytest.fixture
def delegation(event):
    return factories.DelegationFactory(event=event)


@pytest.fixture
def focal_user(delegation):
    return focal_point_create(delegation)


@pytest.fixture
def focal_api(focal_user):
    return api_client(focal_user)


@pytest.fixture
def staff_api(organiser):
    return api_client(organiser)


def new_delegate(delegation, **fields):
    return {"delegation": delegation.pk, "family_name": "Nguyen", **fields}


# Authentication ---------------------------------------------------------------------------

#: Every endpoint that needs a signed-in person: (method, URL from the objects, body).
ENDPOINTS = {
    "events": ("get", lambda o: reverse("event-list"), None),
    "event": ("get", lambda o: reverse("event-detail", args=[o["event"].pk]), None),
    "delegations": ("get", lambda o: reverse("delegation-list"), None),
    "delegation": ("get", lambda o: delegation_url(o["delegation"].pk), None),
    "delegation patch": (
        "patch",
        lambda o: delegation_url(o["delegation"].pk),
        {"contact_email": "mission@example.org"},
    ),
    "delegation submit": ("post", lambda o: delegation_url(o["delegation"].pk, "submit"), None),
    "delegates": ("get", lambda o: delegates_url(), None),
    "delegate create": ("post", lambda o: delegates_url(), {"family_name": "Nguyen"}),
    "delegate": ("get", lambda o: delegates_url(o["delegate"].pk), None),
    "delegate put": ("put", lambda o: delegates_url(o["delegate"].pk), {"family_name": "Le"}),
    "delegate patch": ("patch", lambda o: delegates_url(o["delegate"].pk), {"family_name": "Le"}),
    "delegate withdraw": ("delete", lambda o: delegates_url(o["delegate"].pk), None),
    "delegate accredit": ("post", lambda o: delegates_url(o["delegate"].pk, "accredit"), None),
    "delegate reject": (
        "post",
        lambda o: delegates_url(o["delegate"].pk, "reject"),
        {"reason": "No"},
    ),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_is_refused_everywhere_and_changes_nothing(endpoint, event, delegation):
    delegate = factories.DelegateFactory(
        delegation=delegation, accreditation_status=AccreditationStatus.SUBMITTED
    )
    method, url, body = ENDPOINTS[endpoint]
    objects = {"event": event, "delegation": delegation, "delegate": delegate}

    response = getattr(APIClient(), method)(url(objects), body, format="json")

    assert response.status_code == 401
    assert set(response.json()) == {"detail"}
    delegate.refresh_from_db()
    assert delegate.family_name.startswith("Tran")
    assert delegate.accreditation_status == AccreditationStatus.SUBMITTED
    assert Delegate.objects.count() == 1


def test_a_wrong_token_is_refused(delegation):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert client.get(reverse("delegation-list")).status_code == 401


def test_sign_in_gives_a_token_that_opens_the_api(focal_user, delegation):
    client = APIClient()
    response = client.post(
        reverse("api-token"), {"username": focal_user.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")

    listed = client.get(reverse("delegation-list"))

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [delegation.pk]


def test_session_sign_in_opens_the_api_too(client, focal_user, delegation):
    client.force_login(focal_user)

    assert client.get(delegation_url(delegation.pk)).status_code == 200


@pytest.mark.parametrize("body", [{}, {"username": "someone"}, {"password": "x"}])
def test_sign_in_names_missing_fields(body):
    response = APIClient().post(reverse("api-token"), body, format="json")

    assert response.status_code == 400
    assert set(response.json()) <= {"username", "password"}
    assert response.json()


def test_guessing_a_password_locks_the_account_then_refuses_the_right_one(settings, focal_user):
    client = APIClient()
    wrong = {"username": focal_user.username, "password": "guess"}
    answers = [client.post(reverse("api-token"), wrong).status_code for _ in range(4)]
    assert answers == [400] * 4

    locking = client.post(reverse("api-token"), wrong)
    right = client.post(
        reverse("api-token"), {"username": focal_user.username, "password": PASSWORD}
    )

    assert settings.AXES_FAILURE_LIMIT == 5
    assert locking.status_code == 429
    assert right.status_code == 429
    assert "locked" in right.json()["detail"]
    assert int(right["Retry-After"]) > 0
    assert not Token.objects.filter(user=focal_user).exists()


def test_sign_in_is_throttled_per_client_whatever_the_username(settings):
    client = APIClient()
    rate = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["sign_in"].split("/")[0])
    answers = [
        client.post(reverse("api-token"), {"username": f"guess{n}", "password": "x"}).status_code
        for n in range(rate + 1)
    ]

    assert answers == [400] * rate + [429]


# A focal point's registration ---------------------------------------------------------------


def test_focal_point_registers_three_delegates_and_submits_them(focal_api, event, delegation):
    factories.DelegationQuotaFactory(event=event, kind=delegation.kind, max_delegates=5)
    head = focal_api.post(
        delegates_url(),
        {
            **new_delegate(delegation, family_name="Pham", given_name="Minh"),
            "is_head": True,
            "level": "minister",
            "name_native": "Phạm Minh",
            "photo": png_upload(),
        },
        format="multipart",
    )
    others = [
        focal_api.post(delegates_url(), new_delegate(delegation, family_name=name), format="json")
        for name in ("王", "Петров")
    ]
    assert [r.status_code for r in (head, *others)] == [201, 201, 201]
    assert head.json()["has_photo"] is True
    assert "photo" not in head.json()
    assert head.json()["full_name"] == "Minh PHAM"
    assert head.json()["accreditation_status"] == "draft"

    submitted = focal_api.post(delegation_url(delegation.pk, "submit"))

    assert submitted.status_code == 200
    assert submitted.json() == {"submitted": 3}
    listed = focal_api.get(delegates_url(), {"delegation": delegation.pk}).json()
    assert listed["count"] == 3
    assert {row["accreditation_status"] for row in listed["results"]} == {"submitted"}
    assert {row["badge_number"] for row in listed["results"]} == {None}
    shown = focal_api.get(delegation_url(delegation.pk)).json()
    assert shown["accreditation_counts"] == {
        "draft": 0,
        "submitted": 3,
        "accredited": 0,
        "rejected": 0,
        "withdrawn": 0,
    }
    assert shown["places_remaining"] == 2


def test_list_filters_and_search(focal_api, delegation):
    factories.DelegateFactory(delegation=delegation, family_name="Alpha", is_head=True)
    factories.DelegateFactory(
        delegation=delegation,
        family_name="Beta",
        accreditation_status=AccreditationStatus.SUBMITTED,
    )

    heads = focal_api.get(delegates_url(), {"is_head": "true"}).json()
    submitted = focal_api.get(delegates_url(), {"accreditation_status": "submitted"}).json()
    found = focal_api.get(delegates_url(), {"search": "alph"}).json()

    assert [row["family_name"] for row in heads["results"]] == ["Alpha"]
    assert [row["family_name"] for row in submitted["results"]] == ["Beta"]
    assert [row["family_name"] for row in found["results"]] == ["Alpha"]
    assert focal_api.get(reverse("delegation-list"), {"kind": "ngo"}).json()["count"] == 1
    assert focal_api.get(reverse("delegation-list"), {"kind": "igo"}).json()["count"] == 0


def test_events_are_listed_with_their_window(focal_api, event):
    event.registration_closes = timezone.now() - timedelta(days=1)
    event.save()

    shown = focal_api.get(reverse("event-detail", args=[event.pk])).json()

    assert shown["timezone"] == "Asia/Ho_Chi_Minh"
    assert shown["treaty"] == "Convention against Cybercrime"
    assert shown["registration_open"] is False
    assert shown["languages"] == ["ar", "zh-hans", "en", "fr", "ru", "es"]


def test_focal_point_changes_its_contact_details_only(focal_api, delegation):
    response = focal_api.patch(
        delegation_url(delegation.pk),
        {"contact_email": "mission@example.org", "name": "Renamed", "kind": "member_state"},
        format="json",
    )

    assert response.status_code == 200
    delegation.refresh_from_db()
    assert delegation.contact_email == "mission@example.org"
    assert (delegation.name, delegation.kind) != ("Renamed", "member_state")


def test_delegations_answer_no_put_nor_delete(focal_api, delegation):
    assert focal_api.put(delegation_url(delegation.pk), {}, format="json").status_code == 405
    assert focal_api.delete(delegation_url(delegation.pk)).status_code == 405
    assert Delegation.objects.filter(pk=delegation.pk).exists()


def test_withdrawing_keeps_the_row_frees_the_place_and_revokes_the_badge(focal_api, delegation):
    factories.DelegationQuotaFactory(event=delegation.event, kind=delegation.kind, max_delegates=1)
    badge = factories.BadgeFactory(delegate__delegation=delegation)

    response = focal_api.delete(delegates_url(badge.delegate.pk))

    assert response.status_code == 204
    badge.refresh_from_db()
    assert badge.revoked_at is not None
    shown = focal_api.get(delegates_url(badge.delegate.pk)).json()
    assert shown["accreditation_status"] == "withdrawn"
    assert shown["badge_number"] is None
    assert focal_api.get(delegation_url(delegation.pk)).json()["places_remaining"] == 1
    assert focal_api.delete(delegates_url(badge.delegate.pk)).status_code == 204


def test_a_rejected_delegate_corrected_goes_back_to_draft(focal_api, delegation):
    delegate = factories.DelegateFactory(
        delegation=delegation,
        accreditation_status=AccreditationStatus.REJECTED,
        accreditation_note="The photo is blurred.",
    )
    assert focal_api.get(delegates_url(delegate.pk)).json()["accreditation_note"] == (
        "The photo is blurred."
    )

    response = focal_api.patch(
        delegates_url(delegate.pk), {"photo": png_upload()}, format="multipart"
    )

    assert response.status_code == 200
    assert response.json()["accreditation_status"] == "draft"
    assert response.json()["accreditation_note"] == ""


# Bad input ----------------------------------------------------------------------------------


def assert_nothing_written(delegation, count=0):
    assert delegation.delegates.count() == count


@pytest.fixture
def closed_event(event):
    event.registration_opens = timezone.now() - timedelta(days=30)
    event.registration_closes = timezone.now() - timedelta(days=1)
    event.save()
    return event


CLOSED = "Registration for this event is closed."


def test_registration_closed_refuses_a_new_delegate(focal_api, closed_event, delegation):
    response = focal_api.post(delegates_url(), new_delegate(delegation), format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [CLOSED]}
    assert_nothing_written(delegation)


def test_registration_closed_refuses_changes_and_submission(focal_api, closed_event, delegation):
    delegate = factories.DelegateFactory(delegation=delegation, family_name="Kept")

    changed = focal_api.patch(delegates_url(delegate.pk), {"family_name": "Changed"})
    profile = focal_api.patch(delegation_url(delegation.pk), {"contact_phone": "+84 24 1234"})
    submitted = focal_api.post(delegation_url(delegation.pk, "submit"))

    for response in (changed, profile, submitted):
        assert response.status_code == 400
        assert response.json() == {"non_field_errors": [CLOSED]}
    delegate.refresh_from_db()
    delegation.refresh_from_db()
    assert (delegate.family_name, delegate.accreditation_status) == ("Kept", "draft")
    assert delegation.contact_phone == ""


def test_registration_closed_refuses_a_focal_points_withdrawal(focal_api, closed_event, delegation):
    """After the deadline the delegation is read-only for its focal point; organisers withdraw
    (tests/delegations/api/test_deadline.py)."""
    delegate = factories.DelegateFactory(delegation=delegation)

    assert focal_api.delete(delegates_url(delegate.pk)).status_code == 400
    delegate.refresh_from_db()
    assert delegate.accreditation_status != "withdrawn"


def test_a_full_quota_refuses_another_delegate(focal_api, event, delegation):
    factories.DelegationQuotaFactory(event=event, kind=delegation.kind, max_delegates=2)
    factories.DelegateFactory.create_batch(2, delegation=delegation)

    response = focal_api.post(delegates_url(), new_delegate(delegation), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["The quota of 2 delegates for this delegation is full."]
    }
    assert_nothing_written(delegation, count=2)


def test_overlong_and_mistyped_fields_get_field_errors(focal_api, delegation):
    response = focal_api.post(
        delegates_url(),
        new_delegate(
            delegation,
            family_name="N" * 101,
            function="F" * 201,
            email="not-an-address",
            level="emperor",
            is_head="perhaps",
            arrival="next Tuesday",
        ),
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {
        "family_name",
        "function",
        "email",
        "level",
        "is_head",
        "arrival",
    }
    assert "100 characters" in response.json()["family_name"][0]
    assert_nothing_written(delegation)


def test_a_departure_before_arrival_is_refused(focal_api, delegation):
    response = focal_api.post(
        delegates_url(),
        new_delegate(
            delegation, arrival="2025-10-26T09:00:00+07:00", departure="2025-10-24T09:00:00+07:00"
        ),
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Departure cannot be before arrival."]}
    assert_nothing_written(delegation)


def test_a_text_file_is_not_a_photo(focal_api, delegation):
    text = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")

    response = focal_api.post(
        delegates_url(), {**new_delegate(delegation), "photo": text}, format="multipart"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["photo"]
    assert "valid image" in response.json()["photo"][0]
    assert_nothing_written(delegation)


def test_a_photo_over_two_megabytes_is_refused(focal_api, delegation):
    photo = png_upload(size=(1000, 1000), noise=True)
    assert photo.size > PHOTO_MAX_BYTES

    response = focal_api.post(
        delegates_url(), {**new_delegate(delegation), "photo": photo}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json() == {"photo": ["The photo is larger than 2 MB."]}
    assert_nothing_written(delegation)


def test_a_string_where_a_file_belongs_is_a_field_error(focal_api, delegation):
    response = focal_api.post(
        delegates_url(), {**new_delegate(delegation), "photo": "me.png"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["photo"]
    assert_nothing_written(delegation)


def test_a_second_head_of_delegation_is_refused(focal_api, delegation):
    first = factories.DelegateFactory(delegation=delegation, is_head=True)
    other = factories.DelegateFactory(delegation=delegation)

    created = focal_api.post(delegates_url(), new_delegate(delegation, is_head=True), format="json")
    promoted = focal_api.patch(delegates_url(other.pk), {"is_head": True}, format="json")

    message = {"non_field_errors": ["This delegation already has a head of delegation."]}
    assert (created.status_code, created.json()) == (400, message)
    assert (promoted.status_code, promoted.json()) == (400, message)
    assert list(delegation.delegates.filter(is_head=True)) == [first]
    assert_nothing_written(delegation, count=2)


def test_the_same_email_twice_in_a_delegation_is_refused(focal_api, delegation):
    factories.DelegateFactory(delegation=delegation, email="lan@example.org")

    response = focal_api.post(
        delegates_url(), new_delegate(delegation, email="lan@example.org"), format="json"
    )

    assert response.status_code == 400
    assert "e-mail" in response.json()["non_field_errors"][0]
    assert_nothing_written(delegation, count=1)


def test_unknown_fields_are_refused_and_read_only_ones_ignored(focal_api, delegation):
    unknown = focal_api.post(
        delegates_url(), new_delegate(delegation, nickname="Lan", familyname="x"), format="json"
    )
    read_only = focal_api.post(
        delegates_url(),
        new_delegate(delegation, accreditation_status="accredited", badge_number="X-1"),
        format="json",
    )
    profile = focal_api.patch(
        delegation_url(delegation.pk), {"contact_mail": "typo@example.org"}, format="json"
    )

    assert unknown.status_code == 400
    assert set(unknown.json()) == {"nickname", "familyname"}
    assert read_only.status_code == 201
    assert read_only.json()["accreditation_status"] == "draft"
    assert read_only.json()["badge_number"] is None
    assert (profile.status_code, list(profile.json())) == (400, ["contact_mail"])
    assert_nothing_written(delegation, count=1)


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
        ('"a string"', "application/json"),
        ("null", "application/json"),
    ],
)
def test_malformed_bodies_are_refused_not_crashed(focal_api, delegation, body, content_type):
    created = focal_api.generic("POST", delegates_url(), body, content_type)
    patched = focal_api.generic("PATCH", delegation_url(delegation.pk), body, content_type)

    assert (created.status_code, patched.status_code) == (400, 400)
    assert_nothing_written(delegation)


def test_invalid_profile_details_get_field_errors(focal_api, delegation):
    response = focal_api.patch(
        delegation_url(delegation.pk),
        {"contact_email": "nobody", "contact_phone": "9" * 41},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"contact_email", "contact_phone"}
    delegation.refresh_from_db()
    assert (delegation.contact_email, delegation.contact_phone) == ("", "")


def test_submitting_with_no_draft_says_so(focal_api, delegation):
    response = focal_api.post(delegation_url(delegation.pk, "submit"))

    assert response.status_code == 400
    assert "no delegate to submit" in response.json()["non_field_errors"][0]


@pytest.mark.parametrize(
    "query", [{"kind": "empire"}, {"event": "first"}, {"accreditation_status": "maybe"}]
)
def test_bad_filters_are_refused_with_field_errors(focal_api, query):
    url = delegates_url() if "accreditation_status" in query else reverse("delegation-list")

    response = focal_api.get(url, query)

    assert response.status_code == 400
    assert list(response.json()) == list(query)


def test_accredited_delegates_cannot_be_changed_by_the_focal_point(focal_api, delegation):
    badge = factories.BadgeFactory(delegate__delegation=delegation, delegate__family_name="Kept")

    response = focal_api.patch(delegates_url(badge.delegate.pk), {"family_name": "Changed"})

    assert response.status_code == 400
    assert "contact the organisers" in response.json()["non_field_errors"][0]
    badge.delegate.refresh_from_db()
    assert badge.delegate.family_name == "Kept"


# Accreditation by staff -------------------------------------------------------------------


def test_staff_accredit_issues_a_badge_and_reject_revokes_it(staff_api, focal_api, delegation):
    delegate = factories.DelegateFactory(
        delegation=delegation, accreditation_status=AccreditationStatus.SUBMITTED
    )

    accredited = staff_api.post(delegates_url(delegate.pk, "accredit"))

    assert accredited.status_code == 200
    assert accredited.json()["accreditation_status"] == "accredited"
    assert accredited.json()["badge_number"] == f"{delegation.event.acronym}-000001"
    assert accredited.json()["accredited_at"]

    no_reason = staff_api.post(delegates_url(delegate.pk, "reject"), {}, format="json")
    blank = staff_api.post(delegates_url(delegate.pk, "reject"), {"reason": " "}, format="json")

    assert (no_reason.status_code, list(no_reason.json())) == (400, ["reason"])
    assert blank.json() == {"reason": ["Give the reason for rejecting the accreditation."]}
    assert Badge.objects.get(delegate=delegate).revoked_at is None

    rejected = staff_api.post(
        delegates_url(delegate.pk, "reject"), {"reason": "Not on the note verbale."}, format="json"
    )

    assert rejected.status_code == 200
    assert rejected.json()["accreditation_status"] == "rejected"
    assert rejected.json()["badge_number"] is None
    assert Badge.objects.get(delegate=delegate).revoked_at is not None
    seen = focal_api.get(delegates_url(delegate.pk)).json()
    assert seen["accreditation_note"] == "Not on the note verbale."


def test_staff_cannot_accredit_a_draft(staff_api, delegation):
    delegate = factories.DelegateFactory(delegation=delegation)

    response = staff_api.post(delegates_url(delegate.pk, "accredit"))

    assert response.status_code == 400
    assert "has not been submitted" in response.json()["non_field_errors"][0]
    assert not Badge.objects.exists()


@pytest.mark.parametrize("action, body", [("accredit", None), ("reject", {"reason": "No."})])
def test_a_focal_point_may_not_accredit_nor_reject(focal_api, delegation, action, body):
    delegate = factories.DelegateFactory(
        delegation=delegation, accreditation_status=AccreditationStatus.SUBMITTED
    )

    response = focal_api.post(delegates_url(delegate.pk, action), body, format="json")

    assert response.status_code == 403
    delegate.refresh_from_db()
    assert delegate.accreditation_status == AccreditationStatus.SUBMITTED
    assert not Badge.objects.exists()


def test_staff_see_every_delegation_of_every_event(staff_api):
    delegations = [factories.DelegationFactory() for _ in range(3)]

    listed = staff_api.get(reverse("delegation-list")).json()

    assert listed["count"] == 3
    assert {row["id"] for row in listed["results"]} == {d.pk for d in delegations}
    assert len({row["event"] for row in listed["results"]}) == 3


# Query counts -----------------------------------------------------------------------------

#: The token, the page's count, the page's rows: the same for 1 row or 30.
LIST_QUERIES = 3


@pytest.mark.parametrize("rows", [1, 30])
def test_delegation_list_queries_do_not_grow_with_rows(rows, event, django_assert_num_queries):
    user = factories.UserFactory()
    factories.DelegationQuotaFactory(event=event, kind="ngo")
    for delegation in factories.DelegationFactory.create_batch(rows, event=event):
        factories.FocalPointFactory(user=user, delegation=delegation)
        factories.DelegateFactory(delegation=delegation)
        factories.BadgeFactory(delegate__delegation=delegation)
    client = api_client(user)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("delegation-list"))

    assert response.json()["count"] == rows
    assert response.json()["results"][0]["places_remaining"] == 4
    assert response.json()["results"][0]["accreditation_counts"]["accredited"] == 1


@pytest.mark.parametrize("rows", [1, 30])
def test_delegate_list_queries_do_not_grow_with_rows(
    rows, focal_user, delegation, django_assert_num_queries
):
    for _ in range(rows):
        factories.BadgeFactory(delegate__delegation=delegation)
    client = api_client(focal_user)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(delegates_url())

    assert response.json()["count"] == rows
    assert all(row["badge_number"] for row in response.json()["results"])


@pytest.mark.parametrize("rows", [1, 30])
def test_event_list_queries_do_not_grow_with_rows(rows, focal_user, django_assert_num_queries):
    factories.EventFactory.create_batch(rows - 1)
    client = api_client(focal_user)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("event-list"))

    assert response.json()["count"] == rows


# Schema and docs --------------------------------------------------------------------------


def test_the_openapi_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "schema.yml")

    schema = (tmp_path / "schema.yml").read_text()
    for path in ("/api/v1/delegates/{id}/accredit/", "/api/v1/auth/token/", "/api/v1/events/"):
        assert path in schema


def test_the_docs_page_serves_swagger_ui_from_this_site():
    response = APIClient().get(reverse("api-docs"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn.jsdelivr" not in html and "unpkg" not in html
    assert APIClient().get(reverse("api-schema")).status_code == 200


def test_a_delegate_and_a_delegation_choose_the_language_they_are_written_to_in(
    focal_api, delegation
):
    created = focal_api.post(
        delegates_url(), new_delegate(delegation, language="fr"), format="json"
    )
    assert created.status_code == 201 and created.json()["language"] == "fr"
    unknown = focal_api.post(
        delegates_url(), new_delegate(delegation, language="tlh"), format="json"
    )
    assert unknown.status_code == 400 and set(unknown.json()) == {"language"}
    assert_nothing_written(delegation, count=1)

    profile = focal_api.patch(delegation_url(delegation.pk), {"language": "ar"}, format="json")
    assert profile.status_code == 200 and profile.json()["language"] == "ar"
    refused = focal_api.patch(delegation_url(delegation.pk), {"language": "xx"}, format="json")
    assert refused.status_code == 400 and set(refused.json()) == {"language"}
    delegation.refresh_from_db()
    assert delegation.language == "ar"
    assert list(delegation.delegates.values_list("language", flat=True)) == ["fr"]
