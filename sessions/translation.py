"""The programme's content in every language (django-modeltranslation): a session's title and
description, English required and the fallback (``ceremony.translation``)."""

from modeltranslation.translator import register

from ceremony.translation import ContentTranslation
from sessions.models import Session


@register(Session)
class SessionTranslation(ContentTranslation):
    fields = ("title", "description")
