"""Public pages of an event: the list of signatories, as a page and as CSV or Excel.

Public: no sign-in. Country names come from django-countries in the reader's language; people's
names keep their own script.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sessions.exports.tables import FORMATS

from .lists import table_response
from .models import Event, SigningRequest


def _signatories(event):
    return list(
        SigningRequest.objects.filter(event=event, signed_at__isnull=False)
        .select_related("delegation", "representative")
        .order_by("signed_at", "signing_order")
    )


def signatories(request, slug, format_name=None):
    event = get_object_or_404(Event, slug=slug)
    rows = _signatories(event)
    if format_name is not None:
        if format_name not in FORMATS:
            raise Http404
        return table_response(
            format_name,
            title=_("Signatories"),
            filename=f"{event.slug}-signatories",
            header=(_("State or organisation"), _("Signed on"), _("Representative")),
            rows=[
                (
                    row.delegation.country.name if row.delegation.country else row.delegation.name,
                    f"{event.local(row.signed_at):%Y-%m-%d}",
                    row.representative.full_name,
                )
                for row in rows
            ],
        )
    with timezone.override(event.timezone):
        return render(request, "ceremony/signatories.html", {"event": event, "signatories": rows})
