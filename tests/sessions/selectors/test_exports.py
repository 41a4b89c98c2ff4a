"""The released schedule for export: only released sessions, their sequence, every scope."""

from sessions.selectors.exports import schedule_for_export
from sessions.services.release import schedule_release
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    RoomFactory,
    SessionFactory,
    SessionRegistrationFactory,
    SessionRoleFactory,
)
from tests.sessions.support.exports import DAY_1, DAY_2, at, items_by_title


def test_only_released_sessions_with_sequence_and_cancellations(exports_event, released_programme):
    SessionFactory(
        event=exports_event,
        room=released_programme["hall"],
        start=at(DAY_2, 14),
        title="Unreleased",
    )
    released_programme["panel"].start = at(DAY_1, 15)
    released_programme["panel"].save()
    released_programme["side"].status = "cancelled"
    released_programme["side"].save()
    schedule_release(event=exports_event)
    SessionFactory(
        event=exports_event,
        room=released_programme["hall"],
        start=at(DAY_2, 16),
        title="Later draft",
    )
    items = items_by_title(schedule_for_export(event=exports_event))
    assert "Later draft" not in items
    assert items["Unreleased"].sequence == 0
    assert items["Panel"].sequence == 1
    assert items["Panel"].start == at(DAY_1, 15)
    assert items["Side event"].status == "cancelled" and items["Side event"].sequence == 1
    assert items["Opening"].sequence == 0


def test_scopes(exports_event, released_programme):
    assert set(
        items_by_title(schedule_for_export(event=exports_event, scope="day", day=DAY_2))
    ) == {"Side event"}
    room = schedule_for_export(event=exports_event, scope="room", room=released_programme["small"])
    assert set(items_by_title(room)) == {"Panel", "Side event"}
    kind = schedule_for_export(event=exports_event, scope="kind", kind="opening")
    assert set(items_by_title(kind)) == {"Opening"}
    delegate = DelegateFactory(delegation__event=exports_event)
    SessionRoleFactory(session=released_programme["opening"], delegate=delegate, role="chair")
    SessionRegistrationFactory(session=released_programme["side"], delegate=delegate)
    mine = schedule_for_export(event=exports_event, scope="delegate", delegate=delegate)
    assert set(items_by_title(mine)) == {"Opening", "Side event"}
    theirs = schedule_for_export(
        event=exports_event, scope="delegation", delegation=delegate.delegation
    )
    assert set(items_by_title(theirs)) == {"Opening", "Side event"}
    assert items_by_title(mine)["Opening"].persons[0].role == "Chair"


def test_a_new_release_is_exported_at_once(exports_event, released_programme):
    """The history of releases is computed once per set of releases; a new one is seen."""
    assert items_by_title(schedule_for_export(event=exports_event))["Panel"].sequence == 0
    released_programme["panel"].start = at(DAY_1, 15)
    released_programme["panel"].save()
    schedule_release(event=exports_event)
    panel = items_by_title(schedule_for_export(event=exports_event))["Panel"]
    assert (panel.sequence, panel.start) == (1, at(DAY_1, 15))
    assert schedule_for_export(event=exports_event).version == "2"


def test_a_delegations_itinerary_has_each_session_once(exports_event, released_programme):
    """Roles, confirmed places and organised side events; waiting or cancelled places do not
    count; many places in one session give one item."""
    delegation = DelegationFactory(event=exports_event)
    people = DelegateFactory.create_batch(3, delegation=delegation)
    for person in people:
        SessionRegistrationFactory(session=released_programme["panel"], delegate=person)
    SessionRoleFactory(session=released_programme["panel"], delegate=people[0], role="speaker")
    SessionRegistrationFactory(
        session=released_programme["opening"], delegate=people[1], status="waiting"
    )
    released_programme["side"].organiser = delegation
    released_programme["side"].save()
    schedule = schedule_for_export(event=exports_event, scope="delegation", delegation=delegation)
    assert sorted(item.title for item in schedule.items) == ["Panel", "Side event"]


def test_persons_of_a_long_programme(exports_event):
    """Past a hundred sessions the rows are read by event: every session keeps its own people,
    in their order."""
    first = RoomFactory(venue__event=exports_event)
    rooms = [first, *RoomFactory.create_batch(10, venue=first.venue)]
    sessions = [
        SessionFactory(
            event=exports_event, room=rooms[n // 11], start=at(DAY_1, 9 + n % 11), title=f"s{n}"
        )
        for n in range(121)
    ]
    people = {}
    for session in sessions[::2]:
        chair, speaker = DelegateFactory.create_batch(2, delegation__event=exports_event)
        SessionRoleFactory(session=session, delegate=speaker, role="speaker", order=1)
        SessionRoleFactory(session=session, delegate=chair, role="chair", order=0)
        people[session.title] = [chair.pk, speaker.pk]
    schedule_release(event=exports_event)
    items = items_by_title(schedule_for_export(event=exports_event))
    assert len(items) == 121
    assert all(
        [person.id for person in items[title].persons] == ids for title, ids in people.items()
    )
    assert [person.role for person in items["s2"].persons] == ["Chair", "Speaker"]
    assert items["s1"].persons == ()
