"""Shared fixtures, and the rule for tests that need PostgreSQL or Redis.

A test marked ``postgres`` or ``redis`` is skipped when the variable that points at the service
(``DATABASE_URL`` on PostgreSQL, ``CELERY_BROKER_URL``) is absent, and one marked ``pdf_tools``
when poppler-utils is not installed, except in CI (``CI`` set), where a missing service or tool
is a failure, never a skip.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import connection
from django.utils import translation

from ceremony.services.organisers import organiser_create
from config.celery import app as celery_app


def _missing_service(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "PostgreSQL (set DATABASE_URL=postgres://...)"
    if item.get_closest_marker("redis") and not settings.CELERY_BROKER_URL.startswith("redis"):
        return "Redis (set CELERY_BROKER_URL=redis://...)"
    if item.get_closest_marker("browser") and not os.path.exists("/usr/bin/chromium"):
        return "Debian's chromium (`make system-packages`)"
    if item.get_closest_marker("pdf_tools") and shutil.which("pdftotext") is None:
        return "poppler-utils (pdftotext, pdffonts, pdftoppm; `make system-packages`)"
    return None


def pytest_runtest_setup(item):
    missing = _missing_service(item)
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test against {missing}; it is not configured.")
    pytest.skip(f"needs {missing}")


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Tasks run in-process in tests, except where a test talks to a real worker."""
    if request.node.get_closest_marker("redis"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashers cost half a second a password, on purpose; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser(db):
    """A staff login in the Organisers group, as ``make demo`` creates one (not a superuser)."""
    return organiser_create(username="organiser", password="Hanoi-2025-organiser")


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture(autouse=True)
def cache_cleared():
    """Each test starts with empty caches: no feed or throttle count left by another test."""
    for store in caches.all():
        store.clear()
    yield
    for store in caches.all():
        store.clear()


@pytest.fixture(autouse=True)
def english_to_begin():
    """Each test starts in English: a request leaves its language active in the thread (Django's
    locale middleware does not put it back), and ``reverse`` writes the public addresses in the
    active one (/zh-hans/events/...)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _storage_moved(storage, location):
    storage._location = location
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


@pytest.fixture(autouse=True)
def private_files_in_tmp(tmp_path):
    """Private files (full powers, photos, exports) go to the test's own folder, not the
    project's: a file left by another test, or an earlier run, can neither hide nor fake one."""
    storage = storages["private"]
    previous = storage._location
    _storage_moved(storage, str(tmp_path / "private-media"))
    yield
    _storage_moved(storage, previous)
