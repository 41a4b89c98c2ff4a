"""Small pieces the planner's admin pages share (they import no ModelAdmin, so any app's
admin can use them without circular imports)."""

import os

from django.contrib import admin, messages
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from config.core.storages import private_file_response

from .downloads import table_response

#: Files the admin shows in its pages (badge photos) rather than hands over to save.
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


def event_column(lookup):
    """A narrow list column for the event a row belongs to: its acronym, not its long name."""
    steps = lookup.split("__")

    @admin.display(description=_("event"), ordering=f"{lookup}__start_date")
    def event(obj):
        for step in steps:
            obj = getattr(obj, step)
        return obj.acronym

    return event


#: How many characters a shortened column shows before its ellipsis.
SHORT_COLUMN_LENGTH = 28


def short_text(value, length=SHORT_COLUMN_LENGTH):
    """A text cut to ``length`` characters with an ellipsis, the whole of it in the title
    (shown on hover, read by screen readers); a short text as it is."""
    if value is None or value == "":
        return "—"
    text = str(value)
    shortened = Truncator(text).chars(length)
    if shortened == text:
        return text
    return format_html('<span class="short-text" title="{}">{}</span>', text, shortened)


def short_column(lookup, description, *, length=SHORT_COLUMN_LENGTH, ordering=None):
    """A list column for a long text (a name, a title, a related record), shortened by
    ``short_text`` so the changelist keeps its key columns on a laptop's screen.

    ``lookup`` follows relations with ``__`` (``delegate__delegation``); the column sorts by
    ``ordering``, by ``lookup`` itself when that is ``None`` (a field), not at all when ``False``.
    """
    steps = lookup.split("__")
    if ordering is None:
        ordering = lookup

    @admin.display(description=description, ordering=ordering or None)
    def column(obj):
        for step in steps:
            obj = getattr(obj, step, None)
            if obj is None:
                break
        if callable(obj):
            obj = obj()
        return short_text(obj, length)

    column.__name__ = f"short_{lookup}"
    return column


def annotation_column(name, description):
    """A list column showing a queryset annotation (a count the selector added), sortable."""

    @admin.display(description=description, ordering=name)
    def column(obj):
        return getattr(obj, name)

    column.__name__ = name
    return column


def action_form_page(modeladmin, request, queryset, *, form, title, action, submit):
    """The intermediate page of an action that needs input (a reason, an e-mail)."""
    return TemplateResponse(
        request,
        "admin/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "action": action,
            "submit": submit,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


def report_refusal(modeladmin, request, error):
    for message in error.messages:
        modeladmin.message_user(request, message, messages.ERROR)


class PrivateFileAdminMixin:
    """Serve a private file field to staff through the admin (the file has no public URL)."""

    private_file_fields = ()

    def private_file_url_name(self):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_private_file"

    def get_urls(self):
        return [
            path(
                "<int:object_id>/file/<str:field>/",
                self.admin_site.admin_view(self.private_file_view),
                name=self.private_file_url_name(),
            ),
            *super().get_urls(),
        ]

    def private_file_view(self, request, object_id, field):
        obj = self.get_object(request, str(object_id))
        if obj is None or field not in self.private_file_fields:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise Http404
        file = getattr(obj, field)
        shown = file and os.path.splitext(file.name)[1].lower() in IMAGE_EXTENSIONS
        return private_file_response(file, as_attachment=not shown)

    def private_file_link(self, obj, field, label):
        if not obj.pk or not getattr(obj, field):
            return "—"
        url = reverse(f"admin:{self.private_file_url_name()}", args=[obj.pk, field])
        return format_html('<a href="{}">{}</a>', url, label)


class ListDownloadActionsMixin:
    """Actions that download the selected rows as CSV or Excel, for staff's other tools.

    The admin sets ``list_download_rows`` (queryset -> header, rows), ``list_download_title``
    and ``list_download_filename``.
    """

    list_download_rows = None
    list_download_title = ""
    list_download_filename = "list"

    def _list_download(self, queryset, format_name):
        header, rows = self.list_download_rows(queryset)
        return table_response(
            format_name,
            title=str(self.list_download_title),
            filename=self.list_download_filename,
            header=header,
            rows=rows,
        )

    @admin.action(description=_("Download the selected rows (CSV)"), permissions=["view"])
    def list_csv(self, request, queryset):
        return self._list_download(queryset, "csv")

    @admin.action(description=_("Download the selected rows (Excel)"), permissions=["view"])
    def list_xlsx(self, request, queryset):
        return self._list_download(queryset, "xlsx")
