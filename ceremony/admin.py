"""Organisers' admin for the event, its venues and rooms, the signing, and the webhooks."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from ceremony.forms import SeatingDrawForm, SeatingPlanForm
from ceremony.models import (
    Event,
    InterpreterPool,
    Room,
    RoomUnavailability,
    SeatAssignment,
    SeatingDraw,
    SeatingPlan,
    SigningOrderReport,
    SigningRequest,
    TreatyDeposit,
    Venue,
    WebhookDelivery,
    WebhookEndpoint,
)
from ceremony.selectors.events import (
    event_list_annotate,
    room_list_annotate,
    venue_list_annotate,
)
from ceremony.selectors.seating import event_plans, latest_draw, plan_grid, seating_draws
from ceremony.selectors.signing import run_sheet, run_sheet_rows, treaty_tracker
from ceremony.selectors.webhooks import webhook_endpoint_list_annotate
from ceremony.services import seating, signing, webhooks
from config.core.admin import (
    PrivateFileAdminMixin,
    action_form_page,
    annotation_column,
    event_column,
    job_fragment,
    keyed_job_progress,
    short_column,
)
from config.core.content import localized_fields
from config.core.downloads import private_download, table_response
from config.core.filters import DateRangeFilter
from config.core.forms import ReasonForm, form_errors_add
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
        # The admin's fieldsets choose the fields: modeltranslation puts a field per language
        # in place of each translated one, and would take a list here for the admin's own.
        exclude = ()  # noqa: DJ006 (the reason above)


class QuotaInline(admin.TabularInline):
    model = DelegationQuota
    extra = 0


@admin.display(description=_("booth teams"))
def booth_teams(pool):
    """Sessions that can be interpreted into the language at once; relay said as such."""
    if pool.pk is None:
        return "–"
    if pool.by_relay:
        return _("%(teams)d, by relay") % {"teams": pool.teams}
    return pool.teams


class InterpreterPoolInline(admin.TabularInline):
    """The interpreters in each language: the timetable holds no more sessions interpreted into
    a language at once than it has booth teams."""

    model = InterpreterPool
    extra = 0
    fields = ["language", "interpreters", "team_size", booth_teams]
    readonly_fields = [booth_teams]


class VenueInline(TranslationTabularInline):
    model = Venue
    extra = 0
    show_change_link = True


@admin.register(Event)
class EventAdmin(TabbedTranslationAdmin):
    form = EventAdminForm
    list_display = [
        short_column("name", _("name")),
        "start_date",
        "end_date",
        "timezone",
        annotation_column("delegation_count", _("delegations")),
        annotation_column("session_count", _("sessions")),
    ]
    search_fields = [
        *localized_fields("name"),
        "slug",
        "acronym",
        *localized_fields("treaty_title"),
    ]
    list_filter = [("start_date", DateRangeFilter)]
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [VenueInline, QuotaInline, InterpreterPoolInline]
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
                "<int:object_id>/signing/progress/",
                self.admin_site.admin_view(require_GET(self.signing_order_progress_view)),
                name="ceremony_event_signing_progress",
            ),
            path(
                "<int:object_id>/seating/",
                self.admin_site.admin_view(self.seating_view),
                name="ceremony_event_seating",
            ),
            path(
                "<int:object_id>/seating/<int:plan_id>/<slug:kind>.pdf",
                self.admin_site.admin_view(require_GET(self.seating_print)),
                name="ceremony_event_seating_print",
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

    def seating_view(self, request, object_id):
        """The draw by lot, its history, each hall's plan as a grid, and the forms that draw,
        publish and seat a hall (each POST asks the change permission)."""
        event = self.get_object(request, str(object_id))
        if event is None or not self.has_view_permission(request, event):
            raise Http404
        may_change = self.has_change_permission(request, event)
        rooms = Room.objects.filter(venue__event=event).order_by("name")
        draw_form = SeatingDrawForm(prefix="draw")
        plan_form = SeatingPlanForm(prefix="plan", rooms=rooms)
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            action = request.POST.get("action")
            if action == "draw":
                draw_form = SeatingDrawForm(request.POST, prefix="draw")
                if draw_form.is_valid():
                    try:
                        draw = seating.seating_draw(
                            event=event, by=request.user, seed=draw_form.cleaned_data["seed"]
                        )
                    except ValidationError as error:
                        form_errors_add(draw_form, error)
                    else:
                        self.message_user(
                            request,
                            _("Drawn by lot: %(name)s (seed %(seed)d).")
                            % {"name": draw.drawn_name, "seed": draw.seed},
                            messages.SUCCESS,
                        )
                        return HttpResponseRedirect(request.path)
            elif action == "plan":
                plan_form = SeatingPlanForm(request.POST, prefix="plan", rooms=rooms)
                if plan_form.is_valid():
                    try:
                        plan = seating.seating_plan_build(**plan_form.cleaned_data)
                    except ValidationError as error:
                        form_errors_add(plan_form, error)
                    else:
                        self.message_user(
                            request,
                            _("%(room)s is seated.") % {"room": plan.room.name},
                            messages.SUCCESS,
                        )
                        return HttpResponseRedirect(request.path)
            elif action == "publish" and (draw := latest_draw(event)) is not None:
                seating.seating_draw_publish(draw=draw)
                self.message_user(request, _("The seating order is published."), messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        plans = list(event_plans(event))
        return TemplateResponse(
            request,
            "admin/ceremony/event/seating.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": event,
                "title": _("Seating by lot: %(event)s") % {"event": event.acronym},
                "event": event,
                "may_change": may_change,
                "draw": latest_draw(event),
                "draws": seating_draws(event),
                "draw_form": draw_form,
                "plan_form": plan_form,
                "plans": [(plan, plan_grid(plan)) for plan in plans],
            },
        )

    def seating_print(self, request, object_id, plan_id, kind):
        """A hall's floor plan or its name plates, as a PDF."""
        event = self.get_object(request, str(object_id))
        renderers = {"floor-plan": seating.floor_plan_pdf, "name-plates": seating.name_plates_pdf}
        if event is None or not self.has_view_permission(request, event) or kind not in renderers:
            raise Http404
        plan = next((plan for plan in event_plans(event) if plan.pk == plan_id), None)
        if plan is None:
            raise Http404
        return private_download(
            renderers[kind](plan),
            content_type="application/pdf",
            filename=f"{event.slug}-{plan.room.code}-{kind}.pdf",
        )

    @admin.display(description=_("run-sheet and tracker"))
    def signing_page(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:ceremony_event_signing", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Signing run-sheet and treaty tracker"))

    def _signing_order_progress(self, event):
        """The signing order's bar while a worker builds it (and for a while after)."""
        page_url = reverse("admin:ceremony_event_signing", args=[event.pk])
        return keyed_job_progress(
            signing.signing_order_key(event),
            status_url=reverse("admin:ceremony_event_signing_progress", args=[event.pk]),
            page_url=page_url,
            result=format_html('<a href="{}">{}</a>', page_url, _("See the new order")),
        )

    def signing_order_progress_view(self, request, object_id):
        event = self.get_object(request, str(object_id))
        if event is None or not self.has_view_permission(request, event):
            raise Http404
        job = self._signing_order_progress(event)
        return job_fragment(request, job) if job else HttpResponse("")

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
                    "job": self._signing_order_progress(event),
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


