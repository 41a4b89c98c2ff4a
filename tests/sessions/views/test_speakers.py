"""The lists of speakers in the portal (inscribe, upload, withdraw; another delegation's entry
is a 404) and the statements on the meeting's public page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions.enums import SpeakerStatus
from sessions.models import SpeakerEntry
from sessions.services.release import schedule_release
from sessions.services.speakers import speakers_list_set, statement_upload
from tests import factories
from tests.files import pdf_bytes
from tests.sessions.support.speakers import plenary_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def chile(client):
    plenary = plenary_list()
    delegation = plenary.delegation("Chile")
    user = factories.UserFactory(username="focal-chile")
    factories.FocalPointFactory(user=user, delegation=delegation)
    client.force_login(user)
    plenary.client, plenary.chile = client, delegation
    return plenary


def page(plenary):
    return reverse("programme:speakers", args=[plenary.chile.pk])


def test_a_focal_point_inscribes_its_speaker(chile):
    answer = chile.client.post(
        page(chile),
        {"session": chile.session.pk, "level": "minister", "speaker_name": "H.E. Ms Ana Rojas"},
    )
    assert answer.status_code == 302
    entry = SpeakerEntry.objects.get()
    assert (entry.delegation, entry.level) == (chile.chile, "minister")
    shown = chile.client.get(page(chile)).content.decode()
    assert "H.E. Ms Ana Rojas" in shown and "Number 1" in shown


def test_inscription_after_the_list_closed_is_refused_by_the_field(chile):
    speakers_list_set(speakers_list=chile.speakers_list, is_open=False)
    answer = chile.client.post(
        page(chile), {"session": chile.session.pk, "level": "minister", "speaker_name": "X"}
    )
    assert answer.status_code == 400
    assert "The list of speakers of this plenary is closed." in answer.content.decode()
    assert not SpeakerEntry.objects.exists()


def test_upload_a_statement_and_a_bad_pdf_is_refused(chile):
    entry = factories.SpeakerEntryFactory(speakers_list=chile.speakers_list, delegation=chile.chile)
    url = reverse("programme:speaker_statement", args=[chile.chile.pk, entry.pk])
    bad = chile.client.post(url, {"statement": SimpleUploadedFile("s.pdf", b"%PDF-1.4 broken")})
    assert bad.status_code == 400
    assert 'role="alert"' in bad.content.decode()
    entry.refresh_from_db()
    assert not entry.statement
    good = chile.client.post(url, {"statement": SimpleUploadedFile("s.pdf", pdf_bytes())})
    assert good.status_code == 302
    entry.refresh_from_db()
    assert entry.statement


def test_another_delegations_entry_is_a_404(chile):
    other = factories.SpeakerEntryFactory(speakers_list=chile.speakers_list)
    url = reverse("programme:speaker_withdraw", args=[chile.chile.pk, other.pk])
    assert chile.client.post(url).status_code == 404
    other_page = reverse("programme:speakers", args=[other.delegation.pk])
    assert chile.client.get(other_page).status_code == 404
    other.refresh_from_db()
    assert other.status == SpeakerStatus.INSCRIBED


def test_withdraw(chile):
    entry = factories.SpeakerEntryFactory(speakers_list=chile.speakers_list, delegation=chile.chile)
    chile.client.post(reverse("programme:speaker_withdraw", args=[chile.chile.pk, entry.pk]))
    entry.refresh_from_db()
    assert entry.status == SpeakerStatus.WITHDRAWN


def test_the_statement_is_served_publicly_only_while_inscribed(chile, client):
    entry = factories.SpeakerEntryFactory(speakers_list=chile.speakers_list, delegation=chile.chile)
    statement_upload(entry=entry, statement=SimpleUploadedFile("s.pdf", pdf_bytes()))
    url = reverse("public-statement", args=[chile.event.slug, chile.session.slug, entry.pk])
    client.logout()
    answer = client.get(url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content).startswith(b"%PDF")
    SpeakerEntry.objects.filter(pk=entry.pk).update(status=SpeakerStatus.WITHDRAWN)
    assert client.get(url).status_code == 404


def test_the_public_page_of_a_plenary_links_its_statements(client):
    plenary = plenary_list()
    with_statement = factories.SpeakerEntryFactory(
        speakers_list=plenary.speakers_list, delegation=plenary.delegation("Chile")
    )
    statement_upload(entry=with_statement, statement=SimpleUploadedFile("s.pdf", pdf_bytes()))
    factories.SpeakerEntryFactory(
        speakers_list=plenary.speakers_list, delegation=plenary.delegation("Peru")
    )
    schedule_release(event=plenary.event)
    body = client.get(
        reverse("public-session", args=[plenary.event.slug, plenary.session.slug])
    ).content.decode()
    link = reverse(
        "public-statement", args=[plenary.event.slug, plenary.session.slug, with_statement.pk]
    )
    assert link in body
    assert "Peru" not in body
