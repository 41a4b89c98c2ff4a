"""The programme: sessions, their chairs and speakers, registrations and check-ins."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.core.constraints import (
    EQUAL,
    OVERLAPS,
    PostgresExclusionConstraint,
    RangeBounds,
    TsTzRange,
)
from config.core.content import OriginalInDefaultLanguage
from config.core.moments import EARLIEST, LATEST, plausible_moment
from config.core.storages import private_storage
from config.core.text import DESCRIPTION_MAX_LENGTH, multi_line, single_line
from config.core.uploads import (
    file_name_check,
    is_pdf,
    new_upload,
    pdf_check,
    size_check,
    upload_name,
)
from delegations.enums import RepresentationLevel

from .enums import (
    ExportFormat,
    ExportScope,
    ExportStatus,
    Interpretation,
    NotificationStatus,
    ProposalStatus,
    RegistrationStatus,
    SessionAccess,
    SessionKind,
    SessionRoleKind,
    SessionStatus,
    SpeakerStatus,
)

MAX_DURATION_MINUTES = 7 * 24 * 60


def languages_offered(interpretation, languages):
    """The languages a session can be followed in: the six UN languages (and any other named)
    with full interpretation, else the languages named, else English."""
    if interpretation == Interpretation.FULL:
        return tuple(dict.fromkeys([*settings.UN_LANGUAGES, *languages]))
    return tuple(languages) or (settings.LANGUAGE_CODE,)


class Session(OriginalInDefaultLanguage, models.Model):
    """A session of the programme.

    ``start`` and ``duration_minutes`` are what organisers set; ``end`` is kept in step by
    ``save()`` so that the database can index it and, on PostgreSQL, refuse two sessions in one
    room at overlapping times.
    """

    event = models.ForeignKey(
        "ceremony.Event", on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=300, validators=[single_line])
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH), multi_line],
    )
    room = models.ForeignKey(
        "ceremony.Room",
        on_delete=models.PROTECT,
        related_name="sessions",
        null=True,
        blank=True,
        verbose_name=_("room"),
    )
    start = models.DateTimeField(_("start"), null=True, blank=True, validators=[plausible_moment])
    end = models.DateTimeField(_("end"), null=True, blank=True, editable=False)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(5), MaxValueValidator(MAX_DURATION_MINUTES)],
        help_text=_("At most seven days (an exhibition may run through the whole event)."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty to use the room's seats; it cannot exceed them."),
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=10,
        choices=Interpretation.choices,
        default=Interpretation.NONE,
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_(
            "The languages the session is held in: spoken from the floor or interpreted into. "
            "With interpretation into some languages, name at least two; with all six, the six "
            "are included (add another, e.g. Vietnamese, if it is offered too); without "
            "interpretation, the one language spoken (English if none is named)."
        ),
    )
    access = models.CharField(
        _("access"), max_length=20, choices=SessionAccess.choices, default=SessionAccess.OPEN
    )
    organiser = models.ForeignKey(
        "delegations.Delegation",
        on_delete=models.PROTECT,
        related_name="organised_sessions",
        null=True,
        blank=True,
        help_text=_("The delegation that organises a side event."),
        verbose_name=_("organiser"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    pinned = models.BooleanField(
        _("pinned"),
        default=False,
        help_text=_("The timetabling job leaves a pinned session alone."),
    )
    earliest_start = models.DateTimeField(
        _("earliest start"),
        null=True,
        blank=True,
        validators=[plausible_moment],
        help_text=_(
            "With the latest end, the window the timetabling job places the session in: the slot "
            "a side event applied for, or the hours a speaker is available."
        ),
    )
    latest_end = models.DateTimeField(
        _("latest end"), null=True, blank=True, validators=[plausible_moment]
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "start", "room", "title"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="session_slug_unique_per_event"),
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | (Q(start__isnull=False) & Q(end__isnull=False) & Q(end__gt=F("start"))),
                name="session_end_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5)
                & Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="session_duration_5min_to_7days",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="session_capacity_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status=SessionStatus.SCHEDULED)
                | (Q(start__isnull=False) & Q(room__isnull=False)),
                name="session_scheduled_has_room_and_time",
                violation_error_message=_("A scheduled session needs a room and a start."),
            ),
            models.CheckConstraint(
                condition=Q(pinned=False) | (Q(start__isnull=False) & Q(room__isnull=False)),
                name="session_pinned_has_room_and_time",
                violation_error_message=_("A pinned session needs a room and a start."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_valid"
            ),
            PostgresExclusionConstraint(
                name="session_no_overlap_in_room",
                expressions=[
                    ("room", EQUAL),
                    (TsTzRange("start", "end", RangeBounds()), OVERLAPS),
                ],
                condition=Q(room__isnull=False)
                & Q(start__isnull=False)
                & ~Q(status=SessionStatus.CANCELLED),
                violation_error_message=_("The room already has a session at that time."),
            ),
        ]
        indexes = [models.Index(fields=["event", "kind"]), models.Index(fields=["room", "start"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.end = self.computed_end()
        if kwargs.get("update_fields") is not None and "start" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "end"}
        super().save(*args, **kwargs)

    def computed_end(self):
        """The start plus the duration; None while either is missing, or the start lies outside
        the years the planner deals with (its field says so; the sum could overflow)."""
        if self.start is None or self.duration_minutes is None:
            return None
        if not EARLIEST <= self.start.date() <= LATEST:
            return None
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def effective_capacity(self):
        """Places for registration: the smaller of the session's own limit and its room's
        seats (either alone when the other is not set)."""
        limits = [self.capacity, self.room.capacity if self.room_id else None]
        limits = [limit for limit in limits if limit is not None]
        return min(limits) if limits else None

    def clean(self):
        self.end = self.computed_end()
        errors = {}
        room = self.room if self.room_id else None
        if room is not None and self.event_id and room.venue.event_id != self.event_id:
            errors["room"] = _("The room belongs to another event's venue.")
        if self.organiser_id and self.event_id and self.organiser.event_id != self.event_id:
            errors["organiser"] = _("The organiser belongs to another event.")
        if room is not None and self.capacity and self.capacity > room.capacity:
            errors["capacity"] = _("The room has only %(seats)d seats.") % {"seats": room.capacity}
        errors.update(self._confirmed_places_errors(room))
        errors.update(self._window_errors())
        errors.update(self._languages_errors())
        if errors:
            raise ValidationError(errors)
        clash = self.room_clash()
        if clash is not None:
            start = timezone.localtime(clash.start, self.event.timezone)
            end = timezone.localtime(clash.end, self.event.timezone)
            raise ValidationError(
                {
                    "start": _("%(room)s is taken by “%(title)s” from %(start)s to %(end)s.")
                    % {
                        "room": room,
                        "title": clash.title,
                        "start": f"{start:%d %b %H:%M}",
                        "end": f"{end:%H:%M}",
                    }
                }
            )

    def _languages_errors(self):
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) for code in self.languages
        ):
            return {"languages": _("Give a list of language codes.")}
        known = {code for code, _name in settings.LANGUAGES}
        unknown = sorted(set(self.languages) - known)
        if unknown:
            return {"languages": _("Unknown language codes: %s.") % ", ".join(unknown)}
        if len(set(self.languages)) != len(self.languages):
            return {"languages": _("Name each language once.")}
        if self.interpretation == Interpretation.PARTIAL and len(self.languages) < 2:
            return {
                "languages": _(
                    "Name the languages of a session interpreted into some languages: at least two."
                )
            }
        if self.interpretation == Interpretation.NONE and len(self.languages) > 1:
            return {
                "languages": _(
                    "A session without interpretation is held in one language: choose "
                    "interpretation into some languages to offer more."
                )
            }
        return {}

    @property
    def languages_offered(self):
        return languages_offered(self.interpretation, self.languages)

    def _confirmed_places_errors(self, room):
        """A move or a lower limit may not leave confirmed delegates without a seat: refused,
        with the numbers (the organiser moves it to a larger room, or cancels places first)."""
        if self._state.adding or self.status == SessionStatus.CANCELLED:
            return {}
        confirmed = self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        errors = {}
        if room is not None and confirmed > room.capacity:
            errors["room"] = _(
                "%(room)s seats %(seats)d, and %(confirmed)d delegates hold a confirmed place in "
                "“%(title)s”: choose a larger room."
            ) % {"room": room, "seats": room.capacity, "confirmed": confirmed, "title": self.title}
        if self.capacity is not None and confirmed > self.capacity:
            errors["capacity"] = _(
                "%(confirmed)d delegates hold a confirmed place: the capacity cannot be lower."
            ) % {"confirmed": confirmed}
        return errors

    def _window_errors(self):
        """The window must hold the session; a placed session outside it is the timetable's
        conflict (flagged on save, refused at release), not a form error: organisers may
        place it there on purpose before they widen the window."""
        if self.earliest_start is None or self.latest_end is None:
            return {}
        if self.latest_end <= self.earliest_start:
            return {"latest_end": _("The latest end must come after the earliest start.")}
        if self.duration_minutes and self.latest_end - self.earliest_start < timedelta(
            minutes=self.duration_minutes
        ):
            return {
                "latest_end": _("The window is shorter than the session's %(minutes)d minutes.")
                % {"minutes": self.duration_minutes}
            }
        return {}

    def room_clash(self):
        """The first other live session in the same room at an overlapping time, if any."""
        end = self.computed_end()
        if not self.room_id or end is None or self.status == SessionStatus.CANCELLED:
            return None
        return (
            Session.objects.filter(room_id=self.room_id, start__lt=end, end__gt=self.start)
            .exclude(status=SessionStatus.CANCELLED)
            .exclude(pk=self.pk)
            .order_by("start")
            .first()
        )


def delegate_in_session_event_check(record):
    """Refuse a delegate of one event in a session of another."""
    if (
        record.session_id
        and record.delegate_id
        and record.delegate.delegation.event_id != record.session.event_id
    ):
        raise ValidationError({"delegate": _("The delegate belongs to another event.")})


class SessionRole(models.Model):
    """A delegate who chairs or speaks in a session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="roles", verbose_name=_("session")
    )
    delegate = models.ForeignKey(
        "delegations.Delegate",
        on_delete=models.CASCADE,
        related_name="session_roles",
        verbose_name=_("delegate"),
    )
    role = models.CharField(_("role"), max_length=20, choices=SessionRoleKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("session role")
        verbose_name_plural = _("session roles")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "delegate"],
                name="session_role_one_per_delegate",
                violation_error_message=_("This delegate already has a role in this session."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=SessionRoleKind.values), name="session_role_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.delegate}"

    def clean(self):
        delegate_in_session_event_check(self)


