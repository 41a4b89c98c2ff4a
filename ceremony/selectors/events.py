"""Reads for the event: annotated querysets and the event's headline counts.

Counts are correlated subqueries, not joins, so that one page costs the same number of
queries however many rows it lists, and two counts never multiply each other's rows.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ceremony.models import Room, SigningRequest
from config.core.queries import count_subquery
from delegations.enums import STATE_KINDS, AccreditationStatus
from delegations.models import Delegate, Delegation
from sessions.enums import SessionStatus
from sessions.models import Session


def event_list_annotate(queryset):
    return queryset.annotate(
        delegation_count=count_subquery(Delegation.objects.all(), "event"),
        session_count=count_subquery(
            Session.objects.exclude(status=SessionStatus.CANCELLED), "event"
        ),
    )


def venue_list_annotate(queryset):
    rooms = Room.objects.all()
    seats = (
        rooms.filter(venue=OuterRef("pk"))
        .order_by()
        .values("venue")
        .annotate(s=Sum("capacity"))
        .values("s")
    )
    return queryset.annotate(
        room_count=count_subquery(rooms, "venue"),
        seat_count=Coalesce(Subquery(seats, output_field=IntegerField()), Value(0)),
    )


def room_list_annotate(queryset):
    return queryset.annotate(
        session_count=count_subquery(
            Session.objects.exclude(status=SessionStatus.CANCELLED), "room"
        ),
    )


def event_counts(event):
    """The event's headline figures, as the reference event reported them.

    A fixed number of queries (one per aggregate family), whatever the event's size.
    """
    delegations = Delegation.objects.filter(event=event).aggregate(
        delegations=Count("pk"),
        national_delegations=Count("pk", filter=Q(kind__in=STATE_KINDS)),
        organisations=Count("pk", filter=~Q(kind__in=STATE_KINDS)),
    )
    delegates = Delegate.objects.filter(delegation__event=event).aggregate(
        delegates=Count("pk"),
        accredited=Count("pk", filter=Q(accreditation_status=AccreditationStatus.ACCREDITED)),
    )
    sessions_by_kind = dict(
        Session.objects.filter(event=event)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    signing = SigningRequest.objects.filter(event=event).aggregate(
        signing_requests=Count("pk"),
        signatories=Count("pk", filter=Q(signed_at__isnull=False)),
    )
    venues = Room.objects.filter(venue__event=event).aggregate(rooms=Count("pk"))
    return {
        **delegations,
        **delegates,
        **signing,
        **venues,
        "sessions": sum(sessions_by_kind.values()),
        "sessions_by_kind": sessions_by_kind,
    }
