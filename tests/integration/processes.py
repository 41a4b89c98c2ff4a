"""Real processes for the fault tests: a Redis of their own, Celery workers, a gunicorn server.

Each runs against the test's PostgreSQL database (pytest-django's), so what the test writes
(committed: these tests are transactional) the processes read, and the other way round. The
Redis is private, on a free port, so that stopping it disturbs nothing else on the machine.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """The URL of the database this test runs on (pytest-django's test database)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def database_dsn():
    """The same database for a plain psycopg connection, outside Django's."""
    return database_url().replace("postgres://", "postgresql://", 1)


def wait_until(condition, *, timeout, what):
    """Poll ``condition`` until it returns something true; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"Gave up after {timeout} s waiting for {what}.")


def solo_worker(*, queue=None, env=None):
    """A Celery worker (one process, solo pool) on the test's database, its output piped: on
    ``queue`` alone when named, else on the default queue as in production."""
    queues = ["--queues", queue] if queue else []
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            *queues,
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url(), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


class Process:
    """A child process in its own process group, so that a kill takes all of its children."""

    def __init__(self, command, env, log):
        self.command, self.env, self.log_path = command, env, log
        self.popen = None

    def start(self):
        self.log = open(self.log_path, "a")  # noqa: SIM115 -- kept open while the process runs
        self.popen = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self):
        """SIGKILL to the whole group: no clean shutdown, as when a machine dies."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)
        self.log.close()

    def stop(self):
        if self.popen is None or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self.log.close()

    def output(self):
        return Path(self.log_path).read_text(errors="replace")


class RedisServer(Process):
    def __init__(self, log_dir):
        self.port = free_port()
        super().__init__(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            dict(os.environ),
            log_dir / "redis.log",
        )

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        super().start()
        wait_until(self._answers, timeout=20, what=f"Redis on port {self.port}")
        return self

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as link:
                link.sendall(b"PING\r\n")
                return link.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def project_env(*, redis, media, **extra):
    """What every project process gets: the test database, the private Redis, the test's files."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_", "PYTEST_"))
    }
    return {
        **env,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": redis.url,
        "CACHE_URL": redis.url.rsplit("/", 1)[0] + "/1",
        "DJANGO_PRIVATE_MEDIA_ROOT": str(media),
        **{key: str(value) for key, value in extra.items()},
    }


def celery_worker(env, log_dir, name):
    return Process(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--concurrency",
            "1",
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        env,
        log_dir / f"{name}.log",
    )


class Gunicorn(Process):
    def __init__(self, env, log_dir):
        self.port = free_port()
        super().__init__(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-c",
                "config/gunicorn.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            env,
            log_dir / "gunicorn.log",
        )

    def start(self):
        super().start()
        wait_until(
            lambda: self.request("GET", "/portal/login/")[0] == 200,
            timeout=60,
            what="gunicorn to answer",
        )
        return self

    def request(self, method, path, *, token=None, data=None):
        return http_request(f"http://127.0.0.1:{self.port}", method, path, token=token, data=data)


def http_request(base_url, method, path, *, token=None, data=None):
    """(status, parsed JSON or text); a refused connection is status 0."""
    headers = {"Accept": "application/json"}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(f"{base_url}{path}", data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, _parsed(response)
    except urllib.error.HTTPError as error:
        return error.code, _parsed(error)
    except (ConnectionError, urllib.error.URLError):
        return 0, None


def _parsed(response):
    text = response.read().decode(errors="replace")
    if "json" in (response.headers.get("Content-Type") or ""):
        return json.loads(text)
    return text
