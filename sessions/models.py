"""The programme: sessions, their chairs and speakers, registrations and check-ins."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constraints import PostgresExclusionConstraint


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


MAX_DURATION_MINUTES = 7 * 24 * 60


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening session")
    CLOSING = "closing", _("Closing session")
    PLENARY = "plenary", _("Plenary")
    SIGNING = "signing", _("Signing session")
    HIGH_LEVEL_PANEL = "high_level_panel", _("High-level panel")
    ROUNDTABLE = "roundtable", _("Roundtable")
    SIDE_EVENT = "side_event", _("Side event")
    WORKSHOP = "workshop", _("Workshop")
    GALA_DINNER = "gala_dinner", _("Gala dinner")
    EXHIBITION = "exhibition", _("Exhibition")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    BILATERAL = "bilateral", _("Bilateral meeting")


class Interpretation(models.TextChoices):
    NONE = "none", _("None")
    PARTIAL = "partial", _("Some languages")
    FULL = "full", _("All six UN languages")


class SessionAccess(models.TextChoices):
    OPEN = "open", _("Open to accredited delegates")
    HEADS_PLUS_ONE = "heads_plus_one", _("Heads of delegation plus one")
    INVITATION = "invitation", _("By invitation")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Session(models.Model):
    """A session of the programme.

    ``start`` and ``duration_minutes`` are what organisers set; ``end`` is kept in step by
    ``save()`` so that the database can index it and, on PostgreSQL, refuse two sessions in one
    room at overlapping times.
    """

    event = models.ForeignKey("ceremony.Event", on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=30, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    room = models.ForeignKey(
        "ceremony.Room",
        on_delete=models.PROTECT,
        related_name="sessions",
        null=True,
        blank=True,
    )
    start = models.DateTimeField(_("start"), null=True, blank=True)
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
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    pinned = models.BooleanField(
        _("pinned"),
        default=False,
        help_text=_("The timetabling job leaves a pinned session alone."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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
                    ("room", RangeOperators.EQUAL),
                    (TsTzRange("start", "end", RangeBoundary()), RangeOperators.OVERLAPS),
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
        if self.start is None or self.duration_minutes is None:
            return None
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def effective_capacity(self):
        """Places for registration: the session's own limit, else the room's seats."""
        if self.capacity is not None:
            return self.capacity
        return self.room.capacity if self.room_id else None

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


class SessionRoleKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")
    PANELLIST = "panellist", _("Panellist")


class SessionRole(models.Model):
    """A delegate who chairs or speaks in a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="roles")
    delegate = models.ForeignKey(
        "delegations.Delegate", on_delete=models.CASCADE, related_name="session_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=SessionRoleKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
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


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SessionRegistration(models.Model):
    """A delegate's place, or place on the waiting list, in a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    delegate = models.ForeignKey(
        "delegations.Delegate", on_delete=models.CASCADE, related_name="session_registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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

    event = models.ForeignKey("ceremony.Event", on_delete=models.CASCADE, related_name="check_ins")
    delegate = models.ForeignKey(
        "delegations.Delegate", on_delete=models.CASCADE, related_name="check_ins"
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="check_ins",
        null=True,
        blank=True,
        help_text=_("Empty for the venue entry."),
    )
    scanned_at = models.DateTimeField(_("scanned at"), default=timezone.now)
    nonce = models.CharField(
        _("scan id"),
        max_length=64,
        help_text=_("Sent by the scanner; a retried scan with the same id is counted once."),
    )
    gate = models.CharField(_("gate"), max_length=100, blank=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-scanned_at"]
        verbose_name = _("check-in")
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
