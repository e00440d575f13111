"""Celery tasks: the worker edge.  ``celery -A responder.tasks worker`` or ``responder worker``.

Tasks are thin: rebuild the :class:`Delivery`, call :meth:`Responder.handle`, turn
:class:`RetryLater` into a Celery retry (same task id and claim owner, the attempt
number carried in the arguments).  Infrastructure hiccups (Redis or the database briefly away) retry too:
the message is never dropped for them.
"""

from __future__ import annotations

import os
import threading
from datetime import datetime
from typing import Any

import redis
from celery.signals import worker_ready
from sqlalchemy.exc import OperationalError

from responder.config import Settings
from responder.guard import guarded
from responder.privacy import Retention
from responder.store import Store
from responder.wiring import build_responder, build_services, make_celery
from responder.worker import Delivery, Responder, RetryLater

app = make_celery(os.environ.get("REDIS_URL", "").strip())

_responder: Responder | None = None
_lock = threading.Lock()


def responder() -> Responder:
    """The worker's Responder, built on first use from the environment."""
    global _responder
    with _lock:
        if _responder is None:
            _responder = build_responder(build_services(Settings.from_env()))
        return _responder


@app.task(
    name="responder.handle_message", bind=True, max_retries=None,
    autoretry_for=(redis.ConnectionError, OperationalError), retry_backoff=True, retry_backoff_max=300,
)  # fmt: skip
@guarded(lambda: responder())
def handle_message(self: Any, data: dict[str, Any]) -> str | None:
    delivery = Delivery.from_dict(data)
    try:
        return responder().handle(delivery)
    except RetryLater as retry:
        raise self.retry(args=[delivery.next_attempt(retry).to_dict()], countdown=retry.countdown) from None


@app.task(
    name="responder.record_event", bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=10,
)  # fmt: skip
@guarded(lambda: responder())
def record_event(self: Any, kind: str, payload: dict[str, Any], received_at: str) -> None:
    responder().handle_event(kind, payload, datetime.fromisoformat(received_at))


@worker_ready.connect
def start_retention(**_: Any) -> None:
    """Clear old chat text from each worker's main process: no beat scheduler to run.

    Each round opens the database and closes it again: a database that is away at start
    is tried again an hour later, and a pool process forked in between (to replace one
    that died) inherits no connection."""
    settings = Settings.from_env()

    def purge(before: datetime) -> int:
        store = Store.from_settings(settings)
        try:
            return store.purge(before)
        finally:
            store.engine.dispose()

    Retention(purge, settings.chat_retention_days).start()
