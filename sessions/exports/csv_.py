"""CSV: one row per session, for spreadsheets and for staff who merge lists by hand.

UTF-8 with a byte-order mark, because Excel reads a CSV without one in the machine's legacy code
page and turns Arabic, Chinese and Vietnamese into mojibake; CRLF line ends as RFC 4180 asks.
"""

import csv
import io

from config.core.rendering.text import inert

MEDIA_TYPE = "text/csv; charset=utf-8"
EXTENSION = "csv"

#: ``subtitle`` carries what an itinerary adds to a session (a signing appointment's time).
HEADER = (
    "date",
    "start",
    "end",
    "room",
    "kind",
    "title",
    "subtitle",
    "persons",
    "organiser",
    "status",
)


def row(schedule, item):
    start = schedule.local_start(item)
    return (
        start.date().isoformat(),
        start.strftime("%H:%M"),
        schedule.end_text(item),
        inert(item.room),
        inert(item.kind_label),
        inert(item.title),
        inert(item.subtitle),
        inert(item.credits),
        inert(item.organiser),
        item.status,
    )


def render(schedule):
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(row(schedule, item) for item in schedule.in_order())
    return text.getvalue().encode("utf-8-sig")
