"""Choices and constant sets of the event and the signing: a leaf that imports nothing of the
project, so any layer (forms, selectors, other apps' models) may use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FullPowersStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    AWAITING = "awaiting", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class InstrumentKind(models.TextChoices):
    RATIFICATION = "ratification", _("Ratification")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    ACCESSION = "accession", _("Accession")


class WebhookKind(models.TextChoices):
    """What a webhook tells; the value is the event type the receiver reads."""

    SCHEDULE_RELEASED = "schedule.released", _("Schedule released")
    SIGNATURE_RECORDED = "signature.recorded", _("Signature recorded")
    REGISTRATION_CONFIRMED = "registration.confirmed", _("Session place confirmed")
    PING = "ping", _("Test ping")


class WebhookStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class SeatingSection(models.TextChoices):
    """The sections of a hall, in the order they are seated."""

    MEMBER_STATES = "member_states", _("Member States")
    OBSERVERS = "observers", _("Observers")
    ORGANISATIONS = "organisations", _("Organisations")
