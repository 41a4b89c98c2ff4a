"""Helpers of the timetabling tests, shared by the files that test each layer."""

from datetime import date, datetime, time

from django.conf import settings

from ceremony.models import booth_team_size
from tests.factories import (
    HANOI,
    InterpreterPoolFactory,
    SessionFactory,
)

DAY = date(2025, 10, 25)


def at(hour, minute=0, day=DAY):
    return datetime.combine(day, time(hour, minute), tzinfo=HANOI)


def movable(timetable_event, **fields):
    return SessionFactory(
        event=timetable_event, room=None, start=None, status="draft", pinned=False, **fields
    )


def booth_teams(event, teams, languages=settings.UN_LANGUAGES):
    """Engage interpreters for ``teams`` booth teams in each of the languages."""
    return {
        language: InterpreterPoolFactory(
            event=event,
            language=language,
            interpreters=teams * booth_team_size(language),
            team_size=booth_team_size(language),
        )
        for language in languages
    }
