"""Exports of the released schedule: from a release (and its history) to the pure renderers.

Only released versions are exported: what staff hand to other tools and what delegates put in
their calendars must be what was published, not the work in progress. A session's SEQUENCE (for
calendars) is how many times it moved or was cancelled across the releases; a session dropped
from the latest release is exported as cancelled, so calendars remove it.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.models import protocol_name

from . import exports, tasks
from .models import (
    ExportJob,
    ExportScope,
    ExportStatus,
    RegistrationStatus,
    Session,
    SessionKind,
    SessionRole,
    SessionRoleKind,
)

GUID_NAMESPACE = "treaty-event-planner"
PLACE_FIELDS = ("room", "start", "end")


def _key_id(key):
    return int(key.rsplit("-", 1)[1])


def release_history(event):
    """The latest release, and per session: its last known entry, sequence and whether it lives."""
    releases = list(event.schedule_releases.order_by("version"))
    if not releases:
        raise ValidationError(_("No schedule has been released for this event yet."))
    history = {}
    for release in releases:
        present = {item["key"]: item for item in release.sessions}
        for key, entry in history.items():
            if key not in present and entry["live"]:
                entry["live"], entry["sequence"] = False, entry["sequence"] + 1
        for key, item in present.items():
            entry = history.get(key)
            if entry is None:
                history[key] = {"item": item, "sequence": 0, "live": True}
                continue
            changed = any(entry["item"][field] != item[field] for field in PLACE_FIELDS)
            entry["sequence"] += 1 if changed or not entry["live"] else 0
            entry["item"], entry["live"] = item, True
    return releases[-1], history


def _itinerary_session_ids(*, delegation=None, delegate=None):
    """Sessions a delegation or a delegate takes part in: roles, confirmed places, organised."""
    people = Q(delegate=delegate) if delegate else Q(delegate__delegation=delegation)
    roles = SessionRole.objects.filter(people).values_list("session_id", flat=True)
    places = Session.objects.filter(
        registrations__status=RegistrationStatus.CONFIRMED,
        **(
            {"registrations__delegate": delegate}
            if delegate
            else {"registrations__delegate__delegation": delegation}
        ),
    ).values_list("pk", flat=True)
    ids = set(roles) | set(places)
    if delegation is not None:
        ids |= set(Session.objects.filter(organiser=delegation).values_list("pk", flat=True))
    return ids


def _selected(entry_item, *, scope, event, day=None, room=None, kind="", session_ids=None):
    start = datetime.fromisoformat(entry_item["start"]).astimezone(event.timezone)
    if scope == ExportScope.DAY:
        return start.date() == day
    if scope == ExportScope.ROOM:
        return entry_item["room_key"] == f"room-{room.pk}"
    if scope == ExportScope.KIND:
        return entry_item["kind"] == kind
    if scope in (ExportScope.DELEGATION, ExportScope.DELEGATE):
        return _key_id(entry_item["key"]) in session_ids
    return True


def schedule_for_export(
    *, event, scope=ExportScope.EVENT, day=None, room=None, kind="", delegation=None, delegate=None
):
    """The released schedule, narrowed to the scope, as the renderers' ``Schedule``."""
    release, history = release_history(event)
    session_ids = None
    if scope in (ExportScope.DELEGATION, ExportScope.DELEGATE):
        session_ids = _itinerary_session_ids(delegation=delegation, delegate=delegate)
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
    # Plain rows, not model instances: two queries whatever the number of sessions, and no
    # per-session queryset or per-role ``get_role_display()`` (which hashes the lazy choices).
    ids = [_key_id(key) for key in chosen]
    details = {
        pk: (description, organiser or "")
        for pk, description, organiser in Session.objects.filter(pk__in=ids).values_list(
            "pk", "description", "organiser__name"
        )
    }
    role_labels = {value: str(label) for value, label in SessionRoleKind.choices}
    persons = {}
    for session_id, delegate_id, honorific, given, family, native, role in (
        SessionRole.objects.filter(session_id__in=ids)
        .order_by("session_id", "order", "pk")
        .values_list(
            "session_id",
            "delegate_id",
            "delegate__honorific",
            "delegate__given_name",
            "delegate__family_name",
            "delegate__name_native",
            "role",
        )
    ):
        persons.setdefault(session_id, []).append(
            exports.Person(
                id=delegate_id,
                name=protocol_name(honorific, given, family),
                native_name=native,
                role=role_labels.get(role, role),
            )
        )
    kinds = {value: str(label) for value, label in SessionKind.choices}
    items = []
    for key, entry in chosen.items():
        item, pk = entry["item"], _key_id(key)
        description, organiser = details.get(pk, ("", ""))
        start = datetime.fromisoformat(item["start"])
        end = datetime.fromisoformat(item["end"])
        items.append(
            exports.Item(
                id=pk,
                guid=exports.item_guid(f"{GUID_NAMESPACE}/{event.slug}", key),
                slug=item["slug"],
                title=item["title"],
                kind=item["kind"],
                kind_label=kinds.get(item["kind"], item["kind"]),
                room=item["room"],
                start=start,
                duration_minutes=int((end - start).total_seconds() // 60),
                abstract=description,
                persons=tuple(persons.get(pk, ())),
                organiser=organiser,
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
        ),
        items=tuple(items),
        title=_export_title(
            event, scope, day=day, room=room, kind=kind, delegation=delegation, delegate=delegate
        ),
        version=str(release.version),
        generated_at=release.released_at,
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


@transaction.atomic
def export_request(*, event, format, scope=ExportScope.EVENT, by=None, **narrowing):
    """Queue an export; a Celery job writes the file (``export_render``)."""
    job = ExportJob(event=event, format=format, scope=scope, requested_by=by, **narrowing)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: tasks.export_render.delay(job.pk))
    return job


def export_render(*, job_id):
    """Render a queued export into private storage; a finished one is left as it is."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.status == ExportStatus.DONE:
            return job
        job.status = ExportStatus.RUNNING
        job.save(update_fields=["status"])
    try:
        schedule = schedule_for_export(
            event=job.event,
            scope=job.scope,
            day=job.day,
            room=job.room,
            kind=job.kind,
            delegation=job.delegation,
            delegate=job.delegate,
        )
        content = exports.render(job.format, schedule)
    except (ValidationError, ValueError) as error:
        job.status, job.error = (
            ExportStatus.FAILED,
            "; ".join(getattr(error, "messages", [str(error)])),
        )
    else:
        job.file.save(
            export_file_name(job, job.format, job.scope), ContentFile(content), save=False
        )
        job.status, job.error = ExportStatus.DONE, ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "file", "finished_at"])
    return job
