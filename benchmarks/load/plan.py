"""The database side of the load runs: what the simulated clients use, and the checks after.

    python benchmarks/load/plan.py prepare PLAN.json [--missions N]
    python benchmarks/load/plan.py check-registrations PLAN.json RECORDS.jsonl
    python benchmarks/load/plan.py check-scans PLAN.json RECORDS.jsonl

Runs with the load run's environment (its own database, loaded with the Hanoi demo). ``prepare``
empties the event's registrations and earlier runs' scans (each run starts as registration
opens), gives N national delegations a focal point with an API token, ten doors a door-staff login
with a token each, and lists the
sessions, delegates and badges the clients pick from. The checks print one JSON object: what
the database holds against what the clients were told, and ``ok``. The Django set-up is left
to the caller (``main``, or the tests, which import the checks).
"""

import json
import sys
import uuid
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))


#: Door staff logins, one per gate: the check-in API's rate limit is per login, as at a venue.
DOORS = 10


def _django():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def prepare(plan_path, missions=100):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Max, Q
    from rest_framework.authtoken.models import Token

    from ceremony.models import Event
    from delegations.enums import AccreditationStatus, DelegationKind
    from delegations.models import Badge, Delegation, FocalPoint
    from sessions.enums import SessionAccess, SessionKind, SessionStatus
    from sessions.models import CheckIn, SessionRegistration

    event = Event.objects.get(slug="hanoi-2025")
    # Every run starts as registration opens: an earlier run's registrations and scans go.
    SessionRegistration.objects.filter(session__event=event).delete()
    CheckIn.objects.filter(event=event, nonce__startswith="load-").delete()
    accredited = Q(delegates__accreditation_status=AccreditationStatus.ACCREDITED)
    delegations = (
        Delegation.objects.filter(event=event, kind=DelegationKind.MEMBER_STATE)
        .annotate(accredited=Count("delegates", filter=accredited))
        .filter(accredited__gte=2)
        .order_by("code")[:missions]
    )
    users = get_user_model().objects
    plan_missions = []
    for delegation in delegations:
        email = f"load.{delegation.code.lower()}@missions.example"
        user, _created = users.get_or_create(username=email, defaults={"email": email})
        FocalPoint.objects.get_or_create(user=user, delegation=delegation)
        plan_missions.append(
            {
                "delegation": delegation.pk,
                "token": Token.objects.get_or_create(user=user)[0].key,
                "delegates": list(
                    delegation.delegates.filter(
                        accreditation_status=AccreditationStatus.ACCREDITED
                    ).values_list("pk", flat=True)
                ),
            }
        )
    # Door staff: staff logins without permissions, which scan badges and do nothing else.
    doors = [
        users.get_or_create(username=f"door.{gate}", defaults={"is_staff": True})[0]
        for gate in range(1, DOORS + 1)
    ]
    sessions = event.sessions.filter(status=SessionStatus.SCHEDULED).exclude(
        access=SessionAccess.INVITATION
    )
    registrable = sessions.filter(
        kind__in=[
            SessionKind.SIDE_EVENT,
            SessionKind.WORKSHOP,
            SessionKind.ROUNDTABLE,
            SessionKind.HIGH_LEVEL_PANEL,
        ]
    )
    plan = {
        "event": {"id": event.pk, "slug": event.slug},
        # What this run writes is told apart from what an earlier run on the same database wrote.
        "run": uuid.uuid4().hex[:12],
        "registrations_before": SessionRegistration.objects.aggregate(last=Max("pk"))["last"] or 0,
        "languages": [code for code, _name in settings.LANGUAGES],
        "missions": plan_missions,
        "sessions": list(registrable.values_list("pk", flat=True)),
        "session_doors": list(sessions.values_list("pk", flat=True)),
        "doors": [Token.objects.get_or_create(user=door)[0].key for door in doors],
        "badges": list(
            Badge.objects.filter(
                delegate__delegation__event=event, revoked_at__isnull=True
            ).values_list("token", flat=True)
        ),
    }
    Path(plan_path).write_text(json.dumps(plan))
    print(
        json.dumps(
            {
                "missions": len(plan_missions),
                "delegates": sum(len(m["delegates"]) for m in plan_missions),
                "sessions": len(plan["sessions"]),
                "badges": len(plan["badges"]),
            }
        )
    )


