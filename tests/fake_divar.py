"""A real HTTP server on 127.0.0.1 standing in for Divar, built from Divar's documents.

It answers what divar-ir/kenar-docs documents and refuses the rest, the way Divar does, so
the suite sees a wrong URL, host or header (``docs/`` paths below; OpenAPI =
``static/openapi-v3.json`` at e869afac):

* Unknown paths: 404; a known path with another method: 405. Errors are shaped like
  Divar's ``googleRpcStatus``: ``{"code", "message", "details"}`` (OpenAPI ``default`` responses).
* Every API path (not OAuth's) needs ``x-api-key`` (OpenAPI ``security: APIKey``), else 401.
* A user token goes in ``Authorization: Bearer``; one in ``x-access-token`` (the header
  Divar dropped, ``docs/migrations/2025-04-27.md``) or none at all is a 401.  With
  ``check_tokens`` an unknown or revoked token is a 401 too; a known token must carry the
  scope the path needs (OpenAPI ``security: OAuth``), else 403.
* ``POST /v1/open-platform/events/subscriptions``: ``event_type`` must be in the OpenAPI
  enum (``NEW_MESSAGE_ON_POST``, ``POST_UPDATE``), unknown body fields are refused; answers
  ``{}`` (``docs/events/ReadMe.md``, commit ff303af).
* ``POST /v2/open-platform/conversations/{id}/messages``: ``message`` required, at most 3
  rows of 3 buttons, ``icon`` in the OpenAPI enum ``DivarIconsIconName``; answers
  ``{"status", "message"}`` (OpenAPI ``chatapiConversationSendMessageResponse``).
* ``POST /v1/open-platform/notify/chat/post-conversations``: the legacy registration
  (kenar-docs d74e0696 "Fix endpoint"; deprecated by ``docs/migrations/002_send_message_v2+events.md``).
* ``POST /v2/open-platform/chat/conversation``: the old send only (``user_id``, ``post_token``,
  ``peer_id``, ``message``; the ``-`` lines of migration 002).  A registration body sent
  there (the seed's wrong URL) is a 400.
* With :meth:`FakeDivar.echo_to`, each send to a conversation it accepted comes back to the
  app's events URL as Divar's events carry bot messages: a ``NEW_MESSAGE`` whose sender is
  ``{"side": "SELLER", "type": "BOT"}``, with ``Authorization: <identification key>``
  (``docs/events/ReadMe.md``, ``docs/events/chat.md``).  Posted from another thread once the
  send is accepted, whether or not the sender is still there to read the answer; posted
  once (no page documents a retry of a failed delivery).  The legacy send echoes nothing:
  nothing documents what the deprecated per-post stream carried.
* ``GET /v1/open-platform/finder/post/{token}`` (API key only; ``docs/post/get_post.md``):
  the posts added with :meth:`FakeDivar.add_post`, else 404.
* ``GET /v1/open-platform/users`` (scope ``USER_ID``): ``{"user_id"}`` of the token's seller.
* OAuth (``docs/oauth/ReadMe.md``): ``GET /oauth2/auth`` is the consent screen (the
  ``client_id`` and ``redirect_uri`` must be the app's, else 400); ``POST /oauth2/token``
  (form) checks ``client_id``, ``client_secret`` and ``redirect_uri``, hands a
  ``refresh_token`` only when ``offline_access`` was granted, and a refresh must carry
  ``code`` = the current access token.  Both tokens rotate; the old refresh token is dead
  at once (the real server's two-minute grace is not modelled).

Scripts override the answer of the next POST (a send, a subscription, a token request):
``fail_next(500)``, ``fail_next(429, retry_after=1)``, ``slow_next(2.0)``; or of the next
request to one ``path=`` (GETs, such as the finder's, only this way).
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from responder.engine.divar_icons import ICON_NAMES  # data extracted from the OpenAPI file
from tests.fake_divar_oauth import AUTHORIZE_PATH, TOKEN_PATH, FakeOAuth, Scripted, _Token

EVENTS_SUBSCRIPTION_PATH = "/v1/open-platform/events/subscriptions"
LEGACY_REGISTER_PATH = "/v1/open-platform/notify/chat/post-conversations"
LEGACY_SEND_PATH = "/v2/open-platform/chat/conversation"
FINDER_PATH = "/v1/open-platform/finder/post/"
USERS_PATH = "/v1/open-platform/users"
SEND_PATH = re.compile(r"^/v2/open-platform/conversations/([^/]+)/messages$")
EVENT_TYPES = ("NEW_MESSAGE_ON_POST", "POST_UPDATE")  # OpenAPI RegisterEventSubscriptionRequestEventType
ALL_SEND = "CHAT_SUPPLIER_ALL_CONVERSATIONS_MESSAGE_SEND"
ALL_READ = "CHAT_SUPPLIER_ALL_CONVERSATIONS_READ"
# gRPC status codes Divar's gateway puts in ``code``
INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, RESOURCE_EXHAUSTED, UNIMPLEMENTED, UNAUTHENTICATED = 3, 5, 7, 8, 12, 16
PER_MINUTE_429 = {"code": RESOURCE_EXHAUSTED, "message": "rate limit exceeded: too many requests per minute", "details": []}
DAILY_QUOTA_429 = {"code": RESOURCE_EXHAUSTED, "message": "daily quota exceeded for this app", "details": []}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int | None = None  # what the fake answered (None while it is still answering)

    @property
    def access_token(self) -> str | None:
        """The seller's token this request carried in ``Authorization: Bearer``."""
        auth = self.headers.get("authorization", "")
        return auth[len("Bearer ") :] if auth.startswith("Bearer ") else None

    @property
    def route(self) -> str:
        return urlsplit(self.path).path


