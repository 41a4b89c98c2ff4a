"""Events (read-only for every signed-in person: focal points need the dates and the window;
organisers set events up in the admin) and signing requests.

Signing requests go through ceremony.signing, as in the portal and the admin. Reach: organisers see
every request; a focal point, its own delegations'. Another delegation's request answers 404 and
another delegation (or its delegate) the same 400 as a missing one. Verifying full powers and
recording signatures need the permission the admin asks for them.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ceremony.api.serializers import (
    EventSerializer,
    RejectFullPowersSerializer,
    SeatAssignmentSerializer,
    SeatingDrawRequestSerializer,
    SeatingDrawSerializer,
    SeatingOrderSerializer,
    SeatingPlanRequestSerializer,
    SeatingPlanSerializer,
    SignatureSerializer,
    SigningRequestCreateSerializer,
    SigningRequestSerializer,
    SigningRequestUpdateSerializer,
    TreatyTrackerSerializer,
)
from ceremony.enums import FullPowersStatus
from ceremony.models import Event, Room, SigningRequest
from ceremony.selectors.seating import published_order, seat_assignments_in_reach
from ceremony.selectors.signing import treaty_tracker
from ceremony.services import seating, signing
from config.core.api import service_errors
from config.core.filters import IdFilter
from delegations.api.permissions import FULL_POWERS, ReachMixin, staff_with
from delegations.models import Delegate
from delegations.selectors.reach import staff_may

SEATING = staff_with("ceremony.change_event")


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Event.objects.all()
    serializer_class = EventSerializer
    search_fields = ("name", "acronym", "slug")
    ordering_fields = ("start_date", "name")

    @extend_schema(responses=TreatyTrackerSerializer)
    @action(detail=True, serializer_class=TreatyTrackerSerializer)
    def treaty(self, request, pk=None, format=None):
        """Signatories, parties and entry into force, in general and for each party
        (articles 64 and 65): public facts of the treaty, as the depositary publishes them."""
        return Response(TreatyTrackerSerializer(treaty_tracker(self.get_object())).data)

    @extend_schema(responses=SeatingOrderSerializer(many=True))
    @action(detail=True, permission_classes=[AllowAny], pagination_class=None)
    def seating(self, request, pk=None, format=None):
        """The seating order of the halls once published (public): before, an empty list."""
        event = self.get_object()
        return Response(SeatingOrderSerializer(published_order(event.pk), many=True).data)

    @extend_schema(request=SeatingDrawRequestSerializer, responses={201: SeatingDrawSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="seating-draw",
        permission_classes=[SEATING],
        serializer_class=SeatingDrawRequestSerializer,
    )
    def seating_draw(self, request, pk=None, format=None):
        """Draw by lot the member State the seating starts from; a seed repeats a draw."""
        event = self.get_object()
        serializer = SeatingDrawRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            draw = seating.seating_draw(
                event=event, by=request.user, seed=serializer.validated_data.get("seed")
            )
        return Response(SeatingDrawSerializer(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SeatingPlanRequestSerializer, responses={201: SeatingPlanSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="seating-plans",
        permission_classes=[SEATING],
        serializer_class=SeatingPlanRequestSerializer,
    )
    def seating_plan(self, request, pk=None, format=None):
        """Seat a hall of the event from the latest draw: 400 (nothing written) when the hall is
        too small."""
        event = self.get_object()
        serializer = SeatingPlanRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        room = Room.objects.filter(venue__event=event, pk=data.pop("room")).first()
        if room is None:
            raise ValidationError({"room": [_("No such room at this event.")]})
        with service_errors():
            plan = seating.seating_plan_build(room=room, **data)
        return Response(SeatingPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class SeatViewSet(ReachMixin, viewsets.ReadOnlyModelViewSet):
    """The seats of the delegations in reach: organisers every one; a focal point its own
    delegation's, once the seating order is published."""

    serializer_class = SeatAssignmentSerializer
    ordering_fields = ("position",)

    def get_queryset(self):
        published_only = not staff_may(self.request.user, "delegations.view_delegation")
        return seat_assignments_in_reach(self.delegations_reached(), published_only=published_only)


