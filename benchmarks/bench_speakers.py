"""Benchmark of a plenary's list of speakers on the generated event.

    .venv/bin/python benchmarks/bench_speakers.py [--scale 0.1] [--keep] [--json]

A list of 200 inscriptions (delegations of the generated event, every level, States and
organisations) on one of its sessions; then, each run, the secretariat moves the last speaker
to the top (``speaker_move``: the lock, the UN order, every place fixed, the history) and the
admin's speaking-order page is rendered through Django's test client, with its queries counted.
Everything is written in a transaction rolled back at the end: the generated event is left as
it was. The figure is the median of nine, wall time. Target: ≤ 200 ms for both.
"""

from common import arguments, bench_event, on_label, row, rows_print, scaled_note, target_met

RUNS = 9
ENTRIES = 200
TARGET = 0.200


class RolledBack(Exception):
    """Leaves the benchmark's transaction, so the generated event is unchanged."""


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def speakers_list_build(event):
    from datetime import timedelta

    from delegations.enums import RepresentationLevel
    from delegations.models import Delegation
    from sessions.models import Session, SpeakerEntry, SpeakersList

    session = Session.objects.filter(event=event, start__isnull=False).order_by("start").first()
    SpeakersList.objects.filter(session=session).delete()
    speakers_list = SpeakersList.objects.create(session=session)
    delegations = list(Delegation.objects.filter(event=event).order_by("pk")[:ENTRIES])
    levels = RepresentationLevel.values
    SpeakerEntry.objects.bulk_create(
        SpeakerEntry(
            speakers_list=speakers_list,
            delegation=delegation,
            speaker_name=f"Speaker {number}",
            level=levels[number % len(levels)],
            inscribed_at=session.start - timedelta(days=10, minutes=number),
        )
        for number, delegation in enumerate(delegations)
    )
    return speakers_list, len(delegations)


def main():
    args = arguments(__doc__.split("\n")[0])
    with bench_event(scale=args.scale, seed=args.seed, keep=args.keep) as (event, _info):
        import os
        import time

        from django.contrib.auth import get_user_model
        from django.db import connection, transaction
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from sessions.selectors.speakers import speakers_in_order
        from sessions.services.speakers import speaker_move

        walls, cpus, queries = [], [], set()
        try:
            with transaction.atomic():
                speakers_list, count = speakers_list_build(event)
                user, _created = get_user_model().objects.get_or_create(
                    username="bench-speakers", defaults={"is_staff": True, "is_superuser": True}
                )
                client = Client()
                client.force_login(user)
                url = reverse("admin:programme_speakerslist_order", args=[speakers_list.pk])
                for _ in range(RUNS):
                    last = speakers_in_order(speakers_list)[-1]
                    began, cpu = time.perf_counter(), time.process_time()
                    with CaptureQueriesContext(connection) as captured:
                        speaker_move(entry=last, position=1, reason="Benchmark")
                        response = client.get(url)
                    walls.append(time.perf_counter() - began)
                    cpus.append(time.process_time() - cpu)
                    queries.add(len(captured.captured_queries))
                    if response.status_code != 200:
                        raise SystemExit(f"{url} answered {response.status_code}")
                raise RolledBack
        except RolledBack:
            pass
        value = median(walls)
        rows = [
            row(
                "speakers",
                f"list of {count} speakers reordered and rendered",
                round(value * 1000, 1),
                "ms",
                target=f"≤ {TARGET * 1000:g} ms",
                met=target_met(args.scale, value <= TARGET),
                on=on_label(),
                note=scaled_note(
                    args.scale,
                    f"median of {RUNS}; CPU {median(cpus) * 1000:.0f} ms; "
                    f"{', '.join(str(q) for q in sorted(queries))} queries; "
                    f"load average {os.getloadavg()[0]:.1f}",
                ),
            )
        ]
    rows_print(rows, as_json=args.json)


if __name__ == "__main__":
    main()
