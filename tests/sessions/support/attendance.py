"""Helpers of the attendance tests, shared by the files that test each layer."""

from datetime import datetime, timedelta
from types import SimpleNamespace

from django.utils import timezone

from delegations.enums import STATE_KINDS, AccreditationStatus, DelegationKind
from sessions.enums import RegistrationStatus, SessionKind, SessionStatus
from tests import factories

ACCREDITED = AccreditationStatus.ACCREDITED

NON_STATE_KINDS = [kind for kind in DelegationKind.values if kind not in STATE_KINDS]

COUNTRIES = ("AT", "CH", "US")


def at(day, hour, minute=0):
    return datetime(2025, 10, day, hour, minute, tzinfo=factories.HANOI)


def delegate(delegation, status=ACCREDITED):
    return factories.DelegateFactory(
        delegation=delegation,
        accreditation_status=status,
        accredited_at=timezone.now() if status == ACCREDITED else None,
    )


def built_event():
    """Two States, an NGO and an IGO; two sessions and a cancelled one; scans over two days."""
    event = factories.EventFactory(slug="hanoi-2025", acronym="HANOI2025")
    vnm = factories.DelegationFactory(
        event=event, kind=DelegationKind.MEMBER_STATE, country="VN", code="VNM"
    )
    pse = factories.DelegationFactory(
        event=event, kind=DelegationKind.OBSERVER_STATE, country="PS", code="PSE"
    )
    ngo = factories.DelegationFactory(event=event, kind=DelegationKind.NGO)
    igo = factories.DelegationFactory(event=event, kind=DelegationKind.IGO, country="AT")
    vn1, vn2 = delegate(vnm), delegate(vnm)
    delegate(vnm, AccreditationStatus.SUBMITTED)
    ps1 = delegate(pse)
    ngo1 = delegate(ngo)
    delegate(ngo, AccreditationStatus.WITHDRAWN)
    delegate(igo, AccreditationStatus.DRAFT)
    opening = factories.SessionFactory(
        event=event, kind=SessionKind.OPENING, title="Opening", start=at(25, 10), capacity=10
    )
    side = factories.SessionFactory(event=event, title="Side event", start=at(26, 14))
    factories.SessionFactory(
        event=event, title="Dropped", start=at(26, 16), status=SessionStatus.CANCELLED
    )
    for person, status in ((vn1, "confirmed"), (vn2, "confirmed"), (ps1, "waiting")):
        factories.SessionRegistrationFactory(session=opening, delegate=person, status=status)
    entry = [(vn1, at(25, 9, 10)), (vn2, at(25, 9, 40)), (ngo1, at(25, 10, 5)), (vn1, at(26, 8))]
    for person, moment in entry:
        factories.CheckInFactory(event=event, delegate=person, scanned_at=moment)
    for person, moment in ((vn1, at(25, 10, 1)), (vn1, at(25, 10, 30)), (ps1, at(25, 10, 2))):
        factories.CheckInFactory(event=event, delegate=person, session=opening, scanned_at=moment)
    factories.SigningRequestFactory(delegation=vnm, representative=vn1, signed_at=at(25, 11))
    factories.SigningRequestFactory(delegation=pse, representative=ps1)
    factories.CheckInFactory()  # another event's scan counts nowhere here
    return SimpleNamespace(event=event, opening=opening, side=side)


def build(rows):
    """An event with ``rows`` delegates, sessions, registrations and scans of each kind."""
    event = factories.EventFactory()
    for n in range(rows):
        delegation = factories.DelegationFactory(
            event=event,
            kind=NON_STATE_KINDS[n % len(NON_STATE_KINDS)],
            country=COUNTRIES[n % 3],
        )
        person = delegate(delegation)
        session = factories.SessionFactory(
            event=event, kind=SessionKind.values[n % len(SessionKind.values)]
        )
        factories.SessionRegistrationFactory(
            session=session, delegate=person, status=RegistrationStatus.CONFIRMED
        )
        factories.CheckInFactory(
            event=event, delegate=person, scanned_at=at(25, 8) + timedelta(hours=n)
        )
        factories.CheckInFactory(event=event, delegate=person, session=session)
    return event
