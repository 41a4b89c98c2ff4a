"""Writes for the event that carry a rule: organiser accounts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

ORGANISERS_GROUP = "Organisers"
#: Organisers manage everything of these apps through the admin.
ORGANISER_APPS = ("ceremony", "delegations", "programme")


@transaction.atomic
def organiser_group_ensure():
    """The Organisers group, holding every permission of the planner's own apps."""
    group, _created = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=ORGANISER_APPS))
    return group


@transaction.atomic
def organiser_create(*, username, password, email=""):
    """Create or update a staff login in the Organisers group (not a superuser).

    The password goes through the project's password validators first, so a weak one is
    refused with their messages and nothing is written.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first() or User(username=username)
    validate_password(password, user)
    user.email = email or user.email
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(organiser_group_ensure())
    return user
