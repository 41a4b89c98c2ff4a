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
