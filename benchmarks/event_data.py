"""A generated treaty event at the size of the benchmarks: 100,000 delegates, 1,000 sessions,
500,000 session registrations and 200,000 check-ins (at ``scale=1``).

Deterministic (every draw comes from a generator seeded with ``seed``) and fast: the small
tables go through the ORM, the four large ones through one bulk insert each (``COPY`` on
PostgreSQL, ``executemany`` on SQLite), with ids given here so nothing is read back. The event
keeps every rule the database holds (on PostgreSQL the exclusion constraint on rooms too) and
the ones the services hold:

- sessions sit on a grid of eight 90-minute slots a day over five days, at most 75 minutes
  long, so a room's 15-minute turnover always fits; full interpretation only in rooms with six
  booths and at most three at once (three booth teams in each UN language); opening and closing
  run alone;
- the programme is released twice through the real ``schedule_release`` (which refuses a
  programme that breaks a hard rule): version 2 moves and cancels a few sessions;
- only accredited delegates hold badges, places and scans; a session's confirmed places never
  exceed its capacity, a waiting list only exists where it is full, a delegate is never
  confirmed in two sessions at the same time; door scans are mostly of confirmed delegates,
  each after that delegate's venue entry of the day.

``event_check`` verifies all this on the stored data with the project's own selectors.
"""

import base64
import math
import random
import time as time_module
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce

from ceremony.demo import data as demo_data
from ceremony.demo.builder import NEUTRAL_HONORIFICS, ORGANISATION_FUNCTIONS, STATE_FUNCTIONS
from ceremony.models import Event, InterpreterPool, Room, Venue, booth_team_size
from delegations.enums import (
    AccreditationStatus,
    BadgeReplacementCause,
    BadgeRevocation,
    DelegationKind,
    RepresentationLevel,
)
from delegations.models import Badge, Delegate, Delegation, DelegationQuota
from delegations.services.badges import badge_numbers_reserve
from sessions.enums import (
    Interpretation,
    RegistrationStatus,
    SessionAccess,
    SessionKind,
    SessionRoleKind,
    SessionStatus,
)
from sessions.models import CheckIn, Session, SessionRegistration, SessionRole
from sessions.selectors.timetabling import registration_clashes, schedule_conflicts
from sessions.services.release import schedule_release

#: Changing what the generator writes changes this, so a kept database is not reused.
GENERATOR_VERSION = 3
SLUG = "bench-event"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY = date(2025, 11, 3)
DAYS = 5
#: Local start times of the programme's slots, every 90 minutes from the day's opening (08:00).
SLOT_STARTS = (time(8, 30), time(10), time(11, 30), time(13), time(14, 30), time(16))
SLOT_STARTS += (time(17, 30), time(19))
SPARE_CELLS = 0.04
HOST = "VNM"
INTERPRETATION_ORDER = [Interpretation.NONE, Interpretation.PARTIAL, Interpretation.FULL]

FULL_SIZE = {
    "delegates": 100_000,
    "sessions": 1_000,
    "registrations": 500_000,
    "check_ins": 200_000,
}
#: Share of check-ins at session doors (the rest at the venue entry), of door scans by delegates
#: without a confirmed place, and of registrations cancelled.
DOOR_SHARE, WALK_IN_SHARE, CANCELLED_SHARE = 0.4, 0.03, 0.08
#: Accreditation of the delegates who are not heads of delegation.
ACCREDITATION_MIX = (
    (AccreditationStatus.ACCREDITED, 0.92),
    (AccreditationStatus.SUBMITTED, 0.03),
    (AccreditationStatus.DRAFT, 0.02),
    (AccreditationStatus.REJECTED, 0.015),
    (AccreditationStatus.WITHDRAWN, 0.015),
)
REJECTION_NOTE = "Not on the list sent by the nominating authority."


@dataclass(frozen=True)
class RoomPlan:
    code: str
    name: str
    capacity: int
    booths: int
    turnover: int
    interpretation: str
    kinds: tuple


