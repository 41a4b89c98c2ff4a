"""Generate the benchmark event (100,000 delegates at scale 1) in the benchmarks' own database.

    .venv/bin/python benchmarks/generate_event.py [--scale 0.1] [--seed 2025] [--keep] [--json]

Without ``--keep`` the database is dropped again at the end, which only measures generation;
with it, the suites (and ``run.py``) reuse it. The row printed is the time to generate and
check the event (migrations apart).
"""

from common import arguments, bench_event, on_label, row, rows_print


def main():
    args = arguments(__doc__.split("\n")[0])
    with bench_event(scale=args.scale, seed=args.seed, keep=args.keep) as (event, info):
        from benchmarks.event_data import Sizes

        sizes = Sizes.at(args.scale)
        what = (
            f"{sizes.delegates:,} delegates, {sizes.sessions:,} sessions, "
            f"{sizes.registrations:,} registrations, {sizes.check_ins:,} check-ins"
        )
        if info["reused"]:
            rows = [
                row(
                    "data",
                    "generate the event",
                    None,
                    "s",
                    on=on_label(),
                    note=f"reused the kept database ({what})",
                )
            ]
        else:
            rows = [
                row(
                    "data",
                    "generate the event",
                    round(info["generate_seconds"], 1),
                    "s",
                    target="minutes at most",
                    on=on_label(),
                    note=(
                        f"{what}; then {info['check_seconds']:.0f} s to check its rules,"
                        f" after {info['migrate_seconds']:.0f} s of migrations"
                    ),
                )
            ]
    rows_print(rows, as_json=args.json)


if __name__ == "__main__":
    main()
