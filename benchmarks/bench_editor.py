"""Benchmark of the schedule editor on the generated event (1,000 sessions).

    .venv/bin/python benchmarks/bench_editor.py [--scale 0.1] [--keep] [--json]

- a move checked and saved: ``session_move`` of a session to a free cell of its room on the
  busiest day (the lock, the model's checks, the release's rules around it, the update), each
  run in a transaction rolled back so that every run moves the same session; and a move
  refused (onto a room already taken);
- the grid of the busiest day: the editor's page through Django's test client as an organiser
  (the selector, the rules of every block, the template), with its queries counted.

Each figure is the median of nine, wall time; the note gives this process's CPU time too (the
database's own work is not in it), which a machine shared with other work changes less.
Targets: a move ≤ 100 ms, a day's grid ≤ 300 ms.
"""

from common import arguments, bench_event, on_label, row, rows_print, scaled_note, target_met

RUNS = 9
MOVE_TARGET, GRID_TARGET = 0.100, 0.300


class RolledBack(Exception):
    """Leaves the move's transaction after timing it."""


def load():
    import os

    return f"load average {os.getloadavg()[0]:.1f}"


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def busiest_day(event):
    from collections import Counter

    from sessions.models import Session

    zone = event.timezone
    days = Counter(
        start.astimezone(zone).date()
        for start in Session.objects.filter(event=event, start__isnull=False).values_list(
            "start", flat=True
        )
    )
    return days.most_common(1)[0]


def timed_move(session, room, start):
    """(seconds, refused, CPU seconds) of one move, undone."""
    import time

    from django.core.exceptions import ValidationError
    from django.db import transaction

    from sessions.services.schedule import session_move

    began, cpu = time.perf_counter(), time.process_time()
    refused = False
    try:
        with transaction.atomic():
            try:
                session_move(session=session, room=room, start=start)
            except ValidationError:
                refused = True
            seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
            raise RolledBack
    except RolledBack:
        pass
    return seconds, refused, cpu


def moves(event, day):
    """A move the rules accept (a session to a free cell of its own room on ``day``, in the
    generator's slots), and one they refuse (onto the next session of its room)."""
    from datetime import datetime, timedelta

    from benchmarks.event_data import SLOT_STARTS
    from sessions.enums import SessionStatus
    from sessions.models import Session

    zone = event.timezone
    sessions = list(
        Session.objects.filter(event=event, status=SessionStatus.SCHEDULED)
        .select_related("room")
        .order_by("room_id", "start")
    )
    sessions = [session for session in sessions if session.start.astimezone(zone).date() == day]
    taken = {(session.room_id, session.start.astimezone(zone).time()) for session in sessions}
    accepted = refused = None
    for session in sessions:
        if refused is None:
            neighbour = next(
                (
                    other
                    for other in sessions
                    if other.room_id == session.room_id and other.start > session.start
                ),
                None,
            )
            if neighbour is not None and timed_move(session, session.room, neighbour.start)[1]:
                refused = (session, session.room, neighbour.start)
        if accepted is None:
            for slot in SLOT_STARTS:
                if (session.room_id, slot) in taken:
                    continue
                start = datetime.combine(day, slot, tzinfo=zone)
                if start + timedelta(minutes=session.duration_minutes) > datetime.combine(
                    day, event.day_closes, tzinfo=zone
                ):
                    continue
                if not timed_move(session, session.room, start)[1]:
                    accepted = (session, session.room, start)
                    break
        if accepted and refused:
            break
    return accepted, refused


def main():
    args = arguments(__doc__.split("\n")[0])
    with bench_event(scale=args.scale, seed=args.seed, keep=args.keep) as (event, _info):
        import time

        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        on = on_label()
        rows = []
        day, count = busiest_day(event)
        accepted, refused = moves(event, day)
        for label, move in (("a move checked and saved", accepted), ("a move refused", refused)):
            if move is None:
                rows.append(row("schedule editor", label, None, "", note="no such move found"))
                continue
            runs = [timed_move(*move) for _ in range(RUNS)]
            value = median([run[0] for run in runs])
            cpu = median([run[2] for run in runs])
            rows.append(
                row(
                    "schedule editor",
                    f"{label} ({count} sessions that day)",
                    round(value * 1000, 1),
                    "ms",
                    target=f"≤ {MOVE_TARGET * 1000:g} ms",
                    met=target_met(args.scale, value <= MOVE_TARGET),
                    on=on,
                    note=scaled_note(
                        args.scale, f"median of {RUNS}; CPU {cpu * 1000:.1f} ms; {load()}"
                    ),
                )
            )

        user, _created = get_user_model().objects.get_or_create(
            username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
        )
        client = Client()
        client.force_login(user)
        url = reverse("admin:ceremony_event_schedule", args=[event.pk]) + f"?day={day}"
        walls, cpus, queries = [], [], set()
        for _ in range(RUNS):
            began, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
            queries.add(len(captured.captured_queries))
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        value = median(walls)
        rows.append(
            row(
                "schedule editor",
                f"grid of a day ({count} sessions)",
                round(value * 1000, 1),
                "ms",
                target=f"≤ {GRID_TARGET * 1000:g} ms",
                met=target_met(args.scale, value <= GRID_TARGET),
                on=on,
                note=scaled_note(
                    args.scale,
                    f"median of {RUNS}; CPU {median(cpus) * 1000:.0f} ms; "
                    f"{', '.join(str(q) for q in sorted(queries))} queries; "
                    f"{len(response.content) / 1024:,.0f} KiB; {load()}",
                ),
            )
        )
    rows_print(rows, as_json=args.json)


if __name__ == "__main__":
    main()
