"""Command line: ``python -m sessions.scheduling problem.json [--time-limit S] [--output FILE]``.

Exit status: 0 when a solution was written (also a partial or infeasible one), 2 when the problem
cannot be read or is malformed (the message names the field; nothing is written), 1 when the
solution cannot be written. The solution goes to standard output unless ``--output`` is given;
a one-line summary goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .problem import ProblemError, parse_problem
from .solver import DEFAULT_TIME_LIMIT, solve

MALFORMED = 2
UNWRITABLE = 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sessions.scheduling",
        description="Place a conference's sessions into rooms and times (OR-Tools CP-SAT).",
    )
    parser.add_argument("problem", help="problem file (format treaty-event-timetable/1)")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"longest search (default {DEFAULT_TIME_LIMIT:g}); it stops sooner at an optimum or"
        " when the objective stops improving, and the best solution found is written",
    )
    parser.add_argument("--output", metavar="FILE", help="write the solution here, not to stdout")
    args = parser.parse_args(argv)
    if not args.time_limit > 0:
        parser.error("--time-limit must be a positive number of seconds")

    try:
        data = json.loads(Path(args.problem).read_text(encoding="utf-8"))
    except OSError as error:
        return _fail(f"{args.problem}: cannot be read: {error.strerror or error}", MALFORMED)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return _fail(f"{args.problem}: not valid JSON: {error}", MALFORMED)
    try:
        problem = parse_problem(data)
    except ProblemError as error:
        return _fail(f"{args.problem}: {error}", MALFORMED)

    solution = solve(problem, time_limit=args.time_limit)
    text = json.dumps(solution.to_json(problem), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            return _fail(f"{args.output}: cannot be written: {error.strerror or error}", UNWRITABLE)
    else:
        sys.stdout.write(text)
    print(
        f"{solution.status}: {len(solution.assignments)} of {len(problem.sessions)} sessions"
        f" placed in {solution.seconds:.1f} s (stopped: {solution.stopped})",
        file=sys.stderr,
    )
    return 0


def _fail(message: str, status: int) -> int:
    print(message, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
