"""The lists of speakers in the API: a focal point inscribes, withdraws and uploads for its own
delegation only; bad input is a 400 with field messages and writes nothing; the secretariat
moves and merges."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions.enums import SpeakerStatus
from sessions.models import SpeakerEntry
from sessions.services.speakers import speakers_list_set
from tests import factories
from tests.clients import api_client
from tests.files import pdf_bytes
from tests.sessions.support.speakers import plenary_list

pytestmark = pytest.mark.django_db


def url(pk=None, action=None):
    if action:
        return reverse(f"speaker-{action}", args=[pk])
    return reverse("speaker-detail", args=[pk]) if pk else reverse("speaker-list")


@pytest.fixture
def world():
    plenary = plenary_list()
    places = {}
    for name in ("Chile", "Peru"):
        delegation = plenary.delegation(name)
        user = factories.UserFactory(username=f"focal-{name}")
        factories.FocalPointFactory(user=user, delegation=delegation)
        places[name.lower()] = SimpleNamespace(
            delegation=delegation, client=api_client(user), user=user
        )
    return SimpleNamespace(plenary=plenary, **places)


def inscribe(place, session, **extra):
    return place.client.post(
        url(),
        {
            "session": session.pk,
            "delegation": place.delegation.pk,
            "level": "minister",
            "speaker_name": "H.E. Minister",
            **extra,
        },
        format="json",
    )


def test_a_focal_point_inscribes_and_sees_only_its_own_entries(world):
    answer = inscribe(world.chile, world.plenary.session)
    assert answer.status_code == 201, answer.json()
    assert answer.json()["delegation_name"] == "Chile"
    assert inscribe(world.peru, world.plenary.session).status_code == 201

    listed = world.chile.client.get(url()).json()["results"]
    assert [entry["delegation_name"] for entry in listed] == ["Chile"]
    peru_entry = SpeakerEntry.objects.get(delegation=world.peru.delegation)
    assert world.chile.client.get(url(peru_entry.pk)).status_code == 404
    assert world.chile.client.delete(url(peru_entry.pk)).status_code == 404
    peru_entry.refresh_from_db()
    assert peru_entry.status == SpeakerStatus.INSCRIBED


def test_inscribing_for_another_delegation_is_a_400_on_the_field(world):
    answer = inscribe(world.chile, world.plenary.session, delegation=world.peru.delegation.pk)
    assert answer.status_code == 400
    assert "delegation" in answer.json()
    assert not SpeakerEntry.objects.exists()


def test_inscription_after_the_list_closed_is_a_400_on_the_session(world):
    speakers_list_set(speakers_list=world.plenary.speakers_list, is_open=False)
    answer = inscribe(world.chile, world.plenary.session)
    assert answer.status_code == 400
    assert "closed" in answer.json()["session"][0]
    assert not SpeakerEntry.objects.exists()


def test_bad_input_answers_with_field_messages(world):
    answer = inscribe(world.chile, world.plenary.session, level="emperor", speaker_name="")
    assert answer.status_code == 400
    assert set(answer.json()) == {"level"}
    answer = inscribe(world.chile, world.plenary.session, speaker_name=" ")
    assert set(answer.json()) == {"speaker_name"}
    side_event = factories.SessionFactory(event=world.plenary.event)
    answer = inscribe(world.chile, side_event)
    assert set(answer.json()) == {"session"}
    assert not SpeakerEntry.objects.exists()


def test_the_delegation_uploads_its_statement_and_a_bad_pdf_is_refused(world):
    entry = SpeakerEntry.objects.get(pk=inscribe(world.chile, world.plenary.session).json()["id"])
    bad = world.chile.client.post(
        url(entry.pk, "statement"),
        {"statement": SimpleUploadedFile("s.pdf", b"%PDF-broken")},
        format="multipart",
    )
    assert bad.status_code == 400 and "statement" in bad.json()
    good = world.chile.client.post(
        url(entry.pk, "statement"),
        {"statement": SimpleUploadedFile("statement.pdf", pdf_bytes())},
        format="multipart",
    )
    assert good.status_code == 200 and good.json()["has_statement"] is True


def test_only_the_secretariat_moves_and_merges(world, organiser):
    one = SpeakerEntry.objects.get(pk=inscribe(world.chile, world.plenary.session).json()["id"])
    two = SpeakerEntry.objects.get(pk=inscribe(world.chile, world.plenary.session).json()["id"])
    refused = world.chile.client.post(
        url(two.pk, "move"), {"position": 1, "reason": "x"}, format="json"
    )
    assert refused.status_code == 403
    staff = api_client(organiser)
    no_reason = staff.post(url(two.pk, "move"), {"position": 1, "reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    moved = staff.post(
        url(two.pk, "move"), {"position": 1, "reason": "Early flight"}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["position"] == 1
    merged = staff.post(url(one.pk, "merge"), {"other": two.pk, "reason": "One"}, format="json")
    assert merged.status_code == 200
    two.refresh_from_db()
    assert two.status == SpeakerStatus.MERGED


@pytest.mark.parametrize("count", [5, 60])
def test_the_list_costs_the_same_queries(world, django_assert_max_num_queries, count):
    factories.SpeakerEntryFactory.create_batch(
        count, speakers_list=world.plenary.speakers_list, delegation=world.chile.delegation
    )
    with django_assert_max_num_queries(8):
        answer = world.chile.client.get(url(), {"page_size": 100})
    assert answer.status_code == 200
