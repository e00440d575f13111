"""Kombu's Redis transport, with the one gap that lost messages closed, and a cheaper ack.

**The gap.**  Kombu takes a message off the queue with ``BRPOP`` and only then, in a
second step, records it as unacknowledged (the hash the visibility timeout restores
from).  A worker killed between the two steps — ``kill -9``, out of memory, a platform's
hard stop — loses the message for good: it is in neither place.  ``bench/load.py`` lost
one message of 2,000 that way when it killed a whole worker.  Here the message is taken
with ``BLMOVE`` into a list of this worker's own (``responder:taking:<worker id>``) in the
same atomic step, and removed from it once kombu has recorded it.  The retry mover of
every worker (:class:`responder.broker.RetryMover`) returns the lists of workers whose
heartbeat has lapsed to the queue.  A message that ends up both restored and returned
runs once: the run leases (:class:`responder.broker.RunLeases`) drop the second copy.

``BLMOVE`` takes one list, so this transport consumes one queue at one priority (Celery's
default ``celery``, ``priority_steps=[0]``); with more, it falls back to kombu's ``BRPOP``.

**The ack.**  Kombu builds a new Redis client object for every acknowledgement and every
received message (``conn_or_acquire``); with redis-py 8 that costs more than the commands
themselves (the worker profile in bench/README.md).  The channel keeps one for its pool.

Selected by ``broker_transport`` in :func:`responder.wiring.make_celery`; the broker URL
stays ``redis://`` or ``rediss://``.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from kombu.transport import redis as kombu_redis
from kombu.utils.encoding import bytes_to_str
from kombu.utils.json import loads

from responder.broker import register_taker, process_worker_id, taking_key

REGISTER_EVERY = 5.0  # seconds: re-announce this worker's list (a sweeper may have dropped it)


class Channel(kombu_redis.Channel):
    _taking_from: str | None = None
    _sync_client: Any = None
    _registered_at = float("-inf")

    def _create_client(self, asynchronous: bool = False) -> Any:
        if asynchronous:
            return super()._create_client(asynchronous=True)
        client = self._sync_client
        if client is None or client.connection_pool is not self.pool:  # a reconnect makes a new pool
            client = self._sync_client = super()._create_client(asynchronous=False)
        return client

    def _single_source(self, queues: list[str]) -> str | None:
        if len(queues) == 1 and list(self.priority_steps) == [0]:
            return self._q_for_pri(queues[0], 0)
        return None

    def _brpop_start(self, timeout: float | None = None) -> None:
        queues = self._queue_cycle.consume(len(self.active_queues))
        source = self._single_source(queues) if queues else None
        if source is None or self.global_keyprefix:
            self._taking_from = None
            return super()._brpop_start(timeout)
        if time.monotonic() - self._registered_at > REGISTER_EVERY:
            with self.conn_or_acquire() as client:
                register_taker(client)  # so a sweeper finds our list if we die
            self._registered_at = time.monotonic()
        mine = taking_key(process_worker_id())
        self._in_poll = self.client.connection
        self._brpop_sent_at = time.monotonic()
        self._taking_from = queues[0]
        self.client.connection.send_command("BLMOVE", source, mine, "RIGHT", "LEFT", timeout or self.brpop_timeout or 0)

    def _brpop_read(self, **options: Any) -> bool:
        if self._taking_from is None:
            return bool(super()._brpop_read(**options))
        queue, self._taking_from = self._taking_from, None
        try:
            try:
                item = self.client.parse_response(self.client.connection, "BLMOVE", **options)
            except self.connection_errors:
                self.client.connection.disconnect()
                raise
            if not item:
                raise Empty()
            self._queue_cycle.rotate(queue)
            self.connection._deliver(loads(bytes_to_str(item)), queue)  # recorded as unacknowledged here
            with self.conn_or_acquire() as client:
                client.lrem(taking_key(process_worker_id()), 1, item)
            return True
        finally:
            self._in_poll = None
            self._flush_brpop_reauth()


class Transport(kombu_redis.Transport):
    Channel = Channel
