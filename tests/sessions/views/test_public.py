"""The public programme: pages of the released versions only, for anyone, in any language."""

import gzip
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from sessions.selectors.public import day_grid, public_programme
from sessions.services.release import schedule_release
from tests.factories import (
    DelegateFactory,
    EventFactory,
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SigningRequestFactory,
)
from tests.sessions.support.exports import DAY_1, DAY_2, at

pytestmark = pytest.mark.django_db


def page(client, name, *args, **query):
    response = client.get(reverse(name, args=args), query)
    return response, response.content.decode()


def test_the_front_door_lists_events_with_a_programme(exports_event, released_programme, client):
    EventFactory(slug="unreleased", name="Not yet released")
    response, body = page(client, "public-index")
    assert response.status_code == 200
    assert exports_event.name in body
    assert "Not yet released" not in body


def test_event_home_shows_the_programme_day_by_day(exports_event, released_programme, client):
    response, body = page(client, "public-home", exports_event.slug)
    assert response.status_code == 200
    for title in ("Opening", "Panel", "Side event"):
        assert title in body
    assert reverse("public-day", args=[exports_event.slug, DAY_2.isoformat()]) in body


def test_event_home_before_a_release_says_so(client):
    event = EventFactory(slug="early")
    SessionFactory(event=event, title="Draft panel")
    response, body = page(client, "public-home", event.slug)
    assert response.status_code == 200
    assert "has not been published yet" in body and "Draft panel" not in body
    assert page(client, "public-day", event.slug, DAY_1.isoformat())[0].status_code == 404


def test_only_the_released_programme_is_public(exports_event, released_programme, client):
    """A session placed after the release, or moved, shows as released until the next one."""
    SessionFactory(
        event=exports_event, room=released_programme["small"], start=at(DAY_2, 14), title="Later"
    )
    panel = released_programme["panel"]
    panel.start = at(DAY_1, 15)
    panel.save()
    body = page(client, "public-day", exports_event.slug, DAY_1.isoformat())[1]
    assert ">11:00</time>–12:00" in body and ">15:00<" not in body
    body = page(client, "public-day", exports_event.slug, DAY_2.isoformat())[1]
    assert ">Later<" not in body and ">Side event<" in body
    assert page(client, "public-session", exports_event.slug, "later")[0].status_code == 404


def _cells(body):
    """(rowspan, title) of each session cell, row by row."""
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        re.findall(r'<td rowspan="(\d+)" class="session[^"]*">\s*<a [^>]*>(?:<bdi>)?([^<]+)<', row)
        for row in rows
    ]


def test_the_day_grid_puts_parallel_sessions_side_by_side(exports_event, client):
    hall = RoomFactory(venue__event=exports_event, name="Plenary Hall", capacity=900)
    rooms = [RoomFactory(venue=hall.venue, name=f"Room {n}", capacity=100) for n in (1, 2, 3)]
    for n, room in enumerate(rooms, start=1):
        SessionFactory(
            event=exports_event,
            kind="side_event",
            room=room,
            start=at(DAY_2, 9),
            duration_minutes=60,
            title=f"Side {n}",
        )
    SessionFactory(event=exports_event, room=hall, start=at(DAY_2, 10), title="Plenary")
    schedule_release(event=exports_event)
    response, body = page(client, "public-day", exports_event.slug, DAY_2.isoformat())
    assert response.status_code == 200
    cells = _cells(body)
    assert cells[0] == [("4", "Side 1"), ("4", "Side 2"), ("4", "Side 3")]
    assert cells[4] == [("4", "Plenary")]
    # Columns in the venue's order: the largest hall first.
    headers = re.findall(r'<th scope="col">(?:<bdi>)?([^<]+)<', body)
    assert headers == ["Plenary Hall", "Room 1", "Room 2", "Room 3"]


def test_filters_narrow_the_day_and_a_wrong_value_is_a_field_error(
    exports_event, released_programme, client
):
    body = page(client, "public-day", exports_event.slug, DAY_1.isoformat(), kind="opening")[1]
    assert "Opening" in body and ">Panel<" not in body
    response, body = page(client, "public-day", exports_event.slug, DAY_1.isoformat(), kind="x")
    assert response.status_code == 200
    assert "Select a valid choice" in body
    assert "Opening" in body and "Panel" in body


@pytest.mark.parametrize("day", ["2025-13-01", "2025-10-30", "yesterday"])
def test_unknown_days_events_and_sessions_are_404(exports_event, released_programme, client, day):
    assert page(client, "public-day", exports_event.slug, day)[0].status_code == 404
    assert page(client, "public-home", "no-such-event")[0].status_code == 404
    assert page(client, "public-session", exports_event.slug, "no-such")[0].status_code == 404


