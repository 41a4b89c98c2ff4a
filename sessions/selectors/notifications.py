"""Reads for the release outbox: who a release concerns, and each message's text and calendar
in its reader's language.

A release concerns the people with a confirmed place in, or a chair or a speaker's seat at, a
session it moved or cancelled; nobody else (a place on a waiting list is not a seat, a session
added or left as it was changes nobody's day). Withdrawn and rejected delegates are not told.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.core.content import in_language
from config.core.moments import long_day
from config.core.queries import count_subquery
from config.core.text import isolated
from delegations.enums import AccreditationStatus
from delegations.models import correspondence_language
from sessions import exports
from sessions.enums import ExportScope, NotificationStatus, RegistrationStatus
from sessions.models import ReleaseNotification, SessionRegistration, SessionRole
from sessions.selectors.exports import event_public_url, schedule_for_export
from sessions.selectors.timetabling import key_id

#: The kinds of change a person is told about, in the order a message lists them.
TOLD_CHANGES = ("moved", "cancelled")
#: Delegates who will not attend: a change of programme is none of their concern any more.
NOT_TOLD = (AccreditationStatus.WITHDRAWN, AccreditationStatus.REJECTED)


def release_changed_keys(release):
    """The keys of the sessions the release moved and cancelled, each in the release's order."""
    changes = release.changes or {}
    return {kind: [item["key"] for item in changes.get(kind, [])] for kind in TOLD_CHANGES}


def release_people_concerned(release):
    """Everyone the release concerns, by delegate id: their address, the language to write to
    them in, and the keys of their sessions that moved and that were cancelled.

    One query (``UNION`` of confirmed places and roles, each pair once) whatever the number of
    sessions and people: a release that moves a hundred sessions reaches tens of thousands.
    """
    changed = release_changed_keys(release)
    kind_of = {key: kind for kind in TOLD_CHANGES for key in changed[kind]}
    keys = {key_id(key): key for key in kind_of}
    if not keys:
        return {}
    columns = (
        "delegate_id",
        "session_id",
        "delegate__email",
        "delegate__language",
        "delegate__delegation__language",
    )
    present = ~Q(delegate__accreditation_status__in=NOT_TOLD)
    places = (
        SessionRegistration.objects.filter(
            present, session_id__in=keys, status=RegistrationStatus.CONFIRMED
        )
        .order_by()
        .values_list(*columns)
    )
    roles = SessionRole.objects.filter(present, session_id__in=keys)
    roles = roles.order_by().values_list(*columns)
    people = {}
    for delegate_id, session_id, email, language, delegation_language in places.union(roles):
        person = people.get(delegate_id)
        if person is None:
            person = people[delegate_id] = {
                "email": email,
                "language": correspondence_language(language, delegation_language),
                **{kind: set() for kind in TOLD_CHANGES},
            }
        key = keys[session_id]
        person[kind_of[key]].add(key)
    for person in people.values():
        for kind in TOLD_CHANGES:
            person[kind] = [key for key in changed[kind] if key in person[kind]]
    return people


def session_titles(*, release, keys):
    """The titles of the release's sessions named by ``keys``, by key.

    The one place the messages take a session's title from: the release's own data, the title
    as it was released, in the active language (callers call it inside the reader's:
    ``translation.override``), English where it had none.
    """
    wanted = set(keys)
    changes = release.changes or {}
    return {
        item["key"]: in_language(item.get("titles"), item["title"])
        for kind in TOLD_CHANGES
        for item in changes.get(kind, [])
        if item["key"] in wanted
    }


def _place(event, place):
    """Where and when a session is (or was), as its reader says it, in the event's zone."""
    zone = event.timezone
    start = datetime.fromisoformat(place["start"]).astimezone(zone)
    end = datetime.fromisoformat(place["end"]).astimezone(zone)
    return _("%(day)s, %(start)s–%(end)s, %(room)s") % {
        "day": long_day(start),
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        "room": isolated(in_language(place.get("rooms"), place["room"])),
    }


