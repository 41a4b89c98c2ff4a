"""The ordered list of speakers costs the same queries at 5 and 200 entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
