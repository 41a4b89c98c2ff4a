"""Shapes of events and signing requests in the API. Rules live in the services, not here."""

from rest_framework import serializers

from ceremony.models import Event, SeatAssignment, SeatingDraw, SeatingPlan, SigningRequest
from delegations.api.serializers import NO_SUCH_DELEGATION, KnownFieldsMixin
from delegations.enums import RepresentationLevel
from delegations.models import Delegate, Delegation
from sessions.api.serializers import NO_SUCH_DELEGATE, EventZoneMixin


class EventSerializer(serializers.ModelSerializer):
    treaty = serializers.CharField(source="treaty_title", read_only=True)
    timezone = serializers.CharField(read_only=True, help_text="IANA name, e.g. Asia/Ho_Chi_Minh.")
    host_country = serializers.CharField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    registration_open = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = (
            "id",
            "slug",
            "name",
            "acronym",
            "treaty",
            "treaty_short_title",
            "theme",
            "start_date",
            "end_date",
            "timezone",
            "host_country",
            "languages",
            "registration_opens",
            "registration_closes",
            "registration_open",
        )
        read_only_fields = fields

    def get_registration_open(self, event) -> bool:
        return event.registration_is_open()


class TreatyPartySerializer(serializers.Serializer):
    delegation = serializers.IntegerField(source="deposit.delegation_id")
    name = serializers.CharField(source="deposit.delegation.name")
    instrument = serializers.CharField(source="deposit.kind")
    deposited_on = serializers.DateField(source="deposit.deposited_on")
    in_force_on = serializers.DateField(
        allow_null=True, help_text="When the treaty binds this party (article 65)."
    )


class TreatyTrackerSerializer(serializers.Serializer):
    """The treaty's status: signatures, deposits, entry into force in general and per party."""

    signatories = serializers.IntegerField()
    parties = serializers.IntegerField()
    counting_instruments = serializers.IntegerField()
    instruments_needed = serializers.IntegerField()
    threshold_reached_on = serializers.DateField(allow_null=True)
    entry_into_force = serializers.DateField(allow_null=True)
    party_dates = TreatyPartySerializer(many=True)


class RepresentativeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Delegate
        fields = ("id", "name")
        read_only_fields = fields


class SigningRequestSerializer(EventZoneMixin, serializers.ModelSerializer):
    """A signing request as its focal point follows it; the copy of full powers is never a URL."""

    delegation_name = serializers.CharField(source="delegation.name", read_only=True)
    representative = RepresentativeSerializer(read_only=True)
    has_full_powers_document = serializers.SerializerMethodField()

    class Meta:
        model = SigningRequest
        fields = (
            "id",
            "event",
            "delegation",
            "delegation_name",
            "representative",
            "level",
            "preferred_date",
            "full_powers_status",
            "full_powers_note",
            "has_full_powers_document",
            "requested_at",
            "withdrawn_at",
            "signing_order",
            "slot_start",
            "slot_end",
            "signed_at",
        )
        read_only_fields = fields
        extra_kwargs = {
            "signing_order": {"help_text": "Null until the slots are published."},
            "slot_start": {"help_text": "Null until the slots are published."},
            "slot_end": {"help_text": "Null until the slots are published."},
        }

    @staticmethod
    def event_of(signing_request):
        return signing_request.event

    def get_has_full_powers_document(self, signing_request) -> bool:
        return bool(signing_request.full_powers_document)

    def to_representation(self, signing_request):
        """A slot not yet published may still move: the delegation learns it once published."""
        data = super().to_representation(signing_request)
        if signing_request.slot_published_at is None:
            data["signing_order"] = data["slot_start"] = data["slot_end"] = None
        return data


