"""How the webhook hands work to workers: Celery on Redis, or an in-process queue.

The webhook only ever calls :meth:`enqueue_message` / :meth:`enqueue_event`; which queue
it gets is decided once from ``REDIS_URL`` (see :func:`responder.wiring.build_queue`).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from celery import Celery

from responder.worker import Delivery, Responder, RetryLater

log = logging.getLogger(__name__)


class Queue(Protocol):
    def enqueue_message(self, delivery: Delivery) -> None: ...
    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None: ...


class CeleryQueue:
    """Producer side only: the web process needs no rules, database or Divar client."""

    def __init__(self, app: Celery) -> None:
        self.app = app

    def enqueue_message(self, delivery: Delivery) -> None:
        self.app.send_task("responder.handle_message", args=[delivery.to_dict()], task_id=delivery.owner)

    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        self.app.send_task("responder.record_event", args=[kind, payload, received_at.isoformat()])


class LocalQueue:
    """The embedded default: worker threads in the web process, same handler as Celery.

    Messages still in memory are lost if the process is killed; use Redis for production.
    """

    def __init__(self, responder: Responder, threads: int = 2) -> None:
        self.responder = responder
        self._jobs: queue.Queue[Callable[[], None]] = queue.Queue()
        for n in range(threads):
            threading.Thread(target=self._work, name=f"responder-worker-{n}", daemon=True).start()

    def enqueue_message(self, delivery: Delivery) -> None:
        self._jobs.put(lambda: self._handle(delivery))

    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        self._jobs.put(lambda: self.responder.handle_event(kind, payload, received_at))

    def _handle(self, delivery: Delivery) -> None:
        try:
            self.responder.handle(delivery)
        except RetryLater as retry:
            timer = threading.Timer(retry.countdown, self.enqueue_message, [delivery.next_attempt(retry)])
            timer.daemon = True
            timer.start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:  # one bad message must not kill the worker thread
                log.exception("job failed")
            finally:
                self._jobs.task_done()
