"""The load run's checks can fail: they find an overbooked session, a lost or a doubled write.

The checks compare what the simulated clients were told with the database; a check that can
only pass would prove nothing about the runs in the README. Then the harness itself, end to
end at a few requests a second (``--quick``): its figures are printed, never asserted here.
"""

import json
import os
import subprocess
import sys

import pytest

from benchmarks.bench_load import FULL, percentile, registration_latency, scenarios_at_rates
from benchmarks.load.arrivals import poisson_throughput
from benchmarks.load.plan import check_registrations, check_scans
from sessions.enums import RegistrationStatus
from tests.factories import (
    CheckInFactory,
    DelegateFactory,
    EventFactory,
    SessionFactory,
    SessionRegistrationFactory,
)

from .processes import ROOT


@pytest.fixture
def event(db):
    return EventFactory()


def write(tmp_path, plan, records):
    plan_path, records_path = tmp_path / "plan.json", tmp_path / "records.jsonl"
    plan_path.write_text(json.dumps(plan))
    records_path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return plan_path, records_path


def registration_record(registration, status=201):
    return {
        "kind": "registration",
        "delegate": registration.delegate_id,
        "session": registration.session_id,
        "status": status,
        "id": registration.pk if status == 201 else None,
    }


def test_registrations_pass_when_the_database_matches_the_answers(event, tmp_path):
    session = SessionFactory(event=event, capacity=2)
    registrations = SessionRegistrationFactory.create_batch(2, session=session)
    plan = {"event": {"id": event.pk}, "sessions": [session.pk]}
    result = check_registrations(
        *write(tmp_path, plan, [registration_record(r) for r in registrations])
    )
    assert result["ok"] and result["created"] == result["rows"] == 2


def test_registrations_fail_on_an_overbooked_session(event, tmp_path):
    session = SessionFactory(event=event, capacity=1)
    registrations = SessionRegistrationFactory.create_batch(
        2, session=session, status=RegistrationStatus.CONFIRMED
    )
    plan = {"event": {"id": event.pk}, "sessions": [session.pk]}
    result = check_registrations(
        *write(tmp_path, plan, [registration_record(r) for r in registrations])
    )
    assert not result["ok"]
    assert result["overbooked"] == [{"session": session.pk, "confirmed": 2, "capacity": 1}]


def test_registrations_fail_on_a_lost_or_an_unanswered_write(event, tmp_path):
    session = SessionFactory(event=event, capacity=5)
    kept = SessionRegistrationFactory(session=session)
    unanswered = SessionRegistrationFactory(session=session)
    lost = {**registration_record(kept), "id": kept.pk + 1000}
    plan = {"event": {"id": event.pk}, "sessions": [session.pk]}
    result = check_registrations(*write(tmp_path, plan, [registration_record(kept), lost]))
    assert not result["ok"] and result["lost"] == 1
    result = check_registrations(*write(tmp_path, plan, [registration_record(kept)]))
    assert not result["ok"] and result["rows_without_answer"] == 1
    assert unanswered.pk


def test_scans_fail_on_a_lost_or_a_doubled_scan(event, tmp_path):
    delegate = DelegateFactory(delegation__event=event)
    first = CheckInFactory(event=event, delegate=delegate, nonce="load-r1-1")
    second = CheckInFactory(event=event, delegate=delegate, nonce="load-r1-2")
    plan = {"event": {"id": event.pk}, "run": "r1"}
    answered = [
        {"kind": "scan", "nonce": "load-r1-1", "status": 201, "id": first.pk},
        {"kind": "scan", "nonce": "load-r1-1", "status": 200, "id": first.pk},
        {"kind": "scan", "nonce": "load-r1-2", "status": 201, "id": second.pk},
    ]
    assert check_scans(*write(tmp_path, plan, answered))["ok"]
    doubled = [*answered, {"kind": "scan", "nonce": "load-r1-2", "status": 200, "id": first.pk}]
    result = check_scans(*write(tmp_path, plan, doubled))
    assert not result["ok"] and result["doubled"] == 1
    lost = [*answered, {"kind": "scan", "nonce": "load-r1-3", "status": 201, "id": 999}]
    result = check_scans(*write(tmp_path, plan, lost))
    assert not result["ok"] and result["lost"] == 1


