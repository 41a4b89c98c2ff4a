"""Benchmark of the release outbox on the generated event: the messages of a release that moves
100 sessions with 20,000 confirmed places among them, written, then sent.

    .venv/bin/python benchmarks/bench_notifications.py [--scale 0.1] [--keep] [--json]

The 100 one-hour sessions (at scale 1) whose confirmed places add up closest to 20,000 move a
quarter of an hour later (inside the 90-minute grid: no rule breaks, the release accepts it),
and the programme is released through ``schedule_release``. Then:

- *write*: ``release_notifications_queue``, what the release's Celery job runs once the release
  is committed: finds the people concerned and writes one message each (target ≤ 5 s);
- *send*: the organiser's send, then 500 messages sent as the worker sends them
  (``notifications_deliver``, 50 to a batch), each rendered in its reader's language with their
  itinerary as an .ics attachment, through Django's locmem backend (messages per second: the
  planner's own cost, with a mail server that costs nothing).

All of it happens in one transaction that is rolled back: the kept event stays as it was
generated (two releases). That transaction stands for a test case's (``_from_testcase``): the
locking helper then treats each service inside it as the transaction of its own it is in
production.
"""

import os

from common import arguments, bench_event, on_label, row, rows_print, scaled_note, target_met

MAX_QUEUE_SECONDS = 5.0
SESSIONS, PLACES, SENT = 100, 20_000, 500
SHIFT_MINUTES = 15


class RolledBack(Exception):
    """Leaves the benchmark's transaction without keeping anything."""


def sessions_chosen(event, count, places):
    """``count`` one-hour live sessions whose confirmed places add up closest to ``places``."""
    from django.db.models import Count, Q

    from sessions.enums import RegistrationStatus, SessionKind, SessionStatus
    from sessions.models import Session

    candidates = list(
        Session.objects.filter(
            event=event, status=SessionStatus.SCHEDULED, duration_minutes=60, pinned=False
        )
        .exclude(kind=SessionKind.SIGNING)
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            )
        )
        .order_by("confirmed", "pk")
        .values_list("pk", "confirmed")
    )
    if len(candidates) < count:
        raise SystemExit(f"Only {len(candidates)} one-hour sessions to move, not {count}.")
    windows = [candidates[start : start + count] for start in range(len(candidates) - count + 1)]
    best = min(windows, key=lambda window: abs(sum(n for _pk, n in window) - places))
    return [pk for pk, _n in best], sum(n for _pk, n in best)


def main():
    args = arguments(__doc__.split("\n")[0])
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    with bench_event(scale=args.scale, seed=args.seed, keep=args.keep) as (event, _info):
        import time
        from datetime import timedelta

        from django.core import mail
        from django.db import connection, transaction
        from django.db.models import F
        from django.test.utils import CaptureQueriesContext

        from sessions.enums import NotificationStatus
        from sessions.models import Session
        from sessions.services.notifications import (
            DELIVER_BATCH,
            notifications_deliver,
            release_notifications_queue,
            release_notifications_send,
        )
        from sessions.services.release import schedule_release

        count = max(1, round(SESSIONS * args.scale))
        places = round(PLACES * args.scale)
        sample = SENT
        figures = {}
        outer = transaction.atomic()
        outer._from_testcase = True
        try:
            with outer:
                chosen, confirmed = sessions_chosen(event, count, places)
                shift = timedelta(minutes=SHIFT_MINUTES)
                Session.objects.filter(pk__in=chosen).update(
                    start=F("start") + shift, end=F("end") + shift
                )
                began = time.perf_counter()
                release = schedule_release(event=event, note="Benchmark: sessions moved")
                figures["release"] = time.perf_counter() - began
                assert len(release.changes["moved"]) == count, release.changes["moved"][:3]

                began = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    written = release_notifications_queue(release=release)
                figures["queue"] = time.perf_counter() - began
                figures["queue_queries"] = len(queries.captured_queries)
                statuses = release.notifications.values_list("status", flat=True)
                figures["held"] = sum(1 for status in statuses if status == "held")

                began = time.perf_counter()
                release_notifications_send(release=release)
                figures["mark"] = time.perf_counter() - began
                ids = list(
                    release.notifications.filter(status=NotificationStatus.QUEUED)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:sample]
                )
                mail.outbox = []
                began, cpu = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    for start in range(0, len(ids), DELIVER_BATCH):
                        notifications_deliver(notification_ids=ids[start : start + DELIVER_BATCH])
                figures["send"] = time.perf_counter() - began
                figures["send_cpu"] = time.process_time() - cpu
                figures["send_queries"] = len(queries.captured_queries)
                figures["sent"] = len(mail.outbox)
                attachments = [len(message.attachments[0][1]) for message in mail.outbox]
                figures["ics_bytes"] = sum(attachments) // max(1, len(attachments))
                mail.outbox = []
                raise RolledBack
        except RolledBack:
            pass
        on = on_label()
        rate = figures["sent"] / figures["send"] if figures["send"] else 0
        rows = [
            row(
                "notifications",
                f"write a release's messages ({count} sessions moved, {confirmed:,} places)",
                round(figures["queue"], 2),
                "s",
                target=f"≤ {MAX_QUEUE_SECONDS:g} s",
                met=target_met(args.scale, figures["queue"] <= MAX_QUEUE_SECONDS),
                on=on,
                note=scaled_note(
                    args.scale,
                    f"{written:,} messages, one per person ({figures['held']:,} held for "
                    f"review, the rest without an address) in {figures['queue_queries']} "
                    f"queries; the release itself {figures['release']:.2f} s; the organiser's "
                    f"send queues them all in {figures['mark']:.2f} s",
                ),
            ),
            row(
                "notifications",
                "send rate, one worker (locmem backend, .ics itinerary attached)",
                round(rate, 1),
                "messages/s",
                on=on,
                note=scaled_note(
                    args.scale,
                    f"{figures['sent']} messages in batches of {DELIVER_BATCH}, "
                    f"{figures['send_queries'] / max(1, figures['sent']):.1f} queries and "
                    f"{figures['ics_bytes']:,} bytes of calendar each; CPU "
                    f"{figures['send_cpu']:.1f} s of {figures['send']:.1f} s",
                ),
            ),
        ]
    rows_print(rows, as_json=args.json)


if __name__ == "__main__":
    main()
