"""Filters shared by the API's filter sets."""

from django import forms
from django_filters import DateFilter, NumberFilter

from .moments import plausible_moment

#: The largest id a database keeps (a 64-bit signed integer).
ID_MAX = 2**63 - 1


class IdFilter(NumberFilter):
    """An id to filter by: a whole number the database can hold, or a 400 that says so.

    A plain number rather than a model choice, so that a foreign id and a missing one both give
    an empty list: a filter never tells whether someone else's record exists.
    """

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class DayFilter(DateFilter):
    """A day to filter by, within the years the planner deals with (a 400 otherwise): a day
    near the calendar's ends makes its hours overflow (``config.core.moments``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [plausible_moment])
        super().__init__(*args, **kwargs)
