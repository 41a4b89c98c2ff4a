"""Benchmark of the attendance job on the generated event: its wall time and its queries.

    .venv/bin/python benchmarks/bench_attendance.py [--scale 0.1] [--keep] [--json]

The job is the Celery task the beat runs every five minutes, called in-process
(``sessions.tasks.attendance_snapshot``): it reads the event, computes every count and stores a
snapshot. Wall time is the median of five runs; the queries are counted with
``django.test.utils.CaptureQueriesContext`` on the last one.
"""

from common import arguments, bench_event, on_label, row, rows_print, scaled_note, target_met

MAX_SECONDS, MAX_QUERIES, RUNS = 2.0, 10, 5


def main():
    args = arguments(__doc__.split("\n")[0])
    with bench_event(scale=args.scale, seed=args.seed, keep=args.keep) as (event, _info):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from sessions.tasks import attendance_snapshot

        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                attendance_snapshot(event.pk)
            times.append(sum(float(query["time"]) for query in queries.captured_queries))
        import time

        walls = []
        for _ in range(RUNS):
            began = time.perf_counter()
            attendance_snapshot(event.pk)
            walls.append(time.perf_counter() - began)
        walls.sort()
        wall = walls[len(walls) // 2]
        count = len(queries.captured_queries)
        on = on_label()
        rows = [
            row(
                "attendance",
                "attendance job (the snapshot task), wall time",
                round(wall, 3),
                "s",
                target=f"< {MAX_SECONDS:g} s",
                met=target_met(args.scale, wall < MAX_SECONDS),
                on=on,
                note=scaled_note(
                    args.scale, f"median of {RUNS}; {min(times):.2f} s in the database"
                ),
            ),
            row(
                "attendance",
                "attendance job, queries",
                count,
                "queries",
                target=f"≤ {MAX_QUERIES}",
                met=count <= MAX_QUERIES,
                on=on,
                note="fixed, whatever the size (tests/sessions/services/test_attendance.py)",
            ),
        ]
    rows_print(rows, as_json=args.json)


if __name__ == "__main__":
    main()
