"""Helpers of the timetabling tests, shared by the files that test each layer."""

from datetime import date, datetime, time

from tests.factories import (
    HANOI,
    SessionFactory,
)

DAY = date(2025, 10, 25)


def at(hour, minute=0, day=DAY):
    return datetime.combine(day, time(hour, minute), tzinfo=HANOI)


def movable(timetable_event, **fields):
    return SessionFactory(
        event=timetable_event, room=None, start=None, status="draft", pinned=False, **fields
    )
