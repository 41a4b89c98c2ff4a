"""Organisers' admin for the programme: sessions, roles, registrations, check-ins, the
schedule's proposals (from the timetabling engine) and released versions, exports, attendance;
and the programme's actions and dashboard on the event's own admin page.

The programme builds on the event, so it extends the event's admin (``ceremony.admin``), which
knows nothing of the programme.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ceremony.admin import EventAdmin as CeremonyEventAdmin
from ceremony.models import Event
from config.core.admin import (
    JobProgressAdminMixin,
    PrivateFileAdminMixin,
    action_form_page,
    annotation_column,
    event_column,
    job_fragment,
    report_refusal,
    short_column,
    short_text,
)
from config.core.content import localized_fields
from config.core.filters import DateRangeFilter
from config.core.forms import form_errors_add
from config.core.jobs import JOB_QUEUE_DOWN
from config.core.progress import elapsed_display
from sessions.enums import NotificationStatus, ProposalStatus
from sessions.forms import (
    ExportJobForm,
    RegistrationAdminForm,
    ReleaseForm,
    SessionAdminForm,
    SpeakerOrderForm,
)
from sessions.models import (
    AttendanceSnapshot,
    CheckIn,
    ExportJob,
    ReleaseNotification,
    ScheduleProposal,
    ScheduleRelease,
    Session,
    SessionRegistration,
    SessionRole,
    SpeakerEntry,
    SpeakersList,
)
from sessions.selectors.notifications import (
    notification_text,
    release_outbox_counts,
    release_sending_progress,
    releases_outbox_annotate,
)
from sessions.selectors.programme import session_list_annotate
from sessions.selectors.proposals import (
    ADDED,
    AGAINST_PROGRAMME,
    AGAINST_RELEASE,
    CHANGES,
    MOVED,
    REMOVED,
    proposal_day_grid,
    proposal_review,
)
from sessions.selectors.speakers import plenary_lists_annotate, speakers_in_order
from sessions.selectors.timetabling import (
    programme_by_day_and_room,
    registration_clashes,
    schedule_conflicts,
    session_conflicts,
    unplaced_described,
)
from sessions.services.exports import export_request
from sessions.services.notifications import (
    release_notifications_discard,
    release_notifications_queue,
    release_notifications_send,
)
from sessions.services.registration import (
    registration_cancel,
    registration_create,
    waiting_list_promote,
)
from sessions.services.release import schedule_release
from sessions.services.speakers import (
    speaker_move,
    speaker_withdraw,
    speakers_list_ensure,
    speakers_list_set,
    speakers_merge,
)
from sessions.services.timetabling import timetable_proposal_apply, timetable_proposal_create
from sessions.views.dashboard import dashboard_paths
from sessions.views.schedule import schedule_paths

#: What a person reads who stops a release's sending when nothing is left to send.
NOTHING_BEING_SENT = _("No message of this release is waiting to be sent: nothing left to stop.")


class SessionRoleInline(admin.TabularInline):
    model = SessionRole
    extra = 0
    autocomplete_fields = ["delegate"]
    fields = ["delegate", "role", "order"]


def event_local_display(moment, event):
    local = event.local(moment)
    return f"{local:%a %d %b %Y %H:%M}" if local else "—"


@admin.register(Session)
class SessionAdmin(TabbedTranslationAdmin):
    form = SessionAdminForm
    list_display = [
        short_column("title", _("title")),
        "kind",
        short_column("room", _("room"), length=20),
        "local_start",
        "places",
        annotation_column("confirmed_count", _("confirmed")),
        "status",
    ]
    list_filter = [
        "event",
        "kind",
        "status",
        "interpretation",
        "access",
        "pinned",
        "room",
        ("start", DateRangeFilter),
    ]
    list_select_related = ["event", "room"]
    search_fields = [*localized_fields("title"), "slug", "organiser__name", "organiser__code"]
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
        (_("Participation"), {"fields": ["capacity", "access", "interpretation", "languages"]}),
        (
            _("Timetabling window"),
            {"fields": ["earliest_start", "latest_end"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return session_list_annotate(super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"capacity", "room"} & set(form.changed_data):
            waiting_list_promote(session=obj)

    def save_related(self, request, form, formsets, change):
        """Once its chairs and speakers are saved too: every rule the session now breaks is
        said at once (the release would refuse it), so the organiser mends it while here."""
        super().save_related(request, form, formsets, change)
        conflicts = session_conflicts(form.instance)
        for conflict in conflicts:
            self.message_user(request, conflict, messages.WARNING)
        if conflicts:
            self.message_user(
                request,
                _("The schedule cannot be released while these rules are broken."),
                messages.WARNING,
            )

    @admin.display(description=_("start (event time)"), ordering="start")
    def local_start(self, obj):
        return event_local_display(obj.start, obj.event)

    @admin.display(description=_("places"))
    def places(self, obj):
        return obj.effective_capacity


@admin.register(SessionRole)
class SessionRoleAdmin(admin.ModelAdmin):
    list_display = [
        short_column("delegate", _("delegate")),
        "role",
        short_column("session", _("session")),
        "order",
    ]
    list_filter = ["session__event", "role", "session__kind"]
    list_select_related = ["delegate", "session"]
    search_fields = ["delegate__family_name", "delegate__given_name", "session__title"]
    autocomplete_fields = ["session", "delegate"]


@admin.register(SessionRegistration)
class SessionRegistrationAdmin(admin.ModelAdmin):
    list_display = [
        short_column("delegate", _("delegate"), length=24),
        short_column(
            "delegate__delegation",
            _("delegation"),
            length=24,
            ordering="delegate__delegation__name",
        ),
        short_column("session", _("session"), length=24),
        "status",
        "created_at",
    ]
    list_filter = ["session__event", "status", "session__kind", ("created_at", DateRangeFilter)]
    list_select_related = ["delegate__delegation", "session"]
    search_fields = [
        "delegate__family_name",
        "delegate__given_name",
        "delegate__delegation__name",
        "session__title",
    ]
    autocomplete_fields = ["session", "delegate"]
    form = RegistrationAdminForm
    actions = ["cancel"]

    def get_readonly_fields(self, request, obj=None):
        """Places change through the services only: register (add) or cancel (action)."""
        return ["session", "delegate", "status", "created_at"] if obj else ["status"]

    def save_model(self, request, obj, form, change):
        """Register through the service (the form's ``clean()`` checked it would not refuse)."""
        registration = registration_create(
            session=form.cleaned_data["session"],
            delegate=form.cleaned_data["delegate"],
            by_organiser=True,
        )
        obj.pk, obj.status = registration.pk, registration.status

    def add_view(self, request, form_url="", extra_context=None):
        """A rule broken between the form's check and the write (another desk took the last
        place of a heads-plus-one session, say) is reported, and nothing is saved."""
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(request.get_full_path())

    @admin.action(description=_("Cancel selected registrations"), permissions=["change"])
    def cancel(self, request, queryset):
        for registration in queryset:
            registration_cancel(registration=registration)
        self.message_user(request, _("Registrations cancelled; waiting lists moved up."))


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = [
        short_column("delegate", _("delegate"), length=24),
        short_column(
            "delegate__delegation",
            _("delegation"),
            length=24,
            ordering="delegate__delegation__name",
        ),
        "place",
        "local_scanned_at",
        "gate",
    ]
    list_filter = ["event", "gate", "session__kind", ("scanned_at", DateRangeFilter)]
    list_select_related = ["event", "delegate__delegation", "session"]
    search_fields = ["delegate__family_name", "delegate__given_name", "nonce", "gate"]

    @admin.display(description=_("where"))
    def place(self, obj):
        return short_text(obj.session or _("Venue entry"), 24)

    @admin.display(description=_("scanned at (event time)"), ordering="scanned_at")
    def local_scanned_at(self, obj):
        return event_local_display(obj.scanned_at, obj.event)

    def has_add_permission(self, request):
        """Check-ins come from the doors (the check-in page and API), which refuse bad badges."""
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScheduleProposal)
class ScheduleProposalAdmin(JobProgressAdminMixin, admin.ModelAdmin):
    """What the timetabling engine proposed: reviewed by day and room, then applied. While the
    engine works, the page follows its best timetable so far."""

    job_success = (ProposalStatus.READY, ProposalStatus.APPLIED)

    list_display = ["__str__", "created_at", "finished_at", "placed", "left_out"]
    list_filter = ["event", "status", ("created_at", DateRangeFilter)]
    list_select_related = ["event"]
    search_fields = ["event__name", "event__acronym"]
    actions = ["apply"]
    change_form_template = "admin/programme/scheduleproposal/change_form.html"
    readonly_fields = [
        "event",
        "status",
        "time_limit_seconds",
        "created_at",
        "created_by",
        "dispatched_at",
        "attempts",
        "finished_at",
        "applied_at",
        "error",
    ]
    exclude = ["problem", "solution", "task_id"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("placed"))
    def placed(self, obj):
        return obj.placed_count

    @admin.display(description=_("left out"))
    def left_out(self, obj):
        return len(obj.unplaced)

    def job_figures(self, obj, progress):
        """The engine's best timetable so far while it works; what it placed once it is done."""
        if progress and progress.get("total"):
            line = _("Placed %(placed)d of %(total)d sessions") % progress
            if progress.get("objective") is not None:
                line += "; " + _("objective %(objective)d") % progress
            if progress.get("bound") is not None:
                line += " " + _("(bound %(bound)d)") % progress
            return [line]
        if obj.status in self.job_success:
            placed, left = obj.placed_count, len(obj.unplaced)
            return [
                _("Placed %(placed)d of %(total)d sessions")
                % {"placed": placed, "total": placed + left}
            ]
        return []

    def job_result(self, obj):
        url = reverse("admin:programme_scheduleproposal_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Review the proposal"))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/apply/",
                self.admin_site.admin_view(self.apply_view),
                name="programme_scheduleproposal_apply",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, object_id)
        extra = {}
        if proposal is not None:
            assignments = (proposal.solution or {}).get("assignments", [])
            ready = proposal.status == ProposalStatus.READY
            with timezone.override(proposal.event.timezone):
                extra = {
                    "grid": programme_by_day_and_room(proposal.event, assignments),
                    "unplaced": unplaced_described(proposal),
                    "job": self.job_progress(request, proposal),
                    "can_apply": ready,
                    "queue_down": JOB_QUEUE_DOWN,
                }
                if ready:
                    extra.update(self._review_context(request, proposal))
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _review_context(self, request, proposal):
        """The review of a ready proposal: its summary, and one day of it on the grid, against
        the programme or the last release, every session or only the changes (the page's
        links choose: the change form is a form, and a form holds no other)."""
        review = proposal_review(proposal)
        days = proposal.event.days
        chosen = request.GET.get("day", "")
        day = next((day for day in days if day.isoformat() == chosen), days[0] if days else None)
        against = request.GET.get("against")
        if against != AGAINST_RELEASE or review.release_version is None:
            against = AGAINST_PROGRAMME
        only_changes = request.GET.get("changes") == "1"
        return {
            "review": review,
            "summary": review_summary(review),
            "apply_url": reverse("admin:programme_scheduleproposal_apply", args=[proposal.pk]),
            "review_grid": day
            and proposal_day_grid(
                proposal, review, day, against=against, only_changes=only_changes
            ),
            "review_day": day,
            "review_days": days,
            "against": against,
            "only_changes": only_changes,
        }

    @admin.action(description=_("Apply the proposal to the programme…"), permissions=["change"])
    def apply(self, request, queryset):
        """Each proposal is applied from its own confirmation page, never straight away."""
        chosen = list(queryset.values_list("pk", flat=True)[:2])
        if len(chosen) != 1:
            self.message_user(
                request,
                _("Choose one proposal: each is reviewed and confirmed on its own."),
                messages.ERROR,
            )
            return None
        return redirect("admin:programme_scheduleproposal_apply", chosen[0])

    def apply_view(self, request, object_id):
        """The intermediate page of Apply: what changes and who it affects, then a confirmed
        POST applies it (``timetable_proposal_apply``, refused if the programme changed)."""
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, proposal):
            raise PermissionDenied
        change_url = reverse("admin:programme_scheduleproposal_change", args=[proposal.pk])
        if proposal.status != ProposalStatus.READY:
            self.message_user(
                request,
                _("This proposal is %(status)s: only a proposal ready for review can be applied.")
                % {"status": proposal.get_status_display().lower()},
                messages.ERROR,
            )
            return redirect(change_url)
        if request.method == "POST":
            with timezone.override(proposal.event.timezone):
                review = proposal_review(proposal)
            try:
                timetable_proposal_apply(
                    proposal=proposal, reviewed=request.POST.get("reviewed", "")
                )
            except ValidationError as error:
                report_refusal(self, request, error)
                return redirect(change_url)
            self.message_user(
                request,
                _("Proposal %(id)s applied: %(summary)s")
                % {"id": proposal.pk, "summary": changes_summary(review)},
                messages.SUCCESS,
            )
            return redirect("admin:programme_session_changelist")
        with timezone.override(proposal.event.timezone):
            review = proposal_review(proposal)
            return TemplateResponse(
                request,
                "admin/programme/scheduleproposal/apply_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Apply this proposal?"),
                    "opts": self.opts,
                    "original": proposal,
                    "review": review,
                    "summary": review_summary(review),
                    "changed": [row for row in review.sessions if row.state in CHANGES],
                    "change_url": change_url,
                },
            ).render()


