"""XLSX: the schedule as a worksheet that sorts and filters by real dates and times.

Dates and times are written as spreadsheet date cells in the conference's local time (Excel
knows no time zones), so "everything after 14:00 on the 26th" is one filter away. The file's
bytes depend only on the schedule: the document and archive dates are ``generated_at``.
openpyxl is imported by ``render``: a process that writes no workbook never loads it.
"""

import io
import zipfile
from datetime import UTC

from config.core.rendering.spreadsheets import columns_fit, write_row

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSION = "xlsx"

SHEET_TITLE = "Programme"
HEADER = (
    "Date",
    "Start",
    "End",
    "Room",
    "Kind",
    "Title",
    "Subtitle",
    "Persons",
    "Organiser",
    "Status",
)
NUMBER_FORMATS = {1: "yyyy-mm-dd", 2: "hh:mm", 3: "hh:mm"}
#: The end of a session of several days shows its day too.
NUMBER_FORMATS_ENDING_LATER = {**NUMBER_FORMATS, 3: "yyyy-mm-dd hh:mm"}


def row(schedule, item):
    start, end = schedule.local_start(item), schedule.local_end(item)
    return (
        start.date(),
        start.replace(tzinfo=None),
        end.replace(tzinfo=None),
        item.room,
        item.kind_label,
        item.title,
        item.subtitle,
        item.credits,
        item.organiser,
        item.status,
    )


def fixed_dates(archive_bytes, moment):
    """The archive with one timestamp on every member, so equal input gives equal bytes."""
    timestamp = max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    source = zipfile.ZipFile(io.BytesIO(archive_bytes))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=timestamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member))
    return output.getvalue()


def render(schedule):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    generated = schedule.generated_at.astimezone(schedule.zone).replace(tzinfo=None)
    workbook.properties.title = f"{schedule.conference.title}: {schedule.title}"
    workbook.properties.version = schedule.version
    workbook.properties.creator = schedule.conference.title
    stamped = schedule.generated_at.astimezone(UTC).replace(tzinfo=None)
    workbook.properties.created = workbook.properties.modified = stamped
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    cancelled = Font(strike=True, color="808080")
    write_row(sheet, HEADER, font=Font(bold=True), number_formats=NUMBER_FORMATS)
    for item in schedule.in_order():
        write_row(
            sheet,
            row(schedule, item),
            font=cancelled if item.cancelled else None,
            number_formats=NUMBER_FORMATS_ENDING_LATER
            if schedule.ends_another_day(item)
            else NUMBER_FORMATS,
        )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    columns_fit(sheet)
    for cell in (*sheet["F"][1:], *sheet["G"][1:], *sheet["H"][1:]):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    archive = io.BytesIO()
    # Not workbook.save(): it stamps the document with the current time, so two renders a
    # second apart would differ; the writer keeps the properties set above.
    ExcelWriter(workbook, zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED)).save()
    return fixed_dates(archive.getvalue(), generated)
