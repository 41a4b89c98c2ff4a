"""The delegations' admin pages, where the generic checks of ``tests/test_admin.py`` stop."""

from django.urls import reverse

from tests.factories import DelegateFactory


def test_organisers_set_the_language_of_a_delegate_and_of_a_delegation(organiser_client):
    delegate = DelegateFactory(language="ar", delegation__language="es")
    delegate_page = organiser_client.get(
        reverse("admin:delegations_delegate_change", args=[delegate.pk])
    ).content.decode()
    delegation_page = organiser_client.get(
        reverse("admin:delegations_delegation_change", args=[delegate.delegation.pk])
    ).content.decode()
    assert '<option value="ar" selected>' in delegate_page
    assert '<option value="es" selected>' in delegation_page
