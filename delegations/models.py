"""Delegations (States, organisations, media) and their delegates, scoped to an event."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from config.core.moments import EARLIEST, LATEST, plausible_moment
from config.core.storages import private_storage
from config.core.text import NOTE_MAX_LENGTH, multi_line, single_line, visible_letter
from config.core.uploads import (
    file_name_check,
    image_check,
    image_reencoded,
    new_upload,
    size_check,
    upload_name,
)

from .enums import (
    PLENARY_REQUIRED_CATEGORIES,
    STATE_KINDS,
    AccessCategory,
    AccreditationStatus,
    BadgeReplacementCause,
    BadgeRevocation,
    DelegationKind,
    RepresentationLevel,
    ZoneKind,
)

#: Delegates arrive and leave within this many days of their event's first and last days.
TRAVEL_WINDOW_DAYS = 30

#: A badge photo: large enough to print, small enough to upload from a phone.
PHOTO_MAX_BYTES = 2 * 1024 * 1024


def photo_validate(photo):
    """A new photo: a JPEG or PNG of at most 2 MB that decodes completely (config.core.uploads)."""
    upload = new_upload(photo)
    if upload is None:
        return
    file_name_check(upload)
    size_check(
        upload,
        PHOTO_MAX_BYTES,
        _("The photo is larger than %(limit)d MB.") % {"limit": PHOTO_MAX_BYTES // 2**20},
    )
    image_check(upload)


#: The name the first migrations know the validator by.
photo_size_validate = photo_validate


def photo_upload_to(delegate, filename):
    return f"badge-photos/{delegate.delegation_id}/{upload_name(filename, fallback='photo')}"


class Delegation(models.Model):
    """A State's or an organisation's delegation to one event."""

    event = models.ForeignKey(
        "ceremony.Event",
        on_delete=models.CASCADE,
        related_name="delegations",
        verbose_name=_("event"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DelegationKind.choices)
    name = models.CharField(_("name"), max_length=200, validators=[single_line, visible_letter])
    code = models.CharField(
        _("code"),
        max_length=20,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9-]*$", _("Use capital letters, digits and hyphens, e.g. VNM.")
            )
        ],
        help_text=_("ISO 3166-1 alpha-3 code for a State (VNM), an acronym for an organisation."),
    )
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("Required for States; for an organisation, the country of its seat."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=40, blank=True, validators=[single_line]
    )
    address = models.CharField(
        _("postal address"), max_length=500, blank=True, validators=[multi_line]
    )
    language = models.CharField(
        _("correspondence language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of the organisers' messages to the delegation (its contact address "
            "and focal points), and to its delegates who chose none. Empty: English."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "code"], name="delegation_code_unique_per_event"
            ),
            models.UniqueConstraint(
                fields=["event", "country"],
                condition=Q(kind__in=STATE_KINDS),
                name="delegation_one_state_delegation_per_country",
                violation_error_message=_("This State already has a delegation at this event."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=STATE_KINDS) | ~Q(country=""),
                name="delegation_state_has_country",
                violation_error_message=_("A State's delegation needs its country."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DelegationKind.values), name="delegation_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["event", "kind"])]

    def __str__(self):
        return self.name

    @property
    def is_state(self):
        return self.kind in STATE_KINDS


def correspondence_language(*choices):
    """The first language chosen (a delegate's own, then their delegation's), else the site's
    (English): every message to a person or a delegation is written in one of the interface's
    languages."""
    return next((code for code in choices if code), settings.LANGUAGE_CODE)


def protocol_name(honorific, given_name, family_name):
    """A delegate's full name from its parts, for reads that fetch the parts without the model."""
    parts = [honorific, given_name, family_name.upper()]
    return " ".join(part for part in parts if part)


