"""Reads of the release outbox: who a release concerns, in one query; titles as released."""

import pytest

from sessions.selectors.notifications import release_people_concerned, session_titles
from sessions.selectors.timetabling import session_key
from sessions.services.release import schedule_release
from tests.factories import SessionRegistrationFactory, SessionRoleFactory
from tests.sessions.support.notifications import at


@pytest.mark.parametrize("extra", [0, 60])
def test_the_people_concerned_are_found_in_one_query_whatever_their_number(
    outbox_programme, django_assert_num_queries, extra
):
    panel = outbox_programme.panel
    for _n in range(extra // 2):
        SessionRegistrationFactory(session=panel, delegate__delegation__event=panel.event)
        SessionRoleFactory(session=outbox_programme.side, delegate__delegation__event=panel.event)
    outbox_programme.side.status = "cancelled"
    outbox_programme.side.save()
    panel.start = at(12)
    panel.save()
    release = schedule_release(event=outbox_programme.event)
    with django_assert_num_queries(1):
        people = release_people_concerned(release)
    assert len(people) == 4 + extra


def test_session_titles_are_the_titles_as_released(released_again):
    panel = released_again.panel
    panel.title = "Renamed after the release"
    panel.save()
    keys = [session_key(panel.pk), session_key(released_again.side.pk)]
    assert session_titles(release=released_again.second, keys=keys) == {
        keys[0]: "Cybercrime panel",
        keys[1]: "Ransomware side event",
    }
