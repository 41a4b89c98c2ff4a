"""What every benchmark script shares: its own database, its rows, and the table they make.

The benchmarks never touch the database ``DATABASE_URL`` names. On PostgreSQL they create one
beside it (``treaty_bench``, or ``BENCH_DATABASE_NAME``) on the same server, migrate and fill it,
and drop it afterwards; on the embedded default they use an SQLite file in the temporary
directory. ``--keep`` leaves the filled database in place, and a later run with the same scale
and seed reuses it instead of generating it again. ``BENCH_DATABASE_URL`` names a database
already filled (``run.py`` fills one and hands it to each suite).

A row is one figure: ``{"area", "figure", "value", "unit", "target", "met", "on", "note"}``
(``value`` a number or null, ``met`` true, false or null when there is no target or it does
not apply). Each script prints its rows as a table, or with ``--json`` as a JSON list on its
last line, which is how ``run.py`` merges them into one table.
"""

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

DEFAULT_DATABASE_NAME = "treaty_bench"
DEFAULT_SEED = 2025
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")
COLUMNS = ("area", "figure", "measured", "target", "met", "on", "note")


# Rows and tables ------------------------------------------------------------------------------


def row(area, figure, value, unit, target="—", met=None, on="", note=""):
    return {
        "area": area,
        "figure": figure,
        "value": value,
        "unit": unit,
        "target": target,
        "met": met,
        "on": on,
        "note": note,
    }


def measured(entry):
    value = entry.get("value")
    if value is None:
        return "—"
    unit = entry.get("unit") or ""
    if isinstance(value, float) and not value.is_integer() or unit == "s":
        text = f"{value:.2f}" if value < 100 else f"{value:.0f}"
    else:
        text = f"{int(value):,}"
    return f"{text} {unit}".strip()


def met_text(met):
    return "—" if met is None else "yes" if met else "no"


def cells(entry):
    return (
        entry["area"],
        entry["figure"],
        measured(entry),
        entry.get("target") or "—",
        met_text(entry.get("met")),
        entry.get("on") or "—",
        entry.get("note") or "",
    )


def table_text(rows):
    """The rows as an aligned plain-text table (the note column runs free)."""
    lines = [COLUMNS, *(cells(entry) for entry in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS) - 1)]
    out = []
    for index, line in enumerate(lines):
        out.append(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False))
            + "  "
            + line[-1]
        )
        if index == 0:
            out.append("  ".join("-" * width for width in widths) + "  " + "-" * 4)
    return "\n".join(line.rstrip() for line in out)


def table_markdown(rows):
    escape = str.maketrans({"|": "\\|"})
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    lines += ["| " + " | ".join(c.translate(escape) for c in cells(entry)) + " |" for entry in rows]
    return "\n".join(lines)


def rows_print(rows, *, as_json=False, markdown=False):
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        print(table_markdown(rows) if markdown else table_text(rows))


