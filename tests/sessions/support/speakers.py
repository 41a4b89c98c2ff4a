"""A plenary's list of speakers with States, an observer and an organisation."""

from datetime import datetime, timedelta
from types import SimpleNamespace

from delegations.enums import STATE_KINDS, DelegationKind
from tests import factories
from tests.factories import HANOI

COUNTRIES = ["AO", "BR", "CL", "DK", "EG", "FR", "VA", "VN", "EE", "PE", "DE", "IT"]
T0 = datetime(2025, 10, 25, 8, tzinfo=HANOI)


def plenary_list(**list_fields):
    # At 10:00 on the first day: the factory's own starts drift an hour per session made and,
    # late in a full run, leave the event's days (a release would then refuse the programme).
    session = factories.SessionFactory(kind="plenary", title="Plenary, day 1", start=at(120))
    speakers_list = factories.SpeakersListFactory(session=session, **list_fields)
    event = session.event

    countries = iter(COUNTRIES)

    def delegation(name, kind=DelegationKind.MEMBER_STATE):
        country = next(countries) if kind in STATE_KINDS else ""
        code = name[:3].upper() + str(len(name))
        return factories.DelegationFactory(
            event=event, name=name, code=code, kind=kind, country=country
        )

    return SimpleNamespace(
        event=event,
        session=session,
        speakers_list=speakers_list,
        delegation=delegation,
    )


def at(minutes):
    return T0 + timedelta(minutes=minutes)
