"""The benchmarks' generated event: at a small scale, it keeps every rule of the real one."""

import pytest

from benchmarks.event_data import FULL_SIZE, EventGenerator, Sizes, event_check, marker
from delegations.enums import AccreditationStatus
from delegations.models import Badge, Delegate, Delegation
from sessions.enums import RegistrationStatus
from sessions.models import CheckIn, Session, SessionRegistration

pytestmark = pytest.mark.django_db

SCALE = 0.01


@pytest.fixture
def generated():
    return EventGenerator(scale=SCALE, seed=7).generate()


def test_the_generated_event_keeps_its_rules(generated):
    assert event_check(generated, scale=SCALE) == []
    assert generated.theme == marker(SCALE, 7)


def test_its_sizes_and_mix(generated):
    sizes = Sizes.at(SCALE)
    delegates = Delegate.objects.filter(delegation__event=generated)
    assert delegates.count() == sizes.delegates == FULL_SIZE["delegates"] * SCALE
    accredited = delegates.filter(accreditation_status=AccreditationStatus.ACCREDITED).count()
    assert 0.85 * sizes.delegates < accredited < sizes.delegates
    assert Badge.objects.filter(revoked_at__isnull=True).count() == accredited
    statuses = set(
        SessionRegistration.objects.filter(session__event=generated).values_list(
            "status", flat=True
        )
    )
    assert statuses == set(RegistrationStatus.values)
    scans = CheckIn.objects.filter(event=generated)
    assert scans.filter(session__isnull=True).exists() and scans.filter(session__isnull=False)
    assert generated.schedule_releases.get(version=2).changes["cancelled"]
    # Messages go out in several languages: the delegation's, or a delegate's own.
    chosen = set(Delegation.objects.filter(event=generated).values_list("language", flat=True))
    assert "" in chosen and len(chosen) > 3
    assert delegates.exclude(language="").exists()


def test_the_same_seed_gives_the_same_event(generated):
    def fingerprint(event):
        return (
            list(
                Delegate.objects.filter(delegation__event=event)
                .order_by("delegation__code", "email")
                .values_list("family_name", "accreditation_status")
            ),
            list(
                SessionRegistration.objects.filter(session__event=event)
                .order_by("session__slug", "delegate__email", "delegate__delegation__code")
                .values_list("status", "created_at")
            ),
        )

    first = fingerprint(generated)
    Session.objects.filter(event=generated).delete()
    generated.delete()
    assert fingerprint(EventGenerator(scale=SCALE, seed=7).generate()) == first
