"""How the API answers errors: a service's refusal as a 400 with its field messages, and a
request Django refuses to read as JSON, as every other API error.

Django holds a body (files aside) to ``DATA_UPLOAD_MAX_MEMORY_SIZE`` and its fields to
``DATA_UPLOAD_MAX_NUMBER_FIELDS``; DRF lets Django's exceptions through, which would answer the
API's clients with Django's bare HTML "Bad Request" page.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import parsers, serializers
from rest_framework.exceptions import APIException, ParseError
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


@contextmanager
def service_errors():
    """Answer a service's ValidationError as a 400 with its field messages, never a 500."""
    try:
        yield
    except DjangoValidationError as error:
        detail = serializers.as_serializer_error(error)
        if NON_FIELD_ERRORS in detail:
            general = detail.setdefault(api_settings.NON_FIELD_ERRORS_KEY, [])
            general.extend(detail.pop(NON_FIELD_ERRORS))
        raise serializers.ValidationError(detail) from error


class RequestTooLarge(APIException):
    status_code = 413
    default_code = "request_too_large"


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
        exc = RequestTooLarge(
            _("The request is too large: files aside, it may carry at most %(limit)g MB.")
            % {"limit": limit}
        )
    elif isinstance(exc, TooManyFieldsSent):
        exc = ParseError(_("The request has too many fields."))
    return drf_exception_handler(exc, context)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, but a body nested too deeply to parse is a 400 like any malformed
    JSON: Python's decoder gives up with a RecursionError (a 500) on ten kilobytes of ``[``."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("JSON parse error: the body is nested too deeply.")) from error