def _records(path, kind):
    lines = Path(path).read_text().splitlines()
    return [record for record in map(json.loads, lines) if record["kind"] == kind]


def check_registrations(plan_path, records_path):
    """No session over capacity; every registration the API confirmed is there, once."""
    from django.db.models import Count, Q

    from sessions.enums import RegistrationStatus
    from sessions.models import Session, SessionRegistration

    plan = json.loads(Path(plan_path).read_text())
    records = _records(records_path, "registration")
    answered = [record for record in records if record["status"] == 201]
    unanswered = [record for record in records if record["status"] not in (201, 400)]
    rows = {
        row["pk"]: row
        for row in SessionRegistration.objects.filter(
            session__event_id=plan["event"]["id"], pk__gt=plan.get("registrations_before", 0)
        ).values("pk", "delegate_id", "session_id", "status")
    }
    lost = [
        record
        for record in answered
        if record["id"] not in rows
        or (rows[record["id"]]["delegate_id"], rows[record["id"]]["session_id"])
        != (record["delegate"], record["session"])
    ]
    confirmed = Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    sessions = Session.objects.filter(pk__in=plan["sessions"]).select_related("room")
    overbooked = [
        {"session": session.pk, "confirmed": session.confirmed, "capacity": capacity}
        for session in sessions.annotate(confirmed=confirmed)
        if (capacity := session.effective_capacity) is not None and session.confirmed > capacity
    ]
    pairs = Counter(
        (row["delegate_id"], row["session_id"])
        for row in rows.values()
        if row["status"] != RegistrationStatus.CANCELLED
    )
    doubled = [pair for pair, count in pairs.items() if count > 1]
    extra = len(rows) - len(answered)
    statuses = Counter(row["status"] for row in rows.values())
    result = {
        "requests": len(records),
        "created": len(answered),
        "refused": sum(1 for record in records if record["status"] == 400),
        "unanswered": len(unanswered),
        "rows": len(rows),
        "confirmed": statuses.get(RegistrationStatus.CONFIRMED, 0),
        "waiting": statuses.get(RegistrationStatus.WAITING, 0),
        "lost": len(lost),
        "doubled": len(doubled),
        "rows_without_answer": extra,
        "overbooked": overbooked,
    }
    result["ok"] = not (lost or doubled or overbooked) and extra <= len(unanswered)
    return result


def check_scans(plan_path, records_path):
    """Every admitted scan is stored once per nonce, a retried one answered with the same row."""
    from sessions.models import CheckIn

    plan = json.loads(Path(plan_path).read_text())
    records = _records(records_path, "scan")
    admitted = [record for record in records if record["status"] in (200, 201)]
    by_nonce = {}
    for record in admitted:
        by_nonce.setdefault(record["nonce"], set()).add(record["id"])
    rows = dict(
        CheckIn.objects.filter(
            event_id=plan["event"]["id"], nonce__startswith=f"load-{plan['run']}-"
        ).values_list("nonce", "pk")
    )
    lost = [nonce for nonce in by_nonce if nonce not in rows]
    doubled = [
        nonce for nonce, ids in by_nonce.items() if len(ids) > 1 or rows.get(nonce) not in ids
    ]
    unanswered = [record for record in records if record["status"] not in (200, 201, 400)]
    extra = len(set(rows) - set(by_nonce))
    result = {
        "requests": len(records),
        "admitted": sum(1 for record in records if record["status"] == 201),
        "repeats_recognised": sum(1 for record in records if record["status"] == 200),
        "refused": sum(1 for record in records if record["status"] == 400),
        "unanswered": len(unanswered),
        "rows": len(rows),
        "lost": len(lost),
        "doubled": len(doubled),
        "rows_without_answer": extra,
    }
    result["ok"] = not (lost or doubled) and extra <= len(unanswered)
    return result


def main():
    _django()
    command, plan_path, *rest = sys.argv[1:]
    if command == "prepare":
        missions = int(rest[rest.index("--missions") + 1]) if "--missions" in rest else 100
        prepare(plan_path, missions)
    elif command == "check-registrations":
        print(json.dumps(check_registrations(plan_path, rest[0])))
    elif command == "check-scans":
        print(json.dumps(check_scans(plan_path, rest[0])))
    else:
        sys.exit(f"Unknown command {command!r}: prepare, check-registrations or check-scans.")


if __name__ == "__main__":
    main()
