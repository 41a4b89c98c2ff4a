"""The load of the Hanoi event's busiest moments, for locust (headless, bounded).

Run by ``benchmarks/bench_load.py``, which prepares the database, starts the production set-up
and names one user class per run:

- ``ScheduleReader``: delegates' phones and calendar apps reading the released schedule (JSON and
  iCalendar feeds; a third send back the ETag they hold, as calendar clients do);
- ``FocalPoint``: one per mission, registering its delegates for sessions the moment
  registration opens;
- ``DoorScanner``: door staff scanning badges at the venue entry and at session doors; one scan
  in twenty is retried with the same nonce (an answer lost on the venue's Wi-Fi), one in thirty
  is a badge the event does not know.

Each simulated client has an address of its own, named in ``X-Forwarded-For`` as the reverse
proxy in front of production would (per-client rate limits count per device, not per
loopback). Every write's answer is recorded (``LOAD_RECORDS``, JSON lines) so that the harness
can check afterwards, against the database, that nothing was lost or counted twice, with its
latency and whether it was the client's first (the opening instant). The offered rate is
bounded: ``LOAD_RATE_PER_USER`` requests a second per simulated user, in exponential gaps
(``arrivals.py``), all clients starting together.
"""

import json
import os
import random
import time
import uuid
from pathlib import Path

from arrivals import poisson_throughput
from locust import FastHttpUser, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
RATE = float(os.environ.get("LOAD_RATE_PER_USER", "1"))
RECORDS = []
_missions = iter(PLAN["missions"] * 10)
_doors = iter(PLAN["doors"] * 100)


@events.test_stop.add_listener
def _records_write(**kwargs):
    with open(os.environ["LOAD_RECORDS"], "w") as out:
        for record in RECORDS:
            out.write(json.dumps(record) + "\n")


def _client_address():
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


class Client(FastHttpUser):
    """A device behind the venue's reverse proxy, which names its address."""

    abstract = True
    wait_time = poisson_throughput(RATE)

    def on_start(self):
        self.headers = {"X-Forwarded-For": _client_address()}


def _body(response):
    try:
        return response.json()
    except Exception:  # noqa: BLE001 -- an unreadable body is recorded as such
        return {}


class ScheduleReader(Client):
    def on_start(self):
        super().on_start()
        self.etags = {}

    @task(3)
    def schedule_json(self):
        self._read("schedule.json")

    @task(1)
    def schedule_ics(self):
        self._read("schedule.ics")

    def _read(self, name):
        """A feed at its address in one of the languages (/fr/events/<slug>/schedule.json)."""
        language = random.choice(PLAN["languages"])
        path = f"/{language}/events/{PLAN['event']['slug']}/{name}"
        headers = dict(self.headers)
        held = self.etags.get(path)
        if held and random.random() < 1 / 3:
            headers["If-None-Match"] = held
        with self.client.get(path, name=name, headers=headers, catch_response=True) as response:
            if response.status_code == 200:
                self.etags[path] = response.headers.get("ETag")
                response.success()
            elif response.status_code == 304 and "If-None-Match" in headers:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


class FocalPoint(Client):
    def on_start(self):
        super().on_start()
        self.mission = next(_missions)
        self.headers["Authorization"] = f"Token {self.mission['token']}"
        self.opening = True

    @task
    def register(self):
        delegate = random.choice(self.mission["delegates"])
        session = random.choice(PLAN["sessions"])
        sent, began = time.time(), time.perf_counter()
        with self.client.post(
            "/api/v1/registrations/",
            json={"delegate": delegate, "session": session},
            headers=self.headers,
            name="registrations",
            catch_response=True,
        ) as response:
            elapsed = time.perf_counter() - began
            body = _body(response)
            RECORDS.append(
                {
                    "kind": "registration",
                    "sent": sent,
                    "ms": round(elapsed * 1000, 1),
                    "opening": self.opening,
                    "delegate": delegate,
                    "session": session,
                    "status": response.status_code,
                    "id": body.get("id") if response.status_code == 201 else None,
                    "registration_status": body.get("status"),
                }
            )
            # A refusal with a reason (already registered, a clash) is a correct answer.
            if response.status_code in (201, 400):
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
        self.opening = False


class DoorScanner(Client):
    def on_start(self):
        super().on_start()
        self.headers["Authorization"] = f"Token {next(_doors)}"
        self.last = None

    @task
    def scan(self):
        if self.last is not None and random.random() < 1 / 20:
            scan = self.last
        else:
            known = random.random() >= 1 / 30
            scan = {
                "event": PLAN["event"]["id"],
                "token": random.choice(PLAN["badges"]) if known else uuid.uuid4().hex,
                "nonce": f"load-{PLAN['run']}-{uuid.uuid4()}",
                "gate": "North entrance",
            }
            if random.random() < 0.3:
                scan["session"] = random.choice(PLAN["session_doors"])
        self.last = scan
        with self.client.post(
            "/api/v1/check-ins/",
            json=scan,
            headers=self.headers,
            name="check-ins",
            catch_response=True,
        ) as response:
            body = _body(response)
            RECORDS.append(
                {
                    "kind": "scan",
                    "nonce": scan["nonce"],
                    "status": response.status_code,
                    "id": body.get("id") if response.status_code in (200, 201) else None,
                    "code": body.get("code"),
                }
            )
            if response.status_code in (200, 201, 400):
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
