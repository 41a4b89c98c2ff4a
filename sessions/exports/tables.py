"""Plain tables (delegation and delegate lists, the signing run-sheet) as CSV or XLSX.

The same care as the schedule's own CSV and XLSX: a byte-order mark so spreadsheets read every
script, text that starts like a formula kept as text, column widths that fit Chinese. Control
characters are dropped (``clean_text``): openpyxl refuses them, and no spreadsheet shows them.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .csv_ import inert
from .schedule import clean_text
from .xlsx import MAX_WIDTH, MIN_WIDTH, display_width, write_row

FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _clean(row):
    return tuple(clean_text(value) if isinstance(value, str) else value for value in row)


def render_table(format_name, *, title, header, rows):
    """``rows`` are tuples of plain values (text, numbers, dates)."""
    rows = [_clean(row) for row in rows]
    if format_name == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(
            tuple(inert(value) if isinstance(value, str) else value for value in row)
            for row in rows
        )
        return text.getvalue().encode("utf-8-sig")
    if format_name == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = title[:31]
        write_row(sheet, header, font=Font(bold=True), number_formats={})
        for row in rows:
            write_row(sheet, row, number_formats={})
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for column in sheet.iter_cols():
            widest = max(display_width(cell.value) for cell in column)
            letter = get_column_letter(column[0].column)
            sheet.column_dimensions[letter].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
    raise ValueError(f"Unknown table format {format_name!r}; known: {', '.join(FORMATS)}.")
