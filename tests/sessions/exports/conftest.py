"""A small released programme of the Hanoi signing ceremony, built in code for every format.

Two days, three rooms, titles and names in Arabic, Chinese, Cyrillic and Vietnamese, one
cancelled session and one that moved after the first release.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from sessions.exports import Conference, Item, Person, Schedule, item_guid

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NAMESPACE = "https://events.example.org/hanoi-2025"

ARABIC_TITLE = "جلسة عامة"
CHINESE_NAME = "王伟"
RUSSIAN_TITLE = "Круглый стол"
VIETNAMESE_NAME = "Nguyễn Văn An"
CANCELLED_TITLE = "Side event: capacity building in cyber forensics"
MOVED_TITLE = "Press conference of the Secretary-General"

CONFERENCE = Conference(
    title="Signing ceremony of the United Nations Convention against Cybercrime",
    acronym="uncc-hanoi-2025",
    start=date(2025, 10, 25),
    end=date(2025, 10, 26),
    timezone="Asia/Ho_Chi_Minh",
    url="https://events.example.org/hanoi-2025/",
)

CHAIR = Person(id=11, name="WANG Wei", native_name=CHINESE_NAME, role="Chair")
SPEAKER = Person(id=12, name=VIETNAMESE_NAME, native_name=VIETNAMESE_NAME, role="Speaker")
MODERATOR = Person(id=13, name="Olga PETROVA", native_name="Ольга Петрова", role="Moderator")
DELEGATE = Person(id=14, name="Ahmed HASSAN", native_name="أحمد حسن")


def at(day, hour, minute=0):
    return datetime(2025, 10, day, hour, minute, tzinfo=HANOI)


def item(number, title, kind, kind_label, room, start, minutes, **fields):
    return Item(
        id=number,
        guid=item_guid(NAMESPACE, number),
        slug=f"session-{number}",
        title=title,
        kind=kind,
        kind_label=kind_label,
        room=room,
        start=start,
        duration_minutes=minutes,
        **fields,
    )


ITEMS = (
    item(
        1,
        "Opening ceremony",
        "opening",
        "Opening",
        "Plenary Hall",
        at(25, 9),
        60,
        persons=(CHAIR, SPEAKER),
        abstract="Welcome by the host country and the Secretary-General.",
        language="en",
    ),
    item(
        2,
        ARABIC_TITLE,
        "plenary",
        "Plenary",
        "Plenary Hall",
        at(25, 10, 30),
        90,
        persons=(DELEGATE,),
        language="ar",
    ),
    item(
        3,
        RUSSIAN_TITLE,
        "roundtable",
        "Roundtable",
        "Room 201",
        at(25, 10, 30),
        90,
        persons=(MODERATOR,),
        organiser="Russian Federation",
        language="ru",
    ),
    item(
        4,
        CANCELLED_TITLE,
        "side_event",
        "Side event",
        "Room 305",
        at(25, 14),
        60,
        status="cancelled",
        sequence=1,
        organiser="UNODC",
    ),
    item(
        5,
        "Signing of the Convention",
        "signing",
        "Signing",
        "Plenary Hall",
        at(26, 9),
        120,
        persons=(CHAIR,),
        subtitle="Heads of State and Government, then plenipotentiaries by protocol order",
    ),
    item(
        6,
        MOVED_TITLE,
        "press_conference",
        "Press conference",
        "Room 201",
        at(26, 11, 30),
        45,
        sequence=1,
        persons=(SPEAKER,),
    ),
)


def hanoi_schedule(items=ITEMS, **fields):
    values = {
        "conference": CONFERENCE,
        "items": items,
        "title": "Programme",
        "version": "3",
        "generated_at": datetime(2025, 10, 20, 8, 30, tzinfo=ZoneInfo("UTC")),
        "rooms": ("Plenary Hall", "Room 201", "Room 305"),
    }
    values.update(fields)
    return Schedule(**values)


@pytest.fixture
def schedule():
    return hanoi_schedule()