class RoomInline(TranslationTabularInline):
    model = Room
    extra = 0
    show_change_link = True
    fields = ["name", "code", "capacity", "interpretation_booths", "turnover_minutes", "floor"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Venue)
class VenueAdmin(TabbedTranslationAdmin):
    list_display = [
        short_column("name", _("name")),
        event_column("event"),
        short_column("city", _("city")),
        annotation_column("room_count", _("rooms")),
        annotation_column("seat_count", _("seats")),
    ]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = [*localized_fields("name"), *localized_fields("city"), "address"]
    inlines = [RoomInline]

    def get_queryset(self, request):
        return venue_list_annotate(super().get_queryset(request))


class RoomUnavailabilityInline(admin.TabularInline):
    model = RoomUnavailability
    extra = 0


@admin.register(InterpreterPool)
class InterpreterPoolAdmin(admin.ModelAdmin):
    """Every event's interpreters in one list; each event's are edited on its own page too."""

    list_display = ["language", event_column("event"), "interpreters", "team_size", booth_teams]
    list_filter = ["event", "language"]
    list_select_related = ["event"]
    fields = ["event", "language", "interpreters", "team_size"]


@admin.register(Room)
class RoomAdmin(TabbedTranslationAdmin):
    list_display = [
        short_column("name", _("name")),
        short_column("venue", _("venue")),
        event_column("venue__event"),
        "capacity",
        "interpretation_booths",
        annotation_column("session_count", _("sessions")),
    ]
    list_filter = ["venue__event", "venue", "interpretation_booths", "step_free"]
    list_select_related = ["venue__event"]
    search_fields = [*localized_fields("name"), "code", "venue__name"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [RoomUnavailabilityInline]

    def get_queryset(self, request):
        return room_list_annotate(super().get_queryset(request))


@admin.register(RoomUnavailability)
class RoomUnavailabilityAdmin(admin.ModelAdmin):
    list_display = [
        short_column("room", _("room")),
        "start",
        "end",
        short_column("reason", _("reason")),
    ]
    list_filter = ["room__venue__event", "room", ("start", DateRangeFilter)]
    list_select_related = ["room"]
    search_fields = ["room__name", "reason"]
    autocomplete_fields = ["room"]


@admin.register(SigningRequest)
class SigningRequestAdmin(PrivateFileAdminMixin, SimpleHistoryAdmin):
    """Treaty officers verify full powers and record signatures here, with the history kept."""

    private_file_fields = ("full_powers_document",)
    list_display = [
        short_column("delegation", _("delegation"), length=24),
        short_column("representative", _("representative"), length=20),
        "full_powers_status",
        "signing_order",
        "local_slot",
        "signed_at",
    ]
    list_filter = [
        "event",
        "full_powers_status",
        "level",
        ("slot_published_at", DateRangeFilter),
        "delegation__kind",
        ("preferred_date", DateRangeFilter),
        ("requested_at", DateRangeFilter),
    ]
    list_select_related = ["event", "delegation", "representative"]
    search_fields = [
        "delegation__name",
        "delegation__code",
        "representative__family_name",
        "representative__given_name",
        "representative__name_native",
    ]
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
    list_display = [
        short_column("delegation", _("delegation")),
        "kind",
        "deposited_on",
        event_column("event"),
    ]
    list_filter = ["event", "kind", "delegation__kind", ("deposited_on", DateRangeFilter)]
    list_select_related = ["event", "delegation"]
    search_fields = ["delegation__name", "delegation__code"]
    autocomplete_fields = ["delegation"]


@admin.register(SigningOrderReport)
class SigningOrderReportAdmin(admin.ModelAdmin):
    """What each build of the signing order did, read only: the job writes it; the event's
    signing page shows the latest."""

    list_display = ["built_at", event_column("event"), "assigned"]
    list_filter = ["event", ("built_at", DateRangeFilter)]
    list_select_related = ["event"]
    readonly_fields = ["event", "built_at", "assigned", "moved", "unassigned"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the seating page's services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SeatingDraw)
class SeatingDrawAdmin(ReadOnlyAdmin):
    """Every draw by lot, kept: its seed makes it again; the event's seating page draws."""

    list_display = [
        "drawn_at",
        event_column("event"),
        "drawn_name",
        "seed",
        "drawn_by",
        "published_at",
    ]
    list_filter = ["event", ("drawn_at", DateRangeFilter)]
    list_select_related = ["event", "drawn_by"]
    search_fields = ["drawn_name"]


@admin.register(SeatingPlan)
class SeatingPlanAdmin(ReadOnlyAdmin):
    list_display = [
        short_column("room", _("room"), ordering="room__name"),
        "rows",
        "seats_per_row",
        "heads_row_seats",
        "seats_behind",
        "built_at",
    ]
    list_select_related = ["room"]
    search_fields = ["room__name"]


@admin.register(SeatAssignment)
class SeatAssignmentAdmin(ReadOnlyAdmin):
    list_display = [
        short_column("plan__room", _("plan"), ordering="plan__room__name"),
        "position",
        short_column("delegation", _("delegation"), ordering="delegation__name"),
        "section",
        "seat_labels",
    ]
    list_filter = ["section"]
    list_select_related = ["plan__room", "delegation"]
    search_fields = ["delegation__name", "delegation__code"]


#: Where the admin keeps, in the signed-in organiser's server-side session, the secrets just
#: made, until the page that shows them once takes them out.
SECRETS_SHOWN_ONCE = "webhook_secrets_to_show"


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """The other tools told of the event's releases, signatures and confirmed places.

    A new endpoint's secret, and a rotated one, is shown once on the page that follows, then
    never again (it is stored to sign, not to be read).
    """

    list_display = [
        short_column("url", _("URL")),
        short_column("description", _("description")),
        event_column("event"),
        "active",
        "subscriptions",
        "deliveries",
    ]
    list_filter = ["event", "active"]
    search_fields = ["url", "description"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["ping", "secret_rotate"]
    readonly_fields = ["secret_shown", "secret_set_at", "deliveries", "created_at", "created_by"]
    fieldsets = [
        (None, {"fields": ["event", "url", "description", "active"]}),
        (
            _("Tell it when"),
            {
                "fields": [
                    "on_schedule_released",
                    "on_signature_recorded",
                    "on_registration_confirmed",
                ]
            },
        ),
        (
            _("Secret and log"),
            {
                "fields": [
                    "secret_shown",
                    "secret_set_at",
                    "deliveries",
                    "created_at",
                    "created_by",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return webhook_endpoint_list_annotate(super().get_queryset(request))

    def get_urls(self):
        return [
            path(
                "secrets/",
                self.admin_site.admin_view(self.secrets_view),
                name="ceremony_webhookendpoint_secrets",
            ),
            *super().get_urls(),
        ]

    def _secret_keep(self, request, endpoint):
        kept = request.session.get(SECRETS_SHOWN_ONCE, {})
        kept[str(endpoint.pk)] = endpoint.secret
        request.session[SECRETS_SHOWN_ONCE] = kept

    def _secrets_page(self):
        return HttpResponseRedirect(reverse("admin:ceremony_webhookendpoint_secrets"))

    def secrets_view(self, request):
        """The secrets just made, shown this once: they leave the session as they are shown
        (and the admin's pages are never cached)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        kept = request.session.pop(SECRETS_SHOWN_ONCE, {})
        endpoints = WebhookEndpoint.objects.in_bulk([int(pk) for pk in kept])
        shown = [
            (endpoints[int(pk)], secret) for pk, secret in kept.items() if int(pk) in endpoints
        ]
        return TemplateResponse(
            request,
            "admin/ceremony/webhookendpoint/secrets.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Webhook secrets"),
                "shown": shown,
            },
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        webhooks.webhook_endpoint_create(endpoint=obj, by=request.user)
        self._secret_keep(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._secrets_page()

    @admin.display(description=_("secret"))
    def secret_shown(self, obj):
        if not obj.pk:
            return _("Made when the endpoint is saved, and shown once.")
        return _("%(prefix)s•••••••• (shown once when made; rotate it for a new one)") % {
            "prefix": obj.secret[:6]
        }

    @admin.display(description=_("tells of"))
    def subscriptions(self, obj):
        return ", ".join(str(kind.label) for kind in obj.kinds)

    @admin.display(description=_("deliveries"), ordering="delivery_count")
    def deliveries(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:ceremony_webhookdelivery_changelist")
        url += f"?endpoint__id__exact={obj.pk}"
        count = getattr(obj, "delivery_count", None)
        failed = getattr(obj, "failed_count", 0)
        label = _("%(n)s deliveries, %(failed)s failed") % {"n": count, "failed": failed}
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.action(description=_("Send a test ping"), permissions=["change"])
    def ping(self, request, queryset):
        sent = 0
        for endpoint in queryset:
            try:
                webhooks.webhook_endpoint_ping(endpoint=endpoint)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, f"{endpoint}: {message}", messages.ERROR)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                _("%(n)d test pings queued: their deliveries show how each went.") % {"n": sent},
                messages.SUCCESS,
            )

    @admin.action(description=_("Rotate the secret…"), permissions=["change"])
    def secret_rotate(self, request, queryset):
        form = forms.Form(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return action_form_page(
                self,
                request,
                queryset,
                form=form,
                title=_(
                    "Rotate the secret: the old one stops signing at once, so the receiving "
                    "tool needs the new one"
                ),
                action="secret_rotate",
                submit=_("Rotate"),
            )
        for endpoint in queryset:
            self._secret_keep(request, webhooks.webhook_secret_rotate(endpoint=endpoint))
        return self._secrets_page()


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log, read only: the workers write it; *Send again* sends a delivery anew."""

    list_display = [
        "created_at",
        "kind",
        short_column("endpoint__url", _("endpoint"), length=24),
        "status",
        "attempts",
        "response_code",
        "next_attempt_at",
    ]
    list_filter = [
        "status",
        "kind",
        "response_code",
        "attempts",
        ("next_attempt_at", DateRangeFilter),
        ("delivered_at", DateRangeFilter),
        "endpoint__event",
        ("created_at", DateRangeFilter),
    ]
    list_select_related = ["endpoint__event"]
    search_fields = ["=uuid", "endpoint__url", "endpoint__description"]
    actions = ["send_again"]
    readonly_fields = [
        "endpoint",
        "kind",
        "uuid",
        "status",
        "attempts",
        "response_code",
        "response_excerpt",
        "next_attempt_at",
        "last_attempt_at",
        "delivered_at",
        "created_at",
        "payload_shown",
    ]
    exclude = ["payload"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        """The list's action needs the right to change; a delivery's own page only reads."""
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("payload"))
    def payload_shown(self, obj):
        return format_html(
            "<pre>{}</pre>", json.dumps(obj.payload, ensure_ascii=False, indent=2, sort_keys=True)
        )

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        sent = 0
        for delivery in queryset.select_related("endpoint"):
            try:
                webhooks.webhook_delivery_retry(delivery=delivery)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, f"{delivery.endpoint}: {message}", messages.ERROR)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                _("%(n)d deliveries queued to be sent again.") % {"n": sent},
                messages.SUCCESS,
            )
