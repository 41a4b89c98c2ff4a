"""The Organisers group follows the models: a migration that adds one gives it to them."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from ceremony.services.organisers import ORGANISERS_GROUP

pytestmark = pytest.mark.django_db


def test_migrate_gives_the_organisers_the_permissions_of_new_models():
    group = Group.objects.create(name=ORGANISERS_GROUP)
    call_command("migrate", verbosity=0)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_interpreterpool", "view_webhookendpoint", "change_session"} <= codenames


def test_migrate_makes_no_organisers_group_of_its_own():
    call_command("migrate", verbosity=0)
    assert not Group.objects.filter(name=ORGANISERS_GROUP).exists()
