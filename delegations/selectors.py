"""Reads for delegations: annotated querysets whose query count does not grow with rows."""

from django.db.models import Count, Prefetch, Q

from ceremony.selectors import count_subquery

from .models import AccreditationStatus, Badge, Delegate, Delegation


def delegation_list_annotate(queryset):
    delegates = Delegate.objects.all()
    return queryset.annotate(
        delegate_count=count_subquery(delegates, "delegation"),
        accredited_count=count_subquery(
            delegates.filter(Q(accreditation_status=AccreditationStatus.ACCREDITED)), "delegation"
        ),
    )


def delegations_of(user):
    """The delegations a person may see and change in the portal: those they are focal point of."""
    if not user.is_authenticated:
        return Delegation.objects.none()
    return Delegation.objects.filter(focal_points__user=user).select_related("event")


def staff_may(user, *permissions):
    """Staff holding the model permissions the admin asks for the same thing.

    A staff login alone (door staff) opens the check-in page and nothing more: the API gives it
    no more than the admin does.
    """
    return bool(user and user.is_staff and user.has_perms(permissions))


def delegations_in_reach(user, permission="delegations.view_delegation"):
    """For the API: organisers (staff holding ``permission``: to view delegations, or for a
    write the permission the admin asks for it) reach every delegation; a focal point, its own;
    anyone else, door staff included, none."""
    if user is None:
        return Delegation.objects.none()
    if staff_may(user, permission):
        return Delegation.objects.all()
    return delegations_of(user)


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
    return {status: counts.get(status, 0) for status in AccreditationStatus.values}