def test_a_rate_override_changes_one_scenario_and_refuses_nonsense():
    slower = scenarios_at_rates(FULL, ["registrations=0.4"])
    assert slower["registrations"].rate_per_user == 0.4
    assert slower["reads"] == FULL["reads"] and FULL["registrations"].rate_per_user == 1.2
    for bad in ("registrations", "registrations=fast", "registrations=0", "lunch=1", "reads=-2"):
        with pytest.raises(SystemExit, match="expected SCENARIO=RATE"):
            scenarios_at_rates(FULL, [bad])


class FakeUser:
    """What locust hands a ``wait_time``: the simulated client, which the pacing marks."""


def test_clients_wait_exponential_gaps_around_the_offered_rate(monkeypatch):
    import random

    from benchmarks.load import arrivals

    clock = [0.0]
    monkeypatch.setattr(arrivals, "perf_counter", lambda: clock[0])
    wait_time = poisson_throughput(2.0, rng=random.Random(7))
    user, starts = FakeUser(), []
    for _ in range(20_000):
        clock[0] += wait_time(user)
        starts.append(clock[0])
        clock[0] += 0.01  # the request itself, then locust asks for the next wait

    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    # Requests start a mean 1/rate apart, the time of the request itself included.
    assert sum(gaps) / len(gaps) == pytest.approx(0.5, rel=0.03)
    # Exponential, not constant: about e^-1 of the gaps exceed their mean.
    assert sum(gap > 0.5 for gap in gaps) / len(gaps) == pytest.approx(0.368, abs=0.02)


def test_a_client_answered_late_sends_again_at_once(monkeypatch):
    from benchmarks.load import arrivals

    clock = iter([100.0, 200.0])
    monkeypatch.setattr(arrivals, "perf_counter", lambda: next(clock))
    wait_time = poisson_throughput(5.0)
    user = FakeUser()
    user._arrival_started = 100.0

    assert wait_time(user) >= 0  # the first gap, from 100.0
    # A hundred seconds later, far past any gap drawn at 5 a second: no wait, no catch-up.
    assert wait_time(user) == 0


@pytest.mark.parametrize("rate", [0, -1, float("nan")])
def test_a_rate_must_be_positive(rate):
    with pytest.raises(ValueError, match="must be positive"):
        poisson_throughput(rate)


def test_the_opening_instant_is_measured_apart_from_what_follows(tmp_path):
    opening = [
        {"kind": "registration", "opening": True, "sent": 10.0 + n / 1000, "ms": 100.0 * n}
        for n in range(1, 6)
    ]
    after = [
        {"kind": "registration", "opening": False, "sent": 11.0 + n, "ms": float(n)}
        for n in range(1, 101)
    ]
    records = tmp_path / "registrations.jsonl"
    records.write_text("".join(json.dumps(record) + "\n" for record in opening + after))

    latency = registration_latency(records)

    assert latency["opening"] == {
        "requests": 5,
        "spread_ms": pytest.approx(4),
        "p50": 300.0,
        "max": 500.0,
    }
    assert latency["after"] == {"requests": 100, "p50": 50.0, "p95": 95.0, "p99": 99.0}


def test_percentiles_are_nearest_rank():
    assert percentile([5.0], 0.99) == 5.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.0
    assert percentile([float(n) for n in range(1, 1001)], 0.99) == 990.0


@pytest.mark.postgres
@pytest.mark.redis
def test_the_load_harness_runs_end_to_end():
    """`make load` in miniature: production set-up, three scenarios, checks that hold."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_SETTINGS_MODULE", "PYTEST_"))
    }
    finished = subprocess.run(
        [sys.executable, "benchmarks/bench_load.py", "--quick", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    rows = json.loads(finished.stdout.strip().splitlines()[-1])
    checks = [row for row in rows if "lost" in row["figure"]]
    assert [row["figure"] for row in checks] == [
        "registrations lost, doubled or overbooked",
        "scans lost, doubled or overbooked",
    ]
    assert all(row["met"] is True and row["value"] == 0 for row in checks)
    throughput = {row["figure"]: row["value"] for row in rows if row["unit"] == "req/s"}
    assert set(throughput) == {"released schedule reads", "registration burst", "check-in scans"}
    assert all(value > 0 for value in throughput.values())