def test_a_session_page_with_its_people_and_calendar(exports_event, released_programme, client):
    panel = released_programme["panel"]
    speaker = DelegateFactory(
        delegation__event=exports_event,
        given_name="Wei",
        family_name="Wang",
        name_native="王伟",
        email="wang.wei@private.example",
    )
    SessionRoleFactory(session=panel, delegate=speaker, role="panellist")
    response, body = page(client, "public-session", exports_event.slug, panel.slug)
    assert response.status_code == 200
    assert "Panel" in body and "王伟" in body
    assert reverse("public-person", args=[exports_event.slug, speaker.pk]) in body
    assert "private.example" not in body
    ics = client.get(reverse("public-session-ics", args=[exports_event.slug, panel.slug]))
    assert ics["Content-Disposition"].startswith("attachment;")
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Panel"


def test_the_signing_session_lists_signatories_in_signing_order(exports_event, client):
    hall = RoomFactory(venue__event=exports_event, name="Plenary Hall")
    signing = SessionFactory(
        event=exports_event, kind="signing", room=hall, start=at(DAY_1, 10), title="Signing"
    )
    schedule_release(event=exports_event)
    for order, country in enumerate(("VN", "FR"), start=1):
        SigningRequestFactory(
            delegation__event=exports_event,
            delegation__kind="member_state",
            delegation__country=country,
            signing_order=order,
            signed_at=at(DAY_1, 10) + timedelta(minutes=order),
        )
    SigningRequestFactory(
        delegation__event=exports_event,
        delegation__kind="reio",
        delegation__country="",
        delegation__name="Not yet signed",
    )
    body = page(client, "public-session", exports_event.slug, signing.slug)[1]
    assert body.index("Viet Nam") < body.index("France")
    assert "Not yet signed" not in body


def test_a_person_page_only_for_people_of_the_programme(exports_event, released_programme, client):
    speaker = DelegateFactory(delegation__event=exports_event, family_name="Publicspeaker")
    # Chairs and speakers are read as they stand: a role given after the release shows.
    SessionRoleFactory(session=released_programme["side"], delegate=speaker)
    response, body = page(client, "public-person", exports_event.slug, speaker.pk)
    assert response.status_code == 200 and "Side event" in body
    nobody = DelegateFactory(delegation__event=exports_event)
    assert page(client, "public-person", exports_event.slug, nobody.pk)[0].status_code == 404


