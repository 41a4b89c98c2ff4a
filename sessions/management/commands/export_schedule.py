"""``manage.py export_schedule EVENT_SLUG --format F [--day D] [--delegation CODE] --output P``."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ceremony.models import Event
from delegations.models import Delegation
from sessions import exports
from sessions.enums import ExportScope
from sessions.selectors.exports import schedule_for_export


class Command(BaseCommand):
    help = "Write the event's released schedule (or a day, or a delegation's itinerary) to a file."

    def add_arguments(self, parser):
        parser.add_argument("event", help="the event's slug, e.g. hanoi-2025")
        parser.add_argument("--format", required=True, choices=sorted(exports.FORMATS))
        parser.add_argument("--day", help="only this day, YYYY-MM-DD (in the event's time zone)")
        parser.add_argument("--delegation", help="a delegation's itinerary, by its code (VNM)")
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, event, format, day, delegation, output, **options):
        found = Event.objects.filter(slug=event).first()
        if found is None:
            raise CommandError(f"No event with the slug {event!r}.")
        if day and delegation:
            raise CommandError("Give --day or --delegation, not both.")
        narrowing = {}
        if day:
            try:
                narrowing = {"scope": ExportScope.DAY, "day": date.fromisoformat(day)}
            except ValueError as error:
                raise CommandError(f"--day must be a date like 2025-10-26, not {day!r}.") from error
        if delegation:
            chosen = Delegation.objects.filter(event=found, code=delegation.upper()).first()
            if chosen is None:
                raise CommandError(f"No delegation {delegation!r} at {event}.")
            narrowing = {"scope": ExportScope.DELEGATION, "delegation": chosen}
        try:
            schedule = schedule_for_export(event=found, **narrowing)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        content = exports.render(format, schedule)
        try:
            with open(output, "wb") as target:
                target.write(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output}: {len(schedule.items)} sessions, {format}, "
                f"release {schedule.version}."
            )
        )
