"""Filters of the delegations API.

Ids are plain numbers, not model choices: a foreign id and a missing one both give an empty
list, so a filter never tells whether someone else's delegation exists.
"""

import django_filters

from config.core.filters import IdFilter
from delegations.enums import AccreditationStatus, DelegationKind, RepresentationLevel
from delegations.models import Delegate, Delegation


class DelegationFilter(django_filters.FilterSet):
    event = IdFilter(field_name="event_id")
    kind = django_filters.ChoiceFilter(choices=DelegationKind.choices)
    country = django_filters.CharFilter(
        lookup_expr="iexact", help_text="ISO 3166-1 alpha-2 code: VN."
    )

    class Meta:
        model = Delegation
        fields = ("event", "kind", "country")


class DelegateFilter(django_filters.FilterSet):
    delegation = IdFilter(field_name="delegation_id")
    accreditation_status = django_filters.ChoiceFilter(choices=AccreditationStatus.choices)
    level = django_filters.ChoiceFilter(choices=RepresentationLevel.choices)
    is_head = django_filters.BooleanFilter()

    class Meta:
        model = Delegate
        fields = ("delegation", "accreditation_status", "level", "is_head")
