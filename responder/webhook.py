"""The Flask edge: verify, parse, enqueue, answer — nothing else on the hot path.

Divar retries a delivery that does not get a 2xx, so the answers are chosen with that
in mind: 401/400/413 for requests that will never be valid (Divar should stop), 503 when
the queue is unreachable (Divar should retry: the message is not lost), 200 once queued.
"""

from __future__ import annotations

import hmac
import json
import logging
import uuid
from datetime import datetime, timezone

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from responder.config import Settings
from responder.events import Message, PayloadError, parse
from responder.queues import Queue
from responder.worker import Delivery

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024


def create_app(settings: Settings | None = None, queue: Queue | None = None) -> Flask:
    """App factory: ``gunicorn 'responder.webhook:create_app()'`` reads the environment."""
    settings = settings or Settings.from_env()
    if queue is None:
        from responder.wiring import build_queue

        queue = build_queue(settings)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.extensions["responder.queue"] = queue
    expected_key = settings.identification_key.encode()

    @app.post("/webhook")
    def webhook() -> tuple[Response, int]:
        given = request.headers.get("Authorization", "").strip().encode()
        if not hmac.compare_digest(given, expected_key):
            return _error(401, "unauthorized", "Authorization header is not this service's identification key")
        received_at = datetime.now(timezone.utc)
        try:
            body = json.loads(request.get_data(cache=False))
        except (ValueError, RecursionError):
            return _error(400, "invalid_json", "body is not valid JSON")
        try:
            event = parse(body)
        except PayloadError as exc:
            return _error(400, "invalid_payload", exc.problem, field=exc.field)
        try:
            if isinstance(event, Message):
                queue.enqueue_message(Delivery(event, uuid.uuid4().hex, received_at))
                return jsonify(status="queued", message_id=event.id), 200
            queue.enqueue_event(event.type, event.payload, received_at)
            return jsonify(status="recorded", type=event.type), 200
        except Exception:
            log.exception("could not enqueue; answering 503 so Divar delivers again")
            return _error(503, "queue_unavailable", "could not queue the message; please retry")

    @app.get("/healthz")
    def health() -> tuple[Response, int]:
        return jsonify(status="ok", dry_run=settings.dry_run, embedded=settings.embedded), 200

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response, int]:
        code = exc.code or 500
        if code == 413:
            return _error(413, "too_large", f"body is larger than {MAX_BODY // 1024} KiB")
        return _error(code, exc.name.lower().replace(" ", "_"), exc.description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response, int]:
        log.exception("unexpected error in the webhook")
        return _error(500, "internal_error", "unexpected error; it has been logged")

    return app


def _error(status: int, code: str, message: str, **extra: str) -> tuple[Response, int]:
    return jsonify(error=code, message=message, **extra), status
