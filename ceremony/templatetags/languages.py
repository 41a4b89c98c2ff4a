"""The language of a public page is in its address (/fr/events/...): its language menu and
alternates are the same page at the other languages' addresses."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_from_path, get_language_info

from config.core.moments import long_day, long_moment

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """(code, address) of this page in every language, for ``<link rel="alternate">``."""
    request = context["request"]
    if get_language_from_path(request.path_info) is None:
        return []
    path = request.get_full_path()
    return [(code, translate_url(path, code)) for code, _name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name in that language, address) of this page in every language: the public
    pages' language menu, plain links (no form, no cookie), so that a page is the same for
    every reader and can be kept rendered."""
    return [
        (code, get_language_info(code)["name_local"], address)
        for code, address in language_alternates(context)
    ]


@register.filter(expects_localtime=True)
def longday(value):
    """A day with its weekday in the reader's language (``config.core.moments.long_day``)."""
    if value in (None, ""):
        return ""
    return long_day(value)


@register.filter(expects_localtime=True)
def longmoment(value):
    """A moment with its weekday and time (``config.core.moments.long_moment``)."""
    if value in (None, ""):
        return ""
    return long_moment(value)