class SigningRequestUpdateSerializer(KnownFieldsMixin, serializers.Serializer):
    """A correction: any of these; a new copy of full powers goes back to checking."""

    representative = serializers.PrimaryKeyRelatedField(
        queryset=Delegate.objects.none(),
        error_messages={"does_not_exist": NO_SUCH_DELEGATE, "incorrect_type": NO_SUCH_DELEGATE},
        help_text="A delegate of the delegation.",
    )
    level = serializers.ChoiceField(choices=RepresentationLevel.choices)
    preferred_date = serializers.DateField(allow_null=True)
    full_powers_document = serializers.FileField(
        help_text="A copy of the instrument of full powers: PDF, JPEG or PNG, at most 10 MB."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["representative"].queryset = self.context.get("delegates", Delegate.objects.none())
        return fields


class SigningRequestCreateSerializer(SigningRequestUpdateSerializer):
    """A request names the delegation, among those in reach; full powers unless exempt."""

    delegation = serializers.PrimaryKeyRelatedField(
        queryset=Delegation.objects.none(),
        error_messages={
            "does_not_exist": NO_SUCH_DELEGATION,
            "incorrect_type": NO_SUCH_DELEGATION,
        },
    )
    preferred_date = serializers.DateField(allow_null=True, required=False)
    full_powers_document = serializers.FileField(
        required=False,
        help_text=(
            "A copy of the instrument of full powers: PDF, JPEG or PNG, at most 10 MB. Not needed "
            "for a Head of State, a Head of Government or a Minister for Foreign Affairs."
        ),
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["delegation"].queryset = self.context.get("delegations", Delegation.objects.none())
        return fields


class RejectFullPowersSerializer(KnownFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True,
        help_text="Why the full powers are not in order; the focal point reads it.",
    )


class SignatureSerializer(KnownFieldsMixin, serializers.Serializer):
    signed_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="When signed; the slot's time if left out."
    )


class SeatAssignmentSerializer(serializers.ModelSerializer):
    """A delegation's seats in one hall: its heads' row and the seats behind."""

    room = serializers.CharField(source="plan.room.name", read_only=True)
    event = serializers.IntegerField(source="plan.draw.event_id", read_only=True)
    delegation_name = serializers.CharField(source="delegation.name", read_only=True)
    heads = serializers.ListField(child=serializers.CharField(), read_only=True)
    behind = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = SeatAssignment
        fields = (
            "id",
            "event",
            "room",
            "position",
            "section",
            "delegation",
            "delegation_name",
            "heads",
            "behind",
        )
        read_only_fields = fields


class SeatingOrderSerializer(serializers.Serializer):
    """The published seating order, as anyone may read it."""

    room = serializers.CharField(source="plan.room.name")
    position = serializers.IntegerField()
    section = serializers.CharField()
    delegation = serializers.CharField(source="delegation.name")
    seats = serializers.ListField(child=serializers.CharField(), source="seat_labels")


class SeatingDrawRequestSerializer(serializers.Serializer):
    seed = serializers.IntegerField(required=False, min_value=0, max_value=2**62 - 1)


class SeatingDrawSerializer(serializers.ModelSerializer):
    class Meta:
        model = SeatingDraw
        fields = ("id", "seed", "candidates", "drawn", "drawn_name", "drawn_at", "published_at")
        read_only_fields = fields


class SeatingPlanRequestSerializer(serializers.Serializer):
    room = serializers.IntegerField(min_value=1)
    rows = serializers.IntegerField(min_value=1, max_value=200)
    seats_per_row = serializers.IntegerField(min_value=1, max_value=200)
    heads_row_seats = serializers.IntegerField(min_value=1, max_value=6, default=1)
    seats_behind = serializers.IntegerField(min_value=0, max_value=30, default=2)


class SeatingPlanSerializer(serializers.ModelSerializer):
    seated = serializers.SerializerMethodField()

    class Meta:
        model = SeatingPlan
        fields = (
            "id",
            "room",
            "draw",
            "rows",
            "seats_per_row",
            "heads_row_seats",
            "seats_behind",
            "seated",
        )
        read_only_fields = fields

    def get_seated(self, plan) -> int:
        return plan.assignments.count()
