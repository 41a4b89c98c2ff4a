"""Organisers' admin for the event, its venues and rooms, and the signing."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from delegations.models import DelegationQuota

from .models import Event, Room, RoomUnavailability, SigningRequest, Venue
from .selectors import event_list_annotate, room_list_annotate, venue_list_annotate


def event_column(lookup):
    """A narrow list column for the event a row belongs to: its acronym, not its long name."""
    path = lookup.split("__")

    @admin.display(description=_("event"), ordering=f"{lookup}__start_date")
    def event(obj):
        for step in path:
            obj = getattr(obj, step)
        return obj.acronym

    return event


class EventAdminForm(forms.ModelForm):
    """Languages are stored as a list of codes; organisers tick them."""

    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Interpretation and document languages."),
    )

    class Meta:
        model = Event
        fields = [
            "name",
            "acronym",
            "slug",
            "theme",
            "treaty_title",
            "treaty_short_title",
            "start_date",
            "end_date",
            "timezone",
            "host_country",
            "languages",
            "registration_opens",
            "registration_closes",
            "invitation_valid_days",
        ]


class QuotaInline(admin.TabularInline):
    model = DelegationQuota
    extra = 0


class VenueInline(admin.TabularInline):
    model = Venue
    extra = 0
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "name",
        "slug",
        "start_date",
        "end_date",
        "timezone",
        "delegation_count",
        "session_count",
    ]
    search_fields = ["name", "slug", "acronym", "treaty_title"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [VenueInline, QuotaInline]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "theme"]}),
        (_("Treaty"), {"fields": ["treaty_title", "treaty_short_title"]}),
        (_("When and where"), {"fields": ["start_date", "end_date", "timezone", "host_country"]}),
        (_("Languages"), {"fields": ["languages"]}),
        (
            _("Registration"),
            {"fields": ["registration_opens", "registration_closes", "invitation_valid_days"]},
        ),
    ]

    def get_queryset(self, request):
        return event_list_annotate(super().get_queryset(request))

    @admin.display(description=_("delegations"), ordering="delegation_count")
    def delegation_count(self, obj):
        return obj.delegation_count

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    show_change_link = True
    fields = ["name", "code", "capacity", "interpretation_booths", "turnover_minutes", "floor"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", event_column("event"), "city", "room_count", "seat_count"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name", "city", "address"]
    inlines = [RoomInline]

    def get_queryset(self, request):
        return venue_list_annotate(super().get_queryset(request))

    @admin.display(description=_("rooms"), ordering="room_count")
    def room_count(self, obj):
        return obj.room_count

    @admin.display(description=_("seats"), ordering="seat_count")
    def seat_count(self, obj):
        return obj.seat_count


class RoomUnavailabilityInline(admin.TabularInline):
    model = RoomUnavailability
    extra = 0


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "venue",
        event_column("venue__event"),
        "capacity",
        "interpretation_booths",
        "turnover_minutes",
        "floor",
        "session_count",
    ]
    list_filter = ["venue__event", "venue", "interpretation_booths", "step_free"]
    list_select_related = ["venue__event"]
    search_fields = ["name", "code", "venue__name"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [RoomUnavailabilityInline]

    def get_queryset(self, request):
        return room_list_annotate(super().get_queryset(request))

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count


@admin.register(RoomUnavailability)
class RoomUnavailabilityAdmin(admin.ModelAdmin):
    list_display = ["room", "start", "end", "reason"]
    list_filter = ["room__venue__event", "room"]
    list_select_related = ["room"]
    search_fields = ["room__name", "reason"]
    date_hierarchy = "start"
    autocomplete_fields = ["room"]


@admin.register(SigningRequest)
class SigningRequestAdmin(admin.ModelAdmin):
    list_display = [
        "delegation",
        "representative",
        "level",
        "full_powers_status",
        "preferred_date",
        "requested_at",
        "signed_at",
    ]
    list_filter = ["event", "full_powers_status", "level", "delegation__kind", "preferred_date"]
    list_select_related = ["delegation", "representative"]
    search_fields = [
        "delegation__name",
        "delegation__code",
        "representative__family_name",
        "representative__given_name",
        "representative__name_native",
    ]
    autocomplete_fields = ["delegation", "representative"]
    date_hierarchy = "requested_at"
    fieldsets = [
        (None, {"fields": ["event", "delegation", "representative", "level", "preferred_date"]}),
        (
            _("Full powers"),
            {"fields": ["full_powers_status", "full_powers_document", "full_powers_note"]},
        ),
        (_("Signature"), {"fields": ["requested_at", "signed_at"]}),
    ]