class SessionRegistration(models.Model):
    """A delegate's place, or place on the waiting list, in a session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    delegate = models.ForeignKey(
        "delegations.Delegate",
        on_delete=models.CASCADE,
        related_name="session_registrations",
        verbose_name=_("delegate"),
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "delegate"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="session_registration_one_live_per_delegate",
                violation_error_message=_("This delegate is already registered for the session."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="session_registration_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self):
        return f"{self.delegate} — {self.session}"

    def clean(self):
        delegate_in_session_event_check(self)


class CheckIn(models.Model):
    """A badge scanned at the venue entry (no session) or at a session's door."""

    event = models.ForeignKey(
        "ceremony.Event",
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("event"),
    )
    delegate = models.ForeignKey(
        "delegations.Delegate",
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("delegate"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="check_ins",
        null=True,
        blank=True,
        help_text=_("Empty for the venue entry."),
        verbose_name=_("session"),
    )
    scanned_at = models.DateTimeField(_("scanned at"), default=timezone.now)
    nonce = models.CharField(
        _("scan id"),
        max_length=64,
        help_text=_("Sent by the scanner; a retried scan with the same id is counted once."),
    )
    gate = models.CharField(_("gate"), max_length=100, blank=True, validators=[single_line])
    zone = models.ForeignKey(
        "delegations.Zone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_ins",
        verbose_name=_("zone"),
        help_text=_("The access zone of the door (its page's, or its session room's)."),
    )
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scanned by"),
    )

    class Meta:
        ordering = ["-scanned_at"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "nonce"], name="check_in_nonce_unique_per_event"
            ),
        ]
        indexes = [models.Index(fields=["event", "scanned_at"])]

    def __str__(self):
        return f"{self.delegate} @ {self.scanned_at:%Y-%m-%d %H:%M}"

    def clean(self):
        errors = {}
        if (
            self.delegate_id
            and self.event_id
            and self.delegate.delegation.event_id != self.event_id
        ):
            errors["delegate"] = _("The delegate belongs to another event.")
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            errors["session"] = _("The session belongs to another event.")
        if errors:
            raise ValidationError(errors)


