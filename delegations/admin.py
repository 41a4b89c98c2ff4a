"""Organisers' admin for delegations and delegates."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from ceremony.admin import event_column

from .models import Delegate, Delegation
from .selectors import delegation_list_annotate


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


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "country",
        event_column("event"),
        "delegate_count",
        "accredited_count",
    ]
    list_filter = ["event", "kind"]
    list_select_related = ["event"]
    search_fields = ["name", "code"]
    inlines = [DelegateInline]

    def get_queryset(self, request):
        return delegation_list_annotate(super().get_queryset(request))

    @admin.display(description=_("delegates"), ordering="delegate_count")
    def delegate_count(self, obj):
        return obj.delegate_count

    @admin.display(description=_("accredited"), ordering="accredited_count")
    def accredited_count(self, obj):
        return obj.accredited_count


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "name_native",
        "delegation",
        "function",
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
    date_hierarchy = "created_at"
    readonly_fields = ["accredited_at", "created_at", "updated_at"]
    fieldsets = [
        (
            _("Name"),
            {"fields": ["delegation", "honorific", "given_name", "family_name", "name_native"]},
        ),
        (_("Function"), {"fields": ["function", "level", "is_head"]}),
        (_("Contact"), {"fields": ["email", "phone"]}),
        (
            _("Accreditation"),
            {"fields": ["accreditation_status", "accreditation_note", "accredited_at"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("name"), ordering="family_name")
    def full_name(self, obj):
        return obj.full_name
