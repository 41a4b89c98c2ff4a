"""Content in every language (django-modeltranslation), the project's rules for it.

Each translated field has a column per language (``title_en``, ``title_fr``, ...) beside the
original column (``title``), which modeltranslation keeps. What that original column holds
would depend on the language active when the record was saved; here it always holds English
(the required language and every other's fallback), so that a read that reaches it without
modeltranslation (a lookup across a relation, a related model's ordering) reads one language,
whoever saved the record last.
"""

from django.conf import settings
from django.utils import translation


def content_languages():
    """The language codes content is written in, English first."""
    return list(settings.MODELTRANSLATION_LANGUAGES)


def localized_field(name, language):
    """The column of ``name`` in ``language`` (``title``, ``zh-hans`` → ``title_zh_hans``)."""
    return f"{name}_{language.replace('-', '_')}"


def localized_fields(name):
    """Every language's column of a translated field, English first: an admin's search looks
    in all of them, so that a French title is found from the English admin and back."""
    return [localized_field(name, language) for language in content_languages()]


def translations_of(instance, name):
    """Every language's text of a translated field that is filled in, by language code."""
    texts = {}
    for language in content_languages():
        text = getattr(instance, localized_field(name, language), None)
        if text:
            texts[language] = text
    return texts


def in_language(texts, fallback, language=None):
    """The text for ``language`` (the active one by default) from ``{code: text}``, else
    English, else ``fallback``: how frozen copies (a released schedule) read their texts."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return (
        (texts or {}).get(language)
        or (texts or {}).get(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
        or fallback
    )


class OriginalInDefaultLanguage:
    """A model mixin: its original columns are saved in English (see the module's note)."""

    def save(self, *args, **kwargs):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)
