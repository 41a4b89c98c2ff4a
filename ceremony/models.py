"""The event itself (Event, Venue, Room and its availability) and the signing of the treaty."""

from datetime import time, timedelta

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
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords
from timezone_field import TimeZoneField

from config.core.content import OriginalInDefaultLanguage
from config.core.moments import plausible_moment
from config.core.storages import private_storage
from config.core.text import NOTE_MAX_LENGTH, multi_line, single_line
from config.core.uploads import (
    extension_of,
    file_name_check,
    image_check,
    is_pdf,
    new_upload,
    pdf_check,
    size_check,
    upload_name,
)
from config.core.webhooks import url_check
from delegations.enums import FULL_POWERS_EXEMPT_LEVELS, SIGNATORY_KINDS, RepresentationLevel

from .enums import FullPowersStatus, InstrumentKind, SeatingSection, WebhookKind, WebhookStatus

#: How far ahead of this machine's clock a signature may be dated (another device's clock).
SIGNATURE_CLOCK_SLACK = timedelta(minutes=5)

#: The instruments by which a signatory becomes a party; a State that never signed accedes.
AFTER_SIGNATURE = (InstrumentKind.RATIFICATION, InstrumentKind.ACCEPTANCE, InstrumentKind.APPROVAL)


def default_event_languages():
    return list(settings.UN_LANGUAGES)


class Event(OriginalInDefaultLanguage, models.Model):
    """One treaty event; every other record belongs to exactly one event."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=[single_line])
    acronym = models.CharField(
        _("acronym"),
        max_length=40,
        validators=[single_line],
        help_text=_("Short name used in exports, e.g. HANOI2025."),
    )
    # Long enough for a treaty's full title in every language (the Convention's runs to 305
    # characters in Russian and Spanish).
    treaty_title = models.CharField(_("treaty"), max_length=500, validators=[single_line])
    treaty_short_title = models.CharField(
        _("treaty short title"), max_length=120, blank=True, validators=[single_line]
    )
    theme = models.CharField(_("theme"), max_length=300, blank=True, validators=[single_line])
    start_date = models.DateField(_("first day"), validators=[plausible_moment])
    end_date = models.DateField(_("last day"), validators=[plausible_moment])
    timezone = TimeZoneField(_("time zone"), default="UTC")
    languages = models.JSONField(
        _("languages"),
        default=default_event_languages,
        help_text=_("Interpretation and document languages, as language codes."),
    )
    host_country = CountryField(_("host country"), blank=True)
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, validators=[plausible_moment]
    )
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True, validators=[plausible_moment]
    )
    invitation_valid_days = models.PositiveSmallIntegerField(
        _("invitations valid for (days)"), default=14
    )
    day_opens = models.TimeField(
        _("programme day opens"), default=time(8, 0), help_text=_("Earliest start, each day.")
    )
    day_closes = models.TimeField(
        _("programme day closes"), default=time(22, 0), help_text=_("Latest end, each day.")
    )
    release_messages_reviewed = models.BooleanField(
        _("review release messages before they are sent"),
        default=True,
        help_text=_(
            "After each release of the schedule, the messages to the delegates whose sessions "
            "moved or were cancelled wait in the outbox until an organiser sends them. Untick "
            "to send them as soon as they are written."
        ),
    )
    signing_host_first = models.BooleanField(
        _("host State signs first"), default=True, help_text=_("Protocol courtesy to the host.")
    )
    signing_minutes = models.PositiveSmallIntegerField(
        _("minutes per signature"), default=2, validators=[MinValueValidator(1)]
    )
    signing_break_every = models.PositiveSmallIntegerField(
        _("break after every (signatures)"),
        default=0,
        help_text=_("0: no breaks. Otherwise a pause after this many signatures."),
    )
    signing_break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    treaty_adopted_on = models.DateField(
        _("treaty adopted on"),
        null=True,
        blank=True,
        validators=[plausible_moment],
        help_text=_("No instrument can be deposited before the treaty was adopted."),
    )
    signature_closes_on = models.DateField(
        _("open for signature until"),
        null=True,
        blank=True,
        validators=[plausible_moment],
        help_text=_(
            "Signature opens on the event's first day and stays open until this day (at the "
            "depositary's seat after the event). Empty: during the event only."
        ),
    )
    entry_into_force_instruments = models.PositiveSmallIntegerField(
        _("instruments for entry into force"),
        default=40,
        validators=[MinValueValidator(1)],
        help_text=_("Ratification, acceptance, approval or accession instruments needed."),
    )
    entry_into_force_days = models.PositiveSmallIntegerField(
        _("entry into force after (days)"),
        default=90,
        help_text=_("The treaty enters into force on this day after the last needed deposit."),
    )
    entry_into_force_later_days = models.PositiveSmallIntegerField(
        _("entry into force for later parties after (days)"),
        default=30,
        help_text=_(
            "For a party depositing after the needed instruments: on this day after its own "
            "deposit, or on the general date if that is later."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(day_closes__gt=F("day_opens")),
                name="event_day_closes_after_it_opens",
                violation_error_message=_("The programme day must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(signature_closes_on__isnull=True)
                | Q(signature_closes_on__gte=F("end_date")),
                name="event_signature_open_through_the_event",
                violation_error_message=_(
                    "Signature must stay open at least until the event's last day."
                ),
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
    def signature_window(self):
        """The first and last day a signature may be dated (the treaty's final clauses)."""
        return self.start_date, self.signature_closes_on or self.end_date

    @property
    def days(self):
        """The event's dates, first to last."""
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(count)]


