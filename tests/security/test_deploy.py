"""Production settings: secrets only from the environment, and Django's deployment checks pass.

Each test starts ``manage.py`` in a fresh process with a production environment, as a deployment
does; the PostgreSQL server named need not exist (the checks do not connect).
"""

import pytest

from config.settings import DEVELOPMENT_SECRET_KEY
from tests.config.test_settings import manage, settings_value

SECRET = "k3Y-" + "9d2f6a1c8e4b7f0a3d5c9e1b6f8a2d4c7e0b3f5a9c1e" * 2
PRODUCTION = {
    "DJANGO_PRODUCTION": "true",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "events.example.org",
    "DATABASE_URL": "postgres://planner:from-the-environment@db.invalid:5432/planner",
    "CELERY_BROKER_URL": "redis://redis.invalid:6379/0",
    "CACHE_URL": "redis://redis.invalid:6379/1",
}


def test_production_passes_check_deploy_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_fails_on_a_weakened_setting():
    """The check above can fail: without HSTS, Django warns and the warning level refuses."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{**PRODUCTION, "DJANGO_SECURE_HSTS_SECONDS": "0"},
    )

    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_production_takes_its_secrets_from_the_environment():
    shown = settings_value(
        "(settings.SECRET_KEY, settings.DATABASES['default']['PASSWORD'], settings.DEBUG)",
        **PRODUCTION,
    )

    assert shown == repr((SECRET, "from-the-environment", False))


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "DJANGO_SECRET_KEY must be set"),
        ("", "DJANGO_SECRET_KEY must be set"),
        (DEVELOPMENT_SECRET_KEY, "DJANGO_SECRET_KEY is the published development key"),
        ("s3cr3t-but-short", "DJANGO_SECRET_KEY is too weak"),
        ("ab" * 30, "DJANGO_SECRET_KEY is too weak"),
        (
            "django-insecure-" + "x7Qp2Lm9Zr4Tb8Wv1Kc6Nd3Hy5Gf0Js" * 2,
            "DJANGO_SECRET_KEY is too weak",
        ),
    ],
    ids=["absent", "empty", "the development key", "short", "few characters", "insecure prefix"],
)
def test_production_refuses_to_start_without_its_own_secret_key(key, message):
    env = {name: value for name, value in PRODUCTION.items() if name != "DJANGO_SECRET_KEY"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key

    result = manage("check", **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_the_development_key_is_used_only_outside_production():
    assert settings_value("settings.SECRET_KEY") == DEVELOPMENT_SECRET_KEY
    assert settings_value("settings.PRODUCTION") == "False"


def test_smtp_credentials_come_from_the_environment():
    env = {**PRODUCTION, "EMAIL_URL": "smtp+tls://mailer:s3cret@mail.example.org:587"}

    shown = settings_value(
        "(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, "
        "settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD, settings.EMAIL_USE_TLS)",
        **env,
    )

    assert shown == repr(
        (
            "django.core.mail.backends.smtp.EmailBackend",
            "mail.example.org",
            587,
            "mailer",
            "s3cret",
            True,
        )
    )


def test_no_setting_holds_a_secret_of_its_own_in_production():
    """With only the variables a deployment must give, no password-like setting has a value
    the repository could have supplied (but for two that are no secret: the name of a form
    field, and the published development key that production refuses)."""
    env = {
        name: value
        for name, value in PRODUCTION.items()
        if name in ("DJANGO_PRODUCTION", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")
    }
    shown = settings_value(
        "sorted((name, getattr(settings, name)) for name in dir(settings) "
        "if any(word in name for word in ('PASSWORD', 'SECRET', 'TOKEN', 'API_KEY')) "
        "and isinstance(getattr(settings, name), str) and getattr(settings, name))",
        **env,
    )

    assert shown == repr(
        [
            ("AXES_PASSWORD_FORM_FIELD", "password"),
            ("DEVELOPMENT_SECRET_KEY", DEVELOPMENT_SECRET_KEY),
            ("SECRET_KEY", SECRET),
        ]
    )
