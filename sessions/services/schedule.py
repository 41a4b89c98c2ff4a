"""The working schedule edited by hand: a session moved to another room or time, or given
another length, in the schedule editor.

A move is checked by the release's own rules (``sessions.selectors.schedule_rules``): one that
breaks a hard rule is refused with its reasons and changes nothing; the soft ones it breaks are
returned, for the editor to mark. A release freezes the working schedule, as before.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from config.core.locking import row_lock
from sessions.enums import SessionStatus
from sessions.models import Session
from sessions.selectors.schedule_rules import session_verdict
from sessions.services.registration import waiting_list_promote

MOVED_FIELDS = ["room", "start", "end", "duration_minutes", "status", "updated_at"]


def session_move(*, session, room, start, duration_minutes=None, by=None):
    """Put ``session`` in ``room`` at ``start`` (an aware moment), optionally with a new length.

    Locks the session (its places follow its room's seats), runs the model's checks (a room
    too small for the confirmed places, another session in the room), then the release's
    rules around the new place. Raises ``ValidationError`` on a hard rule; returns the soft
    rules' lines. A draft session given a place is scheduled; a larger room lets its waiting
    list move up. ``by`` is the organiser, for the admin's history.
    """
    with transaction.atomic():
        session = row_lock(Session.objects.select_related("event", "room__venue"), session.pk)
        if session.status == SessionStatus.CANCELLED:
            raise ValidationError(_("A cancelled session has no place in the schedule."))
        if room.venue.event_id != session.event_id:
            raise ValidationError({"room": _("The room belongs to another event's venue.")})
        previous_room = session.room_id
        session.room, session.start = room, start
        if duration_minutes is not None:
            session.duration_minutes = duration_minutes
        if session.status == SessionStatus.DRAFT:
            session.status = SessionStatus.SCHEDULED
        # The model's rules (its fields, clean()); not its uniqueness nor its table's
        # constraints, a query each: a move changes no unique field, and the place given, the
        # length validated, the checks hold by construction. The database still holds them.
        session.full_clean(validate_unique=False, validate_constraints=False)
        verdict = session_verdict(session)
        if verdict.hard:
            raise ValidationError(verdict.hard)
        try:
            with transaction.atomic():
                session.save(update_fields=MOVED_FIELDS)
        except IntegrityError:
            # Another organiser's move took the room meanwhile (PostgreSQL's exclusion rule).
            raise ValidationError(_("The room already has a session at that time.")) from None
        if previous_room != room.pk:
            waiting_list_promote(session=session)
        if by is not None:
            LogEntry.objects.log_actions(
                user_id=by.pk,
                queryset=[session],
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": ["room", "start", "duration_minutes"]}}],
                single_object=True,
            )
    return verdict.soft
