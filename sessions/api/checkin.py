"""Check-in and attendance through the API, for door staff's scanners and organisers' tools.

Scans are recorded by any staff login (door staff are staff users without permissions); they
are read, as are the counts, only with the admin's permission to view them. Anyone else gets
403. A scan goes through ``sessions.services.checkin.checkin_record``, as the door page's does;
a refusal answers 400 with the reason door staff read out, ``{"reason": ..., "code": ...}``.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response

from ceremony.models import Event
from config.core.api import service_errors
from config.core.filters import IdFilter
from config.core.throttling import ScopedRateThrottle
from delegations.api.permissions import staff_with
from delegations.models import Zone
from sessions.models import CheckIn, Session
from sessions.services.attendance import attendance_snapshot_fresh
from sessions.services.checkin import NONCE_MAX_LENGTH, checkin_record


class EventParamSerializer(serializers.Serializer):
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all())


class CheckInCreateSerializer(serializers.Serializer):
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all())
    token = serializers.CharField(
        max_length=1000, help_text="The QR code's content, as the scanner read it."
    )
    nonce = serializers.CharField(
        max_length=NONCE_MAX_LENGTH,
        help_text="A new id per scan (a UUID); send the same one again when retrying.",
    )
    session = serializers.PrimaryKeyRelatedField(
        queryset=Session.objects.all(),
        required=False,
        allow_null=True,
        help_text="The session whose door this is; leave out for the venue entry.",
    )
    gate = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    zone = serializers.PrimaryKeyRelatedField(
        queryset=Zone.objects.all(),
        required=False,
        allow_null=True,
        help_text="The access zone this door opens on; leave out to go by the session's room.",
    )


class CheckInSerializer(serializers.ModelSerializer):
    """A recorded scan, with what door staff check against the person: names, delegation."""

    name = serializers.CharField(source="delegate.full_name", read_only=True)
    name_native = serializers.CharField(source="delegate.name_native", read_only=True)
    delegation = serializers.CharField(source="delegate.delegation.name", read_only=True)
    delegation_code = serializers.CharField(source="delegate.delegation.code", read_only=True)

    class Meta:
        model = CheckIn
        fields = (
            "id",
            "event",
            "session",
            "gate",
            "zone",
            "nonce",
            "scanned_at",
            "delegate",
            "name",
            "name_native",
            "delegation",
            "delegation_code",
        )
        read_only_fields = fields

    def to_representation(self, instance):
        with timezone.override(instance.event.timezone):
            return super().to_representation(instance)


class CheckInAnswerSerializer(CheckInSerializer):
    badge = serializers.CharField(source="badge.number", read_only=True)
    registered = serializers.BooleanField(
        read_only=True,
        help_text="At a session's door: the delegate holds a confirmed place. Always true at "
        "the venue entry.",
    )

    class Meta(CheckInSerializer.Meta):
        fields = (*CheckInSerializer.Meta.fields, "badge", "registered")
        read_only_fields = fields


#: A 400 is a refusal door staff read out, the request's field messages, or a body that is not
#: JSON at all.
REFUSAL_OR_FIELD_ERRORS = {
    "oneOf": [
        {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
        {
            "type": "object",
            "properties": {"reason": {"type": "string"}, "code": {"type": "string"}},
            "required": ["reason", "code"],
        },
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    ]
}


class CheckInFilter(django_filters.FilterSet):
    event = IdFilter(field_name="event_id")
    session = IdFilter(field_name="session_id")

    class Meta:
        model = CheckIn
        fields = ("event", "session")


#: Reading scans and counts takes the admin's permission to view them: door staff scan.
CHECK_IN_READERS = staff_with("programme.view_checkin")
ATTENDANCE_READERS = staff_with("programme.view_attendancesnapshot")


class CheckInViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Badge scans: record one (POST, any staff login: door staff), list the latest of an event
    (GET ?event=, staff who may view check-ins in the admin)."""

    permission_classes = [IsAdminUser]
    # Its own, generous rate: the general per-account rate would stop a busy door.
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "check_in"
    serializer_class = CheckInSerializer
    filterset_class = CheckInFilter
    ordering_fields = ("scanned_at",)
    ordering = ("-scanned_at", "-pk")

    def get_permissions(self):
        if self.action == "create":
            return super().get_permissions()
        return [CHECK_IN_READERS()]

    def get_queryset(self):
        return CheckIn.objects.select_related("event", "delegate__delegation")

    @extend_schema(
        request=CheckInCreateSerializer,
        responses={
            201: CheckInAnswerSerializer,
            200: OpenApiResponse(CheckInAnswerSerializer, description="A repeated scan id."),
            400: OpenApiResponse(
                REFUSAL_OR_FIELD_ERRORS,
                description="Refused, with the reason; or the request's field messages.",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        """Admit a scanned badge; the same nonce again answers the first scan's check-in (200)."""
        given = CheckInCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            try:
                check_in, created = checkin_record(**given.validated_data, by=request.user)
            except DjangoValidationError as refusal:
                if not hasattr(refusal, "error_list"):
                    raise  # a field's rule (full_clean): 400 with field messages
                return Response(
                    {"reason": refusal.messages[0], "code": refusal.error_list[0].code},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        return Response(
            CheckInAnswerSerializer(check_in).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class AttendanceSnapshotSerializer(serializers.Serializer):
    event = serializers.IntegerField(source="event_id")
    taken_at = serializers.DateTimeField()
    counts = serializers.JSONField(
        help_text="Totals, per day, per session (occupancy), per delegation kind and country, "
        "sessions by kind, scans per hour."
    )


class AttendanceViewSet(viewsets.GenericViewSet):
    """An event's attendance counts, as the attendance job last stored them (staff who may view
    attendance snapshots in the admin)."""

    permission_classes = [ATTENDANCE_READERS]
    serializer_class = AttendanceSnapshotSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        parameters=[OpenApiParameter("event", int, required=True, description="The event's id.")],
        responses={200: AttendanceSnapshotSerializer},
    )
    def list(self, request, format=None):
        """The latest snapshot; a new one is taken when none is younger than five minutes."""
        given = EventParamSerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        event = given.validated_data["event"]
        snapshot = attendance_snapshot_fresh(event=event)
        with timezone.override(event.timezone):
            return Response(self.get_serializer(snapshot).data)
