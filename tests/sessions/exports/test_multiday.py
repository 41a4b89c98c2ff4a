"""A session of several days (the exhibition, 25 October 09:00 to 26 October 18:00) shows its
true end in every table: the CSV, the Excel sheet, the PDF and the portal."""

import csv
import io
import subprocess

import pytest
from openpyxl import load_workbook

from sessions.exports import csv_, pdf, xlsx

from .conftest import ITEMS, at, hanoi_schedule, item

EXHIBITION = item(30, "Exhibition", "exhibition", "Exhibition", "Foyer", at(25, 9), 33 * 60)


@pytest.fixture
def with_exhibition():
    return hanoi_schedule(items=(*ITEMS, EXHIBITION), rooms=("Plenary Hall", "Room 201", "Foyer"))


def test_csv_writes_the_end_with_its_day(with_exhibition):
    rows = list(csv.DictReader(io.StringIO(csv_.render(with_exhibition).decode("utf-8-sig"))))
    exhibition = next(row for row in rows if row["title"] == "Exhibition")
    assert (exhibition["date"], exhibition["start"], exhibition["end"]) == (
        "2025-10-25",
        "09:00",
        "2025-10-26 18:00",
    )
    opening = next(row for row in rows if row["title"] == "Opening ceremony")
    assert opening["end"] == "10:00"


def test_excel_shows_the_end_with_its_day(with_exhibition):
    sheet = load_workbook(io.BytesIO(xlsx.render(with_exhibition))).active
    rows = {row[5].value: row for row in sheet.iter_rows(min_row=2)}
    end = rows["Exhibition"][2]
    assert end.value.isoformat() == "2025-10-26T18:00:00"
    assert end.number_format == "yyyy-mm-dd hh:mm"
    assert rows["Opening ceremony"][2].number_format == "hh:mm"


@pytest.mark.pdf_tools
def test_pdf_shows_the_end_with_its_day(with_exhibition, tmp_path):
    path = tmp_path / "programme.pdf"
    path.write_bytes(pdf.render(with_exhibition))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "26\u00a0Oct\u00a018:00" in text or "26 Oct 18:00" in text
    assert "09:00–10:00" in text  # a session within its day keeps the hour only
