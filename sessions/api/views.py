"""The programme API: scheduled sessions (read) and session registrations.

Registrations go through ``sessions.services.registration``, as in the portal and the admin.
Reach: staff see every delegate's registrations; a focal point, those of its own delegations'
delegates. Another delegation's registration answers 404 and another delegation's delegate the
same 400 as a missing one.
"""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from config.core.api import service_errors
from config.core.content import localized_fields
from config.core.filters import DayFilter, IdFilter
from delegations.api.permissions import ReachMixin
from delegations.models import Delegate
from sessions.api.serializers import RegistrationSerializer, SessionSerializer
from sessions.enums import RegistrationStatus, SessionKind, SessionStatus
from sessions.models import Session, SessionRegistration
from sessions.selectors.programme import (
    registration_list_annotate,
    session_programme_annotate,
    sessions_starting_on,
    waiting_position_of,
)
from sessions.services.registration import registration_cancel, registration_create


class SessionFilter(django_filters.FilterSet):
    """Ids are plain numbers: a filter never tells whether an id exists."""

    event = IdFilter(field_name="event_id")
    kind = django_filters.ChoiceFilter(choices=SessionKind.choices)
    room = IdFilter(field_name="room_id")
    day = DayFilter(method="filter_day", label="Day the session starts, in the event's time zone.")

    class Meta:
        model = Session
        fields = ("event", "kind", "room", "day")

    def filter_day(self, queryset, name, value):
        return sessions_starting_on(queryset, value)


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Scheduled sessions, with places, waiting list, chairs and speakers; times in the event's
    zone."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    search_fields = tuple(localized_fields("title"))
    ordering_fields = ("start", "title")
    ordering = ("start", "title", "pk")

    def get_queryset(self):
        return session_programme_annotate(Session.objects.filter(status=SessionStatus.SCHEDULED))


class RegistrationFilter(django_filters.FilterSet):
    session = IdFilter(field_name="session_id")
    delegate = IdFilter(field_name="delegate_id")
    delegation = IdFilter(field_name="delegate__delegation_id")
    status = django_filters.ChoiceFilter(choices=RegistrationStatus.choices)

    class Meta:
        model = SessionRegistration
        fields = ("session", "delegate", "delegation", "status")


class RegistrationViewSet(
    ReachMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Session registrations of the delegates in reach. DELETE cancels: the row stays, as
    cancelled, and the place goes to the first in the waiting line."""

    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    write_permissions = {
        "create": "programme.add_sessionregistration",
        "destroy": "programme.change_sessionregistration",
    }
    ordering_fields = ("created_at", "session__start")
    ordering = ("session__start", "created_at", "pk")

    def _delegates(self):
        return Delegate.objects.filter(delegation__in=self.delegations_reached().values("pk"))

    def get_queryset(self):
        return registration_list_annotate(
            SessionRegistration.objects.filter(delegate__in=self._delegates().values("pk"))
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "delegates": self._delegates()}

    @extend_schema(responses={201: RegistrationSerializer})
    def create(self, request, *args, **kwargs):
        """Register a delegate in reach: confirmed while places last, else on the waiting list."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            registration = registration_create(**serializer.validated_data)
        # The service returns it with its session (event, room) and delegate (delegation) read
        # under lock: the answer needs no second reading of what was just written.
        registration.waiting_position = waiting_position_of(registration)
        serializer.instance = registration
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Cancel the registration; cancelling twice is harmless."""
        registration = self.get_object()
        with service_errors():
            registration_cancel(registration=registration)
        return Response(status=status.HTTP_204_NO_CONTENT)
