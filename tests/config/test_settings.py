"""Settings come from the environment: embedded defaults, and a production mode that refuses
to start half-configured and passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import settings as project

ROOT = Path(__file__).resolve().parents[2]
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
}


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**CLEAN_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_value(expression, **env):
    result = manage("shell", "-c", f"from django.conf import settings; print({expression})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_embedded_default_is_sqlite_in_the_project_and_eager_celery():
    assert settings_value("settings.DATABASES['default']['ENGINE']") == (
        "django.db.backends.sqlite3"
    )
    assert settings_value("settings.DATABASES['default']['NAME']") == str(ROOT / "db.sqlite3")
    assert settings_value("settings.CELERY_TASK_ALWAYS_EAGER") == "True"


def test_environment_switches_to_postgres_and_redis():
    env = {
        "DATABASE_URL": "postgres://planner@db.internal:5432/planner",
        "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
    }
    assert settings_value("settings.DATABASES['default']['ENGINE']", **env) == (
        "django.db.backends.postgresql"
    )
    assert settings_value("settings.CELERY_TASK_ALWAYS_EAGER", **env) == "False"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "x7Qp2Lm9Zr4Tb8Wv1Kc6Nd3Hy5Gf0Js" * 2}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_half_configured(env, message):
    result = manage("check", DJANGO_PRODUCTION="true", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_passes_the_deployment_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_PRODUCTION="true",
        DJANGO_SECRET_KEY="k3Y-" + "7f9a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e" * 2,
        DJANGO_ALLOWED_HOSTS="events.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ["'self'", "https:"]),
        ("*", ["'self'", "*"]),
        (
            "https://www.mofa.gov.vn, https://*.gov.vn,http://localhost:8080",
            ["'self'", "https://www.mofa.gov.vn", "https://*.gov.vn", "http://localhost:8080"],
        ),
    ],
)
def test_the_sites_that_may_frame_the_embed_pages(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("TEST_FRAME_ANCESTORS", raising=False)
    else:
        monkeypatch.setenv("TEST_FRAME_ANCESTORS", value)
    assert project.frame_ancestors("TEST_FRAME_ANCESTORS", ["https:"]) == expected


@pytest.mark.parametrize(
    "value",
    ["'none'; script-src *", "https://a.example/path", "javascript:", "https://a b", " , "],
)
def test_a_wrong_framing_list_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("TEST_FRAME_ANCESTORS", value)
    with pytest.raises(ImproperlyConfigured, match="TEST_FRAME_ANCESTORS"):
        project.frame_ancestors("TEST_FRAME_ANCESTORS", ["https:"])


def test_the_framing_list_comes_from_the_environment():
    assert settings_value(
        "settings.WIDGET_FRAME_ANCESTORS",
        DJANGO_WIDGET_FRAME_ANCESTORS="https://www.mofa.gov.vn",
    ) == str(["'self'", "https://www.mofa.gov.vn"])