def changes_summary(review):
    """“N changes (x moved, y added, z removed).”"""
    counts = review.counts
    return ngettext(
        "%(n)d change (%(moved)d moved, %(added)d added, %(removed)d removed).",
        "%(n)d changes (%(moved)d moved, %(added)d added, %(removed)d removed).",
        review.changes,
    ) % {
        "n": review.changes,
        "moved": counts[MOVED],
        "added": counts[ADDED],
        "removed": counts[REMOVED],
    }


def review_summary(review):
    """The sentence the confirmation asks with: the changes, then the people they affect."""
    affected = review.affected
    people = _("It affects %(delegates)s of %(delegations)s, and %(speakers)s.") % {
        "delegates": ngettext(
            "%(n)d delegate with a place", "%(n)d delegates with a place", affected.delegates
        )
        % {"n": affected.delegates},
        "delegations": ngettext("%(n)d delegation", "%(n)d delegations", affected.delegations)
        % {"n": affected.delegations},
        "speakers": ngettext(
            "%(n)d speaker or chair", "%(n)d speakers or chairs", affected.speakers
        )
        % {"n": affected.speakers},
    }
    return f"{changes_summary(review)} {people}"


@admin.register(ScheduleRelease)
class ScheduleReleaseAdmin(admin.ModelAdmin):
    """Released versions are immutable: they are read here, never edited. Each shows its
    messages to the people concerned (the outbox), and can write them again."""

    list_display = [
        "__str__",
        "released_at",
        "released_by",
        "summary",
        annotation_column("held_messages", _("messages held")),
    ]
    list_filter = ["event", ("released_at", DateRangeFilter)]
    list_select_related = ["event", "released_by"]
    search_fields = ["note", "event__acronym"]
    readonly_fields = [
        "event",
        "version",
        "released_at",
        "released_by",
        "note",
        "outbox",
        "change_log",
    ]
    exclude = ["sessions", "changes"]
    actions = ["messages_write"]
    change_form_template = "admin/programme/schedulerelease/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:object_id>/sending/",
                self.admin_site.admin_view(require_GET(self.sending_view)),
                name="programme_schedulerelease_sending",
            ),
            path(
                "<int:object_id>/sending/stop/",
                self.admin_site.admin_view(require_POST(self.sending_stop_view)),
                name="programme_schedulerelease_sending_stop",
            ),
            *super().get_urls(),
        ]

    def has_stop_permission(self, request):
        """Stopping the sending discards the messages still queued."""
        return request.user.has_perm("programme.change_releasenotification")

    def sending_progress(self, request, release, refusal=""):
        """The bar of the release's messages going out: n of m sent (None before any sending).

        Read from the messages' rows, not from ``config.core.progress``: each message commits
        by itself, so the rows are the progress, exact across several workers' batches."""
        figures = release_sending_progress(release)
        total = figures["queued"] + figures["sent"] + figures["failed"]
        if not total:
            return None
        ended = not figures["queued"]
        end = (figures["finished"] if ended else None) or timezone.now()
        started = figures["started"] or end
        label = _("Sent") if ended else _("Sending")
        line = _("%(sent)d of %(total)d messages sent") % {"sent": figures["sent"], "total": total}
        if figures["failed"]:
            line += "; " + _("%(failed)d failed") % figures
        status_url = reverse("admin:programme_schedulerelease_sending", args=[release.pk])
        return {
            "ended": ended,
            "succeeded": ended,
            "code": "done" if ended else "sending",
            "status": label,
            "stage": label,
            "percent": round(100 * (figures["sent"] + figures["failed"]) / total),
            "elapsed": elapsed_display(max(0, (end - started).total_seconds())),
            "figures": [line],
            "error": "",
            "result": "",
            "refusal": refusal,
            "can_cancel": not ended and self.has_stop_permission(request),
            "status_url": status_url,
            "cancel_url": reverse(
                "admin:programme_schedulerelease_sending_stop", args=[release.pk]
            ),
            "page_url": reverse("admin:programme_schedulerelease_change", args=[release.pk]),
        }

    def _release_seen(self, request, object_id):
        release = self.get_object(request, str(object_id))
        if release is None or not self.has_view_permission(request, release):
            raise Http404
        return release

    def sending_view(self, request, object_id):
        release = self._release_seen(request, object_id)
        job = self.sending_progress(request, release)
        return job_fragment(request, job) if job else HttpResponse("")

    def sending_stop_view(self, request, object_id):
        """Stop the sending: the messages still queued are discarded (one going out at this
        moment is waited for and left as sent); the outbox can send them again."""
        release = self._release_seen(request, object_id)
        if not self.has_stop_permission(request):
            raise PermissionDenied
        queued = release.notifications.filter(status=NotificationStatus.QUEUED)
        stopped = release_notifications_discard(notifications=queued)
        refusal = "" if stopped else str(NOTHING_BEING_SENT)
        if request.headers.get("HX-Request"):
            job = self.sending_progress(request, release, refusal)
            return job_fragment(request, job) if job else HttpResponse(refusal)
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext(
                    "Sending stopped: %(n)d message discarded.",
                    "Sending stopped: %(n)d messages discarded.",
                    stopped,
                )
                % {"n": stopped},
                messages.SUCCESS,
            )
        return redirect("admin:programme_schedulerelease_change", release.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        release = self.get_object(request, object_id)
        job = self.sending_progress(request, release) if release is not None else None
        return super().change_view(
            request, object_id, form_url, {"job": job, **(extra_context or {})}
        )

    def get_queryset(self, request):
        # A release's frozen programme (a thousand sessions) is not shown here: not read either.
        return releases_outbox_annotate(super().get_queryset(request)).defer("sessions")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_notify_permission(self, request):
        """Writing a release's messages is adding to the outbox."""
        return request.user.has_perm("programme.add_releasenotification")

    @admin.display(description=_("changes"))
    def summary(self, obj):
        changes = obj.changes
        return _("%(added)d added, %(moved)d moved, %(cancelled)d cancelled") % {
            "added": len(changes.get("added", [])),
            "moved": len(changes.get("moved", [])),
            "cancelled": len(changes.get("cancelled", [])),
        }

    @admin.display(description=_("change log"))
    def change_log(self, obj):
        return render_to_string("admin/programme/schedulerelease/change_log.html", {"release": obj})

    @admin.display(description=_("messages to the people concerned"))
    def outbox(self, obj):
        """How the release's messages stand, with a link to those waiting for review."""
        counts = release_outbox_counts(obj)
        url = reverse("admin:programme_releasenotification_changelist")
        held = counts[NotificationStatus.HELD]
        lines = [
            format_html(
                '<a href="{}?release={}&amp;status__exact={}">{}</a>',
                url,
                obj.pk,
                NotificationStatus.HELD,
                ngettext(
                    "%(n)d message held for review",
                    "%(n)d messages held for review",
                    held,
                )
                % {"n": held},
            )
        ]
        lines += [
            format_html(
                '<a href="{}?release={}&amp;status__exact={}">{}: {}</a>',
                url,
                obj.pk,
                status,
                NotificationStatus(status).label,
                count,
            )
            for status, count in counts.items()
            if count and status != NotificationStatus.HELD
        ]
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines))

    @admin.action(
        description=_("Write the messages to the people concerned (again)"),
        permissions=["notify"],
    )
    def messages_write(self, request, queryset):
        """For a release whose messages were never written (its job lost with the job queue):
        writes the missing ones, never a second message to anyone."""
        for release in queryset.select_related("event"):
            total = release_notifications_queue(release=release)
            self.message_user(
                request,
                _("%(release)s: %(n)d messages in the outbox.") % {"release": release, "n": total},
                messages.SUCCESS,
            )


