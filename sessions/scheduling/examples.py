"""Problems built in code: the Hanoi 2025 programme and large instances that are feasible by design.

The benchmarks and tests use them; the Hanoi problem can also seed a demo. Each builder returns
the problem as JSON-ready data (run it through :func:`parse_problem`), and is deterministic: the
same arguments give the same problem.

The large instances are made "from the answer backwards": a hidden valid timetable is drawn first,
then attendance, booths, windows, people and not-parallel rules are derived so that the hidden
timetable keeps them all. A complete solution therefore exists, while people shared between
sessions still make most other timetables invalid.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from .problem import FORMAT

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SIDE_EVENT_ROOMS = 12
DELEGATIONS = (
    "VNM", "USA", "CHN", "RUS", "FRA", "GBR", "EUR", "JPN", "IND",
    "BRA", "ZAF", "EGY", "SAU", "KOR", "AUS", "NGA", "MEX", "IDN",
)  # fmt: skip


def hanoi_programme() -> dict:
    """The signing ceremony of the UN Convention against Cybercrime, Hanoi, 25–26 October 2025."""
    rng = random.Random(2025)

    def at(day: int, clock: str) -> str:
        hour, minute = map(int, clock.split(":"))
        return dt.datetime(2025, 10, 24 + day, hour, minute, tzinfo=HANOI).isoformat()

    rooms = [
        {"id": "plenary-hall", "capacity": 3000, "booths": 6, "turnover_minutes": 15},
        {
            "id": "banquet-hall",
            "capacity": 1200,
            "booths": 2,
            "turnover_minutes": 60,
            "unavailable": [{"start": at(1, "08:30"), "end": at(1, "13:00")}],
        },
        {"id": "exhibition-hall", "capacity": 2000, "booths": 0},
    ]
    for number, capacity in enumerate([600, 500, 400, 300], start=1):
        rooms.append(
            {
                "id": f"conference-room-{number}",
                "capacity": capacity,
                "booths": 6,
                "turnover_minutes": 15,
            }
        )
    side_rooms = [f"side-room-{number:02d}" for number in range(1, SIDE_EVENT_ROOMS + 1)]
    for room_id in side_rooms:
        rooms.append(
            {
                "id": room_id,
                "capacity": rng.choice([60, 80, 100, 120, 150, 200]),
                "booths": rng.choice([0, 0, 1, 2]),
                "turnover_minutes": 15,
            }
        )

    heads = [f"deleg-{code}-head" for code in DELEGATIONS]
    officials = ["un-sg", "unodc-ed", "ola-legal-counsel", "vnm-president", "vnm-foreign-minister"]
    speakers = heads + officials + [f"expert-{number:02d}" for number in range(1, 21)]
    ceremony_people = ["vnm-president", "un-sg", "unodc-ed", "ola-legal-counsel"]

    def pinned(session_id, kind, day, clock, minutes, attendance, people):
        return {
            "id": session_id,
            "kind": kind,
            "duration_minutes": minutes,
            "attendance": attendance,
            "languages": 6,
            "people": people,
            "pinned": {"room": "plenary-hall", "start": at(day, clock)},
        }

    sessions = [
        pinned("opening", "opening", 1, "09:00", 90, 2500, ceremony_people),
        pinned("signing", "signing", 1, "10:45", 105, 1500, ["ola-legal-counsel", "un-sg"]),
        pinned("plenary-1", "plenary", 1, "14:00", 210, 2000, ["vnm-foreign-minister"]),
        pinned("plenary-2", "plenary", 2, "09:00", 210, 2000, ["vnm-foreign-minister"]),
        pinned("closing", "closing", 2, "17:30", 60, 2200, ["vnm-president", "unodc-ed"]),
    ]
    ceremonies = ["opening", "signing", "closing"]
    for number in range(1, 5):
        sessions.append(
            {
                "id": f"high-level-panel-{number}",
                "kind": "high_level_panel",
                "duration_minutes": 90,
                "attendance": rng.randrange(300, 601, 50),
                "languages": 6,
                "people": rng.sample(heads, 3) + rng.sample(officials[1:3], 1),
                "not_parallel_with": ceremonies,
            }
        )
    for number in range(1, 5):
        sessions.append(
            {
                "id": f"roundtable-{number}",
                "kind": "roundtable",
                "duration_minutes": 90,
                "attendance": rng.randrange(150, 301, 25),
                "languages": 6,
                "people": rng.sample(heads, 5),
                "not_parallel_with": ceremonies,
            }
        )
    for number in range(1, 9):
        sessions.append(
            {
                "id": f"workshop-{number}",
                "kind": "workshop",
                "duration_minutes": rng.choice([90, 120]),
                "attendance": rng.randrange(80, 251, 10),
                "languages": rng.choice([1, 2]),
                "people": rng.sample(speakers, 3),
            }
        )
    sessions.append(
        {
            "id": "gala-dinner",
            "kind": "gala_dinner",
            "duration_minutes": 150,
            "attendance": 1000,
            "languages": 1,
            "people": ["vnm-president", "un-sg"],
            "rooms": ["banquet-hall"],
            "earliest": at(1, "17:00"),
        }
    )
    for day in (1, 2):
        sessions.append(
            {
                "id": f"technology-exhibition-day-{day}",
                "kind": "exhibition",
                "duration_minutes": 600,
                "attendance": 800,
                "languages": 1,
                "rooms": ["exhibition-hall"],
                "earliest": at(day, "08:30"),
                "latest": at(day, "19:30"),
            }
        )
    sessions.append(
        {
            "id": "press-conference",
            "kind": "press_conference",
            "duration_minutes": 45,
            "attendance": 250,
            "languages": 2,
            "people": ["unodc-ed", "vnm-foreign-minister"],
            "earliest": at(2, "18:30"),
        }
    )
    for number in range(1, 38):
        sessions.append(
            {
                "id": f"side-event-{number:02d}",
                "kind": "side_event",
                "duration_minutes": 60,
                "attendance": rng.randrange(40, 181, 10),
                "languages": rng.choice([1, 1, 2]),
                "people": rng.sample(speakers, rng.choice([2, 3])),
                "rooms": side_rooms,
                "not_parallel_with": ceremonies,
            }
        )
    return {
        "format": FORMAT,
        "timezone": "Asia/Ho_Chi_Minh",
        "granularity_minutes": 15,
        "days": [
            {"date": "2025-10-25", "open": "08:30", "close": "19:30"},
            {"date": "2025-10-26", "open": "08:30", "close": "19:30"},
        ],
        "interpreter_teams": 3,
        "rooms": rooms,
        "sessions": sessions,
    }


def slotted_problem(*, rooms: int = 10, days: int = 3, slots_per_day: int = 10, seed: int = 7):
    """Every room full at every one of the ``days * slots_per_day`` hourly start times."""
    rng = random.Random(seed)
    room_list = _rooms(rng, rooms, turnovers=(0,))
    first = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    day_list = [first + dt.timedelta(days=number) for number in range(days)]
    start_times = [
        day + dt.timedelta(hours=slot) for day in day_list for slot in range(slots_per_day)
    ]
    hidden = []
    for start in start_times:
        for room in room_list:
            duration = rng.choice([45, 60])
            hidden.append((room, start, duration))
    rng.shuffle(hidden)
    closing = dt.timedelta(hours=slots_per_day)
    problem = _problem_from_hidden(rng, room_list, day_list, closing, hidden)
    problem["start_times"] = [start.isoformat() for start in start_times]
    problem["granularity_minutes"] = 60
    return problem


def packed_problem(*, sessions: int = 1000, rooms: int = 40, days: int = 10, seed: int = 11):
    """Sessions of mixed length packed into room-days from 09:00 to 18:00 on a 15-minute grid."""
    rng = random.Random(seed)
    room_list = _rooms(rng, rooms, turnovers=(0, 15, 30))
    first = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
    day_list = [first + dt.timedelta(days=number) for number in range(days)]
    closing = dt.timedelta(hours=9)
    room_days = [(room, day) for room in room_list for day in day_list]
    rng.shuffle(room_days)
    hidden: list[tuple[dict, dt.datetime, int]] = []
    for room, day in room_days:
        clock = day + dt.timedelta(minutes=rng.choice([0, 0, 15, 30]))
        while len(hidden) < sessions:
            duration = rng.choice([45, 60, 60, 90, 90, 120, 180])
            if clock + dt.timedelta(minutes=duration) > day + closing:
                break
            hidden.append((room, clock, duration))
            gap = room["turnover_minutes"] + rng.choice([0, 0, 0, 15, 30])
            clock += dt.timedelta(minutes=duration + gap)
        if len(hidden) == sessions:
            break
    rng.shuffle(hidden)
    return _problem_from_hidden(rng, room_list, day_list, closing, hidden)


def _rooms(rng: random.Random, count: int, turnovers: tuple[int, ...]) -> list[dict]:
    rooms = []
    for number in range(1, count + 1):
        rooms.append(
            {
                "id": f"room-{number:02d}",
                "capacity": rng.choice([40, 60, 80, 100, 150, 200, 300, 500, 800, 1200]),
                "booths": rng.choice([0, 0, 2, 6]),
                "turnover_minutes": rng.choice(turnovers),
            }
        )
    return rooms


def _problem_from_hidden(
    rng: random.Random,
    room_list: list[dict],
    day_list: list[dt.datetime],
    closing: dt.timedelta,
    hidden: list[tuple[dict, dt.datetime, int]],
) -> dict:
    """Derive sessions whose every rule the hidden timetable ``(room, start, minutes)`` keeps."""
    sessions = []
    spans = []
    for number, (room, start, duration) in enumerate(hidden, start=1):
        day = max(day for day in day_list if day <= start)
        languages = rng.choice([1, room["booths"]]) if room["booths"] else 1
        session = {
            "id": f"session-{number:04d}",
            "kind": rng.choice(["workshop", "side_event", "roundtable", "briefing"]),
            "duration_minutes": duration,
            "attendance": rng.randint(room["capacity"] // 2, room["capacity"]),
            "languages": languages,
            "people": [],
        }
        draw = rng.random()
        if draw < 0.6:
            session["earliest"] = day.isoformat()
            session["latest"] = (day + closing).isoformat()
        elif draw < 0.8:
            slack = dt.timedelta(minutes=rng.choice([0, 60, 120]))
            session["earliest"] = max(day, start - slack).isoformat()
            end = start + dt.timedelta(minutes=duration)
            session["latest"] = min(day + closing, end + slack).isoformat()
        elif draw < 0.95 and day != day_list[-1]:
            session["earliest"] = day.isoformat()
            session["latest"] = (day + dt.timedelta(days=1) + closing).isoformat()
        if rng.random() < 0.15:
            others = rng.sample([other["id"] for other in room_list], 3)
            session["rooms"] = sorted(set(others) | {room["id"]})
        if rng.random() < 0.02:
            session["pinned"] = {"room": room["id"], "start": start.isoformat()}
        sessions.append(session)
        spans.append((start, start + dt.timedelta(minutes=duration)))

    def overlaps(first: int, second: int) -> bool:
        return spans[first][0] < spans[second][1] and spans[second][0] < spans[first][1]

    order = list(range(len(sessions)))
    for number in range(len(sessions) // 2):
        chosen: list[int] = []
        for index in rng.sample(order, 12):
            if len(chosen) == rng.choice([2, 3, 4, 5]):
                break
            if not any(overlaps(index, other) for other in chosen):
                chosen.append(index)
        for index in chosen:
            sessions[index]["people"].append(f"person-{number:04d}")
    for index in rng.sample(order, len(sessions) // 50):
        others = [
            sessions[other]["id"]
            for other in rng.sample(order, 6)
            if other != index and not overlaps(index, other)
        ]
        sessions[index]["not_parallel_with"] = others[:3]

    events = sorted(
        (moment, change)
        for index, session in enumerate(sessions)
        if session["languages"] >= 6
        for moment, change in ((spans[index][0], 1), (spans[index][1], -1))
    )
    running = peak = 0
    for _, change in events:
        running += change
        peak = max(peak, running)
    return {
        "format": FORMAT,
        "timezone": "UTC",
        "granularity_minutes": 15,
        "days": [
            {
                "date": day.date().isoformat(),
                "open": day.strftime("%H:%M"),
                "close": (day + closing).strftime("%H:%M"),
            }
            for day in day_list
        ],
        "interpreter_teams": max(peak, 1),
        "rooms": room_list,
        "sessions": sessions,
    }
