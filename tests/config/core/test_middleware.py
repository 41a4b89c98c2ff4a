"""A database that drops out answers 503 with a clear message, in the API and on pages.

``tests/integration/test_faults.py`` cuts a real PostgreSQL connection in the middle of a write;
here the failure is raised where the views read, to check the answers on any database.
"""

import pytest
from django.db import OperationalError

from delegations.api import permissions as api_permissions
from delegations.views import portal as portal_views
from tests.factories import FocalPointFactory

pytestmark = pytest.mark.django_db

LOST = OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def focal_point_client(client):
    client.force_login(FocalPointFactory().user)
    return client


def lose_the_database(*args, **kwargs):
    raise LOST


def test_the_api_answers_503_in_json(focal_point_client, monkeypatch):
    monkeypatch.setattr(api_permissions, "delegations_in_reach", lose_the_database)
    response = focal_point_client.get("/api/v1/delegations/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "nothing was saved" in response.json()["detail"]


def test_a_page_answers_503_in_the_reader_language(focal_point_client, monkeypatch):
    monkeypatch.setattr(portal_views, "delegations_of", lose_the_database)
    response = focal_point_client.get("/portal/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Service indisponible</h1>" in response.content.decode()
    assert "rien n'a été enregistré" in response.content.decode()


def test_other_errors_are_not_disguised(focal_point_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(portal_views, "delegations_of", broken)
    with pytest.raises(RuntimeError):
        focal_point_client.get("/portal/")
