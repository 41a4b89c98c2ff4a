"""No two signing slots overlap, signed or not, whatever the minutes per signature were when
each was given.

The independent probe's case: with 2-minute slots and the signatures recorded, set the event's
minutes per signature to 3, add requests, rebuild: the builder counted a signed slot as taken
only where a new slot started at exactly its time, and 10 to 22 new slots overlapped signed
ones. A property test (Hypothesis) then varies the lengths, the breaks, the signatures and the
requests.
"""

from itertools import combinations

import pytest
from django_countries import countries
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from ceremony.models import SigningRequest
from ceremony.services.signing import (
    signature_record,
    signing_order_build,
    signing_slots_publish,
)
from tests.ceremony.support.signing import DAY, at, request_for, state
from tests.factories import EventFactory, RoomFactory, SessionFactory

#: A State delegation per country: enough countries for every request of a test.
COUNTRIES = [code for code, _name in countries][:40]

pytestmark = pytest.mark.django_db


def overlapping_pairs(event):
    """Pairs of slots of one signing session that share a moment."""
    slotted = SigningRequest.objects.filter(event=event, slot_start__isnull=False)
    return [
        (first.delegation.code, second.delegation.code)
        for first, second in combinations(slotted.select_related("delegation"), 2)
        if first.slot_session_id == second.slot_session_id
        and first.slot_start < second.slot_end
        and second.slot_start < first.slot_end
    ]


def signing_day(minutes, *, session_minutes=60, break_every=0, break_minutes=0):
    event = EventFactory(
        start_date=DAY,
        end_date=DAY,
        signing_minutes=minutes,
        signing_break_every=break_every,
        signing_break_minutes=break_minutes,
    )
    room = RoomFactory(venue__event=event)
    SessionFactory(
        event=event, kind="signing", room=room, start=at(10), duration_minutes=session_minutes
    )
    return event


def requests(event, number, prefix):
    """``number`` requests of heads of State (no full powers), each its own country."""
    first = event.delegations.count()
    return [
        request_for(state(event, f"{prefix}{n:02d}", COUNTRIES[first + n])) for n in range(number)
    ]


def test_longer_slots_do_not_overlap_the_signatures_already_recorded():
    event = signing_day(2)
    signed = requests(event, 12, "A")
    signing_order_build(event=event)
    for request in signed:
        request.refresh_from_db()
        signature_record(request=request)
    event.signing_minutes = 3
    event.save()
    requests(event, 8, "B")

    report = signing_order_build(event=event)

    assert len(report["assigned"]) == 8
    assert overlapping_pairs(event) == []


def test_a_published_slot_that_now_overlaps_a_signature_moves_and_is_reported():
    event = signing_day(2)
    _first, second = requests(event, 2, "A")
    signing_order_build(event=event)
    signing_slots_publish(event=event)
    second.refresh_from_db()
    signature_record(request=second)  # 10:02 to 10:04
    event.signing_minutes = 5  # the first's 10:00 would now run to 10:05

    event.save()
    report = signing_order_build(event=event)

    assert [item["delegation"] for item in report["moved"]] == ["A00"]
    assert overlapping_pairs(event) == []


class SlotsNeverOverlap(HypothesisTestCase):
    """Each example in a transaction of its own, rolled back after it (Hypothesis's Django
    test case), as each service call would be in production."""

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        first=st.integers(min_value=1, max_value=9),
        then=st.integers(min_value=1, max_value=9),
        break_every=st.integers(min_value=0, max_value=3),
        break_minutes=st.integers(min_value=0, max_value=4),
        signed=st.integers(min_value=0, max_value=5),
        published=st.booleans(),
        added=st.integers(min_value=0, max_value=5),
    )
    def test_no_two_slots_overlap_whatever_the_lengths(
        self, first, then, break_every, break_minutes, signed, published, added
    ):
        event = signing_day(
            first, session_minutes=40, break_every=break_every, break_minutes=break_minutes
        )
        early = requests(event, signed + 2, "A")
        signing_order_build(event=event)
        if published:
            signing_slots_publish(event=event)
        for request in early[:signed]:
            request.refresh_from_db()
            if request.slot_start is not None:
                signature_record(request=request)
        event.signing_minutes = then
        event.save()
        requests(event, added, "B")

        signing_order_build(event=event)

        assert overlapping_pairs(event) == []
        for request in SigningRequest.objects.filter(event=event, slot_start__isnull=False):
            session = request.slot_session
            assert session.start <= request.slot_start < request.slot_end <= session.end
