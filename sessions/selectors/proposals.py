"""A timetable proposal read for review: each session where the programme has it now, where the
last release had it and where the proposal puts it; what it leaves out, and why; and who
applying it would concern.

Organisers decide on the difference, not on the proposal alone: a session "moved" by the
proposal is one its delegates, speakers and chairs must hear about.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from ceremony.models import Room
from config.core.moments import long_moment
from delegations.models import Delegate
from sessions.enums import RegistrationStatus, ReviewState, SessionStatus
from sessions.models import Session, SessionRegistration, SessionRole
from sessions.selectors.schedule_grid import day_grid
from sessions.selectors.timetabling import key_id, session_key

MOVED, ADDED, REMOVED, UNCHANGED, OUT = ReviewState.values
#: The states that change the programme, in the order a review lists them.
CHANGES = (MOVED, ADDED, REMOVED)
#: How many of the people concerned the confirmation names (the counts say the rest).
AFFECTED_SHOWN = 12


@dataclass(frozen=True)
class Place:
    """A room and a time: where a session is, was or would be."""

    room_id: int
    room: str
    start: datetime
    end: datetime

    def same(self, other):
        return other is not None and (self.room_id, self.start, self.end) == (
            other.room_id,
            other.start,
            other.end,
        )


def compared(before, after):
    """The state of a session going from one place (or none) to another."""
    if before is None:
        return OUT if after is None else ADDED
    if after is None:
        return REMOVED
    return UNCHANGED if before.same(after) else MOVED


@dataclass
class ReviewedSession:
    pk: int
    key: str
    title: str
    kind: str
    pinned: bool
    now: Place | None
    proposed: Place | None
    released: Place | None
    state: str
    state_vs_release: str
    reasons: list = field(default_factory=list)

    @property
    def label(self):
        return ReviewState(self.state).label

    @property
    def label_vs_release(self):
        return ReviewState(self.state_vs_release).label

    @property
    def room_changed(self):
        return self.state == MOVED and self.now.room_id != self.proposed.room_id

    @property
    def time_changed(self):
        return self.state == MOVED and self.now.start != self.proposed.start


@dataclass
class AffectedPerson:
    name: str
    delegation: str
    confirmed: list
    waiting: list
    roles: list


@dataclass
class Affected:
    """The people whose sessions the proposal moves or takes out of the programme."""

    delegates: int = 0
    confirmed: int = 0
    waiting: int = 0
    delegations: int = 0
    speakers: int = 0
    people_count: int = 0
    people: list = field(default_factory=list)

    @property
    def more(self):
        """How many people concerned the short list leaves unnamed."""
        return max(0, self.people_count - len(self.people))


@dataclass
class ProposalReview:
    sessions: list
    counts: dict
    release_counts: dict
    release_version: int | None
    unplaced: list
    affected: Affected
    fingerprint: str

    @property
    def changes(self):
        return sum(self.counts[state] for state in CHANGES)

    @property
    def release_changes(self):
        return sum(self.release_counts[state] for state in CHANGES)


def _place(room_id, start, end, rooms, zone):
    return Place(
        room_id=room_id,
        room=rooms.get(room_id, ""),
        start=start.astimezone(zone),
        end=end.astimezone(zone),
    )


def _now(session, rooms, zone):
    """Where the programme has the session (a cancelled one is nowhere)."""
    if session.status == SessionStatus.CANCELLED or not (session.room_id and session.start):
        return None
    return _place(session.room_id, session.start, session.end, rooms, zone)


def _moves(proposal):
    """The sessions the proposal decides for (unpinned ones of its problem): applying puts
    them where it says, or back to draft."""
    return {
        entry["id"]
        for entry in (proposal.problem or {}).get("sessions", [])
        if "pinned" not in entry
    }


def fingerprint(sessions):
    """A short digest of the programme's placements: a review is applied only to the
    programme it was made against."""
    lines = sorted(
        f"{session.pk}:{session.status}:{session.pinned}:{session.room_id}:"
        f"{session.start.isoformat() if session.start else ''}:{session.duration_minutes}"
        for session in sessions
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def working_schedule_fingerprint(event_id):
    """The digest of the event's programme as it stands (one query)."""
    return fingerprint(
        Session.objects.filter(event_id=event_id).only(
            "pk", "status", "pinned", "room_id", "start", "duration_minutes"
        )
    )