class Delegate(models.Model):
    """A person in a delegation. Names keep their own script beside the Latin form."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="delegates", verbose_name=_("delegation")
    )
    honorific = models.CharField(
        _("honorific"), max_length=30, blank=True, validators=[single_line]
    )
    given_name = models.CharField(
        _("given name (Latin script)"),
        max_length=100,
        blank=True,
        validators=[single_line, visible_letter],
    )
    family_name = models.CharField(
        _("family name (Latin script)"), max_length=100, validators=[single_line, visible_letter]
    )
    name_native = models.CharField(
        _("name in own script"),
        max_length=200,
        blank=True,
        validators=[single_line, visible_letter],
        help_text=_("As the person writes it, e.g. Nguyễn Văn An, 王伟, Иван Петров."),
    )
    function = models.CharField(_("function"), max_length=200, blank=True, validators=[single_line])
    level = models.CharField(
        _("level of representation"),
        max_length=30,
        choices=RepresentationLevel.choices,
        default=RepresentationLevel.OTHER,
    )
    is_head = models.BooleanField(_("head of delegation"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[single_line])
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of the messages the organisers send this person (a programme change). "
            "Empty: the delegation's correspondence language."
        ),
    )
    photo = models.ImageField(
        _("photo for the badge"),
        storage=private_storage,
        upload_to=photo_upload_to,
        blank=True,
        max_length=255,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png"]), photo_validate],
        help_text=_("A passport-style photo, JPEG or PNG, at most 2 MB."),
    )
    arrival = models.DateTimeField(
        _("arrival"), null=True, blank=True, validators=[plausible_moment]
    )
    departure = models.DateTimeField(
        _("departure"), null=True, blank=True, validators=[plausible_moment]
    )
    dietary_needs = models.CharField(
        _("dietary needs"), max_length=200, blank=True, validators=[single_line]
    )
    accessibility_needs = models.CharField(
        _("accessibility needs"), max_length=300, blank=True, validators=[single_line]
    )
    accreditation_status = models.CharField(
        _("accreditation"),
        max_length=20,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.DRAFT,
    )
    accreditation_note = models.TextField(
        _("accreditation note"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH), multi_line],
        help_text=_("Required when rejecting: the reason."),
    )
    accredited_at = models.DateTimeField(_("accredited at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    history = HistoricalRecords(excluded_fields=["photo"])

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["delegation__name", "-is_head", "family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(is_head=True),
                name="delegate_one_head_per_delegation",
                violation_error_message=_("This delegation already has a head of delegation."),
            ),
            models.UniqueConstraint(
                fields=["delegation", "email"],
                condition=~Q(email=""),
                name="delegate_email_unique_per_delegation",
                violation_error_message=_("A delegate of this delegation already has this e-mail."),
            ),
            models.CheckConstraint(
                condition=~Q(accreditation_status=AccreditationStatus.REJECTED)
                | ~Q(accreditation_note=""),
                name="delegate_rejection_has_reason",
                violation_error_message=_("Give the reason for rejecting the accreditation."),
            ),
            models.CheckConstraint(
                condition=~Q(accreditation_status=AccreditationStatus.ACCREDITED)
                | Q(accredited_at__isnull=False),
                name="delegate_accredited_has_time",
            ),
            models.CheckConstraint(
                condition=Q(accreditation_status__in=AccreditationStatus.values),
                name="delegate_accreditation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(level__in=RepresentationLevel.values), name="delegate_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(arrival__isnull=True)
                | Q(departure__isnull=True)
                | Q(departure__gte=F("arrival")),
                name="delegate_departs_after_arrival",
                violation_error_message=_("Departure cannot be before arrival."),
            ),
        ]
        indexes = [models.Index(fields=["accreditation_status"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        """A new photo is stored re-encoded: its pixels only (``config.core.uploads``)."""
        upload = new_upload(self.photo)
        if upload is not None:
            self.photo = image_reencoded(upload, max_bytes=PHOTO_MAX_BYTES)
        super().save(*args, **kwargs)

    def clean(self):
        """Keep the accreditation time in step with the status, whoever edits it; travel dates
        lie in a window around the event (a typo of a year is caught by the field)."""
        if self.accreditation_status == AccreditationStatus.ACCREDITED:
            self.accredited_at = self.accredited_at or timezone.now()
        else:
            self.accredited_at = None
        if self.delegation_id is not None:
            self._travel_check()

    def _travel_check(self):
        event = self.delegation.event
        earliest = event.start_date - timedelta(days=TRAVEL_WINDOW_DAYS)
        latest = event.end_date + timedelta(days=TRAVEL_WINDOW_DAYS)
        errors = {}
        for field in ("arrival", "departure"):
            moment = getattr(self, field)
            if moment is None or not EARLIEST <= moment.date() <= LATEST:
                continue  # the field's own validator says what is wrong with it
            if not earliest <= event.local(moment).date() <= latest:
                errors[field] = _(
                    "Give a day from %(earliest)s to %(latest)s: travel lies within "
                    "%(days)d days of the event."
                ) % {
                    "earliest": date_format(earliest, "j F Y"),
                    "latest": date_format(latest, "j F Y"),
                    "days": TRAVEL_WINDOW_DAYS,
                }
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self):
        """The name as protocol writes it: honorific, given name, FAMILY NAME."""
        return protocol_name(self.honorific, self.given_name, self.family_name)


class DelegationQuota(models.Model):
    """How many delegates a delegation of one kind may register for an event."""

    event = models.ForeignKey(
        "ceremony.Event", on_delete=models.CASCADE, related_name="quotas", verbose_name=_("event")
    )
    kind = models.CharField(_("delegation kind"), max_length=20, choices=DelegationKind.choices)
    max_delegates = models.PositiveSmallIntegerField(
        _("places"), help_text=_("Delegates a delegation of this kind may register, head included.")
    )

    class Meta:
        verbose_name = _("delegation quota")
        verbose_name_plural = _("delegation quotas")
        ordering = ["event", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="quota_one_per_kind_per_event"),
            models.CheckConstraint(condition=Q(max_delegates__gte=1), name="quota_at_least_one"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.max_delegates}"


class FocalPoint(models.Model):
    """A person who registers a delegation. One person may serve several delegations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("user"),
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("delegation"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["delegation", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "delegation"], name="focal_point_once_per_delegation"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.delegation}"


