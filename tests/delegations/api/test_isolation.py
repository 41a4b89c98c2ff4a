"""Isolation: a focal point reaches only its own delegations, through every endpoint and method.

Another delegation's id must answer exactly as an id that does not exist (so that nothing tells
the other delegation is there), return none of its data and change none of it.
"""

from types import SimpleNamespace

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from rest_framework.test import APIClient

from delegations.enums import AccreditationStatus
from delegations.models import Badge, Delegate, Delegation, FocalPoint
from tests import factories
from tests.clients import api_client
from tests.delegations.api.test_delegations import (
    api_isolated,  # noqa: F401  (the autouse cache and photo reset)
    delegates_url,
    delegation_url,
    png_upload,
)

pytestmark = pytest.mark.django_db

MISSING = 987_654_321


@pytest.fixture
def world():
    """Delegations A and B at one event, each with a focal point and delegates in every state."""
    event = factories.EventFactory()
    places = {}
    for name in ("a", "b"):
        delegation = factories.DelegationFactory(event=event, name=f"Delegation {name.upper()}")
        user = factories.UserFactory(username=f"focal-{name}")
        factories.FocalPointFactory(user=user, delegation=delegation)
        draft = factories.DelegateFactory(delegation=delegation, is_head=True)
        submitted = factories.DelegateFactory(
            delegation=delegation, accreditation_status=AccreditationStatus.SUBMITTED
        )
        badge = factories.BadgeFactory(delegate__delegation=delegation)
        places[name] = SimpleNamespace(
            delegation=delegation,
            user=user,
            draft=draft,
            submitted=submitted,
            accredited=badge.delegate,
        )
    return SimpleNamespace(event=event, **places)


def snapshot(delegation):
    """Every stored field of a delegation, its delegates, badges and focal points."""
    return {
        "delegation": model_to_dict(Delegation.objects.get(pk=delegation.pk)),
        "updated_at": Delegation.objects.get(pk=delegation.pk).updated_at,
        "delegates": [
            {**model_to_dict(d), "photo": d.photo.name, "updated_at": d.updated_at}
            for d in Delegate.objects.filter(delegation=delegation).order_by("pk")
        ],
        "badges": list(
            Badge.objects.filter(delegate__delegation=delegation).order_by("pk").values()
        ),
        "focal_points": list(FocalPoint.objects.filter(delegation=delegation).values()),
        "history": Delegate.history.filter(delegation_id=delegation.pk).count()
        + Delegation.history.filter(id=delegation.pk).count(),
    }


def send(client, method, url, body):
    """Multipart where a photo rides along, JSON otherwise."""
    multipart = isinstance(body, dict) and "photo" in body
    return getattr(client, method)(url, body, format="multipart" if multipart else "json")


#: Every detail endpoint and method: (method, route name, which of the world's objects, body).
DETAIL_REQUESTS = {
    "delegation get": ("get", "delegation-detail", "delegation", None),
    "delegation patch": (
        "patch",
        "delegation-detail",
        "delegation",
        {"contact_email": "hijack@example.org", "address": "Elsewhere"},
    ),
    "delegation submit": ("post", "delegation-submit", "delegation", None),
    "delegate get": ("get", "delegate-detail", "draft", None),
    "delegate put": ("put", "delegate-detail", "draft", {"family_name": "Hijacked"}),
    "delegate patch": ("patch", "delegate-detail", "draft", {"is_head": False}),
    "delegate patch photo": ("patch", "delegate-detail", "draft", {"photo": "png"}),
    "delegate withdraw": ("delete", "delegate-detail", "submitted", None),
    "accredited delegate withdraw": ("delete", "delegate-detail", "accredited", None),
}


def body_for(body):
    return {"photo": png_upload()} if body == {"photo": "png"} else body


@pytest.mark.parametrize("request_name", DETAIL_REQUESTS)
def test_another_delegations_id_answers_as_a_missing_one(world, request_name):
    method, route, target, body = DETAIL_REQUESTS[request_name]
    client = api_client(world.a.user)
    before = snapshot(world.b.delegation)

    foreign = send(
        client, method, reverse(route, args=[getattr(world.b, target).pk]), body_for(body)
    )
    missing = send(client, method, reverse(route, args=[MISSING]), body_for(body))
    own = send(client, method, reverse(route, args=[getattr(world.a, target).pk]), body_for(body))

    assert foreign.status_code == 404
    assert (foreign.status_code, foreign.json()) == (missing.status_code, missing.json())
    assert world.b.delegation.name not in foreign.content.decode()
    assert snapshot(world.b.delegation) == before
    # The endpoint works for the focal point's own delegation: the 404 is the reach, not a bug.
    assert own.status_code in (200, 204), own.content


