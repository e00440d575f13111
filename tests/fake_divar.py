"""A real HTTP server on 127.0.0.1 standing in for Divar's API in tests.

It records every request and answers from a script: ``fail_next(500)``,
``fail_next(429, retry_after=1)``, ``fail_next(412, body={...})``, ``slow_next(2.0)``.
A scripted answer applies to the next request of any path, or only to the next request
of one path with ``path=...``.  Unscripted requests get 200 ``{}``, except:

* ``POST /oauth2/token`` (form-encoded; the parsed form is recorded as the body) is
  Divar's OAuth token endpoint: ``grant_type=authorization_code`` with a code registered
  by :meth:`FakeDivar.issue_code`, or ``grant_type=refresh_token`` with a live refresh
  token (both tokens rotate; the old refresh token is dead at once — the real server's
  two-minute grace is not modelled).  Anything else: 400 ``{"error": "invalid_grant"}``.
  :meth:`FakeDivar.fail_next_refresh` makes the next refresh fail.
* ``GET /oauth2/auth`` is the seller's consent screen: it redirects to ``redirect_uri``
  with the ``state`` and a fresh code for the requested scopes (no code when
  ``refuse_consent`` is set).
* With ``check_tokens`` on, chat sends and subscriptions must carry a live access token
  (``x-access-token`` or ``Authorization: Bearer``), else 401.

Subscriptions (``/v1/open-platform/events/subscriptions``, and the legacy one: the legacy
send path with ``endpoint`` in the body) are listed by :meth:`FakeDivar.subscriptions`,
never by :meth:`FakeDivar.sends`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

TOKEN_PATH = "/oauth2/token"
AUTHORIZE_PATH = "/oauth2/auth"
LEGACY_PATH = "/v2/open-platform/chat/conversation"
EVENTS_SUBSCRIPTION_PATH = "/v1/open-platform/events/subscriptions"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int | None = None  # what the fake answered (None while it is still answering)

    @property
    def access_token(self) -> str | None:
        """The seller's token this request carried (either header style)."""
        if "x-access-token" in self.headers:
            return self.headers["x-access-token"]
        auth = self.headers.get("authorization", "")
        return auth[len("Bearer ") :] if auth.startswith("Bearer ") else None


@dataclass
class Scripted:
    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    path: str | None = None  # None: the next request of any path
    passthrough: bool = False  # only delay, then answer as unscripted (slow_next)

    def applies_to(self, path: str) -> bool:
        return self.path is None or urlsplit(path).path == self.path