#: Interpreters a booth team needs (UN practice): three in the Arabic and Chinese booths, which
#: also interpret back into English or French, two in the others; a language beyond the six is
#: interpreted by relay from one of them, by a team of two.
BOOTH_TEAM_SIZES = {"ar": 3, "zh-hans": 3}
DEFAULT_BOOTH_TEAM_SIZE = 2


def booth_team_size(language):
    return BOOTH_TEAM_SIZES.get(language, DEFAULT_BOOTH_TEAM_SIZE)


class InterpreterPool(models.Model):
    """The interpreters an event has in one language: its booth teams are how many sessions can
    be interpreted into that language at the same time, which the timetable must respect.

    An event without any pool does not limit interpretation; once it has some, a language
    without a pool has no interpreters.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="interpreter_pools", verbose_name=_("event")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    interpreters = models.PositiveSmallIntegerField(
        _("interpreters"),
        help_text=_(
            "Interpreters working into this language. An event with no languages here does not "
            "limit interpretation; with some, a language not listed has no interpreters."
        ),
    )
    team_size = models.PositiveSmallIntegerField(
        _("interpreters per booth team"),
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Empty: 3 for Arabic and Chinese, 2 for the other languages (UN practice)."),
    )

    class Meta:
        ordering = ["event", "language"]
        verbose_name = _("interpreter pool")
        verbose_name_plural = _("interpreters by language")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"],
                name="interpreter_pool_one_per_language",
                violation_error_message=_("This language already has its interpreters."),
            ),
            models.CheckConstraint(
                condition=Q(team_size__gte=1, team_size__lte=6),
                name="interpreter_pool_team_of_1_to_6",
                violation_error_message=_("A booth team has from 1 to 6 interpreters."),
            ),
            models.CheckConstraint(
                condition=Q(interpreters=0) | Q(interpreters__gte=F("team_size")),
                name="interpreter_pool_staffs_a_team",
                violation_error_message=_("Too few interpreters for one booth team."),
            ),
        ]

    def __str__(self):
        return f"{self.get_language_display()}: {self.interpreters}"

    def save(self, *args, **kwargs):
        if self.team_size is None:
            self.team_size = booth_team_size(self.language)
        super().save(*args, **kwargs)

    @property
    def teams(self):
        """Booth teams: sessions that can be interpreted into this language at once."""
        return self.interpreters // self.team_size if self.team_size else 0

    @property
    def by_relay(self):
        """Beyond the six UN languages, interpreters work from another booth (relay)."""
        return self.language not in settings.UN_LANGUAGES

    def clean(self):
        if self.team_size is None:
            self.team_size = booth_team_size(self.language)
        if self.team_size and 0 < (self.interpreters or 0) < self.team_size:
            raise ValidationError(
                {
                    "interpreters": _(
                        "A booth team needs %(size)d interpreters: give none or at least %(size)d."
                    )
                    % {"size": self.team_size}
                }
            )


class Venue(OriginalInDefaultLanguage, models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="venues", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    address = models.CharField(_("address"), max_length=300, blank=True, validators=[single_line])
    city = models.CharField(_("city"), max_length=100, blank=True, validators=[single_line])

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="venue_name_unique_per_event"),
        ]

    def __str__(self):
        return self.name


class Room(OriginalInDefaultLanguage, models.Model):
    """A room of a venue: its seats and interpretation booths bound what may happen in it."""

    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=200, validators=[single_line])
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
    floor = models.CharField(_("floor"), max_length=40, blank=True, validators=[single_line])
    step_free = models.BooleanField(_("step-free access"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
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

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="unavailabilities", verbose_name=_("room")
    )
    start = models.DateTimeField(_("from"), validators=[plausible_moment])
    end = models.DateTimeField(_("until"), validators=[plausible_moment])
    reason = models.CharField(_("reason"), max_length=200, blank=True, validators=[single_line])

    class Meta:
        ordering = ["room", "start"]
        verbose_name = _("room unavailability")
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


FULL_POWERS_MAX_BYTES = 10 * 1024 * 1024


def full_powers_file_validate(document):
    """A new copy: a PDF or a JPEG/PNG image, at most 10 MB, checked by content and name."""
    upload = new_upload(document)
    if upload is None:
        return
    file_name_check(upload)
    size_check(upload, FULL_POWERS_MAX_BYTES, _("The file is larger than 10 MB."))
    if extension_of(upload.name) == "pdf":
        if not is_pdf(upload):
            raise ValidationError(_("The file is not a PDF."), code="not_pdf")
        pdf_check(upload)
    elif is_pdf(upload):
        raise ValidationError(_("The file is a PDF: its name must end in .pdf."), code="not_image")
    else:
        image_check(upload)


def full_powers_upload_to(instance, filename):
    name = upload_name(filename, fallback="full-powers")
    return f"full-powers/{instance.event_id}/{instance.delegation_id}/{name}"


class SigningRequest(models.Model):
    """A State's or a REIO's request to sign the treaty at the event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="signing_requests", verbose_name=_("event")
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        on_delete=models.CASCADE,
        related_name="signing_requests",
        verbose_name=_("delegation"),
    )
    representative = models.ForeignKey(
        "delegations.Delegate",
        on_delete=models.PROTECT,
        related_name="signing_requests",
        verbose_name=_("representative"),
    )
    level = models.CharField(
        _("level of representation"), max_length=30, choices=RepresentationLevel.choices
    )
    preferred_date = models.DateField(
        _("preferred day"), null=True, blank=True, validators=[plausible_moment]
    )
    full_powers_status = models.CharField(
        _("full powers"), max_length=20, choices=FullPowersStatus.choices
    )
    full_powers_document = models.FileField(
        _("instrument of full powers"),
        storage=private_storage,
        upload_to=full_powers_upload_to,
        blank=True,
        max_length=255,
        validators=[
            FileExtensionValidator(["pdf", "png", "jpg", "jpeg"]),
            full_powers_file_validate,
        ],
    )
    full_powers_note = models.TextField(
        _("full powers note"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH), multi_line],
        help_text=_("Required when rejecting: the reason."),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    signing_order = models.PositiveIntegerField(_("order"), null=True, blank=True)
    slot_session = models.ForeignKey(
        "programme.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signing_slots",
        verbose_name=_("signing session"),
    )
    slot_start = models.DateTimeField(_("slot"), null=True, blank=True)
    #: Where the slot ends, as long as the slots were when it was given: a later change of the
    #: minutes per signature must not make a new slot overlap it.
    slot_end = models.DateTimeField(_("slot ends"), null=True, blank=True)
    slot_published_at = models.DateTimeField(_("slot published at"), null=True, blank=True)
    signed_at = models.DateTimeField(
        _("signed at"), null=True, blank=True, validators=[plausible_moment]
    )
    history = HistoricalRecords(excluded_fields=["full_powers_document"])

    class Meta:
        verbose_name = _("signing request")
        verbose_name_plural = _("signing requests")
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
            models.CheckConstraint(
                condition=Q(slot_start__isnull=True)
                | Q(
                    full_powers_status__in=[
                        FullPowersStatus.NOT_REQUIRED,
                        FullPowersStatus.VERIFIED,
                    ]
                ),
                name="signing_request_slot_needs_valid_powers",
                violation_error_message=_("A signing slot needs verified full powers."),
            ),
            models.CheckConstraint(
                condition=(Q(slot_start__isnull=True) & Q(slot_session__isnull=True))
                | (Q(slot_start__isnull=False) & Q(slot_session__isnull=False)),
                name="signing_request_slot_in_a_session",
            ),
            models.CheckConstraint(
                condition=Q(slot_start__isnull=True, slot_end__isnull=True)
                | Q(slot_start__isnull=False, slot_end__isnull=False, slot_end__gt=F("slot_start")),
                name="signing_request_slot_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["slot_session", "slot_start"],
                name="signing_slot_taken_once",
                violation_error_message=_("This signing slot is already taken."),
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
            elif self.representative_id and self.representative.accreditation_status == "withdrawn":
                errors["representative"] = _("This delegate has been withdrawn.")
            if self.preferred_date and self.preferred_date not in delegation.event.days:
                errors["preferred_date"] = _("Choose one of the event's days.")
        if self.signed_at is not None and self.event_id and "delegation" not in errors:
            signed_at_error = self.signature_date_error()
            if signed_at_error:
                errors["signed_at"] = signed_at_error
        if errors:
            raise ValidationError(errors)

    def signature_date_error(self):
        """Why the signature's date cannot be (outside the treaty's window, or to come)."""
        opens, closes = self.event.signature_window
        day = self.event.local(self.signed_at).date()
        if not opens <= day <= closes:
            return _(
                "The treaty is open for signature from %(opens)s to %(closes)s; "
                "a signature cannot be dated %(day)s."
            ) % {"opens": opens.isoformat(), "closes": closes.isoformat(), "day": day.isoformat()}
        if self.signed_at > timezone.now() + SIGNATURE_CLOCK_SLACK:
            return _("A signature cannot be dated in the future.")
        return None

    @property
    def full_powers_required(self):
        return self.level not in FULL_POWERS_EXEMPT_LEVELS


class SigningOrderReport(models.Model):
    """What one build of the signing order did, kept: the build runs in a worker, and the
    event's signing page shows the latest report after it (slots given, published slots
    moved, requests left without one and why)."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="signing_order_reports",
        verbose_name=_("event"),
    )
    built_at = models.DateTimeField(_("built at"), default=timezone.now)
    assigned = models.PositiveIntegerField(_("slots given"), default=0)
    moved = models.JSONField(_("published slots moved"), default=list)
    unassigned = models.JSONField(_("left without a slot"), default=list)

    class Meta:
        ordering = ["-built_at", "-pk"]
        get_latest_by = ["built_at", "pk"]
        verbose_name = _("signing order report")
        verbose_name_plural = _("signing order reports")

    def __str__(self):
        return f"{self.event.acronym} {self.built_at:%Y-%m-%d %H:%M}"


class TreatyDeposit(models.Model):
    """A State's or a REIO's instrument of ratification, acceptance, approval or accession."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="treaty_deposits", verbose_name=_("event")
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        on_delete=models.CASCADE,
        related_name="treaty_deposits",
        verbose_name=_("delegation"),
    )
    kind = models.CharField(_("instrument"), max_length=20, choices=InstrumentKind.choices)
    deposited_on = models.DateField(_("deposited on"), validators=[plausible_moment])
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[single_line])
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "deposited_on", "pk"]
        verbose_name = _("treaty deposit")
        verbose_name_plural = _("treaty deposits")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "delegation"],
                name="treaty_deposit_one_per_party",
                violation_error_message=_("This party has already deposited its instrument."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InstrumentKind.values), name="treaty_deposit_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.delegation} — {self.get_kind_display()} ({self.deposited_on})"

    def clean(self):
        delegation = self.delegation if self.delegation_id else None
        if delegation is not None and delegation.event_id != self.event_id:
            raise ValidationError({"delegation": _("The delegation belongs to another event.")})
        if delegation is not None and delegation.kind not in SIGNATORY_KINDS:
            raise ValidationError(
                {
                    "delegation": _(
                        "Only States and regional economic integration organisations "
                        "become parties."
                    )
                }
            )
        if self.deposited_on is None or not self.event_id:
            return
        adopted = self.event.treaty_adopted_on
        if adopted and self.deposited_on < adopted:
            raise ValidationError(
                {
                    "deposited_on": _(
                        "The treaty was adopted on %(adopted)s: no instrument is deposited before."
                    )
                    % {"adopted": adopted.isoformat()}
                }
            )
        if self.deposited_on > timezone.localdate(timezone=self.event.timezone):
            raise ValidationError({"deposited_on": _("A deposit cannot be dated in the future.")})
        if delegation is not None and self.kind:
            self._instrument_check(delegation)

    def _instrument_check(self, delegation):
        """Ratification, acceptance and approval follow a signature; accession replaces one."""
        signed_at = (
            SigningRequest.objects.filter(
                event_id=self.event_id, delegation=delegation, signed_at__isnull=False
            )
            .values_list("signed_at", flat=True)
            .first()
        )
        signed_on = self.event.local(signed_at).date() if signed_at else None
        if self.kind in AFTER_SIGNATURE and (signed_on is None or signed_on > self.deposited_on):
            raise ValidationError(
                {
                    "kind": _(
                        "%(party)s had not signed the treaty by %(day)s: its instrument is an "
                        "accession (ratification, acceptance and approval follow a signature)."
                    )
                    % {"party": delegation.name, "day": self.deposited_on.isoformat()}
                }
            )
        if self.kind == InstrumentKind.ACCESSION and signed_on and signed_on <= self.deposited_on:
            raise ValidationError(
                {
                    "kind": _(
                        "%(party)s signed the treaty on %(day)s: its instrument is a "
                        "ratification, acceptance or approval, not an accession."
                    )
                    % {"party": delegation.name, "day": signed_on.isoformat()}
                }
            )


