"""Exports through the API: request one, poll its status, download the file.

Organisers (staff who may add exports) export anything and see every export; a focal point
only the itinerary of its own delegations or of their delegates, and sees only the exports it
asked for. Another delegation, or its delegate, is answered as a missing one.
"""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ceremony.models import Event
from config.core.api import service_errors
from config.core.filters import IdFilter
from config.core.jobs import JOB_QUEUE_DOWN
from config.core.storages import private_file_response
from delegations.api.serializers import NO_SUCH_DELEGATION
from delegations.models import Delegate, Delegation
from delegations.selectors.reach import delegations_in_reach, staff_may
from sessions.api.serializers import NO_SUCH_DELEGATE
from sessions.enums import ExportFormat, ExportScope, ExportStatus
from sessions.models import ExportJob
from sessions.services.exports import export_request

ITINERARY_SCOPES = (ExportScope.DELEGATION, ExportScope.DELEGATE)


class ExportJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    waiting_for_queue = serializers.BooleanField(
        read_only=True,
        help_text="True while the job queue is unavailable: the export is kept, queued, and "
        "starts as soon as the queue is back.",
    )
    notice = serializers.SerializerMethodField(help_text="What to tell the person waiting, if any.")
    delegation = serializers.PrimaryKeyRelatedField(
        queryset=Delegation.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": NO_SUCH_DELEGATION, "incorrect_type": NO_SUCH_DELEGATION},
    )
    delegate = serializers.PrimaryKeyRelatedField(
        queryset=Delegate.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": NO_SUCH_DELEGATE, "incorrect_type": NO_SUCH_DELEGATE},
    )

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "event",
            "format",
            "language",
            "scope",
            "day",
            "room",
            "kind",
            "delegation",
            "delegate",
            "status",
            "error",
            "created_at",
            "finished_at",
            "download_url",
            "waiting_for_queue",
            "notice",
        ]
        read_only_fields = ["status", "error", "created_at", "finished_at"]

    def get_download_url(self, job) -> str | None:
        if job.status != ExportStatus.DONE:
            return None
        return self.context["request"].build_absolute_uri(reverse("export-download", args=[job.pk]))

    def get_notice(self, job) -> str:
        return str(JOB_QUEUE_DOWN) if job.waiting_for_queue else ""

    def validate(self, attrs):
        user = self.context["request"].user
        if staff_may(user, "programme.add_exportjob"):
            return attrs
        if attrs.get("scope") not in ITINERARY_SCOPES:
            raise serializers.ValidationError(
                {"scope": _("Focal points export their delegation's or a delegate's itinerary.")}
            )
        reach = delegations_in_reach(user)
        delegation, delegate = attrs.get("delegation"), attrs.get("delegate")
        if delegation is not None and not reach.filter(pk=delegation.pk).exists():
            raise serializers.ValidationError({"delegation": NO_SUCH_DELEGATION})
        if (
            delegate is not None
            and not Delegate.objects.filter(pk=delegate.pk, delegation__in=reach).exists()
        ):
            raise serializers.ValidationError({"delegate": NO_SUCH_DELEGATE})
        return attrs


class ExportFilter(django_filters.FilterSet):
    event = IdFilter(field_name="event_id")
    status = django_filters.ChoiceFilter(choices=ExportStatus.choices)
    format = django_filters.ChoiceFilter(choices=ExportFormat.choices)

    class Meta:
        model = ExportJob
        fields = ("event", "status", "format")


class ExportViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ExportJobSerializer
    filterset_class = ExportFilter

    queryset = ExportJob.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExportJob.objects.none()
        jobs = ExportJob.objects.select_related("event").order_by("-created_at")
        user = self.request.user
        if staff_may(user, "programme.view_exportjob"):
            return jobs
        return jobs.filter(requested_by=user)

    def create(self, request, *args, **kwargs):
        """Queue an export; poll it until its status is done, then download it."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        event = data.pop("event")
        if not isinstance(event, Event):
            raise NotFound()
        with service_errors():
            job = export_request(event=event, by=request.user, **data)
        job.refresh_from_db()
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: OpenApiResponse(description="The file.")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None, format=None):
        job = self.get_object()
        if job.status != ExportStatus.DONE or not job.file:
            raise NotFound(_("The export is not ready."))
        return private_file_response(job.file)
