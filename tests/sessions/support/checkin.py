"""Helpers of the checkin tests, shared by the files that test each layer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions.models import CheckIn
from sessions.services.checkin import checkin_record


def refusal(door, **kwargs):
    """The reason of a refused scan, which leaves no check-in behind."""
    kwargs = {"event": door.event, "token": door.badge.token, "nonce": "n-1", **kwargs}
    with pytest.raises(ValidationError) as refused:
        checkin_record(**kwargs)
    assert CheckIn.objects.count() == 0
    return refused.value.messages[0]


def scan(client, door, **body):
    body = {"event": door.event.pk, "token": "qr-an", "nonce": "n-1", **body}
    return client.post(reverse("check-in-list"), body, format="json")


def page_url(door):
    return reverse("checkin:door", args=[door.event.slug])
