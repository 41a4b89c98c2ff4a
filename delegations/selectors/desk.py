"""The accreditation desk's search: a delegate found by name, delegation or badge number."""

from django.db.models import Prefetch, Q

from delegations.models import Badge, Delegate

#: The desk shows the first matches; a longer query narrows them.
DESK_RESULTS = 20


def desk_search(query, *, limit=DESK_RESULTS):
    """Delegates matching ``query``, each with ``badge_list`` (newest first): three queries
    however many delegates the event has."""
    query = " ".join((query or "").split())
    if not query:
        return []
    words = Q()
    for word in query.split(" "):
        words &= (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(name_native__icontains=word)
            | Q(delegation__name__icontains=word)
            | Q(delegation__code__iexact=word)
        )
    badge_number = Q(pk__in=Badge.objects.filter(number__iexact=query).values("delegate_id"))
    return list(
        Delegate.objects.filter(words | badge_number)
        .select_related("delegation__event")
        .prefetch_related(
            Prefetch("badges", queryset=Badge.objects.order_by("-issued_at"), to_attr="badge_list")
        )
        .order_by("family_name", "given_name", "pk")[:limit]
    )