class WebhookEndpoint(models.Model):
    """An address of another tool (a press room, a mobile app, a host's site) that is told, by a
    signed POST, when something of the event happens.

    The secret signs what is sent; the planner makes it and shows it once, to the organiser
    who made or rotated it: it is stored to sign, never shown again.
    """

    #: The field that subscribes an endpoint to each kind of webhook (a test ping goes to all).
    KIND_FIELDS = {
        WebhookKind.SCHEDULE_RELEASED: "on_schedule_released",
        WebhookKind.SIGNATURE_RECORDED: "on_signature_recorded",
        WebhookKind.REGISTRATION_CONFIRMED: "on_registration_confirmed",
    }

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="webhook_endpoints", verbose_name=_("event")
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_("An https:// address of the receiving tool, reachable from the Internet."),
    )
    description = models.CharField(
        _("description"), max_length=200, blank=True, validators=[single_line]
    )
    on_schedule_released = models.BooleanField(_("schedule released"), default=True)
    on_signature_recorded = models.BooleanField(_("signature recorded"), default=False)
    on_registration_confirmed = models.BooleanField(_("session place confirmed"), default=False)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Switched off, it is sent nothing.")
    )
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    secret_set_at = models.DateTimeField(_("secret made at"), default=timezone.now, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["event", "url"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "url"],
                name="webhook_endpoint_url_unique_per_event",
                violation_error_message=_("This address already receives the event's webhooks."),
            ),
            models.CheckConstraint(
                condition=Q(on_schedule_released=True)
                | Q(on_signature_recorded=True)
                | Q(on_registration_confirmed=True),
                name="webhook_endpoint_wants_something",
                violation_error_message=_("Choose at least one thing to be told about."),
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="https://") | Q(url__startswith="http://"),
                name="webhook_endpoint_url_is_http",
            ),
            models.CheckConstraint(condition=~Q(secret=""), name="webhook_endpoint_has_secret"),
        ]

    def __str__(self):
        return self.description or self.url

    def clean(self):
        if self.url:
            try:
                url_check(self.url, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_URLS)
            except ValidationError as error:
                raise ValidationError({"url": error}) from None

    def wants(self, kind):
        """Whether this endpoint is told about ``kind`` (a test ping: always)."""
        field = self.KIND_FIELDS.get(kind)
        return field is None or getattr(self, field)

    @property
    def kinds(self):
        return [kind for kind, field in self.KIND_FIELDS.items() if getattr(self, field)]