class ScheduleProposal(models.Model):
    """A timetable the engine proposed for an event; organisers review it, then apply it.

    ``problem`` and ``solution`` are the engine's own JSON documents (format
    ``treaty-event-timetable/1``), kept as they were so that a proposal can be re-read later.
    """

    event = models.ForeignKey(
        "ceremony.Event",
        on_delete=models.CASCADE,
        related_name="schedule_proposals",
        verbose_name=_("event"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.QUEUED
    )
    time_limit_seconds = models.PositiveSmallIntegerField(
        _("time limit (seconds)"), default=30, validators=[MinValueValidator(1)]
    )
    problem = models.JSONField(_("problem"), default=dict, blank=True)
    solution = models.JSONField(_("solution"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=255, blank=True, verbose_name=_("task id"))
    dispatched_at = models.DateTimeField(
        _("handed to a worker at"),
        null=True,
        blank=True,
        help_text=_("Empty while the job queue was unavailable: the job waits for it."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("timetable proposal")
        verbose_name_plural = _("timetable proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.APPLIED) | Q(applied_at__isnull=False),
                name="proposal_applied_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.event.acronym} proposal {self.pk} ({self.get_status_display()})"

    @property
    def waiting_for_queue(self):
        """Queued while the job queue was unavailable: no worker has it yet."""
        return self.status == ProposalStatus.QUEUED and self.dispatched_at is None

    @property
    def placed_count(self):
        return len((self.solution or {}).get("assignments", []))

    @property
    def unplaced(self):
        return (self.solution or {}).get("unplaced", [])


class ScheduleRelease(models.Model):
    """A numbered, immutable version of the event's released schedule.

    ``sessions`` is the snapshot of every live session at release time; ``changes`` is computed
    against the previous version (added, moved, cancelled), never written by hand.
    """

    event = models.ForeignKey(
        "ceremony.Event",
        on_delete=models.CASCADE,
        related_name="schedule_releases",
        verbose_name=_("event"),
    )
    version = models.PositiveIntegerField(_("version"))
    released_at = models.DateTimeField(_("released at"), default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[single_line])
    sessions = models.JSONField(_("sessions"), default=list)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["event", "-version"]
        verbose_name = _("schedule release")
        verbose_name_plural = _("schedule releases")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "version"], name="release_version_unique_per_event"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="release_version_positive"),
        ]

    def __str__(self):
        return f"{self.event.acronym} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A released schedule cannot be changed; release a new one."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A released schedule cannot be deleted."))


class ReleaseNotification(models.Model):
    """One message to one delegate about one release: the sessions they are registered for
    (a confirmed place), chair or speak in that moved or were cancelled, in their language,
    with their itinerary. The outbox: organisers review, send or discard (pretalx's habit).

    ``changes`` names the person's sessions by key (``{"moved": [...], "cancelled": [...]}``);
    the text is rendered from the release in ``language`` when it is previewed or sent, and
    what went out (subject, body, address, Message-ID) is kept once sent: the record of the
    message, which a translation corrected later, or a delegate renamed, must not rewrite.
    """

    release = models.ForeignKey(
        ScheduleRelease,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("release"),
    )
    delegate = models.ForeignKey(
        "delegations.Delegate",
        on_delete=models.CASCADE,
        related_name="release_notifications",
        verbose_name=_("delegate"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NotificationStatus.choices,
        default=NotificationStatus.HELD,
    )
    changes = models.JSONField(_("changes"), default=dict)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    dispatched_at = models.DateTimeField(
        _("handed to a worker at"),
        null=True,
        blank=True,
        help_text=_("Empty while the job queue was unavailable: the message waits for it."),
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times a worker tried to send it.")
    )
    error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipient = models.EmailField(_("sent to"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    subject = models.CharField(_("subject as sent"), max_length=500, blank=True)
    body = models.TextField(_("text as sent"), blank=True)

    class Meta:
        ordering = ["release", "pk"]
        verbose_name = _("release message")
        verbose_name_plural = _("release messages (outbox)")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "delegate"], name="release_notification_one_per_person"
            ),
            models.CheckConstraint(
                condition=Q(status__in=NotificationStatus.values),
                name="release_notification_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.SENT) | Q(sent_at__isnull=False),
                name="release_notification_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["release", "status"], name="release_notification_status"),
            models.Index(fields=["status", "dispatched_at"], name="release_notification_queue"),
        ]

    def __str__(self):
        return f"{self.release} → {self.delegate}"

    @property
    def waiting_for_queue(self):
        """Queued while the job queue was unavailable: no worker has it yet."""
        return self.status == NotificationStatus.QUEUED and self.dispatched_at is None

    @property
    def change_count(self):
        return sum(len(keys) for keys in (self.changes or {}).values())


#: Each narrowed scope and the field that names what it narrows to (with its empty value).
EXPORT_SCOPE_FIELDS = (
    (ExportScope.DAY, "day__isnull", True),
    (ExportScope.ROOM, "room__isnull", True),
    (ExportScope.KIND, "kind", ""),
    (ExportScope.DELEGATION, "delegation__isnull", True),
    (ExportScope.DELEGATE, "delegate__isnull", True),
)


def export_upload_to(job, filename):
    """One folder per job: a retried job replaces its own file, never another job's."""
    return f"exports/{job.event_id}/{job.pk}/{filename}"


class ExportJob(models.Model):
    """A schedule export written by a Celery job to private storage, for whoever asked.

    The scope's own field (day, room, kind, delegation, delegate) is required for that scope and
    empty otherwise.
    """

    event = models.ForeignKey(
        "ceremony.Event", on_delete=models.CASCADE, related_name="exports", verbose_name=_("event")
    )
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    scope = models.CharField(
        _("scope"), max_length=20, choices=ExportScope.choices, default=ExportScope.EVENT
    )
    day = models.DateField(_("day"), null=True, blank=True, validators=[plausible_moment])
    room = models.ForeignKey(
        "ceremony.Room",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=SessionKind.choices, blank=True)
    delegation = models.ForeignKey(
        "delegations.Delegation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delegation"),
    )
    delegate = models.ForeignKey(
        "delegations.Delegate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delegate"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the file's titles, rooms and headings."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=export_upload_to, blank=True
    )
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=255, blank=True, verbose_name=_("task id"))
    dispatched_at = models.DateTimeField(
        _("handed to a worker at"),
        null=True,
        blank=True,
        help_text=_("Empty while the job queue was unavailable: the export waits for it."),
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times a worker started writing the file.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("schedule export")
        verbose_name_plural = _("schedule exports")
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=ExportFormat.values), name="export_format_valid"
            ),
            *(
                models.CheckConstraint(
                    condition=(Q(scope=scope) & ~Q(**{field: empty}))
                    | (~Q(scope=scope) & Q(**{field: empty})),
                    name=f"export_{scope}_scope_has_its_{scope}",
                )
                for scope, field, empty in EXPORT_SCOPE_FIELDS
            ),
        ]

    def __str__(self):
        return f"{self.event.acronym} {self.get_scope_display()} ({self.format})"

    @property
    def waiting_for_queue(self):
        """Queued while the job queue was unavailable: no worker has it yet."""
        return self.status == ExportStatus.QUEUED and self.dispatched_at is None

    #: The field each scope narrows by (the whole event needs none).
    SCOPE_FIELDS = {
        ExportScope.DAY: "day",
        ExportScope.ROOM: "room",
        ExportScope.KIND: "kind",
        ExportScope.DELEGATION: "delegation",
        ExportScope.DELEGATE: "delegate",
    }

    def clean(self):
        """The scope's own field is given, by its field (the database's rule says the same,
        less kindly); the narrowing belongs to the same event; a release exists to export."""
        needed = self.SCOPE_FIELDS.get(self.scope)
        if needed:
            field = self._meta.get_field(needed)
            if getattr(self, field.attname) in (None, ""):
                raise ValidationError(
                    {needed: _("Choose the %(field)s to export.") % {"field": field.verbose_name}}
                )
        if not self.event_id:
            return
        owners = {
            "room": self.room.venue.event_id if self.room_id else None,
            "delegation": self.delegation.event_id if self.delegation_id else None,
            "delegate": self.delegate.delegation.event_id if self.delegate_id else None,
        }
        errors = {
            field: _("This belongs to another event.")
            for field, event_id in owners.items()
            if event_id is not None and event_id != self.event_id
        }
        if errors:
            raise ValidationError(errors)
        if self._state.adding and not self.event.schedule_releases.exists():
            raise ValidationError(_("No schedule has been released for this event yet."))


