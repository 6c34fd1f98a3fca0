"""A stand-in for the city's 12345 platform: a real HTTP server on 127.0.0.1 that
receives the portal's webhooks, checks them with the portal's verifier, and fails some
deliveries on purpose (503, or an answer slower than the portal waits)."""

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from api import webhooks


class StandInPlatform:
    def __init__(self, secret: str = ""):
        self.secret = secret
        self.seen: set[str] = set()
        self.effects: list[tuple[str, str]] = []  # (event type, event id), once each
        self.answers: list[int] = []
        self.requests: list[tuple[dict, bytes]] = []
        self.data: dict[str, dict] = {}  # event id -> the event's data, as acted on
        self.clock: float | None = None  # the time the verifier takes as "now"
        self.fail_first: dict[str, str] = {}  # event type -> "503" or "slow"
        self.slow_seconds = 1.0
        self._tries = Counter()
        self._lock = threading.Lock()
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = platform.receive(dict(self.headers.items()), body)
                if status == "slow":
                    threading.Event().wait(platform.slow_seconds)
                    status = 200
                try:
                    self.send_response(status)
                    self.end_headers()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the portal stopped waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhooks/zjgh"

    def receive(self, headers: dict, body: bytes):
        with self._lock:
            self.requests.append((headers, body))
            try:
                event_id = webhooks.verify(
                    secret=self.secret, headers=headers, body=body, seen=None, now=self.clock
                )
            except webhooks.WebhookRefused:
                self.answers.append(401)
                return 401

            event_type = json.loads(body)["type"]
            self._tries[event_id] += 1
            failure = self.fail_first.get(event_type)
            if failure == "503" and self._tries[event_id] == 1:
                self.answers.append(503)
                return 503
            try:
                webhooks.verify(
                    secret=self.secret, headers=headers, body=body, seen=self.seen, now=self.clock
                )
            except webhooks.WebhookDuplicate:
                self.answers.append(200)
                return 200
            self.effects.append((event_type, event_id))
            self.data[event_id] = json.loads(body)["data"]
            if failure == "slow" and self._tries[event_id] == 1:
                self.answers.append(0)
                return "slow"  # done here, but the answer comes too late for the portal
            self.answers.append(200)
            return 200

    def received(self, event_type: str) -> dict:
        """The data of the last event of this type the platform acted on."""
        event_ids = [event_id for kind, event_id in self.effects if kind == event_type]
        assert event_ids, f"no {event_type} received"
        return self.data[event_ids[-1]]

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
