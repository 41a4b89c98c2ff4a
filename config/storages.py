"""Storage for files that must never be served from a public URL (full powers, exports)."""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files kept out of every public URL: they are served by views that check who asks."""

    def url(self, name):
        raise ValueError("A private file has no public URL; serve it through a checked view.")


def private_storage():
    """Callable storage, so that migrations do not freeze a path of this machine."""
    return storages["private"]
