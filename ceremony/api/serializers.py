"""Output shape of events in the API."""

from rest_framework import serializers

from ..models import Event


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
