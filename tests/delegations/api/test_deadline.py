"""After the registration deadline a focal point's delegation is read-only in the API too;
organisers still withdraw a delegate who cannot come."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations.enums import AccreditationStatus
from tests.clients import api_client
from tests.factories import DelegateFactory, FocalPointFactory

pytestmark = pytest.mark.django_db


def test_a_withdrawal_after_the_deadline_is_for_the_organisers(organiser):
    delegate = DelegateFactory()
    event = delegate.delegation.event
    event.registration_closes = timezone.now() - timedelta(minutes=1)
    event.save()
    url = reverse("delegate-detail", args=[delegate.pk])
    focal_point = FocalPointFactory(delegation=delegate.delegation).user
    refused = api_client(focal_point).delete(url)
    assert refused.status_code == 400
    assert "Registration for this event is closed" in str(refused.json())
    delegate.refresh_from_db()
    assert delegate.accreditation_status != AccreditationStatus.WITHDRAWN
    assert api_client(organiser).delete(url).status_code == 204
    delegate.refresh_from_db()
    assert delegate.accreditation_status == AccreditationStatus.WITHDRAWN