class SigningRequestFilter(django_filters.FilterSet):
    """Ids are plain numbers: a filter never tells whether an id exists."""

    event = IdFilter(field_name="event_id")
    delegation = IdFilter(field_name="delegation_id")
    full_powers_status = django_filters.ChoiceFilter(choices=FullPowersStatus.choices)

    class Meta:
        model = SigningRequest
        fields = ("event", "delegation", "full_powers_status")


class SigningRequestViewSet(
    ReachMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Requests to sign the treaty, with the state of their full powers and, once published,
    the slot. DELETE withdraws: the row stays, as withdrawn."""

    serializer_class = SigningRequestSerializer
    filterset_class = SigningRequestFilter
    search_fields = ("delegation__name", "delegation__code")
    ordering_fields = ("requested_at", "signing_order", "delegation__name")
    ordering = ("requested_at", "pk")
    write_permissions = {
        "create": "ceremony.add_signingrequest",
        **dict.fromkeys(
            ("partial_update", "destroy", "verify", "reject", "sign"),
            "ceremony.change_signingrequest",
        ),
    }

    def _delegations(self):
        return self.delegations_reached()

    def get_queryset(self):
        return SigningRequest.objects.filter(
            delegation__in=self._delegations().values("pk")
        ).select_related("event", "delegation", "representative")

    def get_serializer_class(self):
        return {
            "create": SigningRequestCreateSerializer,
            "partial_update": SigningRequestUpdateSerializer,
            "reject": RejectFullPowersSerializer,
            "sign": SignatureSerializer,
        }.get(self.action, SigningRequestSerializer)

    def get_serializer_context(self):
        delegations = self._delegations()
        return {
            **super().get_serializer_context(),
            "delegations": delegations,
            "delegates": Delegate.objects.filter(delegation__in=delegations.values("pk")),
        }

    def _answer(self, signing_request, code=status.HTTP_200_OK):
        """The request as the list shows it, read back after the write."""
        signing_request = self.get_queryset().get(pk=signing_request.pk)
        return Response(SigningRequestSerializer(signing_request).data, status=code)

    @extend_schema(responses={201: SigningRequestSerializer})
    def create(self, request, *args, **kwargs):
        """Request a signing appointment for a State or a REIO in reach (multipart with a file)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            signing_request = signing.signing_request_create(**serializer.validated_data)
        return self._answer(signing_request, status.HTTP_201_CREATED)

    @extend_schema(responses=SigningRequestSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Correct the request; a new copy of full powers goes back to checking."""
        signing_request = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            signing_request = signing.signing_request_update(
                request=signing_request, data=serializer.validated_data
            )
        return self._answer(signing_request)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Withdraw the request; its slot is freed. A signature cannot be withdrawn."""
        signing_request = self.get_object()
        with service_errors():
            signing.signing_request_withdraw(request=signing_request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=SigningRequestSerializer)
    @action(detail=True, methods=["post"], permission_classes=[FULL_POWERS])
    def verify(self, request, pk=None, format=None):
        """The full powers are in order (treaty officers only)."""
        signing_request = self.get_object()
        with service_errors():
            signing_request = signing.full_powers_verify(request=signing_request)
        return self._answer(signing_request)

    @extend_schema(request=RejectFullPowersSerializer, responses=SigningRequestSerializer)
    @action(detail=True, methods=["post"], permission_classes=[FULL_POWERS])
    def reject(self, request, pk=None, format=None):
        """The full powers are not in order: the focal point reads why (treaty officers only)."""
        signing_request = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            signing_request = signing.full_powers_reject(
                request=signing_request, reason=serializer.validated_data["reason"]
            )
        return self._answer(signing_request)

    @extend_schema(request=SignatureSerializer, responses=SigningRequestSerializer)
    @action(detail=True, methods=["post"], permission_classes=[FULL_POWERS])
    def sign(self, request, pk=None, format=None):
        """Record the signature, at the slot's time unless told otherwise (treaty officers only)."""
        signing_request = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            signing_request = signing.signature_record(
                request=signing_request, signed_at=serializer.validated_data.get("signed_at")
            )
        return self._answer(signing_request)