class ReleaseFilter(admin.SimpleListFilter):
    """The releases by name, read in one query (the related-field filter would read each
    release's whole programme, and its event once per release)."""

    title = _("schedule release")
    parameter_name = "release"

    def lookups(self, request, model_admin):
        releases = ScheduleRelease.objects.order_by("event__acronym", "-version").values_list(
            "pk", "event__acronym", "version"
        )
        return [(str(pk), f"{acronym} v{version}") for pk, acronym, version in releases]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit():
            return queryset.none()
        return queryset.filter(release_id=int(self.value()))


@admin.register(ReleaseNotification)
class ReleaseNotificationAdmin(admin.ModelAdmin):
    """The outbox of release messages (pretalx's habit): each message to a delegate whose
    sessions a release moved or cancelled waits here until an organiser sends it; the page of
    one shows it as its reader will read it. Failures are shown, and sent again from here."""

    list_display = [
        short_column("delegate", _("delegate"), length=24),
        short_column(
            "delegate__delegation",
            _("delegation"),
            length=24,
            ordering="delegate__delegation__name",
        ),
        "release_version",
        "language",
        "status",
        "change_count",
        "sent_at",
        "problem",
    ]
    list_filter = [ReleaseFilter, "status", "language", "release__event"]
    list_select_related = ["release__event", "delegate__delegation"]
    search_fields = [
        "delegate__family_name",
        "delegate__given_name",
        "delegate__email",
        "delegate__delegation__name",
        "delegate__delegation__code",
    ]
    actions = ["send", "send_again", "discard"]
    change_form_template = "admin/programme/releasenotification/change_form.html"
    fields = [
        "release",
        "delegate",
        "language",
        "status",
        "preview",
        "attachment",
        "attempts",
        "error",
        "created_at",
        "dispatched_at",
        "sent_at",
        "recipient",
        "message_id",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        """The release's snapshot and change log are not read for a list (the change log is,
        by the page of one message, when it shows the text)."""
        return (
            super()
            .get_queryset(request)
            .select_related("release__event", "delegate__delegation")
            .defer("release__sessions", "release__changes", "body")
        )

    def has_add_permission(self, request):
        """Messages are written by the release, for the people it concerns."""
        return False

    def has_change_permission(self, request, obj=None):
        """A message is read, then sent or discarded with the actions: no Save to offer."""
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Kept as the record of who was told what: discard instead."""
        return False

    @admin.display(description=_("version"), ordering="release__version")
    def release_version(self, obj):
        return obj.release.version

    @admin.display(description=_("changes"))
    def change_count(self, obj):
        return obj.change_count

    @admin.display(description=_("error"))
    def problem(self, obj):
        return short_text(obj.error, 24)

    @admin.display(description=_("the message"))
    def preview(self, obj):
        """As its reader gets it: in their language, from the release (or, once sent, as it
        went out)."""
        if obj.status == NotificationStatus.SENT:
            subject, body = obj.subject, obj.body
        else:
            subject, body = notification_text(obj)
        direction = "rtl" if obj.language in settings.LANGUAGES_BIDI else "ltr"
        return format_html(
            '<div dir="{}" lang="{}" class="release-message"><p><strong>{}</strong></p>'
            "<pre>{}</pre></div>",
            direction,
            obj.language,
            subject,
            body,
        )

    @admin.display(description=_("attachment"))
    def attachment(self, obj):
        return _("Their itinerary as of version %(version)d (iCalendar)") % {
            "version": obj.release.version
        }

    def _report(self, request, done, left):
        """What the action did, and how many of the selected messages it left (and why)."""
        self.message_user(request, done, messages.SUCCESS)
        if left:
            self.message_user(request, left, messages.WARNING)

    @admin.action(description=_("Send the selected messages"), permissions=["change"])
    def send(self, request, queryset):
        asked = queryset.count()
        done = release_notifications_send(notifications=queryset)
        self._report(
            request,
            ngettext(
                "%(n)d message queued for sending.", "%(n)d messages queued for sending.", done
            )
            % {"n": done},
            ngettext(
                "%(n)d message was left as it was: “Send” takes messages held for review, to "
                "people with an e-mail address (“Send again” those that failed or were "
                "discarded).",
                "%(n)d messages were left as they were: “Send” takes messages held for review, "
                "to people with an e-mail address (“Send again” those that failed or were "
                "discarded).",
                asked - done,
            )
            % {"n": asked - done}
            if asked > done
            else "",
        )

    @admin.action(
        description=_("Send again (failed, discarded, without an address)"),
        permissions=["change"],
    )
    def send_again(self, request, queryset):
        asked = queryset.count()
        done = release_notifications_send(notifications=queryset, again=True)
        self._report(
            request,
            ngettext(
                "%(n)d message queued for sending again.",
                "%(n)d messages queued for sending again.",
                done,
            )
            % {"n": done},
            ngettext(
                "%(n)d message was left as it was: sent or queued already, held for review "
                "(“Send”), or still without an e-mail address.",
                "%(n)d messages were left as they were: sent or queued already, held for "
                "review (“Send”), or still without an e-mail address.",
                asked - done,
            )
            % {"n": asked - done}
            if asked > done
            else "",
        )

    @admin.action(description=_("Discard the selected messages"), permissions=["change"])
    def discard(self, request, queryset):
        asked = queryset.count()
        done = release_notifications_discard(notifications=queryset)
        self._report(
            request,
            ngettext("%(n)d message discarded.", "%(n)d messages discarded.", done) % {"n": done},
            ngettext(
                "%(n)d message was left as it was (sent or discarded already).",
                "%(n)d messages were left as they were (sent or discarded already).",
                asked - done,
            )
            % {"n": asked - done}
            if asked > done
            else "",
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request, object_id, form_url, {"queue_down": JOB_QUEUE_DOWN, **(extra_context or {})}
        )


@admin.register(ExportJob)
class ExportJobAdmin(JobProgressAdminMixin, PrivateFileAdminMixin, admin.ModelAdmin):
    """Staff ask for an export here; a Celery job writes the file, the page shows its progress."""

    form = ExportJobForm
    private_file_fields = ("file",)
    list_display = [
        "__str__",
        "format",
        "scope",
        "status",
        "created_at",
        "requested_by",
        "download",
    ]
    list_filter = [
        "event",
        "format",
        "language",
        "scope",
        "status",
        ("created_at", DateRangeFilter),
    ]
    list_select_related = ["event", "requested_by"]
    search_fields = ["event__acronym", "delegation__name", "delegate__family_name"]
    autocomplete_fields = ["room", "delegation", "delegate"]
    change_form_template = "admin/programme/exportjob/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            *ExportJobForm.Meta.fields,
            "status",
            "download",
            "error",
            "created_at",
            "dispatched_at",
            "attempts",
            "finished_at",
            "requested_by",
        ]

    job_live_fields = ("status", "download", "error", "finished_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ExportJobForm.Meta.fields
        fields = self.get_readonly_fields(request, obj)
        return [field for field in fields if field not in self.job_live_fields]

    def has_change_permission(self, request, obj=None):
        """A job asked for is followed, not edited: its page has no Save to offer."""
        return obj is None and super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        """The event preselected when there is only one; the file in the organiser's language."""
        initial = super().get_changeform_initial_data(request)
        events = list(Event.objects.values_list("pk", flat=True)[:2])
        if len(events) == 1:
            initial.setdefault("event", events[0])
        initial.setdefault("language", translation.get_language())
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            return
        job = export_request(
            by=request.user,
            **{field: form.cleaned_data[field] for field in ExportJobForm.Meta.fields},
        )
        obj.pk = job.pk

    def response_post_save_add(self, request, obj):
        """From the request to the export's own page, which follows the job to its file."""
        return redirect("admin:programme_exportjob_change", obj.pk)

    def has_cancel_permission(self, request, obj):
        """Whoever may ask for exports may stop one (a job's page is never edited)."""
        return super().has_change_permission(request, None)

    @admin.display(description=_("file"))
    def download(self, obj):
        return self.private_file_link(obj, "file", _("Download"))

    def job_result(self, obj):
        return self.download(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        progress = self.job_progress(request, job) if job is not None else None
        return super().change_view(
            request,
            object_id,
            form_url,
            {"job": progress, "queue_down": JOB_QUEUE_DOWN, **(extra_context or {})},
        )


@admin.register(AttendanceSnapshot)
class AttendanceSnapshotAdmin(admin.ModelAdmin):
    """Stored counts, read only: the attendance job writes them, the dashboard shows them."""

    list_display = ["taken_at", event_column("event"), "registered", "checked_in"]
    list_filter = ["event", ("taken_at", DateRangeFilter)]
    list_select_related = ["event"]
    readonly_fields = ["event", "taken_at", "counts"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("registered"))
    def registered(self, obj):
        return obj.counts.get("totals", {}).get("registered")

    @admin.display(description=_("checked in"))
    def checked_in(self, obj):
        return obj.counts.get("totals", {}).get("checked_in")


admin.site.unregister(Event)


@admin.register(Event)
class EventAdmin(CeremonyEventAdmin):
    """The event's admin with the programme's actions (a timetable from the engine, the
    conflict check, the release) and its attendance dashboard."""

    actions = [
        "timetable_propose",
        "programme_check",
        "programme_release",
        *CeremonyEventAdmin.actions,
    ]
    readonly_fields = [*CeremonyEventAdmin.readonly_fields, "dashboard_link", "schedule_link"]
    fieldsets = [
        CeremonyEventAdmin.fieldsets[0],
        (_("Programme"), {"fields": ["schedule_link"]}),
        (_("Attendance"), {"fields": ["dashboard_link"]}),
        *CeremonyEventAdmin.fieldsets[1:],
    ]

    def get_urls(self):
        return [*dashboard_paths(self), *schedule_paths(self), *super().get_urls()]

    @admin.display(description=_("schedule"))
    def schedule_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:ceremony_event_schedule", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Schedule editor"))

    @admin.display(description=_("dashboard"))
    def dashboard_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:ceremony_event_dashboard", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Attendance dashboard"))

    @admin.action(description=_("Propose a timetable (timetabling engine)"), permissions=["change"])
    def timetable_propose(self, request, queryset):
        for event in queryset:
            proposal = timetable_proposal_create(event=event, by=request.user)
            url = reverse("admin:programme_scheduleproposal_change", args=[proposal.pk])
            self.message_user(
                request,
                format_html(
                    _('Timetabling {event}: <a href="{url}">proposal {id}</a>.'),
                    event=event.acronym,
                    url=url,
                    id=proposal.pk,
                ),
                messages.SUCCESS,
            )

    @admin.action(description=_("Check the programme for conflicts"), permissions=["view"])
    def programme_check(self, request, queryset):
        for event in queryset:
            conflicts = schedule_conflicts(event)
            for clash in registration_clashes(event):
                self.message_user(request, f"{event.acronym}: {clash}", messages.WARNING)
            if not conflicts:
                self.message_user(
                    request,
                    _("%(event)s: the programme keeps every rule.") % {"event": event.acronym},
                    messages.SUCCESS,
                )
            for conflict in conflicts:
                self.message_user(request, f"{event.acronym}: {conflict}", messages.WARNING)

    @admin.action(description=_("Release the schedule as a new version…"), permissions=["change"])
    def programme_release(self, request, queryset):
        form = ReleaseForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return action_form_page(
                self,
                request,
                queryset,
                form=form,
                title=_("Release the schedule"),
                action="programme_release",
                submit=_("Release"),
            )
        for event in queryset:
            try:
                release = schedule_release(
                    event=event, by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, f"{event.acronym}: {message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(event)s: version %(version)d released.")
                    % {"event": event.acronym, "version": release.version},
                    messages.SUCCESS,
                )


