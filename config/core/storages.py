"""Storage for files that must never be served from a public URL (full powers, exports), and
the one way views serve them once they have checked who asks."""

import os

from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers


class PrivateFileSystemStorage(FileSystemStorage):
    """Files kept out of every public URL: they are served by views that check who asks."""

    def url(self, name):
        raise ValueError("A private file has no public URL; serve it through a checked view.")


def private_storage():
    """Callable storage, so that migrations do not freeze a path of this machine."""
    return storages["private"]


def private_file_response(field_file, *, as_attachment=True):
    """The file of a FieldFile, for a view that has already checked who asks.

    Sent as a file to save, with its name (a copy of full powers or an export is kept, not
    opened in a tab); only an image a page shows goes inline. A file gone from the disk answers
    404, never a 500; no cache on the way may keep a copy.
    """
    if not field_file:
        raise Http404
    try:
        opened = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        opened, as_attachment=as_attachment, filename=os.path.basename(field_file.name)
    )
    add_never_cache_headers(response)
    return response
