"""XLSX: a worksheet with real local dates and times that sorts and filters."""

import io
from dataclasses import replace
from datetime import datetime

from openpyxl import load_workbook

from sessions.exports import xlsx

from .conftest import ARABIC_TITLE, hanoi_schedule


def sheet(data):
    return load_workbook(io.BytesIO(data)).active


def test_header_row_is_bold_frozen_and_filtered(schedule):
    worksheet = sheet(xlsx.render(schedule))
    assert tuple(cell.value for cell in worksheet[1]) == xlsx.HEADER
    assert all(cell.font.bold for cell in worksheet[1])
    assert worksheet.freeze_panes == "A2"
    assert worksheet.auto_filter.ref == f"A1:J{len(schedule.items) + 1}"
    assert worksheet.column_dimensions["F"].width > worksheet.column_dimensions["B"].width


def test_one_row_per_item_with_local_date_and_time_cells(schedule):
    worksheet = sheet(xlsx.render(schedule))
    assert worksheet.max_row == len(schedule.items) + 1
    date_cell, start, end = worksheet["A2"], worksheet["B2"], worksheet["C2"]
    assert date_cell.value == datetime(2025, 10, 25)
    assert start.value == datetime(2025, 10, 25, 9, 0)
    assert end.value == datetime(2025, 10, 25, 10, 0)
    assert start.is_date and start.number_format == "hh:mm"
    assert date_cell.number_format == "yyyy-mm-dd"
    assert worksheet["F3"].value == ARABIC_TITLE


def test_cancelled_rows_are_struck_through(schedule):
    worksheet = sheet(xlsx.render(schedule))
    cancelled = [row for row in worksheet.iter_rows(min_row=2) if row[9].value == "cancelled"]
    assert len(cancelled) == 1
    assert cancelled[0][5].font.strike


def test_a_title_that_looks_like_a_formula_stays_text(schedule):
    hostile = replace(schedule.items[0], title="=1+1")
    cell = sheet(xlsx.render(hanoi_schedule(items=(hostile,))))["F2"]
    assert cell.data_type == "s"
    assert cell.value == "=1+1"
