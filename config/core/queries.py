"""Query helpers the apps' selectors share."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_subquery(queryset, outer_field, *, of="pk"):
    """``COUNT(*)`` of ``queryset`` rows whose ``outer_field`` is the outer row, as a subquery."""
    counted = (
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(n=Count(of))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
