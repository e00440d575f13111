"""How the webhook hands work to workers: Celery on Redis, or an in-process queue.

The webhook only ever calls :meth:`enqueue_message` / :meth:`enqueue_event`; which queue
it gets is decided once from ``REDIS_URL`` (see :func:`responder.wiring.build_queue`).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import queue
import threading
import time
import uuid
from datetime import datetime
from typing import Any, Protocol

import redis
from sqlalchemy.exc import OperationalError

from responder.broker import Note, RedisProducer
from responder.limits import MAX_RUNS, died_too_often
from responder.worker import Delivery, Responder, RetryLater

log = logging.getLogger(__name__)

DATABASE_RETRY_SECONDS = 5.0
# A held job the process died in this many times runs alone at the next start.  Once is
# what a plain restart leaves on the jobs it cut off (they resume side by side as usual);
# twice is suspect.  Run alone, a crash is counted against the job that caused it, so a
# bystander is never given up: it reaches MAX_RUNS - 1 at most before the killer is isolated.
ISOLATE_AFTER = MAX_RUNS - 1


class Queue(Protocol):
    def enqueue_message(self, delivery: Delivery, note: Note | None = None) -> None:
        """``note``: Redis writes to make with the enqueue (:data:`responder.broker.Note`)."""
    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None: ...


class Backlogged(Exception):
    """The embedded queue holds as much as it may: the webhook answers 503 with ``Retry-After``.

    Divar delivers again later; the alternative, accepting without bound, turns a burst
    into memory and CPU the process does not have.
    """

    def __init__(self, waiting: int, retry_after: int) -> None:
        super().__init__(f"{waiting} job(s) waiting; try again in {retry_after} s")
        self.waiting = waiting
        self.retry_after = retry_after


class CeleryQueue:
    """Producer side only: the web process needs no rules, database or Divar client.

    One ``LPUSH`` of a pre-built Celery message per call (:class:`RedisProducer`): Celery
    workers consume it as if ``send_task`` had sent it.
    """

    def __init__(self, client: redis.Redis) -> None:
        self.producer = RedisProducer(client)

    def enqueue_message(self, delivery: Delivery, note: Note | None = None) -> None:
        self.producer.publish("responder.handle_message", [delivery.to_dict()], task_id=delivery.owner, note=note)

    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        self.producer.publish("responder.record_event", [kind, payload, received_at.isoformat()])


Job = tuple[str, str, dict[str, Any]]  # job id, kind (message | event), body


class LocalQueue:
    """The embedded default: worker threads in the web process, same handler as Celery.

    Each job is written to the store (:meth:`Store.hold`) before the webhook answers 200 and
    released once handled, so a killed or restarted process resumes what it had accepted:
    the same promise Celery's late acknowledgement gives on Redis.  A message that was
    already logged when the process died is not sent again (the log has its outcome).

    A poison job (one whose handling kills the whole process: a crash in a C extension, the
    memory killer) must not crash-loop the service.  Each run is counted in the job's held
    row, committed before it runs (:meth:`Store.start_run`); a run that ends, however,
    releases or re-holds the row, so a count found at start-up is the runs the process died
    in.  Past :data:`responder.limits.MAX_RUNS` such runs a job is logged ``failed:poison``
    and released instead of run; from :data:`ISOLATE_AFTER` on, it runs first and alone.  An ordinary exception
    ends the run (the worker logs its ``failed:`` row) and is never counted as a crash.

    ``threads`` jobs run at once (sends wait on Divar, so they overlap).  Jobs waiting for
    a retry sit in one heap that one scheduler thread watches, however many there are.
    At most ``max_backlog`` jobs are accepted and unfinished at a time; past that
    :meth:`enqueue_message` raises :class:`Backlogged` and the webhook answers 503.
    """

    def __init__(self, responder: Responder, threads: int = 2, max_backlog: int = 2000) -> None:
        self.responder = responder
        self.store = responder.store
        self.max_backlog = max_backlog
        self._ready: queue.Queue[Job] = queue.Queue()
        self._delayed: list[tuple[float, int, Job]] = []  # (due, sequence, job): a heap
        self._sequence = itertools.count()
        self._wakeup = threading.Condition()
        self._unfinished = 0  # accepted and not yet handled: ready, running or waiting
        self._count_lock = threading.Lock()
        resumed = self.store.held_jobs()
        if resumed:
            log.warning("resuming %d job(s) accepted before the last stop", len(resumed))
        died_in = self.store.unfinished_runs()
        suspects = [job for job in resumed if died_in.get(job[0], 0) >= ISOLATE_AFTER]
        if suspects:
            log.warning("%d of them were running each time the process died: they run first, one at a time", len(suspects))
        self._suspects_done = threading.Event()
        for job in resumed:  # accepted before: never refused now, whatever the backlog
            self._count(+1)
            if died_in.get(job[0], 0) < ISOLATE_AFTER:
                self._ready.put(job)
        for n in range(threads):
            first = suspects if n == 0 else None
            threading.Thread(target=self._work, args=(first,), name=f"responder-worker-{n}", daemon=True).start()
        threading.Thread(target=self._schedule_due, name="responder-scheduler", daemon=True).start()

    @property
    def backlog(self) -> int:
        """Jobs accepted and not yet finished."""
        return self._unfinished

    def enqueue_message(self, delivery: Delivery, note: Note | None = None) -> None:
        if note is not None:
            note(None)  # the in-process Redis: nothing to share a round trip with
        self._accept((f"message:{delivery.owner}", "message", delivery.to_dict()))

    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        body = {"type": kind, "payload": payload, "received_at": received_at.isoformat()}
        self._accept((f"event:{uuid.uuid4().hex}", "event", body))

    def _accept(self, job: Job) -> None:
        with self._count_lock:
            if self._unfinished >= self.max_backlog:
                raise Backlogged(self._unfinished, self._retry_after())
            self._unfinished += 1
        try:
            self.store.hold(*job)  # raises if the store is down: the webhook answers 503
        except BaseException:
            self._count(-1)
            raise
        self._ready.put(job)

    def _retry_after(self) -> int:
        """Seconds for a tenth of the backlog to drain at the send rate limit (5 s to 5 min)."""
        per_second = self.responder.rate_limit_per_minute / 60
        if per_second <= 0:
            return 5
        return max(5, min(300, math.ceil(0.1 * self.max_backlog / per_second)))

    def _count(self, change: int) -> None:
        with self._count_lock:
            self._unfinished += change

    def _run(self, job: Job) -> None:
        job_id, kind, body = job
        died = None
        try:
            delivery = Delivery.from_dict(body) if kind == "message" else None
            died = died_too_often(self.store.start_run(job_id))  # committed before the job runs
            if died:
                self._give_up(job_id, delivery, died)
            elif delivery is not None:
                self.responder.handle(delivery)
            else:
                self.responder.handle_event(body["type"], body["payload"], datetime.fromisoformat(body["received_at"]))
        except RetryLater as retry:
            later = delivery.next_attempt(retry).to_dict() if delivery is not None else body
            self._later((job_id, kind, later), retry.countdown)
            return
        except OperationalError as exc:  # the database is briefly away (SQLite locked, disk full)
            log.warning("job %s: database unavailable (%s); trying again in %.0f s", job_id, exc, DATABASE_RETRY_SECONDS)
            self._later(job, DATABASE_RETRY_SECONDS, save=not died)  # a poison job keeps its count
            return
        except Exception:
            # Logged by _work.  Kept, it would fail again at every start; the worker itself
            # logs a failed outcome for every error it knows.
            self._finish(job_id)
            raise
        self._finish(job_id)

    def _give_up(self, job_id: str, delivery: Delivery | None, detail: str) -> None:
        """A job the process died in too often: logged ``failed:poison``, then released."""
        log.error("job %s: failed:poison (%s)", job_id, detail)
        if delivery is not None:  # an event has no row of its own: the error above is its record
            self.responder.give_up(delivery, "failed:poison", detail)

    def _finish(self, job_id: str) -> None:
        try:
            self.store.release(job_id)
        finally:
            self._count(-1)

    def _later(self, job: Job, countdown: float, save: bool = True) -> None:
        """Run ``job`` again in ``countdown`` seconds; ``save``: hold it anew (its run ended)."""
        job_id, kind, body = job
        try:
            if save:
                self.store.hold(job_id, kind, body)  # a restart resumes at this attempt
        except OperationalError:
            log.warning("job %s: could not save its next attempt; a restart resumes the previous one", job_id)
        with self._wakeup:
            heapq.heappush(self._delayed, (time.monotonic() + countdown, next(self._sequence), job))
            self._wakeup.notify()

    def _schedule_due(self) -> None:
        """The one scheduler: moves each waiting job to the ready queue when it is due."""
        while True:
            with self._wakeup:
                while not self._delayed or self._delayed[0][0] > time.monotonic():
                    self._wakeup.wait(self._delayed[0][0] - time.monotonic() if self._delayed else None)
                _due, _n, job = heapq.heappop(self._delayed)
            self._ready.put(job)

    def _work(self, suspects: list[Job] | None) -> None:
        """Run jobs as they come.  The first thread first runs the suspects (held jobs the
        process died running :data:`ISOLATE_AFTER` times or more), one at a time and alone
        (the others wait), so a crash is counted against the job that caused it, not
        against whatever happened to run beside it."""
        if suspects is None:
            self._suspects_done.wait()
        else:
            for job in suspects:
                self._run_logged(job)
            self._suspects_done.set()
        while True:
            self._run_logged(self._ready.get())

    def _run_logged(self, job: Job) -> None:
        try:
            self._run(job)
        except Exception:  # one bad message must not kill the worker thread
            log.exception("job failed")