BIG = (SessionKind.HIGH_LEVEL_PANEL, SessionKind.PLENARY, SessionKind.ROUNDTABLE)
MIDDLE = (SessionKind.ROUNDTABLE, SessionKind.WORKSHOP, SessionKind.SIDE_EVENT)
SMALL = (SessionKind.SIDE_EVENT, SessionKind.WORKSHOP, SessionKind.BILATERAL)
ROOMS = (
    RoomPlan("plenary", "Plenary Hall", 2500, 6, 0, Interpretation.FULL, (SessionKind.PLENARY,)),
    RoomPlan("hall-a", "Hall A", 1500, 6, 15, Interpretation.FULL, BIG),
    RoomPlan("hall-b", "Hall B", 1200, 6, 15, Interpretation.FULL, BIG),
    RoomPlan("hall-c", "Hall C", 1200, 6, 15, Interpretation.PARTIAL, BIG),
    RoomPlan("hall-d", "Hall D", 1000, 6, 15, Interpretation.PARTIAL, BIG),
    *(
        RoomPlan(
            f"conf-{n}", f"Conference Room {n}", 800 if n <= 2 else 600, 2, 15, "partial", MIDDLE
        )
        for n in range(1, 9)
    ),
    *(
        RoomPlan(
            f"meet-{n:02d}", f"Meeting Room {n:02d}", 500 if n <= 6 else 400, 0, 15, "none", SMALL
        )
        for n in range(1, 11)
    ),
    RoomPlan(
        "press", "Press Centre", 300, 2, 15, Interpretation.PARTIAL, (SessionKind.PRESS_CONFERENCE,)
    ),
    *(RoomPlan(f"salon-{n}", f"Salon {n}", 300, 0, 15, "none", SMALL) for n in range(1, 3)),
)
TOPICS = (
    "Cross-border access to electronic evidence",
    "Protecting children online",
    "Ransomware and critical infrastructure",
    "Capacity building for developing States",
    "Human rights safeguards in cybercrime investigations",
    "Public-private cooperation against fraud",
    "Mutual legal assistance in the digital age",
    "Financial flows of cybercrime",
    "Technical assistance in South-East Asia",
    "Artificial intelligence and crime",
    "Victims of online scams",
    "Training judges and prosecutors",
)
#: A few titles in other scripts, so the PDF shapes Arabic, Chinese and Vietnamese text.
NATIVE_TITLES = (
    "Hợp tác quốc tế phòng, chống tội phạm mạng",
    "打击网络犯罪的国际合作",
    "التعاون الدولي في مكافحة الجريمة السيبرانية",
    "Международное сотрудничество в борьбе с киберпреступностью",
)
GENERATED_ORGANISATIONS = (
    (DelegationKind.UN_ENTITY, "UN", "United Nations entity", 0.1),
    (DelegationKind.NGO, "NGO", "Civil society network", 0.45),
    (DelegationKind.PRIVATE_SECTOR, "PRV", "Technology company", 0.25),
    (DelegationKind.ACADEMIA, "ACA", "University research centre", 0.2),
)
ENTRY_GATES = ("North entrance", "South entrance", "VIP entrance")
#: The correspondence languages delegations choose (half choose none: English), and the share
#: of delegates who choose one of their own.
LANGUAGE_MIX = (("", 0.5), ("en", 0.15), ("fr", 0.12), ("es", 0.1), ("ar", 0.06))
LANGUAGE_MIX += (("ru", 0.04), ("zh-hans", 0.03))
OWN_LANGUAGE_SHARE = 0.1


@dataclass(frozen=True)
class Sizes:
    delegates: int
    sessions: int
    registrations: int
    check_ins: int
    organisations: int

    @classmethod
    def at(cls, scale):
        if not 0.01 <= scale <= 1:
            raise ValueError(f"The scale must be between 0.01 and 1, not {scale}.")
        return cls(
            delegates=round(FULL_SIZE["delegates"] * scale),
            sessions=max(4, round(FULL_SIZE["sessions"] * scale)),
            registrations=round(FULL_SIZE["registrations"] * scale),
            check_ins=round(FULL_SIZE["check_ins"] * scale),
            organisations=max(len(GENERATED_ORGANISATIONS), round(300 * scale)),
        )


def marker(scale, seed):
    """What the event's ``theme`` says, so a kept database is reused only for the same event."""
    return f"benchmark event, generator {GENERATOR_VERSION}, scale {scale:g}, seed {seed}"


def local(day, moment):
    return datetime.combine(day, moment, tzinfo=ZONE)