class WebhookDelivery(models.Model):
    """One webhook for one endpoint, and how sending it went: the delivery log.

    A worker sends it (``ceremony.tasks.webhook_delivery_send``) once the write that made it
    commits, and tries again with growing pauses while the endpoint fails; celery beat hands
    over every minute the ones due whose message never reached a worker. ``uuid`` is the
    event's id, the same on every attempt and for every endpoint told of the same thing.
    """

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    kind = models.CharField(_("type"), max_length=40, choices=WebhookKind.choices)
    uuid = models.UUIDField(_("event id"), editable=False)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=20, choices=WebhookStatus.choices, default=WebhookStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    response_excerpt = models.CharField(
        _("answer or error"),
        max_length=500,
        blank=True,
        help_text=_("The start of the endpoint's last answer, or why there was none."),
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    #: The hand-over to the job queue (``config.core.jobs.job_dispatch``): set while a message
    #: for it is on its way to a worker, cleared when a worker takes it.
    task_id = models.CharField(max_length=50, blank=True, editable=False, verbose_name=_("task id"))
    dispatched_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("dispatched at")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status=WebhookStatus.PENDING),
                name="webhook_delivery_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "uuid"], name="webhook_delivery_once_per_endpoint"
            ),
            models.CheckConstraint(
                condition=Q(status__in=WebhookStatus.values), name="webhook_delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=WebhookKind.values), name="webhook_delivery_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=WebhookStatus.PENDING) | Q(next_attempt_at__isnull=False),
                name="webhook_delivery_pending_has_next_attempt",
            ),
            models.CheckConstraint(
                condition=~Q(status=WebhookStatus.DELIVERED)
                | Q(delivered_at__isnull=False, attempts__gte=1),
                name="webhook_delivery_delivered_was_sent",
            ),
            models.CheckConstraint(
                condition=Q(response_code__isnull=True)
                | Q(response_code__gte=100, response_code__lte=599),
                name="webhook_delivery_response_code_http",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.endpoint.url} ({self.get_status_display()})"


