"""A plenary's list of speakers: inscriptions by delegations, the secretariat's moves, merges
and withdrawals (each with its reason in the entry's history), statements for the public page.

One door for the admin, the portal and the API: every write locks the list first
(``programme.SpeakersList`` in the locking order), so an inscription cannot slip in between
the secretariat reading the order and fixing places.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core.locking import row_lock
from sessions.enums import SessionKind, SpeakerStatus
from sessions.models import SpeakerEntry, SpeakersList
from sessions.selectors.speakers import LEVEL_TIER, OTHER_LEVELS_TIER, active_entries, entries_order


def _list_lock(speakers_list):
    return row_lock(SpeakersList.objects.select_related("session"), speakers_list.pk)


def _entry_save(entry, *, reason="", by=None, fields=None):
    """Save with the reason and the person in the entry's history."""
    entry._change_reason = reason or None
    if by is not None and by.is_authenticated:
        entry._history_user = by
    entry.save(update_fields=fields)


def speakers_list_ensure(session, *, minutes_per_statement=5, closes_at=None):
    """The plenary's list of speakers, opened (and returned) on first call."""
    if session.kind != SessionKind.PLENARY:
        raise ValidationError({"session": _("Only a plenary has a list of speakers.")})
    speakers_list, _created = SpeakersList.objects.get_or_create(
        session=session,
        defaults={"minutes_per_statement": minutes_per_statement, "closes_at": closes_at},
    )
    return speakers_list


def speakers_list_set(*, speakers_list, is_open, minutes_per_statement=None, closes_at=None):
    """Open or close the list, or change the time per statement."""
    with transaction.atomic():
        speakers_list = _list_lock(speakers_list)
        speakers_list.is_open = is_open
        if minutes_per_statement is not None:
            speakers_list.minutes_per_statement = minutes_per_statement
        speakers_list.closes_at = closes_at
        speakers_list.full_clean()
        speakers_list.save()
    return speakers_list


def speaker_inscribe(
    *, speakers_list, delegation, level, speaker=None, speaker_name="", by=None, moment=None
):
    """Inscribe a speaker of ``delegation``; refused once the list is closed."""
    with transaction.atomic():
        speakers_list = _list_lock(speakers_list)
        if not speakers_list.accepts_inscriptions(moment):
            raise ValidationError({"session": _("The list of speakers of this plenary is closed.")})
        if speaker is not None and not speaker_name:
            speaker_name = speaker.full_name
        entry = SpeakerEntry(
            speakers_list=speakers_list,
            delegation=delegation,
            speaker=speaker,
            speaker_name=speaker_name,
            level=level,
            inscribed_at=moment or timezone.now(),
        )
        entry.full_clean()
        _entry_save(entry, reason=_("Inscribed"), by=by)
    return entry


def _ordered_after_lock(speakers_list):
    return entries_order(list(active_entries(speakers_list)))


def _entry_in(speakers_list, entry):
    entry = SpeakerEntry.objects.select_related("delegation").get(pk=entry.pk)
    if entry.speakers_list_id != speakers_list.pk:
        raise ValidationError({"entry": _("The entry belongs to another list.")})
    if entry.status != SpeakerStatus.INSCRIBED:
        raise ValidationError({"entry": _("The entry is no longer on the list.")})
    return entry


def _reason_check(reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason: it is kept in the list's history.")})


def speaker_move(*, entry, position, reason, by=None):
    """Put ``entry`` at ``position`` (1 is first). Every inscribed entry's place is then fixed
    as shown, so the move holds; later inscriptions still find their place by the rule."""
    _reason_check(reason)
    with transaction.atomic():
        speakers_list = _list_lock(entry.speakers_list)
        entry = _entry_in(speakers_list, entry)
        ordered = _ordered_after_lock(speakers_list)
        if not 1 <= position <= len(ordered):
            raise ValidationError(
                {"position": _("Give a place from 1 to %(last)d.") % {"last": len(ordered)}}
            )
        ordered = [e for e in ordered if e.pk != entry.pk]
        ordered.insert(position - 1, entry)
        changed = []
        for place, other in enumerate(ordered, start=1):
            if other.position != place and other.pk != entry.pk:
                changed.append(other)
            other.position = place
        SpeakerEntry.objects.bulk_update(changed, ["position"])
        _entry_save(entry, reason=reason, by=by, fields=["position"])
    return entry


def speakers_merge(*, keep, other, reason, by=None):
    """Merge two inscriptions of one delegation: ``keep`` stays (at the higher of the two levels,
    with a statement if only ``other`` had one), ``other`` leaves the list, merged into it."""
    _reason_check(reason)
    with transaction.atomic():
        speakers_list = _list_lock(keep.speakers_list)
        keep = _entry_in(speakers_list, keep)
        try:
            other = _entry_in(speakers_list, other)
        except ValidationError:
            raise ValidationError({"other": _("The entry to merge is not on this list.")}) from None
        if keep.pk == other.pk:
            raise ValidationError({"other": _("An entry cannot be merged into itself.")})
        if keep.delegation_id != other.delegation_id:
            raise ValidationError({"other": _("Only entries of one delegation can be merged.")})
        if LEVEL_TIER.get(other.level, OTHER_LEVELS_TIER) < LEVEL_TIER.get(
            keep.level, OTHER_LEVELS_TIER
        ):
            keep.level, keep.speaker_id, keep.speaker_name = (
                other.level,
                other.speaker_id,
                other.speaker_name,
            )
        if not keep.statement and other.statement:
            keep.statement, keep.statement_uploaded_at = (
                other.statement,
                other.statement_uploaded_at,
            )
        _entry_save(keep, reason=reason, by=by)
        other.status, other.merged_into, other.position = SpeakerStatus.MERGED, keep, None
        _entry_save(other, reason=reason, by=by)
    return keep


def speaker_withdraw(*, entry, reason, by=None):
    """Take an entry off the list; it stays, withdrawn, for the history."""
    _reason_check(reason)
    with transaction.atomic():
        speakers_list = _list_lock(entry.speakers_list)
        entry = _entry_in(speakers_list, entry)
        entry.status, entry.position = SpeakerStatus.WITHDRAWN, None
        _entry_save(entry, reason=reason, by=by)
    return entry


def statement_upload(*, entry, statement, by=None):
    """The delegation's statement (a PDF), shown on the meeting's public page."""
    with transaction.atomic():
        speakers_list = _list_lock(entry.speakers_list)
        entry = _entry_in(speakers_list, entry)
        if not statement:
            raise ValidationError({"statement": _("Choose a PDF file.")})
        entry.statement = statement
        entry.statement_uploaded_at = timezone.now()
        entry.full_clean(exclude=["speaker", "delegation", "speakers_list"])
        _entry_save(
            entry,
            reason=_("Statement uploaded"),
            by=by,
            fields=["statement", "statement_uploaded_at"],
        )
    return entry
