"""Reads for the programme: annotated querysets whose query count does not grow with rows."""

from datetime import datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from ceremony.models import Event
from config.core.queries import count_subquery
from sessions.enums import RegistrationStatus, SessionStatus
from sessions.models import Session, SessionRegistration, SessionRole


def session_list_annotate(queryset):
    return queryset.annotate(
        confirmed_count=count_subquery(
            SessionRegistration.objects.filter(status=RegistrationStatus.CONFIRMED), "session"
        ),
    )


def session_programme_annotate(queryset):
    """Sessions as the programme shows them: places, waiting list, room, organiser, roles.

    ``places_left`` is ``Session.effective_capacity`` less the confirmed, never below zero.
    """
    roles = SessionRole.objects.select_related("delegate__delegation").order_by("order", "pk")
    return (
        session_list_annotate(queryset)
        .annotate(
            waiting_count=count_subquery(
                SessionRegistration.objects.filter(status=RegistrationStatus.WAITING), "session"
            ),
            places_left=Greatest(
                Coalesce("capacity", "room__capacity") - F("confirmed_count"), Value(0)
            ),
        )
        .select_related("event", "room", "organiser")
        .prefetch_related(Prefetch("roles", queryset=roles))
    )


def sessions_starting_on(queryset, day):
    """Sessions that start on ``day`` in their own event's zone (events may differ in zone)."""
    zones = Event.objects.filter(pk__in=queryset.values("event")).values_list("timezone", flat=True)
    on_day = Q(pk__in=[])
    for zone in set(zones):
        midnight = datetime.combine(day, time(), tzinfo=zone)
        on_day |= Q(
            event__timezone=zone, start__gte=midnight, start__lt=midnight + timedelta(days=1)
        )
    return queryset.filter(on_day)


def waiting_position():
    """A registration's place in its session's waiting line (1 is next), or None if not waiting."""
    ahead = (
        SessionRegistration.objects.filter(
            session=OuterRef("session"), status=RegistrationStatus.WAITING
        )
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Case(
        When(status=RegistrationStatus.WAITING, then=Subquery(ahead)),
        default=None,
        output_field=IntegerField(),
    )


def waiting_position_of(registration):
    """The same position as ``waiting_position()``, for one registration already in hand."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    return (
        SessionRegistration.objects.filter(
            session_id=registration.session_id, status=RegistrationStatus.WAITING
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lte=registration.pk)
        )
        .count()
    )


def registration_list_annotate(queryset):
    """Registrations with their session, room and delegate, and the waiting-line position."""
    return queryset.select_related(
        "session__event", "session__room", "delegate__delegation"
    ).annotate(waiting_position=waiting_position())


def scheduled_sessions(event):
    """The event's scheduled sessions in programme order."""
    return Session.objects.filter(event=event, status=SessionStatus.SCHEDULED).order_by(
        "start", "room__name", "pk"
    )
