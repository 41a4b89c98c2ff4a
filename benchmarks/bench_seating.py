"""Benchmark of the seating by lot: 260 delegations seated in a 3,500-seat hall.

    .venv/bin/python benchmarks/bench_seating.py [--json]

A database of its own (a temporary SQLite file, or on PostgreSQL ``<bench database>_seating``
beside the user's), dropped at the end: 193 member States, 2 observer States and 65
organisations, each with one to five accredited delegates. The figure is the median wall time
of five draws each followed by the seating of a hall of 50 rows of 70 seats (the service as the
admin and the API call it: it reads the delegations, lays the blocks out, replaces the plan's
seats).
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (  # noqa: E402
    DEFAULT_DATABASE_NAME,
    database_create,
    database_drop,
    database_exists,
    django_setup,
    on_postgres,
    row,
    rows_print,
    user_database_url,
)

MAX_SECONDS, RUNS = 1.0, 5
ROWS, SEATS_PER_ROW = 50, 70
MEMBER_STATES, OBSERVERS, ORGANISATIONS = 193, 2, 65


def database_url():
    if on_postgres():
        parts = urlsplit(user_database_url())
        name = os.environ.get("BENCH_DATABASE_NAME", DEFAULT_DATABASE_NAME) + "_seating"
        return urlunsplit(parts._replace(path=f"/{name}"))
    handle, path = tempfile.mkstemp(prefix="treaty_bench_seating-", suffix=".sqlite3")
    os.close(handle)
    os.unlink(path)
    return f"sqlite:///{path}"


def hall_build():
    """The event, its hall and its 260 delegations, in bulk."""
    from datetime import date

    from django.utils import timezone
    from django_countries import countries

    from ceremony.models import Event, Room, Venue
    from delegations.enums import AccreditationStatus, DelegationKind
    from delegations.models import Delegate, Delegation

    event = Event.objects.create(
        slug="seating-bench",
        name="Seating benchmark",
        acronym="SEAT",
        treaty_title="Seating benchmark treaty",
        start_date=date(2025, 10, 25),
        end_date=date(2025, 10, 26),
    )
    venue = Venue.objects.create(event=event, name="Convention centre")
    room = Room.objects.create(venue=venue, name="Plenary hall", code="plenary", capacity=3500)
    codes = [code for code, _name in countries][: MEMBER_STATES + OBSERVERS]
    delegations = [
        Delegation(
            event=event,
            kind=DelegationKind.MEMBER_STATE
            if i < MEMBER_STATES
            else DelegationKind.OBSERVER_STATE,
            country=code,
            name=str(countries.name(code)),
            code=code,
        )
        for i, code in enumerate(codes)
    ]
    delegations += [
        Delegation(event=event, kind=DelegationKind.IGO, name=f"Organisation {i:02}", code=f"O{i}")
        for i in range(ORGANISATIONS)
    ]
    delegations = Delegation.objects.bulk_create(delegations)
    now = timezone.now()
    Delegate.objects.bulk_create(
        Delegate(
            delegation=delegation,
            family_name=f"Delegate{i}",
            accreditation_status=AccreditationStatus.ACCREDITED,
            accredited_at=now,
        )
        for n, delegation in enumerate(delegations)
        for i in range(1 + n % 5)
    )
    return event, room


def main():
    as_json = "--json" in sys.argv
    url = database_url()
    if not database_exists(url):
        database_create(url)
    try:
        django_setup(url)
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        call_command("migrate", verbosity=0, interactive=False)
        from ceremony.services.seating import seating_draw, seating_plan_build

        event, room = hall_build()
        walls = []
        for run in range(RUNS):
            began = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                seating_draw(event=event, seed=run)
                plan = seating_plan_build(
                    room=room, rows=ROWS, seats_per_row=SEATS_PER_ROW, seats_behind=2
                )
            walls.append(time.perf_counter() - began)
        seated = plan.assignments.count()
        connection.close()
    finally:
        from django.db import connections

        connections.close_all()
        database_drop(url)
    walls.sort()
    wall = walls[len(walls) // 2]
    on = "PostgreSQL" if on_postgres(url) else "SQLite"
    rows = [
        row(
            "seating",
            f"draw and seat {seated} delegations in {ROWS * SEATS_PER_ROW:,} seats",
            round(wall, 3),
            "s",
            target=f"≤ {MAX_SECONDS:g} s",
            met=wall <= MAX_SECONDS,
            on=on,
            note=f"median of {RUNS}; {len(queries.captured_queries)} queries",
        )
    ]
    rows_print(rows, as_json=as_json)


if __name__ == "__main__":
    main()
