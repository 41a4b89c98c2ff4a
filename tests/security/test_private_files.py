"""Private files: every file field keeps its files in private storage, which no URL serves (no
MEDIA_URL view, no static folder, no public URL at all); only views that check who asks serve
them, and a file gone from the disk answers 404, not 500.

Who gets the bytes of which file (owner and organisers: exactly the bytes; anonymous, another
delegation, door staff: 404 or sign-in) is part of the URL walk (test_url_walk.py).
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import models
from django.urls import URLResolver, get_resolver, reverse
from django.views.static import serve

from ceremony.enums import FullPowersStatus
from config.core.storages import PrivateFileSystemStorage
from sessions.models import ExportJob
from tests import factories
from tests.config.test_settings import manage

from .test_url_walk import PRIVATE_FIELDS

#: Every file field of the project, and why it is private. A new one must be added here.
FILE_FIELDS = {
    "delegations.Delegate.photo": "badge photos: personal data",
    "ceremony.SigningRequest.full_powers_document": "instruments of full powers",
    "programme.ExportJob.file": "exports: itineraries name delegates",
    "programme.SpeakerEntry.statement": "statements: public only while their speaker is listed",
}


def file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_file_field_keeps_its_files_in_private_storage():
    found = dict(file_fields())

    assert set(found) == set(FILE_FIELDS)
    for label, field in found.items():
        assert isinstance(field.storage, PrivateFileSystemStorage), label


def test_a_private_file_has_no_public_url():
    with pytest.raises(ValueError, match="no public URL"):
        PrivateFileSystemStorage().url("full-powers/anything.pdf")


def test_no_url_pattern_serves_files_from_a_folder():
    def callbacks(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from callbacks(pattern.url_patterns)
            else:
                yield pattern.callback

    assert serve not in set(callbacks(get_resolver().url_patterns))


def test_the_private_folder_is_outside_every_served_folder():
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    served = [settings.MEDIA_ROOT, settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    for finder in finders.get_finders():
        served.extend(root for _prefix, root in getattr(finder, "locations", []))
        served.extend(storage.location for storage in getattr(finder, "storages", {}).values())

    for folder in served:
        assert not private.is_relative_to(Path(folder).resolve()), folder


@pytest.fixture
def private_storage(monkeypatch, tmp_path):
    storage = PrivateFileSystemStorage(location=tmp_path)
    for model, name in PRIVATE_FIELDS:
        monkeypatch.setattr(model._meta.get_field(name), "storage", storage)
    return storage


@pytest.mark.django_db
def test_a_stored_private_file_is_not_served_under_media_or_static(client, private_storage):
    job = factories.ExportJobFactory()
    job.file.save("itinerary.csv", ContentFile(b"secret itinerary"), save=True)

    for prefix in (settings.MEDIA_URL, settings.STATIC_URL, "private-media/", ""):
        response = client.get(f"/{prefix}{job.file.name}")
        assert response.status_code == 404, prefix
        assert b"secret itinerary" not in response.content


def test_production_refuses_a_private_folder_inside_a_public_one(tmp_path):
    env = {
        "DJANGO_PRODUCTION": "true",
        "DJANGO_SECRET_KEY": "k3Y-" + "4f1c8a2e6d0b9f3a7c5e1d8b2f6a4c0e9d7b3f1a5c8e" * 2,
        "DJANGO_ALLOWED_HOSTS": "events.example.org",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "static" / "private"),
    }

    result = manage("check", **env)

    assert result.returncode != 0
    assert "DJANGO_PRIVATE_MEDIA_ROOT must not be inside DJANGO_STATIC_ROOT" in result.stderr


# A file gone from the disk -------------------------------------------------------------------


def private_files_made(organiser):
    """A's photo, full powers and export, and the URLs that serve each of them."""
    delegation = factories.DelegationFactory(kind="member_state", country="KE")
    focal = factories.FocalPointFactory(delegation=delegation).user
    delegate = factories.DelegateFactory(delegation=delegation)
    delegate.photo.save("photo.png", ContentFile(b"png"), save=True)
    signing = factories.SigningRequestFactory(
        delegation=delegation,
        representative=delegate,
        level="minister",
        full_powers_status=FullPowersStatus.AWAITING,
    )
    signing.full_powers_document.save("powers.pdf", ContentFile(b"%PDF-1.4"), save=True)
    job = factories.ExportJobFactory(event=delegation.event, requested_by=focal)
    job.file.save("itinerary.csv", ContentFile(b"csv"), save=True)
    return {
        "focal": focal,
        "organiser": organiser,
        "stored": (delegate.photo, signing.full_powers_document, job.file),
        "urls": {
            "portal photo": reverse("portal:delegate_photo", args=[delegation.pk, delegate.pk]),
            "portal full powers": reverse("signing:full_powers", args=[delegation.pk]),
            "API export": reverse("export-download", args=[job.pk]),
            "admin photo": reverse(
                "admin:delegations_delegate_private_file", args=[delegate.pk, "photo"]
            ),
            "admin full powers": reverse(
                "admin:ceremony_signingrequest_private_file",
                args=[signing.pk, "full_powers_document"],
            ),
            "admin export": reverse(
                "admin:programme_exportjob_private_file", args=[job.pk, "file"]
            ),
        },
    }


@pytest.fixture
def kept(private_storage, organiser):
    return private_files_made(organiser)


@pytest.fixture
def gone(private_storage, organiser):
    """The same files, since vanished from the disk."""
    made = private_files_made(organiser)
    for stored in made["stored"]:
        private_storage.delete(stored.name)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, disposition",
    [
        ("portal photo", 'inline; filename="photo'),
        ("admin photo", 'inline; filename="photo'),
        ("portal full powers", 'attachment; filename="powers'),
        ("API export", 'attachment; filename="itinerary'),
        ("admin full powers", 'attachment; filename="powers'),
        ("admin export", 'attachment; filename="itinerary'),
    ],
)
def test_downloads_are_files_to_save_with_their_name(client, kept, name, disposition):
    """A copy of full powers or an export is saved, not opened in a tab; a photo is shown."""
    client.force_login(kept["organiser"] if name.startswith("admin") else kept["focal"])
    response = client.get(kept["urls"][name])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(disposition)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "portal photo",
        "portal full powers",
        "API export",
        "admin photo",
        "admin full powers",
        "admin export",
    ],
)
def test_a_file_gone_from_the_disk_answers_404(client, gone, name):
    client.force_login(gone["organiser"] if name.startswith("admin") else gone["focal"])

    assert client.get(gone["urls"][name]).status_code == 404


@pytest.mark.django_db
def test_private_files_are_never_kept_by_a_cache_on_the_way(client, private_storage):
    job = factories.ExportJobFactory(requested_by=factories.UserFactory())
    job.file.save("itinerary.csv", ContentFile(b"csv"), save=True)
    client.force_login(job.requested_by)

    response = client.get(reverse("export-download", args=[job.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert ExportJob.objects.count() == 1
