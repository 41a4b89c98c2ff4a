"""PDF: the printable programme, by day and time, in every script the delegations write in.

The HTML is built here and rendered by WeasyPrint with the system's Noto fonts. Everything the
page needs is inline, and the URL fetcher refuses anything but data: URLs, so a link typed into a
session title never makes the renderer touch the network or the file system.
"""

from html import escape
from itertools import groupby

from config.core.rendering.pdf import html_to_pdf
from config.core.rendering.text import text_direction

MEDIA_TYPE = "application/pdf"
NBSP = "\u00a0"  # a later day's end stays on one line: "26 Oct 18:00"
EXTENSION = "pdf"

CANCELLED_LABEL = "Cancelled"

STYLESHEET = """
@page {
  size: A4;
  margin: 22mm 15mm 18mm;
  @top-left { content: element(running); width: 100%; vertical-align: bottom; }
  @bottom-center {
    content: "Page " counter(page) " of " counter(pages);
    font-size: 8pt;
    color: #555;
  }
}
html {
  /* Latin, Vietnamese and Cyrillic first, then each script's own Noto font. */
  font-family: "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "Noto Sans Hebrew",
    "Noto Sans Thai", "Noto Sans Devanagari", "Noto Sans Khmer", "Noto Sans Lao",
    "Noto Sans Myanmar", "Noto Sans Georgian", "Noto Sans Armenian", "Noto Sans Ethiopic",
    sans-serif;
  font-size: 9.5pt;
  color: #1a1a1a;
}
body { margin: 0; }
.running {
  position: running(running);
  display: flex;
  justify-content: space-between;
  font-size: 8pt;
  color: #555;
  border-bottom: 0.5pt solid #999;
  padding-bottom: 1mm;
}
h1 { font-size: 16pt; margin: 0 0 1mm; }
.edition { margin: 0 0 5mm; color: #555; font-size: 8.5pt; }
h2 {
  font-size: 12pt;
  margin: 6mm 0 2mm;
  padding-bottom: 1mm;
  border-bottom: 1pt solid #1a1a1a;
  break-after: avoid;
}
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th {
  text-align: start;
  font-size: 8pt;
  color: #555;
  font-weight: normal;
  border-bottom: 0.5pt solid #999;
  padding: 1mm 2mm 1mm 0;
}
td { vertical-align: top; padding: 1.5mm 2mm 1.5mm 0; }
tr { break-inside: avoid; }
tbody tr.first-at-time td { border-top: 0.5pt solid #bbb; }
col.time { width: 24mm; }
col.room { width: 34mm; }
col.kind { width: 26mm; }
.title { font-weight: bold; }
.subtitle { font-style: italic; }
.persons, .organiser { font-size: 8.5pt; color: #333; }
tr.cancelled { color: #777; }
tr.cancelled .title { text-decoration: line-through; }
.flag {
  font-size: 7.5pt;
  font-weight: bold;
  text-transform: uppercase;
  color: #a00;
  border: 0.5pt solid #a00;
  padding: 0 1mm;
}
"""


def directed(tag, text, css_class=""):
    """Text in an element that runs in the text's own direction: an Arabic title reads right to
    left, its punctuation on the correct side, inside a left-to-right table."""
    class_attribute = f' class="{css_class}"' if css_class else ""
    return f'<{tag}{class_attribute} dir="{text_direction(text)}">{escape(text)}</{tag}>'


def run(text, css_class=""):
    """Inline text in the line's own direction; only right-to-left text needs an element.

    Every element is a box that WeasyPrint lays out and paints on its own, and a row's elements
    repeat a thousand times in a large programme: plain text stays plain.
    """
    if not css_class and text_direction(text) == "ltr":
        return escape(text)
    class_attribute = f' class="{css_class}"' if css_class else ""
    return f'<span{class_attribute} dir="{text_direction(text)}">{escape(text)}</span>'


def person_html(person):
    parts = [run(person.name)]
    if person.own_script_name:
        parts.append(run(person.own_script_name, "native"))
    if person.role:
        parts.append(f"— {escape(person.role)}")
    return " ".join(parts)


def session_html(item):
    parts = []
    if item.cancelled:
        parts.append(f'<div><span class="flag">{escape(CANCELLED_LABEL)}</span></div>')
    parts.append(directed("div", item.title, "title"))
    if item.subtitle:
        parts.append(directed("div", item.subtitle, "subtitle"))
    if item.persons:
        # One paragraph, as the spreadsheets' credits: a line per person made a thousand-session
        # programme a third longer to lay out, and longer to read.
        persons = "; ".join(person_html(person) for person in item.persons)
        parts.append(f'<div class="persons">{persons}</div>')
    if item.organiser:
        parts.append(directed("div", item.organiser, "organiser"))
    return "".join(parts)


def cell_html(text):
    """A table cell whose text runs in its own direction (the cell is the block that aligns it)."""
    if text_direction(text) == "rtl":
        return f'<td dir="rtl">{escape(text)}</td>'
    return f"<td>{escape(text)}</td>"


def row_html(schedule, item, *, first_at_time):
    start = schedule.local_start(item)
    classes = " ".join(
        name
        for name, wanted in (("first-at-time", first_at_time), ("cancelled", item.cancelled))
        if wanted
    )
    return (
        f'<tr class="{classes}">'
        f"<td>{start:%H:%M}–{escape(schedule.end_text(item, '%d %b')).replace(' ', NBSP)}</td>"
        f"{cell_html(item.room)}"
        f"{cell_html(item.kind_label)}"
        f"<td>{session_html(item)}</td>"
        "</tr>"
    )


def day_heading(day):
    return f"{day:%A} {day.day} {day:%B %Y}"


def day_html(schedule, day, items):
    rows = []
    for _, at_time in groupby(items, key=lambda item: item.start):
        for position, item in enumerate(at_time):
            rows.append(row_html(schedule, item, first_at_time=position == 0))
    return (
        f'<section class="day"><h2>{escape(day_heading(day))}</h2>'
        '<table><colgroup><col class="time"><col class="room"><col class="kind"><col></colgroup>'
        "<thead><tr><th>Time</th><th>Room</th><th>Kind</th><th>Session</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def document_html(schedule):
    conference = schedule.conference
    generated = schedule.generated_at.astimezone(schedule.zone)
    items = schedule.in_order()
    days = "".join(
        day_html(schedule, day, list(on_day))
        for day, on_day in groupby(items, key=schedule.local_date)
    )
    edition = (
        f"Version {schedule.version} · released schedule as of {generated:%Y-%m-%d %H:%M} · "
        f"times in {conference.timezone}"
    )
    return (
        '<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8">'
        f"<title>{escape(f'{conference.title} — {schedule.title}')}</title>"
        f'<meta name="dcterms.created" content="{generated.isoformat()}">'
        f"<style>{STYLESHEET}</style></head><body>"
        '<div class="running">'
        f"{directed('span', conference.title)}<span>Version {escape(schedule.version)}</span>"
        "</div>"
        f"{directed('h1', schedule.title)}"
        f'<p class="edition">{escape(edition)}</p>'
        f"{days}</body></html>"
    )


def render(schedule):
    return html_to_pdf(document_html(schedule))
