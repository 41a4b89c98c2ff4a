"""Schemathesis over the API's own OpenAPI schema: no request it can build gets a server error.

The schema is the one drf-spectacular serves at /api/v1/schema/, read through the WSGI app (no
server process). Every operation is called as an organiser (staff, not a superuser) and as a
focal point of one delegation, on a small but complete event, so that the ids in the generated
requests often hit real rows. Hypothesis is derandomised: the same code gives the same requests.
Each test runs in its own transaction, so jobs queued with ``on_commit`` (exports) never start:
this is about the web layer's answers.

``SCHEMATHESIS_EXAMPLES`` sets the examples per operation of the fuzzing phase (default 12, which
keeps CI's run near a minute); ``SCHEMATHESIS_COVERAGE=1`` adds Schemathesis' coverage phase
(boundary and wrong-type values of every parameter, hundreds of cases per operation). Run it
longer with::

    SCHEMATHESIS_EXAMPLES=500 SCHEMATHESIS_COVERAGE=1 \
        .venv/bin/python -m pytest tests/badinput/test_openapi_fuzz.py
"""

import os
from datetime import datetime, time, timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.files.base import ContentFile
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from sessions.services.release import schedule_release
from tests import factories

#: No server error, ever; and where the schema documents the answer, the answer matches it.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))

#: The coverage phase adds hundreds of boundary cases per operation (every field too long, of the
#: wrong type, missing...): worth a run before a release, too slow for every CI run.
COVERAGE = os.environ.get("SCHEMATHESIS_COVERAGE", "") not in ("", "0")

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/",
    get_wsgi_application(),
    config=schemathesis.Config.from_dict(
        {"generation": {"mode": "all"}, "phases": {"coverage": {"enabled": COVERAGE}}}
    ),
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_event(private_files):
    """An event open for registration, with a released schedule, delegations, accredited
    delegates with badges, sessions with registrations, a signing request and an export."""
    now = timezone.now()
    event = factories.EventFactory(
        slug="fuzz",
        registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=30),
    )
    room = factories.RoomFactory(venue__event=event)
    sessions = [
        factories.SessionFactory(
            event=event,
            room=room,
            kind=kind,
            start=datetime.combine(factories.FIRST_DAY, time(9 + 2 * number), factories.HANOI),
        )
        for number, kind in enumerate(("opening", "plenary", "side_event", "signing"))
    ]
    state = factories.DelegationFactory(
        event=event, kind="member_state", country="VN", code="VNM", name="Viet Nam"
    )
    other = factories.DelegationFactory(
        event=event, kind="member_state", country="FR", code="FRA", name="France"
    )
    ngo = factories.DelegationFactory(event=event, kind="ngo", code="NGO")
    delegates = []
    for delegation in (state, other, ngo):
        head = factories.BadgeFactory(delegate__delegation=delegation, delegate__is_head=True)
        delegates.append(head.delegate)
        delegates.append(factories.DelegateFactory(delegation=delegation))
        delegates.append(
            factories.DelegateFactory(delegation=delegation, accreditation_status="submitted")
        )
    for session in sessions[:3]:
        factories.SessionRegistrationFactory(session=session, delegate=delegates[0])
    factories.SessionRoleFactory(session=sessions[1], delegate=delegates[3])
    factories.SigningRequestFactory(event=event, delegation=state, representative=delegates[0])
    factories.CheckInFactory(event=event, delegate=delegates[0])
    factories.AttendanceSnapshotFactory(event=event)
    schedule_release(event=event)
    focal = factories.UserFactory(username="focal-fuzz")
    factories.FocalPointFactory(user=focal, delegation=state)
    factories.ExportJobFactory(event=event, status="queued", requested_by=focal)
    done = factories.ExportJobFactory(
        event=event, status="done", scope="delegation", delegation=state, requested_by=focal
    )
    done.file.save("itinerary.ics", ContentFile(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
    return event, focal


@pytest.fixture(autouse=True)
def connection_kept():
    """Keep the test's database connection across requests, as Django's test client does.

    A request through the WSGI handler ends with ``close_old_connections``, which would close the
    connection that holds the test's transaction.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["organiser", "focal_point"])
def token(request, seeded_event, organiser):
    user = organiser if request.param == "organiser" else seeded_event[1]
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_gets_a_server_error(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
