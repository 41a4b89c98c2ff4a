"""Reads for the exports: the released schedule, narrowed to a scope, as the pure renderers'
``Schedule``.

Only released versions are exported: what staff hand to other tools and what delegates put in
their calendars must be what was published, not the work in progress. A session's SEQUENCE (for
calendars) is how many times it moved or was cancelled across the releases; a session dropped
from the latest release is exported as cancelled, so calendars remove it.
"""

from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from ceremony.models import SigningRequest
from config.core import version as planner_version
from config.core.content import in_language
from delegations.models import Delegate, protocol_name
from sessions import exports
from sessions.enums import ExportScope, RegistrationStatus, SessionKind, SessionRoleKind
from sessions.models import (
    ScheduleRelease,
    Session,
    SessionRegistration,
    SessionRole,
    languages_offered,
)

GUID_NAMESPACE = "treaty-event-planner"


PLACE_FIELDS = ("room", "start", "end")


def event_public_url(event):
    """The event's public address (``PUBLIC_URL``) in the language of the export: exports
    written by a worker, with no request to build it from, give it to the tools that read
    them (the frab formats' base_url; each session's url is its public page below it)."""
    language = translation.get_supported_language_variant(
        translation.get_language() or settings.LANGUAGE_CODE
    )
    return f"{settings.PUBLIC_URL.rstrip('/')}/{language}/events/{event.slug}/"


def _key_id(key):
    return int(key.rsplit("-", 1)[1])


def release_history(event, version=None):
    """The latest release (or ``version``), and per session: its last known entry, sequence and
    whether it lives.

    Releases never change, so the history of the same releases is computed once per process and
    shared (callers only read it): a worker writing 200 itineraries decodes the releases once,
    not 200 times. A new release changes the key.
    """
    releases = event.schedule_releases.order_by("version")
    if version is not None:
        releases = releases.filter(version__lte=version)
    key = tuple(releases.values_list("pk", "version", "released_at"))
    if not key:
        raise ValidationError(_("No schedule has been released for this event yet."))
    if version is not None and key[-1][1] != version:
        raise ValidationError(_("There is no version %(version)d.") % {"version": version})
    return _history(key)


@lru_cache(maxsize=16)
def _history(key):
    releases = list(
        ScheduleRelease.objects.filter(pk__in=[pk for pk, _v, _at in key]).order_by("version")
    )
    history = {}
    for release in releases:
        present = {item["key"]: item for item in release.sessions}
        for session_key, entry in history.items():
            if session_key not in present and entry["live"]:
                entry["live"], entry["sequence"] = False, entry["sequence"] + 1
        for session_key, item in present.items():
            entry = history.get(session_key)
            if entry is None:
                history[session_key] = {"item": item, "sequence": 0, "live": True}
                continue
            changed = any(entry["item"][field] != item[field] for field in PLACE_FIELDS)
            entry["sequence"] += 1 if changed or not entry["live"] else 0
            entry["item"], entry["live"] = item, True
    return releases[-1], history


def _itinerary_session_ids(*, delegation=None, delegate=None):
    """Sessions a delegation or a delegate takes part in: roles, confirmed places, organised.

    One query, each id once (``UNION``): a large delegation holds thousands of places in the
    same few hundred sessions.
    """
    people = Q(delegate=delegate) if delegate else Q(delegate__delegation=delegation)
    roles = SessionRole.objects.filter(people).order_by().values_list("session_id", flat=True)
    places = (
        SessionRegistration.objects.filter(people, status=RegistrationStatus.CONFIRMED)
        .order_by()
        .values_list("session_id", flat=True)
    )
    if delegation is not None:
        organised = (
            Session.objects.filter(organiser=delegation).order_by().values_list("pk", flat=True)
        )
        return set(roles.union(places, organised))
    return set(roles.union(places))


def _signing_appointments(*, delegation=None, delegate=None):
    """The published signing slot of a delegation (or of the delegate who signs for it), by
    the signing session it falls in: an itinerary shows that session with the appointment."""
    requests = SigningRequest.objects.filter(
        slot_published_at__isnull=False, withdrawn_at__isnull=True, slot_session__isnull=False
    )
    requests = (
        requests.filter(representative=delegate)
        if delegate is not None
        else requests.filter(delegation=delegation)
    )
    return {
        session_id: (start, end)
        for session_id, start, end in requests.values_list(
            "slot_session_id", "slot_start", "slot_end"
        )
    }


def _selected(entry_item, *, scope, event, day=None, room=None, kind="", session_ids=None):
    if scope == ExportScope.DAY:
        start = datetime.fromisoformat(entry_item["start"]).astimezone(event.timezone)
        return start.date() == day
    if scope == ExportScope.ROOM:
        return entry_item["room_key"] == f"room-{room.pk}"
    if scope == ExportScope.KIND:
        return entry_item["kind"] == kind
    if scope in (ExportScope.DELEGATION, ExportScope.DELEGATE):
        return _key_id(entry_item["key"]) in session_ids
    return True


