"""The Flask edge: verify, parse, enqueue, answer — nothing else on the hot path.

Answers are chosen for a sender that may deliver again: 403/401/400/413 for requests that
can never become valid (403: a source outside ``DIVAR_SOURCE_IPS``), 503 when the queue is
unreachable (a redelivery can still succeed, so the message is not lost), 200 only once
the message is queued.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import threading
import time
from datetime import datetime, timezone
from functools import partial

from flask import Flask, Response, jsonify, redirect, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from responder import console, limits
from responder.broker import new_id
from responder.config import Settings
from responder.events import Message, PayloadError
from responder.onboarding import Onboarding, blueprint
from responder.queues import Backlogged, Queue
from responder.store import Store
from responder.tokens import key_matches
from responder.wiring import Services, build_queue, build_services
from responder.worker import Delivery

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024


def create_app(settings: Settings | None = None, queue: Queue | None = None, services: Services | None = None) -> Flask:
    """App factory: ``gunicorn 'responder.webhook:create_app()'`` reads the environment."""
    settings = settings or Settings.from_env()
    services = services or build_services(settings)
    queue = queue or build_queue(services)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    if settings.trusted_proxies:  # the client address is the one the nearest trusted proxy saw
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies)  # type: ignore[method-assign]
    sources = [ipaddress.ip_network(network) for network in settings.webhook_sources]
    expected_key = settings.identification_key.encode()
    post_keys = PostKeys(services.store)
    app.register_blueprint(blueprint(Onboarding(services)))
    console.register(app, services, queue)  # /logs: the seller's console, and the HTML pages' headers

    @app.post("/webhook")
    def webhook() -> tuple[Response, int]:
        if sources and not _from(request.remote_addr, sources):
            log.warning("webhook call from %s refused: not in DIVAR_SOURCE_IPS (behind a proxy? set TRUSTED_PROXIES)",
                        request.remote_addr)  # fmt: skip
            return _error(403, "forbidden_source", "this address may not call the webhook")
        given = request.environ.get("HTTP_AUTHORIZATION", "").strip()  # = request.headers.get, without its wrapper
        global_key = hmac.compare_digest(given.encode(), expected_key)
        if not global_key and not (given and post_keys.any()):
            return _unauthorized(given)
        received_at = datetime.now(timezone.utc)
        try:
            raw = request.get_data(cache=False)
        except HTTPException:
            raise  # 413, a client that went away: answered by http_error
        except Exception as exc:  # a malformed chunked body: the server's parser raises its own errors
            log.info("webhook body could not be read: %s: %s", type(exc).__name__, exc)
            return _error(400, "invalid_body", "the body could not be read (malformed chunked encoding?)") if global_key \
                else _unauthorized()  # fmt: skip
        try:
            event, notes = limits.accept(raw, received_at)
        except ValueError as exc:  # PayloadError is a ValueError too
            if not global_key:
                return _unauthorized()  # say nothing about the body to an unknown sender
            if isinstance(exc, PayloadError):
                return _error(400, "invalid_payload", exc.problem, field=exc.field)
            return _error(400, "invalid_json", "body is not valid JSON")
        if not global_key and not (isinstance(event, Message) and post_keys.matches(event.post_token, given)):
            return _unauthorized()
        try:
            if isinstance(event, Message):
                note = None
                if event.role == "seller" and event.text:  # maybe Divar's echo of a reply of ours (responder.echo)
                    note = partial(services.state.remember_heard, event.conversation_key, event.text,
                                   received_at.timestamp())  # fmt: skip
                queue.enqueue_message(Delivery(event, new_id(), received_at), note)
                if notes:
                    log.warning("message %s accepted with changes: %s", event.id, "; ".join(notes))
                    return jsonify(status="queued", message_id=event.id, notes=notes), 200
                return _queued(event.id), 200
            queue.enqueue_event(event.type, event.payload, received_at)
            return jsonify(status="recorded", type=event.type), 200
        except Backlogged as full:  # the embedded queue is full: Divar delivers again later
            log.warning("webhook answered 503: %s", full)
            response, status = _error(503, "backlogged", "too many messages waiting; please retry later")
            response.headers["Retry-After"] = str(full.retry_after)
            return response, status
        except Exception:
            log.exception("could not enqueue; answering 503 so Divar delivers again")
            return _error(503, "queue_unavailable", "could not queue the message; please retry")

    @app.get("/")
    def home() -> Response:
        """A seller opening the service's address in a browser lands on the console (which says
        how to turn it on), not on a bare «Not Found»."""
        return redirect(url_for("console.conversations"), 302)

    @app.get("/healthz")
    def health() -> tuple[Response, int]:
        return jsonify(status="ok", dry_run=settings.dry_run, embedded=settings.embedded), 200

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response | str, int]:
        code = exc.code or 500
        if console.wants_page():
            return console.error_page(code)
        if code == 413:
            return _error(413, "too_large", f"body is larger than {MAX_BODY // 1024} KiB")
        return _error(code, exc.name.lower().replace(" ", "_"), exc.description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response | str, int]:
        log.exception("unexpected error in the webhook")
        if console.wants_page():
            return console.error_page(500)
        return _error(500, "internal_error", "unexpected error; it has been logged")

    return app


class PostKeys:
    """Per-post identification keys (stored hashed), cached briefly off the hot path's DB."""

    def __init__(self, store: Store, ttl: float = 10.0) -> None:
        self.store = store
        self.ttl = ttl
        self._hashes: dict[str, str] = {}
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def _current(self) -> dict[str, str]:
        if time.monotonic() - self._loaded_at > self.ttl:
            with self._lock:
                if time.monotonic() - self._loaded_at > self.ttl:
                    self._hashes = self.store.key_hashes()
                    self._loaded_at = time.monotonic()
        return self._hashes

    def any(self) -> bool:
        return bool(self._current())

    def matches(self, post_token: str, given: str) -> bool:
        stored = self._current().get(post_token)
        return stored is not None and key_matches(given, stored)


def _from(address: str | None, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:  # ::ffff:78.111.6.41 on dual-stack sockets
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def _queued(message_id: str) -> Response:
    """What ``jsonify(status="queued", message_id=...)`` answers, byte for byte (sorted keys,
    compact, ASCII, a newline), without a JSON provider's round: every message's answer."""
    return Response(f'{{"message_id":{json.dumps(message_id)},"status":"queued"}}\n', content_type="application/json")


def _unauthorized(given: str | None = None) -> tuple[Response, int]:
    """401, naming where the key comes from: a seller trying the README's curl pastes it by hand."""
    where = ("DIVAR_IDENTIFICATION_KEY, or without it the key `responder serve` printed at start "
             "(«accepts Authorization: …», a new one each start)")  # fmt: skip
    if given == "":
        return _error(401, "unauthorized", f"no Authorization header: send the identification key, {where}")
    return _error(401, "unauthorized", f"Authorization header is not a known identification key: send {where}")


def _error(status: int, code: str, message: str, **extra: str) -> tuple[Response, int]:
    return jsonify(error=code, message=message, **extra), status
