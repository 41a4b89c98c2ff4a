"""A proposal written by hand, as the engine would store it: the review's tests decide exactly
what it moves, adds and removes, without running the engine."""

from datetime import timedelta
from types import SimpleNamespace

from sessions.selectors.timetabling import room_key, session_key
from sessions.services.release import schedule_release
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    ScheduleProposalFactory,
    SessionFactory,
    SessionRegistrationFactory,
    SessionRoleFactory,
)
from tests.sessions.support.timetabling import at


def proposal_of(event, placed, *, left_out=(), pinned=()):
    """``placed``: {session: (room, start)}; ``left_out``: {session: [reasons]}; pinned
    sessions stay where they are (the engine's problem names their place)."""
    problem = [{"id": session_key(session.pk)} for session in [*placed, *left_out]] + [
        {
            "id": session_key(session.pk),
            "pinned": {"room": room_key(session.room_id), "start": session.start.isoformat()},
        }
        for session in pinned
    ]
    assignments = [
        {
            "session": session_key(session.pk),
            "room": room_key(room.pk),
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=session.duration_minutes)).isoformat(),
        }
        for session, (room, start) in {
            **placed,
            **{session: (session.room, session.start) for session in pinned},
        }.items()
    ]
    return ScheduleProposalFactory(
        event=event,
        problem={"sessions": problem},
        solution={
            "status": "partial" if left_out else "complete",
            "assignments": assignments,
            "unplaced": [
                {"session": session_key(session.pk), "reasons": list(reasons)}
                for session, reasons in dict(left_out).items()
            ],
        },
    )


def reviewed_programme(event, rooms):
    """A programme released, changed by hand, and a proposal for it:

    - "Panel" moves from the hall at 9:00 to the small room at 10:00;
    - "Side event" (a draft) is added in the hall at 11:00;
    - "Briefing" is left out (back to draft), with its reason;
    - "Dialogue" stays in the hall at 14:00 (moved there by hand since the release, at 13:00);
    - "Opening" is pinned in the hall at 16:00; "Workshop" (a draft) is left out again.

    Delegates: Lan (Viet Nam) holds a place in Panel, Minh (Viet Nam) waits for Briefing, Hoa
    (Viet Nam) holds a place in Dialogue (unchanged), Ana (Chile) speaks in Panel.
    """
    hall, small = rooms["hall"], rooms["small"]
    sessions = SimpleNamespace(
        panel=SessionFactory(event=event, title="Panel", room=hall, start=at(9)),
        side=SessionFactory(event=event, title="Side event", room=None, start=None, status="draft"),
        briefing=SessionFactory(event=event, title="Briefing", room=small, start=at(9)),
        dialogue=SessionFactory(event=event, title="Dialogue", room=hall, start=at(13)),
        opening=SessionFactory(
            event=event, title="Opening", kind="opening", room=hall, start=at(16), pinned=True
        ),
        workshop=SessionFactory(
            event=event, title="Workshop", room=None, start=None, status="draft"
        ),
    )
    viet_nam = DelegationFactory(event=event, name="Viet Nam", code="VNM")
    chile = DelegationFactory(event=event, name="Chile", code="CHL")
    people = SimpleNamespace(
        lan=DelegateFactory(
            delegation=viet_nam, honorific="", given_name="Lan", family_name="Tran"
        ),
        minh=DelegateFactory(
            delegation=viet_nam, honorific="", given_name="Minh", family_name="Le"
        ),
        hoa=DelegateFactory(
            delegation=viet_nam, honorific="", given_name="Hoa", family_name="Pham"
        ),
        ana=DelegateFactory(delegation=chile, honorific="", given_name="Ana", family_name="Soto"),
    )
    SessionRegistrationFactory(session=sessions.panel, delegate=people.lan)
    SessionRegistrationFactory(session=sessions.briefing, delegate=people.minh, status="waiting")
    SessionRegistrationFactory(session=sessions.dialogue, delegate=people.hoa)
    SessionRoleFactory(session=sessions.panel, delegate=people.ana, role="chair")
    release = schedule_release(event=event)
    sessions.dialogue.start = at(14)
    sessions.dialogue.save()
    proposal = proposal_of(
        event,
        {
            sessions.panel: (small, at(10)),
            sessions.side: (hall, at(11)),
            sessions.dialogue: (hall, at(14)),
        },
        left_out={
            sessions.briefing: ["no room is free at a time its window allows"],
            sessions.workshop: ["no room has the capacity"],
        },
        pinned=[sessions.opening],
    )
    return SimpleNamespace(
        proposal=proposal, release=release, rooms=rooms, people=people, **vars(sessions)
    )