def _next_id(model):
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def rows_insert(model, columns, rows):
    """Insert ``rows`` (tuples in ``columns`` order, ids included) in one bulk statement.

    PostgreSQL gets ``COPY``, SQLite ``executemany``; both run the database's own constraints.
    The id sequence is moved past the given ids afterwards.
    """
    fields = [model._meta.get_field(name) for name in columns]
    missing = [
        field.name
        for field in model._meta.concrete_fields
        if field not in fields and not field.null and field.db_default is models.NOT_PROVIDED
    ]
    if missing:
        raise ValueError(f"{model.__name__}: no value for {', '.join(missing)}.")
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As PostgreSQL's "Populating a Database" advises: foreign keys are dropped for the
            # load and added back, which checks every row in one join instead of one trigger
            # query per row and key.
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype = 'f'",
                [model._meta.db_table],
            )
            keys = cursor.fetchall()
            # Checks deferred to the commit would otherwise forbid the ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, _definition in keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            for name, definition in keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            adapt = [
                connection.ops.adapt_datetimefield_value
                if isinstance(field, models.DateTimeField)
                else None
                for field in fields
            ]
            placeholders = ", ".join(["%s"] * len(fields))
            statement = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
            batch = []
            for row in rows:
                batch.append(
                    [
                        value if how is None else how(value)
                        for how, value in zip(adapt, row, strict=True)
                    ]
                )
                if len(batch) == 20_000:
                    cursor.executemany(statement, batch)
                    batch = []
            if batch:
                cursor.executemany(statement, batch)
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)


