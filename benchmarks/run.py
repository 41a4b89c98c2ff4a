"""Every benchmark of the project, printed as one table: ``make bench``.

    .venv/bin/python benchmarks/run.py [--quick] [--scale S] [--keep] [--markdown] [--json]

Suites, each a script of its own run in a subprocess (``--json``, its rows on its last line):

- timetabling: ``bench_scheduling.py`` (the engine alone, no database: each instance until the
  engine stops, then with the plateau stop off as the reference, 60 s ceilings, about 4 minutes);
- seating by lot: ``bench_seating.py`` (260 delegations in a 3,500-seat hall, in a database of
  its own);
- the generated event (``generate_event.py``: 100,000 delegates, 1,000 sessions, 500,000
  registrations, 200,000 check-ins), generated once in the benchmarks' own database, then
  exports (``bench_exports.py``), attendance (``bench_attendance.py``), itineraries
  (``bench_itineraries.py``), the public pages (``bench_public.py``), the release outbox
  (``bench_notifications.py``), the schedule editor (``bench_editor.py``), a plenary's list of
  200 speakers reordered and rendered (``bench_speakers.py``) and start-up
  (``bench_startup.py``: ``django.setup()``, ``manage.py check``, one ``export_schedule``
  command) on it;
- API and load: ``bench_load.py``, when ``DATABASE_URL`` is PostgreSQL and ``CELERY_BROKER_URL``
  Redis (it needs both).

On the embedded default (no ``DATABASE_URL``) the event lives in a temporary SQLite file; with
``DATABASE_URL`` on PostgreSQL in a database beside it (``treaty_bench``), never in the one it
names. ``--keep`` keeps that database for the next run (generating takes minutes);
``--quick`` (or ``BENCH_SCALE=0.1``) runs a tenth of the event and the two small timetabling
instances, to try it out: targets are for the full size.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from common import (
    bench_database_url,
    database_drop,
    on_label,
    on_postgres,
    row,
    rows_print,
)

HERE = Path(__file__).resolve().parent
EVENT_SUITES = ("generate_event.py", "bench_exports.py", "bench_attendance.py")
EVENT_SUITES += ("bench_itineraries.py", "bench_public.py", "bench_notifications.py")
EVENT_SUITES += ("bench_editor.py", "bench_speakers.py", "bench_startup.py")
LOAD = HERE / "bench_load.py"


def suite(script, *options, env=None, area="—"):
    """A suite's rows, or one row saying how it failed."""
    command = [sys.executable, str(HERE / script), "--json", *options]
    print(f"running {script} {' '.join(options)}".rstrip(), file=sys.stderr, flush=True)
    began = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, env=env, cwd=HERE.parent)
    seconds = time.perf_counter() - began
    lines = finished.stdout.strip().splitlines()
    try:
        rows = json.loads(lines[-1]) if finished.returncode == 0 and lines else None
    except json.JSONDecodeError:
        rows = None
    if not isinstance(rows, list):
        error = (finished.stderr.strip().splitlines() or ["no output"])[-1]
        return [
            row(
                area,
                script,
                None,
                "",
                on=on_label(),
                note=f"failed (exit {finished.returncode}): {error[:200]}",
            )
        ]
    print(f"  {len(rows)} rows in {seconds:.0f} s", file=sys.stderr, flush=True)
    return rows


def load_rows(env):
    """The API and load figures, when PostgreSQL and Redis are both configured."""
    redis = os.environ.get("CELERY_BROKER_URL", "").startswith(("redis://", "rediss://"))
    if not LOAD.is_file():
        return [
            row(
                "API",
                "API and load figures",
                None,
                "",
                note="not run (benchmarks/bench_load.py is missing)",
            )
        ]
    if not (on_postgres() and redis):
        return [
            row(
                "API", "API and load figures", None, "", note="not run (needs PostgreSQL and Redis)"
            )
        ]
    return suite(LOAD.name, env=env, area="API")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the event, to try it")
    parser.add_argument("--scale", type=float, help="size of the event (default BENCH_SCALE or 1)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    scale = args.scale or (0.1 if args.quick else float(os.environ.get("BENCH_SCALE", "1")))
    quick = args.quick or scale < 1

    # --quick: the two small instances, without the 60 s reference runs (plateau stop off).
    timetabling = ["--only", "a,b", "--quick"] if quick else []
    rows = suite("bench_scheduling.py", *timetabling, area="timetabling")
    rows += suite("bench_seating.py", area="seating")
    handed_in = bool(os.environ.get("BENCH_DATABASE_URL"))
    url = bench_database_url(keep=True)
    env = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_SCALE": str(scale)}
    options = ["--scale", str(scale), "--seed", str(args.seed)]
    try:
        for script in EVENT_SUITES:
            rows += suite(script, *options, env=env, area="data")
        rows += load_rows(env)
    finally:
        if not args.keep and not handed_in:
            database_drop(url)
    if args.json:
        rows_print(rows, as_json=True)
        return
    print()
    rows_print(rows, markdown=args.markdown)
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average"
        f" {os.getloadavg()[0]:.1f}; the event's database: {on_label()}"
        + ("" if scale == 1 else f", scale {scale:g}")
    )


if __name__ == "__main__":
    main()