def schedule_for_export(
    *,
    event,
    scope=ExportScope.EVENT,
    day=None,
    room=None,
    kind="",
    delegation=None,
    delegate=None,
    version=None,
):
    """The released schedule (the newest, or ``version``), narrowed to the scope, as the
    renderers' ``Schedule``."""
    release, history = release_history(event, version)
    session_ids, appointments = None, {}
    if scope in (ExportScope.DELEGATION, ExportScope.DELEGATE):
        session_ids = _itinerary_session_ids(delegation=delegation, delegate=delegate)
        appointments = _signing_appointments(delegation=delegation, delegate=delegate)
        session_ids |= set(appointments)
    chosen = {
        key: entry
        for key, entry in history.items()
        if _selected(
            entry["item"],
            scope=scope,
            event=event,
            day=day,
            room=room,
            kind=kind,
            session_ids=session_ids,
        )
    }
    # Plain rows, not model instances: three queries whatever the number of sessions, and no
    # per-session queryset or per-role ``get_role_display()`` (which hashes the lazy choices).
    # A long selection is read by event and picked here: a list of hundreds of ids costs more
    # to send than the rows it leaves out.
    ids = {_key_id(key) for key in chosen}
    sessions = Session.objects.filter(pk__in=ids)
    if len(ids) > 100:
        sessions = Session.objects.filter(event=event)
    details = {
        pk: (
            description,
            organiser or "",
            interpretation,
            languages_offered(interpretation, spoken),
        )
        for pk, description, organiser, interpretation, spoken in sessions.values_list(
            "pk", "description", "organiser__name", "interpretation", "languages"
        )
    }
    role_labels = {value: str(label) for value, label in SessionRoleKind.choices}
    roles = [
        role
        for role in SessionRole.objects.filter(session__in=sessions)
        .order_by("session_id", "order", "pk")
        .values_list("session_id", "delegate_id", "role")
        if role[0] in ids
    ]
    # The delegates by primary key, apart: joined to the roles, PostgreSQL would rather scan
    # every delegate of the database than look up the few hundred it needs.
    names = {
        pk: (protocol_name(honorific, given, family), native)
        for pk, honorific, given, family, native in Delegate.objects.filter(
            pk__in={delegate_id for _session, delegate_id, _role in roles}
        ).values_list("pk", "honorific", "given_name", "family_name", "name_native")
    }
    persons = {}
    for session_id, delegate_id, role in roles:
        name, native = names[delegate_id]
        persons.setdefault(session_id, []).append(
            exports.Person(
                id=delegate_id,
                name=name,
                native_name=native,
                role=role_labels.get(role, role),
            )
        )
    kinds = {value: str(label) for value, label in SessionKind.choices}
    public_url = event_public_url(event)
    items = []
    for key, entry in chosen.items():
        item, pk = entry["item"], _key_id(key)
        description, organiser, interpretation, languages = details.get(pk, ("", "", "", ()))
        start = datetime.fromisoformat(item["start"])
        end = datetime.fromisoformat(item["end"])
        subtitle = ""
        if pk in appointments:
            slot_start, slot_end = (event.local(moment) for moment in appointments[pk])
            subtitle = _("Signing appointment: %(start)s–%(end)s") % {
                "start": f"{slot_start:%H:%M}",
                "end": f"{slot_end:%H:%M}",
            }
        items.append(
            exports.Item(
                id=pk,
                guid=exports.item_guid(f"{GUID_NAMESPACE}/{event.slug}", key),
                slug=item["slug"],
                title=in_language(item.get("titles"), item["title"]),
                kind=item["kind"],
                kind_label=kinds.get(item["kind"], item["kind"]),
                room=in_language(item.get("rooms"), item["room"]),
                room_key=item["room_key"],
                start=start,
                duration_minutes=int((end - start).total_seconds() // 60),
                abstract=description,
                subtitle=subtitle,
                persons=tuple(persons.get(pk, ())),
                organiser=organiser,
                interpretation=interpretation,
                languages=languages,
                url=f"{public_url}sessions/{item['slug']}/",
                status="scheduled" if entry["live"] else "cancelled",
                sequence=entry["sequence"],
            )
        )
    items.sort(key=lambda entry: (entry.start, entry.room, entry.id))
    return exports.Schedule(
        conference=exports.Conference(
            title=event.name,
            acronym=event.slug,
            start=event.start_date,
            end=event.end_date,
            timezone=str(event.timezone),
            url=public_url,
        ),
        items=tuple(items),
        title=_export_title(
            event, scope, day=day, room=room, kind=kind, delegation=delegation, delegate=delegate
        ),
        version=str(release.version),
        generated_at=release.released_at,
        generator=exports.Generator(name=planner_version.NAME, version=planner_version.VERSION),
    )


def _export_title(event, scope, *, day, room, kind, delegation, delegate):
    if scope == ExportScope.DAY:
        return _("Programme of %(day)s") % {"day": day.isoformat()}
    if scope == ExportScope.ROOM:
        return _("Programme of %(room)s") % {"room": room.name}
    if scope == ExportScope.KIND:
        return str(dict(SessionKind.choices).get(kind, kind))
    if scope == ExportScope.DELEGATION:
        return _("Itinerary of the delegation of %(name)s") % {"name": delegation.name}
    if scope == ExportScope.DELEGATE:
        return _("Itinerary of %(name)s") % {"name": delegate.full_name}
    return event.name


def export_file_name(job_or_event, schedule_format, scope_label="programme"):
    event = getattr(job_or_event, "event", job_or_event)
    extension = exports.exporter(schedule_format).EXTENSION.lstrip(".")
    return f"{event.slug}-{scope_label}.{extension}"
