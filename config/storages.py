"""Storage for files that must never be served from a public URL (full powers, exports)."""

from django.core.files.storage import storages


def private_storage():
    """Callable storage, so that migrations do not freeze a path of this machine."""
    return storages["private"]
