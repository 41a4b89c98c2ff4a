"""Seating in the API: a focal point reads only its own delegation's seats, once published;
the order itself is public once published; drawing and seating need the organisers' right and
answer bad input with a 400 that writes nothing."""

import pytest
from django.urls import reverse

from ceremony.models import SeatingDraw, SeatingPlan
from ceremony.services.seating import seating_draw, seating_draw_publish, seating_plan_build
from tests.ceremony.support.seating import hall, state
from tests.clients import api_client
from tests.factories import EventFactory, FocalPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    event = EventFactory()
    viet_nam = state(event, "VN", "Viet Nam", accredited=2)
    brazil = state(event, "BR", "Brazil")
    draw = seating_draw(event=event, seed=3)
    plan = seating_plan_build(room=hall(event), rows=6, seats_per_row=4)
    return event, viet_nam, brazil, draw, plan


def test_a_focal_point_sees_only_its_own_seats_once_published(seated):
    event, viet_nam, brazil, draw, _plan = seated
    client = api_client(FocalPointFactory(delegation=viet_nam).user)
    assert client.get(reverse("seat-list")).json()["results"] == []
    seating_draw_publish(draw=draw)
    results = client.get(reverse("seat-list")).json()["results"]
    assert [row["delegation"] for row in results] == [viet_nam.pk]
    assert len(results[0]["heads"]) == 1 and len(results[0]["behind"]) == 1
    other = brazil.seat_assignments.get()
    assert client.get(reverse("seat-detail", args=[other.pk])).status_code == 404


def test_organisers_see_every_seat(seated, organiser):
    results = api_client(organiser).get(reverse("seat-list")).json()["results"]
    assert len(results) == 2


def test_the_order_is_public_once_published(seated):
    event, _viet_nam, _brazil, draw, _plan = seated
    url = reverse("event-seating", args=[event.pk])
    assert api_client().get(url).json() == []
    seating_draw_publish(draw=draw)
    body = api_client().get(url).json()
    assert {row["delegation"] for row in body} == {"Viet Nam", "Brazil"}


def test_organisers_draw_and_seat_by_the_api(seated, organiser):
    event = seated[0]
    client = api_client(organiser)
    answer = client.post(reverse("event-seating-draw", args=[event.pk]), {"seed": 3}, format="json")
    assert answer.status_code == 201
    assert answer.json()["drawn_name"] == seated[3].drawn_name
    room = hall(event, name="Signing Hall")
    answer = client.post(
        reverse("event-seating-plan", args=[event.pk]),
        {"room": room.pk, "rows": 3, "seats_per_row": 2},
        format="json",
    )
    assert answer.status_code == 201
    assert answer.json()["seated"] == 2


def test_a_hall_too_small_is_a_400_and_writes_nothing(seated, organiser):
    event = seated[0]
    room = hall(event, name="Small room")
    answer = api_client(organiser).post(
        reverse("event-seating-plan", args=[event.pk]),
        {"room": room.pk, "rows": 2, "seats_per_row": 1},
        format="json",
    )
    assert answer.status_code == 400
    assert "seats are missing" in str(answer.json()["rows"])
    assert not SeatingPlan.objects.filter(room=room).exists()


@pytest.mark.parametrize(
    "data",
    [{"seed": -1}, {"seed": "x"}],
)
def test_a_bad_seed_is_a_400(seated, organiser, data):
    event = seated[0]
    answer = api_client(organiser).post(
        reverse("event-seating-draw", args=[event.pk]), data, format="json"
    )
    assert answer.status_code == 400
    assert "seed" in answer.json()
    assert SeatingDraw.objects.filter(event=event).count() == 1


def test_another_events_room_is_a_400(seated, organiser):
    event = seated[0]
    elsewhere = hall(EventFactory())
    answer = api_client(organiser).post(
        reverse("event-seating-plan", args=[event.pk]),
        {"room": elsewhere.pk, "rows": 10, "seats_per_row": 10},
        format="json",
    )
    assert answer.status_code == 400
    assert "room" in answer.json()


def test_a_focal_point_may_not_draw(seated):
    event, viet_nam = seated[0], seated[1]
    client = api_client(FocalPointFactory(delegation=viet_nam).user)
    answer = client.post(reverse("event-seating-draw", args=[event.pk]), {}, format="json")
    assert answer.status_code == 403
    assert SeatingDraw.objects.filter(event=event).count() == 1
