"""Benchmarks of the timetabling engine: prints a table of figures, asserts nothing.

    .venv/bin/python benchmarks/bench_scheduling.py [--only a,b,c] [--seeds 7,8,9] [--json]

Instances (built in ``sessions/scheduling/examples.py``, deterministic):

- (a) the Hanoi 2025 programme: 62 sessions, 19 rooms, 2 days, five pinned ceremonies;
- (b) 300 sessions filling 10 rooms x 30 hourly start times exactly, with speaker clashes;
- (c) 1,000 sessions of mixed length, 40 rooms, 10 days, on a 15-minute grid.

(b) and (c) are feasible by construction (a hidden timetable is drawn first). Each instance runs
in a fresh Python process, so that its peak memory is its own: "peak MiB" is that process's
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (resident set, Python and OR-Tools included).
"wall s" is the time of ``parse_problem`` plus ``solve`` with the given time limit; the solver
uses the whole limit unless it proves its objective optimal. "complete at" is when the first
timetable placing every session was found (from the solver's log). ``--json`` prints, on the
last line, the rows of ``benchmarks/run.py``'s table instead (the target of an instance: every
session placed, no rule broken, within its time limit).
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from sessions.scheduling import parse_problem, solve, violations  # noqa: E402
from sessions.scheduling.examples import (  # noqa: E402
    hanoi_programme,
    packed_problem,
    slotted_problem,
)

INSTANCES = {
    "a": ("Hanoi programme", lambda seed: hanoi_programme(), 2.0),
    "b": ("300 in 10 rooms x 30 slots", lambda seed: slotted_problem(seed=seed), 9.0),
    "c": ("1,000 in 40 rooms x 10 days", lambda seed: packed_problem(seed=seed), 55.0),
}
DEFAULT_SEEDS = {"a": None, "b": 7, "c": 11}


class _Progress(logging.Handler):
    """Notes when the solver first holds a timetable that places every session."""

    def __init__(self, began: float, sessions: int) -> None:
        super().__init__()
        self.began = began
        self.sessions = sessions
        self.complete_at: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        greedy_complete = message.startswith(f"greedy pass placed {self.sessions} of")
        if self.complete_at is None and (
            greedy_complete or message.startswith("complete timetable found")
        ):
            self.complete_at = time.perf_counter() - self.began


def run_one(key: str, seed: int | None, time_limit: float) -> dict:
    """Build, solve and verify one instance in this process; figures as a dict."""
    _, builder, _ = INSTANCES[key]
    data = builder(seed)
    began = time.perf_counter()
    problem = parse_problem(data)
    progress = _Progress(began, len(problem.sessions))
    engine_log = logging.getLogger("sessions.scheduling")
    engine_log.addHandler(progress)
    engine_log.setLevel(logging.INFO)
    solution = solve(problem, time_limit=time_limit)
    wall = time.perf_counter() - began
    return {
        "sessions": len(problem.sessions),
        "placed": len(solution.assignments),
        "status": solution.status,
        "wall": wall,
        "complete_at": progress.complete_at,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "violations": len(violations(problem, solution.assignments)),
    }


def table_rows(key: str, name: str, seed: int | None, time_limit: float, figures: dict) -> list:
    """One instance as the rows of run.py's table: its first complete timetable, its memory."""
    complete = figures["placed"] == figures["sessions"] and not figures["violations"]
    met = complete and figures["wall"] <= time_limit + 1
    seeded = f", seed {seed}" if seed is not None else ""
    note = (
        f"{figures['placed']}/{figures['sessions']} placed, {figures['status']},"
        f" {figures['violations']} rules broken; wall {figures['wall']:.1f} s"
        f" of the {time_limit:g} s limit, the rest spent on the soft goals{seeded}"
    )
    common = {"area": "timetabling", "on": "engine (no database)"}
    return [
        {
            **common,
            "figure": f"({key}) {name}: first complete timetable",
            "value": None if figures["complete_at"] is None else round(figures["complete_at"], 2),
            "unit": "s",
            "target": f"all placed within {time_limit:g} s",
            "met": met,
            "note": note,
        },
        {
            **common,
            "figure": f"({key}) {name}: peak memory",
            "value": round(figures["peak_mib"]),
            "unit": "MiB",
            "target": "—",
            "met": None,
            "note": "ru_maxrss of a fresh process",
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="a,b,c", help="instances to run, e.g. b,c")
    parser.add_argument(
        "--seeds", help="comma-separated seeds for (b) and (c) instead of their defaults"
    )
    parser.add_argument("--time-limit", type=float, help="override every instance's time limit")
    parser.add_argument("--json", action="store_true", help="print run.py's rows as JSON")
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.instance:
        print(json.dumps(run_one(args.instance, args.seed, args.time_limit)))
        return

    header = (
        f"{'instance':<30} {'seed':>4} {'sessions':>8} {'placed':>6} {'status':<10}"
        f" {'limit s':>7} {'wall s':>7} {'complete at':>11} {'peak MiB':>8}"
    )
    if not args.json:
        print(header)
        print("-" * len(header))
    rows = []
    for key in args.only.split(","):
        name, _, time_limit = INSTANCES[key]
        time_limit = args.time_limit or time_limit
        seeds = [DEFAULT_SEEDS[key]]
        if args.seeds and DEFAULT_SEEDS[key] is not None:
            seeds = [int(seed) for seed in args.seeds.split(",")]
        for seed in seeds:
            command = [sys.executable, __file__, "--instance", key, "--time-limit", str(time_limit)]
            if seed is not None:
                command += ["--seed", str(seed)]
            finished = subprocess.run(command, capture_output=True, text=True, check=True)
            row = json.loads(finished.stdout.strip().splitlines()[-1])
            if args.json:
                rows += table_rows(key, name, seed, time_limit, row)
                continue
            complete_at = "-" if row["complete_at"] is None else f"{row['complete_at']:.2f}"
            status = row["status"] + ("!" if row["violations"] else "")
            print(
                f"{f'({key}) {name}':<30} {seed if seed is not None else '-':>4}"
                f" {row['sessions']:>8} {row['placed']:>6} {status:<10} {time_limit:>7.1f}"
                f" {row['wall']:>7.2f} {complete_at:>11} {row['peak_mib']:>8.0f}",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows))
        return
    print(
        "\npeak MiB: ru_maxrss of a fresh process per instance; wall s: parse + solve;"
        " complete at: first timetable placing every session (s). A '!' after the status would"
        " mean the checker found a broken rule."
    )


if __name__ == "__main__":
    main()
