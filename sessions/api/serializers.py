"""Output and input shapes of the programme API. Rules live in the services, not here."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from delegations.api.serializers import KnownFieldsMixin
from delegations.models import Delegate
from sessions.models import Session, SessionRegistration, SessionRole


class EventZoneMixin:
    """Times in the event's own zone, with its offset (Hanoi: +07:00)."""

    def to_representation(self, instance):
        with timezone.override(self.event_of(instance).timezone):
            return super().to_representation(instance)


class SessionRoleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="delegate.full_name", read_only=True)
    name_native = serializers.CharField(source="delegate.name_native", read_only=True)
    delegation = serializers.CharField(source="delegate.delegation.name", read_only=True)

    class Meta:
        model = SessionRole
        fields = ("role", "name", "name_native", "delegation")
        read_only_fields = fields


class SessionSerializer(EventZoneMixin, serializers.ModelSerializer):
    """A scheduled session, with its places as they stand."""

    room = serializers.CharField(source="room.name", read_only=True, allow_null=True)
    capacity = serializers.IntegerField(
        source="effective_capacity",
        read_only=True,
        allow_null=True,
        help_text="Places: the session's own limit, else the room's seats.",
    )
    confirmed_count = serializers.IntegerField(read_only=True)
    waiting_count = serializers.IntegerField(read_only=True)
    places_left = serializers.IntegerField(read_only=True, allow_null=True)
    organiser = serializers.CharField(source="organiser.name", read_only=True, allow_null=True)
    roles = SessionRoleSerializer(many=True, read_only=True, help_text="Chairs and speakers.")
    languages = serializers.ListField(
        source="languages_offered",
        child=serializers.CharField(),
        read_only=True,
        help_text="The languages the session can be followed in (floor or interpretation).",
    )

    class Meta:
        model = Session
        fields = (
            "id",
            "event",
            "kind",
            "title",
            "description",
            "room",
            "start",
            "end",
            "duration_minutes",
            "capacity",
            "confirmed_count",
            "waiting_count",
            "places_left",
            "interpretation",
            "languages",
            "access",
            "organiser",
            "roles",
            "status",
            "pinned",
        )
        read_only_fields = fields

    @staticmethod
    def event_of(session):
        return session.event


#: Shown for another delegation's delegate and for a missing one alike.
NO_SUCH_DELEGATE = _("No such delegate.")


class RegistrationSerializer(KnownFieldsMixin, EventZoneMixin, serializers.ModelSerializer):
    """A delegate's place, or place in the waiting line, in a session."""

    # Input ids are only looked up here (the service reads the rows again, under lock).
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.only("pk"))
    session_title = serializers.CharField(source="session.title", read_only=True)
    session_start = serializers.DateTimeField(source="session.start", read_only=True)
    session_end = serializers.DateTimeField(source="session.end", read_only=True)
    delegate = serializers.PrimaryKeyRelatedField(
        queryset=Delegate.objects.none(),
        error_messages={"does_not_exist": NO_SUCH_DELEGATE, "incorrect_type": NO_SUCH_DELEGATE},
    )
    delegate_name = serializers.CharField(source="delegate.full_name", read_only=True)
    delegation = serializers.IntegerField(source="delegate.delegation_id", read_only=True)
    delegation_name = serializers.CharField(source="delegate.delegation.name", read_only=True)
    waiting_position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="1 is next in line; null unless waiting."
    )

    class Meta:
        model = SessionRegistration
        fields = (
            "id",
            "session",
            "session_title",
            "session_start",
            "session_end",
            "delegate",
            "delegate_name",
            "delegation",
            "delegation_name",
            "status",
            "waiting_position",
            "created_at",
        )
        read_only_fields = ("status", "created_at")
        # The services' full_clean() checks the database rules, with their own messages.
        validators = []

    @staticmethod
    def event_of(registration):
        return registration.session.event

    def get_fields(self):
        fields = super().get_fields()
        fields["delegate"].queryset = self.context.get("delegates", Delegate.objects.none()).only(
            "pk"
        )
        return fields
