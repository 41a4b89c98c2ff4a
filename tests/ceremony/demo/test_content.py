"""The demo's content in the other languages (ceremony.demo.content): for languages the site
speaks, for records that exist, within the lengths the database holds (SQLite does not check
them; PostgreSQL refuses a text one character too long)."""

import pytest
from django.conf import settings

from ceremony.demo import builder, content
from ceremony.models import Event, Room, Venue
from sessions.models import Session

LANGUAGES = {code for code, _name in settings.LANGUAGES} - {"en"}


@pytest.mark.parametrize(
    ("model", "texts"),
    [
        (Event, [content.EVENT]),
        (Venue, [content.VENUE]),
        (Room, [{"name": text} for text in content.ROOMS.values()]),
        (Session, [{"title": text} for text in content.SESSION_TITLES.values()]),
    ],
)
def test_every_text_fits_its_field_in_a_language_of_the_site(model, texts):
    for fields in texts:
        for name, by_language in fields.items():
            assert set(by_language) <= LANGUAGES, name
            limit = model._meta.get_field(name).max_length
            for language, text in by_language.items():
                assert text.strip() and len(text) <= limit, (name, language, len(text))


def test_the_translations_name_records_of_the_demo():
    assert set(content.ROOMS) == {plan.code for plan in builder.ROOMS}
    skeleton = {slug for slug, *_rest in builder.SKELETON}
    movable = {slug for slug, _title in builder.PANELS + builder.ROUNDTABLES}
    assert set(content.SESSION_TITLES) == skeleton | movable
    # The main sessions have their title in the six UN languages at least.
    for slug, titles in content.SESSION_TITLES.items():
        assert set(titles) >= set(settings.UN_LANGUAGES) - {"en"}, slug
