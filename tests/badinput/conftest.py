"""Fixtures of the bad-input suites: private files kept in a folder of the test's own."""

import pytest
from django.core.files.storage import FileSystemStorage

from ceremony.models import SigningRequest
from delegations.models import Delegate
from sessions.models import ExportJob

PRIVATE_FILE_FIELDS = (
    (Delegate, "photo"),
    (SigningRequest, "full_powers_document"),
    (ExportJob, "file"),
)


@pytest.fixture
def private_files(monkeypatch, tmp_path):
    """The private storage of every file field, as a fresh folder: a test sees what was left."""
    location = tmp_path / "private"
    storage = FileSystemStorage(location=location)
    for model, name in PRIVATE_FILE_FIELDS:
        monkeypatch.setattr(model._meta.get_field(name), "storage", storage)
    return location


def stored_files(location):
    """Every file under the private folder, as paths relative to it."""
    if not location.exists():
        return []
    return sorted(str(path.relative_to(location)) for path in location.rglob("*") if path.is_file())
