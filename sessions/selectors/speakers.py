"""A plenary's list of speakers in the order the secretariat calls them.

UN practice: States first, then observer States, then organisations; within each, the level of
representation (Heads of State, Heads of Government, Vice-Presidents, ministers, others), then
the order of inscription. The secretariat may fix places (``SpeakerEntry.position``): those
entries keep their places, and an entry inscribed later is put before the first fixed entry it
would precede by the rule, so a late Head of State still comes early.
"""

from datetime import timedelta

from django.db.models import Count, Q

from delegations.enums import DelegationKind, RepresentationLevel
from sessions.enums import SessionKind, SpeakerStatus
from sessions.models import Session, SpeakerEntry, SpeakersList

#: The level's tier on a list of speakers (lower speaks first).
LEVEL_TIER = {
    RepresentationLevel.HEAD_OF_STATE: 0,
    RepresentationLevel.HEAD_OF_GOVERNMENT: 1,
    RepresentationLevel.VICE_PRESIDENT: 2,
    RepresentationLevel.DEPUTY_PRIME_MINISTER: 3,
    RepresentationLevel.FOREIGN_MINISTER: 3,
    RepresentationLevel.MINISTER: 3,
}
OTHER_LEVELS_TIER = 4

#: The delegation's tier: States, then observer States, then every organisation.
DELEGATION_TIER = {DelegationKind.MEMBER_STATE: 0, DelegationKind.OBSERVER_STATE: 1}
ORGANISATIONS_TIER = 2


def entry_rank(entry):
    """Where UN practice puts an entry, before the secretariat's moves."""
    return (
        DELEGATION_TIER.get(entry.delegation.kind, ORGANISATIONS_TIER),
        LEVEL_TIER.get(entry.level, OTHER_LEVELS_TIER),
        entry.inscribed_at,
        entry.pk,
    )


def entries_order(entries):
    """The entries (their delegations loaded) in speaking order; pure, no query."""
    placed = sorted(
        (e for e in entries if e.position is not None), key=lambda e: (e.position, e.pk)
    )
    ordered = list(placed)
    for entry in sorted((e for e in entries if e.position is None), key=entry_rank):
        rank = entry_rank(entry)
        at = next((i for i, other in enumerate(ordered) if entry_rank(other) > rank), None)
        if at is None:
            ordered.append(entry)
        else:
            ordered.insert(at, entry)
    return ordered


def active_entries(speakers_list):
    return SpeakerEntry.objects.filter(
        speakers_list=speakers_list, status=SpeakerStatus.INSCRIBED
    ).select_related("delegation", "speaker")


def speakers_in_order(speakers_list):
    """The inscribed entries in speaking order, each with ``number`` and ``expected_start``
    (the session's start plus the statements before it), in one query."""
    ordered = entries_order(list(active_entries(speakers_list)))
    start = speakers_list.session.start
    step = timedelta(minutes=speakers_list.minutes_per_statement)
    for number, entry in enumerate(ordered, start=1):
        entry.number = number
        entry.expected_start = start + step * (number - 1) if start else None
    return ordered


def plenary_lists_annotate(queryset):
    """Lists with ``inscribed``: how many entries are on them."""
    return queryset.annotate(
        inscribed=Count("entries", filter=Q(entries__status=SpeakerStatus.INSCRIBED))
    )


def plenary_lists(event):
    """The event's lists of speakers, by their plenary's start."""
    return plenary_lists_annotate(
        SpeakersList.objects.filter(session__event=event).select_related("session")
    ).order_by("session__start", "pk")


def plenaries_of(event):
    return Session.objects.filter(event=event, kind=SessionKind.PLENARY).order_by("start", "pk")


def entries_of(delegations):
    """The entries of these delegations (a focal point's reach), newest list first."""
    return (
        SpeakerEntry.objects.filter(delegation__in=delegations)
        .select_related("delegation", "speaker", "speakers_list__session")
        .order_by("-speakers_list__session__start", "inscribed_at", "pk")
    )


def published_statements(event, session_slug):
    """The statements shown on a meeting's public page: inscribed entries with a file."""
    return (
        SpeakerEntry.objects.filter(
            speakers_list__session__event=event,
            speakers_list__session__slug=session_slug,
            status=SpeakerStatus.INSCRIBED,
        )
        .exclude(statement="")
        .select_related("delegation")
        .order_by("delegation__name", "pk")
    )


def speakers_counts(event):
    """For the cockpit, in two queries: the lists open, the speakers inscribed, and how many
    of them have no statement uploaded yet."""
    lists = SpeakersList.objects.filter(session__event=event).aggregate(
        speakers_lists=Count("pk"), speakers_lists_open=Count("pk", filter=Q(is_open=True))
    )
    inscribed = SpeakerEntry.objects.filter(
        speakers_list__session__event=event, status=SpeakerStatus.INSCRIBED
    ).aggregate(
        speakers_inscribed=Count("pk"),
        statements_awaiting=Count("pk", filter=Q(statement="")),
    )
    return {**lists, **inscribed}


def inscription_plenaries(event):
    """The event's plenaries that have a list of speakers (a closed one refuses by the field)."""
    return (
        Session.objects.filter(event=event, speakers_list__isnull=False)
        .select_related("speakers_list")
        .order_by("start", "pk")
    )


def delegation_entries_numbered(delegation):
    """The delegation's entries, each inscribed one with its ``number`` on its list: one query
    for the entries and one per plenary (an event has a few)."""
    entries = list(entries_of([delegation.pk]).order_by("speakers_list__session__start", "pk"))
    lists = {entry.speakers_list_id: entry.speakers_list for entry in entries}
    numbers = {
        entry.pk: entry.number
        for speakers_list in lists.values()
        for entry in speakers_in_order(speakers_list)
    }
    for entry in entries:
        entry.number = numbers.get(entry.pk)
    return entries


def published_statement(event_slug, session_slug, pk):
    return (
        SpeakerEntry.objects.filter(
            pk=pk,
            speakers_list__session__event__slug=event_slug,
            speakers_list__session__slug=session_slug,
            status=SpeakerStatus.INSCRIBED,
        )
        .exclude(statement="")
        .first()
    )
