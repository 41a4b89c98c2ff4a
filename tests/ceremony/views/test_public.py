"""The public list of signatories, as a page and as tables, in the reader's language."""

from ceremony.models import SigningRequest
from ceremony.services.signing import (
    signature_record,
    signing_order_build,
)
from tests.ceremony.support.signing import request_for, state


def test_public_list_of_signatories_in_the_readers_language(signing_event, signing_session, client):
    from django.urls import reverse

    request = request_for(state(signing_event, "FRA", "FR"))
    signing_order_build(event=signing_event)
    signature_record(request=SigningRequest.objects.get(pk=request.pk))
    request_for(state(signing_event, "BRA", "BR"))
    page = client.get(reverse("signatories", args=[signing_event.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "France" in body and "Brazil" not in body
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert (
        "France" in client.get(reverse("signatories", args=[signing_event.slug])).content.decode()
    )
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert (
        "Франция" in client.get(reverse("signatories", args=[signing_event.slug])).content.decode()
    )
    table = client.get(reverse("signatories-table", args=[signing_event.slug, "csv"]))
    assert "Франция" in table.content.decode("utf-8-sig")
    assert (
        client.get(reverse("signatories-table", args=[signing_event.slug, "doc"])).status_code
        == 404
    )
