"""The public feeds: cached by release and language, compressed, revalidated, never stale."""

import gzip
import json
from datetime import timedelta

from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import translation

from sessions.selectors.feeds import feed_key
from sessions.services.release import schedule_release


def release_with_a_move(event, programme):
    """A new release: the panel moved an hour (a release with no change is refused)."""
    programme["panel"].start += timedelta(hours=1)
    programme["panel"].save()
    return schedule_release(event=event)


def test_public_feeds_are_cached_by_release(exports_event, released_programme, client):
    url = reverse("schedule-feed-ics", args=[exports_event.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "max-age" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    release_with_a_move(exports_event, released_programme)
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200
    feed = client.get(reverse("schedule-feed-json", args=[exports_event.slug])).json()
    assert feed["schedule"]["version"] == "2"


def test_feed_before_any_release_is_404(exports_event, client):
    assert client.get(reverse("schedule-feed-ics", args=[exports_event.slug])).status_code == 404


def test_public_feed_is_rendered_once_per_release(
    exports_event, released_programme, client, django_assert_num_queries
):
    url = reverse("schedule-feed-json", args=[exports_event.slug])
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    released_programme["panel"].title = "Panel, renamed"
    released_programme["panel"].save()
    schedule_release(event=exports_event)
    newer = client.get(url)
    assert newer["ETag"] != first["ETag"]
    assert "Panel, renamed" in newer.content.decode()


def test_a_feed_of_the_previous_release_stored_late_is_not_served(
    exports_event, released_programme, client
):
    """A request that read the previous release just before a new one committed, and stores
    its rendering after the release dropped the cached feeds, does not bring it back."""
    url = reverse("schedule-feed-json", args=[exports_event.slug])
    first = client.get(url)
    key = feed_key(exports_event.slug, "json", "en")
    late = cache.get(key)
    assert late is not None
    release_with_a_move(exports_event, released_programme)
    cache.set(key, late)
    caches["process"].clear()
    newer = client.get(url)
    assert newer.status_code == 200 and newer["ETag"] != first["ETag"]


def test_public_feed_in_the_language_of_its_address(exports_event, released_programme, client):
    """The language is in the address (/fr/events/...): a calendar subscribes in it, whatever
    its own language, and a shared cache keeps one copy per address."""
    with translation.override("fr"):
        url = reverse("schedule-feed-json", args=[exports_event.slug])
    assert url.startswith("/fr/events/")
    english = client.get(reverse("schedule-feed-json", args=[exports_event.slug]))
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english["ETag"] != french["ETag"] and french["Content-Language"] == "fr"
    assert "Accept-Language" not in french.get("Vary", "")
    assert client.get(url, HTTP_IF_NONE_MATCH=french["ETag"]).status_code == 304


def test_a_feed_without_a_language_is_sent_on_to_the_readers(
    exports_event, released_programme, client
):
    """The feeds' first addresses (/events/<slug>/schedule.ics, in calendars since before the
    prefix) lead to the reader's language; an unknown language is a 404."""
    answer = client.get(f"/events/{exports_event.slug}/schedule.ics", HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 302
    assert answer["Location"] == f"/ru/events/{exports_event.slug}/schedule.ics"
    assert client.get(answer["Location"]).status_code == 200
    assert client.get(f"/xx/events/{exports_event.slug}/schedule.ics").status_code == 404


def test_public_feed_refuses_writes(exports_event, released_programme, client):
    assert client.post(reverse("schedule-feed-ics", args=[exports_event.slug])).status_code == 405


def test_public_feed_compressed_for_clients_that_accept_gzip(
    exports_event, released_programme, client
):
    url = reverse("schedule-feed-json", args=[exports_event.slug])
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)
    assert "Accept-Encoding" in packed["Vary"] and packed["ETag"] == f"W/{plain['ETag']}"
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304


def test_another_web_process_sees_a_new_release_within_seconds(
    exports_event, released_programme, client
):
    """A process keeps a feed in its own memory briefly; the shared cache decides after that."""
    url = reverse("schedule-feed-json", args=[exports_event.slug])
    first = client.get(url)
    caches["process"].clear()  # what another process's memory holds: nothing yet
    release_with_a_move(exports_event, released_programme)
    assert client.get(url)["ETag"] != first["ETag"]


def test_the_feeds_may_be_read_by_scripts_of_any_site(exports_event, released_programme, client):
    """Public data only (the programme's widget reads the JSON from the host's page): any
    origin, no credentials, on a 304 too."""
    with translation.override("fr"):
        french = reverse("schedule-feed-json", args=[exports_event.slug])
    version = reverse("schedule-version-feed", args=[exports_event.slug, 1, "json"])
    for address in (french, version):
        response = client.get(address, HTTP_ORIGIN="https://www.mofa.gov.vn")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
        again = client.get(address, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    compressed = client.get(
        reverse("schedule-feed-json", args=[exports_event.slug]), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert compressed["Access-Control-Allow-Origin"] == "*"
    assert json.loads(gzip.decompress(compressed.content))["schedule"]["version"] == "1"
