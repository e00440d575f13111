"""Celery messages on Redis without Celery's producer, and delayed retries outside the broker.

Two things live here because both write Celery's wire format straight into Redis:

* :class:`RedisProducer` — the webhook's enqueue is one ``LPUSH`` of a message built the
  way Celery's Redis transport builds it (task protocol 2, JSON, the same keys), so Celery
  workers consume it unchanged.  ``send_task`` costs several round trips and a lot of
  Python per call (``bench/webhook_bench.py``); this costs one round trip.
* :class:`DelayedRetries` — a retry that has to wait (Divar's 429/5xx backoff, the app-wide
  rate limit, the database briefly away) is a member of one Redis sorted set, scored by when
  it is due, instead of a Celery ETA task held unacknowledged in a worker's memory.  Any
  worker's :class:`RetryMover` moves due members onto the queue in one Lua script (remove
  and push in one atomic step: moved once, never lost between the two).  With no long
  waits left in the broker's unacknowledged set, the visibility timeout can be short, so
  the messages of a worker that died come back within seconds, not 15 minutes.
* :class:`RunLeases` — what keeps a short visibility timeout from running a task twice:
  the broker hands a message out again when it has been unacknowledged for that long,
  whether its worker died or is only slow.  Each run holds a lease on its task id naming
  its worker, whose heartbeat key lives while the process does; a copy that finds the
  lease held by a live worker waits, one that finds it held by a dead one takes over.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import redis

from responder.state import MESSAGE_TTL, State

log = logging.getLogger(__name__)

QUEUE = "celery"  # Celery's default queue; on Redis, a list of that name
DELAYED_KEY = "responder:delayed"
LEASE_PREFIX = "responder:run:"
ALIVE_PREFIX = "responder:alive:"
HEARTBEAT_TTL = 10  # seconds a worker counts as alive after its last heartbeat
RUN_TTL = 600  # a run's lease lapses after this long even if its worker lives (a stuck run)
DONE_TTL = 24 * 3600  # a finished run's mark outlives any redelivery of its message
DONE = b"done"
TAKERS_KEY = "responder:takers"  # worker ids whose taking list a sweeper should watch (workers
# before responder.transport's take script took through such a list; swept until none is left)
TAKING_PREFIX = "responder:taking:"
ORIGIN = f"{os.getpid()}@{socket.gethostname()}"
_process_id = uuid.uuid4().hex


def process_worker_id() -> str:
    """This process's id for heartbeats, leases and its taking list (new in a forked child)."""
    return _process_id


def _new_process_id() -> None:
    global _process_id
    _process_id = uuid.uuid4().hex


os.register_at_fork(after_in_child=_new_process_id)


def taking_key(worker_id: str) -> str:
    return TAKING_PREFIX + worker_id


# Move at most ARGV[2] members due by ARGV[1] from the sorted set KEYS[1] to the list KEYS[2].
_MOVE_DUE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  redis.call('LPUSH', KEYS[2], member)
end
return #due
"""

# Return to the queue KEYS[2] what workers in the set KEYS[1] had taken when their
# heartbeat (ARGV[1] .. id) lapsed: their taking lists (ARGV[2] .. id), item by item.
_RETURN_ORPHANS = """
local returned = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. id) == 0 then
    while redis.call('LMOVE', ARGV[2] .. id, KEYS[2], 'RIGHT', 'RIGHT') do
      returned = returned + 1
    end
    redis.call('SREM', KEYS[1], id)
  end