def _shares(total, weights):
    """``total`` split in proportion to ``weights`` (largest remainders), as integers."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    shares = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - exact[i])
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


class EventGenerator:
    def __init__(self, *, scale=1.0, seed=2025, log=None):
        self.scale, self.seed = scale, seed
        self.sizes = Sizes.at(scale)
        log = log or (lambda message: None)
        began = time_module.perf_counter()
        self.log = lambda message: log(f"{time_module.perf_counter() - began:6.1f} s  {message}")

    def rng(self, part):
        return random.Random(f"{self.seed}/{part}")

    def generate(self):
        with transaction.atomic():
            event = self.event_build()
            rooms = self.rooms_build(event)
            delegations = self.delegations_build(event)
            self.delegates_build(delegations)
            self.badges_build(event)
            self.log(f"{len(delegations)} delegations, {len(self.delegates)} delegates, badges")
            sessions = self.sessions_build(event, rooms, delegations)
        schedule_release(event=event, note="First programme")
        self.changes_make(event, rooms)
        schedule_release(event=event, note="Moves and cancellations")
        self.log(f"{len(sessions)} sessions, released twice")
        with transaction.atomic():
            self.registrations_build(event)
            self.log(f"{self.sizes.registrations} registrations")
            self.check_ins_build(event)
        self.log(f"{self.sizes.check_ins} check-ins")
        return event

    # The event, its rooms and its delegations ------------------------------------------------

    def event_build(self):
        event = Event.objects.create(
            slug=SLUG,
            name="International Conference on Countering Cybercrime (generated benchmark event)",
            acronym="BENCH2025",
            treaty_title="United Nations Convention against Cybercrime",
            treaty_short_title="Hanoi Convention",
            theme=marker(self.scale, self.seed),
            start_date=FIRST_DAY,
            end_date=FIRST_DAY + timedelta(days=DAYS - 1),
            timezone=ZONE,
            host_country="VN",
            registration_opens=local(date(2025, 7, 1), time(9)),
            registration_closes=local(date(2025, 10, 31), time(17)),
            day_opens=time(8),
            day_closes=time(22),
        )
        # Three booth teams in each UN language: three six-language sessions at once.
        InterpreterPool.objects.bulk_create(
            InterpreterPool(
                event=event,
                language=language,
                interpreters=3 * booth_team_size(language),
                team_size=booth_team_size(language),
            )
            for language in settings.UN_LANGUAGES
        )
        return event

    def rooms_build(self, event):
        venue = Venue.objects.create(
            event=event, name="National Convention Centre", address="57 Pham Hung", city="Hanoi"
        )
        cells = (self.sizes.sessions - 2) * (1 + SPARE_CELLS)
        count = max(1, math.ceil(cells / (DAYS * len(SLOT_STARTS))))
        plans = [ROOMS[index % len(ROOMS)] for index in range(count)]
        # A smaller event has fewer rooms, the largest first: their seats are scaled down so that
        # sessions fill up (and have waiting lists) as they do at full size.
        seats = min(
            1.0,
            sum(plan.capacity for plan in ROOMS)
            / len(ROOMS)
            / (sum(plan.capacity for plan in plans) / len(plans)),
        )
        rooms = Room.objects.bulk_create(
            [
                Room(
                    venue=venue,
                    code=plan.code if index < len(ROOMS) else f"{plan.code}-{index}",
                    name=plan.name if index < len(ROOMS) else f"{plan.name} ({index})",
                    capacity=max(20, round(plan.capacity * seats)),
                    interpretation_booths=plan.booths,
                    turnover_minutes=plan.turnover,
                )
                for index, plan in enumerate(plans)
            ]
        )
        self.plans = dict(zip((room.pk for room in rooms), plans, strict=True))
        return rooms

    def delegations_build(self, event):
        rnd = self.rng("delegations")
        states = [(DelegationKind.MEMBER_STATE, *row) for row in demo_data.UN_MEMBER_STATES]
        states += [(DelegationKind.OBSERVER_STATE, *row) for row in demo_data.OBSERVER_STATES]
        candidates = [
            Delegation(event=event, kind=kind, code=alpha3, name=name, country=alpha2)
            for kind, alpha2, alpha3, name in states
        ]
        candidates += [
            Delegation(event=event, kind=kind, code=code, name=name)
            for code, name, kind in demo_data.ORGANISATIONS
        ]
        counts = _shares(self.sizes.organisations, [row[3] for row in GENERATED_ORGANISATIONS])
        for (kind, prefix, label, _share), count in zip(
            GENERATED_ORGANISATIONS, counts, strict=True
        ):
            candidates += [
                Delegation(
                    event=event,
                    kind=kind,
                    code=f"{prefix}-{n:03d}",
                    name=f"{label} {n:03d}",
                    country=rnd.choice(demo_data.UN_MEMBER_STATES)[0],
                )
                for n in range(1, count + 1)
            ]
        if self.sizes.delegates < len(candidates):
            raise ValueError(f"{self.sizes.delegates} delegates for {len(candidates)} delegations.")
        languages = self.rng("languages")
        for delegation in candidates:
            delegation.language = languages.choices(
                [code for code, _share in LANGUAGE_MIX], [share for _code, share in LANGUAGE_MIX]
            )[0]
        delegations = Delegation.objects.bulk_create(candidates)
        weights = []
        for delegation in delegations:
            if delegation.code == HOST:
                weights.append(25.0)
            elif delegation.kind == DelegationKind.MEMBER_STATE:
                weights.append(rnd.lognormvariate(0, 0.7))
            elif delegation.kind == DelegationKind.OBSERVER_STATE:
                weights.append(0.5)
            else:
                weights.append(0.35 * rnd.lognormvariate(0, 0.6))
        extra = _shares(self.sizes.delegates - len(delegations), weights)
        self.delegation_sizes = {d.pk: 1 + n for d, n in zip(delegations, extra, strict=True)}
        largest = {}
        for delegation in delegations:
            size = self.delegation_sizes[delegation.pk]
            largest[delegation.kind] = max(largest.get(delegation.kind, 0), size)
        DelegationQuota.objects.bulk_create(
            [
                DelegationQuota(event=event, kind=kind, max_delegates=min(size, 32767))
                for kind, size in largest.items()
            ]
        )
        return delegations

    # Delegates and badges --------------------------------------------------------------------

    def delegates_build(self, delegations):
        rnd = self.rng("delegates")
        statuses = [status for status, _share in ACCREDITATION_MIX]
        shares = [share for _status, share in ACCREDITATION_MIX]
        accredited_at = local(date(2025, 10, 20), time(9))
        created = local(date(2025, 7, 15), time(9))
        languages = self.rng("delegate-languages")
        own_languages = [code for code, _share in LANGUAGE_MIX if code]
        first_id = _next_id(Delegate)
        self.delegates = {}  # id -> (delegation id, accreditation status)
        rows = []
        for delegation in delegations:
            pool = demo_data.NATIVE_NAMES.get(delegation.code)
            is_state = delegation.kind in (
                DelegationKind.MEMBER_STATE,
                DelegationKind.OBSERVER_STATE,
            )
            for position in range(self.delegation_sizes[delegation.pk]):
                pk = first_id + len(rows)
                if pool:
                    given, family, native = pool[rnd.randrange(len(pool))]
                else:
                    given = rnd.choice(demo_data.LATIN_GIVEN_NAMES)
                    family = rnd.choice(demo_data.LATIN_FAMILY_NAMES)
                    native = ""
                head = position == 0
                if head:
                    status = AccreditationStatus.ACCREDITED
                    level = (
                        RepresentationLevel.MINISTER
                        if is_state
                        else RepresentationLevel.HEAD_OF_ORGANISATION
                    )
                    function = "Head of delegation"
                elif is_state:
                    status = rnd.choices(statuses, shares)[0]
                    level, function = rnd.choice(STATE_FUNCTIONS)
                else:
                    status = rnd.choices(statuses, shares)[0]
                    level = RepresentationLevel.OTHER
                    function = rnd.choice(ORGANISATION_FUNCTIONS)
                self.delegates[pk] = (delegation.pk, status)
                rows.append(
                    (
                        pk,
                        delegation.pk,
                        "H.E." if head and is_state else rnd.choice(NEUTRAL_HONORIFICS),
                        given,
                        family,
                        native,
                        function,
                        level,
                        head,
                        f"d{position + 1:06d}@{delegation.code.lower()}.bench.example",
                        "",
                        "",
                        "",
                        "",
                        status,
                        REJECTION_NOTE if status == AccreditationStatus.REJECTED else "",
                        accredited_at if status == AccreditationStatus.ACCREDITED else None,
                        created,
                        accredited_at,
                        languages.choice(own_languages)
                        if languages.random() < OWN_LANGUAGE_SHARE
                        else "",
                    )
                )
        columns = ("id", "delegation", "honorific", "given_name", "family_name", "name_native")
        columns += ("function", "level", "is_head", "email", "phone", "photo", "dietary_needs")
        columns += ("accessibility_needs", "accreditation_status", "accreditation_note")
        columns += ("accredited_at", "created_at", "updated_at", "language")
        rows_insert(Delegate, columns, rows)
        self.accredited = [
            pk
            for pk, (_d, status) in self.delegates.items()
            if status == AccreditationStatus.ACCREDITED
        ]

    def badges_build(self, event):
        """A live badge for every accredited delegate; some hold a revoked one before it (a lost
        badge), and withdrawn delegates a revoked one only."""
        rnd = self.rng("badges")
        withdrawn = [
            pk
            for pk, (_d, status) in self.delegates.items()
            if status == AccreditationStatus.WITHDRAWN
        ]
        lost = [pk for pk in self.accredited if rnd.random() < 0.005]
        issued = local(date(2025, 10, 22), time(9))
        revoked = issued + timedelta(days=5)
        # A lost badge was replaced by the one each accredited delegate holds now.
        plan = [(pk, revoked, BadgeRevocation.REPLACED, BadgeReplacementCause.LOST) for pk in lost]
        plan += [(pk, revoked, BadgeRevocation.NOT_ACCREDITED, "") for pk in withdrawn]
        plan += [(pk, None, "", "") for pk in self.accredited]
        numbers = badge_numbers_reserve(event, len(plan))
        first_id = _next_id(Badge)
        self.tokens = {}
        rows = []
        for index, ((delegate_id, revoked_at, reason, cause), number) in enumerate(
            zip(plan, numbers, strict=True)
        ):
            token = base64.urlsafe_b64encode(rnd.randbytes(32)).rstrip(b"=").decode()
            if revoked_at is None:
                self.tokens[delegate_id] = token
            rows.append(
                (
                    first_id + index,
                    delegate_id,
                    number,
                    token,
                    issued,
                    revoked_at,
                    reason,
                    cause,
                    "",
                )
            )
        columns = ("id", "delegate", "number", "token", "issued_at", "revoked_at")
        columns += ("revocation_reason", "replacement_cause", "category")
        rows_insert(Badge, columns, rows)

    # The programme -----------------------------------------------------------------------------

    def sessions_build(self, event, rooms, delegations):
        rnd = self.rng("sessions")
        days = [FIRST_DAY + timedelta(days=n) for n in range(DAYS)]
        cells = [
            (day_index, slot, room)
            for day_index in range(DAYS)
            for slot in range(len(SLOT_STARTS))
            for room in rooms
        ]
        chosen = sorted(rnd.sample(range(len(cells)), self.sizes.sessions - 2))
        self.free_cells = sorted(set(range(len(cells))) - set(chosen))
        self.cells = cells
        organisers = [d for d in delegations if d.kind != DelegationKind.MEDIA]
        plenary = rooms[0]
        sessions = [
            Session(
                event=event,
                kind=SessionKind.OPENING,
                slug="opening",
                title="Opening ceremony",
                room=plenary,
                start=local(days[0], time(8)),
                duration_minutes=30,
                interpretation=Interpretation.FULL,
                status=SessionStatus.SCHEDULED,
                pinned=True,
            ),
            Session(
                event=event,
                kind=SessionKind.CLOSING,
                slug="closing",
                title="Closing ceremony",
                room=plenary,
                start=local(days[-1], time(20, 30)),
                duration_minutes=60,
                interpretation=Interpretation.FULL,
                status=SessionStatus.SCHEDULED,
                pinned=True,
            ),
        ]
        self.slot_of = {}
        for number, cell in enumerate(chosen, start=1):
            day_index, slot, room = cells[cell]
            plan = self.plans[room.pk]
            kind = rnd.choice(plan.kinds)
            if room == plenary and day_index == 0 and slot == 1:
                kind = SessionKind.SIGNING
            topic = rnd.choice(TOPICS)
            title = f"{SessionKind(kind).label}: {topic}"
            if rnd.random() < 0.03:
                title = rnd.choice(NATIVE_TITLES)
            session = Session(
                event=event,
                kind=kind,
                slug=f"s{number:04d}-{kind.replace('_', '-')}",
                title=title,
                description=f"{topic}. Session {number} of the generated programme.",
                room=room,
                start=local(days[day_index], SLOT_STARTS[slot]),
                duration_minutes=rnd.choice((60, 75)),
                interpretation=plan.interpretation,
                access=SessionAccess.INVITATION if rnd.random() < 0.02 else SessionAccess.OPEN,
                organiser=rnd.choice(organisers) if kind == SessionKind.SIDE_EVENT else None,
                status=SessionStatus.SCHEDULED,
            )
            sessions.append(session)
        for session in sessions:
            session.end = session.computed_end()
        sessions = Session.objects.bulk_create(sessions, batch_size=1000)
        for session in sessions:
            self.slot_of[session.pk] = (
                (session.start.date(), session.start.time()) if not session.pinned else session.slug
            )
        self.roles_build(sessions)
        return sessions

    def roles_build(self, sessions):
        """A chair and one to three speakers for each session, never one person in two."""
        rnd = self.rng("roles")
        people = rnd.sample(self.accredited, min(len(self.accredited), 4 * len(sessions)))
        roles = []
        for session in sessions:
            kinds = [SessionRoleKind.CHAIR] + [SessionRoleKind.SPEAKER] * rnd.randint(1, 3)
            for order, role in enumerate(kinds):
                if not people:
                    break
                roles.append(
                    SessionRole(session=session, delegate_id=people.pop(), role=role, order=order)
                )
        SessionRole.objects.bulk_create(roles, batch_size=2000)

    def changes_make(self, event, rooms):
        """After the first release: 1 % of sessions move to a free room at the same time, 1 %
        are cancelled (never the opening, the closing or the signing)."""
        rnd = self.rng("changes")
        ordinary = list(
            Session.objects.filter(event=event, pinned=False)
            .exclude(kind=SessionKind.SIGNING)
            .select_related("room")
            .order_by("pk")
        )
        count = max(1, round(0.01 * len(ordinary)))
        by_slot = {}
        for session in ordinary:
            start = session.start.astimezone(ZONE)
            key = ((start.date() - FIRST_DAY).days, SLOT_STARTS.index(start.time()))
            by_slot.setdefault(key, []).append(session)
        free = list(self.free_cells)
        rnd.shuffle(free)
        moved = set()
        for cell in free:
            day_index, slot, target = self.cells[cell]
            movable = [
                session
                for session in by_slot.get((day_index, slot), [])
                if session.pk not in moved and session.effective_capacity <= target.capacity
            ]
            if len(moved) == count or not movable:
                continue
            session = rnd.choice(movable)
            session.capacity = session.effective_capacity
            session.interpretation = min(
                session.interpretation,
                self.plans[target.pk].interpretation,
                key=INTERPRETATION_ORDER.index,
            )
            if session.interpretation == Interpretation.PARTIAL and len(session.languages) < 2:
                # The model names the languages of a session interpreted into some.
                session.languages = ["en", "fr"]
            session.room = target
            session.full_clean()
            session.save()
            moved.add(session.pk)
        staying = [session for session in ordinary if session.pk not in moved]
        cancelled = rnd.sample(staying, min(count, len(staying)))
        for session in cancelled:
            session.status = SessionStatus.CANCELLED
            session.save(update_fields=["status", "updated_at"])
        self.log(f"moved {len(moved)}, cancelled {len(cancelled)}")

    # Registrations and check-ins --------------------------------------------------------------

    def _places(self, sessions):
        """Confirmed, waiting and cancelled counts per session, adding up to the target total."""
        rnd = self.rng("places")
        fills = [
            1 + 0.3 * rnd.random() if rnd.random() < 0.3 else 0.25 + 0.75 * rnd.random()
            for _session in sessions
        ]

        def plan(factor):
            rows = []
            for session, fill in zip(sessions, fills, strict=True):
                seats = session.effective_capacity
                demand = round(fill * factor * seats)
                rows.append(
                    [min(seats, demand), max(0, demand - seats), round(CANCELLED_SHARE * demand)]
                )
            return rows

        target = self.sizes.registrations
        low, high = 0.0, 4.0
        for _step in range(60):
            middle = (low + high) / 2
            if sum(map(sum, plan(middle))) < target:
                low = middle
            else:
                high = middle
        rows = plan(low)
        missing = target - sum(map(sum, rows))
        index = 0
        while missing:
            row = rows[index % len(rows)]
            if missing > 0:
                row[2] += 1
                missing -= 1
            elif row[2] > 0:
                row[2] -= 1
                missing += 1
            index += 1
        return rows

    def registrations_build(self, event):
        rnd = self.rng("registrations")
        sessions = list(Session.objects.filter(event=event).select_related("room").order_by("pk"))
        places = self._places(sessions)
        opens = event.registration_opens
        window = (event.registration_closes - opens).total_seconds()
        groups = {}
        for session, counts in zip(sessions, places, strict=True):
            groups.setdefault(self.slot_of[session.pk], []).append((session, counts))
        first_id = _next_id(SessionRegistration)
        rows = []
        self.confirmed = []  # (session, delegate id) of live sessions
        for _slot, members in sorted(groups.items(), key=lambda item: str(item[0])):
            needed = sum(sum(counts) for _session, counts in members)
            if needed > len(self.accredited):
                raise ValueError(
                    f"{needed} places at one time for {len(self.accredited)} delegates."
                )
            people = iter(rnd.sample(self.accredited, needed))
            for session, (confirmed, waiting, cancelled) in members:
                moments = sorted(
                    opens + timedelta(seconds=rnd.random() * window * 0.8)
                    for _n in range(confirmed + cancelled)
                )
                filled = moments[-1] if moments else opens
                for n in range(confirmed + waiting + cancelled):
                    delegate_id = next(people)
                    if n < confirmed:
                        status, at = RegistrationStatus.CONFIRMED, moments[n]
                        if session.status != SessionStatus.CANCELLED:
                            self.confirmed.append((session, delegate_id))
                    elif n < confirmed + waiting:
                        status = RegistrationStatus.WAITING
                        at = filled + timedelta(seconds=rnd.random() * window * 0.2)
                    else:
                        status, at = RegistrationStatus.CANCELLED, moments[n - waiting]
                    rows.append((first_id + len(rows), session.pk, delegate_id, status, at, at))
        rows_insert(
            SessionRegistration,
            ("id", "session", "delegate", "status", "created_at", "updated_at"),
            rows,
        )

    def check_ins_build(self, event):
        rnd = self.rng("check-ins")
        User = get_user_model()
        staff, _created = User.objects.get_or_create(
            username="bench-door-staff", defaults={"is_staff": True}
        )
        total = self.sizes.check_ins
        doors = round(DOOR_SHARE * total)
        walk_ins = round(WALK_IN_SHARE * doors)
        live = [session for session, _d in self.confirmed]
        scans = rnd.sample(self.confirmed, min(len(self.confirmed), doors - walk_ins))
        live_sessions = list({session.pk: session for session in live}.values())
        scans += [
            (rnd.choice(live_sessions), rnd.choice(self.accredited)) for _n in range(walk_ins)
        ]
        rows = []
        first_id = _next_id(CheckIn)
        first_door = {}  # (local day, delegate) -> first door scan
        for session, delegate_id in scans:
            at = session.start + timedelta(minutes=rnd.uniform(-15, 20))
            key = (session.start.astimezone(ZONE).date(), delegate_id)
            first_door[key] = min(at, first_door.get(key, at))
            rows.append(
                (
                    first_id + len(rows),
                    event.pk,
                    delegate_id,
                    session.pk,
                    at,
                    str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                    f"Door {session.room.code}",
                    staff.pk,
                )
            )
        entries = total - len(rows)
        days = [FIRST_DAY + timedelta(days=n) for n in range(DAYS)]
        per_day = _shares(entries, [1] * DAYS)
        for day, quota in zip(days, per_day, strict=True):
            opening = local(day, time(7, 30))
            needed = sorted(
                (delegate_id, at) for (on, delegate_id), at in first_door.items() if on == day
            )
            chosen = dict(needed)
            others = rnd.sample(self.accredited, min(len(self.accredited), quota))
            for delegate_id in others:
                if len(chosen) >= round(quota * 0.95):
                    break
                chosen.setdefault(delegate_id, None)
            visits = []
            for delegate_id, door_at in chosen.items():
                latest = 600 if door_at is None else (door_at - opening).total_seconds() / 60 - 1
                minutes = min(rnd.triangular(0, 600, 45), max(0.0, latest))
                visits.append((delegate_id, opening + timedelta(minutes=minutes)))
            returning = list(chosen)
            while len(visits) < quota:
                delegate_id = rnd.choice(returning)
                visits.append((delegate_id, opening + timedelta(minutes=rnd.uniform(240, 720))))
            for delegate_id, at in visits[:quota]:
                rows.append(
                    (
                        first_id + len(rows),
                        event.pk,
                        delegate_id,
                        None,
                        at,
                        str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                        rnd.choice(ENTRY_GATES),
                        staff.pk,
                    )
                )
        rows_insert(
            CheckIn,
            ("id", "event", "delegate", "session", "scanned_at", "nonce", "gate", "scanned_by"),
            rows,
        )


def event_generate(*, scale=1.0, seed=2025, log=None):
    """Build the benchmark event in the current (empty or fresh) database; the Event."""
    event = EventGenerator(scale=scale, seed=seed, log=log).generate()
    analyse()
    return event


def analyse():
    """Fresh planner statistics, as autovacuum would gather them on a live database."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def event_check(event, *, scale=None):
    """Every rule the generated event must keep, broken ones as lines (empty when sound)."""
    problems = []
    if scale is not None:
        sizes = Sizes.at(scale)
        found = {
            "delegates": Delegate.objects.filter(delegation__event=event).count(),
            "sessions": Session.objects.filter(event=event).count(),
            "registrations": SessionRegistration.objects.filter(session__event=event).count(),
            "check_ins": CheckIn.objects.filter(event=event).count(),
        }
        for name, count in found.items():
            if count != getattr(sizes, name):
                problems.append(f"{count} {name}, not {getattr(sizes, name)}")
    problems += schedule_conflicts(event)
    problems += registration_clashes(event)
    confirmed = Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    waiting = Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING))
    overfull = (
        Session.objects.filter(event=event)
        .annotate(
            seats=Coalesce("capacity", "room__capacity"), confirmed=confirmed, waiting=waiting
        )
        .filter(Q(confirmed__gt=F("seats")) | Q(waiting__gt=0, confirmed__lt=F("seats")))
    )
    problems += [
        f"“{s.title}” ({s.pk}): places over capacity or a needless waiting list" for s in overfull
    ]
    not_accredited = ~Q(delegate__accreditation_status=AccreditationStatus.ACCREDITED)
    if SessionRegistration.objects.filter(session__event=event).filter(not_accredited).exists():
        problems.append("a delegate who is not accredited holds a registration")
    unbadged = CheckIn.objects.filter(event=event).filter(
        not_accredited | Q(delegate__badges__isnull=True)
    )
    if unbadged.exists():
        problems.append("a check-in of a delegate without accreditation or badge")
    at_cancelled = CheckIn.objects.filter(event=event, session__status=SessionStatus.CANCELLED)
    if at_cancelled.exists():
        problems.append("a check-in at a cancelled session")
    if event.schedule_releases.count() != 2:
        problems.append("the programme is not released twice")
    return problems