def _error(status: int, code: int, message: str) -> Scripted:
    return Scripted(status, {"code": code, "message": message, "details": []})


class FakeDivar(FakeOAuth):
    def __init__(
        self, check_tokens: bool = False, expires_in: int = 3600, client_id: str | None = None,
        client_secret: str | None = None, redirect_uris: tuple[str, ...] = (), port: int = 0,
    ) -> None:  # fmt: skip
        self.requests: list[Recorded] = []
        self.check_tokens = check_tokens
        self.expires_in = expires_in
        # The app as registered in the Kenar panel; None/empty: any non-empty value is the app's.
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = redirect_uris
        self.refuse_consent = False  # GET /oauth2/auth: the seller presses "deny"
        self.user_id = "seller-1"  # the seller who consents on the consent screen
        self.posts: dict[str, dict[str, Any]] = {}  # the finder API's posts
        self.conversations: dict[str, str] = {}  # conversation id → post token (for scope checks)
        self._script: list[Scripted] = []
        self._lock = threading.Lock()
        self._codes: dict[str, tuple[str, str, str | None]] = {}  # code → (scope, user id, redirect_uri)
        self._access: dict[str, _Token] = {}  # live access tokens
        self._refresh: dict[str, tuple[str, _Token]] = {}  # live refresh token → (its access token, grant)
        self._serial = itertools.count(1)
        self._echo: tuple[str, str] | None = None  # (events URL, identification key): see echo_to
        self._echo_loss: tuple[float, random.Random] = (0.0, random.Random(11))
        self._echoer: ThreadPoolExecutor | None = None
        self.echoes: list[tuple[dict[str, Any], int | str]] = []  # each echo posted, and the answer (a status, or the error)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # Divar's API keeps connections alive (HTTP/1.1); every answer below sets Content-Length.
            protocol_version = "HTTP/1.1"
            # The head and the body are two writes: with Nagle's algorithm on, the body waited for
            # the client's delayed ACK of the head, 40 ms on Linux, on every call of the suite's.
            disable_nagle_algorithm = True

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                body: Any
                if self.command == "GET":
                    body = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                elif "application/x-www-form-urlencoded" in headers.get("content-type", ""):
                    body = {k: v[-1] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
                else:
                    try:
                        body = json.loads(raw) if raw else None
                    except ValueError:
                        body = raw.decode(errors="replace")
                recorded = Recorded(self.command, self.path, headers, body)
                with fake._lock:
                    fake.requests.append(recorded)
                    step = fake._take_step(self.command, self.path)
                if step is None:
                    step = Scripted(passthrough=True)
                if step.delay:
                    time.sleep(step.delay)
                if step.passthrough:
                    step = fake._answer(recorded)
                recorded.status = step.status
                try:
                    self.send_response(step.status)
                    for name, value in step.headers.items():
                        self.send_header(name, value)
                    if step.status == 302:
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    payload = json.dumps(step.body).encode()
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815 - http.server's naming

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # the stdlib's 5 drops connects under load (1 s SYN retries)

            def handle_error(self, request: Any, client_address: Any) -> None:
                if not isinstance(sys.exc_info()[1], ConnectionError):  # a killed client's kept-alive connection
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> FakeDivar:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._echoer is not None:
            self._echoer.shutdown(wait=False, cancel_futures=True)

    # -- echoes ---------------------------------------------------------------------------

    def echo_to(self, url: str | None, identification_key: str = "", threads: int = 4, lose: float = 0.0) -> None:
        """Post each accepted conversation send back to ``url`` (the app's events URL) as a
        SELLER/BOT ``NEW_MESSAGE``; None stops it.  The conversation's post token comes from
        :attr:`conversations` (``docs/events/chat.md``: a POST conversation names its post).
        ``lose``: the share of echoes never posted, at random (a delivery Divar gave up on)."""
        with self._lock:
            self._echo = (url, identification_key) if url else None
            self._echo_loss = (lose, random.Random(11))
            if url and self._echoer is None:
                self._echoer = ThreadPoolExecutor(threads, thread_name_prefix="fake-divar-echo")

    def _post_echo(self, url: str, key: str, event: dict[str, Any]) -> None:
        request = urllib.request.Request(url, json.dumps(event, ensure_ascii=False).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": key})  # fmt: skip
        answer: int | str
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                answer = response.status
        except urllib.error.HTTPError as exc:
            answer = exc.code
        except OSError as exc:  # the app is down: Divar documents no second try
            answer = f"{type(exc).__name__}: {exc}"
        with self._lock:
            self.echoes.append((event, answer))

    def _schedule_echo(self, conversation: str, text: str) -> None:
        """Called under the lock, as the send is accepted."""
        if self._echo is None or self._echoer is None:
            return
        lose, rng = self._echo_loss
        if lose and rng.random() < lose:
            self.echoes.append(({"lost": conversation}, "lost"))
            return
        event = {
            "type": "NEW_MESSAGE", "metadata": {},
            "new_message": {
                "id": str(uuid.uuid4()), "type": "TEXT", "text": text, "sent_at": int(time.time() * 1_000_000),
                "conversation": {"id": conversation, "type": "POST", "post_token": self.conversations.get(conversation, "")},
                "sender": {"side": "SELLER", "type": "BOT"},
            },
        }  # fmt: skip
        self._echoer.submit(self._post_echo, *self._echo, event)

    # -- scripting ----------------------------------------------------------------------

    def fail_next(
        self, status: int, body: Any = None, retry_after: float | None = None, times: int = 1, path: str | None = None
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        default = PER_MINUTE_429 if status == 429 else {"code": 2, "message": "scripted failure", "details": []}
        with self._lock:
            self._script.extend(Scripted(status, body or default, headers, path=path) for _ in range(times))

    def slow_next(self, seconds: float, path: str | None = None) -> None:
        """Delay the next answer (then answer as if unscripted)."""
        with self._lock:
            self._script.append(Scripted(delay=seconds, path=path, passthrough=True))

    def fail_next_refresh(self, status: int = 400, body: Any = None) -> None:
        """The next token request fails (400 invalid_grant by default)."""
        self.fail_next(status, body or ({"error": "invalid_grant"} if status < 500 else {"error": "server_error"}), path=TOKEN_PATH)

    def _take_step(self, method: str, path: str) -> Scripted | None:
        for index, step in enumerate(self._script):
            if step.applies_to(method, path):
                return self._script.pop(index)
        return None

    # -- Divar's data ---------------------------------------------------------------------

    def add_post(self, token: str, **fields: Any) -> None:
        """A post the finder API knows (fields as in ``docs/post/get_post.md``)."""
        with self._lock:
            self.posts[token] = {"token": token, **fields}

    # -- the API ----------------------------------------------------------------------------

    def _answer(self, r: Recorded) -> Scripted:
        """The unscripted answer, as Divar's documents say it would be."""
        route, body = r.route, r.body
        with self._lock:
            if route == AUTHORIZE_PATH:
                return self._authorize(body) if r.method == "GET" else _error(405, UNIMPLEMENTED, "Method Not Allowed")
            if route == TOKEN_PATH:
                return self._token(body if isinstance(body, dict) else {}) if r.method == "POST" else _error(405, UNIMPLEMENTED, "Method Not Allowed")
            send = SEND_PATH.match(route)
            known = {
                EVENTS_SUBSCRIPTION_PATH: "POST", LEGACY_REGISTER_PATH: "POST", LEGACY_SEND_PATH: "POST", USERS_PATH: "GET",
            }  # fmt: skip
            method = "POST" if send else "GET" if route.startswith(FINDER_PATH) else known.get(route)
            if method is None:
                return _error(404, NOT_FOUND, "Not Found")
            if r.method != method:
                return _error(405, UNIMPLEMENTED, "Method Not Allowed")
            if not r.headers.get("x-api-key"):
                return _error(401, UNAUTHENTICATED, "missing API key (x-api-key)")
            if route.startswith(FINDER_PATH):
                post = self.posts.get(route[len(FINDER_PATH) :])
                return Scripted(200, post) if post else _error(404, NOT_FOUND, "post not found")
            if "x-access-token" in r.headers and "authorization" not in r.headers:
                return _error(401, UNAUTHENTICATED, "x-access-token is no longer read: send Authorization: Bearer <token>")
            if r.access_token is None:
                return _error(401, UNAUTHENTICATED, "missing Authorization: Bearer <access token>")
            token = self._access.get(r.access_token)
            if token is None and self.check_tokens:
                return _error(401, UNAUTHENTICATED, "invalid or expired access token")
            if method == "POST" and not isinstance(body, dict):
                return _error(400, INVALID_ARGUMENT, "body must be a JSON object")
            if send:
                return self._send(send.group(1), body, token)
            if route == EVENTS_SUBSCRIPTION_PATH:
                return self._subscribe(body, token)
            if route == LEGACY_REGISTER_PATH:
                return self._legacy(body, token, ("post_token", "endpoint", "identification_key"), "CHAT_POST_CONVERSATIONS_READ")
            if route == LEGACY_SEND_PATH:
                return self._legacy(body, token, ("user_id", "post_token", "peer_id", "message"), "CHAT_POST_CONVERSATIONS_MESSAGE_SEND",
                                    allowed=("type",))  # fmt: skip
            if token is not None and not _has(token, "USER_ID"):
                return _error(403, PERMISSION_DENIED, "the token lacks scope USER_ID")
            return Scripted(200, {"user_id": token.user_id if token else self.user_id})

    def _subscribe(self, body: dict[str, Any], token: _Token | None) -> Scripted:
        unknown = set(body) - {"event_type", "event_resource_id", "metadata"}
        if unknown:
            return _error(400, INVALID_ARGUMENT, f"unknown field(s): {', '.join(sorted(unknown))}")
        kind, resource = body.get("event_type"), body.get("event_resource_id")
        if kind not in EVENT_TYPES:
            return _error(400, INVALID_ARGUMENT, f"invalid event_type {kind!r}")
        if "metadata" in body and not isinstance(body["metadata"], dict):
            return _error(400, INVALID_ARGUMENT, "metadata must be an object")
        if token is not None:
            needed = ("USER_POSTS_GET",) if kind == "POST_UPDATE" else (ALL_READ,) if not resource else (
                ALL_READ, f"CHAT_POST_CONVERSATIONS_READ.{resource}")  # fmt: skip
            if not any(_has(token, scope) for scope in needed):
                return _error(403, PERMISSION_DENIED, f"the token lacks scope {' or '.join(needed)}")
        return Scripted(200, {})

    def _send(self, conversation: str, body: dict[str, Any], token: _Token | None) -> Scripted:
        unknown = set(body) - {"type", "message", "media_token", "sender_buttons", "receiver_buttons"}
        if unknown:
            return _error(400, INVALID_ARGUMENT, f"unknown field(s): {', '.join(sorted(unknown))}")
        if not isinstance(body.get("message"), str) or not body["message"]:
            return _error(400, INVALID_ARGUMENT, "message is required")
        if body.get("type", "TEXT") != "TEXT":
            return _error(400, INVALID_ARGUMENT, "type: only TEXT")
        for side in ("sender_buttons", "receiver_buttons"):
            problem = _buttons_problem(body.get(side))
            if problem:
                return _error(400, INVALID_ARGUMENT, f"{side}: {problem}")
        if token is not None:
            post = self.conversations.get(conversation)
            scopes = token.scope.split()
            allowed = ALL_SEND in scopes or f"CONVERSATION_SEND_MESSAGE.{conversation}" in scopes or any(
                s == f"CHAT_POST_CONVERSATIONS_MESSAGE_SEND.{post}" if post else s.startswith("CHAT_POST_CONVERSATIONS_MESSAGE_SEND.")
                for s in scopes
            )  # fmt: skip
            if not allowed:
                return _error(403, PERMISSION_DENIED, "the token may not send in this conversation")
        self._schedule_echo(conversation, body["message"])
        return Scripted(200, {"status": 200, "message": "message sent"})

    def _legacy(
        self, body: dict[str, Any], token: _Token | None, required: tuple[str, ...], scope: str, allowed: tuple[str, ...] = ()
    ) -> Scripted:
        unknown = set(body) - set(required) - set(allowed)
        if unknown:
            return _error(400, INVALID_ARGUMENT, f"unknown field(s): {', '.join(sorted(unknown))}")
        missing = [name for name in required if not isinstance(body.get(name), str) or not body[name]]
        if missing:
            return _error(400, INVALID_ARGUMENT, f"missing: {', '.join(missing)}")
        if token is not None and not _has(token, f"{scope}.{body['post_token']}"):
            return _error(403, PERMISSION_DENIED, f"the token lacks scope {scope}.{body['post_token']}")
        return Scripted(200, {})

    # -- what happened --------------------------------------------------------------------

    def sends(self) -> list[Recorded]:
        """The chat messages sent (both send endpoints); never subscriptions."""
        with self._lock:
            return [r for r in self.requests if r.route == LEGACY_SEND_PATH or SEND_PATH.match(r.route)]

    def subscriptions(self) -> list[Recorded]:
        """Both kinds of subscription requests: legacy registrations and events subscriptions."""
        with self._lock:
            return [r for r in self.requests if r.route in (LEGACY_REGISTER_PATH, EVENTS_SUBSCRIPTION_PATH)]

    def token_requests(self, grant_type: str | None = None) -> list[Recorded]:
        """Requests to the OAuth token endpoint (optionally of one grant type)."""
        with self._lock:
            return [
                r for r in self.requests
                if r.route == TOKEN_PATH
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


def _has(token: _Token, scope: str) -> bool:
    return scope in token.scope.split()


def _buttons_problem(grid: Any) -> str | None:
    """What Divar would refuse in a ButtonGrid (``docs/chat/users_conversations.md``), or None."""
    if grid is None:
        return None
    rows = grid.get("rows") if isinstance(grid, dict) else None
    if not isinstance(rows, list) or len(rows) > 3:
        return "rows: a list of at most 3"
    for row in rows:
        buttons = row.get("buttons") if isinstance(row, dict) else None
        if not isinstance(buttons, list) or len(buttons) > 3:
            return "buttons: a list of at most 3 per row"
        for button in buttons:
            if not isinstance(button, dict) or not isinstance(button.get("action"), dict):
                return "each button needs an action"
            if "icon" in button and button["icon"] not in ICON_NAMES:
                return f"icon {button['icon']!r} is not a DivarIconsIconName"
    return None


def main() -> None:
    """``python -m tests.fake_divar``: the fake as a stand-in Divar, to try connecting posts by hand."""
    import argparse

    parser = argparse.ArgumentParser(description="A local stand-in for Divar's Kenar API and OAuth server.")
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--public-url", default="http://localhost:8000", help="responder's PUBLIC_URL")
    args = parser.parse_args()
    fake = FakeDivar(check_tokens=True, client_id="my-app", client_secret="s3cret",
                     redirect_uris=(f"{args.public_url}/oauth/callback",), port=args.port)  # fmt: skip
    fake.add_post("AZir15UU", category="mobile-phones", city="tehran", district="nazi-abad",
                  data={"title": "سامسونگ Galaxy J2", "price": {"mode": "مقطوع", "value": 1100000}})  # fmt: skip
    print(f"fake Divar on {fake.url}: app slug my-app, client secret s3cret, redirect {args.public_url}/oauth/callback;"
          " the consent screen allows at once; post AZir15UU is known to the finder", flush=True)  # fmt: skip
    try:
        fake.server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        fake.server.server_close()


if __name__ == "__main__":
    main()
