"""Reads for the seating by lot: each delegation's English name as the UN sorts it, the order
that follows a draw, a plan as a grid, the seats a person may see."""

import unicodedata
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation
from django_countries import countries

from ceremony.enums import SeatingSection
from ceremony.models import SeatAssignment, SeatingDraw, SeatingPlan
from config.core.queries import count_subquery
from delegations.enums import STATE_KINDS, AccreditationStatus, DelegationKind
from delegations.models import Delegate, Delegation

#: Which section each kind of delegation sits in; the media sit in the press gallery, not here.
SECTION_OF_KIND = {
    DelegationKind.MEMBER_STATE: SeatingSection.MEMBER_STATES,
    DelegationKind.OBSERVER_STATE: SeatingSection.OBSERVERS,
    DelegationKind.REIO: SeatingSection.ORGANISATIONS,
    DelegationKind.IGO: SeatingSection.ORGANISATIONS,
    DelegationKind.UN_ENTITY: SeatingSection.ORGANISATIONS,
    DelegationKind.NGO: SeatingSection.ORGANISATIONS,
    DelegationKind.PRIVATE_SECTOR: SeatingSection.ORGANISATIONS,
    DelegationKind.ACADEMIA: SeatingSection.ORGANISATIONS,
}


def english_name(delegation):
    """A State by its English short name as the UN writes it; an organisation by its name."""
    if delegation.kind in STATE_KINDS and delegation.country:
        with translation.override("en"):
            return str(countries.name(delegation.country)) or delegation.name
    return delegation.name


def local_name(delegation):
    """A State's name in the active language (the UN's own, in its six languages)."""
    if delegation.kind in STATE_KINDS and delegation.country:
        return str(countries.name(delegation.country)) or delegation.name
    return delegation.name


def alphabetical_key(name):
    """English alphabetical order: accents and case aside ("Côte d'Ivoire" among the Cs)."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Seated:
    delegation: Delegation
    name: str
    section: str


def seated_delegations(event):
    """The event's delegations that have a seat, with their accredited delegates counted and
    their English name, in one query."""
    accredited = Delegate.objects.filter(accreditation_status=AccreditationStatus.ACCREDITED)
    queryset = (
        Delegation.objects.filter(event=event, kind__in=list(SECTION_OF_KIND))
        .annotate(accredited_count=count_subquery(accredited, "delegation"))
        .order_by()
    )
    return [
        Seated(delegation, english_name(delegation), SECTION_OF_KIND[delegation.kind])
        for delegation in queryset
    ]


def draw_candidates(seated):
    """The member States a draw chooses from, in English alphabetical order."""
    states = [s for s in seated if s.section == SeatingSection.MEMBER_STATES]
    return sorted(states, key=lambda s: (alphabetical_key(s.name), s.delegation.pk))


def seating_order(seated, drawn_id):
    """Member States in English alphabetical order from the drawn one, wrapping round to A;
    then the observers, then the organisations, each alphabetical."""
    states = draw_candidates(seated)
    start = next((i for i, s in enumerate(states) if s.delegation.pk == drawn_id), 0)
    order = states[start:] + states[:start]
    for section in (SeatingSection.OBSERVERS, SeatingSection.ORGANISATIONS):
        members = [s for s in seated if s.section == section]
        order += sorted(members, key=lambda s: (alphabetical_key(s.name), s.delegation.pk))
    return order


def latest_draw(event):
    return SeatingDraw.objects.filter(event=event).select_related("drawn", "drawn_by").first()


def seating_draws(event):
    return SeatingDraw.objects.filter(event=event).select_related("drawn_by")


def event_plans(event):
    """The event's plans, each with its room and its assignments, in three queries."""
    assignments = SeatAssignment.objects.select_related("delegation").order_by("position")
    return (
        SeatingPlan.objects.filter(room__venue__event=event)
        .select_related("room", "draw")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by("room__name")
    )


def row_label(index):
    """Rows A to Z, then AA, AB…"""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def seat_label(row, column):
    return f"{row_label(row)}{column + 1}"


@dataclass(frozen=True)
class Cell:
    label: str
    code: str = ""
    name: str = ""
    section: str = ""
    head: bool = False


def plan_grid(plan):
    """The plan as rows of seats, each seat empty or with its delegation's code (the admin's
    grid and the floor plan). Reads the prefetched assignments: no query."""
    taken = {}
    for assignment in plan.assignments.all():
        for label in assignment.heads:
            taken[label] = (assignment, True)
        for label in assignment.behind:
            taken[label] = (assignment, False)
    grid = []
    for row in range(plan.rows):
        cells = []
        for column in range(plan.seats_per_row):
            label = seat_label(row, column)
            if label in taken:
                assignment, head = taken[label]
                cells.append(
                    Cell(
                        label,
                        assignment.delegation.code,
                        assignment.delegation.name,
                        assignment.section,
                        head,
                    )
                )
            else:
                cells.append(Cell(label))
        grid.append((row_label(row), cells))
    return grid


def seat_assignments_in_reach(delegations, *, published_only=False):
    """Seat assignments of the delegations given (those a person reaches)."""
    queryset = SeatAssignment.objects.filter(
        delegation__in=delegations.values("pk")
    ).select_related("plan__room", "plan__draw", "delegation")
    if published_only:
        queryset = queryset.filter(plan__draw__published_at__isnull=False)
    return queryset.order_by("plan__room__name", "position")


def published_order(event_id):
    """The published seating order of an event: each plan's delegations in order, names only
    (what may be public)."""
    return (
        SeatAssignment.objects.filter(
            plan__room__venue__event_id=event_id, plan__draw__published_at__isnull=False
        )
        .select_related("plan__room", "delegation")
        .order_by("plan__room__name", "position")
    )


def seating_state(event):
    """For the cockpit: the draw (if any, and whether published) and how many halls are seated."""
    draw = latest_draw(event)
    plans = SeatingPlan.objects.filter(room__venue__event=event).count()
    return {"draw": draw, "plans": plans}
