"""A real HTTP server on 127.0.0.1 standing in for Divar's API in tests.

It records every request and answers from a script: ``fail_next(500)``,
``fail_next(429, retry_after=1)``, ``fail_next(412, body={...})``, ``slow_next(2.0)``.
Unscripted requests get 200 ``{}``.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Scripted:
    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeDivar:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._script: list[Scripted] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                with fake._lock:
                    fake.requests.append(Recorded("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    step = fake._script.pop(0) if fake._script else Scripted()
                if step.delay:
                    time.sleep(step.delay)
                payload = json.dumps(step.body).encode()
                try:
                    self.send_response(step.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in step.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeDivar:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, status: int, body: Any = None, retry_after: float | None = None, times: int = 1) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self._lock:
            self._script.extend(Scripted(status, body or {"message": "scripted failure"}, headers) for _ in range(times))

    def slow_next(self, seconds: float) -> None:
        with self._lock:
            self._script.append(Scripted(delay=seconds))

    def sends(self) -> list[Recorded]:
        """The chat messages sent (both send endpoints)."""
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/conversation") or r.path.endswith("/messages")]

    def wait_for_sends(self, count: int, timeout: float = 20.0) -> list[Recorded]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.sends()) >= count:
                return self.sends()
            time.sleep(0.05)
        return self.sends()