end
return returned
"""

# Take the lease KEYS[1] for worker ARGV[1] if it is free or its holder's heartbeat is gone,
# and count the run in KEYS[2] in the same step (responder.guard's "runs that never ended").
# Returns the holder's id (or "done") when the lease stays with someone else, else the count.
_TAKE_LEASE = """
local holder = redis.call('GET', KEYS[1])
if holder and (holder == 'done' or redis.call('EXISTS', ARGV[3] .. holder) == 1) then
  return holder
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
local runs = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
return runs
"""


def new_id() -> str:
    """A fresh 32-hex-digit id (a task id, a delivery tag): what ``uuid4().hex`` gives, from
    one ``os.urandom`` call without building a UUID object (a quarter of the cost, per request)."""
    return os.urandom(16).hex()


def celery_message(task: str, args: list[Any], task_id: str | None = None, queue: str = QUEUE) -> str:
    """One Celery task message (protocol 2, JSON) as the Redis transport stores it in its list.

    The keys are those ``send_task`` writes (``tests/test_broker.py`` compares the two).
    Everything but the arguments, the task id and the delivery tag (new each time: the
    transport keys its unacknowledged messages by it) is the same for every message of a
    task, so it is serialized once, cut at those three places (:func:`_pieces`), and each
    message is one join of the pieces with its own three values.
    """
    body = json.dumps([args, {}, _EMBED], ensure_ascii=False).encode()
    fill = {_BODY: base64.b64encode(body).decode(), _ID: json.dumps(task_id or new_id())[1:-1], _TAG: new_id()}
    return "".join([fill.get(piece, piece) for piece in _pieces(task, queue)])


_EMBED = {"callbacks": None, "errbacks": None, "chain": None, "chord": None}
_BODY, _ID, _TAG = "@@body@@", "@@id@@", "@@tag@@"  # placeholders: never produced by JSON of the rest


@functools.lru_cache(maxsize=32)
def _pieces(task: str, queue: str) -> tuple[str, ...]:
    """The template cut into its fixed text and the placeholders between (split keeps them)."""
    return tuple(re.split(f"({re.escape(_BODY)}|{re.escape(_ID)}|{re.escape(_TAG)})", _template(task, queue)))


@functools.lru_cache(maxsize=32)
def _template(task: str, queue: str) -> str:
    return json.dumps({
        "body": _BODY,
        "content-encoding": "utf-8",
        "content-type": "application/json",
        "headers": {
            "lang": "py", "task": task, "id": _ID, "shadow": None, "eta": None, "expires": None, "group": None,
            "group_index": None, "retries": 0, "timelimit": [None, None], "root_id": _ID, "parent_id": None,
            "argsrepr": "", "kwargsrepr": "{}", "origin": ORIGIN, "ignore_result": True, "replaced_task_nesting": 0,
            "stamped_headers": None, "stamps": {},
        },
        "properties": {
            "correlation_id": _ID, "reply_to": "", "delivery_mode": 2,
            "delivery_info": {"exchange": "", "routing_key": queue}, "priority": 0, "body_encoding": "base64",
            "delivery_tag": _TAG,
        },
    }, ensure_ascii=False)  # fmt: skip


# Redis writes a caller adds to a publish's round trip: called with the pipeline, or with
# None where there is none (the embedded queue): then they are made at once.
Note = Callable[[Any], None]


class RedisProducer:
    """Publishes Celery tasks with one ``LPUSH`` each: the webhook's hot path."""

    def __init__(self, client: redis.Redis, queue: str = QUEUE) -> None:
        self.client = client
        self.queue = queue

    def publish(self, task: str, args: list[Any], task_id: str | None = None, note: Note | None = None) -> None:
        """``note``: writes of the caller's sent in the same round trip, before the task."""
        message = celery_message(task, args, task_id, self.queue)
        if note is None:
            self.client.lpush(self.queue, message)
            return
        with self.client.pipeline(transaction=False) as pipe:
            note(pipe)
            pipe.lpush(self.queue, message)
            pipe.execute()


class DelayedRetries:
    """Tasks waiting for their next attempt: one sorted set in Redis, scored by due time."""

    def __init__(self, client: redis.Redis, queue: str = QUEUE, key: str = DELAYED_KEY) -> None:
        self.client = client
        self.queue = queue
        self.key = key
        self._move = client.register_script(_MOVE_DUE)
        self._orphans = client.register_script(_RETURN_ORPHANS)

    def add(self, task: str, args: list[Any], countdown: float, task_id: str | None = None) -> None:
        """Run ``task(*args)`` again in ``countdown`` seconds (raises if Redis is away)."""
        self.client.zadd(self.key, {celery_message(task, args, task_id, self.queue): time.time() + countdown})

    def move_due(self, now: float | None = None, limit: int = 500) -> int:
        """Push the retries that are due onto the queue; returns how many moved."""
        return int(self._move(keys=[self.key, self.queue], args=[now if now is not None else time.time(), limit]))

    def waiting(self) -> int:
        return int(self.client.zcard(self.key))

    def return_orphans(self) -> int:
        """Put back on the queue what dead workers had taken off it but not yet recorded
        (workers of an earlier version, during a rolling deploy: today's take records a
        message in the step that takes it)."""
        return int(self._orphans(keys=[TAKERS_KEY, self.queue], args=[ALIVE_PREFIX, TAKING_PREFIX]))


