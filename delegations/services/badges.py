"""Badges: issued with the next number of the event and a random QR token when a delegate is
accredited, revoked when they are not any more; and the printable badge sheets, A6 badges four
to an A4 page, rendered offline by WeasyPrint.

Everything a badge shows is embedded in the HTML (photo, QR code as data: URIs; fonts come from
the system's Noto fonts), so rendering never touches the network or the file system.
"""

import base64
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ceremony.models import Event
from config.core.locking import row_lock
from config.core.rendering.pdf import html_to_pdf
from config.core.rendering.text import clean_text, text_direction
from delegations.enums import (
    STATE_KINDS,
    AccreditationStatus,
    BadgeReplacementCause,
    BadgeRevocation,
    DelegationKind,
)
from delegations.models import Badge, Delegate, Delegation

logger = logging.getLogger(__name__)

#: Four A6 badges (105 × 148 mm) fill one A4 sheet, two across and two down.
BADGES_PER_SHEET = 4

#: The photo is printed 30 × 40 mm: 300 dpi is enough, and keeps a 40-badge sheet small.
PHOTO_PIXELS = (354, 472)

#: Longer Latin names get a smaller type so that they stay on two lines.
LONG_NAME_CHARS = 28


@dataclass(frozen=True)
class BadgeCategory:
    label: str | Promise
    colour: str
    #: Text colour on the band, chosen for contrast with ``colour``.
    ink: str
    kinds: tuple[str, ...]
    heads_only: bool = False


#: Badge categories, tried in order: the first one that fits a delegate is theirs. Door staff
#: tell the categories apart by colour from afar; the label on the band says the same in words
#: for those who cannot see the colour.
BADGE_CATEGORIES = {
    "head_of_state_delegation": BadgeCategory(
        _("Head of delegation"), "#C9A227", "#1A1A1A", STATE_KINDS, heads_only=True
    ),
    "state": BadgeCategory(_("State delegate"), "#1F4E9C", "#FFFFFF", STATE_KINDS),
    "united_nations": BadgeCategory(
        _("United Nations"), "#8EC9EE", "#0B2540", (DelegationKind.UN_ENTITY,)
    ),
    "intergovernmental": BadgeCategory(
        _("Intergovernmental organisation"),
        "#2E7D32",
        "#FFFFFF",
        (DelegationKind.IGO, DelegationKind.REIO),
    ),
    "stakeholder": BadgeCategory(
        _("Stakeholder"),
        "#EF7D00",
        "#1A1A1A",
        (DelegationKind.NGO, DelegationKind.ACADEMIA, DelegationKind.PRIVATE_SECTOR),
    ),
    "media": BadgeCategory(_("Media"), "#C62828", "#FFFFFF", (DelegationKind.MEDIA,)),
    "staff": BadgeCategory(_("Staff"), "#5E5E5E", "#FFFFFF", ()),
    "security": BadgeCategory(_("Security"), "#1A1A1A", "#FFFFFF", ()),
}


def badge_category(delegate):
    """The key in BADGE_CATEGORIES of the delegate's badge."""
    kind = delegate.delegation.kind
    for key, category in BADGE_CATEGORIES.items():
        if kind in category.kinds and (delegate.is_head or not category.heads_only):
            return key
    raise ValueError(f"No badge category for delegation kind {kind!r}.")


def badge_qr(token):
    """A regular (never micro) QR code of exactly the token, error correction M or higher."""
    import segno

    return segno.make_qr(token, error="m")


def qr_svg_data_uri(token):
    """The badge's QR code as an SVG data URI; a viewBox and no size, so CSS sets its size."""
    return badge_qr(token).svg_data_uri(omitsize=True, border=4)


