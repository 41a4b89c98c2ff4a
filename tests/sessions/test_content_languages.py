"""Content in every language: titles, descriptions, rooms, the event's name, frozen by each
release, read in the reader's language by the pages, the feeds, the exports and the API, with
English where a translation is missing."""

import json

import pytest
from django.core import checks
from django.db import connection
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from ceremony.models import Room
from sessions.models import ExportJob, Session
from sessions.services.exports import export_request
from sessions.services.release import schedule_release
from tests.factories import SessionFactory
from tests.sessions.support.exports import DAY_1, DAY_2, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(exports_event, released_programme):
    """The opening and the hall in French and Arabic, the panel in English only; released."""
    opening, hall = released_programme["opening"], released_programme["hall"]
    opening.title_fr, opening.title_ar = "Ouverture", "الافتتاح"
    opening.description_en, opening.description_fr = "Words of welcome.", "Mots de bienvenue."
    opening.save()
    hall.name_fr, hall.name_ar = "Salle plénière", "القاعة العامة"
    hall.save()
    exports_event.name_fr = "Cérémonie de Hanoï"
    exports_event.save()
    schedule_release(event=exports_event, note="Titles in French and Arabic.")
    return released_programme


def get(client, name, *args, language, **query):
    """A public page at its address in ``language`` (/fr/events/...)."""
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url, query)
    return response, response.content.decode()


def test_the_original_column_keeps_english_whoever_saves(exports_event):
    """A record saved from a French page writes French into the French column only: the
    column modeltranslation keeps (read across relations) stays English."""
    session = SessionFactory(event=exports_event, title="Opening")
    with translation.override("fr"):
        session.title = "Ouverture"
        session.save()
        assert session.title == "Ouverture"
    session.refresh_from_db()
    assert (session.title_en, session.title_fr) == ("Opening", "Ouverture")
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM programme_session WHERE id = %s", [session.pk])
        assert cursor.fetchone() == ("Opening",)


def test_a_record_made_in_another_language_has_its_english_text_too(exports_event):
    """English is required: a session created with a French title gets it as English too, so
    that every language falls back to something."""
    with translation.override("fr"):
        session = Session.objects.create(
            event=exports_event,
            kind="workshop",
            title="Atelier",
            slug="atelier",
            duration_minutes=60,
        )
    session.refresh_from_db()
    assert (session.title_en, session.title_fr) == ("Atelier", "Atelier")


def test_a_release_freezes_the_titles_in_every_language(client, exports_event, translated):
    """The released French title stays until the next release, whatever is edited since."""
    opening = translated["opening"]
    release = exports_event.schedule_releases.get(version=2)
    entry = next(item for item in release.sessions if item["slug"] == opening.slug)
    assert entry["titles"] == {"en": "Opening", "ar": "الافتتاح", "fr": "Ouverture"}
    assert entry["rooms"]["fr"] == "Salle plénière"
    opening.title_fr = "Ouverture modifiée"
    opening.save()
    body = get(client, "public-session", exports_event.slug, opening.slug, language="fr")[1]
    assert "Ouverture<" in body and "modifiée" not in body


@pytest.mark.parametrize(
    ("language", "title", "room", "event_name"),
    [
        ("fr", "Ouverture", "Salle plénière", "Cérémonie de Hanoï"),
        ("ar", "الافتتاح", "القاعة العامة", None),
        ("en", "Opening", "Plenary Hall", None),
        ("ru", "Opening", "Plenary Hall", None),
    ],
)
def test_pages_read_the_content_in_the_readers_language(
    client, exports_event, translated, language, title, room, event_name
):
    day = get(client, "public-day", exports_event.slug, DAY_1.isoformat(), language=language)[1]
    assert f"<bdi>{title}</bdi>" in day and f"<bdi>{room}</bdi>" in day
    # The panel has no translation: English in every language.
    assert "<bdi>Panel</bdi>" in day
    assert f'lang="{language}"' in day
    if event_name:
        assert event_name in get(client, "public-home", exports_event.slug, language=language)[1]
    opening = translated["opening"].slug
    session = get(client, "public-session", exports_event.slug, opening, language=language)[1]
    description = "Mots de bienvenue." if language == "fr" else "Words of welcome."
    assert description in session


