"""``manage.py load_demo``: build the Hanoi 2025 reference event and print its counts."""

import json

from django.core.management.base import BaseCommand

from ceremony.demo.builder import demo_event_load
from ceremony.selectors.events import event_counts


class Command(BaseCommand):
    help = "Build the Hanoi 2025 reference event at its real size (idempotent) and print counts."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        parser.add_argument(
            "--timetable-seconds",
            type=int,
            default=5,
            help="Time limit of the timetabling engine for the programme (default 5).",
        )

    def handle(self, *args, **options):
        quiet = options["json"] or options["verbosity"] == 0
        event = demo_event_load(
            timetable_seconds=options["timetable_seconds"],
            progress=None if quiet else lambda stage: self.stdout.write(f"… {stage}"),
        )
        counts = event_counts(event)
        if options["json"]:
            self.stdout.write(json.dumps({"event": event.slug, **counts}, indent=2))
            return
        self.stdout.write(self.style.SUCCESS(f"Demo event ready: {event.name} ({event.slug})"))
        for label, key in (
            ("Delegates", "delegates"),
            ("Accredited delegates", "accredited"),
            ("National delegations", "national_delegations"),
            ("Organisations", "organisations"),
            ("Signing requests", "signing_requests"),
            ("Signatories", "signatories"),
            ("Rooms", "rooms"),
            ("Sessions", "sessions"),
        ):
            self.stdout.write(f"  {label:<22} {counts[key]:>6}")
        for kind, number in sorted(counts["sessions_by_kind"].items()):
            self.stdout.write(f"    {kind:<20} {number:>6}")