class AttendanceSnapshot(models.Model):
    """An event's attendance counts at one moment, as the attendance job computed them.

    Stored rather than computed on every page view: the dashboard, the API and exports read the
    same figures, and successive snapshots show how the event filled up.
    """

    event = models.ForeignKey(
        "ceremony.Event",
        on_delete=models.CASCADE,
        related_name="attendance_snapshots",
        verbose_name=_("event"),
    )
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        ordering = ["-taken_at"]
        get_latest_by = "taken_at"
        verbose_name = _("attendance snapshot")
        verbose_name_plural = _("attendance snapshots")
        indexes = [models.Index(fields=["event", "-taken_at"], name="attendance_event_latest")]

    def __str__(self):
        return f"{self.event.acronym} {self.taken_at:%Y-%m-%d %H:%M}"


STATEMENT_MAX_BYTES = 10 * 1024 * 1024


def statement_file_validate(document):
    """A statement for the meeting's public page: a PDF of at most 10 MB, checked by content."""
    upload = new_upload(document)
    if upload is None:
        return
    file_name_check(upload)
    size_check(upload, STATEMENT_MAX_BYTES, _("The file is larger than 10 MB."))
    if not is_pdf(upload):
        raise ValidationError(_("The file is not a PDF."), code="not_pdf")
    pdf_check(upload)


