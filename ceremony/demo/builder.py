"""The demo event: the Hanoi Convention signing ceremony, 25–26 October 2025, at its real size.

Deterministic (a seeded generator, data in ``demo_data``) and idempotent: every record has a
natural key, and a second run creates only what is missing, so the counts stay the same and
organisers' edits to demo records are kept.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ceremony.demo import content as demo_content
from ceremony.demo import data as demo_data
from ceremony.enums import FullPowersStatus
from ceremony.models import Event, InterpreterPool, Room, SeatingPlan, SigningRequest, Venue
from ceremony.selectors.seating import latest_draw
from ceremony.selectors.signing import signing_protocol_key
from ceremony.services.seating import seating_draw, seating_draw_publish, seating_plan_build
from config.core.content import localized_field
from delegations.enums import (
    FULL_POWERS_EXEMPT_LEVELS,
    AccreditationStatus,
    DelegationKind,
    RepresentationLevel,
)
from delegations.models import Badge, Delegate, Delegation, DelegationQuota
from delegations.services.badges import badge_numbers_reserve, badge_token
from sessions.enums import (
    Interpretation,
    RegistrationStatus,
    SessionAccess,
    SessionKind,
    SessionRoleKind,
    SessionStatus,
)
from sessions.models import (
    CheckIn,
    Session,
    SessionRegistration,
    SessionRole,
    SpeakerEntry,
    SpeakersList,
)
from sessions.services.registration import registration_create
from sessions.services.release import schedule_release
from sessions.services.timetabling import (
    timetable_proposal_apply,
    timetable_proposal_compute,
    timetable_proposal_create,
)

SLUG = "hanoi-2025"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAY_1 = date(2025, 10, 25)
DAY_2 = date(2025, 10, 26)
SEED = 2025
#: National statements inscribed on the day-1 plenary's list of speakers.
DAY_1_STATEMENTS = 19
HOST = "VNM"

SIX = Interpretation.FULL
Level = RepresentationLevel


@dataclass(frozen=True)
class RoomPlan:
    code: str
    name: str
    capacity: int
    booths: int
    turnover: int
    floor: str


ROOMS = (
    RoomPlan("plenary-hall", "Plenary Hall", 3500, 6, 15, "1"),
    RoomPlan("banquet-hall", "Banquet Hall", 1500, 0, 60, "1"),
    RoomPlan("exhibition-hall", "Exhibition Hall", 2000, 0, 0, "B1"),
    RoomPlan("conference-1", "Conference Room 1", 600, 6, 15, "2"),
    RoomPlan("conference-2", "Conference Room 2", 500, 6, 15, "2"),
    RoomPlan("conference-3", "Conference Room 3", 400, 6, 15, "2"),
    RoomPlan("conference-4", "Conference Room 4", 300, 6, 15, "2"),
    RoomPlan("press-centre", "Press Centre", 300, 2, 15, "1"),
    *(
        RoomPlan(
            f"meeting-{n:02d}", f"Meeting Room 3.{n:02d}", 200 - 10 * n, 2 if n <= 4 else 0, 15, "3"
        )
        for n in range(1, 13)
    ),
)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


# The fixed skeleton of the programme: (slug, kind, title, room, start, minutes, interpretation).
SKELETON = (
    (
        "press-conference-before",
        SessionKind.PRESS_CONFERENCE,
        "Press conference: preparations for the signing ceremony",
        "press-centre",
        at(date(2025, 10, 8), 10),
        60,
        Interpretation.PARTIAL,
    ),
    (
        "opening",
        SessionKind.OPENING,
        "Welcome ceremony, group photo and opening session",
        "plenary-hall",
        at(DAY_1, 9),
        90,
        SIX,
    ),
    (
        "signing",
        SessionKind.SIGNING,
        "Opening for signature of the United Nations Convention against Cybercrime",
        "plenary-hall",
        at(DAY_1, 10, 45),
        150,
        SIX,
    ),
    (
        "plenary",
        SessionKind.PLENARY,
        "Plenary: national statements",
        "plenary-hall",
        at(DAY_1, 14, 30),
        240,
        SIX,
    ),
    (
        "exhibition",
        SessionKind.EXHIBITION,
        "Technology exhibition: countering cybercrime",
        "exhibition-hall",
        at(DAY_1, 9),
        33 * 60,
        Interpretation.NONE,
    ),
    (
        "gala-dinner",
        SessionKind.GALA_DINNER,
        "Gala dinner hosted by the Government of Viet Nam",
        "banquet-hall",
        at(DAY_1, 19, 30),
        150,
        Interpretation.NONE,
    ),
    ("closing", SessionKind.CLOSING, "Closing session", "plenary-hall", at(DAY_2, 16, 30), 60, SIX),
    (
        "press-conference-after",
        SessionKind.PRESS_CONFERENCE,
        "Press conference: results of the signing ceremony",
        "press-centre",
        at(DAY_2, 17, 45),
        45,
        Interpretation.PARTIAL,
    ),
)

# The movable part of the programme: the timetabling engine places it (slug, title, expected
# attendance). The published rules for side events: 60 minutes plus 15 minutes' turnover.
PANELS = (
    ("high-level-panel-1", "Sharing responsibilities: the Convention as a global framework"),
    ("high-level-panel-2", "Electronic evidence across borders: from request to courtroom"),
    ("high-level-panel-3", "Capacity building and technical assistance for developing countries"),
    ("high-level-panel-4", "Securing our future: human rights safeguards in the digital age"),
)
ROUNDTABLES = (
    ("roundtable-1", "Public–private cooperation against ransomware"),
    ("roundtable-2", "Protecting children online"),
    ("roundtable-3", "Asset recovery and the proceeds of cybercrime"),
    ("roundtable-4", "Towards ratification and entry into force"),
)
WORKSHOP_TOPICS = (
    "Digital forensics for first responders",
    "Cryptocurrency tracing",
    "Mutual legal assistance requests in electronic form",
    "24/7 network of contact points",
    "Preserving and sharing electronic evidence",
    "Online fraud and scam centres",
    "Cyber threat intelligence for prosecutors",
    "Victim support and witness protection",
    "Measuring cybercrime: statistics for policy",
    "Drafting national laws under the Convention",
)
# The side-event grid the organisers published: 75-minute slots (60 minutes and 15 minutes'
# turnover, the meeting rooms' own), 10 to 12 side events in parallel. Applicants chose a slot;
# 37 side events fill three slots with 10 each and leave 7 for the last (37 cannot be cut into
# slots of 10 to 12).
SIDE_EVENT_SLOTS = (
    (at(DAY_2, 9), 10),
    (at(DAY_2, 12), 10),
    (at(DAY_2, 13, 30), 10),
    (at(DAY_2, 15), 7),
)
# The languages of the sessions interpreted into some: the press conferences in Vietnamese
# and English; each workshop in English and one other UN language, in turn (their rooms
# have two booths). Side events are held in English without interpretation.
SESSION_LANGUAGES = {
    "press-conference-before": ("vi", "en"),
    "press-conference-after": ("vi", "en"),
    **{
        f"workshop-{n}": ("en", ("fr", "es", "ru", "ar", "zh-hans")[(n - 1) % 5])
        for n in range(1, len(WORKSHOP_TOPICS) + 1)
    },
}
SIDE_EVENT_MINUTES = 60
# The interpreters engaged, by language: (language, interpreters, interpreters per booth team).
INTERPRETERS = (
    ("ar", 9, 3),
    ("zh-hans", 9, 3),
    ("en", 12, 2),
    ("fr", 8, 2),
    ("ru", 8, 2),
    ("es", 8, 2),
    ("vi", 4, 2),
)
ATTENDANCE = {
    SessionKind.HIGH_LEVEL_PANEL: 450,
    SessionKind.ROUNDTABLE: 280,
    SessionKind.WORKSHOP: 120,
}
SIDE_EVENT_TOPICS = (
    "Cybercrime legislation in {region}",
    "Cooperation between CERTs in {region}",
    "Women in cyber diplomacy",
    "Youth and digital safety",
    "Artificial intelligence and crime",
    "Critical infrastructure protection",
    "Financial sector resilience",
    "Open-source intelligence for investigators",
    "Dark web marketplaces",
    "Cyber capacity building in {region}",
    "Industry's role in e-evidence",
)
REGIONS = ("South-East Asia", "Africa", "Latin America", "the Pacific", "Central Asia")

STATE_FUNCTIONS = (
    (Level.MINISTER, "Minister of Justice"),
    (Level.MINISTER, "Minister of Public Security"),
    (Level.VICE_MINISTER, "Deputy Minister of Foreign Affairs"),
    (Level.PERMANENT_REPRESENTATIVE, "Permanent Representative to the United Nations (Vienna)"),
    (Level.SENIOR_OFFICIAL, "Director-General, Ministry of Foreign Affairs"),
    (Level.SENIOR_OFFICIAL, "Head of the National Cybercrime Unit"),
    (Level.OTHER, "Legal Adviser"),
    (Level.OTHER, "Counsellor"),
    (Level.OTHER, "First Secretary"),
    (Level.OTHER, "Public Prosecutor"),
    (Level.OTHER, "Police Liaison Officer"),
    (Level.OTHER, "Expert, cybercrime"),
    (Level.OTHER, "Protocol Officer"),
    (Level.OTHER, "Press Officer"),
)
ORGANISATION_FUNCTIONS = (
    "Director",
    "Senior Adviser",
    "Programme Officer",
    "Legal Officer",
    "Policy Analyst",
    "Communications Officer",
    "Researcher",
    "Correspondent",
)
HEAD_LEVEL_FUNCTIONS = {
    Level.HEAD_OF_STATE: "President",
    Level.VICE_PRESIDENT: "Vice-President",
    Level.HEAD_OF_GOVERNMENT: "Prime Minister",
    Level.DEPUTY_PRIME_MINISTER: "Deputy Prime Minister",
    Level.FOREIGN_MINISTER: "Minister for Foreign Affairs",
    Level.MINISTER: "Minister of Justice",
    Level.VICE_MINISTER: "Deputy Minister of Public Security",
    Level.PERMANENT_REPRESENTATIVE: "Permanent Representative to the United Nations",
}
# How the 72 other signatories were represented: a plausible spread for a large ceremony.
SIGNING_LEVELS = (
    (Level.HEAD_OF_STATE, 3),
    (Level.VICE_PRESIDENT, 2),
    (Level.HEAD_OF_GOVERNMENT, 3),
    (Level.DEPUTY_PRIME_MINISTER, 6),
    (Level.FOREIGN_MINISTER, 12),
    (Level.MINISTER, 22),
    (Level.VICE_MINISTER, 13),
    (Level.PERMANENT_REPRESENTATIVE, 10),
)
#: Share of accredited delegates scanned at the venue entry in the demo.
DEMO_TURNOUT = 0.96
#: Demand for places, as a share of a session's capacity (drawn between the two figures): side
#: events and workshops run from half empty to oversubscribed (a waiting list); the panels
#: are open to all, and most delegates simply come to them, so few register.
DEMAND = {
    SessionKind.SIDE_EVENT: (0.15, 1.3),
    SessionKind.WORKSHOP: (0.25, 1.2),
    SessionKind.HIGH_LEVEL_PANEL: (0.05, 0.15),
    SessionKind.ROUNDTABLE: (0.05, 0.2),
}
#: Share of the confirmed places whose holder was scanned at the session's door.
DOOR_TURNOUT = 0.8
# The name pools do not say who is a man or a woman: no "Mr." or "Ms." is guessed.
NEUTRAL_HONORIFICS = ("", "", "", "Dr.", "Prof.")
DEMO_QUOTAS = {
    DelegationKind.MEMBER_STATE: 50,
    DelegationKind.OBSERVER_STATE: 20,
    DelegationKind.REIO: 20,
    DelegationKind.IGO: 12,
    DelegationKind.UN_ENTITY: 12,
    DelegationKind.NGO: 12,
    DelegationKind.PRIVATE_SECTOR: 12,
    DelegationKind.ACADEMIA: 12,
    DelegationKind.MEDIA: 12,
}


def bulk_get_or_create(model, key_fields, candidates):
    """Create the candidates whose natural key is not stored yet; return key -> stored object."""
    if not candidates:
        return {}

    def key(obj):
        return tuple(getattr(obj, field) for field in key_fields)

    lookup = {f"{key_fields[0]}__in": {key(obj)[0] for obj in candidates}}
    existing = {key(obj) for obj in model.objects.filter(**lookup)}
    model.objects.bulk_create(
        [obj for obj in candidates if key(obj) not in existing], batch_size=500
    )
    return {key(obj): obj for obj in model.objects.filter(**lookup)}


class DemoBuilder:
    """Builds the reference event step by step; each step is keyed so a re-run adds nothing."""

    def __init__(self, *, timetable_seconds=5, progress=None):
        self.random = random.Random(SEED)
        self.timetable_seconds = timetable_seconds
        self.progress = progress or (lambda stage: None)

    def build(self):
        """Each stage in a transaction of its own, as the services it calls expect: one that
        fails keeps the stages before it, which a re-run keeps and completes."""
        self.progress(_("Event, rooms, delegations and delegates"))
        with transaction.atomic():
            event = self.event_build()
            self.quotas_build(event)
            self.interpreters_build(event)
            rooms = self.rooms_build(event)
            delegations = self.delegations_build(event)
            delegates = self.delegates_build(delegations)
        heads = {code: people[0] for code, people in delegates.items()}
        with transaction.atomic():
            self.badges_build(event, delegates)
        self.progress(_("Programme, placed by the timetabling engine"))
        with transaction.atomic():
            self.programme_build(event, rooms, delegations, heads)
            self.translations_build(event)
        with transaction.atomic():
            self.timetable_build(event)
        self.progress(_("Signing appointments"))
        with transaction.atomic():
            self.signing_build(event, delegations, heads)
            self.speakers_build(event, delegations, heads)
        self.progress(_("Seating by lot"))
        self.seating_build(event)
        self.progress(_("Session registrations (one at a time, as the portal makes them)"))
        # Each registration is a transaction of its own, as in the portal: the service locks
        # the delegation, the session and the delegate, in that order, for one place.
        self.registrations_build(event, delegates)
        self.progress(_("Check-ins at the entry and the doors"))
        with transaction.atomic():
            self.check_ins_build(event, delegates)
            self.door_check_ins_build(event)
        return event

    def event_build(self):
        event, _created = Event.objects.get_or_create(
            slug=SLUG,
            defaults={
                "name": "Opening for signature of the United Nations Convention against "
                "Cybercrime, with a High-level Conference",
                "acronym": "HANOI2025",
                "treaty_title": "United Nations Convention against Cybercrime; Strengthening "
                "International Cooperation for Combating Certain Crimes Committed by Means of "
                "Information and Communications Technology Systems and for the Sharing of "
                "Evidence in Electronic Form of Serious Crimes",
                "treaty_short_title": "Hanoi Convention",
                "theme": "Countering Cybercrime – Sharing Responsibilities – Securing our Future",
                "start_date": DAY_1,
                "end_date": DAY_2,
                # Articles 64 and 65: adopted by the General Assembly on 24 December 2024; open
                # for signature in Hanoi, then at Headquarters until 31 December 2026.
                "treaty_adopted_on": date(2024, 12, 24),
                "signature_closes_on": date(2026, 12, 31),
                "timezone": ZONE,
                "languages": ["ar", "zh-hans", "en", "fr", "ru", "es", "vi"],
                "host_country": "VN",
                "registration_opens": at(date(2025, 7, 1), 9),
                "registration_closes": at(date(2025, 10, 4), 17),
                "day_opens": time(8, 30),
                "day_closes": time(19, 0),
            },
        )
        return event

    def translations_build(self, event):
        """The event, venue, rooms and main sessions in the other languages
        (``demo.content``), before the programme is released: a release freezes its titles.
        Only empty translations are filled, so an organiser's own are kept."""
        targets = [(event, demo_content.EVENT)]
        targets += [(venue, demo_content.VENUE) for venue in event.venues.all()]
        targets += [
            (room, {"name": demo_content.ROOMS[room.code]})
            for room in Room.objects.filter(venue__event=event, code__in=demo_content.ROOMS)
        ]
        targets += [
            (session, {"title": demo_content.SESSION_TITLES[session.slug]})
            for session in event.sessions.filter(slug__in=demo_content.SESSION_TITLES)
        ]
        for record, fields in targets:
            filled = []
            for name, texts in fields.items():
                for language, text in texts.items():
                    column = localized_field(name, language)
                    if not getattr(record, column):
                        setattr(record, column, text)
                        filled.append(column)
            if filled:
                record.save(update_fields=filled)

    def interpreters_build(self, event):
        """Three booth teams in each UN language for the six-language sessions held at once,
        more in English, which every workshop uses, and two Vietnamese teams working by relay
        for the host's press conferences."""
        candidates = [
            InterpreterPool(
                event=event, language=language, interpreters=interpreters, team_size=team_size
            )
            for language, interpreters, team_size in INTERPRETERS
        ]
        bulk_get_or_create(InterpreterPool, ("event_id", "language"), candidates)

    def quotas_build(self, event):
        """Places per delegation kind: the host and large States bring big delegations."""
        candidates = [
            DelegationQuota(event=event, kind=kind, max_delegates=places)
            for kind, places in DEMO_QUOTAS.items()
        ]
        bulk_get_or_create(DelegationQuota, ("event_id", "kind"), candidates)

    def rooms_build(self, event):
        venue, _created = Venue.objects.get_or_create(
            event=event,
            name="National Convention Centre",
            defaults={"address": "57 Pham Hung, Nam Tu Liem", "city": "Hanoi"},
        )
        candidates = [
            Room(
                venue=venue,
                code=plan.code,
                name=plan.name,
                capacity=plan.capacity,
                interpretation_booths=plan.booths,
                turnover_minutes=plan.turnover,
                floor=plan.floor,
            )
            for plan in ROOMS
        ]
        stored = bulk_get_or_create(Room, ("venue_id", "code"), candidates)
        return {code: room for (_venue, code), room in stored.items()}

    def delegations_build(self, event):
        states = {alpha3: (alpha2, name) for alpha2, alpha3, name in demo_data.UN_MEMBER_STATES}
        candidates = [
            Delegation(
                event=event,
                kind=DelegationKind.MEMBER_STATE,
                code=alpha3,
                name=states[alpha3][1],
                country=states[alpha3][0],
                language=demo_data.CORRESPONDENCE_LANGUAGES.get(alpha3, ""),
            )
            for alpha3 in demo_data.NATIONAL_DELEGATIONS
        ]
        candidates += [
            Delegation(event=event, kind=kind, code=code, name=name)
            for code, name, kind in demo_data.ORGANISATIONS
        ]
        stored = bulk_get_or_create(Delegation, ("event_id", "code"), candidates)
        return {code: delegation for (_event, code), delegation in stored.items()}

    def head_level(self, code):
        """A signatory's head is its signing representative; others send their ambassador."""
        return self.signing_levels.get(code, Level.PERMANENT_REPRESENTATIVE)

    @cached_property
    def signing_levels(self):
        """Signatory code -> level of its representative, fixed by the seed."""
        levels = [level for level, count in SIGNING_LEVELS for _n in range(count)]
        random.Random(SEED + 1).shuffle(levels)
        others = [code for code in demo_data.SIGNATORIES if code not in (HOST, "EU")]
        return {
            **dict(zip(others, levels, strict=True)),
            HOST: Level.HEAD_OF_STATE,
            "EU": Level.OTHER,
        }

    def delegates_build(self, delegations):
        """Heads first in each delegation; returns code -> delegates, head first."""
        accredited_at = at(date(2025, 10, 10), 9)
        candidates = []
        codes = [*demo_data.NATIONAL_DELEGATIONS, *(org[0] for org in demo_data.ORGANISATIONS)]
        for code in codes:
            delegation = delegations[code]
            is_state = delegation.kind == DelegationKind.MEMBER_STATE
            size = (
                48
                if code == HOST
                else self.random.randint(8, 20)
                if is_state
                else (self.random.randint(4, 10))
            )
            pool = demo_data.NATIVE_NAMES.get(code)
            for position in range(size):
                candidates.append(
                    self.delegate_plan(delegation, code, position, pool, is_state, accredited_at)
                )
        stored = bulk_get_or_create(Delegate, ("delegation_id", "email"), candidates)
        by_delegation = {}
        for delegate in sorted(stored.values(), key=lambda d: (not d.is_head, d.pk)):
            by_delegation.setdefault(delegate.delegation_id, []).append(delegate)
        return {code: by_delegation[d.pk] for code, d in delegations.items()}

    def delegate_plan(self, delegation, code, position, pool, is_state, accredited_at):
        rnd = self.random
        if pool:
            given, family, native = pool[rnd.randrange(len(pool))]
        else:
            given = rnd.choice(demo_data.LATIN_GIVEN_NAMES)
            family = rnd.choice(demo_data.LATIN_FAMILY_NAMES)
            native = ""
        is_head = position == 0
        if is_head and is_state:
            level = self.head_level(code)
            function = HEAD_LEVEL_FUNCTIONS.get(level, "Head of delegation")
            honorific = "H.E."
        elif is_head:
            level = Level.OTHER if code == "EU" else Level.HEAD_OF_ORGANISATION
            function = "Head of delegation"
            honorific = rnd.choice(NEUTRAL_HONORIFICS)
        elif is_state:
            level, function = rnd.choice(STATE_FUNCTIONS)
            honorific = rnd.choice(NEUTRAL_HONORIFICS)
        else:
            level, function = Level.OTHER, rnd.choice(ORGANISATION_FUNCTIONS)
            honorific = rnd.choice(NEUTRAL_HONORIFICS)
        # The e-mail is the delegate's natural key: it names the place in the delegation, not
        # the person, so a newer demo with other names completes an older one instead of
        # adding a second head of delegation.
        email = f"delegate-{position + 1:02d}@{code.lower()}.demo.example"
        return Delegate(
            delegation=delegation,
            honorific=honorific,
            given_name=given,
            family_name=family,
            name_native=native,
            function=function,
            level=level,
            is_head=is_head,
            email=email,
            accreditation_status=AccreditationStatus.ACCREDITED,
            accredited_at=accredited_at,
        )

    def badges_build(self, event, delegates):
        """Every accredited demo delegate holds a live badge (the event has taken place)."""
        badged = set(
            Badge.objects.filter(
                delegate__delegation__event=event, revoked_at__isnull=True
            ).values_list("delegate_id", flat=True)
        )
        missing = [
            delegate
            for people in delegates.values()
            for delegate in people
            if delegate.pk not in badged
            and delegate.accreditation_status == AccreditationStatus.ACCREDITED
        ]
        numbers = badge_numbers_reserve(event, len(missing))
        Badge.objects.bulk_create(
            [
                Badge(delegate=delegate, number=number, token=badge_token())
                for delegate, number in zip(missing, numbers, strict=True)
            ],
            batch_size=500,
        )

    def check_ins_build(self, event, delegates):
        """Most delegates came through the venue entry on the first morning (the event is over).

        Each scan's nonce is derived from the badge, so a re-run adds none.
        """
        rnd = random.Random(SEED + 4)
        badges = Badge.objects.filter(
            delegate__delegation__event=event, revoked_at__isnull=True
        ).order_by("pk")
        opening = at(DAY_1, 7, 30)
        candidates = [
            CheckIn(
                event=event,
                delegate_id=badge.delegate_id,
                nonce=f"demo-entry-{badge.number}",
                gate=rnd.choice(("North entrance", "South entrance", "VIP entrance")),
                scanned_at=opening + timedelta(minutes=rnd.randrange(0, 120)),
            )
            for badge in badges
            if rnd.random() < DEMO_TURNOUT
        ]
        bulk_get_or_create(CheckIn, ("event_id", "nonce"), candidates)

    def registrations_build(self, event, delegates):
        """Delegates' places in side events, workshops, panels and roundtables, made through the
        registration service (places while they last, then the waiting list; a delegate
        already placed at that time is refused, as in the portal), dated within the
        registration window in the order they were made. Done once: a re-run adds none."""
        sessions = list(
            event.sessions.filter(kind__in=DEMAND, status=SessionStatus.SCHEDULED)
            .select_related("room")
            .order_by("start", "pk")
        )
        if not sessions or SessionRegistration.objects.filter(session__in=sessions).exists():
            return
        rnd = random.Random(SEED + 5)
        people = [
            delegate
            for code in sorted(delegates)
            for delegate in delegates[code]
            if delegate.accreditation_status == AccreditationStatus.ACCREDITED
        ]
        requests = []
        for session in sessions:
            low, high = DEMAND[session.kind]
            wanted = round(session.effective_capacity * rnd.uniform(low, high))
            requests += [(session, delegate) for delegate in rnd.sample(people, wanted)]
        rnd.shuffle(requests)
        for session, delegate in requests:
            try:
                registration_create(session=session, delegate=delegate)
            except ValidationError:
                continue
        self.registrations_date(event, sessions, rnd)

    @staticmethod
    def registrations_date(event, sessions, rnd):
        """Spread the registrations, in the order made, over the registration window."""
        registrations = list(
            SessionRegistration.objects.filter(session__in=sessions).only("pk").order_by("pk")
        )
        span = (event.registration_closes - event.registration_opens).total_seconds()
        moments = sorted(rnd.uniform(0, span) for _n in registrations)
        for registration, offset in zip(registrations, moments, strict=True):
            registration.created_at = event.registration_opens + timedelta(seconds=offset)
        SessionRegistration.objects.bulk_update(registrations, ["created_at"], batch_size=500)

    def door_check_ins_build(self, event):
        """Most holders of a confirmed place were scanned at the session's door, in the quarter
        of an hour before it started. Each scan's nonce names the place, so a re-run adds none."""
        rnd = random.Random(SEED + 6)
        places = (
            SessionRegistration.objects.filter(
                session__event=event, status=RegistrationStatus.CONFIRMED
            )
            .select_related("session__room")
            .order_by("pk")
        )
        candidates = [
            CheckIn(
                event=event,
                delegate_id=place.delegate_id,
                session=place.session,
                nonce=f"demo-door-{place.pk}",
                gate=place.session.room.name,
                scanned_at=place.session.start - timedelta(minutes=rnd.randrange(0, 15)),
            )
            for place in places
            if rnd.random() < DOOR_TURNOUT
        ]
        bulk_get_or_create(CheckIn, ("event_id", "nonce"), candidates)

    def signing_build(self, event, delegations, heads):
        """72 signatures in the signing session: slots in protocol order, the host first."""
        session = event.sessions.get(slug="signing")
        candidates = []
        for index, code in enumerate(demo_data.SIGNATORIES):
            level = self.signing_levels[code]
            exempt = level in FULL_POWERS_EXEMPT_LEVELS
            candidates.append(
                SigningRequest(
                    event=event,
                    delegation=delegations[code],
                    representative=heads[code],
                    level=level,
                    preferred_date=DAY_1,
                    full_powers_status=(
                        FullPowersStatus.NOT_REQUIRED if exempt else FullPowersStatus.VERIFIED
                    ),
                    requested_at=at(date(2025, 9, 1), 9) + timedelta(hours=7 * index),
                )
            )
        candidates.sort(key=lambda request: signing_protocol_key(event, request))
        for order, request in enumerate(candidates, start=1):
            slot = session.start + timedelta(minutes=event.signing_minutes * (order - 1))
            request.signing_order = order
            request.slot_session = session
            request.slot_start = slot
            request.slot_end = slot + timedelta(minutes=event.signing_minutes)
            request.slot_published_at = at(date(2025, 10, 20), 9)
            request.signed_at = slot
        bulk_get_or_create(SigningRequest, ("event_id", "delegation_id"), candidates)

    def seating_build(self, event):
        """The plenary hall, where the treaty is also signed, seated from a seeded, published
        draw: 50 rows of 70 seats, two seats in each delegation's heads' row and up to four
        behind."""
        draw = latest_draw(event) or seating_draw(event=event, seed=SEED)
        seating_draw_publish(draw=draw)
        hall = Room.objects.get(venue__event=event, code="plenary-hall")
        if not SeatingPlan.objects.filter(room=hall).exists():
            seating_plan_build(
                room=hall, rows=50, seats_per_row=70, heads_row_seats=2, seats_behind=4
            )

    def speakers_build(self, event, delegations, heads):
        """The day-1 plenary's list: national statements by States' heads of delegation, at
        their level, inscribed over the weeks before (a re-run adds nothing)."""
        plenary = Session.objects.get(event=event, slug="plenary")
        speakers_list, _created = SpeakersList.objects.get_or_create(session=plenary)
        if speakers_list.entries.exists():
            return
        states = sorted(
            code
            for code, delegation in delegations.items()
            if delegation.kind == DelegationKind.MEMBER_STATE
        )
        chosen = random.Random(SEED + 5).sample(states, DAY_1_STATEMENTS)
        SpeakerEntry.objects.bulk_create(
            SpeakerEntry(
                speakers_list=speakers_list,
                delegation=delegations[code],
                speaker=heads[code],
                speaker_name=heads[code].full_name,
                level=self.head_level(code),
                inscribed_at=plenary.start - timedelta(days=21) + timedelta(hours=7 * number),
            )
            for number, code in enumerate(chosen)
        )

    def programme_build(self, event, rooms, delegations, heads):
        """The fixed skeleton, pinned where it happened; the rest left for the engine."""
        sessions = {}
        for slug, kind, title, room, start, minutes, interpretation in SKELETON:
            sessions[slug] = self.session_get_or_create(
                event,
                slug,
                kind=kind,
                title=title,
                room=rooms[room],
                start=start,
                duration_minutes=minutes,
                interpretation=interpretation,
                status=SessionStatus.SCHEDULED,
                pinned=True,
            )
        movable = [
            (slug, SessionKind.HIGH_LEVEL_PANEL, f"High-level panel: {title}", 90, SIX, None, None)
            for slug, title in PANELS
        ]
        movable += [
            (slug, SessionKind.ROUNDTABLE, f"Roundtable: {title}", 90, SIX, None, None)
            for slug, title in ROUNDTABLES
        ]
        movable += [
            (
                f"workshop-{n}",
                SessionKind.WORKSHOP,
                f"Workshop: {topic}",
                90,
                Interpretation.PARTIAL,
                None,
                None,
            )
            for n, topic in enumerate(WORKSHOP_TOPICS, start=1)
        ]
        windows = {}
        for (
            slug,
            kind,
            title,
            minutes,
            interpretation,
            organiser,
            attendance,
            window,
        ) in self.side_event_plans(delegations):
            movable.append((slug, kind, title, minutes, interpretation, organiser, attendance))
            windows[slug] = window
        for slug, kind, title, minutes, interpretation, organiser, attendance in movable:
            earliest, latest = windows.get(slug, (None, None))
            sessions[slug] = self.session_get_or_create(
                event,
                slug,
                kind=kind,
                title=title,
                duration_minutes=minutes,
                interpretation=interpretation,
                organiser=organiser,
                capacity=attendance or ATTENDANCE[kind],
                status=SessionStatus.DRAFT,
                earliest_start=earliest,
                latest_end=latest,
            )
        self.roles_build(sessions, heads)

    @staticmethod
    def session_get_or_create(event, slug, **fields):
        invited = fields["kind"] in (SessionKind.GALA_DINNER, SessionKind.PRESS_CONFERENCE)
        fields.setdefault("access", SessionAccess.INVITATION if invited else SessionAccess.OPEN)
        fields.setdefault("languages", list(SESSION_LANGUAGES.get(slug, ())))
        session, _created = Session.objects.get_or_create(event=event, slug=slug, defaults=fields)
        return session

    def timetable_build(self, event):
        """Let the engine place the movable sessions, apply it, and release version 1."""
        if event.schedule_releases.exists():
            return
        proposal = timetable_proposal_create(
            event=event, enqueue=False, time_limit_seconds=self.timetable_seconds
        )
        timetable_proposal_compute(proposal_id=proposal.pk)
        proposal.refresh_from_db()
        timetable_proposal_apply(proposal=proposal)
        schedule_release(event=event, note="Programme as placed by the timetabling engine.")

    def side_event_plans(self, delegations):
        """The 37 side events, each in the slot of the published grid it applied for: the
        engine chooses its room, and the window holds it to its slot."""
        rnd = random.Random(SEED + 2)
        organisers = sorted(code for code in delegations if code != HOST)
        slots = [start for start, count in SIDE_EVENT_SLOTS for _n in range(count)]
        plans = []
        for number, slot in enumerate(slots, start=1):
            topic = rnd.choice(SIDE_EVENT_TOPICS).format(region=rnd.choice(REGIONS))
            organiser = delegations[rnd.choice(organisers)]
            plans.append(
                (
                    f"side-event-{number:02d}",
                    SessionKind.SIDE_EVENT,
                    f"Side event: {topic} ({organiser.code})",
                    SIDE_EVENT_MINUTES,
                    Interpretation.NONE,
                    organiser,
                    rnd.randrange(40, 130, 10),
                    (slot, slot + timedelta(minutes=SIDE_EVENT_MINUTES)),
                )
            )
        return plans

    def roles_build(self, sessions, heads):
        """Chairs and speakers: the host and the Secretary-General open; heads speak in panels."""
        rnd = random.Random(SEED + 3)
        chairs = (HOST, "EOSG", "OLA", "UNODC")
        # Signatories' heads sign during the morning; panellists come from the others.
        busy = {*chairs, *demo_data.SIGNATORIES}
        speakers = sorted(code for code in heads if code not in busy)
        candidates = [
            SessionRole(
                session=sessions["opening"],
                delegate=heads[HOST],
                role=SessionRoleKind.CO_CHAIR,
                order=1,
            ),
            SessionRole(
                session=sessions["opening"],
                delegate=heads["EOSG"],
                role=SessionRoleKind.CO_CHAIR,
                order=2,
            ),
            SessionRole(
                session=sessions["signing"],
                delegate=heads["OLA"],
                role=SessionRoleKind.CHAIR,
                order=1,
            ),
            SessionRole(
                session=sessions["closing"],
                delegate=heads[HOST],
                role=SessionRoleKind.CHAIR,
                order=1,
            ),
            SessionRole(
                session=sessions["plenary"],
                delegate=heads["UNODC"],
                role=SessionRoleKind.CHAIR,
                order=1,
            ),
        ]
        panels = [
            session
            for session in sessions.values()
            if session.kind in (SessionKind.HIGH_LEVEL_PANEL, SessionKind.ROUNDTABLE)
        ]
        # Nobody sits on two panels, so that no one is booked in two places at once.
        drawn = rnd.sample(speakers, 5 * len(panels))
        for index, session in enumerate(panels):
            chosen = drawn[5 * index : 5 * index + 5]
            candidates.append(
                SessionRole(
                    session=session,
                    delegate=heads[chosen[0]],
                    role=SessionRoleKind.MODERATOR,
                    order=1,
                )
            )
            candidates += [
                SessionRole(
                    session=session, delegate=heads[code], role=SessionRoleKind.PANELLIST, order=n
                )
                for n, code in enumerate(chosen[1:], start=2)
            ]
        bulk_get_or_create(SessionRole, ("session_id", "delegate_id"), candidates)


def demo_event_load(*, timetable_seconds=5, progress=None):
    """Build (or complete) the Hanoi 2025 reference event; return it.

    ``timetable_seconds`` bounds the engine's search for the programme (it places everything in
    well under a second; the rest of the time goes to the soft goals).
    """
    return DemoBuilder(timetable_seconds=timetable_seconds, progress=progress).build()
