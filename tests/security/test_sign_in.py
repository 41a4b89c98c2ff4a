"""Sign-in throttling holds on the portal's and the admin's forms (django-axes), counts the client
address a proxy saw rather than one the client wrote, and says when to come back."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
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


# The e-mail's case ---------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_signing_in_ignores_the_case_of_the_email(client, person, form):
    answer = client.post(
        reverse(FORMS[form]), {"username": "Focal@Mission.EXAMPLE.org", "password": PASSWORD}
    )

    assert answer.status_code == 302
    assert signed_in(client)


def test_the_api_token_ignores_the_case_of_the_email(client, person):
    answer = client.post(
        reverse("api-token"),
        {"username": "FOCAL@mission.example.org", "password": PASSWORD},
        content_type="application/json",
    )

    assert answer.status_code == 200 and answer.json()["token"]


@pytest.mark.parametrize("form", FORMS)
def test_guesses_in_every_case_count_against_one_account(client, person, settings, form):
    """Before, the lock counted each spelling apart: a guesser changed the case and went on."""
    spellings = [
        "FOCAL@mission.example.org",
        "Focal@Mission.example.org",
        "focal@MISSION.example.org",
    ]
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse(FORMS[form]), {"username": spellings[n % len(spellings)], "password": "guess"}
        )

    refused = sign_in(client, form, PASSWORD)

    assert refused.status_code == 429
    assert not signed_in(client)


def test_two_accounts_that_differ_only_by_case_sign_in_by_their_exact_names(client, db):
    lower = factories.UserFactory(username="staff@un.example.org")
    upper = factories.UserFactory(username="Staff@UN.example.org")

    exact = client.post(
        reverse("portal:login"), {"username": "Staff@UN.example.org", "password": PASSWORD}
    )
    ambiguous = Client().post(
        reverse("portal:login"), {"username": "STAFF@un.example.org", "password": PASSWORD}
    )

    assert exact.status_code == 302
    assert int(client.session["_auth_user_id"]) == upper.pk != lower.pk
    assert ambiguous.status_code == 200  # neither, rather than a guess at which


def test_the_command_prints_the_login_as_stored(capsys, db):
    delegation = factories.DelegationFactory(code="SGP")
    call_command(
        "create_focal_point",
        delegation.event.slug,
        "SGP",
        "FP-SGP@Mission.example.org",
        password=PASSWORD,
    )

    printed = capsys.readouterr().out
    assert "fp-sgp@mission.example.org" in printed and "FP-SGP" not in printed
    signing_in = Client()
    signing_in.post(
        reverse("portal:login"), {"username": "FP-sgp@mission.EXAMPLE.org", "password": PASSWORD}
    )
    assert signed_in(signing_in)


# Guessing across usernames and addresses ------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_one_address_may_try_only_so_many_usernames_a_minute(client, form):
    """Before, 30 usernames from one address got 30 answers of 200, and on without end."""
    answers = [
        client.post(reverse(FORMS[form]), {"username": f"user{n}@x.example", "password": "x"})
        for n in range(12)
    ]

    assert [answer.status_code for answer in answers[:10]] == [200] * 10
    assert answers[10].status_code == 429 and int(answers[10]["Retry-After"]) > 0


def test_showing_the_form_is_not_counted(client):
    for _ in range(15):
        assert client.get(reverse("portal:login")).status_code == 200


def guess_from(client, address, password="guess"):
    return client.post(
        reverse("portal:login"),
        {"username": "focal@mission.example.org", "password": password},
        HTTP_X_FORWARDED_FOR=address,
    )


def test_guesses_from_many_addresses_lock_the_account_everywhere(client, person, settings):
    """Before, the lock counted per username and address: twenty addresses never locked it."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT):
        guess_from(client, f"198.51.100.{n}")

    owner = guess_from(client, "203.0.113.10", PASSWORD)
    token = client.post(
        reverse("api-token"),
        {"username": "focal@mission.example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.11",
    )

    assert owner.status_code == 429
    assert "Reset your password to unlock it now" in owner.content.decode()
    assert token.status_code == 429
    assert not signed_in(client)


def test_the_owner_unlocks_the_account_by_resetting_the_password(client, person, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    person.email = "focal@mission.example.org"
    person.save()
    for n in range(settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT):
        guess_from(client, f"198.51.100.{n}")

    asked = client.post(
        reverse("portal:password_reset"),
        {"email": "Focal@Mission.example.org"},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    link = re.search(r"https?://\S+/portal/password-reset/\S+/\S+/", mail.outbox[-1].body)[0]
    form = client.get(link, follow=True)
    chosen = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-Passphrase-2026", "new_password2": "a-new-Passphrase-2026"},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    back = guess_from(client, "203.0.113.10", "a-new-Passphrase-2026")

    assert asked.status_code == 302 and mail.outbox[-1].to == ["focal@mission.example.org"]
    assert chosen.status_code == 302 and chosen["Location"] == reverse(
        "portal:password_reset_complete"
    )
    assert back.status_code == 302
    assert signed_in(client)


def test_a_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client):
    answer = client.post(reverse("portal:password_reset"), {"email": "nobody@x.example"})

    assert answer.status_code == 302
    assert answer["Location"] == reverse("portal:password_reset_done")
    assert mail.outbox == []
