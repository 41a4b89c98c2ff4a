"""Staff write through the API only what the admin would let them write.

A staff login whose permissions let it look at every delegation (view) but change nothing is
refused every write with a 403 that says why, and nothing changes; read, it sees every
delegation. A staff login that is also a delegation's focal point writes for that delegation as
any focal point does, and is answered about another's as about a missing one. The organisers
(every permission) write for all.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from ceremony.models import SigningRequest
from delegations.enums import DelegationKind
from delegations.models import Delegate, Delegation
from sessions.models import SessionRegistration
from tests import factories
from tests.clients import api_client
from tests.delegations.api.test_delegations import new_delegate
from tests.sessions.services.test_registration import accredited

pytestmark = pytest.mark.django_db

VIEW_ONLY = (
    "delegations.view_delegation",
    "delegations.view_delegate",
    "programme.view_sessionregistration",
    "ceremony.view_signingrequest",
)


def staff_viewer(username):
    group, _created = Group.objects.get_or_create(name="Viewers")
    for permission in VIEW_ONLY:
        app_label, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = factories.UserFactory(username=username, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def world():
    event = factories.EventFactory()
    session = factories.SessionFactory(event=event, title="Opening")
    sides = {}
    for name, country in (("a", "VN"), ("b", "FR")):
        delegation = factories.DelegationFactory(
            event=event, kind=DelegationKind.MEMBER_STATE, country=country
        )
        head = accredited(delegation, is_head=True)
        sides[name] = SimpleNamespace(
            delegation=delegation,
            head=head,
            adviser=accredited(delegation),
            draft=factories.DelegateFactory(delegation=delegation),
            registration=factories.SessionRegistrationFactory(session=session, delegate=head),
            signing_request=factories.SigningRequestFactory(
                delegation=delegation, representative=head
            ),
        )
    focal_staff = staff_viewer("staff-focal-a")
    factories.FocalPointFactory(user=focal_staff, delegation=sides["a"].delegation)
    return SimpleNamespace(
        event=event,
        session=session,
        viewer=api_client(staff_viewer("viewer")),
        focal_staff=api_client(focal_staff),
        **sides,
    )


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Delegation, Delegate, SessionRegistration, SigningRequest)
    ]


def writes(world):
    """Every write of the API on delegations, delegates, registrations and signing requests."""
    b = world.b
    delegation = reverse("delegation-detail", args=[b.delegation.pk])
    delegate = reverse("delegate-detail", args=[b.draft.pk])
    signing = reverse("signing-request-detail", args=[b.signing_request.pk])
    return {
        "delegation patch": ("patch", delegation, {"contact_phone": "+84 1"}),
        "delegation submit": ("post", f"{delegation}submit/", None),
        "delegate create": ("post", reverse("delegate-list"), new_delegate(b.delegation)),
        "delegate patch": ("patch", delegate, {"function": "Minister"}),
        "delegate withdraw": ("delete", delegate, None),
        "registration create": (
            "post",
            reverse("registration-list"),
            {"session": world.session.pk, "delegate": b.adviser.pk},
        ),
        "registration cancel": (
            "delete",
            reverse("registration-detail", args=[b.registration.pk]),
            None,
        ),
        "signing request patch": ("patch", signing, {"level": "head_of_government"}),
        "signing request withdraw": ("delete", signing, None),
    }


WRITES = (
    "delegation patch",
    "delegation submit",
    "delegate create",
    "delegate patch",
    "delegate withdraw",
    "registration create",
    "registration cancel",
    "signing request patch",
    "signing request withdraw",
)


def test_a_view_only_organiser_reads_every_delegation(world):
    delegations = world.viewer.get(reverse("delegation-list")).json()
    registrations = world.viewer.get(reverse("registration-list")).json()

    assert {row["id"] for row in delegations["results"]} >= {
        world.a.delegation.pk,
        world.b.delegation.pk,
    }
    assert registrations["count"] == 2


@pytest.mark.parametrize("write", WRITES)
def test_a_view_only_organiser_is_refused_every_write_and_nothing_changes(world, write):
    method, url, body = writes(world)[write]
    before = snapshot()

    answer = getattr(world.viewer, method)(url, body, format="json")

    assert answer.status_code == 403, answer.content
    assert "may see this but not change it" in answer.json()["detail"]
    assert snapshot() == before


@pytest.mark.parametrize("write", WRITES)
def test_a_staff_focal_point_without_write_permissions_is_answered_about_another_delegation_as_about_nothing(  # noqa: E501
    world, write
):
    method, url, body = writes(world)[write]
    before = snapshot()

    answer = getattr(world.focal_staff, method)(url, body, format="json")

    assert answer.status_code in (400, 404), answer.content
    assert snapshot() == before


def test_a_staff_focal_point_writes_for_its_own_delegation(world):
    registered = world.focal_staff.post(
        reverse("registration-list"),
        {"session": world.session.pk, "delegate": world.a.adviser.pk},
        format="json",
    )
    added = world.focal_staff.post(
        reverse("delegate-list"), new_delegate(world.a.delegation), format="json"
    )

    assert registered.status_code == 201, registered.content
    assert added.status_code == 201, added.content


def test_the_organisers_write_for_every_delegation(world, organiser):
    registered = api_client(organiser).post(
        reverse("registration-list"),
        {"session": world.session.pk, "delegate": world.b.adviser.pk},
        format="json",
    )

    assert registered.status_code == 201, registered.content
