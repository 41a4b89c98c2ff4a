"""Schedule exports: pure renderers from a released schedule to the bytes of a file.

No Django here: the caller builds a :class:`~sessions.exports.schedule.Schedule` from a release
and picks a format by name; each format module exposes ``render(schedule) -> bytes``,
``MEDIA_TYPE`` and ``EXTENSION``. A format's module is imported the first time it is asked
for: a process that writes no PDF never loads the PDF writer.
"""

from importlib import import_module

from .schedule import Conference, Generator, Item, Person, Schedule, item_guid

#: Each format by name, and the module of this package that writes it.
FORMATS = {
    "ics": "ics",
    "csv": "csv_",
    "xlsx": "xlsx",
    "pdf": "pdf",
    "xml": "frab_xml",
    "json": "frab_json",
}


class UnknownFormat(ValueError):
    pass


def exporter(format_name):
    """The module that writes ``format_name``, for its media type and file extension too."""
    try:
        module = FORMATS[format_name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnknownFormat(
            f"Unknown schedule export format {format_name!r}; known formats: {known}."
        ) from None
    return import_module(f"{__name__}.{module}")


def render(format_name, schedule):
    return exporter(format_name).render(schedule)


__all__ = [
    "FORMATS",
    "Conference",
    "Generator",
    "Item",
    "Person",
    "Schedule",
    "UnknownFormat",
    "exporter",
    "item_guid",
    "render",
]
