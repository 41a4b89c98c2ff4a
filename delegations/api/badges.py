"""Badges and access zones through the API, for the accreditation desk's and organisers' tools.

A badge is reissued only by staff holding the admin's permission to reissue badges (the desk);
zones are read and written by staff holding the admin's permissions on zones. Focal points and
door staff reach neither (403). The rules are the services' and the model's, as in the admin.
"""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.core.api import service_errors
from config.core.filters import IdFilter
from delegations.api.permissions import staff_with
from delegations.enums import AccessCategory, BadgeReplacementCause
from delegations.models import Badge, Zone
from delegations.services.badges import badge_reissue
from delegations.services.zones import zone_save


class BadgeSerializer(serializers.ModelSerializer):
    # Codes as plain strings: empty until revoked, or when the category follows the delegation.
    category = serializers.CharField(read_only=True)
    access_category = serializers.CharField(read_only=True)
    revocation_reason = serializers.CharField(read_only=True)
    replacement_cause = serializers.CharField(read_only=True)

    class Meta:
        model = Badge
        fields = (
            "id",
            "number",
            "delegate",
            "category",
            "access_category",
            "issued_at",
            "revoked_at",
            "revocation_reason",
            "replacement_cause",
            "replaced_by",
        )
        read_only_fields = fields

    def to_representation(self, instance):
        with timezone.override(instance.delegate.delegation.event.timezone):
            return super().to_representation(instance)


class ReissueSerializer(serializers.Serializer):
    cause = serializers.ChoiceField(choices=BadgeReplacementCause.choices)


class BadgeFilter(django_filters.FilterSet):
    event = IdFilter(field_name="delegate__delegation__event_id")
    delegate = IdFilter(field_name="delegate_id")

    class Meta:
        model = Badge
        fields = ("event", "delegate")


class BadgeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Badges (staff who may view badges); reissue a lost or damaged one (the desk's permission):
    the old is revoked as "replaced" and refused at every door, the answer is the new badge."""

    serializer_class = BadgeSerializer
    filterset_class = BadgeFilter
    ordering = ("number",)

    def get_permissions(self):
        if self.action == "reissue":
            return [staff_with("delegations.reissue_badge")()]
        return [staff_with("delegations.view_badge")()]

    def get_queryset(self):
        return Badge.objects.select_related("delegate__delegation__event")

    @extend_schema(
        request=ReissueSerializer,
        responses={201: BadgeSerializer, 400: OpenApiResponse(description="Field messages.")},
    )
    @action(detail=True, methods=["post"])
    def reissue(self, request, pk=None, format=None):
        given = ReissueSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        badge = self.get_object()
        with service_errors():
            new = badge_reissue(badge=badge, cause=given.validated_data["cause"])
        return Response(self.get_serializer(new).data, status=status.HTTP_201_CREATED)


class ZoneSerializer(serializers.ModelSerializer):
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=AccessCategory.choices), allow_empty=True
    )

    class Meta:
        model = Zone
        fields = ("id", "event", "name", "kind", "categories", "rooms")

    def validate(self, attrs):
        event = attrs.get("event") or getattr(self.instance, "event", None)
        rooms = attrs.get("rooms") or []
        if event and any(room.venue.event_id != event.pk for room in rooms):
            raise serializers.ValidationError({"rooms": ["Choose rooms of the zone's event."]})
        return attrs


class ZoneFilter(django_filters.FilterSet):
    event = IdFilter(field_name="event_id")

    class Meta:
        model = Zone
        fields = ("event",)


ZONE_PERMISSIONS = {
    "list": "delegations.view_zone",
    "retrieve": "delegations.view_zone",
    "create": "delegations.add_zone",
    "update": "delegations.change_zone",
    "partial_update": "delegations.change_zone",
}


class ZoneViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Access zones and the badge categories their doors admit; a plenary floor that would leave
    the States' delegates outside is refused (400) and nothing is written."""

    serializer_class = ZoneSerializer
    filterset_class = ZoneFilter
    ordering = ("name",)

    def get_permissions(self):
        return [staff_with(ZONE_PERMISSIONS.get(self.action, "delegations.change_zone"))()]

    def get_queryset(self):
        return Zone.objects.prefetch_related("rooms")

    def perform_create(self, serializer):
        self._save(serializer, Zone())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def _save(self, serializer, zone):
        data = dict(serializer.validated_data)
        rooms = data.pop("rooms", None)
        for field, value in data.items():
            setattr(zone, field, value)
        with service_errors():
            serializer.instance = zone_save(zone=zone, rooms=rooms)
