"""The interpreters an event has in each language, and the booth teams they make: edited on the
event's admin page, refused by their field when they cannot staff a team."""

from collections import defaultdict

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ceremony.models import InterpreterPool
from tests.factories import EventFactory, InterpreterPoolFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "interpreters", "size", "teams"),
    [("ar", 9, 3, 3), ("zh-hans", 8, 3, 2), ("en", 9, 2, 4), ("vi", 0, 2, 0)],
)
def test_booth_teams_are_whole_teams_of_the_languages_size(language, interpreters, size, teams):
    pool = InterpreterPool(event=EventFactory(), language=language, interpreters=interpreters)
    pool.full_clean()
    pool.save()
    assert (pool.team_size, pool.teams) == (size, teams)
    assert pool.by_relay == (language == "vi")


def test_fewer_interpreters_than_a_team_is_an_error_by_the_field():
    pool = InterpreterPool(event=EventFactory(), language="ar", interpreters=2)
    with pytest.raises(ValidationError) as refused:
        pool.full_clean()
    assert "needs 3 interpreters" in " ".join(refused.value.message_dict["interpreters"])


def event_form(client, event):
    """The event's admin form as the browser would send it back unchanged."""
    page = client.get(reverse("admin:ceremony_event_change", args=[event.pk]))
    assert page.status_code == 200
    form = lxml.html.fromstring(page.content).get_element_by_id("event_form")
    data = defaultdict(list)
    for name, value in form.form_values():
        data[name].append(value)
    return data


def pools_added(data, *rows):
    data["interpreter_pools-TOTAL_FORMS"] = [str(len(rows))]
    for index, (language, interpreters, size) in enumerate(rows):
        data[f"interpreter_pools-{index}-language"] = [language]
        data[f"interpreter_pools-{index}-interpreters"] = [str(interpreters)]
        data[f"interpreter_pools-{index}-team_size"] = [str(size)]
    return data


def test_the_event_page_saves_its_interpreters(organiser_client):
    event = EventFactory()
    data = pools_added(event_form(organiser_client, event), ("ar", 9, ""), ("vi", 4, 2))
    answer = organiser_client.post(reverse("admin:ceremony_event_change", args=[event.pk]), data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    stored = {pool.language: (pool.team_size, pool.teams) for pool in event.interpreter_pools.all()}
    assert stored == {"ar": (3, 3), "vi": (2, 2)}


@pytest.mark.parametrize(
    ("rows", "field", "words"),
    [
        ([("ar", 2, "")], "interpreters", "needs 3 interpreters"),
        ([("en", 4, 0)], "team_size", "greater than or equal to 1"),
        ([("en", 4, 2), ("en", 6, 2)], None, "Please correct the duplicate data for language"),
    ],
)
def test_bad_interpreters_are_refused_by_their_field(organiser_client, rows, field, words):
    event = EventFactory()
    data = pools_added(event_form(organiser_client, event), *rows)
    answer = organiser_client.post(reverse("admin:ceremony_event_change", args=[event.pk]), data)
    assert answer.status_code == 200
    (formset,) = [
        inline.formset
        for inline in answer.context["inline_admin_formsets"]
        if inline.formset.prefix == "interpreter_pools"
    ]
    if field is None:
        assert words in " ".join(formset.non_form_errors())
    else:
        assert words in " ".join(formset.forms[0].errors[field])
    assert not InterpreterPool.objects.filter(event=event).exists()


def test_the_event_page_costs_the_same_with_every_language(organiser_client):
    event = EventFactory()
    url = reverse("admin:ceremony_event_change", args=[event.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(url).status_code == 200
        return len(captured)

    InterpreterPoolFactory(event=event, language="en")
    with_one = queries()
    for language in ("ar", "zh-hans", "fr", "ru", "es", "vi"):
        InterpreterPoolFactory(event=event, language=language, interpreters=6, team_size=3)
    assert queries() == with_one


def test_the_pools_own_page_names_only_the_missing_language(organiser_client):
    event = EventFactory()
    answer = organiser_client.post(
        reverse("admin:ceremony_interpreterpool_add"),
        {"event": event.pk, "language": "", "interpreters": 4, "team_size": ""},
    )
    assert answer.status_code == 200
    assert set(answer.context["adminform"].form.errors) == {"language"}
    assert not InterpreterPool.objects.exists()