def statement_upload_to(entry, filename):
    name = upload_name(filename, fallback="statement")
    return f"statements/{entry.speakers_list_id}/{entry.delegation_id}/{name}"


class SpeakersList(models.Model):
    """The list of speakers of one plenary: open to inscriptions until closed, with the time
    each statement may take."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="speakers_list", verbose_name=_("session")
    )
    is_open = models.BooleanField(_("open for inscription"), default=True)
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, validators=[plausible_moment]
    )
    minutes_per_statement = models.PositiveSmallIntegerField(
        _("minutes per statement"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("list of speakers")
        verbose_name_plural = _("lists of speakers")
        ordering = ["session__start", "pk"]

    def __str__(self):
        return str(self.session)

    def clean(self):
        if self.session_id and self.session.kind != SessionKind.PLENARY:
            raise ValidationError({"session": _("Only a plenary has a list of speakers.")})

    def accepts_inscriptions(self, moment=None):
        """Open, and not past its closing time."""
        moment = moment or timezone.now()
        return self.is_open and (self.closes_at is None or moment < self.closes_at)


class SpeakerEntry(models.Model):
    """A delegation's inscription on a plenary's list of speakers.

    Its place follows UN practice (``sessions.selectors.speakers``) unless the secretariat
    gave it a ``position``. A withdrawn or merged entry stays, for the list's history.
    """

    speakers_list = models.ForeignKey(
        SpeakersList,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("list of speakers"),
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        on_delete=models.CASCADE,
        related_name="speaker_entries",
        verbose_name=_("delegation"),
    )
    speaker = models.ForeignKey(
        "delegations.Delegate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_entries",
        verbose_name=_("speaker"),
    )
    speaker_name = models.CharField(
        _("speaker's name and title"), max_length=200, blank=True, validators=[single_line]
    )
    level = models.CharField(
        _("level of representation"), max_length=30, choices=RepresentationLevel.choices
    )
    inscribed_at = models.DateTimeField(_("inscribed at"), default=timezone.now)
    position = models.PositiveIntegerField(_("place set by the secretariat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SpeakerStatus.choices, default=SpeakerStatus.INSCRIBED
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_entries",
        verbose_name=_("merged into"),
    )
    statement = models.FileField(
        _("statement (PDF)"),
        storage=private_storage,
        upload_to=statement_upload_to,
        blank=True,
        max_length=255,
        validators=[FileExtensionValidator(["pdf"]), statement_file_validate],
    )
    statement_uploaded_at = models.DateTimeField(_("statement uploaded at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["statement"])

    class Meta:
        verbose_name = _("speaker's inscription")
        verbose_name_plural = _("speakers' inscriptions")
        ordering = ["speakers_list", "inscribed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SpeakerStatus.values), name="speaker_entry_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=RepresentationLevel.values), name="speaker_entry_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=SpeakerStatus.MERGED) | Q(merged_into__isnull=True),
                name="speaker_entry_merged_has_target",
            ),
        ]
        indexes = [models.Index(fields=["speakers_list", "status"])]

    def __str__(self):
        return f"{self.delegation}: {self.speaker_name}"

    def clean(self):
        if (
            self.speaker_id
            and self.delegation_id
            and self.speaker.delegation_id != self.delegation_id
        ):
            raise ValidationError({"speaker": _("The speaker belongs to another delegation.")})
        if (
            self.speakers_list_id
            and self.delegation_id
            and self.delegation.event_id != self.speakers_list.session.event_id
        ):
            raise ValidationError({"delegation": _("The delegation belongs to another event.")})
