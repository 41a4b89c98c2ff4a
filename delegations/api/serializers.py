"""Input and output shapes of the delegations API. Rules live in the services, not here."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from delegations.enums import QUOTA_STATUSES
from delegations.models import Delegate, Delegation
from delegations.services.delegates import DELEGATE_FIELDS, DELEGATION_PROFILE_FIELDS


class KnownFieldsMixin:
    """Refuse names the serializer does not know, so that a typo is an error, not a no-op.

    Read-only names (as a GET returns them) are accepted and ignored, so a client can send back
    what it read.
    """

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    dict.fromkeys(unknown, [_("Unknown field: this API does not accept it.")])
                )
        return super().to_internal_value(data)


class AccreditationCountsSerializer(serializers.Serializer):
    """A delegation's delegates by accreditation status (from the list's annotations)."""

    draft = serializers.IntegerField(source="count_draft", read_only=True)
    submitted = serializers.IntegerField(source="count_submitted", read_only=True)
    accredited = serializers.IntegerField(source="count_accredited", read_only=True)
    rejected = serializers.IntegerField(source="count_rejected", read_only=True)
    withdrawn = serializers.IntegerField(source="count_withdrawn", read_only=True)


class DelegationSerializer(KnownFieldsMixin, serializers.ModelSerializer):
    """A delegation; focal points change only its contact details."""

    country = serializers.CharField(read_only=True)
    places_remaining = serializers.SerializerMethodField(
        help_text="Places left in the quota of the delegation's kind; null when there is no limit."
    )
    accreditation_counts = AccreditationCountsSerializer(source="*", read_only=True)

    class Meta:
        model = Delegation
        fields = (
            "id",
            "event",
            "kind",
            "name",
            "code",
            "country",
            *DELEGATION_PROFILE_FIELDS,
            "places_remaining",
            "accreditation_counts",
        )
        read_only_fields = ("event", "kind", "name", "code")
        # The services' full_clean() checks the database rules, with their own messages.
        validators = []

    def get_places_remaining(self, delegation) -> int | None:
        """The same arithmetic as services.places_remaining, on the list's annotations."""
        if delegation.quota_places is None:
            return None
        used = sum(getattr(delegation, f"count_{status}") for status in QUOTA_STATUSES)
        return max(delegation.quota_places - used, 0)


class SubmitResultSerializer(serializers.Serializer):
    submitted = serializers.IntegerField(help_text="Delegates sent for accreditation.")


#: Shown to a focal point for a foreign delegation and for a missing one alike.
NO_SUCH_DELEGATION = _("No such delegation.")


class DelegateSerializer(KnownFieldsMixin, serializers.ModelSerializer):
    """A delegate; the photo is write-only because badge photos are never served by URL."""

    delegation = serializers.PrimaryKeyRelatedField(read_only=True)
    delegation_name = serializers.CharField(source="delegation.name", read_only=True)
    full_name = serializers.CharField(read_only=True)
    has_photo = serializers.SerializerMethodField()
    badge_number = serializers.CharField(
        read_only=True, allow_null=True, help_text="The live badge's number, if one is issued."
    )

    class Meta:
        model = Delegate
        fields = (
            "id",
            "delegation",
            "delegation_name",
            "full_name",
            *DELEGATE_FIELDS,
            "has_photo",
            "accreditation_status",
            "accreditation_note",
            "accredited_at",
            "badge_number",
            "created_at",
            "updated_at",
        )
        read_only_fields = (
            "accreditation_status",
            "accreditation_note",
            "accredited_at",
            "created_at",
            "updated_at",
        )
        extra_kwargs = {"photo": {"write_only": True}}
        validators = []

    def get_has_photo(self, delegate) -> bool:
        return bool(delegate.photo)


class DelegateCreateSerializer(DelegateSerializer):
    """Creation also names the delegation, among those the person may change."""

    delegation = serializers.PrimaryKeyRelatedField(
        queryset=Delegation.objects.none(),
        error_messages={
            "does_not_exist": NO_SUCH_DELEGATION,
            "incorrect_type": NO_SUCH_DELEGATION,
        },
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["delegation"].queryset = self.context.get("delegations", Delegation.objects.none())
        return fields


class RejectSerializer(KnownFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, help_text="Why the accreditation is refused; the focal point reads it."
    )