def proposal_review(proposal):
    """The proposal against the working schedule and the last release, session by session,
    with the counts of each state and who applying it affects. Constant queries."""
    event = proposal.event
    zone = event.timezone
    rooms = dict(Room.objects.filter(venue__event=event).values_list("pk", "name"))
    sessions = list(Session.objects.filter(event=event).order_by("start", "pk"))
    release = event.schedule_releases.order_by("-version").first()
    solution = proposal.solution or {}
    assigned = {item["session"]: item for item in solution.get("assignments", [])}
    reasons = {item["session"]: item["reasons"] for item in solution.get("unplaced", [])}
    moves = _moves(proposal)
    released = {item["key"]: item for item in (release.sessions if release else [])}

    reviewed = []
    for session in sessions:
        key = session_key(session.pk)
        now = _now(session, rooms, zone)
        if key in assigned:
            item = assigned[key]
            proposed = _place(
                key_id(item["room"]),
                datetime.fromisoformat(item["start"]),
                datetime.fromisoformat(item["end"]),
                rooms,
                zone,
            )
        else:
            proposed = None if key in moves else now
        before = released.get(key)
        was = (
            _place(
                key_id(before["room_key"]),
                datetime.fromisoformat(before["start"]),
                datetime.fromisoformat(before["end"]),
                rooms,
                zone,
            )
            if before and before.get("room_key")
            else None
        )
        if now is None and proposed is None and was is None and key not in reasons:
            continue
        reviewed.append(
            ReviewedSession(
                pk=session.pk,
                key=key,
                title=session.title,
                kind=session.kind,
                pinned=session.pinned,
                now=now,
                proposed=proposed,
                released=was,
                state=compared(now, proposed),
                state_vs_release=compared(was, proposed),
                reasons=reasons.get(key, []),
            )
        )
    states = ReviewState.values
    return ProposalReview(
        sessions=reviewed,
        counts={state: sum(row.state == state for row in reviewed) for state in states},
        release_counts={
            state: sum(row.state_vs_release == state for row in reviewed) for state in states
        },
        release_version=release.version if release else None,
        unplaced=[row for row in reviewed if row.reasons],
        affected=affected_by(
            [row.pk for row in reviewed if row.state in (MOVED, REMOVED)],
            {row.pk: row.title for row in reviewed},
        ),
        fingerprint=fingerprint(sessions),
    )


def affected_by(session_ids, titles):
    """The delegates holding a confirmed or waiting place in these sessions, their
    delegations, the speakers and chairs: counts, and the first few by name (four queries)."""
    if not session_ids:
        return Affected()
    places = SessionRegistration.objects.filter(
        session_id__in=session_ids,
        status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING),
    )
    roles = SessionRole.objects.filter(session_id__in=session_ids)
    counts = places.aggregate(
        delegates=Count("delegate", distinct=True),
        confirmed=Count("delegate", distinct=True, filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("delegate", distinct=True, filter=Q(status=RegistrationStatus.WAITING)),
    )
    speakers = roles.aggregate(n=Count("delegate", distinct=True))["n"]
    people = Delegate.objects.filter(
        Q(pk__in=places.values("delegate")) | Q(pk__in=roles.values("delegate"))
    )
    totals = people.aggregate(
        people=Count("pk", distinct=True), delegations=Count("delegation", distinct=True)
    )
    shown = (
        people.select_related("delegation")
        .prefetch_related(
            Prefetch("session_registrations", queryset=places.order_by("pk"), to_attr="places"),
            Prefetch("session_roles", queryset=roles.order_by("pk"), to_attr="roles_held"),
        )
        .order_by("delegation__name", "family_name", "given_name", "pk")[:AFFECTED_SHOWN]
    )
    return Affected(
        **counts,
        speakers=speakers,
        delegations=totals["delegations"],
        people_count=totals["people"],
        people=[
            AffectedPerson(
                name=person.full_name,
                delegation=person.delegation.name,
                confirmed=[
                    titles[place.session_id]
                    for place in person.places
                    if place.status == RegistrationStatus.CONFIRMED
                ],
                waiting=[
                    titles[place.session_id]
                    for place in person.places
                    if place.status == RegistrationStatus.WAITING
                ],
                roles=[
                    (role.get_role_display(), titles[role.session_id]) for role in person.roles_held
                ],
            )
            for person in shown
        ],
    )


#: What a review compares the proposal with: the programme as it stands, or the last release.
AGAINST_PROGRAMME, AGAINST_RELEASE = "programme", "release"


def _when(place, other):
    """A place as a note says it: the time alone on the same day, else the day too."""
    if other is not None and place.start.date() == other.start.date():
        return f"{place.room}, {time_format(place.start, 'H:i')}"
    return f"{place.room}, {long_moment(place.start)}"


def _compared_with(row, against):
    if against == AGAINST_RELEASE:
        return row.released, row.state_vs_release
    return row.now, row.state


def proposal_day_grid(proposal, review, day, *, against=AGAINST_PROGRAMME, only_changes=False):
    """The proposal on the schedule editor's day grid (``schedule_grid.day_grid``): each
    session where the proposal puts it, marked moved, added or unchanged, and a ghost where
    a moved or removed session stands now (or stood in the release). Showing only the
    changes leaves out the rooms they do not touch."""
    placements, marks, ghosts = {}, {}, {}
    for row in review.sessions:
        before, state = _compared_with(row, against)
        if only_changes and state not in CHANGES:
            continue
        if row.proposed is not None:
            placements[row.pk] = (row.proposed.room_id, row.proposed.start)
            note = ""
            if state == MOVED:
                note = _("from %(place)s") % {"place": _when(before, row.proposed)}
            elif state == ADDED:
                note = _("added")
            marks[row.pk] = (state, note)
        if state == MOVED:
            ghosts[row.pk] = (
                before.room_id,
                before.start,
                _("moved to %(place)s") % {"place": _when(row.proposed, before)},
            )
        elif state == REMOVED:
            ghosts[row.pk] = (
                before.room_id,
                before.start,
                _("removed: back to draft") if against == AGAINST_PROGRAMME else _("removed"),
            )
    grid = day_grid(proposal.event, day, placements, with_rules=False, marks=marks, ghosts=ghosts)
    if only_changes:
        grid.rooms = [room for room in grid.rooms if room.blocks]
    return grid
