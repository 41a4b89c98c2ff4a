"""``manage.py create_focal_point EVENT CODE EMAIL --password P``: a portal login, no e-mail."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from delegations.models import Delegation
from delegations.services.focal_points import focal_point_account_create


class Command(BaseCommand):
    help = "Make EMAIL a focal point of the delegation CODE at the event EVENT (slug)."

    def add_arguments(self, parser):
        parser.add_argument("event", help="the event's slug, e.g. hanoi-2025")
        parser.add_argument("code", help="the delegation's code, e.g. VNM")
        parser.add_argument("email")
        parser.add_argument("--password", required=True)

    def handle(self, *args, event, code, email, password, **options):
        delegation = Delegation.objects.filter(event__slug=event, code=code.upper()).first()
        if delegation is None:
            raise CommandError(f"No delegation {code!r} at an event {event!r}.")
        try:
            user = focal_point_account_create(delegation=delegation, email=email, password=password)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        # The login as stored (in lower case); signing in ignores the case anyway.
        self.stdout.write(
            self.style.SUCCESS(
                f"Focal point of {delegation.name}: {user.get_username()} / {password} "
                "(portal at /portal/)"
            )
        )