def _utc_offset(event, release):
    """The event's offset from UTC during the changes (``UTC+07:00``), beside its zone's name."""
    moments = [item["to"]["start"] for item in (release.changes or {}).get("moved", [])]
    moment = datetime.fromisoformat(moments[0]) if moments else release.released_at
    offset = moment.astimezone(event.timezone).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def notification_subject(notification):
    """The subject line in the active language, from strings every catalogue already holds."""
    release = notification.release
    return " · ".join(
        [
            release.event.acronym,
            _("Changes to the programme"),
            _("Version %(version)d") % {"version": release.version},
        ]
    )


def notification_body(notification):
    """The text of the message in the active language: what of theirs moved (from → to) and
    what was cancelled, the organisers' note, the time zone, where the programme is."""
    release, delegate = notification.release, notification.delegate
    event = release.event
    mine = notification.changes or {}
    count = sum(len(mine.get(kind, [])) for kind in TOLD_CHANGES)
    titles = session_titles(
        release=release, keys=[key for kind in TOLD_CHANGES for key in mine.get(kind, [])]
    )
    moved = {item["key"]: item for item in (release.changes or {}).get("moved", [])}
    lines = [_("Dear %(name)s,") % {"name": isolated(delegate.full_name)}, ""]
    lines.append(
        ngettext(
            "Version %(version)d of the programme of %(event)s changes a session you take part in.",
            "Version %(version)d of the programme of %(event)s changes %(count)d sessions you "
            "take part in.",
            count,
        )
        % {"version": release.version, "event": isolated(event.name), "count": count}
    )
    if mine.get("moved"):
        lines += ["", _("Moved")]
        for key in mine["moved"]:
            change = moved[key]
            lines += [
                f"- {isolated(titles.get(key, key))}",
                "  " + _("was: %(place)s") % {"place": _place(event, change["from"])},
                "  " + _("now: %(place)s") % {"place": _place(event, change["to"])},
            ]
    if mine.get("cancelled"):
        lines += ["", _("Cancelled")]
        lines += [f"- {isolated(titles.get(key, key))}" for key in mine["cancelled"]]
    if release.note:
        lines += ["", _("The organisers' note: %(note)s") % {"note": isolated(release.note)}]
    lines += [
        "",
        _("Times are in the event's time zone, %(zone)s (%(offset)s).")
        % {"zone": event.timezone, "offset": _utc_offset(event, release)},
        _("Your itinerary as of this version is attached: open it to update your calendar."),
        _("The programme: %(url)s") % {"url": event_public_url(event)},
    ]
    return "\n".join(lines) + "\n"


def notification_text(notification):
    """The subject and the text of a message, in its language: what the outbox previews and
    what a worker sends. Reads ``notification.release`` (its event) and ``.delegate``."""
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        return notification_subject(notification), notification_body(notification)


def notification_itinerary(notification):
    """The person's itinerary as of the message's release, as an iCalendar file (its moved
    sessions where they now are, its cancelled ones marked cancelled, so that a calendar that
    imports it updates the entries it holds), with the file's name."""
    release = notification.release
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        schedule = schedule_for_export(
            event=release.event,
            scope=ExportScope.DELEGATE,
            delegate=notification.delegate,
            version=release.version,
        )
        content = exports.render("ics", schedule)
    return f"{release.event.slug}-v{release.version}-itinerary.ics", content


def releases_outbox_annotate(releases):
    """Releases with how many of their messages wait for an organiser (``held_messages``):
    one subquery, whatever the number of releases and messages."""
    return releases.annotate(
        held_messages=count_subquery(
            ReleaseNotification.objects.filter(status=NotificationStatus.HELD), "release"
        )
    )


def release_sending_progress(release):
    """How the sending of a release's messages stands, in one query: how many are queued,
    sent, failed, and when the first was handed to a worker and the last went out (both None
    when nothing was sent). Each message commits by itself, so the rows are the progress."""
    statuses = {
        "queued": NotificationStatus.QUEUED,
        "sent": NotificationStatus.SENT,
        "failed": NotificationStatus.FAILED,
    }
    return release.notifications.order_by().aggregate(
        **{name: Count("pk", filter=Q(status=status)) for name, status in statuses.items()},
        started=Min("dispatched_at", filter=Q(status__in=statuses.values())),
        finished=Max("sent_at"),
    )


def release_outbox_counts(release):
    """How many of a release's messages stand in each status, every status named."""
    counts = dict(
        release.notifications.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in NotificationStatus.values}