@admin.register(SpeakersList)
class SpeakersListAdmin(SimpleHistoryAdmin):
    """A plenary's list of speakers: open or closed, the time per statement, and on its page the
    speaking order, where the secretariat moves, withdraws and merges entries with a reason."""

    list_display = (
        short_column("session", _("session"), ordering="session__title"),
        "is_open",
        "closes_at",
        "minutes_per_statement",
        "inscribed",
    )
    list_filter = ("session__event", "is_open")
    search_fields = ("session__title",)
    fields = ("session", "is_open", "closes_at", "minutes_per_statement")
    change_form_template = "admin/programme/speakerslist/change_form.html"

    def get_queryset(self, request):
        return plenary_lists_annotate(super().get_queryset(request).select_related("session"))

    @admin.display(description=_("inscribed"), ordering="inscribed")
    def inscribed(self, obj):
        return obj.inscribed

    def get_readonly_fields(self, request, obj=None):
        return ("session",) if obj else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            kwargs["queryset"] = Session.objects.filter(kind="plenary").select_related("event")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Through the services, as the portal and the API."""
        listed = obj if change else speakers_list_ensure(obj.session)
        saved = speakers_list_set(
            speakers_list=listed,
            is_open=obj.is_open,
            minutes_per_statement=obj.minutes_per_statement,
            closes_at=obj.closes_at,
        )
        obj.pk = saved.pk

    def get_urls(self):
        return [
            path(
                "<path:object_id>/order/",
                self.admin_site.admin_view(self.order_view),
                name="programme_speakerslist_order",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"order_url": reverse("admin:programme_speakerslist_order", args=[object_id])}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def order_view(self, request, object_id):
        """The speaking order, and the secretariat's change to it; a refusal shows by its
        field and changes nothing."""
        speakers_list = self.get_object(request, unquote(object_id))
        if speakers_list is None:
            raise Http404
        if not self.has_view_or_change_permission(request, speakers_list):
            raise PermissionDenied
        speakers_list = SpeakersList.objects.select_related("session__event").get(
            pk=speakers_list.pk
        )
        entries = speakers_in_order(speakers_list)
        may_change = self.has_change_permission(request, speakers_list)
        form = SpeakerOrderForm(request.POST or None, entries=entries)
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            if form.is_valid():
                try:
                    self._order_change(request, form.cleaned_data)
                except ValidationError as error:
                    form_errors_add(form, error)
                else:
                    self.message_user(
                        request, _("The list of speakers is changed."), messages.SUCCESS
                    )
                    return redirect("admin:programme_speakerslist_order", speakers_list.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": speakers_list,
            "title": _("Speaking order: %(session)s") % {"session": speakers_list.session},
            "entries": entries,
            "form": form,
            "may_change": may_change,
        }
        with timezone.override(speakers_list.session.event.timezone):
            return TemplateResponse(
                request, "admin/programme/speakerslist/order.html", context
            ).render()

    def _order_change(self, request, data):
        if data["action"] == SpeakerOrderForm.MOVE:
            speaker_move(
                entry=data["entry"],
                position=data["position"],
                reason=data["reason"],
                by=request.user,
            )
        elif data["action"] == SpeakerOrderForm.WITHDRAW:
            speaker_withdraw(entry=data["entry"], reason=data["reason"], by=request.user)
        else:
            speakers_merge(
                keep=data["entry"], other=data["other"], reason=data["reason"], by=request.user
            )


@admin.register(SpeakerEntry)
class SpeakerEntryAdmin(PrivateFileAdminMixin, SimpleHistoryAdmin):
    """Every inscription, kept with its history; changes go through the list's page."""

    list_display = (
        short_column("delegation", _("delegation"), ordering="delegation__name"),
        short_column("speaker_name", _("speaker"), length=24),
        "level",
        short_column(
            "speakers_list__session", _("plenary"), ordering="speakers_list__session__title"
        ),
        "status",
        "inscribed_at",
    )
    list_filter = ("speakers_list__session__event", "status", "level")
    search_fields = ("delegation__name", "speaker_name")
    list_select_related = ("delegation", "speakers_list__session")
    private_file_fields = ("statement",)
    readonly_fields = (
        "speakers_list",
        "delegation",
        "speaker",
        "speaker_name",
        "level",
        "inscribed_at",
        "position",
        "status",
        "merged_into",
        "statement_file",
        "statement_uploaded_at",
    )
    fields = readonly_fields

    @admin.display(description=_("statement"))
    def statement_file(self, obj):
        return self.private_file_link(obj, "statement", _("Download"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
