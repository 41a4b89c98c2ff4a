"""CSV: opens in a spreadsheet program with every script intact and local times."""

import codecs
import csv
import io
from dataclasses import replace

from sessions.exports import csv_

from .conftest import ARABIC_TITLE, CHINESE_NAME, RUSSIAN_TITLE, VIETNAMESE_NAME, hanoi_schedule


def rows(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_starts_with_the_byte_order_mark_and_ends_lines_with_crlf(schedule):
    data = csv_.render(schedule)
    assert data.startswith(codecs.BOM_UTF8)
    assert data.count(b"\r\n") == len(schedule.items) + 1
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_every_item_in_local_time(schedule):
    parsed = rows(csv_.render(schedule))
    assert list(parsed[0]) == list(csv_.HEADER)
    assert len(parsed) == len(schedule.items)
    assert parsed[0] == {
        "date": "2025-10-25",
        "start": "09:00",
        "end": "10:00",
        "room": "Plenary Hall",
        "kind": "Opening",
        "title": "Opening ceremony",
        "subtitle": "",
        "persons": f"WANG Wei ({CHINESE_NAME}) — Chair; {VIETNAMESE_NAME} — Speaker",
        "organiser": "",
        "status": "scheduled",
    }
    assert [row["status"] for row in parsed].count("cancelled") == 1


def test_non_latin_text_is_intact(schedule):
    text = csv_.render(schedule).decode("utf-8-sig")
    for fragment in (ARABIC_TITLE, CHINESE_NAME, RUSSIAN_TITLE, VIETNAMESE_NAME):
        assert fragment in text


def test_a_title_that_looks_like_a_formula_stays_text(schedule):
    hostile = replace(schedule.items[0], title='=HYPERLINK("http://x","y")')
    parsed = rows(csv_.render(hanoi_schedule(items=(hostile,))))
    assert parsed[0]["title"].startswith("'=")
