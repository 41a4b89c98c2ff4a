"""Reads for delegations: annotated querysets whose query count does not grow with rows."""

from django.db.models import Q

from ceremony.selectors import count_subquery

from .models import AccreditationStatus, Delegate


def delegation_list_annotate(queryset):
    delegates = Delegate.objects.all()
    return queryset.annotate(
        delegate_count=count_subquery(delegates, "delegation"),
        accredited_count=count_subquery(
            delegates.filter(Q(accreditation_status=AccreditationStatus.ACCREDITED)), "delegation"
        ),
    )
