"""Choices and constant sets of the programme: a leaf that imports nothing of the project, so
any layer (forms, selectors, other apps' models) may use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class SessionRoleKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")
    PANELLIST = "panellist", _("Panellist")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class ProposalStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready for review")
    FAILED = "failed", _("Failed")
    APPLIED = "applied", _("Applied")
    CANCELLED = "cancelled", _("Cancelled")


class ExportFormat(models.TextChoices):
    ICS = "ics", _("iCalendar (.ics)")
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (.xlsx)")
    PDF = "pdf", _("PDF programme")
    XML = "xml", _("Schedule XML (frab, pretalx)")
    JSON = "json", _("Schedule JSON (frab, pretalx)")


class ExportScope(models.TextChoices):
    EVENT = "event", _("Whole event")
    DAY = "day", _("One day")
    ROOM = "room", _("One room")
    KIND = "kind", _("One kind of session")
    DELEGATION = "delegation", _("A delegation's itinerary")
    DELEGATE = "delegate", _("A delegate's itinerary")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class NotificationStatus(models.TextChoices):
    """Where a message to a delegate about a release stands in the outbox."""

    HELD = "held", _("Held for review")
    QUEUED = "queued", _("Queued for sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded")
    NO_ADDRESS = "no_address", _("No e-mail address")


#: Messages an organiser may send (again): never one already sent, nor one already queued.
NOTIFICATION_SENDABLE = (
    NotificationStatus.HELD,
    NotificationStatus.FAILED,
    NotificationStatus.DISCARDED,
    NotificationStatus.NO_ADDRESS,
)
#: Messages an organiser may discard: any that has not gone out.
NOTIFICATION_DISCARDABLE = (
    NotificationStatus.HELD,
    NotificationStatus.QUEUED,
    NotificationStatus.FAILED,
    NotificationStatus.NO_ADDRESS,
)


#: The registrations that hold a place or a place in line.
LIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


class ReviewState(models.TextChoices):
    """What a timetable proposal does to a session, against the programme or a release."""

    MOVED = "moved", _("moved")
    ADDED = "added", _("added")
    REMOVED = "removed", _("removed (back to draft)")
    UNCHANGED = "unchanged", _("unchanged")
    OUT = "out", _("left out again")


class SpeakerStatus(models.TextChoices):
    INSCRIBED = "inscribed", _("Inscribed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another entry")
