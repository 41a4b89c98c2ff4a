"""PDF: the printable programme, read back with poppler as a delegate's printer would see it."""

import subprocess
import unicodedata
from dataclasses import replace

import pytest

from config.core.rendering.pdf import offline_url_fetcher
from sessions.exports import pdf

from .conftest import (
    ARABIC_TITLE,
    CANCELLED_TITLE,
    CHINESE_NAME,
    RUSSIAN_TITLE,
    VIETNAMESE_NAME,
    hanoi_schedule,
)

POPPLER = pytest.mark.pdf_tools


@pytest.fixture
def pdf_path(schedule, tmp_path):
    path = tmp_path / "programme.pdf"
    path.write_bytes(pdf.render(schedule))
    return path


def poppler(*command):
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


def logical_text(text):
    """The text without the embedding marks pdftotext puts around right-to-left runs, and with
    any Arabic presentation forms folded back to the letters that were typed."""
    visible = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return unicodedata.normalize("NFKC", visible)


def test_is_a_pdf(schedule):
    assert pdf.render(schedule).startswith(b"%PDF-")


@POPPLER
def test_text_in_every_script_reads_back(pdf_path):
    text = logical_text(poppler("pdftotext", "-enc", "UTF-8", str(pdf_path), "-"))
    for fragment in (CHINESE_NAME, VIETNAMESE_NAME, RUSSIAN_TITLE, ARABIC_TITLE, "أحمد حسن"):
        assert fragment in text


@POPPLER
def test_noto_fonts_are_embedded(pdf_path):
    fonts = poppler("pdffonts", str(pdf_path))
    for family in ("Noto-Sans", "Noto-Sans-Arabic", "Noto-Sans-CJK-SC"):
        assert f"+{family} " in fonts or f"+{family}-" in fonts


@POPPLER
def test_cancelled_item_is_marked(pdf_path):
    lines = poppler("pdftotext", "-enc", "UTF-8", "-layout", str(pdf_path), "-").splitlines()
    title_line = next(index for index, line in enumerate(lines) if CANCELLED_TITLE in line)
    assert "14:00–15:00" in lines[title_line - 1]
    assert "CANCELLED" in lines[title_line - 1]
    assert sum("CANCELLED" in line for line in lines) == 1


@POPPLER
def test_header_footer_and_days(pdf_path):
    text = poppler("pdftotext", "-enc", "UTF-8", str(pdf_path), "-")
    assert "Signing ceremony of the United Nations Convention against Cybercrime" in text
    assert "Version 3" in text
    assert "Page 1 of 1" in text
    assert text.index("Saturday 25 October 2025") < text.index("Sunday 26 October 2025")


def test_right_to_left_text_gets_its_direction(schedule):
    html = pdf.document_html(schedule)
    assert f'<div class="title" dir="rtl">{ARABIC_TITLE}</div>' in html
    assert '<span class="native" dir="rtl">أحمد حسن</span>' in html
    assert f'<div class="title" dir="ltr">{RUSSIAN_TITLE}</div>' in html


def test_markup_in_titles_is_escaped_and_never_fetched(schedule):
    hostile = replace(schedule.items[0], title='<img src="http://example.org/x.png">')
    html = pdf.document_html(hanoi_schedule(items=(hostile,)))
    assert "<img" not in html
    assert pdf.render(hanoi_schedule(items=(hostile,))).startswith(b"%PDF-")


def test_the_renderer_fetches_nothing_but_data_urls():
    fetcher = offline_url_fetcher()
    for url in ("https://example.org/logo.png", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(url)
    assert fetcher("data:text/plain;base64,T0s=").read() == b"OK"


@pytest.mark.parametrize(
    ("text", "direction"),
    [(ARABIC_TITLE, "rtl"), ("123 " + ARABIC_TITLE, "rtl"), (RUSSIAN_TITLE, "ltr"), ("", "ltr")],
)
def test_text_direction_follows_the_first_strong_character(text, direction):
    assert pdf.text_direction(text) == direction
