"""Public pages of an event: the list of signatories, as a page and as CSV or Excel.

Public: no sign-in. Country names come from django-countries in the reader's language; people's
names keep their own script.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremony.models import Event
from ceremony.selectors.signing import signatories as signatories_of
from ceremony.selectors.signing import signatory_rows
from config.core.downloads import table_response
from config.core.rendering.spreadsheets import FORMATS


def signatories(request, slug, format_name=None):
    event = get_object_or_404(Event, slug=slug)
    signed = signatories_of(event)
    if format_name is not None:
        if format_name not in FORMATS:
            raise Http404
        header, rows = signatory_rows(event, signed)
        return table_response(
            format_name,
            title=_("Signatories"),
            filename=f"{event.slug}-signatories",
            header=header,
            rows=rows,
        )
    with timezone.override(event.timezone):
        return render(request, "ceremony/signatories.html", {"event": event, "signatories": signed})
