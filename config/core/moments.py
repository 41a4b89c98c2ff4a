"""Dates and times people type, held to what the planner can show and compute with.

A moment is shown in its event's time zone and a day is turned into that day's hours: a year 1
or 9999 makes Python overflow there, and every page that shows it answers 500. So every date
and time a person types (a form, the API, the admin) lies between ``EARLIEST`` and ``LATEST``,
by the model fields' validator, with one message; a delegate's arrival and departure lie in a
window around their event (``delegations.models.Delegate.clean``). Moments the planner sets
itself (created, scanned, released at) are the clock's.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def day_of(value):
    return value.date() if isinstance(value, datetime) else value


def plausible_moment(value):
    """Refuse a date or a time outside the years the planner deals with."""
    if value is None:
        return
    if not EARLIEST <= day_of(value) <= LATEST:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            code="implausible_date",
        )


def long_day(value):
    """A day with its weekday, as the reader's language writes a date: "Saturday 25 October
    2025", "Суббота 25 октября 2025 г.", "星期六 2025年10月25日" (a format such as "l j F Y"
    would write the Russian month in the nominative and the Chinese date back to front)."""
    return f"{date_format(value, 'l')} {date_format(value, 'DATE_FORMAT')}"


def long_moment(value):
    """A moment with its weekday and time, as the reader's language writes them."""
    return f"{long_day(value)}, {date_format(value, 'TIME_FORMAT')}"
