"""Helpers of the release-outbox tests: a programme released, then changed and released again,
with a person for each rule of who is told."""

from datetime import date, datetime, time
from types import SimpleNamespace

from delegations.enums import AccreditationStatus
from sessions.enums import RegistrationStatus, SessionRoleKind, SessionStatus
from sessions.services.release import schedule_release
from tests.factories import (
    HANOI,
    DelegateFactory,
    DelegationFactory,
    EventFactory,
    RoomFactory,
    SessionFactory,
    SessionRegistrationFactory,
    SessionRoleFactory,
)

DAY = date(2025, 11, 3)  # a Monday


def at(hour, minute=0):
    return datetime.combine(DAY, time(hour, minute), tzinfo=HANOI)


def person(event, family_name, *, language="", delegation_language="", **fields):
    delegation = DelegationFactory(event=event, language=delegation_language)
    return DelegateFactory(
        delegation=delegation, family_name=family_name, language=language, **fields
    )


def programme_released():
    """Version 1 of a small programme, and everyone the rules of who is told need:

    - ``ana`` (French) holds a confirmed place in the panel, which will move;
    - ``bui`` waits for a place in the panel; ``hana`` cancelled hers;
    - ``chen`` (Arabic, through her delegation) chairs the side event, which will be cancelled;
    - ``dara`` speaks in the panel and holds a place in the side event: two changes;
    - ``eve``, withdrawn, still listed as a speaker of the panel;
    - ``finn`` holds a place in the closing only, which stays where it is;
    - ``gus`` holds a place in the panel and has no e-mail address.
    """
    event = EventFactory(
        slug="hanoi-2025",
        acronym="HANOI2025",
        name="Signing Ceremony of the Convention",
        start_date=DAY,
        end_date=DAY,
    )
    hall = RoomFactory(venue__event=event, name="Plenary Hall", capacity=500)
    small = RoomFactory(venue=hall.venue, name="Room 2", capacity=100)
    panel = SessionFactory(
        event=event, room=hall, start=at(10), duration_minutes=75, title="Cybercrime panel"
    )
    side = SessionFactory(
        event=event, room=small, start=at(10), duration_minutes=60, title="Ransomware side event"
    )
    closing = SessionFactory(
        event=event, room=hall, start=at(16), duration_minutes=60, title="Closing"
    )
    people = SimpleNamespace(
        ana=person(event, "Aubert", language="fr", email="ana@example.org"),
        bui=person(event, "Bui"),
        chen=person(event, "Chen", delegation_language="ar"),
        dara=person(event, "Dara"),
        eve=person(event, "Evans", accreditation_status=AccreditationStatus.WITHDRAWN),
        finn=person(event, "Finn"),
        gus=person(event, "Gustafsson", email=""),
        hana=person(event, "Hana"),
    )
    for delegate in (people.ana, people.gus):
        SessionRegistrationFactory(session=panel, delegate=delegate)
    SessionRegistrationFactory(
        session=panel, delegate=people.bui, status=RegistrationStatus.WAITING
    )
    SessionRegistrationFactory(
        session=panel, delegate=people.hana, status=RegistrationStatus.CANCELLED
    )
    SessionRoleFactory(session=side, delegate=people.chen, role=SessionRoleKind.CHAIR)
    SessionRoleFactory(session=panel, delegate=people.dara, role=SessionRoleKind.SPEAKER)
    SessionRegistrationFactory(session=side, delegate=people.dara)
    SessionRoleFactory(session=panel, delegate=people.eve, role=SessionRoleKind.SPEAKER)
    SessionRegistrationFactory(session=closing, delegate=people.finn)
    first = schedule_release(event=event)
    return SimpleNamespace(
        event=event,
        hall=hall,
        small=small,
        panel=panel,
        side=side,
        closing=closing,
        people=people,
        first=first,
    )


def programme_changed(programme):
    """The panel moves to Room 2 at 11:30, the side event is cancelled; the closing stays."""
    programme.side.status = SessionStatus.CANCELLED
    programme.side.save()
    programme.panel.room = programme.small
    programme.panel.start = at(11, 30)
    programme.panel.save()
