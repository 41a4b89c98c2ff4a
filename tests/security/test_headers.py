"""The Content-Security-Policy and the Permissions-Policy on every kind of page: the portal,
the admin, the API docs and the API's answers (the browser tests show the pages keep working)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient


def policy_of(response):
    parts = response["Content-Security-Policy"].split(";")
    return dict(part.strip().split(" ", 1) for part in parts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["portal:login", "admin:login", "api-docs", "api-schema", "portal:password_reset"]
)
def test_every_kind_of_page_carries_both_policies(name):
    response = APIClient().get(reverse(name))
    assert response.status_code == 200
    policy = policy_of(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    # One attribute is allowed by its hash: "border-top: 0" on django-simple-history's page.
    assert policy["style-src-attr"] == (
        "'unsafe-hashes' 'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"
    )
    features = response["Permissions-Policy"]
    assert "camera=(self)" in features
    for unused in ("geolocation", "microphone", "payment", "usb"):
        assert f"{unused}=()" in features


@pytest.mark.django_db
def test_the_api_docs_load_their_set_up_script_from_a_url():
    """Swagger UI's set-up script is served as a file, not inline, so the policy runs it."""
    html = APIClient().get(reverse("api-docs")).content.decode()
    assert "<script>" not in html
    assert "<style>" not in html
    script = APIClient().get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
