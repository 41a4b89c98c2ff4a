"""The released schedule for export: only released sessions, their sequence, every scope."""

import io
import json
import tomllib
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook

from config.core.version import NAME, VERSION
from sessions.exports import csv_, frab_json, frab_xml, xlsx
from sessions.selectors.exports import schedule_for_export
from sessions.services.release import schedule_release
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    RoomFactory,
    SessionFactory,
    SessionRegistrationFactory,
    SessionRoleFactory,
    SigningRequestFactory,
)
from tests.sessions.support import schemas
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


def test_a_release_exports_valid_frab_files_with_its_public_address(exports_event, settings):
    """Through the real path (release -> selector -> renderer): a press conference three weeks
    before, a two-day exhibition and an acronym the schemas refuse as it is; both files valid."""
    settings.PUBLIC_URL = "https://treaty.example.org/"
    hall = RoomFactory(venue__event=exports_event, name="Plenary Hall")
    SessionFactory(event=exports_event, room=hall, start=at(DAY_1, 9), title="Opening")
    SessionFactory(
        event=exports_event,
        room=RoomFactory(venue=hall.venue, name="Foyer"),
        kind="exhibition",
        start=at(DAY_1, 9),
        duration_minutes=33 * 60,
        title="Exhibition",
        pinned=True,
    )
    SessionFactory(
        event=exports_event,
        room=hall,
        kind="press_conference",
        start=at(DAY_1 - timedelta(days=21), 10),
        title="Press conference",
        pinned=True,
    )
    schedule_release(event=exports_event)
    schedule = schedule_for_export(event=exports_event)
    xml, document = frab_xml.render(schedule), frab_json.render(schedule)
    assert schemas.xml_errors(xml) == []
    assert schemas.json_errors(document) == []
    head = json.loads(document)
    assert head["generator"] == {"name": "treaty-event-planner", "version": VERSION}
    assert head["schedule"]["base_url"] == "https://treaty.example.org/en/events/hanoi/"
    conference = head["schedule"]["conference"]
    assert conference["time_zone_name"] == "Asia/Ho_Chi_Minh"
    assert [day["date"] for day in conference["days"]] == ["2025-10-04", "2025-10-25", "2025-10-26"]
    exhibition = next(
        event
        for day in conference["days"]
        for events in day["rooms"].values()
        for event in events
        if event["title"] == "Exhibition"
    )
    assert exhibition["duration"] == "33:00"
    assert exhibition["end"] == at(DAY_2, 18).isoformat()


def test_the_generator_version_is_the_projects():
    pyproject = tomllib.loads((Path(__file__).resolve().parents[3] / "pyproject.toml").read_text())
    assert pyproject["project"]["version"] == VERSION
    assert pyproject["project"]["name"] == NAME


def test_itineraries_carry_the_delegations_signing_appointment(exports_event):
    hall = RoomFactory(venue__event=exports_event, name="Plenary Hall")
    signing = SessionFactory(
        event=exports_event, kind="signing", room=hall, start=at(DAY_2, 9), title="Signing"
    )
    schedule_release(event=exports_event)
    delegation = DelegationFactory(event=exports_event, kind="member_state", country="VN")
    representative = DelegateFactory(delegation=delegation)
    colleague = DelegateFactory(delegation=delegation)
    request = SigningRequestFactory(
        delegation=delegation,
        representative=representative,
        slot_session=signing,
        slot_start=at(DAY_2, 9) + timedelta(minutes=12),
        slot_end=at(DAY_2, 9) + timedelta(minutes=15),
    )

    def itinerary(**who):
        scope = "delegate" if "delegate" in who else "delegation"
        return items_by_title(schedule_for_export(event=exports_event, scope=scope, **who))

    assert "Signing" not in itinerary(delegation=delegation)  # not published yet
    request.slot_published_at = request.slot_start - timedelta(days=5)
    request.save()
    for shown in (itinerary(delegation=delegation), itinerary(delegate=representative)):
        assert shown["Signing"].subtitle == "Signing appointment: 09:12–09:15"
    # The tables too, which have no other place for it.
    table = schedule_for_export(event=exports_event, scope="delegation", delegation=delegation)
    assert "Signing appointment: 09:12–09:15" in csv_.render(table).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(xlsx.render(table))).active
    assert "Signing appointment: 09:12–09:15" in [cell.value for cell in sheet["G"]]
    assert "Signing" not in itinerary(delegate=colleague)
