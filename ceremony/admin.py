"""Organisers' admin for the event, its venues and rooms, and the signing."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ceremony.models import (
    Event,
    Room,
    RoomUnavailability,
    SigningOrderReport,
    SigningRequest,
    TreatyDeposit,
    Venue,
)
from ceremony.selectors.events import (
    event_list_annotate,
    room_list_annotate,
    venue_list_annotate,
)
from ceremony.selectors.signing import run_sheet, run_sheet_rows, treaty_tracker
from ceremony.services import signing
from config.core.admin import (
    PrivateFileAdminMixin,
    action_form_page,
    annotation_column,
    event_column,
)
from config.core.downloads import table_response
from config.core.forms import ReasonForm
from delegations.models import DelegationQuota


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
            "day_opens",
            "day_closes",
            "interpreter_teams",
            "signing_host_first",
            "signing_minutes",
            "signing_break_every",
            "signing_break_minutes",
            "treaty_adopted_on",
            "signature_closes_on",
            "entry_into_force_instruments",
            "entry_into_force_days",
            "entry_into_force_later_days",
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
        annotation_column("delegation_count", _("delegations")),
        annotation_column("session_count", _("sessions")),
    ]
    search_fields = ["name", "slug", "acronym", "treaty_title"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [VenueInline, QuotaInline]
    actions = ["signing_order", "signing_publish"]
    readonly_fields = ["signing_page"]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "theme"]}),
        (
            _("Treaty"),
            {
                "fields": [
                    "treaty_title",
                    "treaty_short_title",
                    "treaty_adopted_on",
                    "signature_closes_on",
                ]
            },
        ),
        (_("When and where"), {"fields": ["start_date", "end_date", "timezone", "host_country"]}),
        (
            _("Programme"),
            {
                "fields": [
                    "day_opens",
                    "day_closes",
                    "interpreter_teams",
                    "release_messages_reviewed",
                ]
            },
        ),
        (_("Languages"), {"fields": ["languages"]}),
        (
            _("Signing"),
            {
                "fields": [
                    "signing_page",
                    "signing_host_first",
                    "signing_minutes",
                    "signing_break_every",
                    "signing_break_minutes",
                    "entry_into_force_instruments",
                    "entry_into_force_days",
                    "entry_into_force_later_days",
                ]
            },
        ),
        (
            _("Registration"),
            {"fields": ["registration_opens", "registration_closes", "invitation_valid_days"]},
        ),
    ]

    def get_queryset(self, request):
        return event_list_annotate(super().get_queryset(request))

    def get_urls(self):
        return [
            path(
                "<int:object_id>/signing/",
                self.admin_site.admin_view(self.signing_view),
                name="ceremony_event_signing",
            ),
            path(
                "<int:object_id>/signing/run-sheet.<str:format_name>",
                self.admin_site.admin_view(self.run_sheet_download),
                name="ceremony_event_run_sheet",
            ),
            *super().get_urls(),
        ]

    def run_sheet_download(self, request, object_id, format_name):
        event = self.get_object(request, str(object_id))
        if (
            event is None
            or not self.has_view_permission(request, event)
            or format_name not in ("csv", "xlsx")
        ):
            raise Http404
        header, rows = run_sheet_rows(event)
        return table_response(
            format_name,
            title=_("Run-sheet"),
            filename=f"{event.slug}-run-sheet",
            header=header,
            rows=rows,
        )

    @admin.display(description=_("run-sheet and tracker"))
    def signing_page(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:ceremony_event_signing", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Signing run-sheet and treaty tracker"))

    def signing_view(self, request, object_id):
        """The ceremony's run-sheet for protocol staff, the public list, the treaty tracker."""
        event = self.get_object(request, str(object_id))
        if event is None or not self.has_view_permission(request, event):
            raise Http404
        with timezone.override(event.timezone):
            return TemplateResponse(
                request,
                "admin/ceremony/event/signing.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "original": event,
                    "title": _("Signing: %(event)s") % {"event": event.acronym},
                    "event": event,
                    "run_sheet": run_sheet(event),
                    "tracker": treaty_tracker(event),
                    "order_report": event.signing_order_reports.first(),
                },
            )

    @admin.action(description=_("Build the signing order and slots"), permissions=["change"])
    def signing_order(self, request, queryset):
        for event in queryset:
            report = signing.signing_order_request(event=event)
            if report is None:
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("%(event)s: the signing order is being built.")
                        % {"event": event.acronym},
                        reverse("admin:ceremony_event_signing", args=[event.pk]),
                        _("Its report will be on the signing page."),
                    ),
                )
                continue
            self._signing_order_report(request, event, report)

    def _signing_order_report(self, request, event, report):
        self.message_user(
            request,
            _("%(event)s: %(n)d signatories have a slot.")
            % {"event": event.acronym, "n": len(report["assigned"])},
            messages.SUCCESS,
        )
        for item in report["moved"]:
            self.message_user(
                request,
                _("Published slot moved: %(delegation)s, %(old)s → %(new)s")
                % {"delegation": item["delegation"], "old": item["from"], "new": item["to"]},
                messages.WARNING,
            )
        for item in report["unassigned"]:
            self.message_user(
                request,
                _("No slot: %(delegation)s (%(reason)s)") % item,
                messages.WARNING,
            )

    @admin.action(description=_("Publish the signing slots"), permissions=["change"])
    def signing_publish(self, request, queryset):
        for event in queryset:
            count = signing.signing_slots_publish(event=event)
            self.message_user(
                request,
                _("%(event)s: %(n)d slots published.") % {"event": event.acronym, "n": count},
                messages.SUCCESS,
            )


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    show_change_link = True
    fields = ["name", "code", "capacity", "interpretation_booths", "turnover_minutes", "floor"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        event_column("event"),
        "city",
        annotation_column("room_count", _("rooms")),
        annotation_column("seat_count", _("seats")),
    ]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name", "city", "address"]
    inlines = [RoomInline]

    def get_queryset(self, request):
        return venue_list_annotate(super().get_queryset(request))


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
        annotation_column("session_count", _("sessions")),
    ]
    list_filter = ["venue__event", "venue", "interpretation_booths", "step_free"]
    list_select_related = ["venue__event"]
    search_fields = ["name", "code", "venue__name"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [RoomUnavailabilityInline]

    def get_queryset(self, request):
        return room_list_annotate(super().get_queryset(request))


@admin.register(RoomUnavailability)
class RoomUnavailabilityAdmin(admin.ModelAdmin):
    list_display = ["room", "start", "end", "reason"]
    list_filter = ["room__venue__event", "room"]
    list_select_related = ["room"]
    search_fields = ["room__name", "reason"]
    date_hierarchy = "start"
    autocomplete_fields = ["room"]


@admin.register(SigningRequest)
class SigningRequestAdmin(PrivateFileAdminMixin, SimpleHistoryAdmin):
    """Treaty officers verify full powers and record signatures here, with the history kept."""

    private_file_fields = ("full_powers_document",)
    list_display = [
        "delegation",
        "representative",
        "level",
        "full_powers_status",
        "signing_order",
        "local_slot",
        "published",
        "signed_at",
    ]
    list_filter = ["event", "full_powers_status", "level", "delegation__kind", "preferred_date"]
    list_select_related = ["event", "delegation", "representative"]
    search_fields = [
        "delegation__name",
        "delegation__code",
        "representative__family_name",
        "representative__given_name",
        "representative__name_native",
    ]
    date_hierarchy = "requested_at"
    actions = ["verify", "reject", "sign"]
    readonly_fields = [
        "event",
        "delegation",
        "representative",
        "level",
        "preferred_date",
        "requested_at",
        "full_powers_status",
        "full_powers_copy",
        "full_powers_note",
        "signing_order",
        "slot_session",
        "slot_start",
        "slot_end",
        "slot_published_at",
        "signed_at",
        "withdrawn_at",
    ]
    fieldsets = [
        (None, {"fields": ["event", "delegation", "representative", "level", "preferred_date"]}),
        (
            _("Full powers"),
            {
                "fields": ["full_powers_status", "full_powers_copy", "full_powers_note"],
                "description": _("Verify or reject with the actions of the list."),
            },
        ),
        (
            _("Slot and signature"),
            {
                "fields": [
                    "signing_order",
                    "slot_session",
                    "slot_start",
                    "slot_end",
                    "slot_published_at",
                    "requested_at",
                    "signed_at",
                    "withdrawn_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        """Requests come from the delegations (portal, API), with their copy of full powers;
        treaty officers act on them with the actions of the list, so every field reads here."""
        return False

    @admin.display(description=_("instrument of full powers"))
    def full_powers_copy(self, obj):
        return self.private_file_link(obj, "full_powers_document", _("Open the copy"))

    @admin.display(description=_("slot (event time)"), ordering="slot_start")
    def local_slot(self, obj):
        local = obj.event.local(obj.slot_start)
        return f"{local:%d %b %H:%M}" if local else "—"

    @admin.display(description=_("published"), boolean=True)
    def published(self, obj):
        return obj.slot_published_at is not None

    def _each(self, request, queryset, service, done_message, **kwargs):
        done = 0
        for signing_request in queryset:
            try:
                service(request=signing_request, **kwargs)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(
                        request, f"{signing_request.delegation}: {message}", messages.ERROR
                    )
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Verify full powers"), permissions=["change"])
    def verify(self, request, queryset):
        self._each(request, queryset, signing.full_powers_verify, _("%(n)d verified."))

    @admin.action(description=_("Reject full powers…"), permissions=["change"])
    def reject(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._each(
                request,
                queryset,
                signing.full_powers_reject,
                _("%(n)d rejected."),
                reason=form.cleaned_data["reason"],
            )
            return None
        return action_form_page(
            self,
            request,
            queryset,
            form=form,
            title=_("Reject full powers"),
            action="reject",
            submit=_("Reject"),
        )

    @admin.action(
        description=_("Record the signature (at the slot's time)"), permissions=["change"]
    )
    def sign(self, request, queryset):
        self._each(request, queryset, signing.signature_record, _("%(n)d signatures recorded."))


@admin.register(TreatyDeposit)
class TreatyDepositAdmin(SimpleHistoryAdmin):
    list_display = ["delegation", "kind", "deposited_on", event_column("event")]
    list_filter = ["event", "kind", "delegation__kind"]
    list_select_related = ["event", "delegation"]
    search_fields = ["delegation__name", "delegation__code"]
    autocomplete_fields = ["delegation"]
    date_hierarchy = "deposited_on"


@admin.register(SigningOrderReport)
class SigningOrderReportAdmin(admin.ModelAdmin):
    """What each build of the signing order did, read only: the job writes it; the event's
    signing page shows the latest."""

    list_display = ["built_at", event_column("event"), "assigned"]
    list_filter = ["event"]
    list_select_related = ["event"]
    date_hierarchy = "built_at"
    readonly_fields = ["event", "built_at", "assigned", "moved", "unassigned"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
