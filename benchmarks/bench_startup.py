"""Benchmark of start-up: what every process pays before it does its work.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--scale 0.1] [--keep] [--json]

Figures, each the median of ``--runs`` new processes (the first run is thrown away: it warms
the operating system's file cache):

- ``django.setup()``, timed inside the process from before ``import django`` (the settings, every
  app's models and admin registration): what gunicorn, a Celery worker and every command pay;
  on the embedded default (SQLite) and on the benchmarks' database when it is PostgreSQL (there
  Django loads psycopg at set-up: a model's table name asks the backend its limits);
- the same set-up with only Django and the third-party apps installed, none of the planner's:
  the floor the planner's own code stands on;
- ``manage.py check``, the whole process, as a shell sees it;
- ``manage.py export_schedule`` of the whole released schedule of the generated event as CSV,
  the whole process: start-up, then one export (the render alone is in ``bench_exports.py``).

The heavy libraries (OR-Tools, WeasyPrint, openpyxl, pandas, lxml) are imported only where they
are used; ``tests/architecture/test_startup.py`` checks that none is loaded by set-up or by the
URLs, this measures what is left.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PROJECT, arguments, bench_event, on_label, row, rows_print, scaled_note

SETUP_TARGET = 0.5

SETUP_PROBE = """
import time
began = time.perf_counter()
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
print(time.perf_counter() - began)
"""

#: The project's settings without the planner's apps: Django and the third-party apps alone.
FLOOR_SETTINGS = """
from config.settings import *  # noqa: F403

PLANNER = ("ceremony", "delegations", "sessions")
INSTALLED_APPS = [app for app in INSTALLED_APPS if not app.startswith(PLANNER)]  # noqa: F405
MIDDLEWARE = [entry for entry in MIDDLEWARE if not entry.startswith(PLANNER)]  # noqa: F405
"""


def options(parser):
    parser.add_argument("--runs", type=int, default=11, help="processes per figure (median)")


def median_of(runs, measure):
    """The median and the fastest of ``runs`` measurements, after one thrown away: on a shared
    machine the spread is wide (a tenth to a quarter of a second), the median is the figure."""
    measure()
    times = [measure() for _ in range(runs)]
    return statistics.median(times), min(times)


def process_seconds(command, env):
    """Wall time of a whole process, which must succeed."""
    began = time.perf_counter()
    subprocess.run(command, cwd=PROJECT, env=env, check=True, capture_output=True)
    return time.perf_counter() - began


def setup_seconds(env):
    finished = subprocess.run(
        [sys.executable, "-c", SETUP_PROBE],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(finished.stdout.strip().splitlines()[-1])


def setup_row(figure, runs, env, *, on, target=True, note=""):
    median, fastest = median_of(runs, lambda: setup_seconds(env))
    return row(
        "start-up",
        figure,
        round(median, 3),
        "s",
        target=f"≤ {SETUP_TARGET:g} s" if target else "—",
        met=median <= SETUP_TARGET if target else None,
        on=on,
        note=f"median of {runs} new processes (fastest {fastest:.2f} s){note}",
    )


def main():
    args = arguments(__doc__.split("\n")[0], more=options)
    with bench_event(scale=args.scale, seed=args.seed, keep=args.keep) as (event, info):
        env = {**os.environ, "DATABASE_URL": info["url"], "DJANGO_DEBUG": "false"}
        env.pop("CELERY_BROKER_URL", None)
        embedded = {key: value for key, value in env.items() if key != "DATABASE_URL"}
        manage = [sys.executable, "manage.py"]
        rows = [setup_row("django.setup() in a new process", args.runs, embedded, on="SQLite")]
        if on_label() == "PostgreSQL":
            rows.append(
                setup_row(
                    "django.setup() in a new process",
                    args.runs,
                    env,
                    on="PostgreSQL",
                    note="; psycopg included",
                )
            )
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "floor_settings.py").write_text(FLOOR_SETTINGS)
            floor = {
                **embedded,
                "DJANGO_SETTINGS_MODULE": "floor_settings",
                "PYTHONPATH": os.pathsep.join(filter(None, [folder, str(PROJECT)])),
            }
            rows.append(
                setup_row(
                    "django.setup() of Django and the third-party apps alone",
                    args.runs,
                    floor,
                    on="SQLite",
                    target=False,
                    note="; the floor under the planner's own code",
                )
            )
        check, check_fastest = median_of(
            args.runs, lambda: process_seconds([*manage, "check"], env)
        )
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "programme.csv"
            export, export_fastest = median_of(
                args.runs,
                lambda: process_seconds(
                    [*manage, "export_schedule", event.slug, "--format", "csv"]
                    + ["--output", str(output)],
                    env,
                ),
            )
        runs = f"median of {args.runs} new processes"
        rows += [
            row(
                "start-up",
                "manage.py check, the whole process",
                round(check, 3),
                "s",
                on=on_label(),
                note=f"{runs} (fastest {check_fastest:.2f} s)",
            ),
            row(
                "start-up",
                "manage.py export_schedule: CSV of the whole schedule, the whole process",
                round(export, 3),
                "s",
                on=on_label(),
                note=scaled_note(args.scale, f"{runs} (fastest {export_fastest:.2f} s)"),
            ),
        ]
    rows_print(rows, as_json=args.json)


if __name__ == "__main__":
    main()
