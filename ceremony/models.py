"""The event itself (Event, Venue, Room and its availability) and the signing of the treaty."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords
from timezone_field import TimeZoneField

from config.storages import private_storage
from delegations.models import (
    FULL_POWERS_EXEMPT_LEVELS,
    SIGNATORY_KINDS,
    RepresentationLevel,
)


def default_event_languages():
    return list(settings.UN_LANGUAGES)


class Event(models.Model):
    """One treaty event; every other record belongs to exactly one event."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(
        _("acronym"), max_length=40, help_text=_("Short name used in exports, e.g. HANOI2025.")
    )
    treaty_title = models.CharField(_("treaty"), max_length=300)
    treaty_short_title = models.CharField(_("treaty short title"), max_length=120, blank=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    timezone = TimeZoneField(_("time zone"), default="UTC")
    languages = models.JSONField(
        _("languages"),
        default=default_event_languages,
        help_text=_("Interpretation and document languages, as language codes."),
    )
    host_country = CountryField(_("host country"), blank=True)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    invitation_valid_days = models.PositiveSmallIntegerField(
        _("invitations valid for (days)"), default=14
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=F("registration_opens")),
                name="event_registration_window_ordered",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        known = {code for code, _name in settings.LANGUAGES}
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) for code in self.languages
        ):
            raise ValidationError({"languages": _("Give a list of language codes.")})
        unknown = sorted(set(self.languages) - known)
        if unknown:
            raise ValidationError(
                {"languages": _("Unknown language codes: %s.") % ", ".join(unknown)}
            )

    def registration_is_open(self, moment=None):
        """Focal points may change their delegation only inside the registration window."""
        moment = moment or timezone.now()
        opened = self.registration_opens is None or self.registration_opens <= moment
        not_closed = self.registration_closes is None or moment < self.registration_closes
        return opened and not_closed

    def local(self, moment):
        """A stored (UTC) instant in the event's own time zone."""
        return timezone.localtime(moment, self.timezone) if moment else None

    @property
    def days(self):
        """The event's dates, first to last."""
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(count)]


class Venue(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="venue_name_unique_per_event"),
        ]

    def __str__(self):
        return self.name


class Room(models.Model):
    """A room of a venue: its seats and interpretation booths bound what may happen in it."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=50)
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    interpretation_booths = models.PositiveSmallIntegerField(
        _("interpretation booths"), default=0, validators=[MaxValueValidator(12)]
    )
    turnover_minutes = models.PositiveSmallIntegerField(
        _("turnover (minutes)"),
        default=0,
        validators=[MaxValueValidator(240)],
        help_text=_("Time the room must stay free after each session (cleaning, set-up)."),
    )
    floor = models.CharField(_("floor"), max_length=40, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=True)

    class Meta:
        ordering = ["venue", "-capacity", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "code"], name="room_code_unique_per_venue"),
            models.UniqueConstraint(fields=["venue", "name"], name="room_name_unique_per_venue"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
            models.CheckConstraint(
                condition=Q(interpretation_booths__lte=12), name="room_booths_at_most_12"
            ),
            models.CheckConstraint(
                condition=Q(turnover_minutes__lte=240), name="room_turnover_at_most_4h"
            ),
        ]

    def __str__(self):
        return self.name


class RoomUnavailability(models.Model):
    """A time when a room cannot be used (set-up, security sweep, another booking)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="unavailabilities")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["room", "start"]
        verbose_name_plural = _("room unavailabilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="room_unavailability_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self):
        return f"{self.room}: {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class FullPowersStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    AWAITING = "awaiting", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


def full_powers_upload_to(instance, filename):
    return f"full-powers/{instance.event_id}/{instance.delegation_id}/{filename}"


class SigningRequest(models.Model):
    """A State's or a REIO's request to sign the treaty at the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signing_requests")
    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="signing_requests"
    )
    representative = models.ForeignKey(
        "delegations.Delegate", on_delete=models.PROTECT, related_name="signing_requests"
    )
    level = models.CharField(
        _("level of representation"), max_length=30, choices=RepresentationLevel.choices
    )
    preferred_date = models.DateField(_("preferred day"), null=True, blank=True)
    full_powers_status = models.CharField(
        _("full powers"), max_length=20, choices=FullPowersStatus.choices
    )
    full_powers_document = models.FileField(
        _("instrument of full powers"),
        storage=private_storage,
        upload_to=full_powers_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"])],
    )
    full_powers_note = models.TextField(
        _("full powers note"), blank=True, help_text=_("Required when rejecting: the reason.")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["full_powers_document"])

    class Meta:
        ordering = ["event", "requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "delegation"],
                name="signing_request_one_per_delegation",
                violation_error_message=_("This delegation has already requested to sign."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(level__in=FULL_POWERS_EXEMPT_LEVELS)
                    & Q(full_powers_status=FullPowersStatus.NOT_REQUIRED)
                )
                | (
                    ~Q(level__in=FULL_POWERS_EXEMPT_LEVELS)
                    & Q(
                        full_powers_status__in=[
                            FullPowersStatus.AWAITING,
                            FullPowersStatus.VERIFIED,
                            FullPowersStatus.REJECTED,
                        ]
                    )
                ),
                name="signing_request_full_powers_match_level",
                violation_error_message=_(
                    "Only a Head of State, a Head of Government or a Minister for Foreign Affairs "
                    "signs without full powers."
                ),
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True)
                | Q(
                    full_powers_status__in=[
                        FullPowersStatus.NOT_REQUIRED,
                        FullPowersStatus.VERIFIED,
                    ]
                ),
                name="signing_request_signed_needs_valid_powers",
                violation_error_message=_("A signature needs verified full powers."),
            ),
            models.CheckConstraint(
                condition=~Q(full_powers_status=FullPowersStatus.REJECTED)
                | ~Q(full_powers_note=""),
                name="signing_request_rejection_has_reason",
                violation_error_message=_("Give the reason for rejecting the full powers."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=RepresentationLevel.values),
                name="signing_request_level_valid",
            ),
        ]

    def __str__(self):
        return f"{self.delegation} — {self.representative}"

    def clean(self):
        errors = {}
        delegation = self.delegation if self.delegation_id else None
        if delegation is not None:
            if delegation.event_id != self.event_id:
                errors["delegation"] = _("The delegation belongs to another event.")
            elif delegation.kind not in SIGNATORY_KINDS:
                errors["delegation"] = _(
                    "Only States and regional economic integration organisations can sign."
                )
            if self.representative_id and self.representative.delegation_id != delegation.pk:
                errors["representative"] = _("The representative must belong to the delegation.")
        if errors:
            raise ValidationError(errors)

    @property
    def full_powers_required(self):
        return self.level not in FULL_POWERS_EXEMPT_LEVELS
