"""``manage.py jobs_redispatch``: hand the jobs left waiting to the workers, now.

Celery beat does this every minute, and each worker as it starts; after an outage of Redis an
operator may not want to wait. A job already done, or being worked on, is left alone.
"""

from django.core.management.base import BaseCommand, CommandError

from sessions.services.jobs import jobs_redispatch


class Command(BaseCommand):
    help = (
        "Queue again the exports, timetable proposals and release messages waiting for the job "
        "queue."
    )

    def handle(self, *args, **options):
        report = jobs_redispatch()
        self.stdout.write(
            f"Queued again: {report['exports']['sent']} exports, "
            f"{report['proposals']['sent']} timetable proposals, "
            f"{report['messages']['sent']} release messages."
        )
        if any(report[kind]["left"] for kind in ("exports", "proposals", "messages")):
            raise CommandError(
                "The job queue is unavailable: the other jobs keep waiting (celery beat tries "
                "again every minute)."
            )
