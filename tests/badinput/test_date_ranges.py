"""The admin's date range filters: a range filters the rows; a range that ends before it
starts, or a date that is not one, filters nothing and says why (a message, never a 500)."""

from datetime import date

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("admin:ceremony_treatydeposit_changelist")


@pytest.fixture
def deposits():
    early = factories.TreatyDepositFactory(deposited_on=date(2025, 10, 25))
    late = factories.TreatyDepositFactory(deposited_on=date(2025, 11, 20))
    return early, late


def shown(response):
    return {row.pk for row in response.context["cl"].result_list}


def test_a_range_filters_the_rows(organiser_client, deposits):
    early, late = deposits
    response = organiser_client.get(
        URL, {"deposited_on__from": "2025-10-01", "deposited_on__to": "2025-10-31"}
    )
    assert response.status_code == 200
    assert shown(response) == {early.pk}


def test_the_end_day_is_in_the_range_and_either_end_may_be_open(organiser_client, deposits):
    early, late = deposits
    assert shown(organiser_client.get(URL, {"deposited_on__to": "2025-10-25"})) == {early.pk}
    assert shown(organiser_client.get(URL, {"deposited_on__from": "2025-10-26"})) == {late.pk}


def test_a_moment_is_in_the_range_of_its_day_in_the_event_time(organiser_client):
    check_in = factories.CheckInFactory()
    day = check_in.event.local(check_in.scanned_at).date().isoformat()
    url = reverse("admin:programme_checkin_changelist")
    assert shown(organiser_client.get(url, {"scanned_at__from": day, "scanned_at__to": day})) == {
        check_in.pk
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"deposited_on__from": "2025-11-30", "deposited_on__to": "2025-10-01"}, "starts after"),
        ({"deposited_on__from": "yesterday"}, "valid date"),
        ({"deposited_on__to": "0001-01-01"}, "Give a date between"),
        ({"deposited_on__from": "2025-13-45"}, "valid date"),
        ({"deposited_on__from": "\x00"}, ""),
    ],
)
def test_bad_input_is_a_message_and_filters_nothing(organiser_client, deposits, query, message):
    response = organiser_client.get(URL, query)
    assert response.status_code == 200
    said = [str(note) for note in response.context["messages"]]
    assert said and message in said[0]
    assert shown(response) == {deposit.pk for deposit in deposits}


def test_the_form_keeps_the_other_filters_and_offers_no_date(organiser_client, deposits):
    url = reverse("admin:delegations_badge_changelist")
    page = organiser_client.get(url, {"q": "x", "revoked_at__isnull": "True"}).content.decode()
    assert '<input type="hidden" name="q" value="x">' in page
    assert 'type="date"' in page and "No date" in page


def test_a_range_with_the_counts_shown_answers(organiser_client, deposits):
    response = organiser_client.get(URL, {"_facets": "True", "deposited_on__from": "2025-10-01"})
    assert response.status_code == 200 and len(shown(response)) == 2
    said = [str(note) for note in response.context["messages"]]
    assert said == []
