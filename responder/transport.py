"""Kombu's Redis transport, with the gap that lost messages closed and fewer round trips.

**Taking a message.**  Kombu takes a message off the queue with ``BRPOP`` and only then,
in a second step, records it as unacknowledged (the hash the visibility timeout restores
from).  A worker killed between the two steps — ``kill -9``, out of memory, a platform's
hard stop — loses the message for good: it is in neither place.  ``bench/load.py`` lost
one message of 2,000 that way when it killed a whole worker.  Here one Lua script
(:data:`_TAKE`) pops up to :data:`TAKE_AT_MOST` messages and records each as
unacknowledged in the same atomic step, so a message is always in the queue or in the
unacknowledged set.  When a take has emptied the queue the channel waits with ``BLMOVE
queue queue RIGHT RIGHT`` — a blocking call that takes nothing (it puts the last message
back where it was) and returns as soon as there is one — and then runs the script again.

**Acknowledging.**  Kombu removes an acknowledged message from the unacknowledged set with
one round trip per message.  Here acknowledgements wait in the channel and go with the
next take (the same script removes them first), so a busy worker acknowledges and takes
in one round trip.  They wait at most one poll: a take when there is credit, or the end
of a wait (``brpop_timeout``, 1 s).  A worker killed before its acknowledgements went out
has those messages handed out again after the visibility timeout: their run leases
(:class:`responder.broker.RunLeases`, marked done before the acknowledgement) drop them.

Both need one source list: this transport consumes one queue at one priority (Celery's
default ``celery``, ``priority_steps=[0]``, no key prefix); otherwise it is kombu's.
Kombu also builds a new Redis client object for every acknowledgement and every received
message (``conn_or_acquire``); the channel keeps one for its pool.

Selected by ``broker_transport`` in :func:`responder.wiring.make_celery`; the broker URL
stays ``redis://`` or ``rediss://``.
"""

from __future__ import annotations

import threading
import time
from queue import Empty
from typing import Any

import redis
from kombu.transport import redis as kombu_redis
from kombu.transport import virtual
from kombu.utils.encoding import bytes_to_str
from kombu.utils.json import loads

TAKE_AT_MOST = 8  # messages one take may pop (within the prefetch credit): fair between workers

# KEYS: the queue, the unacknowledged index (sorted set) and hash.  ARGV: now, how many to
# take, then the delivery tags to acknowledge.  Acknowledges, then pops up to that many and
# records each as kombu's QoS.append does (index score = now; hash value = [message,
# exchange, routing key]).  Returns message, recorded (1/0), message, recorded, ...: a
# message whose envelope it cannot read is returned unrecorded, for kombu's own path.
_TAKE = """
for i = 3, #ARGV do
  redis.call('ZREM', KEYS[2], ARGV[i])
  redis.call('HDEL', KEYS[3], ARGV[i])
end
local taken = {}
for _ = 1, tonumber(ARGV[2]) do
  local item = redis.call('RPOP', KEYS[1])
  if not item then break end
  local recorded = 0
  local ok, message = pcall(cjson.decode, item)
  if ok and type(message) == 'table' and type(message.properties) == 'table' then
    local tag, info = message.properties.delivery_tag, message.properties.delivery_info
    if type(tag) == 'string' and type(info) == 'table' then
      redis.call('ZADD', KEYS[2], ARGV[1], tag)
      redis.call('HSET', KEYS[3], tag,
        '[' .. item .. ',' .. cjson.encode(info.exchange or '') .. ',' .. cjson.encode(info.routing_key or '') .. ']')
      recorded = 1
    end
  end
  taken[#taken + 1] = item
  taken[#taken + 1] = recorded
end
return taken
"""


class QoS(kombu_redis.QoS):
    """Kombu's, except that a message the take script recorded is not recorded again, and
    acknowledgements go out with the channel's next take."""

    def append(self, message: Any, delivery_tag: str) -> None:
        if self.channel._delivering_recorded:
            virtual.QoS.append(self, message, delivery_tag)  # in memory only: Redis has it
        else:
            super().append(message, delivery_tag)

    def ack(self, delivery_tag: str) -> None:
        if self.channel._batches_acks():
            self.channel._ack_later(delivery_tag)
            virtual.QoS.ack(self, delivery_tag)
        else:
            super().ack(delivery_tag)


