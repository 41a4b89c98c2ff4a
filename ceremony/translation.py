"""The event's content in every language (django-modeltranslation): a column per language for
what delegates and the public read.

English is required (the record is first written in it) and is the fallback of every other
language. A translation left empty is stored as NULL, not "", so that it falls back and two
rooms without a French name do not clash on the per-language unique names.
"""

from modeltranslation.translator import TranslationOptions, register

from ceremony.models import Event, Room, Venue


class ContentTranslation(TranslationOptions):
    required_languages = ("en",)
    empty_values = None


@register(Event)
class EventTranslation(ContentTranslation):
    fields = ("name", "theme", "treaty_title", "treaty_short_title")


@register(Venue)
class VenueTranslation(ContentTranslation):
    fields = ("name", "city")


@register(Room)
class RoomTranslation(ContentTranslation):
    fields = ("name",)
