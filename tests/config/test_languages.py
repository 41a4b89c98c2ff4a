"""The interface speaks the six UN languages and Vietnamese, compiled from complete .po files."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import DelegationFactory, FocalPointFactory

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def po_file(code):
    return LOCALE / translation.to_locale(code) / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file(code))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalogue_is_in_use(code):
    with translation.override(code):
        assert translation.gettext("Add a delegate") != "Add a delegate"
        assert translation.gettext("Member State") != "Member State"


@pytest.mark.django_db
@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_portal_page_in_each_language(client, code):
    focal_point = FocalPointFactory(delegation=DelegationFactory(name="Viet Nam"))
    client.force_login(focal_point.user)
    client.post(reverse("set_language"), {"language": code, "next": "/"})
    body = client.get(reverse("portal:delegation", args=[focal_point.delegation.pk])).content
    body = body.decode()
    with translation.override(code):
        assert translation.gettext("Contact details") in body
    assert f'lang="{code}"' in body
    assert ('dir="rtl"' in body) == (code == "ar")
    assert "Viet Nam" in body


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("en", "Saturday 25 October 2025"),
        ("ru", "Суббота 25 октября 2025 г."),
        ("zh-hans", "星期六 2025年10月25日"),
        ("ar", "السبت 25 أكتوبر، 2025"),
        ("es", "sábado 25 de octubre de 2025"),
    ],
)
def test_a_day_is_written_as_its_language_writes_dates(code, written):
    """Not one pattern for all ("l j F Y" wrote "Октябрь", the nominative, and the Chinese date
    back to front): the weekday, then the language's own date (English as the UN writes it)."""
    from datetime import date

    from config.core.moments import long_day

    with translation.override(code):
        assert long_day(date(2025, 10, 25)) == written


def test_every_app_is_named_for_translation():
    """The admin's sections (its home, its side list) are the apps' names."""
    from django.apps import apps
    from django.utils.functional import Promise

    planner = [apps.get_app_config(label) for label in ("ceremony", "delegations", "programme")]
    assert all(isinstance(config.verbose_name, Promise) for config in planner)


def test_every_model_is_named_for_translation():
    """The admin's lists, breadcrumbs and its home name the models by their verbose names:
    models left with Django's names ("events", from the class) showed English in the Arabic
    admin. Declared, they are messages, and the catalogues above translate every message."""
    from django.apps import apps

    unnamed = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in ("ceremony", "delegations", "programme")
        and not model.__name__.startswith("Historical")
        and not {"verbose_name", "verbose_name_plural"} <= set(model._meta.original_attrs)
    ]
    assert unnamed == []


def test_every_field_is_named_for_translation():
    """Labels of the admin's forms and columns: a field left with Django's name ("event", from
    the attribute) showed "Event:" in the French and Arabic admin."""
    from django.apps import apps
    from django.utils.functional import Promise

    unnamed = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in ("ceremony", "delegations", "programme")
        and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and not field.auto_created
        and not isinstance(field.verbose_name, Promise)
    ]
    assert unnamed == []
