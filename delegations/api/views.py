"""The delegations API. Every write calls ``delegations.services``, as the portal and the admin
do.

Reach: organisers (staff who may view delegations) see every delegation; a focal point sees its
own; anyone else, door staff included, none. Querysets are cut to that reach before any lookup,
so another delegation's id answers 404, as a missing one. Accreditation needs the permission
the admin asks for it (``permissions.py``).
"""

from axes.helpers import get_cool_off
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.settings import api_settings

from config.core.api import service_errors
from config.core.queries import count_subquery
from config.core.throttling import ScopedRateThrottle
from delegations.api.filters import DelegateFilter, DelegationFilter
from delegations.api.permissions import ACCREDITATION, ReachMixin
from delegations.api.serializers import (
    DelegateCreateSerializer,
    DelegateSerializer,
    DelegationSerializer,
    RejectSerializer,
    SubmitResultSerializer,
)
from delegations.enums import AccreditationStatus
from delegations.models import Badge, Delegate, DelegationQuota
from delegations.services.accreditation import delegate_accredit, delegate_reject
from delegations.services.delegates import (
    delegate_create,
    delegate_update,
    delegate_withdraw,
    delegation_profile_update,
    delegation_submit,
)


class SignInTokenView(ObtainAuthToken):
    """A token for a username and password, throttled; django-axes locks out guessing."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign_in"
    # The API's parsers (JSON nested too deeply is a 400), not the ones DRF's view names.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("AuthToken", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Wrong username or password."),
            429: OpenApiResponse(description="Too many attempts: wait, then try again."),
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes marks the request it refused; without this the answer would not say why.
            if getattr(request, "axes_locked_out", False):
                cool_off = get_cool_off(request)
                raise Throttled(
                    wait=cool_off.total_seconds() if cool_off else None,
                    detail=_("Too many failed sign-ins for this account: it is locked for now."),
                )
            raise serializers.ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class DelegationViewSet(
    ReachMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Delegations in reach, with counts by accreditation status and the places left."""

    write_permissions = {
        "partial_update": "delegations.change_delegation",
        "submit": "delegations.change_delegate",
    }

    serializer_class = DelegationSerializer
    filterset_class = DelegationFilter
    search_fields = ("name", "code")
    ordering_fields = ("name", "code", "kind", "country")

    def get_queryset(self):
        delegates = Delegate.objects.all()
        counts = {
            f"count_{status}": count_subquery(
                delegates.filter(accreditation_status=status), "delegation"
            )
            for status in AccreditationStatus.values
        }
        quota = DelegationQuota.objects.filter(
            event=OuterRef("event"), kind=OuterRef("kind")
        ).values("max_delegates")[:1]
        return self.delegations_reached().annotate(**counts, quota_places=Subquery(quota))

    def partial_update(self, request, *args, **kwargs):
        """Change the contact details, while registration is open."""
        delegation = self.get_object()
        serializer = self.get_serializer(delegation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            delegation_profile_update(delegation=delegation, data=serializer.validated_data)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=SubmitResultSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, format=None):
        """Send every draft delegate for accreditation."""
        delegation = self.get_object()
        with service_errors():
            submitted = delegation_submit(delegation=delegation)
        return Response(SubmitResultSerializer({"submitted": submitted}).data)


class DelegateViewSet(
    ReachMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Delegates of the delegations in reach. DELETE withdraws: the row stays, as withdrawn."""

    write_permissions = {
        "create": "delegations.add_delegate",
        **dict.fromkeys(
            ("update", "partial_update", "destroy", "accredit", "reject"),
            "delegations.change_delegate",
        ),
    }

    filterset_class = DelegateFilter
    search_fields = ("given_name", "family_name", "name_native", "email")
    ordering_fields = ("family_name", "given_name", "accreditation_status", "created_at")

    def get_queryset(self):
        live_badge = Badge.objects.filter(delegate=OuterRef("pk"), revoked_at__isnull=True)
        return (
            Delegate.objects.filter(delegation__in=self.delegations_reached().values("pk"))
            .select_related("delegation")
            .annotate(badge_number=Subquery(live_badge.values("number")[:1]))
        )

    def get_serializer_class(self):
        if self.action == "create":
            return DelegateCreateSerializer
        if self.action == "reject":
            return RejectSerializer
        return DelegateSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["delegations"] = self.delegations_reached()
        return context

    def _answer(self, delegate, code=status.HTTP_200_OK):
        """The delegate as a list shows it (badge number included), read back after the write."""
        delegate = self.get_queryset().get(pk=delegate.pk)
        serializer = DelegateSerializer(delegate, context=self.get_serializer_context())
        return Response(serializer.data, status=code)

    @extend_schema(responses={201: DelegateSerializer})
    def create(self, request, *args, **kwargs):
        """Add a draft delegate to a delegation in reach, inside the window and the quota."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        delegation = data.pop("delegation")
        with service_errors():
            delegate = delegate_create(delegation=delegation, data=data)
        return self._answer(delegate, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        """Change a delegate who is not accredited yet."""
        delegate = self.get_object()
        serializer = self.get_serializer(delegate, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            delegate = delegate_update(delegate=delegate, data=serializer.validated_data)
        return self._answer(delegate)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Withdraw the delegate: the place is freed and a badge revoked; the record stays."""
        delegate = self.get_object()
        with service_errors():
            delegate_withdraw(
                delegate=delegate,
                by_organiser=request.user.is_staff
                and request.user.has_perm("delegations.change_delegate"),
            )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=DelegateSerializer)
    @action(detail=True, methods=["post"], permission_classes=[ACCREDITATION])
    def accredit(self, request, pk=None, format=None):
        """Accredit a submitted delegate and issue the badge (organisers only)."""
        delegate = self.get_object()
        with service_errors():
            delegate = delegate_accredit(delegate=delegate)
        return self._answer(delegate)

    @extend_schema(request=RejectSerializer, responses=DelegateSerializer)
    @action(detail=True, methods=["post"], permission_classes=[ACCREDITATION])
    def reject(self, request, pk=None, format=None):
        """Refuse accreditation with a reason and revoke the badge (organisers only)."""
        delegate = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            delegate = delegate_reject(
                delegate=delegate, reason=serializer.validated_data["reason"]
            )
        return self._answer(delegate)
