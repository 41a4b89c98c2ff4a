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
    # The switcher sends the page's address without its language, which leads on to the
    # language just set, whatever the language the reader came in with.
    page = client.get(french, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    neutral = f"/events/{signing_event.slug}/signatories/"
    assert f'name="next" type="hidden" value="{neutral}"' in page
    assert f'hreflang="ru" href="/ru{neutral}"' in page
    switched = client.post(reverse("set_language"), {"language": "ru", "next": neutral})
    assert switched["Location"] == neutral
    russian = client.get(neutral, HTTP_ACCEPT_LANGUAGE="es")
    assert russian.status_code == 302 and russian["Location"] == f"/ru{neutral}"
    assert "Франция" in client.get(russian["Location"]).content.decode()
    with translation.override("ru"):
        table = client.get(reverse("signatories-table", args=[signing_event.slug, "csv"]))
    assert "Франция" in table.content.decode("utf-8-sig")
    assert (
        client.get(reverse("signatories-table", args=[signing_event.slug, "doc"])).status_code
        == 404
    )
