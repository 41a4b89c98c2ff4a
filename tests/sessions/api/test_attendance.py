"""Attendance through the API: the latest snapshot, for staff who may view it."""

import pytest
from django.urls import reverse

from sessions.models import AttendanceSnapshot
from tests import factories
from tests.clients import api_client

pytestmark = pytest.mark.django_db


def test_api_answers_the_latest_snapshot_to_staff(built, organiser):
    staff = api_client(organiser)
    url = reverse("attendance-list")
    answer = staff.get(url, {"event": built.event.pk})
    assert answer.status_code == 200
    body = answer.json()
    assert body["event"] == built.event.pk
    assert body["taken_at"].endswith("+07:00")
    assert body["counts"]["totals"]["registered"] == 6
    assert staff.get(url, {"event": built.event.pk}).json()["taken_at"] == body["taken_at"]
    assert AttendanceSnapshot.objects.count() == 1
    assert staff.get(url).status_code == 400
    assert staff.get(url, {"event": 987654}).status_code == 400


def test_api_attendance_is_for_staff_only(built):
    focal_point = factories.FocalPointFactory(delegation__event=built.event).user
    assert (
        api_client(focal_point)
        .get(reverse("attendance-list"), {"event": built.event.pk})
        .status_code
        == 403
    )
