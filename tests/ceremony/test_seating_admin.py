"""The event's seating page in the admin: the draw with its confirmation, a hall seated from
the form (a hall too small refused by the field), the grid, and the PDFs it downloads."""

import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ceremony.models import SeatingDraw, SeatingPlan
from ceremony.services.seating import seating_draw, seating_plan_build
from tests.ceremony.support.seating import hall, organisation, state
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory()
    state(event, "VN", "Viet Nam", accredited=3)
    state(event, "RU", "Russian Federation")
    state(event, "CN", "China")
    state(event, "SA", "Saudi Arabia")
    organisation(event, "United Nations Environment Programme", "UNEP")
    return event


def page(event):
    return reverse("admin:ceremony_event_seating", args=[event.pk])


def pdf_text(pdf, tmp_path):
    path = tmp_path / "seating.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_a_draw_needs_its_confirmation(organiser_client, event):
    answer = organiser_client.post(page(event), {"action": "draw"})
    assert answer.status_code == 200
    assert "This field is required" in answer.content.decode()
    assert not SeatingDraw.objects.exists()
    answer = organiser_client.post(
        page(event), {"action": "draw", "draw-confirm": "on", "draw-seed": "42"}
    )
    assert answer.status_code == 302
    draw = SeatingDraw.objects.get()
    assert draw.seed == 42
    assert draw.drawn_by.username == "organiser"
    html = organiser_client.get(page(event)).content.decode()
    assert draw.drawn_name.replace("'", "&#x27;") in html and "42" in html


def test_a_hall_is_seated_from_the_form_and_shown_as_a_grid(organiser_client, event):
    seating_draw(event=event, seed=1)
    room = hall(event)
    answer = organiser_client.post(
        page(event),
        {
            "action": "plan",
            "plan-room": room.pk,
            "plan-rows": 6,
            "plan-seats_per_row": 4,
            "plan-heads_row_seats": 1,
            "plan-seats_behind": 2,
        },
    )
    assert answer.status_code == 302
    assert SeatingPlan.objects.get(room=room).assignments.count() == 5
    html = organiser_client.get(page(event)).content.decode()
    assert 'class="seat seat-member_states seat-head"' in html
    assert "style=" not in html.split('id="content"')[1]


def test_a_hall_too_small_is_refused_by_the_field(organiser_client, event):
    seating_draw(event=event, seed=1)
    room = hall(event)
    answer = organiser_client.post(
        page(event),
        {
            "action": "plan",
            "plan-room": room.pk,
            "plan-rows": 2,
            "plan-seats_per_row": 2,
            "plan-heads_row_seats": 1,
            "plan-seats_behind": 2,
        },
    )
    assert answer.status_code == 200
    assert "seats are missing" in answer.content.decode()
    assert not SeatingPlan.objects.exists()


def test_the_page_costs_the_same_however_many_delegations(organiser_client, event):
    seating_draw(event=event, seed=1)
    seating_plan_build(room=hall(event), rows=20, seats_per_row=20)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(page(event)).status_code == 200
        return len(captured)

    few = queries()
    for n in range(40):
        organisation(event, f"Organisation {n}", f"ORG{n}")
    seating_plan_build(room=SeatingPlan.objects.get().room, rows=20, seats_per_row=20)
    assert queries() == few


@pytest.mark.pdf_tools
def test_the_floor_plan_and_name_plates_print(organiser_client, event, tmp_path):
    seating_draw(event=event, seed=1)
    plan = seating_plan_build(room=hall(event), rows=6, seats_per_row=4)
    floor = organiser_client.get(
        reverse("admin:ceremony_event_seating_print", args=[event.pk, plan.pk, "floor-plan"])
    )
    assert floor.status_code == 200 and floor["Content-Type"] == "application/pdf"
    text = pdf_text(floor.content, tmp_path)
    assert "Russian Federation" in text and "UNEP" in text and "Podium" in text
    with translation.override("ru"):
        plates = organiser_client.get(
            reverse("admin:ceremony_event_seating_print", args=[event.pk, plan.pk, "name-plates"]),
            HTTP_ACCEPT_LANGUAGE="ru",
        )
    assert plates.status_code == 200
    text = pdf_text(plates.content, tmp_path)
    assert "Saudi Arabia" in text and "United Nations Environment Programme" in text
    assert "Саудовская Аравия" in text  # the name in the reader's language, in its script
    assert text.count("\f") >= 5  # a sheet per delegation


def test_a_plan_of_another_event_is_not_printed(organiser_client, event):
    other = EventFactory()
    state(other, "FR", "France")
    seating_draw(event=other, seed=1)
    plan = seating_plan_build(room=hall(other), rows=3, seats_per_row=3)
    answer = organiser_client.get(
        reverse("admin:ceremony_event_seating_print", args=[event.pk, plan.pk, "floor-plan"])
    )
    assert answer.status_code == 404
