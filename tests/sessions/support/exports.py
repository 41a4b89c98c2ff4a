"""Helpers of the exports tests, shared by the files that test each layer."""

from datetime import date, datetime, time

from tests.factories import (
    HANOI,
)

DAY_1, DAY_2 = date(2025, 10, 25), date(2025, 10, 26)


def at(day, hour):
    return datetime.combine(day, time(hour), tzinfo=HANOI)


def items_by_title(schedule):
    return {item.title: item for item in schedule.items}
