"""The public list of signatories, as a page and as tables, in the reader's language."""

from django.urls import reverse, translate_url
from django.utils import translation

from ceremony.models import SigningRequest
from ceremony.services.signing import (
    signature_record,
    signing_order_build,
)
from tests.ceremony.support.signing import request_for, state


def test_public_list_of_signatories_in_the_readers_language(signing_event, signing_session, client):
    request = request_for(state(signing_event, "FRA", "FR"))
    signing_order_build(event=signing_event)
    signature_record(request=SigningRequest.objects.get(pk=request.pk))
    request_for(state(signing_event, "BRA", "BR"))
    page = client.get(reverse("signatories", args=[signing_event.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "France" in body and "Brazil" not in body
    french = translate_url(reverse("signatories", args=[signing_event.slug]), "fr")
    assert french.startswith("/fr/") and "France" in client.get(french).content.decode()
    # The language menu links to the same page in each language, whatever the reader's browser.
    page = client.get(french, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    russian = translate_url(french, "ru")
    assert russian == f"/ru/events/{signing_event.slug}/signatories/"
    assert f'<a href="{russian}" hreflang="ru" lang="ru">Русский</a>' in page
    assert 'name="csrfmiddlewaretoken"' not in page
    assert "Франция" in client.get(russian, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    with translation.override("ru"):
        table = client.get(reverse("signatories-table", args=[signing_event.slug, "csv"]))
    assert "Франция" in table.content.decode("utf-8-sig")
    assert (
        client.get(reverse("signatories-table", args=[signing_event.slug, "doc"])).status_code
        == 404
    )
