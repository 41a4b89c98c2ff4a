"""Small pieces the planner's admin pages share (they import no ModelAdmin, so any app's
admin can use them without circular imports)."""

import os

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from config.core.jobs import QUEUED, RUNNING, job_cancel
from config.core.progress import elapsed_display, job_key, progress_read, stage_label
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


#: Work that is no row (a recount, the signing order) shows its bar this long after it ended;
#: one silent for longer than ``KEYED_JOB_SILENT_FOR`` stopped without saying so (its worker
#: died, an error rolled it back) and is no longer shown.
KEYED_JOB_SHOWN_FOR, KEYED_JOB_SILENT_FOR = 120, 600


def keyed_job_progress(key, *, status_url, page_url, result="", cancel_url=""):
    """What the fragment shows of work that is no row, from its reports alone (``key``: its
    ``job_key``); None when it reported nothing, or ended a while ago. ``cancel_url``, when
    given, offers to stop it while it runs."""
    progress = progress_read(key)
    if progress is None:
        return None
    ended = progress["stage"] in ("done", "failed", "cancelled")
    silent = timezone.now().timestamp() - progress["updated"]
    if silent > (KEYED_JOB_SHOWN_FOR if ended else KEYED_JOB_SILENT_FOR):
        return None
    label = stage_label(progress["stage"])
    return {
        "ended": ended,
        "succeeded": progress["stage"] == "done",
        "code": progress["stage"],
        "status": label,
        "stage": label,
        "percent": progress["percent"],
        "elapsed": elapsed_display(progress["updated"] - progress["started"])
        if ended
        else elapsed_display(progress["elapsed"]),
        "figures": [progress["detail"]] if progress["detail"] else [],
        "error": "",
        "result": result if ended else "",
        "refusal": "",
        "can_cancel": bool(cancel_url) and not ended,
        "status_url": status_url,
        "cancel_url": cancel_url,
        "page_url": page_url,
    }


def job_fragment(request, job):
    """The fragment alone (``job``: what ``job_progress`` or ``keyed_job_progress`` made)."""
    return TemplateResponse(request, "admin/job_progress.html", {"job": job})


class JobProgressAdminMixin:
    """A job's page that follows the job as it runs: a bar with its stage and percentage, the
    time since it was asked for, a cancel button while it can stop, and its result at the end
    (``admin/job_progress.html``, included by the page; htmx asks for it again every second
    from ``…/progress/`` until the job has ended, and then stops: the last answer has no
    trigger). With scripts off the page says where the job stands and offers a refresh link.

    The admin says what a job's result is (``job_result``), the figures its stage adds
    (``job_figures``), which statuses are a success (``job_success``), whether it can stop
    (``job_cancellable``) and who may stop it (``has_cancel_permission``).
    """

    job_cancellable = True
    job_success = ("done",)
    #: Fields the bar shows live, left out of the page's form (they would stay as first read).
    job_live_fields = ("status", "error", "finished_at")

    def _job_url_name(self, view):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{view}"

    def get_urls(self):
        return [
            path(
                "<int:object_id>/progress/",
                self.admin_site.admin_view(require_GET(self.job_progress_view)),
                name=self._job_url_name("progress"),
            ),
            path(
                "<int:object_id>/cancel/",
                self.admin_site.admin_view(require_POST(self.job_cancel_view)),
                name=self._job_url_name("cancel"),
            ),
            *super().get_urls(),
        ]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:
            return fields
        return [field for field in fields if field not in self.job_live_fields]

    def has_cancel_permission(self, request, obj):
        return self.has_change_permission(request, obj)

    def job_result(self, obj):
        """What the job produced, as HTML (a link), once it has succeeded."""
        return ""

    def job_figures(self, obj, progress):
        """Lines the job adds under its bar (``progress``: its last report, or None)."""
        return []

    def job_progress(self, request, obj, refusal=""):
        """What the fragment shows of the job ``obj``."""
        running = obj.status in (QUEUED, RUNNING)
        progress = progress_read(job_key(obj)) if running else None
        succeeded = obj.status in self.job_success
        percent = 100 if succeeded else (progress or {}).get("percent")
        end = obj.finished_at or timezone.now()
        return {
            "ended": not running,
            "succeeded": succeeded,
            "code": obj.status,
            "status": obj.get_status_display(),
            "stage": stage_label(progress["stage"]) if progress else obj.get_status_display(),
            "percent": percent if running or succeeded else None,
            "elapsed": elapsed_display((end - obj.created_at).total_seconds()),
            "figures": self.job_figures(obj, progress),
            "error": getattr(obj, "error", ""),
            "result": self.job_result(obj) if succeeded else "",
            "refusal": refusal,
            "can_cancel": running
            and self.job_cancellable
            and self.has_cancel_permission(request, obj),
            "status_url": reverse(f"admin:{self._job_url_name('progress')}", args=[obj.pk]),
            "cancel_url": reverse(f"admin:{self._job_url_name('cancel')}", args=[obj.pk]),
            "page_url": reverse(f"admin:{self._job_url_name('change')}", args=[obj.pk]),
        }

    def _job_object(self, request, object_id):
        obj = self.get_object(request, str(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        return obj

    def _job_fragment(self, request, obj, refusal=""):
        return job_fragment(request, self.job_progress(request, obj, refusal))

    def job_progress_view(self, request, object_id):
        """The fragment alone, for htmx to swap in."""
        return self._job_fragment(request, self._job_object(request, object_id))

    def job_cancel_view(self, request, object_id):
        """Ask the job to stop: the fragment again for htmx, or back to the job's page."""
        obj = self._job_object(request, object_id)
        if not (self.job_cancellable and self.has_cancel_permission(request, obj)):
            raise PermissionDenied
        refusal = ""
        try:
            job_cancel(job=obj)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        obj.refresh_from_db()
        if request.headers.get("HX-Request"):
            return self._job_fragment(request, obj, refusal)
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
        else:
            self.message_user(request, _("Asked the job to stop."), messages.SUCCESS)
        return redirect(f"admin:{self._job_url_name('change')}", obj.pk)
