"""Filters shared by the API's filter sets, and the admin's date range filter."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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


class DateRangeForm(forms.Form):
    """The two ends of a range of days, either left open; the start not after the end."""

    start = forms.DateField(required=False, validators=[plausible_moment])
    end = forms.DateField(required=False, validators=[plausible_moment])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The range starts after it ends."), code="reversed")
        return cleaned


class DateRangeFilter(admin.FieldListFilter):
    """A changelist filter by a range of days (two ``<input type="date">``), in place of the
    admin's list of links; a nullable field also offers "with a date" and "no date".

    Written here rather than taken from django-admin-rangefilter: that one puts an inline
    ``<style>`` and ``<script>`` in the page (with a nonce), which our policy (``script-src
    'self'``, ``style-src 'self'``, no nonce) refuses. This one is a plain GET form: no script.
    A moment (a datetime) is in the range when its day, in the current zone (the event's in the
    admin), is. Bad input filters nothing and says why in a message.
    """

    template = "admin/filter_date_range.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.start_name = f"{field_path}__from"
        self.end_name = f"{field_path}__to"
        self.isnull_name = f"{field_path}__isnull"
        super().__init__(field, request, params, model, model_admin, field_path)
        self.form = DateRangeForm(
            {
                "start": self._given(self.start_name),
                "end": self._given(self.end_name),
            }
        )
        self.request = request

    def _given(self, name):
        value = self.used_parameters.get(name)
        if isinstance(value, list):
            value = value[-1] if value else None
        return value

    def expected_parameters(self):
        names = [self.start_name, self.end_name]
        if self.field.null:
            names.append(self.isnull_name)
        return names

    def _moment(self, day):
        """The first moment of ``day`` for a datetime field; the day itself for a date field."""
        if isinstance(self.field, models.DateTimeField):
            return timezone.make_aware(datetime.combine(day, time()))
        return day

    def queryset(self, request, queryset):
        isnull = self._given(self.isnull_name)
        if isnull is not None:
            queryset = queryset.filter(**{self.isnull_name: isnull})
        if not self.form.is_valid():
            for errors in self.form.errors.values():
                for error in errors:
                    messages.error(request, f"{self.title}: {error}")
            return queryset
        start, end = self.form.cleaned_data["start"], self.form.cleaned_data["end"]
        if start:
            queryset = queryset.filter(**{f"{self.field_path}__gte": self._moment(start)})
        if end:
            queryset = queryset.filter(
                **{f"{self.field_path}__lt": self._moment(end + timedelta(days=1))}
            )
        return queryset

    def choices(self, changelist):
        """One entry: what the template needs to write the form and its "any date" links."""
        mine = set(self.expected_parameters())
        kept = [
            (name, value)
            for name, value in changelist.params.items()
            if name not in mine
            for value in (value if isinstance(value, list) else [value])
        ]
        isnull = self._given(self.isnull_name)
        links = [
            (
                _("Any date"),
                changelist.get_query_string(remove=list(mine)),
                not any(self.used_parameters.values()),
            )
        ]
        if self.field.null:
            links += [
                (
                    _("With a date"),
                    changelist.get_query_string({self.isnull_name: "False"}),
                    isnull is False,
                ),
                (
                    _("No date"),
                    changelist.get_query_string(
                        {self.isnull_name: "True"}, remove=[self.start_name, self.end_name]
                    ),
                    isnull is True,
                ),
            ]
        yield {
            "kept": kept,
            "links": links,
            "start_name": self.start_name,
            "end_name": self.end_name,
            "start": self._given(self.start_name) or "",
            "end": self._given(self.end_name) or "",
            "invalid": bool(self.form.errors),
            "field_path": self.field_path,
            "selected": any(self.used_parameters.values()),
        }
