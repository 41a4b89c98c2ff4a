"""A lost database connection answers 503 with a clear message, never a server error.

The services write inside ``transaction.atomic``, so when the connection drops midway the
database rolls the whole write back: nothing is half-written, and the person is told that
nothing was saved and to try again. Django closes the broken connection at the end of the
request; the next one opens a fresh connection.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def _message():
    return _("The database is unavailable for a moment: nothing was saved. Please try again.")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable during %s %s", request.method, request.path, exc_info=True
        )
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": _message()}, status=503)
        else:
            # No template context here: rendering one would ask the database for the user.
            heading = _("Service unavailable")
            response = HttpResponse(
                '<!doctype html><html><head><meta charset="utf-8"><title>503</title></head>'
                f"<body><h1>{heading}</h1><p>{_message()}</p></body></html>",
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
