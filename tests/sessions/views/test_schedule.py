"""The schedule editor's pages in the admin: the grid of a day with its tabs and side list, and
moves answered in JSON for the script or as messages for a plain form."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions.models import Session
from tests.factories import SessionFactory, UserFactory
from tests.sessions.support.timetabling import DAY, at, movable

pytestmark = pytest.mark.django_db


def _move(client, event, session, room, start, **more):
    return client.post(
        reverse("admin:ceremony_event_schedule_move", args=[event.pk]),
        {"session": session.pk, "room": room.pk, "start": start, **more},
        HTTP_ACCEPT="application/json",
    )


def test_the_grid_page(organiser_client, timetable_event, timetable_rooms):
    talk = SessionFactory(
        event=timetable_event, room=timetable_rooms["hall"], start=at(10), title="Opening talk"
    )
    waiting = movable(timetable_event, title="Side event waiting")
    url = reverse("admin:ceremony_event_schedule", args=[timetable_event.pk])
    response = organiser_client.get(url, {"day": DAY.isoformat()})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="sg-block-{talk.pk}"' in page
    assert "sg-r-13 sg-s-12" in page
    assert "Side event waiting" in page
    assert reverse("admin:programme_session_change", args=[waiting.pk]) in page
    assert 'data-move-url="' in page
    assert 'id="nav-sidebar"' not in page, "the grid takes the width of the admin's model list"
    assert "style=" not in page.split('id="content"')[1]
    change = organiser_client.get(reverse("admin:ceremony_event_change", args=[timetable_event.pk]))
    assert url in change.content.decode()


def test_the_page_queries_stay_constant(organiser_client, timetable_event, timetable_rooms):
    url = reverse("admin:ceremony_event_schedule", args=[timetable_event.pk])
    counts = []
    for hours in (range(9, 11), range(11, 17)):
        for hour in hours:
            for room in timetable_rooms.values():
                SessionFactory(event=timetable_event, room=room, start=at(hour))
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_a_day_not_of_the_event_shows_the_first(organiser_client, timetable_event):
    url = reverse("admin:ceremony_event_schedule", args=[timetable_event.pk])
    assert organiser_client.get(url, {"day": "1999-01-01"}).status_code == 200
    assert organiser_client.get(url, {"day": "nonsense"}).status_code == 200


def test_a_move_saved_answers_the_block(organiser_client, timetable_event, timetable_rooms):
    talk = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(10))
    response = _move(
        organiser_client,
        timetable_event,
        talk,
        timetable_rooms["small"],
        "2025-10-25T11:00",
        duration_minutes=45,
        grid_opens="2025-10-25T09:00",
        grid_rows=108,
    )
    assert response.status_code == 200, response.content
    answer = json.loads(response.content)
    assert answer["ok"] and answer["errors"] == []
    assert "sg-r-25 sg-s-9" in answer["html"]
    talk.refresh_from_db()
    assert (talk.room, talk.start, talk.duration_minutes) == (timetable_rooms["small"], at(11), 45)


def test_a_move_refused_changes_nothing(organiser_client, timetable_event, timetable_rooms):
    hall = timetable_rooms["hall"]
    SessionFactory(event=timetable_event, room=hall, start=at(10), title="Plenary")
    talk = SessionFactory(event=timetable_event, room=timetable_rooms["small"], start=at(14))
    response = _move(organiser_client, timetable_event, talk, hall, "2025-10-25T10:30")
    assert response.status_code == 400
    (reason,) = json.loads(response.content)["errors"]
    assert "Plenary" in reason
    talk.refresh_from_db()
    assert (talk.room, talk.start) == (timetable_rooms["small"], at(14))


@pytest.mark.parametrize(
    "start", ["", "tomorrow", "2025-10-25T10:03", "2025-10-25T25:00", "9" * 300]
)
def test_bad_input_is_a_400_with_the_field(
    organiser_client, timetable_event, timetable_rooms, start
):
    talk = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(10))
    response = _move(organiser_client, timetable_event, talk, timetable_rooms["small"], start)
    assert response.status_code == 400
    assert "start" in json.loads(response.content)["fields"]
    assert Session.objects.get(pk=talk.pk).room == timetable_rooms["hall"]


def test_a_session_of_another_event_is_refused(organiser_client, timetable_event, timetable_rooms):
    stranger = SessionFactory(start=at(10))
    response = _move(
        organiser_client, timetable_event, stranger, timetable_rooms["small"], "2025-10-25T11:00"
    )
    assert response.status_code == 400
    assert "session" in json.loads(response.content)["fields"]


def test_without_javascript_the_move_comes_back_with_a_message(
    organiser_client, timetable_event, timetable_rooms
):
    talk = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(10))
    response = organiser_client.post(
        reverse("admin:ceremony_event_schedule_move", args=[timetable_event.pk]),
        {"session": talk.pk, "room": timetable_rooms["small"].pk, "start": "2025-10-25T11:00"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("?day=2025-10-25")
    assert "Moved." in response.content.decode()


def test_staff_who_may_only_look_cannot_move(client, timetable_event, timetable_rooms):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(*_permissions("view_event", "view_session"))
    client.force_login(viewer)
    page = client.get(reverse("admin:ceremony_event_schedule", args=[timetable_event.pk]))
    assert page.status_code == 200 and b"data-move-url" not in page.content
    talk = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(10))
    response = _move(client, timetable_event, talk, timetable_rooms["small"], "2025-10-25T11:00")
    assert response.status_code == 404
    talk.refresh_from_db()
    assert talk.room == timetable_rooms["hall"]


def _permissions(*codenames):
    return Permission.objects.filter(codename__in=codenames)
