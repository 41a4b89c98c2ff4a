"""Releases of the schedule: numbered, immutable versions of the scheduled programme, each with
its change log against the previous one (pretalx's habit). Refused while the programme breaks a
hard rule; each release renews the public feeds.
"""

import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ceremony.models import Event
from ceremony.services.webhooks import webhook_schedule_released
from config.core.content import translations_of
from config.core.locking import row_lock
from sessions.enums import SessionStatus
from sessions.models import ScheduleRelease, Session
from sessions.selectors.feeds import FEED_FORMATS, feed_generation_key, feed_key
from sessions.selectors.timetabling import room_key, schedule_conflicts, session_key
from sessions.services.notifications import release_notifications_request


def _snapshot(event):
    zone = event.timezone
    sessions = (
        Session.objects.filter(event=event, status=SessionStatus.SCHEDULED)
        .select_related("room")
        .order_by("start", "room__name", "pk")
    )
    return [
        {
            "key": session_key(session.pk),
            "slug": session.slug,
            "title": session.title_en,
            "titles": translations_of(session, "title"),
            "kind": session.kind,
            "room": session.room.name_en,
            "rooms": translations_of(session.room, "name"),
            "room_key": room_key(session.room_id),
            "start": session.start.astimezone(zone).isoformat(),
            "end": session.end.astimezone(zone).isoformat(),
        }
        for session in sessions
    ]


def _titled(item):
    """A change's session: its English title, and its title in every language it has."""
    return {"title": item["title"], "titles": item.get("titles", {})}


def _place(item):
    return {
        **{field: item[field] for field in ("room", "start", "end")},
        "rooms": item.get("rooms", {}),
    }


def release_changes(previous, current):
    """What changed between two snapshots: added, moved (room or time), cancelled."""
    before = {item["key"]: item for item in previous}
    after = {item["key"]: item for item in current}
    moved = [
        {
            "key": key,
            **_titled(item),
            "from": _place(before[key]),
            "to": _place(item),
        }
        for key, item in after.items()
        if key in before
        and any(before[key][field] != item[field] for field in ("room", "start", "end"))
    ]
    return {
        "added": [
            {
                "key": key,
                **_titled(item),
                "room": item["room"],
                "rooms": item.get("rooms", {}),
                "start": item["start"],
            }
            for key, item in after.items()
            if key not in before
        ],
        "moved": moved,
        "cancelled": [
            {"key": key, **_titled(item)} for key, item in before.items() if key not in after
        ],
    }


@transaction.atomic
def schedule_release(*, event, by=None, note=""):
    """Freeze the scheduled programme as the next numbered version, with its change log and
    the organiser's note.

    Refused while the programme breaks a hard rule (a released schedule is one people rely on),
    and when nothing changed since the last version (a new number would tell everyone to look
    again for nothing). Once committed, the people whose sessions it moved or cancelled get
    their messages written (``sessions.services.notifications``).
    """
    row_lock(Event, event.pk)
    conflicts = schedule_conflicts(event)
    if conflicts:
        raise ValidationError(
            [_("The programme breaks a rule; fix it before releasing:")] + conflicts[:20]
        )
    previous = event.schedule_releases.order_by("-version").first()
    sessions = _snapshot(event)
    if not sessions:
        raise ValidationError(_("There is no scheduled session to release."))
    if previous is not None and previous.sessions == sessions:
        raise ValidationError(
            _("Nothing has changed since version %(version)d: there is nothing to release.")
            % {"version": previous.version}
        )
    release = ScheduleRelease(
        event=event,
        version=(event.schedule_releases.aggregate(Max("version"))["version__max"] or 0) + 1,
        released_by=by,
        note=note,
        sessions=sessions,
        changes=release_changes(previous.sessions if previous else [], sessions),
    )
    release.full_clean()
    release.save()
    schedule_feeds_forget(event=event)
    webhook_schedule_released(release=release)
    # The people whose sessions moved or were cancelled are told once the release is theirs.
    transaction.on_commit(lambda: release_notifications_request(release=release), robust=True)
    return release


def schedule_feeds_forget(*, event):
    """Drop the event's rendered feeds (a new release) and renew their generation: now, and
    again once it is committed, so that a feed of the previous release that a request stores
    in between is never served. Other web processes let go of their copy within
    ``FEED_PROCESS_SECONDS``."""
    keys = [
        feed_key(event.slug, format_name, language)
        for format_name in FEED_FORMATS
        for language, _name in settings.LANGUAGES
    ]
    generation = feed_generation_key(event.slug)

    def forget():
        cache.set(generation, uuid.uuid4().hex, None)
        for store in (cache, caches["process"]):
            store.delete_many(keys)

    forget()
    transaction.on_commit(forget)
