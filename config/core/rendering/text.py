"""Text as other tools read it: composed Unicode without control characters, formulas inert."""

import re
import unicodedata

#: Unicode's control characters (category Cc: C0, DEL and C1), less tab and line feed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value):
    """Composed form, without the control characters XML and iCalendar cannot carry."""
    if value.isascii() and value.isprintable():
        return value
    kept = CONTROL_CHARACTERS.sub("", value)
    return kept if unicodedata.is_normalized("NFC", kept) else unicodedata.normalize("NFC", kept)


def inert(text):
    """Text a spreadsheet shows as typed: a title starting with "=" must not run as a formula.

    Titles, names and organisers come from delegations' own registrations: not trusted.
    """
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def display_width(value):
    """Roughly how many columns a text needs: Chinese characters take two."""
    if not isinstance(value, str):
        return 0
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in value)


def text_direction(text):
    """'rtl' or 'ltr' by the first strong character, as HTML's dir="auto" decides.

    WeasyPrint does not resolve dir="auto" itself, so each piece of text gets its direction here.
    """
    for character in text:
        bidi = unicodedata.bidirectional(character)
        if bidi in ("R", "AL"):
            return "rtl"
        if bidi == "L":
            return "ltr"
    return "ltr"
