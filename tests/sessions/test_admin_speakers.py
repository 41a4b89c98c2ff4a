"""The speaking order in the admin: the list in UN order, the secretariat's changes with a
reason, a refusal by its field that changes nothing, queries that do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions.enums import SpeakerStatus
from sessions.models import SpeakerEntry, SpeakersList
from tests import factories
from tests.sessions.support.speakers import at, plenary_list

pytestmark = pytest.mark.django_db


def order_url(speakers_list):
    return reverse("admin:programme_speakerslist_order", args=[speakers_list.pk])


def test_the_order_page_lists_speakers_in_un_order(organiser_client):
    plenary = plenary_list()
    lst = plenary.speakers_list
    factories.SpeakerEntryFactory(
        speakers_list=lst,
        delegation=plenary.delegation("Chile"),
        level="minister",
        inscribed_at=at(1),
    )
    factories.SpeakerEntryFactory(
        speakers_list=lst,
        delegation=plenary.delegation("Peru"),
        level="head_of_state",
        inscribed_at=at(2),
    )
    page = organiser_client.get(order_url(lst)).content.decode()
    page = page.split('id="speaking-order"')[1]
    assert page.index("Peru") < page.index("Chile")
    change = organiser_client.get(reverse("admin:programme_speakerslist_change", args=[lst.pk]))
    assert order_url(lst) in change.content.decode()


def test_the_secretariat_moves_and_withdraws_with_a_reason(organiser_client):
    plenary = plenary_list()
    lst = plenary.speakers_list
    first, second = (
        factories.SpeakerEntryFactory(speakers_list=lst, inscribed_at=at(minute))
        for minute in (1, 2)
    )
    answer = organiser_client.post(
        order_url(lst), {"entry": second.pk, "action": "move", "position": 1, "reason": "Flight"}
    )
    assert answer.status_code == 302
    second.refresh_from_db()
    assert second.position == 1
    organiser_client.post(
        order_url(lst), {"entry": first.pk, "action": "withdraw", "reason": "Ill"}
    )
    first.refresh_from_db()
    assert first.status == SpeakerStatus.WITHDRAWN
    assert first.history.first().history_change_reason == "Ill"


def test_a_refused_change_shows_by_its_field_and_changes_nothing(organiser_client):
    plenary = plenary_list()
    lst = plenary.speakers_list
    one = factories.SpeakerEntryFactory(speakers_list=lst)
    two = factories.SpeakerEntryFactory(speakers_list=lst)
    before = list(SpeakerEntry.objects.order_by("pk").values())
    answer = organiser_client.post(
        order_url(lst), {"entry": one.pk, "action": "merge", "other": two.pk, "reason": "x"}
    )
    assert answer.status_code == 200
    assert "Only entries of one delegation can be merged." in answer.content.decode()
    answer = organiser_client.post(
        order_url(lst), {"entry": one.pk, "action": "move", "position": 9, "reason": "x"}
    )
    assert "Give a place from 1 to 2." in answer.content.decode()
    assert list(SpeakerEntry.objects.order_by("pk").values()) == before


def test_adding_a_list_for_a_side_event_is_refused(organiser_client):
    side_event = factories.SessionFactory(kind="side_event")
    answer = organiser_client.post(
        reverse("admin:programme_speakerslist_add"),
        {"session": side_event.pk, "is_open": "on", "minutes_per_statement": 5},
    )
    assert answer.status_code == 200
    assert not SpeakersList.objects.exists()


def test_the_order_page_costs_the_same_queries_at_5_and_200_entries(organiser_client):
    plenary = plenary_list()

    def queries_for_page():
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(order_url(plenary.speakers_list)).status_code == 200
        return len(queries)

    factories.SpeakerEntryFactory.create_batch(5, speakers_list=plenary.speakers_list)
    at_five = queries_for_page()
    factories.SpeakerEntryFactory.create_batch(195, speakers_list=plenary.speakers_list)
    assert queries_for_page() == at_five
