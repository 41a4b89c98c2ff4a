"""Lists staff take to other tools: delegations, delegates, the signing run-sheet (CSV, XLSX).

Each list is one query (joins, no query per row), written by ``sessions.exports.tables``.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from delegations.selectors import delegation_list_annotate
from sessions.exports.tables import MEDIA_TYPES, render_table

from . import signing


def delegation_rows(delegations):
    rows = delegation_list_annotate(delegations.select_related("event")).order_by("name")
    return (
        (
            _("Code"),
            _("Name"),
            _("Kind"),
            _("Country"),
            _("Contact e-mail"),
            _("Delegates"),
            _("Accredited"),
        ),
        [
            (
                d.code,
                d.name,
                d.get_kind_display(),
                d.country.name if d.country else "",
                d.contact_email,
                d.delegate_count,
                d.accredited_count,
            )
            for d in rows
        ],
    )


def delegate_rows(delegates):
    rows = delegates.select_related("delegation").order_by(
        "delegation__name", "-is_head", "family_name"
    )
    return (
        (
            _("Delegation"),
            _("Honorific"),
            _("Given name"),
            _("Family name"),
            _("Name in own script"),
            _("Function"),
            _("Level"),
            _("Head of delegation"),
            _("E-mail"),
            _("Accreditation"),
        ),
        [
            (
                d.delegation.name,
                d.honorific,
                d.given_name,
                d.family_name,
                d.name_native,
                d.function,
                d.get_level_display(),
                _("yes") if d.is_head else "",
                d.email,
                d.get_accreditation_status_display(),
            )
            for d in rows
        ],
    )


def run_sheet_rows(event):
    return (
        (
            _("Order"),
            _("Time"),
            _("Name"),
            _("Name in own script"),
            _("Title"),
            _("State or organisation"),
            _("Signed"),
        ),
        [
            (
                request.signing_order or "",
                f"{event.local(request.slot_start):%Y-%m-%d %H:%M}" if request.slot_start else "",
                request.representative.full_name,
                request.representative.name_native,
                request.representative.function or request.get_level_display(),
                request.delegation.name,
                f"{event.local(request.signed_at):%Y-%m-%d %H:%M}" if request.signed_at else "",
            )
            for request in signing.run_sheet(event)
        ],
    )


def table_response(format_name, *, title, filename, header, rows):
    response = HttpResponse(
        render_table(format_name, title=title, header=header, rows=rows),
        content_type=MEDIA_TYPES[format_name],
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{format_name}"'
    return response
