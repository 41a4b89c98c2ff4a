"""Filters that keep people's text from reordering what stands around it.

A name may carry right-to-left characters, or a right-to-left override (U+202E) typed on purpose:
inline beside other text it must be isolated, or "Lan TRAN · Legal Adviser" can display backwards
past the name. ``bdi`` wraps the (escaped) text in ``<bdi>``; ``isolate`` is for plain-text places
where no tag can go (a page's title, e-mails): Unicode's own isolates, FSI … PDI.
"""

from django import template
from django.utils.html import format_html

from config.core.text import isolated

register = template.Library()


@register.filter
def bdi(value):
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate(value):
    if value in (None, ""):
        return ""
    return isolated(value)
