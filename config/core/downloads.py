"""Tables staff download (CSV, Excel), answered as a file to save."""

from django.http import HttpResponse

from .rendering.spreadsheets import MEDIA_TYPES, render_table


def table_response(format_name, *, title, filename, header, rows):
    response = HttpResponse(
        render_table(format_name, title=title, header=header, rows=rows),
        content_type=MEDIA_TYPES[format_name],
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{format_name}"'
    return response
