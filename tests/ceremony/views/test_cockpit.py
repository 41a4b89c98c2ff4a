"""The admin's home: the cockpit of the current event for organisers, other events a choice
away, Django's list of models kept, the same queries at 5 and 500 rows, and who may see it."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremony.enums import FullPowersStatus
from delegations.enums import AccreditationStatus
from tests import factories

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


@pytest.fixture
def event():
    today = timezone.now().date()
    return factories.EventFactory(
        acronym="NOW", start_date=today, end_date=today + timedelta(days=1)
    )


def test_the_admin_home_is_the_cockpit_of_the_event_under_way(organiser_client, event):
    factories.EventFactory(acronym="OLD", start_date=date(2020, 1, 1), end_date=date(2020, 1, 2))
    factories.DelegateFactory.create_batch(
        2, delegation__event=event, accreditation_status=AccreditationStatus.SUBMITTED
    )
    page = organiser_client.get(HOME)
    assert page.status_code == 200
    assert page.context["event"] == event
    assert [step["title"] for step in page.context["steps"]] == [
        "Registration window",
        "Accreditation",
        "Programme",
        "Releases",
        "Signing",
        "Attendance",
    ]
    html = page.content.decode()
    assert "Cockpit: NOW" in html
    assert reverse("admin:ceremony_event_dashboard", args=[event.pk]) in html
    # Django's list of every model stays below it.
    assert 'id="all-models"' in html
    assert reverse("admin:delegations_delegate_changelist") in html
    assert reverse("admin:programme_session_changelist") in html


def test_each_attention_item_links_to_its_filtered_list(organiser_client, event):
    factories.DelegateFactory.create_batch(
        2, delegation__event=event, accreditation_status=AccreditationStatus.SUBMITTED
    )
    factories.SigningRequestFactory(
        event=event, level="minister", full_powers_status=FullPowersStatus.AWAITING
    )
    page = organiser_client.get(HOME)
    items = {str(item["label"]): item for item in page.context["attention"]}
    awaiting = items["Delegates awaiting accreditation"]
    assert awaiting["count"] == 2
    listed = organiser_client.get(awaiting["url"])
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 2
    powers = items["Full powers to verify"]
    assert powers["count"] == 1
    assert organiser_client.get(powers["url"]).context["cl"].result_count == 1
    assert "Full powers to verify" in page.content.decode()


def test_every_link_of_the_cockpit_answers(organiser_client, event):
    factories.ScheduleReleaseFactory(event=event)
    page = organiser_client.get(HOME)
    urls = [link["url"] for step in page.context["steps"] for link in step["links"]]
    assert len(urls) >= 12
    for url in urls:
        answer = organiser_client.get(url)
        assert answer.status_code == 200, url
        assert "?e=" not in answer.get("Location", ""), url


def test_another_event_is_one_choice_away(organiser_client, event):
    other = factories.EventFactory(
        acronym="NEXT", start_date=date(2030, 5, 1), end_date=date(2030, 5, 2)
    )
    page = organiser_client.get(HOME, {"event": other.pk})
    assert page.context["event"] == other
    html = page.content.decode()
    assert "Cockpit: NEXT" in html
    assert f'<option value="{event.pk}">' in html
    assert f'<option value="{other.pk}" selected>' in html


@pytest.mark.parametrize("wanted", ["999999", "abc", ""])
def test_an_event_that_does_not_exist_is_not_found(organiser_client, event, wanted):
    assert organiser_client.get(HOME, {"event": wanted}).status_code == 404


def test_without_events_the_home_is_the_list_of_models(organiser_client):
    page = organiser_client.get(HOME)
    assert page.status_code == 200
    assert "steps" not in page.context
    assert reverse("admin:ceremony_event_changelist") in page.content.decode()


def test_staff_who_may_not_view_events_see_the_list_of_models_only(client, event):
    door = factories.UserFactory(username="door", is_staff=True)
    door.user_permissions.add(Permission.objects.get(codename="view_checkin"))
    client.force_login(door)
    page = client.get(HOME)
    assert page.status_code == 200
    assert "steps" not in page.context
    assert "Cockpit" not in page.content.decode()
    assert reverse("admin:programme_checkin_changelist") in page.content.decode()


def test_links_to_lists_the_user_may_not_view_are_left_out(client, event):
    officer = factories.UserFactory(username="officer", is_staff=True)
    officer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_event", "view_signingrequest"])
    )
    client.force_login(officer)
    page = client.get(HOME)
    urls = [link["url"] for step in page.context["steps"] for link in step["links"]]
    assert urls
    assert not any("/delegations/" in url for url in urls)
    assert any("/ceremony/signingrequest/" in url for url in urls)


def test_anonymous_and_non_staff_are_sent_to_sign_in(client, event):
    answer = client.get(HOME)
    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('admin:login')}?next={HOME}"
    client.force_login(factories.UserFactory(username="focal"))
    assert client.get(HOME).status_code == 302


def _rows(event, n):
    room = factories.RoomFactory(venue__event=event)
    delegation = factories.DelegationFactory(event=event)
    factories.DelegateFactory.create_batch(
        n, delegation=delegation, accreditation_status=AccreditationStatus.SUBMITTED
    )
    factories.SessionFactory.create_batch(n, event=event, room=room)
    factories.SigningRequestFactory.create_batch(
        n, event=event, level="minister", full_powers_status=FullPowersStatus.AWAITING
    )
    factories.EventFactory.create_batch(n)


def _queries(client, n):
    event = factories.EventFactory(start_date=date(2040, 1, 1), end_date=date(2040, 1, 2))
    _rows(event, n)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(HOME, {"event": event.pk})
    assert page.status_code == 200
    return len(queries)


def test_the_home_costs_the_same_queries_at_5_and_500_rows(organiser_client):
    small = _queries(organiser_client, 5)
    assert _queries(organiser_client, 500) == small


def test_the_programmes_actions_run_from_their_buttons(organiser_client, event):
    """Propose, check and release are buttons on the cockpit, not an action list to find: each
    posts the events' list action on this event; the release still asks for its note first."""
    from sessions.models import ScheduleProposal

    page = organiser_client.get(HOME)
    (programme,) = [step for step in page.context["steps"] if step["actions"]]
    actions = {action["action"]: action for action in programme["actions"]}
    assert set(actions) == {"timetable_propose", "programme_check", "programme_release"}
    assert f'name="_selected_action" value="{event.pk}"' in page.content.decode()
    post = {"action": "programme_release", "_selected_action": event.pk}
    asked = organiser_client.post(actions["programme_release"]["url"], post)
    assert asked.status_code == 200 and "note" in asked.content.decode()
    post = {"action": "timetable_propose", "_selected_action": event.pk}
    organiser_client.post(actions["timetable_propose"]["url"], post)
    assert ScheduleProposal.objects.filter(event=event).count() == 1


def test_staff_who_may_not_change_events_get_no_action_buttons(client, event):
    user = factories.UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(user)
    page = client.get(HOME)
    assert all(not step["actions"] for step in page.context["steps"])
