"""Organisers' admin for the programme: sessions, roles, registrations, check-ins."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CheckIn, Session, SessionRegistration, SessionRole
from .selectors import session_list_annotate


class SessionRoleInline(admin.TabularInline):
    model = SessionRole
    extra = 0
    autocomplete_fields = ["delegate"]
    fields = ["delegate", "role", "order"]


def event_local_display(moment, event):
    local = event.local(moment)
    return f"{local:%a %d %b %Y %H:%M}" if local else "—"


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "room",
        "local_start",
        "duration_minutes",
        "places",
        "confirmed_count",
        "interpretation",
        "status",
        "pinned",
    ]
    list_filter = ["event", "kind", "status", "interpretation", "access", "pinned", "room"]
    list_select_related = ["event", "room"]
    search_fields = ["title", "slug", "organiser__name", "organiser__code"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["room", "organiser"]
    inlines = [SessionRoleInline]
    readonly_fields = ["end"]
    fieldsets = [
        (None, {"fields": ["event", "kind", "title", "slug", "description", "organiser"]}),
        (
            _("Place and time"),
            {"fields": ["room", "start", "duration_minutes", "end", "pinned", "status"]},
        ),
        (_("Participation"), {"fields": ["capacity", "access", "interpretation"]}),
    ]

    def get_queryset(self, request):
        return session_list_annotate(super().get_queryset(request))

    @admin.display(description=_("start (event time)"), ordering="start")
    def local_start(self, obj):
        return event_local_display(obj.start, obj.event)

    @admin.display(description=_("places"))
    def places(self, obj):
        return obj.effective_capacity

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed_count(self, obj):
        return obj.confirmed_count


@admin.register(SessionRole)
class SessionRoleAdmin(admin.ModelAdmin):
    list_display = ["delegate", "role", "session", "order"]
    list_filter = ["session__event", "role", "session__kind"]
    list_select_related = ["delegate", "session"]
    search_fields = ["delegate__family_name", "delegate__given_name", "session__title"]
    autocomplete_fields = ["session", "delegate"]


@admin.register(SessionRegistration)
class SessionRegistrationAdmin(admin.ModelAdmin):
    list_display = ["delegate", "delegation", "session", "status", "created_at"]
    list_filter = ["session__event", "status", "session__kind"]
    list_select_related = ["delegate__delegation", "session"]
    search_fields = [
        "delegate__family_name",
        "delegate__given_name",
        "delegate__delegation__name",
        "session__title",
    ]
    autocomplete_fields = ["session", "delegate"]
    date_hierarchy = "created_at"

    @admin.display(description=_("delegation"), ordering="delegate__delegation__name")
    def delegation(self, obj):
        return obj.delegate.delegation


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["delegate", "delegation", "place", "local_scanned_at", "gate"]
    list_filter = ["event", "gate", "session__kind"]
    list_select_related = ["event", "delegate__delegation", "session"]
    search_fields = ["delegate__family_name", "delegate__given_name", "nonce", "gate"]
    autocomplete_fields = ["delegate", "session"]
    date_hierarchy = "scanned_at"
    readonly_fields = ["scanned_by"]

    @admin.display(description=_("delegation"), ordering="delegate__delegation__name")
    def delegation(self, obj):
        return obj.delegate.delegation

    @admin.display(description=_("where"))
    def place(self, obj):
        return obj.session or _("Venue entry")

    @admin.display(description=_("scanned at (event time)"), ordering="scanned_at")
    def local_scanned_at(self, obj):
        return event_local_display(obj.scanned_at, obj.event)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.scanned_by = request.user
        super().save_model(request, obj, form, change)