def test_the_changelog_and_its_atom_feed(exports_event, released_programme, client):
    panel = released_programme["panel"]
    panel.start = at(DAY_1, 14)
    panel.save()
    released_programme["side"].status = "cancelled"
    released_programme["side"].save()
    schedule_release(event=exports_event, note="Panel after lunch")
    body = page(client, "public-changes", exports_event.slug)[1]
    assert body.index("Version 2") < body.index("Version 1")
    assert "Panel after lunch" in body
    moved = body[body.index("Moved") : body.index("Version 1")]
    assert "25 Oct 11:00" in moved and "25 Oct 14:00" in moved and "Side event" in moved
    feed = client.get(reverse("public-changes-atom", args=[exports_event.slug]))
    assert feed["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.fromstring(feed.content).findall(f"{atom}entry")
    assert [entry.find(f"{atom}title").text for entry in entries] == ["Version 2", "Version 1"]
    assert "1 moved, 1 cancelled" in entries[0].find(f"{atom}summary").text


def test_every_version_at_its_stable_address(exports_event, released_programme, client):
    panel = released_programme["panel"]
    panel.start = at(DAY_1, 14)
    panel.save()
    schedule_release(event=exports_event)

    def feed(version, format_name="json"):
        return client.get(
            reverse("schedule-version-feed", args=[exports_event.slug, version, format_name])
        )

    def panel_start(response):
        days = response.json()["schedule"]["conference"]["days"]
        events = [event for day in days for room in day["rooms"].values() for event in room]
        return next(event["start"] for event in events if event["title"] == "Panel")

    assert panel_start(feed(1)) == "11:00"
    assert panel_start(feed(2)) == "14:00"
    latest = client.get(reverse("schedule-feed-json", args=[exports_event.slug]))
    assert panel_start(latest) == "14:00"
    assert feed(3).status_code == 404
    assert feed(1, "pdf").status_code == 404
    first = feed(1)
    again = client.get(
        reverse("schedule-version-feed", args=[exports_event.slug, 1, "json"]),
        headers={"if-none-match": first["ETag"]},
    )
    assert again.status_code == 304
    xml = client.get(reverse("schedule-feed-xml", args=[exports_event.slug]))
    assert xml.status_code == 200 and b"<schedule" in xml.content


def test_search_finds_sessions_and_people(exports_event, released_programme, client):
    speaker = DelegateFactory(delegation__event=exports_event, family_name="Nguyen")
    SessionRoleFactory(session=released_programme["panel"], delegate=speaker)
    body = page(client, "public-search", exports_event.slug, q="panel")[1]
    panel = released_programme["panel"]
    assert reverse("public-session", args=[exports_event.slug, panel.slug]) in body
    body = page(client, "public-search", exports_event.slug, q="nguyen")[1]
    assert reverse("public-person", args=[exports_event.slug, speaker.pk]) in body
    body = page(client, "public-search", exports_event.slug, q="p")[1]
    assert "at least two characters" in body


def test_pages_in_arabic_right_to_left(exports_event, released_programme, client):
    with translation.override("ar"):
        body = page(client, "public-day", exports_event.slug, DAY_1.isoformat())[1]
    assert '<html lang="ar" dir="rtl">' in body
    assert 'dir="ltr"' in body  # times read left to right inside the page


def test_a_session_of_several_days_is_cut_at_each_day(exports_event):
    hall = RoomFactory(venue__event=exports_event, name="Exhibition Hall")
    room = RoomFactory(venue=hall.venue, name="Room 2")
    SessionFactory(
        event=exports_event,
        room=hall,
        start=at(DAY_1, 9),
        duration_minutes=33 * 60,
        title="Expo",
        pinned=True,
    )
    SessionFactory(event=exports_event, room=room, start=at(DAY_2, 10), title="Workshop")
    schedule_release(event=exports_event)
    programme = public_programme(exports_event)
    rooms, grid = day_grid(programme, DAY_2, programme.on(DAY_2))
    assert rooms == ("Exhibition Hall", "Room 2")
    expo = grid[0].cells[0]
    assert expo.continues_before and not expo.continues_after
    # Shown from the day's opening hour to its own end, the whole of this day's grid.
    assert grid[0].moment.time() == exports_event.day_opens
    assert f"{grid[-1].moment + timedelta(minutes=15):%H:%M}" == "18:00"
    assert expo.rows == len(grid)


def _released(event, sessions):
    hall = RoomFactory(venue__event=event, name="Hall", capacity=5000)
    rooms = [RoomFactory(venue=hall.venue, name=f"Room {n:02d}") for n in range(10)]
    for n in range(sessions):
        speaker = DelegateFactory(delegation__event=event)
        session = SessionFactory(
            event=event,
            room=rooms[n % 10],
            start=at(DAY_1, 8) + timedelta(minutes=15 * (n // 10)),
            duration_minutes=15,
            title=f"Session {n}",
            slug=f"session-{n}",
        )
        SessionRoleFactory(session=session, delegate=speaker)
    schedule_release(event=event)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["public-day", "public-session", "public-home", "public-search"])
def test_queries_per_page_do_not_grow_with_the_programme(client, name):
    counts = []
    for size in (5, 500):
        event = EventFactory(slug=f"size-{size}", start_date=DAY_1, end_date=DAY_1)
        _released(event, size)
        args = {
            "public-day": [event.slug, DAY_1.isoformat()],
            "public-session": [event.slug, "session-1"],
            "public-home": [event.slug],
            "public-search": [event.slug],
        }[name]
        url = reverse(name, args=args) + ("?q=session" if name == "public-search" else "")
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts


def test_each_language_has_its_address_and_an_unknown_one_is_a_404(
    exports_event, released_programme, client, settings
):
    day = DAY_1.isoformat()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("public-day", args=[exports_event.slug, day])
        assert url.startswith(f"/{code}/events/")
        answer = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert answer.status_code == 200 and f'<html lang="{code}"' in answer.content.decode()
        assert answer["Content-Language"] == code
    for unknown in ("xx", "de", "zh"):
        assert client.get(f"/{unknown}/events/{exports_event.slug}/").status_code == 404
    plain = client.get(
        f"/events/{exports_event.slug}/day/{day}/?kind=opening", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert plain.status_code == 302
    assert plain["Location"] == f"/ar/events/{exports_event.slug}/day/{day}/?kind=opening"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")["Location"] == "/zh-hans/"


def test_a_page_is_kept_rendered_until_the_next_release(
    exports_event, released_programme, client, django_assert_num_queries
):
    """The second reader of a page costs no query; a client that has it gets a 304, one that
    accepts gzip gets it compressed; a release shows at once."""
    url = reverse("public-day", args=[exports_event.slug, DAY_1.isoformat()])
    first = client.get(url)
    assert first.status_code == 200 and ">11:00</time>–12:00" in first.content.decode()
    assert first["Cache-Control"] == "public, max-age=60"
    # The same page for every reader: no form token, no cookie set (Vary: Cookie stays, for
    # the rate that counts signed-in readers per account; anonymous readers share a copy).
    assert not first.cookies and "csrfmiddlewaretoken" not in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == first.content
    filtered = client.get(url, {"kind": "opening"}).content.decode()
    assert ">Panel<" not in filtered and "Panel" in first.content.decode()
    panel = released_programme["panel"]
    panel.start = at(DAY_1, 15)
    panel.save()
    schedule_release(event=exports_event)
    after = client.get(url).content.decode()
    assert ">15:00</time>–16:00" in after and ">11:00</time>–12:00" not in after


def test_a_page_that_is_not_found_is_not_kept(exports_event, released_programme, client):
    url = reverse("public-session", args=[exports_event.slug, "later"])
    assert client.get(url).status_code == 404
    SessionFactory(
        event=exports_event, room=released_programme["small"], start=at(DAY_2, 14), slug="later"
    )
    schedule_release(event=exports_event)
    assert client.get(url).status_code == 200
