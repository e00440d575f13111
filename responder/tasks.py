"""Celery tasks: the worker edge.  ``celery -A responder.tasks worker`` or ``responder worker``.

Tasks are thin: rebuild the :class:`Delivery`, call :meth:`Responder.handle`, and turn
:class:`RetryLater` into a delayed retry (same claim owner, the attempt number carried in
the arguments).  Infrastructure hiccups (Redis or the database briefly away) wait the same
way: the message is never dropped for them.

A waiting retry is not a Celery ETA task: it sits in Redis (:class:`DelayedRetries`) and is
acknowledged at once, so nothing waits in the broker's unacknowledged set and its visibility
timeout can be short (``BROKER_VISIBILITY_TIMEOUT``).  Each run holds a lease on its task
id (:class:`RunLeases`), so a message handed out again while a slow worker still runs it
waits for that run instead of running beside it.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
import uuid
from datetime import datetime
from typing import Any

import redis
from celery.exceptions import Reject
from celery.signals import worker_ready
from sqlalchemy.exc import OperationalError

from responder.broker import DelayedRetries, RetryMover, RunLeases
from responder.config import Settings
from responder.guard import guarded
from responder.privacy import Retention
from responder.store import Store
from responder.trim import start_trimming
from responder.wiring import Services, build_responder, build_services, make_celery
from responder.worker import Delivery, Responder, RetryLater, backoff

log = logging.getLogger(__name__)

app = make_celery(os.environ.get("REDIS_URL", "").strip())

HANDLE_MESSAGE = "responder.handle_message"
RECORD_EVENT = "responder.record_event"
INFRASTRUCTURE = (redis.ConnectionError, redis.TimeoutError, OperationalError)
MAX_EVENT_ATTEMPTS = 10
BUSY_RECHECK_SECONDS = 5.0  # a copy of a message a live worker is running looks again this often


class _Worker:
    """What one worker process builds once: the Responder, the delayed set, its leases, and
    the thread that moves due retries and beats the process's heart (in whichever process
    runs tasks: the worker itself with threads, each child with prefork)."""

    def __init__(self, services: Services) -> None:
        # The mover's thread is a daemon and runs until the process ends: its heartbeat must
        # outlive a warm shutdown's last runs, or their leases would look abandoned.
        self.responder: Responder = build_responder(services)
        client = services.state.redis
        self.delayed = DelayedRetries(client)
        self.leases = RunLeases(client)
        self.leases.heartbeat()  # alive before the first lease names us
        self.mover = RetryMover(self.delayed, self.leases).start()
        self.trimming = start_trimming()  # freed memory back to the system: RSS stays bounded (responder.trim)


_worker: _Worker | None = None
_lock = threading.Lock()


def worker() -> _Worker:
    """The process's worker parts, built on first use from the environment."""
    global _worker
    with _lock:
        if _worker is None:
            _worker = _Worker(build_services(Settings.from_env()))
        return _worker


def responder() -> Responder:
    return worker().responder


def _forget_in_child() -> None:
    global _worker, _lock
    _worker, _lock = None, threading.Lock()  # a forked child has none of the parent's threads: build its own


os.register_at_fork(after_in_child=_forget_in_child)


@worker_ready.connect
def _start(**_: Any) -> None:
    worker()  # move due retries from the start, even before this worker's first task


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


def later(task: str, args: list[Any], countdown: float, task_id: str | None = None) -> None:
    """Queue ``task(*args)`` again in ``countdown`` seconds, as a new message (new task id).

    Raises ``redis.RedisError`` if Redis is away: :func:`leased` then returns the message
    to the queue, never drops it.
    """
    worker().delayed.add(task, args, countdown, task_id or uuid.uuid4().hex)


def leased(run: Any) -> Any:
    """Run a task body under its lease: once per message, even if the broker hands it out twice.

    Outside :func:`responder.guard.guarded`, whose poison checks then see only runs that
    hold the lease; the lease script also counts the run for it (:class:`RunLeases`).  If Redis is away (the lease, or the delayed set for a
    retry), the message is rejected back to the queue — or, if Redis cannot take that
    either, left unacknowledged for the broker to hand out again after its visibility
    timeout.  Never dropped."""

    @functools.wraps(run)
    def wrapper(self: Any, *args: Any) -> Any:
        task_id = self.request.id
        parts = worker()
        try:
            state = parts.leases.begin(task_id)
            if state == "done":
                log.info("task %s already ran; dropping the broker's second copy", task_id)
                return None
            if state == "busy":  # a live worker runs it past the visibility timeout: look again later
                later(self.name, list(args), BUSY_RECHECK_SECONDS, task_id)
                return None
            try:
                result = run(self, *args)
            except BaseException:
                parts.leases.release(task_id)  # not finished: a redelivery may run it
                raise
            parts.leases.finish(task_id)
            return result
        except redis.RedisError as exc:
            log.warning("task %s: Redis unavailable (%s); returning it to the queue", task_id, exc)
            time.sleep(1.0)  # do not spin while Redis is away
            raise Reject(str(exc), requeue=True) from None

    return wrapper


@app.task(name=HANDLE_MESSAGE, bind=True)
@leased
@guarded(lambda: responder(), lambda: worker().leases)
def handle_message(self: Any, data: dict[str, Any]) -> str | None:
    delivery = Delivery.from_dict(data)
    try:
        return responder().handle(delivery)
    except RetryLater as retry:
        later(HANDLE_MESSAGE, [delivery.next_attempt(retry).to_dict()], retry.countdown)
    except INFRASTRUCTURE as exc:  # not Divar's fault: does not use up a send attempt
        waits = int(data.get("infrastructure_waits", 0))
        log.warning("message %s: %s; trying again later", delivery.message.id, type(exc).__name__)
        later(HANDLE_MESSAGE, [{**data, "infrastructure_waits": waits + 1}], min(backoff(waits), 300.0))
    return None


@app.task(name=RECORD_EVENT, bind=True)
@leased
@guarded(lambda: responder(), lambda: worker().leases)
def record_event(self: Any, kind: str, payload: dict[str, Any], received_at: str, attempt: int = 0) -> None:
    try:
        responder().handle_event(kind, payload, datetime.fromisoformat(received_at))
    except OperationalError:
        if attempt + 1 >= MAX_EVENT_ATTEMPTS:
            raise
        later(RECORD_EVENT, [kind, payload, received_at, attempt + 1], backoff(attempt))
