from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def organisers_permissions_refresh(sender, using, **kwargs):
    """Give the Organisers group the permissions of models a migration just added: without it
    organisers would not see a new model until someone ran ``create_organiser`` again."""
    from django.contrib.auth.models import Group

    from ceremony.services.organisers import ORGANISERS_GROUP, organiser_group_ensure

    if Group.objects.using(using).filter(name=ORGANISERS_GROUP).exists():
        organiser_group_ensure()


class CeremonyConfig(AppConfig):
    name = "ceremony"
    verbose_name = _("Event and signing")

    def ready(self):
        post_migrate.connect(organisers_permissions_refresh, dispatch_uid="organisers_permissions")
