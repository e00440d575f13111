"""How the webhook hands work to workers: Celery on Redis, or an in-process queue.

The webhook only ever calls :meth:`enqueue_message` / :meth:`enqueue_event`; which queue
it gets is decided once from ``REDIS_URL`` (see :func:`responder.wiring.build_queue`).
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from celery import Celery
from sqlalchemy.exc import OperationalError

from responder.worker import Delivery, Responder, RetryLater

log = logging.getLogger(__name__)

DATABASE_RETRY_SECONDS = 5.0


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

    Each job is written to the store (:meth:`Store.hold`) before the webhook answers 200 and
    released once handled, so a killed or restarted process resumes what it had accepted:
    the same promise Celery's late acknowledgement gives on Redis.  A message that was
    already logged when the process died is not sent again (the log has its outcome).
    """

    def __init__(self, responder: Responder, threads: int = 2) -> None:
        self.responder = responder
        self.store = responder.store
        self._jobs: queue.Queue[Callable[[], None]] = queue.Queue()
        for n in range(threads):
            threading.Thread(target=self._work, name=f"responder-worker-{n}", daemon=True).start()
        resumed = self.store.held_jobs()
        if resumed:
            log.warning("resuming %d job(s) accepted before the last stop", len(resumed))
        for job_id, kind, body in resumed:
            self._schedule(job_id, kind, body)

    def enqueue_message(self, delivery: Delivery) -> None:
        self._hold_and_schedule(f"message:{delivery.owner}", "message", delivery.to_dict())

    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        body = {"type": kind, "payload": payload, "received_at": received_at.isoformat()}
        self._hold_and_schedule(f"event:{uuid.uuid4().hex}", "event", body)

    def _hold_and_schedule(self, job_id: str, kind: str, body: dict[str, Any]) -> None:
        self.store.hold(job_id, kind, body)  # raises if the store is down: the webhook answers 503
        self._schedule(job_id, kind, body)

    def _schedule(self, job_id: str, kind: str, body: dict[str, Any]) -> None:
        self._jobs.put(lambda: self._run(job_id, kind, body))

    def _run(self, job_id: str, kind: str, body: dict[str, Any]) -> None:
        delivery = Delivery.from_dict(body) if kind == "message" else None
        try:
            if delivery is not None:
                self.responder.handle(delivery)
            else:
                self.responder.handle_event(body["type"], body["payload"], datetime.fromisoformat(body["received_at"]))
        except RetryLater as retry:
            later = delivery.next_attempt(retry).to_dict() if delivery is not None else body
            self._later(job_id, kind, later, retry.countdown)
            return
        except OperationalError as exc:  # the database is briefly away (SQLite locked, disk full)
            log.warning("job %s: database unavailable (%s); trying again in %.0f s", job_id, exc, DATABASE_RETRY_SECONDS)
            self._later(job_id, kind, body, DATABASE_RETRY_SECONDS)
            return
        except Exception:
            # Logged by _work.  Kept, it would fail again at every start; the worker itself
            # logs a failed outcome for every error it knows.
            self.store.release(job_id)
            raise
        self.store.release(job_id)

    def _later(self, job_id: str, kind: str, body: dict[str, Any], countdown: float) -> None:
        try:
            self.store.hold(job_id, kind, body)  # a restart resumes at this attempt
        except OperationalError:
            log.warning("job %s: could not save its next attempt; a restart resumes the previous one", job_id)
        timer = threading.Timer(countdown, self._schedule, [job_id, kind, body])
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
