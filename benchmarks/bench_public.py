"""Benchmark of the public programme's pages on the generated event (1,000 sessions).

    .venv/bin/python benchmarks/bench_public.py [--scale 0.1] [--keep] [--json]

Each page is asked for through Django's test client in this process (the whole request: URL
resolution, middleware, the view, the template), as a reader without a sign-in:

- cold: every cache emptied first (the shared and the process caches, the releases' history
  kept per process), as the first reader after a release or a restart meets it;
- warm: the same address again, served from the page kept rendered.

Each figure is the median of five; the queries of a cold page are counted too. The busiest day
of the programme is the day page measured. pretalx's no-JavaScript schedule page took about 1 s
on the same 990-session schedule (measured side by side for the issue that asked for these
pages); the target is ten times faster warm, and 50 ms.
"""

from common import arguments, bench_event, on_label, row, rows_print, scaled_note, target_met

RUNS = 5
WARM_TARGET, COLD_TARGET = 0.050, 0.500
PRETALX_SECONDS = 1.0


def cold():
    from django.core.cache import caches

    from sessions.selectors import exports

    for store in caches.all():
        store.clear()
    exports._history.cache_clear()


def timed(client, url):
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    wall = time.perf_counter() - began
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return wall, len(queries.captured_queries), len(response.content)


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def pages(event):
    """(label, address) of the pages measured: the busiest day in English and in Arabic, the
    event's home, a session with its people, a search."""
    from collections import Counter

    from django.urls import reverse
    from django.utils import translation

    from sessions.selectors.public import public_programme

    programme = public_programme(event)
    days = Counter(programme.schedule.local_date(item) for item in programme.items())
    day, sessions = days.most_common(1)[0]
    item = max(programme.items(), key=lambda item: len(item.persons))
    with translation.override("en"):
        yield (
            f"day grid ({sessions} sessions, English)",
            reverse("public-day", args=[event.slug, day.isoformat()]),
        )
        yield "event home (every day)", reverse("public-home", args=[event.slug])
        yield (
            f"session page ({len(item.persons)} people)",
            reverse("public-session", args=[event.slug, item.slug]),
        )
        yield "search", reverse("public-search", args=[event.slug]) + "?q=session"
    with translation.override("ar"):
        yield (
            f"day grid ({sessions} sessions, Arabic)",
            reverse("public-day", args=[event.slug, day.isoformat()]),
        )


def main():
    args = arguments(__doc__.split("\n")[0])
    with bench_event(scale=args.scale, seed=args.seed, keep=args.keep) as (event, _info):
        from django.test import Client

        client = Client()
        on = on_label()
        rows = []
        for label, url in pages(event):
            colds, warms, queries = [], [], set()
            for _ in range(RUNS):
                cold()
                wall, count, size = timed(client, url)
                colds.append(wall)
                queries.add(count)
                warms.append(timed(client, url)[0])
            warm, first = median(warms), median(colds)
            rows.append(
                row(
                    "public pages",
                    f"{label}: warm",
                    round(warm * 1000, 1),
                    "ms",
                    target=f"≤ {WARM_TARGET * 1000:g} ms",
                    met=target_met(args.scale, warm <= WARM_TARGET),
                    on=on,
                    note=scaled_note(
                        args.scale,
                        f"median of {RUNS}; {PRETALX_SECONDS / warm:,.0f}× faster than "
                        f"pretalx's ~{PRETALX_SECONDS:g} s; {size / 1024:,.0f} KiB",
                    ),
                )
            )
            rows.append(
                row(
                    "public pages",
                    f"{label}: cold",
                    round(first * 1000, 1),
                    "ms",
                    target=f"≤ {COLD_TARGET * 1000:g} ms",
                    met=target_met(args.scale, first <= COLD_TARGET),
                    on=on,
                    note=scaled_note(
                        args.scale,
                        f"median of {RUNS}; {', '.join(str(q) for q in sorted(queries))} queries",
                    ),
                )
            )
    rows_print(rows, as_json=args.json)


if __name__ == "__main__":
    main()