class FocalPointInvitation(models.Model):
    """A single-use, expiring invitation to become a delegation's focal point.

    Only a hash of the token is stored: the link in the e-mail is the one copy of the secret.
    """

    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("delegation"),
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(
        max_length=64, unique=True, editable=False, verbose_name=_("token hash")
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("focal-point invitation")
        verbose_name_plural = _("focal-point invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(accepted_by__isnull=False),
                name="invitation_accepted_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.delegation}"


class Badge(models.Model):
    """An accredited delegate's badge. The token in its QR code is random, never derived.

    Revoking keeps the row (door staff see why a scan fails); a delegate has at most one live badge.
    """

    delegate = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="badges", verbose_name=_("delegate")
    )
    number = models.CharField(_("badge number"), max_length=30, unique=True)
    token = models.CharField(_("QR token"), max_length=64, unique=True, editable=False)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=20, choices=BadgeRevocation.choices, blank=True
    )
    replacement_cause = models.CharField(
        _("replaced because"), max_length=20, choices=BadgeReplacementCause.choices, blank=True
    )
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    category = models.CharField(
        _("access category"),
        max_length=30,
        choices=AccessCategory.choices,
        blank=True,
        help_text=_("Empty: the category follows the delegation's kind and the head's role."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["number"]
        permissions = [("reissue_badge", _("Can reissue badges at the accreditation desk"))]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate"],
                condition=Q(revoked_at__isnull=True),
                name="badge_one_live_per_delegate",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_live(self):
        return self.revoked_at is None

    @property
    def access_category(self):
        """The category the doors read: the badge's own, else the delegate's by default."""
        return self.category or delegate_access_category(self.delegate)

    @property
    def access_category_label(self):
        return AccessCategory(self.access_category).label


def delegate_access_category(delegate):
    """A delegate's category by default: media for the media, head of delegation for a
    State's head, then by the delegation's kind."""
    kind = delegate.delegation.kind
    if kind in STATE_KINDS:
        return AccessCategory.HEAD_OF_DELEGATION if delegate.is_head else AccessCategory.STATE
    return {
        DelegationKind.UN_ENTITY: AccessCategory.UNITED_NATIONS,
        DelegationKind.IGO: AccessCategory.INTERGOVERNMENTAL,
        DelegationKind.REIO: AccessCategory.INTERGOVERNMENTAL,
        DelegationKind.MEDIA: AccessCategory.MEDIA,
    }.get(kind, AccessCategory.STAKEHOLDER)


def zone_categories_check(categories):
    """A list of known access categories, each once."""
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise ValidationError(_("Give the admitted categories as a list."), code="invalid")
    unknown = sorted(set(categories) - set(AccessCategory.values))
    if unknown:
        raise ValidationError(
            _("Unknown access categories: %(names)s.") % {"names": ", ".join(unknown)},
            code="unknown_category",
        )


class Zone(models.Model):
    """An area of the venue behind doors (plenary floor, VIP lounge, press centre, signing hall)
    and the badge categories it admits. A session's door is in the zone of its room."""

    event = models.ForeignKey(
        "ceremony.Event", on_delete=models.CASCADE, related_name="zones", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=100, validators=[single_line])
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind.choices)
    categories = models.JSONField(
        _("admitted categories"), default=list, blank=True, validators=[zone_categories_check]
    )
    rooms = models.ManyToManyField(
        "ceremony.Room", blank=True, related_name="zones", verbose_name=_("rooms")
    )

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="zone_name_unique_per_event"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == ZoneKind.PLENARY and isinstance(self.categories, list):
            missing = [c for c in PLENARY_REQUIRED_CATEGORIES if c not in self.categories]
            if missing:
                raise ValidationError(
                    {
                        "categories": _(
                            "The plenary floor must admit heads of delegation and State "
                            "delegates: this rule would leave them outside (%(names)s missing)."
                        )
                        % {"names": ", ".join(str(AccessCategory(c).label) for c in missing)}
                    },
                    code="plenary_closed",
                )

    def admits(self, category):
        return category in self.categories