class FakeDivar:
    def __init__(self, check_tokens: bool = False, expires_in: int = 3600) -> None:
        self.requests: list[Recorded] = []
        self.check_tokens = check_tokens
        self.expires_in = expires_in
        self.refuse_consent = False  # GET /oauth2/auth: the seller presses "deny"
        self._script: list[Scripted] = []
        self._lock = threading.Lock()
        self._codes: dict[str, str] = {}  # code → scope
        self._refresh_tokens: dict[str, str] = {}  # live refresh token → scope
        self._access_tokens: set[str] = set()  # live access tokens
        self._serial = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                path = urlsplit(self.path).path
                content_type = self.headers.get("Content-Type", "")
                if "application/x-www-form-urlencoded" in content_type:
                    body: Any = {k: v[-1] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
                else:
                    try:
                        body = json.loads(raw) if raw else None
                    except ValueError:
                        body = raw.decode(errors="replace")
                recorded = Recorded("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with fake._lock:
                    fake.requests.append(recorded)
                    step = fake._take_step(self.path)
                if step is None:
                    step = Scripted(passthrough=True)
                if step.delay:
                    time.sleep(step.delay)
                if step.passthrough:
                    step = fake._answer(path, recorded)
                recorded.status = step.status
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

            def do_GET(self) -> None:  # noqa: N802 - the seller's consent screen
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                with fake._lock:
                    fake.requests.append(Recorded("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, query))
                    refuse = fake.refuse_consent
                if parts.path != AUTHORIZE_PATH or "redirect_uri" not in query:
                    self.send_response(404)
                    self.end_headers()
                    return
                answer = {"state": query.get("state", "")}
                if not refuse:  # the seller pressed "allow": a code for exactly the asked scopes
                    answer["code"] = fake.issue_code(f"code-{next(fake._serial)}", query.get("scope", ""))
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?{urlencode(answer)}")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> FakeDivar:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- scripting ----------------------------------------------------------------------

    def fail_next(
        self, status: int, body: Any = None, retry_after: float | None = None, times: int = 1, path: str | None = None
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self._lock:
            self._script.extend(Scripted(status, body or {"message": "scripted failure"}, headers, path=path) for _ in range(times))

    def slow_next(self, seconds: float, path: str | None = None) -> None:
        """Delay the next answer (then answer as if unscripted)."""
        with self._lock:
            self._script.append(Scripted(delay=seconds, path=path, passthrough=True))

    def fail_next_refresh(self, status: int = 400, body: Any = None) -> None:
        """The next ``grant_type=refresh_token`` request fails (400 invalid_grant by default)."""
        self.fail_next(status, body or ({"error": "invalid_grant"} if status < 500 else {"error": "server_error"}), path=TOKEN_PATH)

    def _take_step(self, path: str) -> Scripted | None:
        for index, step in enumerate(self._script):
            if step.applies_to(path):
                return self._script.pop(index)
        return None

    # -- OAuth ----------------------------------------------------------------------------

    def issue_code(self, code: str, scope: str = "") -> str:
        """Register an authorization code the token endpoint will accept once."""
        with self._lock:
            self._codes[code] = scope
        return code

    def grant(self, scope: str = "") -> dict[str, Any]:
        """Mint a live token pair directly (no request recorded), as if a code had been exchanged."""
        with self._lock:
            return self._mint(scope)

    def revoke(self, access_token: str) -> None:
        """Divar no longer accepts this access token (matters with ``check_tokens``)."""
        with self._lock:
            self._access_tokens.discard(access_token)

    def live_refresh_tokens(self) -> set[str]:
        with self._lock:
            return set(self._refresh_tokens)

    def _mint(self, scope: str) -> dict[str, Any]:
        n = next(self._serial)
        pair = {"access_token": f"access-{n}", "refresh_token": f"refresh-{n}", "expires_in": self.expires_in,
                "scope": scope, "token_type": "Bearer"}  # fmt: skip
        self._access_tokens.add(pair["access_token"])
        self._refresh_tokens[pair["refresh_token"]] = scope
        return pair

    def _answer(self, path: str, recorded: Recorded) -> Scripted:
        """The unscripted answer: the token endpoint, token checks, else 200 {}."""
        with self._lock:
            if path == TOKEN_PATH:
                form = recorded.body if isinstance(recorded.body, dict) else {}
                grant_type = form.get("grant_type")
                if grant_type == "authorization_code" and form.get("code") in self._codes:
                    return Scripted(200, self._mint(self._codes.pop(form["code"])))
                if grant_type == "refresh_token" and form.get("refresh_token") in self._refresh_tokens:
                    return Scripted(200, self._mint(self._refresh_tokens.pop(form["refresh_token"])))
                return Scripted(400, {"error": "invalid_grant", "error_description": "unknown or used code/token"})
            guarded = path == LEGACY_PATH or path == EVENTS_SUBSCRIPTION_PATH or path.endswith("/messages")
            if self.check_tokens and guarded and recorded.access_token not in self._access_tokens:
                return Scripted(401, {"message": "invalid access token"})
        return Scripted()

    # -- what happened --------------------------------------------------------------------

    def sends(self) -> list[Recorded]:
        """The chat messages sent (both send endpoints); never the legacy subscriptions."""
        with self._lock:
            return [r for r in self.requests if _is_send(r)]

    def subscriptions(self) -> list[Recorded]:
        """Both kinds of subscription requests: legacy (``endpoint`` in the body) and events."""
        with self._lock:
            return [r for r in self.requests if _is_legacy_subscription(r) or urlsplit(r.path).path == EVENTS_SUBSCRIPTION_PATH]

    def token_requests(self, grant_type: str | None = None) -> list[Recorded]:
        """Requests to the OAuth token endpoint (optionally of one grant type)."""
        with self._lock:
            return [
                r for r in self.requests
                if urlsplit(r.path).path == TOKEN_PATH
                and (grant_type is None or (isinstance(r.body, dict) and r.body.get("grant_type") == grant_type))
            ]  # fmt: skip

    def refreshes(self) -> list[Recorded]:
        return self.token_requests("refresh_token")

    def wait_for_sends(self, count: int, timeout: float = 20.0) -> list[Recorded]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.sends()) >= count:
                return self.sends()
            time.sleep(0.05)
        return self.sends()


def _is_legacy_subscription(r: Recorded) -> bool:
    return urlsplit(r.path).path == LEGACY_PATH and isinstance(r.body, dict) and "endpoint" in r.body


def _is_send(r: Recorded) -> bool:
    path = urlsplit(r.path).path
    if path == LEGACY_PATH:
        return not _is_legacy_subscription(r)
    return path.endswith("/chat/conversation") or path.endswith("/messages")