class RunLeases:
    """Which live worker runs which task message: at most one run of a message at a time.

    ``begin`` answers ``"run"`` (the lease is ours), ``"done"`` (a run finished it: drop
    this copy) or ``"busy"`` (a live worker is running it: look again later).  ``finish``
    marks the task done.  Task ids are unique per message instance: the webhook's delivery
    owner, or a fresh id for each delayed retry.

    It is also the run counter :func:`responder.guard.guarded` asks (``start_run`` and
    ``end_run``, as :class:`responder.state.State` has them): ``begin`` counts the run in
    the same script that takes the lease, and ``finish``/``release`` clear the count with
    the lease, so a run costs two Redis round trips here instead of four.
    """

    def __init__(self, client: redis.Redis, worker_id: str | None = None) -> None:
        self.client = client
        self.worker_id = worker_id or process_worker_id()
        self._take = client.register_script(_TAKE_LEASE)
        self._runs = State(client)  # its run counter's keys: begin counts there, with the lease
        self._counted: dict[str, int] = {}  # task id → runs counted by begin, until start_run reads it

    def heartbeat(self) -> None:
        self.client.set(ALIVE_PREFIX + self.worker_id, 1, ex=HEARTBEAT_TTL)

    def begin(self, task_id: str) -> str:
        holder = self._take(keys=[LEASE_PREFIX + task_id, self._runs.runs_key(task_id)],
                            args=[self.worker_id, RUN_TTL, ALIVE_PREFIX, MESSAGE_TTL])  # fmt: skip
        if isinstance(holder, int):
            self._counted[task_id] = holder
            return "run"
        return "done" if holder == DONE else "busy"

    def start_run(self, task_id: str) -> int:
        """This run's count, this one included (taken by ``begin``; counted here without it)."""
        counted = self._counted.pop(task_id, None)
        return counted if counted is not None else self._runs.start_run(task_id)

    def end_run(self, task_id: str) -> None:
        """Nothing to do yet: ``finish`` or ``release``, which end every leased run, clear it."""

    def finish(self, task_id: str) -> None:
        self._counted.pop(task_id, None)  # a run given up before it was counted (poison) reads none
        with self.client.pipeline(transaction=False) as pipe:
            pipe.set(LEASE_PREFIX + task_id, DONE, ex=DONE_TTL)
            pipe.delete(self._runs.runs_key(task_id))
            pipe.execute()

    def release(self, task_id: str) -> None:
        """The run ended without finishing (its message goes back to the queue): free it."""
        self._counted.pop(task_id, None)
        self.client.delete(LEASE_PREFIX + task_id, self._runs.runs_key(task_id))


class RetryMover:
    """A worker thread that moves due retries to the queue once a second, returns what dead
    workers had taken (:mod:`responder.transport`), and beats the heart.

    Every worker process runs one; the Lua script makes each move happen once whichever
    worker runs it, and a stopped or killed worker loses nothing (the set is in Redis).
    The same loop keeps the worker's heartbeat key alive for :class:`RunLeases`.
    """

    def __init__(self, delayed: DelayedRetries, leases: RunLeases | None = None, interval: float = 1.0) -> None:
        self.delayed = delayed
        self.leases = leases
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="responder-retry-mover", daemon=True)

    def start(self) -> RetryMover:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.leases is not None:
                    self.leases.heartbeat()
                while self.delayed.move_due() and not self._stop.is_set():
                    pass  # more were due than one call moves: go on at once
                returned = self.delayed.return_orphans()
                if returned:
                    log.warning("returned %d message(s) a dead worker had taken to the queue", returned)
            except redis.RedisError as exc:  # Redis briefly away: the set waits there for us
                log.warning("could not move due retries (%s); trying again", exc)
            self._stop.wait(self.interval)
