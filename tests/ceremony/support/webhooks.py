"""A receiving tool for the webhook tests: an HTTP server on 127.0.0.1, in a thread, that checks
each request's signature as a receiver would (``config.core.webhooks.signature_verify``) and
answers as the test tells it (a status code, or hanging)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from config.core.webhooks import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    SignatureError,
    signature_verify,
)


class Receiver:
    """Records every request; ``answers`` are the statuses to give, in turn (then 200), an
    answer of ``"hang"`` waits ``hang_seconds`` before answering 200."""

    def __init__(self):
        self.secret = None
        self.answers = []
        self.hang_seconds = 10
        self.received = []
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.record(self, body)

            def log_message(self, *args):
                """Quiet: the tests read ``received``."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # a hanging answer does not hold the test's end
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/planner-hooks"

    def record(self, handler, body):
        try:
            signature_verify(self.secret or "", body, handler.headers.get(SIGNATURE_HEADER))
        except SignatureError as error:
            verified = str(error)
        else:
            verified = True
        self.received.append(
            {
                "path": handler.path,
                "host": handler.headers.get("Host"),
                "event_id": handler.headers.get(EVENT_ID_HEADER),
                "type": handler.headers.get(EVENT_TYPE_HEADER),
                "content_type": handler.headers.get("Content-Type"),
                "body": body,
                "verified": verified,
            }
        )
        self.arrived.set()
        answer = self.answers.pop(0) if self.answers else 200
        if answer == "hang":
            time.sleep(self.hang_seconds)
            answer = 200
        if verified is not True:
            answer = 400
        handler.send_response(answer)
        if 300 <= answer < 400:
            handler.send_header("Location", "https://elsewhere.example.org/")
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        handler.wfile.write(b"signature ok" if verified is True else b"bad signature")

    def wait(self, count=1, timeout=30):
        """Wait until ``count`` requests arrived; the requests."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
