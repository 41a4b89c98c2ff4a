"""The languages a session is held in (floor or interpretation): the rule of each kind of
interpretation, the public filter and page, the API, the admin and the booths it needs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from sessions.selectors.timetabling import session_languages
from tests.factories import SessionFactory
from tests.sessions.support.exports import DAY_1, at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("interpretation", "languages", "field_error"),
    [
        ("partial", [], "at least two"),
        ("partial", ["en"], "at least two"),
        ("none", ["en", "fr"], "held in one language"),
        ("partial", ["en", "xx"], "Unknown language codes: xx."),
        ("partial", ["en", "en"], "each language once"),
        ("full", "ar", "list of language codes"),
    ],
)
def test_a_session_names_its_languages_as_its_interpretation_says(
    exports_event, interpretation, languages, field_error
):
    session = SessionFactory.build(
        event=exports_event, interpretation=interpretation, languages=languages, room=None
    )
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert field_error in " ".join(refused.value.message_dict["languages"])


def test_the_languages_a_session_can_be_followed_in(exports_event):
    full = SessionFactory(event=exports_event, interpretation="full", languages=["vi"])
    partial = SessionFactory(
        event=exports_event, interpretation="partial", languages=["en", "ru", "ar"]
    )
    plain = SessionFactory(event=exports_event, interpretation="none")
    assert full.languages_offered == ("ar", "zh-hans", "en", "fr", "ru", "es", "vi")
    assert partial.languages_offered == ("en", "ru", "ar")
    assert plain.languages_offered == ("en",)
    # For the engine (Chinese is zh there): a booth and a booth team in each language of an
    # interpreted session, the six and Vietnamese by relay; the floor language alone needs none.
    assert [session_languages(s) for s in (full, partial, plain)] == [
        ["ar", "zh", "en", "fr", "ru", "es", "vi"],
        ["en", "ru", "ar"],
        ["en"],
    ]


@pytest.fixture
def languages_released(exports_event, released_programme):
    """The opening in all six; the panel in English and Russian; the side event in English.
    Languages are read live, like the description: no new release is needed to show them."""
    panel = released_programme["panel"]
    panel.interpretation, panel.languages = "partial", ["en", "ru"]
    panel.save()
    opening = released_programme["opening"]
    opening.interpretation = "full"
    opening.save()
    return released_programme


def day_page(client, event, page_language="en", **query):
    with translation.override(page_language):
        url = reverse("public-day", args=[event.slug, DAY_1.isoformat()])
    return client.get(url, query).content.decode()


def test_the_grid_filters_by_a_language_of_the_session(client, exports_event, languages_released):
    assert ">Русский</option>" in day_page(client, exports_event, "ru")  # the reader's names
    # Russian: the opening (all six) and the panel (English and Russian), not the side event.
    only_ru = day_page(client, exports_event, "fr", language="ru")
    assert "<bdi>Opening</bdi>" in only_ru and "<bdi>Panel</bdi>" in only_ru
    only_ar = day_page(client, exports_event, language="ar")
    assert "<bdi>Opening</bdi>" in only_ar and "<bdi>Panel</bdi>" not in only_ar
    wrong = day_page(client, exports_event, language="tlh")
    assert 'class="error"' in wrong and "<bdi>Panel</bdi>" in wrong


def test_a_session_page_names_its_languages_in_the_readers(
    client, exports_event, languages_released
):
    panel = languages_released["panel"]
    with translation.override("fr"):
        url = reverse("public-session", args=[exports_event.slug, panel.slug])
    body = client.get(url).content.decode()
    assert "<dt>Langues</dt><dd>Anglais, Russe</dd>" in body


def test_the_api_gives_the_languages(organiser_client, exports_event, languages_released):
    panel = languages_released["panel"]
    shown = organiser_client.get(reverse("session-detail", args=[panel.pk])).json()
    assert shown["languages"] == ["en", "ru"]


def test_the_admin_ticks_the_languages_and_says_what_is_missing(organiser_client, exports_event):
    session = SessionFactory(event=exports_event, title="Panel", start=at(DAY_1, 11))
    local = session.start.astimezone(exports_event.timezone)
    data = {
        "event": exports_event.pk,
        "kind": session.kind,
        "title_en": "Panel",
        "slug": session.slug,
        "room": session.room.pk,
        "start_0": f"{local:%Y-%m-%d}",
        "start_1": f"{local:%H:%M}",
        "duration_minutes": 60,
        "status": "scheduled",
        "access": "open",
        "interpretation": "partial",
        "languages": ["en"],
        "roles-TOTAL_FORMS": 0,
        "roles-INITIAL_FORMS": 0,
    }
    change = reverse("admin:programme_session_change", args=[session.pk])
    refused = organiser_client.post(change, data)
    assert refused.status_code == 200
    assert "at least two" in " ".join(refused.context["adminform"].form.errors["languages"])
    saved = organiser_client.post(change, {**data, "languages": ["en", "es"]})
    assert saved.status_code == 302
    session.refresh_from_db()
    assert session.languages == ["en", "es"]
