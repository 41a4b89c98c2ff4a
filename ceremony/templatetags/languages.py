"""The language of a public page is in its address (/fr/events/...): the switcher and the
page's alternates need the same page in another language."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_from_path

register = template.Library()


@register.simple_tag(takes_context=True)
def path_without_language(context):
    """The page's address without its language (/events/...), where the switcher sends the
    reader once their language is set: the address then leads on to the new language.
    Pages with no language in their address (the portal) are returned as they are."""
    request = context["request"]
    path = request.get_full_path()
    language = get_language_from_path(request.path_info)
    if language is None:
        return path
    return path[len(f"/{language}") :]


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """(code, address) of this page in every language, for ``<link rel="alternate">``."""
    request = context["request"]
    if get_language_from_path(request.path_info) is None:
        return []
    path = request.get_full_path()
    return [(code, translate_url(path, code)) for code, _name in settings.LANGUAGES]