class Channel(kombu_redis.Channel):
    QoS = QoS
    _sync_client: Any = None
    _delivering_recorded = False
    _sent: str | None = None  # "take" or "wait": what the poll connection is waiting for
    _source: str | None = None
    _queue: str | None = None
    _wait_next = False  # the last take emptied the queue
    _asked = 0  # how many the take under way may pop
    _take_sha: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._acks: list[str] = []
        self._acks_sent: list[str] = []
        self._acks_lock = threading.Lock()  # acks may come from pool threads
        super().__init__(*args, **kwargs)

    def _create_client(self, asynchronous: bool = False) -> Any:
        if asynchronous:
            return super()._create_client(asynchronous=True)
        client = self._sync_client
        if client is None or client.connection_pool is not self.pool:  # a reconnect makes a new pool
            client = self._sync_client = super()._create_client(asynchronous=False)
        return client

    def _single_source(self, queues: list[str]) -> str | None:
        if len(queues) == 1 and list(self.priority_steps) == [0] and not self.global_keyprefix and self.ack_emulation:
            return self._q_for_pri(queues[0], 0)
        return None

    def _batches_acks(self) -> bool:
        return self._source is not None and not self._closing

    def _ack_later(self, delivery_tag: str) -> None:
        with self._acks_lock:
            self._acks.append(delivery_tag)

    def _brpop_start(self, timeout: float | None = None) -> None:
        queues = self._queue_cycle.consume(len(self.active_queues))
        source = self._single_source(queues) if queues else None
        self._source = source
        if source is None:
            self._sent = None
            return super()._brpop_start(timeout)
        connection = self.client.connection
        self._queue = queues[0]
        if self._wait_next:
            connection.send_command("BLMOVE", source, source, "RIGHT", "RIGHT", timeout or self.brpop_timeout or 0)
            self._sent = "wait"
        else:
            if self._take_sha is None:
                with self.conn_or_acquire() as client:
                    self._take_sha = client.script_load(_TAKE)
            with self._acks_lock:
                self._acks_sent, self._acks = self._acks_sent + self._acks, []
            credit = self.qos.can_consume_max_estimate()
            take = TAKE_AT_MOST if credit is None else max(1, min(TAKE_AT_MOST, credit))
            connection.send_command("EVALSHA", self._take_sha, 3, source, self.unacked_index_key, self.unacked_key,
                                    time.time(), take, *self._acks_sent)  # fmt: skip
            self._sent = "take"
            self._asked = take
        self._in_poll = connection
        self._brpop_sent_at = time.monotonic()

    def _brpop_read(self, **options: Any) -> bool:
        sent, self._sent = self._sent, None
        if sent is None:
            return bool(super()._brpop_read(**options))
        try:
            try:
                reply = self.client.parse_response(self.client.connection, "EVALSHA" if sent == "take" else "BLMOVE", **options)
            except redis.exceptions.NoScriptError:
                self._take_sha = None  # Redis restarted or its scripts were flushed: load it again
                raise Empty() from None
            except self.connection_errors:
                self.client.connection.disconnect()
                raise
            if sent == "wait":
                self._wait_next = False  # a message came, or the wait timed out: take (and acknowledge)
                raise Empty()
            self._acks_sent = []
            self._wait_next = len(reply) // 2 < self._asked  # fewer than asked: the queue is empty now
            if not reply:
                raise Empty()
            self._queue_cycle.rotate(self._queue)
            for item, recorded in zip(reply[::2], reply[1::2]):
                self._deliver_taken(item, bool(recorded))
            return True
        finally:
            self._in_poll = None
            self._flush_brpop_reauth()

    def _deliver_taken(self, item: bytes, recorded: bool) -> None:
        self._delivering_recorded = recorded
        try:
            self.connection._deliver(loads(bytes_to_str(item)), self._queue)
        finally:
            self._delivering_recorded = False

    def close(self) -> None:
        """Kombu's, after sending the acknowledgements still waiting."""
        if not self.closed:
            with self._acks_lock:
                tags, self._acks, self._acks_sent = self._acks_sent + self._acks, [], []
            if tags:
                try:
                    with self.conn_or_acquire() as client, client.pipeline() as pipe:
                        pipe.zrem(self.unacked_index_key, *tags).hdel(self.unacked_key, *tags).execute()
                except self.connection_errors:
                    pass  # handed out again after the visibility timeout; their leases drop them
        super().close()


class Transport(kombu_redis.Transport):
    Channel = Channel