class SeatingDraw(models.Model):
    """A draw by lot of the member State from which the hall is seated in English alphabetical
    order. The seed is kept so the same draw can be shown and made again; a redraw adds a row."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="seating_draws", verbose_name=_("event")
    )
    seed = models.PositiveBigIntegerField(_("seed"))
    candidates = models.PositiveIntegerField(_("member States in the draw"))
    drawn = models.ForeignKey(
        "delegations.Delegation",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("drawn delegation"),
    )
    drawn_name = models.CharField(_("drawn name"), max_length=200)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("seating draw")
        verbose_name_plural = _("seating draws")
        ordering = ["-drawn_at", "-pk"]
        indexes = [models.Index(fields=["event", "-drawn_at"])]

    def __str__(self):
        return f"{self.drawn_name} ({self.seed})"


class SeatingPlan(models.Model):
    """A room's seats as rows of equal length, and each delegation's block in it: the head's
    row in front and the seats behind it (a delegation's block is ``heads_row_seats`` wide)."""

    room = models.OneToOneField(
        Room, on_delete=models.CASCADE, related_name="seating_plan", verbose_name=_("room")
    )
    draw = models.ForeignKey(
        SeatingDraw, on_delete=models.PROTECT, related_name="plans", verbose_name=_("draw")
    )
    rows = models.PositiveSmallIntegerField(
        _("rows"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    seats_per_row = models.PositiveSmallIntegerField(
        _("seats per row"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    heads_row_seats = models.PositiveSmallIntegerField(
        _("seats in the heads' row"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Seats of each delegation in the front row of its block."),
    )
    seats_behind = models.PositiveSmallIntegerField(
        _("seats behind, at most"),
        default=2,
        validators=[MaxValueValidator(30)],
        help_text=_(
            "A delegation has as many seats behind its heads' row as it has more accredited "
            "delegates, up to this number."
        ),
    )
    built_at = models.DateTimeField(_("built at"), default=timezone.now)

    class Meta:
        verbose_name = _("seating plan")
        verbose_name_plural = _("seating plans")
        ordering = ["room"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows__gte=1, seats_per_row__gte=1, heads_row_seats__gte=1),
                name="seating_plan_dimensions_positive",
            ),
        ]

    def __str__(self):
        return str(self.room)

    @property
    def seats(self):
        return self.rows * self.seats_per_row

    def clean(self):
        if self.room_id and self.rows and self.seats_per_row and self.seats > self.room.capacity:
            raise ValidationError(
                {
                    "rows": _(
                        "%(rows)d rows of %(per_row)d seats make %(seats)d seats; the room has "
                        "%(capacity)d."
                    )
                    % {
                        "rows": self.rows,
                        "per_row": self.seats_per_row,
                        "seats": self.seats,
                        "capacity": self.room.capacity,
                    }
                }
            )
        if (
            self.heads_row_seats
            and self.seats_per_row
            and self.heads_row_seats > self.seats_per_row
        ):
            raise ValidationError({"heads_row_seats": _("A block cannot be wider than a row.")})


class SeatAssignment(models.Model):
    """A delegation's place in a seating plan: its position in the order, its section, and its
    seats (labels such as "C12": row letter, seat number)."""

    plan = models.ForeignKey(
        SeatingPlan, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("plan")
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        on_delete=models.CASCADE,
        related_name="seat_assignments",
        verbose_name=_("delegation"),
    )
    position = models.PositiveIntegerField(_("order"))
    section = models.CharField(_("section"), max_length=20, choices=SeatingSection.choices)
    row = models.PositiveSmallIntegerField(_("first row"))
    column = models.PositiveSmallIntegerField(_("first seat"))
    heads = models.JSONField(_("heads' row seats"), default=list)
    behind = models.JSONField(_("seats behind"), default=list)

    class Meta:
        verbose_name = _("seat assignment")
        verbose_name_plural = _("seat assignments")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "delegation"], name="seat_assignment_once_per_plan"
            ),
            models.UniqueConstraint(
                fields=["plan", "position"], name="seat_assignment_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.delegation}: {', '.join(self.seat_labels)}"

    @property
    def seat_labels(self):
        return [*self.heads, *self.behind]
