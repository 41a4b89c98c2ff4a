"""Lists staff take to other tools: delegations and delegates (CSV, Excel).

Each list is one query (joins, no query per row), written by
``config.core.rendering.spreadsheets``.
"""

from django.utils.translation import gettext as _

from delegations.selectors.delegations import delegation_list_annotate


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
