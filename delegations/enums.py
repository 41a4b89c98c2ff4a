"""Choices and constant sets of delegations: a leaf that imports nothing of the project, so
any layer (forms, selectors, other apps' models) may use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DelegationKind(models.TextChoices):
    MEMBER_STATE = "member_state", _("Member State")
    OBSERVER_STATE = "observer_state", _("Observer State")
    REIO = "reio", _("Regional economic integration organisation")
    IGO = "igo", _("Intergovernmental organisation")
    UN_ENTITY = "un_entity", _("United Nations entity")
    NGO = "ngo", _("Non-governmental organisation")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    ACADEMIA = "academia", _("Academia")
    MEDIA = "media", _("Media")


STATE_KINDS = (DelegationKind.MEMBER_STATE, DelegationKind.OBSERVER_STATE)


#: Kinds that may sign a treaty open to "all States and regional economic integration
#: organisations".
SIGNATORY_KINDS = (*STATE_KINDS, DelegationKind.REIO)


class RepresentationLevel(models.TextChoices):
    """Levels of representation, in protocol order (the order of the members is the precedence)."""

    HEAD_OF_STATE = "head_of_state", _("Head of State")
    VICE_PRESIDENT = "vice_president", _("Vice-President")
    HEAD_OF_GOVERNMENT = "head_of_government", _("Head of Government")
    DEPUTY_PRIME_MINISTER = "deputy_prime_minister", _("Deputy Prime Minister")
    FOREIGN_MINISTER = "foreign_minister", _("Minister for Foreign Affairs")
    MINISTER = "minister", _("Minister")
    VICE_MINISTER = "vice_minister", _("Vice-Minister")
    PERMANENT_REPRESENTATIVE = "permanent_representative", _("Permanent Representative")
    HEAD_OF_ORGANISATION = "head_of_organisation", _("Head of organisation")
    SENIOR_OFFICIAL = "senior_official", _("Senior official")
    OTHER = "other", _("Other")


#: Under treaty practice these three sign without an instrument of full powers.
FULL_POWERS_EXEMPT_LEVELS = (
    RepresentationLevel.HEAD_OF_STATE,
    RepresentationLevel.HEAD_OF_GOVERNMENT,
    RepresentationLevel.FOREIGN_MINISTER,
)


class AccreditationStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet submitted")
    SUBMITTED = "submitted", _("Awaiting accreditation")
    ACCREDITED = "accredited", _("Accredited")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Delegates that hold a place in their delegation's quota.
QUOTA_STATUSES = (
    AccreditationStatus.DRAFT,
    AccreditationStatus.SUBMITTED,
    AccreditationStatus.ACCREDITED,
)


class BadgeRevocation(models.TextChoices):
    """Why a badge stopped opening doors: door staff read it on a refused scan."""

    REPLACED = "replaced", _("replaced")
    NOT_ACCREDITED = "not_accredited", _("no longer accredited")


class BadgeReplacementCause(models.TextChoices):
    LOST = "lost", _("lost")
    DAMAGED = "damaged", _("damaged")


class AccessCategory(models.TextChoices):
    """The category a badge opens doors with; a delegate's is derived from their delegation's
    kind and their being its head, unless the badge names another (staff, security)."""

    HEAD_OF_DELEGATION = "head_of_state_delegation", _("Head of delegation")
    STATE = "state", _("State delegate")
    UNITED_NATIONS = "united_nations", _("United Nations")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
    STAKEHOLDER = "stakeholder", _("Stakeholder")
    MEDIA = "media", _("Media")
    STAFF = "staff", _("Staff")
    SECURITY = "security", _("Security")


#: The plenary floor admits at least these: a rule without them would leave the States outside.
PLENARY_REQUIRED_CATEGORIES = (AccessCategory.HEAD_OF_DELEGATION, AccessCategory.STATE)


class ZoneKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary floor")
    VIP_LOUNGE = "vip_lounge", _("VIP lounge")
    PRESS_CENTRE = "press_centre", _("Press centre")
    SIGNING_HALL = "signing_hall", _("Signing hall")
    OTHER = "other", _("Other")
