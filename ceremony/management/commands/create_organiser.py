"""``manage.py create_organiser USERNAME --password P``: a staff login for the admin."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ceremony.services.organisers import organiser_create


class Command(BaseCommand):
    help = "Create or update an organiser (staff, in the Organisers group) and print the login."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, password, email, **options):
        try:
            organiser_create(username=username, password=password, email=email)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Organiser login: {username} / {password} (admin at /admin/)")
        )
