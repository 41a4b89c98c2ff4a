"""Benchmark of delegation itineraries on the generated event: 200 delegations, one after another.

    .venv/bin/python benchmarks/bench_itineraries.py [--scale 0.1] [--keep] [--json] [--format ics]

Each itinerary is what an export job of scope "delegation" does: find the sessions the
delegation takes part in (its delegates' roles and confirmed places, the side events it
organises), narrow the released schedule to them (``schedule_for_export``) and render the file
(``sessions.exports.render``), without writing it to storage. The delegations are the 200
largest (at scale 1), so the itineraries are the longest ones.
"""

from common import arguments, bench_event, on_label, row, rows_print, scaled_note, target_met

MAX_SECONDS, DELEGATIONS = 60.0, 200


def options(parser):
    parser.add_argument("--format", default="ics", help="the itineraries' format (default ics)")


def main():
    args = arguments(__doc__.split("\n")[0], more=options)
    with bench_event(scale=args.scale, seed=args.seed, keep=args.keep) as (event, _info):
        import time

        from django.db import connection
        from django.db.models import Count
        from django.test.utils import CaptureQueriesContext

        from delegations.models import Delegation
        from sessions import exports
        from sessions.enums import ExportScope
        from sessions.selectors.exports import schedule_for_export

        count = max(1, round(DELEGATIONS * args.scale))
        delegations = list(
            Delegation.objects.filter(event=event)
            .annotate(size=Count("delegates"))
            .order_by("-size", "code")[:count]
        )
        sessions, largest = 0, 0
        began, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            for delegation in delegations:
                schedule = schedule_for_export(
                    event=event, scope=ExportScope.DELEGATION, delegation=delegation
                )
                exports.render(args.format, schedule)
                sessions += len(schedule.items)
                largest = max(largest, len(schedule.items))
        wall, cpu = time.perf_counter() - began, time.process_time() - cpu
        note = (
            f"{len(delegations)} largest delegations ({delegations[-1].size}–"
            f"{delegations[0].size} delegates), {args.format.upper()}: {sessions:,} sessions in"
            f" all, up to {largest:,} in one; {len(queries.captured_queries) // len(delegations)}"
            f" queries each; CPU {cpu:.1f} s; a session's ICS event is serialised once and"
            " reused by the next itineraries (as in one worker process)"
        )
        rows = [
            row(
                "exports",
                f"itineraries of {len(delegations)} delegations",
                round(wall, 2),
                "s",
                target=f"< {MAX_SECONDS:g} s",
                met=target_met(args.scale, wall < MAX_SECONDS),
                on=on_label(),
                note=scaled_note(args.scale, note),
            )
        ]
    rows_print(rows, as_json=args.json)


if __name__ == "__main__":
    main()
