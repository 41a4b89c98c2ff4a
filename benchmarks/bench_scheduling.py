"""Benchmarks of the timetabling engine: prints a table of figures, asserts nothing.

    .venv/bin/python benchmarks/bench_scheduling.py [--only a,b,c] [--seeds 7,8] [--quick] [--json]

Instances (built in ``sessions/scheduling/examples.py``, deterministic):

- (a) the Hanoi 2025 programme: 62 sessions, 19 rooms, 2 days, five pinned ceremonies;
- (b) 300 sessions filling 10 rooms x 30 hourly start times exactly, with speaker clashes;
- (c) 1,000 sessions of mixed length, 40 rooms, 10 days, on a 15-minute grid.

(b) and (c) are feasible by construction (a hidden timetable is drawn first). Each run is a fresh
Python process, so that its peak memory is its own: "peak MiB" is that process's
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (resident set, Python and OR-Tools included).

Every instance is solved with a 60 s ceiling twice: as the engine runs (it stops at a proven
optimum or at a plateau of the objective) and, as the reference, with the plateau stop off
(``solve(stop_at_plateau=False)``: it searches until the optimum or the ceiling). "wall s" is
``parse_problem`` plus ``solve``; the target of an instance is a wall time (5, 15 and 30 s) with
an objective no worse than the reference's. "complete at" is when the first timetable placing
every session was reported (``on_progress``). ``--quick`` skips the reference runs.
``--json`` prints, on the last line, the rows of ``benchmarks/run.py``'s table instead.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from sessions.scheduling import Progress, parse_problem, solve, violations  # noqa: E402
from sessions.scheduling.examples import (  # noqa: E402
    hanoi_programme,
    packed_problem,
    slotted_problem,
)

INSTANCES = {
    "a": ("Hanoi programme, 62 sessions", lambda seed: hanoi_programme(), 2.0, 5.0),
    "b": ("300 in 10 rooms x 30 slots", lambda seed: slotted_problem(seed=seed), 9.0, 15.0),
    "c": ("1,000 in 40 rooms x 10 days", lambda seed: packed_problem(seed=seed), 55.0, 30.0),
}
DEFAULT_SEEDS = {"a": None, "b": 7, "c": 11}
CEILING = 60.0


def run_one(key: str, seed: int | None, ceiling: float, plateau: bool) -> dict:
    """Build, solve and verify one instance in this process; figures as a dict."""
    _, builder, _, _ = INSTANCES[key]
    data = builder(seed)
    began = time.perf_counter()
    problem = parse_problem(data)
    complete_at = []

    def on_progress(progress: Progress) -> None:
        if progress.placed == progress.total and not complete_at:
            complete_at.append(time.perf_counter() - began)

    solution = solve(problem, time_limit=ceiling, on_progress=on_progress, stop_at_plateau=plateau)
    wall = time.perf_counter() - began
    return {
        "sessions": len(problem.sessions),
        "placed": len(solution.assignments),
        "status": solution.status,
        "wall": wall,
        "complete_at": complete_at[0] if complete_at else None,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "stopped": solution.stopped,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "violations": len(violations(problem, solution.assignments)),
    }


def run_fresh(key: str, seed: int | None, ceiling: float, plateau: bool) -> dict:
    """One run in a fresh process (its own peak memory, nothing warm from the last run)."""
    command = [sys.executable, __file__, "--instance", key, "--time-limit", str(ceiling)]
    command += ["--seed", str(seed)] if seed is not None else []
    command += [] if plateau else ["--no-plateau"]
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def kept_quality(figures: dict, reference: dict | None) -> bool | None:
    """Whether the engine's timetable is as good as the reference's (None: not measured)."""
    if reference is None:
        return None
    return (figures["placed"], -figures["objective"]) >= (
        reference["placed"],
        -reference["objective"],
    )


def table_rows(
    key: str, seed: int | None, ceiling: float, figures: dict, reference: dict | None
) -> list:
    """One instance as the rows of run.py's table: when it stopped, how well, its memory."""
    name, _, complete_target, wall_target = INSTANCES[key]
    complete = figures["placed"] == figures["sessions"] and not figures["violations"]
    quality = kept_quality(figures, reference)
    seeded = f", seed {seed}" if seed is not None else ""
    compared = (
        "reference not run (--quick)"
        if reference is None
        else f"the {ceiling:g} s reference run: {reference['objective']}"
        f" in {reference['wall']:.1f} s, {reference['stopped']}"
    )
    gap = "—" if figures["gap"] is None else f"{figures['gap']:.1%}"
    common = {"area": "timetabling", "on": "engine (no database)"}
    return [
        {
            **common,
            "figure": f"({key}) {name}: wall until it stops (ceiling {ceiling:g} s)",
            "value": round(figures["wall"], 2),
            "unit": "s",
            "target": f"≤ {wall_target:g} s, objective ≤ the {ceiling:g} s run's",
            "met": complete and figures["wall"] <= wall_target and quality is not False,
            "note": (
                f"stopped: {figures['stopped']}; objective {figures['objective']}, bound"
                f" {figures['bound']}, gap {gap} ({compared}); {figures['placed']}/"
                f"{figures['sessions']} placed, {figures['violations']} rules broken{seeded}"
            ),
        },
        {
            **common,
            "figure": f"({key}) {name}: first complete timetable",
            "value": None if figures["complete_at"] is None else round(figures["complete_at"], 2),
            "unit": "s",
            "target": f"all placed within {complete_target:g} s",
            "met": figures["complete_at"] is not None and figures["complete_at"] <= complete_target,
            "note": f"{figures['status']}{seeded}",
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
    parser.add_argument("--time-limit", type=float, default=CEILING, help="the ceiling, seconds")
    parser.add_argument("--quick", action="store_true", help="skip the reference runs")
    parser.add_argument("--json", action="store_true", help="print run.py's rows as JSON")
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-plateau", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.instance:
        figures = run_one(args.instance, args.seed, args.time_limit, not args.no_plateau)
        print(json.dumps(figures))
        return

    header = (
        f"{'instance':<34} {'seed':>4} {'placed':>9} {'stopped':<9} {'wall s':>6} {'target':>6}"
        f" {'objective':>9} {'bound':>7} {'gap':>6} {'ref. obj.':>9} {'ref. s':>6}"
        f" {'complete':>8} {'MiB':>4} {'met':>3}"
    )
    if not args.json:
        print(header)
        print("-" * len(header))
    rows = []
    for key in args.only.split(","):
        name, _, _, wall_target = INSTANCES[key]
        seeds = [DEFAULT_SEEDS[key]]
        if args.seeds and DEFAULT_SEEDS[key] is not None:
            seeds = [int(seed) for seed in args.seeds.split(",")]
        for seed in seeds:
            figures = run_fresh(key, seed, args.time_limit, plateau=True)
            reference = None if args.quick else run_fresh(key, seed, args.time_limit, False)
            instance_rows = table_rows(key, seed, args.time_limit, figures, reference)
            rows += instance_rows
            if args.json:
                continue
            complete_at = "-" if figures["complete_at"] is None else f"{figures['complete_at']:.2f}"
            gap = "-" if figures["gap"] is None else f"{figures['gap']:.1%}"
            placed = f"{figures['placed']}/{figures['sessions']}" + (
                "!" if figures["violations"] else ""
            )
            ref_objective = "-" if reference is None else str(reference["objective"])
            ref_wall = "-" if reference is None else f"{reference['wall']:.1f}"
            met = {True: "yes", False: "no"}[instance_rows[0]["met"]]
            print(
                f"{f'({key}) {name}':<34} {seed if seed is not None else '-':>4} {placed:>9}"
                f" {figures['stopped']:<9} {figures['wall']:>6.2f} {wall_target:>6g}"
                f" {figures['objective']:>9} {figures['bound']:>7} {gap:>6} {ref_objective:>9}"
                f" {ref_wall:>6} {complete_at:>8} {figures['peak_mib']:>4.0f} {met:>3}",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows))
        return
    print(
        f"\nceiling {args.time_limit:g} s. wall s: parse + solve until the engine stops; target:"
        " wall s, with an objective (points, lower is better) no worse than the reference run's"
        " (ref.: the plateau stop off, until the optimum or the ceiling); bound: the best lower"
        " bound proven, gap: (objective - bound) / objective; complete: first timetable placing"
        " every session (s); MiB: peak of the process. A '!' after placed would mean the checker"
        " found a broken rule."
    )


if __name__ == "__main__":
    main()
