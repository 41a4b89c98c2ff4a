"""A lost or damaged badge: revoked as "replaced", a new one with a new number and token."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from delegations.enums import AccessCategory, AccreditationStatus, BadgeRevocation
from delegations.models import Badge
from delegations.services.badges import badge_issue, badge_reissue, badge_revoke
from sessions.models import CheckIn
from sessions.services.checkin import checkin_record
from tests.factories import DelegateFactory, DelegationFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge():
    event = EventFactory(acronym="HANOI2025")
    delegate = DelegateFactory(
        delegation=DelegationFactory(event=event),
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_at=timezone.now(),
    )
    return badge_issue(delegate=delegate)


def test_reissue_revokes_the_old_badge_as_replaced_and_issues_a_new_one(badge):
    new = badge_reissue(badge=badge, cause="lost")
    old = Badge.objects.get(pk=badge.pk)
    assert old.revoked_at is not None
    assert (old.revocation_reason, old.replacement_cause) == (BadgeRevocation.REPLACED, "lost")
    assert old.replaced_by == new
    assert new.revoked_at is None and new.delegate == badge.delegate
    assert new.token != old.token and new.number != old.number
    assert new.number == "HANOI2025-000002"


def test_the_old_badge_is_refused_at_the_door_as_replaced_and_the_new_one_admitted(badge):
    event = badge.delegate.delegation.event
    new = badge_reissue(badge=badge, cause="damaged")
    with pytest.raises(ValidationError) as refused:
        checkin_record(event=event, token=badge.token, nonce="n-old")
    assert refused.value.code == "replaced_badge"
    assert "replaced" in refused.value.messages[0] and badge.number in refused.value.messages[0]
    assert not CheckIn.objects.exists()
    check_in, created = checkin_record(event=event, token=new.token, nonce="n-new")
    assert created and check_in.delegate == badge.delegate


def test_a_badge_already_replaced_is_not_reissued_twice(badge):
    badge_reissue(badge=badge, cause="lost")
    with pytest.raises(ValidationError):
        badge_reissue(badge=badge, cause="lost")
    assert Badge.objects.count() == 2


@pytest.mark.parametrize("cause", ["", "stolen-by-aliens", None])
def test_an_unknown_cause_is_refused_and_nothing_changes(badge, cause):
    with pytest.raises(ValidationError) as refused:
        badge_reissue(badge=badge, cause=cause)
    assert "cause" in refused.value.message_dict
    assert Badge.objects.get().revoked_at is None


def test_a_delegate_no_longer_accredited_gets_no_new_badge(badge):
    delegate = badge.delegate
    delegate.accreditation_status = AccreditationStatus.WITHDRAWN
    delegate.accredited_at = None
    delegate.save()
    with pytest.raises(ValidationError):
        badge_reissue(badge=badge, cause="lost")
    assert Badge.objects.get().revoked_at is None


def test_the_new_badge_keeps_an_overridden_category(badge):
    badge.category = AccessCategory.SECURITY
    badge.save()
    assert badge_reissue(badge=badge, cause="lost").access_category == AccessCategory.SECURITY


def test_a_badge_revoked_with_its_accreditation_says_so(badge):
    badge_revoke(delegate=badge.delegate)
    badge.refresh_from_db()
    assert badge.revocation_reason == BadgeRevocation.NOT_ACCREDITED
    with pytest.raises(ValidationError) as refused:
        checkin_record(event=badge.delegate.delegation.event, token=badge.token, nonce="n")
    assert refused.value.code == "revoked_badge"
