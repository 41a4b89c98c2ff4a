"""Plain tables (delegation and delegate lists, the signing run-sheet) as CSV or XLSX, and the
cell rules the schedule's own workbook shares.

A byte-order mark so spreadsheets read every script, text that starts like a formula kept as
text, column widths that fit Chinese. Control characters are dropped (``clean_text``): openpyxl
refuses them, and no spreadsheet shows them. openpyxl (and, through it, pandas and lxml when
installed) is imported on the first workbook.
"""

import csv
import io

from .text import clean_text, display_width, inert

FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MIN_WIDTH, MAX_WIDTH = 8, 60


def write_row(sheet, values, *, font=None, number_formats=None):
    """Append a row whose text stays text: openpyxl turns text starting with "=" into a formula."""
    from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING

    number_formats = number_formats or {}
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == TYPE_FORMULA:
            cell.data_type = TYPE_STRING
        if cell.column in number_formats:
            cell.number_format = number_formats[cell.column]
        if font is not None:
            cell.font = font


def columns_fit(sheet):
    """Each column as wide as its widest text, within bounds."""
    from openpyxl.utils import get_column_letter

    for column in sheet.iter_cols():
        widest = max(display_width(cell.value) for cell in column)
        letter = get_column_letter(column[0].column)
        sheet.column_dimensions[letter].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)


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
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = title[:31]
        write_row(sheet, header, font=Font(bold=True))
        for row in rows:
            write_row(sheet, row)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        columns_fit(sheet)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
    raise ValueError(f"Unknown table format {format_name!r}; known: {', '.join(FORMATS)}.")
