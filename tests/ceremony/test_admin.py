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