def arguments(description, *, more=None):
    """The options every suite takes: scale, seed, keep, json."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("BENCH_SCALE", "1")),
        help="size of the generated event, 1 = 100,000 delegates (default: BENCH_SCALE or 1)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated database for the next run"
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    if more:
        more(parser)
    return parser.parse_args()


def scaled_note(scale, note=""):
    """Targets are set for the full event on PostgreSQL; say when a figure is not that."""
    parts = [note] if note else []
    if scale != 1:
        parts.append(f"scale {scale:g}: targets are for the full event")
    if on_label() == "SQLite":
        parts.append("targets are for PostgreSQL")
    return "; ".join(parts)


def target_met(scale, passed):
    """Whether a target is met, when it applies: the full event on PostgreSQL."""
    if scale != 1 or on_label() != "PostgreSQL":
        return None
    return bool(passed)


# The database ---------------------------------------------------------------------------------


def user_database_url():
    return os.environ.get("DATABASE_URL", "")


def on_postgres(url=None):
    url = user_database_url() if url is None else url
    return urlsplit(url).scheme in POSTGRES_SCHEMES


def on_label():
    url = os.environ.get("BENCH_DATABASE_URL") or user_database_url()
    return "PostgreSQL" if on_postgres(url) else "SQLite"


def bench_database_url(*, keep):
    """Where the benchmarks' event lives: a database of their own, never the user's."""
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        return given
    if on_postgres():
        parts = urlsplit(user_database_url())
        name = os.environ.get("BENCH_DATABASE_NAME", DEFAULT_DATABASE_NAME)
        if name == parts.path.lstrip("/"):
            raise SystemExit(
                f"The benchmarks would fill {name}, the database DATABASE_URL names; set "
                "BENCH_DATABASE_NAME to another name."
            )
        return urlunsplit(parts._replace(path=f"/{name}"))
    folder = Path(tempfile.gettempdir())
    if keep:
        return f"sqlite:///{folder / 'treaty_bench.sqlite3'}"
    handle, path = tempfile.mkstemp(prefix="treaty_bench-", suffix=".sqlite3")
    os.close(handle)
    os.unlink(path)
    return f"sqlite:///{path}"


def _maintenance(url):
    import psycopg

    parts = urlsplit(url)
    conninfo = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return psycopg.connect(conninfo, autocommit=True), parts.path.lstrip("/")


def database_exists(url):
    if on_postgres(url):
        connection, name = _maintenance(url)
        with connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return found.fetchone() is not None
    return Path(urlsplit(url).path).is_file()


def database_create(url):
    if on_postgres(url):
        from psycopg import sql

        connection, name = _maintenance(url)
        with connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_drop(url):
    if on_postgres(url):
        from psycopg import sql

        connection, name = _maintenance(url)
        with connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    else:
        Path(urlsplit(url).path).unlink(missing_ok=True)


def django_setup(url):
    """Django on the benchmarks' database, as in production: no debug cursor, no eager tricks."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    import django

    django.setup()


def _stored_event(scale, seed):
    """The generated event, or None; refuses a database that holds anything else."""
    from benchmarks.event_data import SLUG, marker
    from ceremony.models import Event

    if Event.objects.exclude(slug=SLUG).exists():
        raise SystemExit("The benchmarks' database holds other events: it is not theirs to fill.")
    event = Event.objects.filter(slug=SLUG).first()
    return event, event is not None and event.theme == marker(scale, seed)


def _migrate():
    from django.core.management import call_command

    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return time.perf_counter() - began


@contextlib.contextmanager
def bench_event(*, scale, seed, keep, log=None):
    """The generated event in the benchmarks' own database, with how it was had.

    Yields ``(event, info)``; ``info`` has ``url``, ``reused`` and, when the event was generated
    here, ``migrate_seconds``, ``generate_seconds`` and ``check_seconds``. A database holding an
    event of another scale, seed or generator is filled anew. The database is dropped on
    leaving unless ``keep`` is set or it was handed in (``BENCH_DATABASE_URL``).
    """
    from django.db import connections

    log = log or (lambda message: print(message, file=sys.stderr, flush=True))
    handed_in = bool(os.environ.get("BENCH_DATABASE_URL"))
    url = bench_database_url(keep=keep)
    if user_database_url() and url == user_database_url():
        raise SystemExit("BENCH_DATABASE_URL is the database DATABASE_URL names: refused.")
    if not database_exists(url):
        database_create(url)
    info = {"url": url, "reused": False}
    try:
        django_setup(url)
        info["migrate_seconds"] = _migrate()
        event, matches = _stored_event(scale, seed)
        if event is not None and not matches:
            log(f"{url} holds another benchmark event: filling it anew")
            connections.close_all()
            database_drop(url)
            database_create(url)
            info["migrate_seconds"] = _migrate()
            event = None
        if event is None:
            from benchmarks.event_data import event_check, event_generate

            log(f"generating the benchmark event at scale {scale:g} in {url}")
            began = time.perf_counter()
            event = event_generate(scale=scale, seed=seed, log=log)
            info["generate_seconds"] = time.perf_counter() - began
            began = time.perf_counter()
            problems = event_check(event, scale=scale)
            info["check_seconds"] = time.perf_counter() - began
            if problems:
                raise SystemExit("The generated event breaks its rules:\n" + "\n".join(problems))
        else:
            info["reused"] = True
        yield event, info
    finally:
        if not keep and not handed_in:
            connections.close_all()
            database_drop(url)


def timed(function, *, repeat=1):
    """The median wall time of ``repeat`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    times.sort()
    return times[len(times) // 2], result
