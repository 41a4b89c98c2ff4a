"""The signing in the event's admin: the run-sheet and tracker page, the treaty officers'
actions."""

from ceremony.enums import FullPowersStatus
from tests.ceremony.support.signing import at, request_for, state


def test_admin_signing_page_and_actions(signing_event, signing_session, organiser_client):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    request = request_for(state(signing_event, "VNM", "VN"), level="minister")
    changelist = reverse("admin:ceremony_signingrequest_changelist")
    organiser_client.post(changelist, {"action": "verify", ACTION_CHECKBOX_NAME: [request.pk]})
    organiser_client.post(
        reverse("admin:ceremony_event_changelist"),
        {"action": "signing_order", ACTION_CHECKBOX_NAME: [signing_event.pk]},
    )
    request.refresh_from_db()
    assert request.full_powers_status == FullPowersStatus.VERIFIED
    assert request.slot_start == at(10)
    page = organiser_client.get(reverse("admin:ceremony_event_signing", args=[signing_event.pk]))
    assert page.status_code == 200
    assert request.representative.full_name in page.content.decode()
    document = organiser_client.get(
        reverse(
            "admin:ceremony_signingrequest_private_file", args=[request.pk, "full_powers_document"]
        )
    )
    assert document.status_code == 200
    change = organiser_client.get(
        reverse("admin:ceremony_signingrequest_change", args=[request.pk])
    )
    assert change.status_code == 200


# Webhooks ----------------------------------------------------------------------------------


def _endpoint_form(event, url, **fields):
    return {
        "event": event.pk,
        "url": url,
        "description": "Press room",
        "active": "on",
        "on_schedule_released": "on",
        **fields,
    }


def test_a_new_endpoints_secret_is_shown_once_then_masked(organiser_client, receiver):
    from django.urls import reverse

    from ceremony.models import WebhookEndpoint
    from tests.factories import EventFactory

    event = EventFactory()
    response = organiser_client.post(
        reverse("admin:ceremony_webhookendpoint_add"), _endpoint_form(event, receiver.url)
    )
    secrets_page = reverse("admin:ceremony_webhookendpoint_secrets")
    assert response.status_code == 302 and response["Location"] == secrets_page
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.startswith("whsec_")
    shown = organiser_client.get(secrets_page)
    assert endpoint.secret in shown.content.decode()
    assert "no-store" in shown["Cache-Control"] and "private" in shown["Cache-Control"]
    again = organiser_client.get(secrets_page).content.decode()
    assert endpoint.secret not in again and "shown once" in again
    change = organiser_client.get(
        reverse("admin:ceremony_webhookendpoint_change", args=[endpoint.pk])
    ).content.decode()
    assert endpoint.secret not in change and "whsec_••••" in change
    listing = organiser_client.get(reverse("admin:ceremony_webhookendpoint_changelist"))
    assert endpoint.secret not in listing.content.decode()


def test_a_private_address_is_an_error_by_its_field_in_production(organiser_client, settings):
    from django.urls import reverse

    from ceremony.models import WebhookEndpoint
    from tests.factories import EventFactory

    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    event = EventFactory()
    for url in ("http://hooks.example.org/x", "https://10.0.0.4/x"):
        response = organiser_client.post(
            reverse("admin:ceremony_webhookendpoint_add"), _endpoint_form(event, url)
        )
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert list(errors) == ["url"], errors
    assert not WebhookEndpoint.objects.exists()
    assert "webhook_secrets_to_show" not in organiser_client.session


def test_rotating_asks_first_then_shows_the_new_secret_once(organiser_client):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    from tests.factories import WebhookEndpointFactory

    endpoint = WebhookEndpointFactory()
    old = endpoint.secret
    changelist = reverse("admin:ceremony_webhookendpoint_changelist")
    asked = organiser_client.post(
        changelist, {"action": "secret_rotate", ACTION_CHECKBOX_NAME: [endpoint.pk]}
    )
    assert asked.status_code == 200 and "Rotate" in asked.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret == old
    done = organiser_client.post(
        changelist,
        {"action": "secret_rotate", ACTION_CHECKBOX_NAME: [endpoint.pk], "apply": "1"},
        follow=True,
    )
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in done.content.decode()
    assert old not in done.content.decode()


def test_send_again_and_the_delivery_log(
    organiser_client, receiver, django_capture_on_commit_callbacks
):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    from ceremony.enums import WebhookStatus
    from tests.factories import WebhookDeliveryFactory

    delivery = WebhookDeliveryFactory(
        endpoint__url=receiver.url,
        status=WebhookStatus.FAILED,
        attempts=8,
        response_code=503,
        delivered_at=None,
    )
    receiver.secret = delivery.endpoint.secret
    changelist = reverse("admin:ceremony_webhookdelivery_changelist")
    listing = organiser_client.get(changelist + "?status__exact=failed&response_code=503")
    assert delivery.endpoint.url in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            changelist, {"action": "send_again", ACTION_CHECKBOX_NAME: [delivery.pk]}, follow=True
        )
    assert "queued to be sent again" in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)
    (request,) = receiver.received
    assert request["verified"] is True and request["event_id"] == str(delivery.uuid)
    page = organiser_client.get(
        reverse("admin:ceremony_webhookdelivery_change", args=[delivery.pk])
    )
    assert page.status_code == 200 and "Save" not in page.content.decode()
    assert delivery.endpoint.secret not in page.content.decode()


def test_a_test_ping_from_the_admin(organiser_client, receiver, django_capture_on_commit_callbacks):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    from tests.factories import WebhookEndpointFactory

    endpoint = WebhookEndpointFactory(url=receiver.url)
    receiver.secret = endpoint.secret
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("admin:ceremony_webhookendpoint_changelist"),
            {"action": "ping", ACTION_CHECKBOX_NAME: [endpoint.pk]},
            follow=True,
        )
    assert "1 test pings queued" in response.content.decode()
    (request,) = receiver.received
    assert request["type"] == "ping" and request["verified"] is True