def test_creating_into_another_delegation_answers_as_a_missing_one(world):
    client = api_client(world.a.user)
    before = snapshot(world.b.delegation)
    body = {"family_name": "Intruder", "is_head": False}

    foreign = client.post(
        delegates_url(), {**body, "delegation": world.b.delegation.pk}, format="json"
    )
    missing = client.post(delegates_url(), {**body, "delegation": MISSING}, format="json")
    mistyped = client.post(delegates_url(), {**body, "delegation": "B"}, format="json")

    assert foreign.status_code == missing.status_code == mistyped.status_code == 400
    assert foreign.json() == missing.json() == mistyped.json()
    assert foreign.json() == {"delegation": ["No such delegation."]}
    assert snapshot(world.b.delegation) == before
    assert not Delegate.objects.filter(family_name="Intruder").exists()


@pytest.mark.parametrize("action", ["accredit", "reject"])
def test_staff_actions_refuse_a_focal_point_whatever_the_id(world, action):
    client = api_client(world.a.user)
    before = snapshot(world.b.delegation)
    body = {"reason": "Because."}

    answers = {
        client.post(delegates_url(pk, action), body, format="json").status_code
        for pk in (world.b.submitted.pk, MISSING, world.a.submitted.pk)
    }

    assert answers == {403}
    assert snapshot(world.b.delegation) == before


def test_lists_show_only_the_focal_points_own_rows(world):
    client = api_client(world.a.user)
    own_delegates = {world.a.draft.pk, world.a.submitted.pk, world.a.accredited.pk}

    delegations = client.get(reverse("delegation-list")).json()
    delegates = client.get(delegates_url()).json()

    assert [row["id"] for row in delegations["results"]] == [world.a.delegation.pk]
    assert {row["id"] for row in delegates["results"]} == own_delegates
    assert {row["delegation"] for row in delegates["results"]} == {world.a.delegation.pk}


@pytest.mark.parametrize(
    "route, query",
    [
        ("delegate-list", {"search": "b-delegate"}),
        ("delegate-list", {"accreditation_status": "accredited"}),
        ("delegation-list", {"search": "Delegation B"}),
        ("delegation-list", {"event": "the event"}),
    ],
)
def test_filters_and_search_never_reach_another_delegation(world, route, query):
    world.b.draft.email = "b-delegate@example.org"
    world.b.draft.save()
    query = {key: world.event.pk if value == "the event" else value for key, value in query.items()}
    foreign = {
        "delegation-list": {world.b.delegation.pk},
        "delegate-list": {world.b.draft.pk, world.b.submitted.pk, world.b.accredited.pk},
    }[route]

    answer = api_client(world.a.user).get(reverse(route), query).json()

    assert not {row["id"] for row in answer["results"]} & foreign
    assert world.b.delegation.name not in str(answer)


def test_filtering_by_another_delegation_looks_like_filtering_by_a_missing_one(world):
    client = api_client(world.a.user)

    foreign = client.get(delegates_url(), {"delegation": world.b.delegation.pk})
    missing = client.get(delegates_url(), {"delegation": MISSING})

    assert foreign.status_code == missing.status_code == 200
    assert foreign.json() == missing.json()
    assert foreign.json()["count"] == 0


def test_a_person_with_no_delegation_reaches_nothing(world):
    client = api_client(factories.UserFactory())

    assert client.get(reverse("delegation-list")).json()["count"] == 0
    assert client.get(delegates_url()).json()["count"] == 0
    assert client.get(delegation_url(world.a.delegation.pk)).status_code == 404
    assert client.get(delegates_url(world.a.draft.pk)).status_code == 404
    created = client.post(
        delegates_url(),
        {"delegation": world.a.delegation.pk, "family_name": "Stranger"},
        format="json",
    )
    assert created.json() == {"delegation": ["No such delegation."]}


def test_one_person_may_serve_several_delegations(world):
    factories.FocalPointFactory(user=world.a.user, delegation=world.b.delegation)
    client = api_client(world.a.user)

    listed = client.get(reverse("delegation-list")).json()

    assert {row["id"] for row in listed["results"]} == {
        world.a.delegation.pk,
        world.b.delegation.pk,
    }


def test_session_sign_in_has_the_same_reach(world):
    client = APIClient()
    client.force_login(world.a.user)
    before = snapshot(world.b.delegation)

    shown = client.get(delegation_url(world.b.delegation.pk))
    changed = client.patch(
        delegates_url(world.b.draft.pk), {"family_name": "Hijacked"}, format="json"
    )

    assert (shown.status_code, changed.status_code) == (404, 404)
    assert snapshot(world.b.delegation) == before
