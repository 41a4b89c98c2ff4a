"""A hall's delegations for the seating tests: States by country, observers, organisations."""

from django.utils import timezone

from delegations.enums import AccreditationStatus, DelegationKind
from tests.factories import DelegateFactory, DelegationFactory, RoomFactory


def state(event, country, name, kind=DelegationKind.MEMBER_STATE, accredited=0):
    delegation = DelegationFactory(event=event, kind=kind, country=country, name=name, code=country)
    DelegateFactory.create_batch(
        accredited,
        delegation=delegation,
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_at=timezone.now(),
    )
    return delegation


def organisation(event, name, code, kind=DelegationKind.IGO):
    return DelegationFactory(event=event, kind=kind, name=name, code=code)


def hall(event, capacity=500, name="Plenary Hall"):
    return RoomFactory(venue__event=event, name=name, capacity=capacity)
