"""Benchmark of the schedule exports of the whole released programme of the generated event.

    .venv/bin/python benchmarks/bench_exports.py [--scale 0.1] [--keep] [--json] [--only ics,pdf]

Each figure is what an export job does for the whole event: read the release and the sessions
(``sessions.selectors.exports.schedule_for_export``) and render the file
(``sessions.exports.render``), without writing it to storage. Wall time is the median of three
runs (one for the PDF), each cold: what earlier runs kept in memory is forgotten first.
"""

from common import arguments, bench_event, on_label, row, rows_print, scaled_note, target_met

TARGETS = {"ics": 2.0, "csv": 2.0, "json": 2.0, "xml": 2.0, "xlsx": 5.0, "pdf": 20.0}
LABELS = {"ics": "ICS", "csv": "CSV", "json": "JSON", "xml": "XML", "xlsx": "XLSX", "pdf": "PDF"}


def options(parser):
    parser.add_argument("--only", default=",".join(TARGETS), help="formats, e.g. ics,pdf")


def cold():
    """Forget what earlier renders kept (the releases' history, ICS events): each run is cold."""
    from sessions.exports import ics
    from sessions.selectors import exports

    for cached in (exports._history, ics.vevent_bytes, ics._vtimezone):
        cached.cache_clear()


def main():
    args = arguments(__doc__.split("\n")[0], more=options)
    with bench_event(scale=args.scale, seed=args.seed, keep=args.keep) as (event, _info):
        import time

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from sessions import exports
        from sessions.selectors.exports import schedule_for_export

        rows = []
        for name in args.only.split(","):
            walls, reads = [], []
            for _ in range(1 if name == "pdf" else 3):
                cold()
                began = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    schedule = schedule_for_export(event=event)
                read = time.perf_counter()
                content = exports.render(name, schedule)
                walls.append(time.perf_counter() - began)
                reads.append(read - began)
            walls.sort()
            wall = walls[len(walls) // 2]
            note = (
                f"{len(schedule.items):,} sessions, {len(content) / 2**20:.1f} MiB;"
                f" reading {min(reads):.2f} s in {len(queries.captured_queries)} queries"
            )
            if len(walls) > 1:
                note += f"; median of {len(walls)}"
            rows.append(
                row(
                    "exports",
                    f"{LABELS[name]} of the whole schedule",
                    round(wall, 3),
                    "s",
                    target=f"< {TARGETS[name]:g} s",
                    met=target_met(args.scale, wall < TARGETS[name]),
                    on=on_label(),
                    note=scaled_note(args.scale, note),
                )
            )
    rows_print(rows, as_json=args.json)


if __name__ == "__main__":
    main()
