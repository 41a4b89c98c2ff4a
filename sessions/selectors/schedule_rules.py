"""The release's rules asked of a few sessions at a time: a move in the schedule editor, a
day's grid.

There is one rule service: the engine's checker (``sessions.scheduling.check``) over the
problem ``timetable_problem_build`` makes, as ``schedule_conflicts`` asks it before a release.
Building the whole event's problem for every move would cost far more than a drag may wait;
only sessions that overlap the moved one (widened by the longest turnover) can clash with it
in a room, share a person with it at that time, run against it or share the interpreter
teams with it, so the problem is built from those alone and the same checker reads it.

The checker knows only broken rules. The editor refuses some at once and marks the others:
``SOFT_RULES`` is where that split lives.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.db.models import Max, Prefetch, prefetch_related_objects

from ceremony.models import Room
from delegations.models import Delegate
from sessions import scheduling
from sessions.enums import SessionStatus
from sessions.models import Session, SessionRole
from sessions.selectors.timetabling import (
    _humanise,
    key_id,
    placed_problem,
    room_key,
    session_key,
)

#: Rules an organiser may break for a while as they rearrange, each saved and marked on its
#: block (the release still names them, as it does today, and refuses to freeze the schedule):
#: a room's turnover squeezed between two sessions that do not themselves overlap, a session
#: outside its own timetabling window (the model says organisers may place it there before they
#: widen the window), and a start off the engine's 15-minute grid (the editor moves sessions on
#: it; a pinned session kept at its odd minute, or a typed start, may leave it).
#: Every other rule (two sessions in one room, seats against confirmed places and expected
#: attendance, booths, interpreter teams, a person in two places, not in parallel, a room's
#: unavailability, the day's hours, a pin) refuses the move with its reason.
SOFT_RULES = frozenset({"turnover", "window", "grid"})

RULE_PATTERNS = (
    ("room", re.compile(r"^room .+ overlap(, counting \d+ minutes' turnover)?$")),
    ("person", re.compile(r"^person .+ is in both ")),
    ("not_parallel", re.compile(r"run in parallel against not_parallel_with$")),
    ("interpreters", re.compile(r" interpreter teams? in (each|\S.*)$")),
    ("capacity", re.compile(r" expects \d+ people but ")),
    ("booths", re.compile(r" interpretation booths but ")),
    ("hours", re.compile(r"outside every day's opening hours$")),
    ("grid", re.compile(r"not on the \d+-minute grid|not one of the start_times$")),
    ("window", re.compile(r"starts before its earliest|ends after its latest")),
    ("availability", re.compile(r"' is unavailable ")),
    ("pin", re.compile(r" is pinned to ")),
    ("rooms", re.compile(r" may only use rooms ")),
)
SESSION_KEY = re.compile(r"\bsession-\d+\b")
PERSON_KEY = re.compile(r"person '(delegate-(\d+))'")


def rule_of(line):
    """The kind of rule a checker line reports, raw or humanised (``"other"`` when none is
    recognised: hard). A room's clash is ``"room"``; ``verdicts`` tells turnover apart."""
    for kind, pattern in RULE_PATTERNS:
        if pattern.search(line):
            return kind
    return "other"


@dataclass
class Verdict:
    """What a placement breaks: ``hard`` refuses it, ``soft`` is marked. Lines are humanised."""

    hard: list[str] = field(default_factory=list)
    soft: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.hard or self.soft)


def _roles_prefetch():
    return Prefetch("roles", queryset=SessionRole.objects.only("session", "delegate"))


def longest_turnover(event):
    minutes = Room.objects.filter(venue__event=event).aggregate(longest=Max("turnover_minutes"))
    return timedelta(minutes=minutes["longest"] or 0)


def sessions_around(event, start, end, *, exclude=()):
    """Live placed sessions of the event overlapping ``[start, end)``, with their people."""
    return list(
        Session.objects.filter(event=event, start__lt=end, end__gt=start, room__isnull=False)
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk__in=exclude)
        .prefetch_related(_roles_prefetch())
        .order_by("pk")
    )


def _without_turnover(problem):
    rooms = tuple(replace(room, turnover_minutes=0) for room in problem.rooms)
    return replace(problem, rooms=rooms)


def _person_names(lines):
    ids = {int(match.group(2)) for line in lines for match in PERSON_KEY.finditer(line)}
    if not ids:
        return {}
    return {
        f"delegate-{pk}": f"{given} {family.upper()}".strip()
        for pk, given, family in Delegate.objects.filter(pk__in=ids).values_list(
            "pk", "given_name", "family_name"
        )
    }


def verdicts(event, sessions):
    """Each session's broken rules, by session id, for sessions placed as they are in memory
    (a move not yet saved, a proposal laid over the working schedule).

    ``sessions`` carry their roles (prefetched); cancelled and unplaced ones are left out. The
    checker runs twice: with the rooms' turnover and without it, so that a clash only the
    turnover makes is told apart from two sessions in one room.
    """
    sessions = [
        session
        for session in sessions
        if session.status != SessionStatus.CANCELLED and session.start and session.room_id
    ]
    for session in sessions:
        session.end = session.computed_end()
    problem, assignments = placed_problem(event, sessions, previous=False)
    lines = scheduling.violations(problem, assignments)
    strict = scheduling.violations(_without_turnover(problem), assignments)
    overlapping = {
        frozenset(SESSION_KEY.findall(line)) for line in strict if rule_of(line) == "room"
    }
    titles = {session_key(session.pk): session.title for session in sessions}
    names = {
        room_key(room.pk): room.name
        for room in Room.objects.filter(venue__event=event).only("name")
    }
    people = _person_names(lines)
    found = {}
    for line in lines:
        kind = rule_of(line)
        keys = SESSION_KEY.findall(line)
        if kind == "room" and frozenset(keys) not in overlapping:
            kind = "turnover"
        text = PERSON_KEY.sub(
            lambda match: people.get(match.group(1), match.group(0)),
            _humanise(line, titles, names),
        )
        for key in dict.fromkeys(keys):
            verdict = found.setdefault(key_id(key), Verdict())
            (verdict.soft if kind in SOFT_RULES else verdict.hard).append(text)
    return found


def session_verdict(session):
    """The rules ``session`` breaks where it stands in memory (its room, start and length not
    yet saved), against the working schedule around it: what a move is checked with."""
    if session.status == SessionStatus.CANCELLED or not (session.start and session.room_id):
        return Verdict()
    prefetch_related_objects([session], _roles_prefetch())
    margin = longest_turnover(session.event)
    end = session.computed_end()
    others = sessions_around(
        session.event, session.start - margin, end + margin, exclude=[session.pk]
    )
    return verdicts(session.event, [session, *others]).get(session.pk, Verdict())


def day_bounds(event, day):
    """The day's programme hours, in the event's zone."""
    zone = event.timezone
    return (
        datetime.combine(day, event.day_opens, tzinfo=zone),
        datetime.combine(day, event.day_closes, tzinfo=zone),
    )
