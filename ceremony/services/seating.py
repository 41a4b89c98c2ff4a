"""Seating by lot, as the UN does it: a member State's name is drawn by lot and the delegations
sit in English alphabetical order from it; observers and organisations follow in their own
sections. The draw keeps its seed, so it can be shown and made again.

A plan divides a hall into bands of rows; each delegation has a block in a band: its heads'
row in front and its seats behind (as many as it has more accredited delegates, up to the
plan's maximum). Each section starts on a new band.
"""

import math
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremony.models import Event, Room, SeatAssignment, SeatingDraw, SeatingPlan
from ceremony.selectors.seating import (
    draw_candidates,
    english_name,
    latest_draw,
    local_name,
    plan_grid,
    seat_label,
    seated_delegations,
    seating_order,
)
from config.core.locking import row_lock
from config.core.rendering.pdf import html_to_pdf
from config.core.rendering.text import clean_text

#: Seeds are drawn below this bound (they fit PostgreSQL's bigint).
SEED_BOUND = 2**62


def drawn_index(seed, count):
    """The same seed over the same list always draws the same name."""
    return random.Random(seed).randrange(count)


def seating_draw(*, event, by=None, seed=None):
    """Draw by lot the member State the seating starts from. A redraw keeps the earlier ones."""
    if seed is not None and not 0 <= seed < SEED_BOUND:
        raise ValidationError({"seed": _("The seed is a whole number from 0 to 2^62 - 1.")})
    with transaction.atomic():
        row_lock(Event, event.pk)
        candidates = draw_candidates(seated_delegations(event))
        if not candidates:
            raise ValidationError(_("No member State has a delegation: there is no name to draw."))
        seed = secrets.randbelow(SEED_BOUND) if seed is None else seed
        drawn = candidates[drawn_index(seed, len(candidates))]
        return SeatingDraw.objects.create(
            event=event,
            seed=seed,
            candidates=len(candidates),
            drawn=drawn.delegation,
            drawn_name=drawn.name,
            drawn_by=by if by is not None and by.is_authenticated else None,
        )


def seating_draw_publish(*, draw):
    """The seating order of this draw may be read by anyone (the API's public order)."""
    if draw.published_at is None:
        draw.published_at = timezone.now()
        draw.save(update_fields=["published_at"])
    return draw


def behind_seats(accredited, heads_row_seats, seats_behind):
    return max(0, min(accredited - heads_row_seats, seats_behind))


def seating_layout(order, *, rows, seats_per_row, heads_row_seats, seats_behind):
    """Each delegation's block: (seated, row, column, heads labels, behind labels). Refuses a
    hall too small, naming the seats missing. Pure: writes nothing."""
    width = heads_row_seats
    depth = 1 + math.ceil(seats_behind / width)
    per_band = seats_per_row // width
    bands = rows // depth
    sections = []
    for seated in order:
        if not sections or sections[-1][0] != seated.section:
            sections.append((seated.section, 0))
        sections[-1] = (seated.section, sections[-1][1] + 1)
    needed_bands = sum(math.ceil(n / per_band) for _section, n in sections) if per_band else 1
    if not per_band or needed_bands > bands:
        needed_rows = needed_bands * depth
        missing = max(needed_rows - rows, 1) * seats_per_row
        raise ValidationError(
            {
                "rows": _(
                    "The hall is too small: %(count)d delegations in blocks of %(width)d × "
                    "%(depth)d seats need %(needed)d rows of %(per_row)d seats; it has %(rows)d. "
                    "%(missing)d seats are missing."
                )
                % {
                    "count": len(order),
                    "width": width,
                    "depth": depth,
                    "needed": needed_rows,
                    "per_row": seats_per_row,
                    "rows": rows,
                    "missing": missing,
                }
            }
        )
    blocks = []
    band, slot, section = -1, per_band, None
    for seated in order:
        if seated.section != section or slot == per_band:
            band, slot, section = band + 1, 0, seated.section
        row, column = band * depth, slot * width
        heads = [seat_label(row, column + i) for i in range(width)]
        count = behind_seats(seated.delegation.accredited_count, width, seats_behind)
        behind = [seat_label(row + 1 + i // width, column + i % width) for i in range(count)]
        blocks.append((seated, row, column, heads, behind))
        slot += 1
    return blocks


def seating_plan_build(*, room, rows, seats_per_row, heads_row_seats=1, seats_behind=2):
    """Seat a room's delegations in the order of the event's latest draw. Bad dimensions or a
    hall too small: a ValidationError, and the earlier plan stays as it was."""
    room = Room.objects.select_related("venue__event").get(pk=room.pk)
    event = room.venue.event
    with transaction.atomic():
        row_lock(Event, event.pk)
        draw = latest_draw(event)
        if draw is None:
            raise ValidationError(_("Draw a name by lot first: the seating starts from it."))
        plan = SeatingPlan.objects.filter(room=room).first() or SeatingPlan(room=room)
        plan.draw = draw
        plan.rows, plan.seats_per_row = rows, seats_per_row
        plan.heads_row_seats, plan.seats_behind = heads_row_seats, seats_behind
        plan.built_at = timezone.now()
        plan.full_clean(validate_unique=False)
        order = seating_order(seated_delegations(event), draw.drawn_id)
        blocks = seating_layout(
            order,
            rows=rows,
            seats_per_row=seats_per_row,
            heads_row_seats=heads_row_seats,
            seats_behind=seats_behind,
        )
        plan.save()
        plan.assignments.all().delete()
        SeatAssignment.objects.bulk_create(
            SeatAssignment(
                plan=plan,
                delegation=seated.delegation,
                position=position,
                section=seated.section,
                row=row,
                column=column,
                heads=heads,
                behind=behind,
            )
            for position, (seated, row, column, heads, behind) in enumerate(blocks, start=1)
        )
    return plan


#: Names longer than this print smaller on a name plate.
LONG_PLATE_NAME = 28


def floor_plan_pdf(plan):
    """The plan as a printable floor plan: the grid of seats (without the empty rows at the
    back, which only cost rendering time), then the order with each delegation's seats."""
    grid = plan_grid(plan)
    used = 1 + max(
        (row for row, (_label, cells) in enumerate(grid) if any(c.code for c in cells)), default=-1
    )
    html = render_to_string(
        "ceremony/seating/floor_plan.html",
        {
            "plan": plan,
            "event": plan.room.venue.event,
            "grid": grid[:used],
            "empty_rows": len(grid) - used,
            "assignments": plan.assignments.all(),
        },
    )
    return html_to_pdf(html)


def name_plates_pdf(plan):
    """A folded tent card per delegation, in the plan's order: its English name in large type
    and, below it, its name in the language of the person printing, when that differs."""
    plates = []
    for assignment in plan.assignments.all():
        delegation = assignment.delegation
        name = clean_text(english_name(delegation))
        local = clean_text(local_name(delegation))
        plates.append(
            {
                "name": name,
                "local": local if local != name else "",
                "long": len(name) > LONG_PLATE_NAME,
                "seats": " ".join(assignment.seat_labels),
            }
        )
    html = render_to_string(
        "ceremony/seating/name_plates.html",
        {"plan": plan, "event": plan.room.venue.event, "plates": plates},
    )
    return html_to_pdf(html)
