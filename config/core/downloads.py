"""Files people download, answered as a file to save: tables staff take to other tools (CSV,
Excel), and private documents no cache on the way may keep."""

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from .rendering.spreadsheets import MEDIA_TYPES, render_table


def table_response(format_name, *, title, filename, header, rows):
    response = HttpResponse(
        render_table(format_name, title=title, header=header, rows=rows),
        content_type=MEDIA_TYPES[format_name],
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{format_name}"'
    return response


def private_download(content, *, content_type, filename):
    """A document about people (a badge sheet: names, photos, the codes that open the doors),
    saved as a file; ``Cache-Control: private, no-store``, so that no shared cache or browser
    history keeps a copy."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
