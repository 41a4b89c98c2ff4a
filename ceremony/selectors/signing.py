"""Reads for the signing: the protocol order, the run-sheet, the public list of signatories and
the treaty-action tracker."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from ceremony.models import SigningRequest, TreatyDeposit
from delegations.enums import STATE_KINDS, DelegationKind, RepresentationLevel

#: Precedence of the levels of representation (their order in RepresentationLevel).
LEVEL_RANK = {level: rank for rank, level in enumerate(RepresentationLevel.values)}


def signing_protocol_key(event, request):
    """Host first (if the event says so), then the level of representation, then request time."""
    hosts = event.signing_host_first and (
        request.delegation.kind in STATE_KINDS
        and event.host_country
        and request.delegation.country == event.host_country
    )
    return (
        not hosts,
        LEVEL_RANK.get(request.level, len(LEVEL_RANK)),
        request.requested_at,
        request.pk,
    )


def treaty_tracker(event):
    """Signatories, parties, and how far the treaty is from entering into force, in general and
    for each party.

    Article 65(1): in force on the 90th day after the 40th instrument; an instrument of a
    regional economic integration organisation is not counted in addition to those of its
    member States. Article 65(2): for a party depositing after that 40th instrument, on the
    30th day after its own deposit, or on the general date if that is later. The numbers are
    the event's (``entry_into_force_*``).
    """
    signatories = SigningRequest.objects.filter(event=event, signed_at__isnull=False).count()
    deposits = list(
        TreatyDeposit.objects.filter(event=event)
        .select_related("delegation")
        .order_by("deposited_on", "pk")
    )
    counting = [deposit for deposit in deposits if deposit.delegation.kind != DelegationKind.REIO]
    needed = event.entry_into_force_instruments
    threshold = counting[needed - 1] if len(counting) >= needed else None
    general = (
        threshold.deposited_on + timedelta(days=event.entry_into_force_days) if threshold else None
    )
    parties, after_threshold = [], False
    for deposit in deposits:
        in_force = general
        if after_threshold:
            own = deposit.deposited_on + timedelta(days=event.entry_into_force_later_days)
            in_force = max(own, general)
        parties.append({"deposit": deposit, "in_force_on": in_force})
        after_threshold = after_threshold or deposit is threshold
    return {
        "signatories": signatories,
        "parties": len(deposits),
        "counting_instruments": len(counting),
        "instruments_needed": max(needed - len(counting), 0),
        "threshold_reached_on": threshold.deposited_on if threshold else None,
        "entry_into_force": general,
        "party_dates": parties,
    }


def run_sheet(event):
    """The ceremony's run-sheet for protocol staff: order, time, name, title, State."""
    return list(
        SigningRequest.objects.filter(event=event, withdrawn_at__isnull=True)
        .filter(Q(slot_start__isnull=False) | Q(signed_at__isnull=False))
        .select_related("delegation", "representative", "slot_session__room")
        .order_by("signing_order", "slot_start", "signed_at")
    )


def run_sheet_rows(event):
    """The run-sheet as a table: header, then rows of plain values (CSV, Excel)."""
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
            for request in run_sheet(event)
        ],
    )


def signatories(event):
    """The signatures recorded, in the order they were made: the public list."""
    return list(
        SigningRequest.objects.filter(event=event, signed_at__isnull=False)
        .select_related("delegation", "representative")
        .order_by("signed_at", "signing_order")
    )


def signatory_rows(event, signed):
    """The public list as a table: State or organisation, date, representative."""
    return (
        (_("State or organisation"), _("Signed on"), _("Representative")),
        [
            (
                row.delegation.country.name if row.delegation.country else row.delegation.name,
                f"{event.local(row.signed_at):%Y-%m-%d}",
                row.representative.full_name,
            )
            for row in signed
        ],
    )