def test_a_room_filter_is_one_link_in_every_language(client, exports_event, translated):
    """The filter names the room by its key: a link shared from the French page shows the
    same room in Arabic."""
    room = f"room-{translated['hall'].pk}"
    for language, title in (("fr", "Ouverture"), ("ar", "الافتتاح")):
        response, body = get(
            client,
            "public-day",
            exports_event.slug,
            DAY_1.isoformat(),
            language=language,
            room=room,
        )
        assert response.status_code == 200
        assert f"<bdi>{title}</bdi>" in body and "<bdi>Panel</bdi>" not in body
    wrong = get(
        client, "public-day", exports_event.slug, DAY_1.isoformat(), language="fr", room="Hall"
    )
    assert wrong[0].status_code == 200 and 'class="error"' in wrong[1]


def test_the_changelog_names_sessions_in_the_readers_language(client, exports_event, translated):
    opening = translated["opening"]
    opening.start = at(DAY_2, 10)
    opening.save()
    schedule_release(event=exports_event)
    body = get(client, "public-changes", exports_event.slug, language="fr")[1]
    moved = body[body.index('id="v3"') :]
    assert "Ouverture" in moved[: moved.index("</section>")]


def test_feeds_are_in_the_readers_language(client, exports_event, translated):
    response = get(client, "schedule-feed-json", exports_event.slug, language="fr")[0]
    feed = json.loads(response.content)
    days = feed["schedule"]["conference"]["days"]
    rooms = {room: events for day in days for room, events in day["rooms"].items()}
    assert [event["title"] for event in rooms["Salle plénière"]] == ["Ouverture"]
    assert feed["schedule"]["conference"]["title"] == "Cérémonie de Hanoï"
    english = get(client, "schedule-feed-json", exports_event.slug, language="en")[0]
    assert b"Ouverture" not in english.content and b"Opening" in english.content
    assert english["ETag"] != response["ETag"]


def test_an_export_job_is_written_in_the_language_it_was_asked_in(
    exports_event, translated, django_capture_on_commit_callbacks, organiser
):
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        job = export_request(event=exports_event, format="ics", by=organiser)
    job.refresh_from_db()
    assert (job.language, job.status) == ("ar", "done")
    calendar = Calendar.from_ical(job.file.read())
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert "الافتتاح" in summaries and "Panel" in summaries
    with django_capture_on_commit_callbacks(execute=True):
        french = export_request(event=exports_event, format="csv", language="fr", by=organiser)
    french.refresh_from_db()
    assert "Ouverture" in french.file.read().decode("utf-8-sig")
    assert ExportJob.objects.filter(language="fr").count() == 1


def test_the_api_answers_in_the_readers_language(organiser_client, exports_event, translated):
    answer = organiser_client.get(
        reverse("session-list"), {"event": exports_event.pk}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    titles = {session["title"] for session in answer.json()["results"]}
    assert {"Ouverture", "Panel"} <= titles
    rooms = {session["room"] for session in answer.json()["results"]}
    assert "Salle plénière" in rooms
    found = organiser_client.get(reverse("session-list"), {"search": "Ouverture"})
    assert [session["title"] for session in found.json()["results"]] == ["Opening"]


def test_the_admin_edits_every_language_and_finds_any(organiser_client, translated):
    opening = translated["opening"]
    page = organiser_client.get(reverse("admin:programme_session_change", args=[opening.pk]))
    body = page.content.decode()
    for column in ("title_en", "title_ar", "title_zh_hans", "title_fr", "title_vi"):
        assert f'name="{column}"' in body
    assert "vendor/jquery-ui/jquery-ui.min.js" in body and "googleapis" not in body
    found = organiser_client.get(reverse("admin:programme_session_changelist"), {"q": "الافتتاح"})
    assert found.context["cl"].result_count == 1
    rooms = organiser_client.get(reverse("admin:ceremony_room_changelist"), {"q": "plénière"})
    assert rooms.context["cl"].result_count == 1
    assert Room.objects.filter(name_fr="Salle plénière").count() == 1


def test_the_event_admin_edits_each_language_and_stays_valid(organiser_client, exports_event):
    """modeltranslation rewrites an admin's fields as it shows a page: the admin must stay
    valid for Django's checks afterwards (a form's list of fields once made it invalid)."""
    page = organiser_client.get(reverse("admin:ceremony_event_change", args=[exports_event.pk]))
    body = page.content.decode()
    assert 'name="name_en"' in body and 'name="theme_vi"' in body
    assert 'name="treaty_short_title_zh_hans"' in body
    assert [error for error in checks.run_checks() if error.level >= checks.ERROR] == []
