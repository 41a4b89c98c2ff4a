"""The ordered list of speakers costs the same queries at 5 and 200 entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ceremony.selectors.cockpit import cockpit
from sessions.selectors.speakers import speakers_in_order
from tests import factories
from tests.sessions.support.speakers import plenary_list

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [5, 200])
def test_order_in_one_query(count):
    plenary = plenary_list()
    factories.SpeakerEntryFactory.create_batch(count, speakers_list=plenary.speakers_list)
    lst = plenary.speakers_list
    with CaptureQueriesContext(connection) as queries:
        ordered = speakers_in_order(lst)
        [(e.delegation.name, e.speaker) for e in ordered]
    assert len(ordered) == count
    assert len(queries) == 1


def test_the_cockpit_counts_open_lists_and_statements_awaiting():
    plenary = plenary_list()
    factories.SpeakerEntryFactory.create_batch(3, speakers_list=plenary.speakers_list)
    factories.SpeakerEntryFactory(speakers_list=plenary.speakers_list, status="withdrawn")
    programme = cockpit(plenary.event)["programme"]
    assert programme["speakers_lists_open"] == 1
    assert programme["speakers_inscribed"] == 3
    assert programme["statements_awaiting"] == 3
