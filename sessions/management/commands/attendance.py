"""``manage.py attendance EVENT_SLUG [--json]``: take an attendance snapshot and print it."""

import json

from django.core.management.base import BaseCommand, CommandError
from django_countries import countries

from ceremony.models import Event
from delegations.enums import DelegationKind
from sessions.enums import SessionKind
from sessions.services.attendance import attendance_snapshot_take

TOTALS = (
    ("Delegates registered", "registered"),
    ("Delegates accredited", "accredited"),
    ("Delegates checked in", "checked_in"),
    ("Scans", "scans"),
    ("Delegations", "delegations"),
    ("National delegations", "national_delegations"),
    ("Organisations", "organisations"),
    ("Signatories", "signatories"),
    ("Sessions", "sessions"),
)


def _label(choices, code):
    return str(choices(code).label) if code in choices.values else code


def _figures(row):
    return f"{row['registered']:>10} {row['accredited']:>10} {row['checked_in']:>10}"


class Command(BaseCommand):
    help = "Count an event's attendance now, store the snapshot and print it (a table or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("event_slug", metavar="EVENT_SLUG", help="The event's slug.")
        parser.add_argument("--json", action="store_true", help="Print the snapshot as JSON.")

    def handle(self, *args, **options):
        event = Event.objects.filter(slug=options["event_slug"]).first()
        if event is None:
            known = ", ".join(Event.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"No event has the slug “{options['event_slug']}”. Known: {known or 'none'}."
            )
        snapshot = attendance_snapshot_take(event=event)
        if options["json"]:
            document = {"taken_at": snapshot.taken_at.isoformat(), **snapshot.counts}
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
            return
        self._table(event, snapshot)

    def _table(self, event, snapshot):
        counts = snapshot.counts
        write = self.stdout.write
        write(self.style.SUCCESS(f"{event.name} ({event.slug})"))
        write(f"Counted at {event.local(snapshot.taken_at):%Y-%m-%d %H:%M} ({event.timezone})")
        write("")
        for label, key in TOTALS:
            write(f"  {label:<24} {counts['totals'][key]:>8}")
        for kind, number in counts["sessions_by_kind"].items():
            write(f"    {_label(SessionKind, kind):<22} {number:>8}")
        write("")
        write(f"  {'Day':<12} {'sessions':>10} {'confirmed':>10} {'checked in':>10}")
        for day in counts["days"]:
            write(
                f"  {day['date']:<12} {day['sessions']:>10} {day['confirmed']:>10}"
                f" {day['checked_in']:>10}"
            )
        write("")
        write(
            f"  {'Session':<40} {'capacity':>9} {'confirmed':>9} {'waiting':>8}"
            f" {'in':>6} {'occupancy':>9}"
        )
        for session in counts["sessions"]:
            occupancy = "—" if session["occupancy"] is None else f"{session['occupancy']:.1f} %"
            write(
                f"  {session['title'][:40]:<40} {session['capacity'] or '—':>9}"
                f" {session['confirmed']:>9} {session['waiting']:>8} {session['checked_in']:>6}"
                f" {occupancy:>9}"
            )
        write("")
        heading = f"{'registered':>10} {'accredited':>10} {'checked in':>10}"
        write(f"  {'Delegation kind':<44} {heading}")
        for row in counts["by_delegation_kind"]:
            write(f"  {_label(DelegationKind, row['kind']):<44} {_figures(row)}")
        write("")
        write(f"  {'Country':<44} {heading}")
        for row in counts["by_country"]:
            name = countries.name(row["country"]) if row["country"] else "(none)"
            write(f"  {name[:44]:<44} {_figures(row)}")
