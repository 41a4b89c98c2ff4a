"""Organisers' admin for delegations, delegates, focal points, accreditation and badges.

Accreditation changes only through the actions here, which call the same services as the portal
and the API; the status fields themselves are read-only. History (who changed what, when) is kept
by django-simple-history and shown on each record's History page.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from config.core.admin import (
    ListDownloadActionsMixin,
    PrivateFileAdminMixin,
    action_form_page,
    annotation_column,
    event_column,
    report_refusal,
    short_column,
)
from config.core.downloads import private_download
from config.core.filters import DateRangeFilter
from config.core.forms import ReasonForm
from delegations.enums import AccessCategory, BadgeReplacementCause
from delegations.forms import InvitationForm, ZoneForm
from delegations.models import (
    Badge,
    Delegate,
    Delegation,
    DelegationQuota,
    FocalPoint,
    FocalPointInvitation,
    Zone,
)
from delegations.selectors.delegations import delegation_list_annotate
from delegations.selectors.lists import delegate_rows, delegation_rows
from delegations.services.accreditation import delegates_accredit, delegates_reject
from delegations.services.badges import badge_reissue, badge_sheet_pdf
from delegations.services.focal_points import focal_point_invite
from delegations.views.desk import desk_paths


class DelegateInlineFormSet(BaseInlineFormSet):
    def clean(self):
        """Two rows ticked as head in one save would pass row by row, then fail in the database."""
        super().clean()
        heads = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_head") and not form.cleaned_data.get("DELETE")
        ]
        if len(heads) > 1:
            raise ValidationError(_("A delegation has one head of delegation."))


class DelegateInline(admin.TabularInline):
    model = Delegate
    formset = DelegateInlineFormSet
    extra = 0
    show_change_link = True
    fields = [
        "honorific",
        "given_name",
        "family_name",
        "name_native",
        "function",
        "level",
        "is_head",
        "email",
        "accreditation_status",
    ]
    readonly_fields = ["accreditation_status"]


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


class InvitationInline(admin.TabularInline):
    model = FocalPointInvitation
    fk_name = "delegation"
    extra = 0
    fields = ["email", "created_at", "expires_at", "accepted_at", "invited_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delegation)
class DelegationAdmin(ListDownloadActionsMixin, SimpleHistoryAdmin):
    list_display = [
        short_column("name", _("name")),
        "code",
        "kind",
        "country",
        event_column("event"),
        annotation_column("delegate_count", _("delegates")),
        annotation_column("accredited_count", _("accredited")),
    ]
    list_filter = ["event", "kind"]
    list_select_related = ["event"]
    search_fields = ["name", "code"]
    inlines = [FocalPointInline, InvitationInline, DelegateInline]
    actions = ["focal_point_invite", "badge_sheet_download", "list_csv", "list_xlsx"]
    list_download_rows = staticmethod(delegation_rows)
    list_download_title = _("Delegations")
    list_download_filename = "delegations"

    def get_queryset(self, request):
        return delegation_list_annotate(super().get_queryset(request))

    @admin.action(description=_("Invite a focal point by e-mail"), permissions=["change"])
    def focal_point_invite(self, request, queryset):
        form = InvitationForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                for delegation in queryset.select_related("event"):
                    focal_point_invite(
                        delegation=delegation,
                        email=form.cleaned_data["email"],
                        invited_by=request.user,
                        site_url=request.build_absolute_uri("/"),
                    )
            except ValidationError as error:
                report_refusal(self, request, error)
            else:
                self.message_user(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                    messages.SUCCESS,
                )
            return None
        return action_form_page(
            self,
            request,
            queryset,
            form=form,
            title=_("Invite a focal point"),
            action="focal_point_invite",
            submit=_("Send the invitation"),
        )

    @admin.action(description=_("Badge sheet (PDF) of one delegation"), permissions=["view"])
    def badge_sheet_download(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one delegation."), messages.WARNING)
            return None
        delegation = queryset.get()
        return private_download(
            badge_sheet_pdf(delegation),
            content_type="application/pdf",
            filename=f"badges-{delegation.code}.pdf",
        )


class BadgeInline(admin.TabularInline):
    model = Badge
    extra = 0
    fields = ["number", "issued_at", "revoked_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delegate)
class DelegateAdmin(ListDownloadActionsMixin, PrivateFileAdminMixin, SimpleHistoryAdmin):
    list_display = [
        short_column("full_name", _("name"), length=24, ordering="family_name"),
        short_column("delegation", _("delegation"), length=24),
        short_column("function", _("function"), length=20),
        "level",
        "is_head",
        "accreditation_status",
    ]
    list_filter = [
        "delegation__event",
        "accreditation_status",
        "delegation__kind",
        "level",
        "is_head",
        ("created_at", DateRangeFilter),
    ]
    list_select_related = ["delegation"]
    search_fields = [
        "family_name",
        "given_name",
        "name_native",
        "email",
        "delegation__name",
        "delegation__code",
    ]
    autocomplete_fields = ["delegation"]
    private_file_fields = ("photo",)
    readonly_fields = [
        "badge_photo",
        "accreditation_status",
        "accreditation_note",
        "accredited_at",
        "created_at",
        "updated_at",
    ]
    inlines = [BadgeInline]
    actions = ["accredit", "reject", "list_csv", "list_xlsx"]
    list_download_rows = staticmethod(delegate_rows)
    list_download_title = _("Delegates")
    list_download_filename = "delegates"
    fieldsets = [
        (
            _("Name"),
            {"fields": ["delegation", "honorific", "given_name", "family_name", "name_native"]},
        ),
        (_("Function"), {"fields": ["function", "level", "is_head"]}),
        (_("Contact"), {"fields": ["email", "phone", "language", "badge_photo"]}),
        (
            _("Travel and needs"),
            {"fields": ["arrival", "departure", "dietary_needs", "accessibility_needs"]},
        ),
        (
            _("Accreditation"),
            {
                "fields": ["accreditation_status", "accreditation_note", "accredited_at"],
                "description": _("Change it with the Accredit and Reject actions of the list."),
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("photo for the badge"))
    def badge_photo(self, obj):
        """Photos are private files: shown to staff through the admin, never a public URL."""
        return self.private_file_link(obj, "photo", _("Open the photo"))

    @admin.action(description=_("Accredit selected delegates"), permissions=["change"])
    def accredit(self, request, queryset):
        try:
            done = delegates_accredit(delegates=list(queryset))
        except ValidationError as error:
            report_refusal(self, request, error)
            return
        self.message_user(
            request,
            ngettext("%(n)d delegate accredited.", "%(n)d delegates accredited.", len(done))
            % {"n": len(done)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject selected delegates…"), permissions=["change"])
    def reject(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                done = delegates_reject(
                    delegates=list(queryset), reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                report_refusal(self, request, error)
                return None
            self.message_user(
                request,
                ngettext("%(n)d delegate rejected.", "%(n)d delegates rejected.", len(done))
                % {"n": len(done)},
                messages.SUCCESS,
            )
            return None
        return action_form_page(
            self,
            request,
            queryset,
            form=form,
            title=_("Reject accreditation"),
            action="reject",
            submit=_("Reject"),
        )


@admin.register(DelegationQuota)
class DelegationQuotaAdmin(admin.ModelAdmin):
    list_display = ["kind", event_column("event"), "max_delegates"]
    list_filter = ["event", "kind"]
    list_select_related = ["event"]
    search_fields = ["kind"]


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["user", short_column("delegation", _("delegation")), "created_at"]
    list_filter = ["delegation__event", "delegation__kind"]
    list_select_related = ["user", "delegation"]
    search_fields = ["user__username", "user__email", "delegation__name", "delegation__code"]
    autocomplete_fields = ["delegation"]
    raw_id_fields = ["user"]


@admin.register(FocalPointInvitation)
class FocalPointInvitationAdmin(admin.ModelAdmin):
    """Invitations are sent with the Delegations list's action; here they are read."""

    list_display = [
        short_column("email", _("e-mail")),
        short_column("delegation", _("delegation")),
        "expires_at",
        "accepted_at",
        "invited_by",
    ]
    list_filter = [
        "delegation__event",
        ("accepted_at", DateRangeFilter),
        ("created_at", DateRangeFilter),
    ]
    list_select_related = ["delegation", "invited_by"]
    search_fields = ["email", "delegation__name", "delegation__code"]
    readonly_fields = [
        "delegation",
        "email",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "invited_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Badge)
class BadgeAdmin(SimpleHistoryAdmin):
    """Badges follow accreditation (issued on accrediting, revoked on rejecting)."""

    list_display = [
        "number",
        short_column("delegate", _("delegate")),
        short_column(
            "delegate__delegation", _("delegation"), ordering="delegate__delegation__name"
        ),
        "issued_at",
        "revocation_reason",
        "category",
    ]
    list_filter = [
        "delegate__delegation__event",
        "revocation_reason",
        "category",
        ("issued_at", DateRangeFilter),
        ("revoked_at", DateRangeFilter),
    ]
    list_select_related = ["delegate__delegation"]
    search_fields = ["number", "delegate__family_name", "delegate__given_name"]
    fields = [
        "delegate",
        "number",
        "category",
        "issued_at",
        "revoked_at",
        "revocation_reason",
        "replacement_cause",
        "replaced_by",
    ]
    readonly_fields = [
        "delegate",
        "number",
        "issued_at",
        "revoked_at",
        "revocation_reason",
        "replacement_cause",
        "replaced_by",
    ]
    actions = ["reissue_lost", "reissue_damaged"]

    def get_urls(self):
        return [*desk_paths(self), *super().get_urls()]

    def has_add_permission(self, request):
        return False

    def has_reissue_permission(self, request):
        return request.user.has_perm("delegations.reissue_badge")

    def _reissue(self, request, queryset, cause):
        done = []
        for badge in queryset.select_related("delegate__delegation"):
            try:
                done.append(badge_reissue(badge=badge, cause=cause))
            except ValidationError as error:
                report_refusal(self, request, error)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(n)d badge reissued: %(numbers)s.",
                    "%(n)d badges reissued: %(numbers)s.",
                    len(done),
                )
                % {"n": len(done), "numbers": ", ".join(badge.number for badge in done)},
                messages.SUCCESS,
            )

    @admin.action(description=_("Reissue selected badges (lost)"), permissions=["reissue"])
    def reissue_lost(self, request, queryset):
        self._reissue(request, queryset, BadgeReplacementCause.LOST)

    @admin.action(description=_("Reissue selected badges (damaged)"), permissions=["reissue"])
    def reissue_damaged(self, request, queryset):
        self._reissue(request, queryset, BadgeReplacementCause.DAMAGED)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    """Which badge categories each zone's doors admit; a session's door is in its room's zone."""

    form = ZoneForm
    list_display = ["name", "kind", event_column("event"), "admitted"]
    list_filter = ["event", "kind"]
    list_select_related = ["event"]
    search_fields = ["name"]
    filter_horizontal = ["rooms"]

    @admin.display(description=_("admitted categories"))
    def admitted(self, zone):
        labels = dict(AccessCategory.choices)
        return ", ".join(str(labels.get(code, code)) for code in zone.categories)
