"""Sign-in throttling holds on the portal's and the admin's forms (django-axes), counts the client
address a proxy saw rather than one the client wrote, and says when to come back."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"

FORMS = {"portal": "portal:login", "admin": "admin:login"}


@pytest.fixture
def person():
    """Someone with a login to both forms: a staff member may use the portal too."""
    return factories.UserFactory(username="focal@mission.example.org", is_staff=True)


def sign_in(client, form, password, **headers):
    return client.post(
        reverse(FORMS[form]),
        {"username": "focal@mission.example.org", "password": password},
        **headers,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("form", FORMS)
def test_five_wrong_passwords_lock_the_form_even_for_the_right_one(client, person, settings, form):
    wrong = [sign_in(client, form, "guess").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]

    refused = sign_in(client, form, PASSWORD)

    assert wrong[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again, with an error
    assert wrong[-1] == 429
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.content.decode()
    assert int(refused["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert not signed_in(client)


@pytest.mark.parametrize("form", FORMS)
def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, person, form):
    for _ in range(3):
        sign_in(client, form, "guess")

    assert sign_in(client, form, PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("num_proxies", [0, 1])
@pytest.mark.parametrize("form", FORMS)
def test_a_forged_forwarded_for_header_does_not_escape_the_lock(
    client, person, settings, form, num_proxies
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": num_proxies}
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, form, "guess", HTTP_X_FORWARDED_FOR=f"10.9.0.{n}, 203.0.113.9")

    refused = sign_in(client, form, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")

    assert refused.status_code == 429
    assert not signed_in(client)


@pytest.mark.parametrize("form", FORMS)
def test_behind_a_proxy_a_guesser_elsewhere_does_not_lock_the_owner_out(
    client, person, settings, form
):
    """The lock is per account and client address: the real address, as the proxy saw it."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, form, "guess", HTTP_X_FORWARDED_FOR="198.51.100.66")

    owner = sign_in(client, form, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10")

    assert owner.status_code == 302
    assert signed_in(client)