def photo_data_uri(delegate):
    """The delegate's photo, cropped to 3:4 and re-encoded as a JPEG data URI; None if missing.

    Re-encoding turns a phone's 12-megapixel, sideways-tagged upload into a small upright image,
    and means WeasyPrint only ever gets a well-formed JPEG. A photo that cannot be read gives the
    placeholder rather than no sheet at all.
    """
    from PIL import Image, ImageOps

    if not delegate.photo:
        return None
    try:
        with delegate.photo.storage.open(delegate.photo.name, "rb") as stored:
            image = Image.open(stored)
            image.draft("RGB", PHOTO_PIXELS)
            image = ImageOps.exif_transpose(image).convert("RGB")
            image = ImageOps.fit(image, PHOTO_PIXELS, centering=(0.5, 0.4))
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("Badge photo %s of delegate %s cannot be read.", delegate.photo, delegate.pk)
        return None
    encoded = BytesIO()
    image.save(encoded, "JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(encoded.getvalue()).decode("ascii")


def initials(delegate):
    return "".join(part[:1] for part in (delegate.given_name, delegate.family_name)).upper()


def native_name(delegate):
    """The name in the delegate's own script, or "" when it only repeats the Latin name.

    Composed (NFC) form: a name typed with combining accents prints with the font's own
    Vietnamese letters, and reads back from the PDF as the same text.
    """
    native = unicodedata.normalize("NFC", " ".join(delegate.name_native.split()))
    given, family = delegate.given_name, delegate.family_name
    latin_forms = {f"{given} {family}", f"{family} {given}", family, delegate.full_name}
    if native.casefold() in {form.strip().casefold() for form in latin_forms}:
        return ""
    return native


@dataclass(frozen=True)
class BadgeCard:
    """What one printed badge shows, worked out before the template sees it."""

    number: str
    latin_name: str
    native_name: str
    native_direction: str
    function: str
    delegation_name: str
    category: BadgeCategory
    photo_uri: str | None
    initials: str
    qr_uri: str

    @property
    def long_name(self):
        return len(self.latin_name) > LONG_NAME_CHARS


def badge_card(badge):
    """Names as typed, less any control character older data may hold: none can be printed."""
    delegate = badge.delegate
    native = clean_text(native_name(delegate))
    return BadgeCard(
        number=badge.number,
        latin_name=clean_text(delegate.full_name),
        native_name=native,
        native_direction=text_direction(native),
        function=clean_text(delegate.function),
        delegation_name=clean_text(delegate.delegation.name),
        category=BADGE_CATEGORIES[badge.category or badge_category(delegate)],
        photo_uri=photo_data_uri(delegate),
        initials=initials(delegate),
        qr_uri=qr_svg_data_uri(badge.token),
    )


def sheet_badges(delegation):
    """Live badges of the delegation's accredited delegates, head first, in one query."""
    return (
        Badge.objects.filter(
            delegate__delegation=delegation,
            delegate__accreditation_status=AccreditationStatus.ACCREDITED,
            revoked_at__isnull=True,
        )
        .select_related("delegate__delegation")
        .order_by("-delegate__is_head", "delegate__family_name", "delegate__given_name", "number")
    )


def badge_pdf(badge):
    """One badge alone on the sheet, for the accreditation desk's printer."""
    delegate = badge.delegate
    html = render_to_string(
        "delegations/badge_sheet.html",
        {
            "delegation": delegate.delegation,
            "event": delegate.delegation.event,
            "sheets": [[badge_card(badge)]],
        },
    )
    return html_to_pdf(html)


def badge_sheet_pdf(delegation):
    """The delegation's badges as a PDF: A4 sheets of four A6 badges with cutting guides."""
    cards = [badge_card(badge) for badge in sheet_badges(delegation)]
    sheets = [
        cards[start : start + BADGES_PER_SHEET] for start in range(0, len(cards), BADGES_PER_SHEET)
    ]
    html = render_to_string(
        "delegations/badge_sheet.html",
        {"delegation": delegation, "event": delegation.event, "sheets": sheets},
    )
    return html_to_pdf(html)


def badge_numbers_reserve(event, count=1):
    """The next ``count`` badge numbers of the event ("HANOI2025-000123").

    Locks the event row, so two accreditations at once never take the same number; call it
    inside the transaction that saves the badges.
    """
    row_lock(Event, event.pk)
    prefix = f"{event.acronym}-"
    last = Badge.objects.filter(
        number__startswith=prefix, delegate__delegation__event=event
    ).aggregate(Max("number"))["number__max"]
    first = int(last.removeprefix(prefix)) + 1 if last else 1
    return [f"{prefix}{sequence:06d}" for sequence in range(first, first + count)]


def badge_token():
    """What the QR code holds: 256 random bits, not derived from anything about the person."""
    return secrets.token_urlsafe(32)


def badge_issue(*, delegate):
    """A live badge with the next number of the event and a random QR token."""
    live = delegate.badges.filter(revoked_at__isnull=True).first()
    if live is not None:
        return live
    (number,) = badge_numbers_reserve(delegate.delegation.event)
    badge = Badge(delegate=delegate, number=number, token=badge_token())
    badge.full_clean()
    badge.save()
    return badge


def badge_revoke(*, delegate):
    """Revoke the delegate's live badge, if any: door scans refuse it from now on."""
    for badge in delegate.badges.filter(revoked_at__isnull=True):
        badge.revoked_at = timezone.now()
        badge.revocation_reason = BadgeRevocation.NOT_ACCREDITED
        badge.save(update_fields=["revoked_at", "revocation_reason"])


@transaction.atomic
def badge_reissue(*, badge, cause):
    """A lost or damaged badge is revoked ("replaced") and a new one issued: a new number and a
    new token, so the old QR code is refused at every door from this moment. Returns the new one.

    Locks the event (the next number), the delegation and the delegate, in the locking order,
    then reads the badge again: of two desks reissuing the same badge, the second is refused.
    """
    if cause not in BadgeReplacementCause.values:
        raise ValidationError(
            {"cause": _("Say whether the badge was lost or damaged.")}, code="invalid_cause"
        )
    delegate = badge.delegate
    delegation = delegate.delegation
    row_lock(Event, delegation.event_id)
    row_lock(Delegation, delegation.pk)
    delegate = row_lock(Delegate, delegate.pk)
    old = Badge.objects.select_related("delegate__delegation").get(pk=badge.pk)
    if old.revoked_at is not None:
        raise ValidationError(
            _("Badge %(number)s is already revoked: reissue the delegate's live badge.")
            % {"number": old.number},
            code="badge_revoked",
        )
    if delegate.accreditation_status != AccreditationStatus.ACCREDITED:
        raise ValidationError(
            _("%(name)s is not accredited: no badge can be reissued.")
            % {"name": delegate.full_name},
            code="not_accredited",
        )
    old.revoked_at = timezone.now()
    old.revocation_reason = BadgeRevocation.REPLACED
    old.replacement_cause = cause
    old.save(update_fields=["revoked_at", "revocation_reason", "replacement_cause"])
    (number,) = badge_numbers_reserve(delegation.event)
    new = Badge(delegate=delegate, number=number, token=badge_token(), category=old.category)
    new.full_clean()
    new.save()
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new


@transaction.atomic
def delegate_photo_replace(*, delegate, photo):
    """The desk's photo of a delegate (taken with its camera or uploaded), through the same
    checks as the portal's upload; an accredited delegate's photo changes only here."""
    row_lock(Delegation, delegate.delegation_id)
    delegate = row_lock(Delegate, delegate.pk)
    Delegate._meta.get_field("photo").save_form_data(delegate, photo)
    delegate.full_clean()
    delegate.save()
    return delegate
