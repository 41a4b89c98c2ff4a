"""The plenaries' lists of speakers in the API: a delegation inscribes its speaker, withdraws
it and uploads its statement; the secretariat (staff who may change inscriptions, as in the
admin) moves and merges entries. Every write calls ``sessions.services.speakers``.

Reach as in the rest of the API: a focal point sees and writes its own delegation's entries
only, organisers every one; another delegation's entry answers 404, as a missing one.
"""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from config.core.api import JSONParser, service_errors
from delegations.api.permissions import ReachMixin
from delegations.api.serializers import KnownFieldsMixin
from delegations.enums import RepresentationLevel
from delegations.models import Delegate, Delegation
from delegations.selectors.reach import staff_may
from sessions.enums import SessionKind, SpeakerStatus
from sessions.models import Session, SpeakerEntry
from sessions.selectors.speakers import entries_of
from sessions.services.speakers import (
    speaker_inscribe,
    speaker_move,
    speaker_withdraw,
    speakers_merge,
    statement_upload,
)

NO_SUCH_DELEGATION = gettext_lazy("No such delegation in your reach.")
NO_LIST = gettext_lazy("This session has no list of speakers.")
SECRETARIAT = "programme.change_speakerentry"


class SpeakerEntrySerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="speakers_list.session_id", read_only=True)
    delegation_name = serializers.CharField(source="delegation.name", read_only=True)
    has_statement = serializers.SerializerMethodField()

    class Meta:
        model = SpeakerEntry
        fields = (
            "id",
            "session",
            "delegation",
            "delegation_name",
            "speaker",
            "speaker_name",
            "level",
            "inscribed_at",
            "position",
            "status",
            "merged_into",
            "has_statement",
        )
        read_only_fields = fields

    def get_has_statement(self, entry) -> bool:
        return bool(entry.statement)


class InscribeSerializer(KnownFieldsMixin, serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(
        queryset=Session.objects.filter(kind=SessionKind.PLENARY, speakers_list__isnull=False),
        error_messages={"does_not_exist": NO_LIST, "incorrect_type": NO_LIST},
        help_text="The plenary whose list the speaker is inscribed on.",
    )
    delegation = serializers.PrimaryKeyRelatedField(
        queryset=Delegation.objects.none(),
        error_messages={"does_not_exist": NO_SUCH_DELEGATION, "incorrect_type": NO_SUCH_DELEGATION},
    )
    level = serializers.ChoiceField(choices=RepresentationLevel.choices)
    speaker = serializers.PrimaryKeyRelatedField(
        queryset=Delegate.objects.none(), required=False, allow_null=True
    )
    speaker_name = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def get_fields(self):
        fields = super().get_fields()
        delegations = self.context.get("delegations", Delegation.objects.none())
        fields["delegation"].queryset = delegations
        fields["speaker"].queryset = Delegate.objects.filter(
            delegation__in=delegations.values("pk")
        )
        return fields

    def validate(self, data):
        if not data.get("speaker") and not data.get("speaker_name", "").strip():
            raise serializers.ValidationError(
                {"speaker_name": _("Name the speaker, or choose a delegate.")}
            )
        return data


class StatementSerializer(KnownFieldsMixin, serializers.Serializer):
    statement = serializers.FileField(help_text="The statement as delivered: a PDF, at most 10 MB.")


class MoveSerializer(KnownFieldsMixin, serializers.Serializer):
    position = serializers.IntegerField(min_value=1, max_value=10_000, help_text="1 speaks first.")
    reason = serializers.CharField(help_text="Kept in the list's history.")


class MergeSerializer(KnownFieldsMixin, serializers.Serializer):
    other = serializers.IntegerField(
        max_value=2**31 - 1, help_text="The entry of the same delegation merged into this."
    )
    reason = serializers.CharField(help_text="Kept in the list's history.")


class SpeakerEntryFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="speakers_list__session")
    status = django_filters.ChoiceFilter(choices=SpeakerStatus.choices)

    class Meta:
        model = SpeakerEntry
        fields = ("session", "delegation", "status")


class SpeakerEntryViewSet(
    ReachMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Inscriptions on the plenaries' lists of speakers of the delegations in reach.
    DELETE withdraws: the entry stays, as withdrawn."""

    serializer_class = SpeakerEntrySerializer
    filterset_class = SpeakerEntryFilter
    parser_classes = (JSONParser, MultiPartParser, FormParser)
    write_permissions = {
        "create": "programme.add_speakerentry",
        **dict.fromkeys(("destroy", "statement", "move", "merge"), SECRETARIAT),
    }

    def get_queryset(self):
        return entries_of(self.delegations_reached().values("pk"))

    def get_serializer_class(self):
        return {
            "create": InscribeSerializer,
            "statement": StatementSerializer,
            "move": MoveSerializer,
            "merge": MergeSerializer,
        }.get(self.action, SpeakerEntrySerializer)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "delegations": self.delegations_reached()}

    def _answer(self, entry, code=status.HTTP_200_OK):
        return Response(
            SpeakerEntrySerializer(self.get_queryset().get(pk=entry.pk)).data, status=code
        )

    @extend_schema(responses={201: SpeakerEntrySerializer})
    def create(self, request, *args, **kwargs):
        """Inscribe a speaker of a delegation in reach; refused (400) once the list is closed."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            entry = speaker_inscribe(
                speakers_list=data["session"].speakers_list,
                delegation=data["delegation"],
                level=data["level"],
                speaker=data.get("speaker"),
                speaker_name=data.get("speaker_name", "").strip(),
                by=request.user,
            )
        return self._answer(entry, status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Withdraw the inscription."""
        entry = self.get_object()
        with service_errors():
            speaker_withdraw(entry=entry, reason=_("Withdrawn by the delegation"), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": StatementSerializer}, responses=SpeakerEntrySerializer
    )
    @action(detail=True, methods=["post"])
    def statement(self, request, pk=None, format=None):
        """Upload the statement (PDF) shown on the meeting's public page."""
        entry = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            entry = statement_upload(
                entry=entry, statement=serializer.validated_data["statement"], by=request.user
            )
        return self._answer(entry)

    @extend_schema(responses=SpeakerEntrySerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None, format=None):
        """The secretariat puts the entry at a place on the list, with a reason."""
        entry = self._secretariat_entry(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            entry = speaker_move(entry=entry, by=request.user, **serializer.validated_data)
        return self._answer(entry)

    @extend_schema(responses=SpeakerEntrySerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None, format=None):
        """The secretariat merges another entry of the same delegation into this one."""
        entry = self._secretariat_entry(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        other = self.get_queryset().filter(pk=serializer.validated_data["other"]).first()
        if other is None:
            raise serializers.ValidationError({"other": [_("No such entry.")]})
        with service_errors():
            entry = speakers_merge(
                keep=entry, other=other, reason=serializer.validated_data["reason"], by=request.user
            )
        return self._answer(entry)

    def _secretariat_entry(self, request):
        """Moves and merges are the secretariat's: a focal point is refused (403)."""
        if not staff_may(request.user, SECRETARIAT):
            raise PermissionDenied(_("Only the secretariat moves and merges entries."))
        return self.get_object()
