"""Reads for delegations: annotated querysets whose query count does not grow with rows, the
delegates' counts and the places left in a delegation's quota."""

from django.db.models import Count, Prefetch, Q

from config.core.queries import count_subquery
from delegations.enums import QUOTA_STATUSES, AccreditationStatus
from delegations.models import Badge, Delegate, DelegationQuota


def delegation_list_annotate(queryset):
    """Delegates counted as they stand: a withdrawn delegate is no longer one of them."""
    delegates = Delegate.objects.all()
    return queryset.annotate(
        delegate_count=count_subquery(
            delegates.exclude(accreditation_status=AccreditationStatus.WITHDRAWN), "delegation"
        ),
        accredited_count=count_subquery(
            delegates.filter(Q(accreditation_status=AccreditationStatus.ACCREDITED)), "delegation"
        ),
    )


def delegates_for_page(delegation):
    """A delegation's delegates with their live badge number, in two queries however many."""
    live_badges = Badge.objects.filter(revoked_at__isnull=True)
    return delegation.delegates.prefetch_related(
        Prefetch("badges", queryset=live_badges, to_attr="live_badges")
    ).order_by("-is_head", "family_name", "given_name")


def status_counts(delegation):
    counts = dict(
        delegation.delegates.order_by().values_list("accreditation_status").annotate(n=Count("pk"))
    )
    result = {status: counts.get(status, 0) for status in AccreditationStatus.values}
    result["current"] = sum(
        n for status, n in result.items() if status != AccreditationStatus.WITHDRAWN
    )
    return result


def quota_for(delegation):
    """Places of the delegation's kind at its event, or None when the event sets no limit."""
    return (
        DelegationQuota.objects.filter(event_id=delegation.event_id, kind=delegation.kind)
        .values_list("max_delegates", flat=True)
        .first()
    )


def places_remaining(delegation):
    """Places left in the quota (None: no limit)."""
    quota = quota_for(delegation)
    if quota is None:
        return None
    used = delegation.delegates.filter(accreditation_status__in=QUOTA_STATUSES).count()
    return max(quota - used, 0)
