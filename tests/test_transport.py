"""responder.transport against real Redis: a message is recorded as unacknowledged in the
step that takes it, acknowledgements go out with the next take, and both keep kombu's
formats (its visibility-timeout restore and warm-shutdown return read them)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from kombu import Connection, Consumer, Queue

from responder.broker import RedisProducer
from responder.transport import TAKE_AT_MOST

pytestmark = pytest.mark.redis

UNACKED, INDEX = "unacked", "unacked_index"


@contextmanager
def consuming(redis_url: str, messages: int) -> Iterator[tuple[redis.Redis, Connection, Consumer, list[Any]]]:
    """``messages`` published, and a consumer through our transport that keeps (does not
    acknowledge) what it gets; released (a warm shutdown's close) at the end."""
    client = redis.Redis.from_url(redis_url)
    for i in range(messages):
        RedisProducer(client).publish("responder.record_event", ["X", {"n": i}, "2026-11-25T10:00:00+00:00"], f"t-{i}")
    got: list[Any] = []
    connection = Connection(redis_url, transport="responder.transport:Transport",
                            transport_options={"priority_steps": [0]})  # fmt: skip
    consumer = Consumer(connection.default_channel, [Queue("celery")], callbacks=[lambda _, m: got.append(m)],
                        accept=["json"])  # fmt: skip
    consumer.qos(prefetch_count=32)
    consumer.consume()
    try:
        yield client, connection, consumer, got
    finally:
        connection.release()


def drain(connection: Connection, until: Callable[[], bool], seconds: float = 3.0) -> None:
    """Run the consumer's loop a turn at a time until ``until()`` holds (or ``seconds`` pass)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            connection.drain_events(timeout=0.2)
        except TimeoutError:
            pass
        if until() or time.monotonic() > deadline:
            return


def test_taken_messages_are_recorded_as_unacknowledged_in_the_same_step(redis_url):
    with consuming(redis_url, 3) as (client, connection, _, got):
        drain(connection, lambda: len(got) == 3)
        assert [m.headers["id"] for m in got] == ["t-0", "t-1", "t-2"]  # one take, in queue order
        assert client.llen("celery") == 0
        assert got[0].channel._wait_next  # fewer than it asked for: it waits next, no empty take
        tags = {m.delivery_tag for m in got}
        assert {t.decode() for t in client.hkeys(UNACKED)} == tags
        assert {t.decode() for t in client.zrange(INDEX, 0, -1)} == tags
        raw, exchange, routing_key = json.loads(client.hget(UNACKED, got[0].delivery_tag))
        assert (raw["headers"]["id"], exchange, routing_key) == ("t-0", "", "celery")  # kombu's own format
        got[0].channel.qos.restore_by_tag(got[0].delivery_tag)  # what the visibility timeout does: readable
        assert json.loads(client.lpop("celery"))["headers"]["id"] == "t-0"


def test_acknowledgements_go_out_with_the_next_take_and_at_close(redis_url):
    with consuming(redis_url, 2) as (client, connection, _, got):
        drain(connection, lambda: len(got) == 2)
        for message in got:
            message.ack()
        assert client.hlen(UNACKED) == 2  # waiting for the next round trip
        started = time.monotonic()
        drain(connection, lambda: client.hlen(UNACKED) == 0)  # the wait (1 s) ends, the take carries them
        assert client.hlen(UNACKED) == 0 and client.zcard(INDEX) == 0
        assert time.monotonic() - started < 2.0
        RedisProducer(client).publish("responder.record_event", ["X", {}, "2026-11-25T10:00:00+00:00"], "t-late")
        drain(connection, lambda: len(got) == 3)
        assert got[-1].headers["id"] == "t-late"
        got[-1].ack()
        assert client.hlen(UNACKED) == 1
    # released: a warm shutdown sends what is still waiting
    assert client.hlen(UNACKED) == 0 and client.zcard(INDEX) == 0


def test_a_take_stays_within_the_prefetch_credit_and_its_own_bound(redis_url):
    with consuming(redis_url, 40) as (client, connection, consumer, got):
        consumer.qos(prefetch_count=3)
        drain(connection, lambda: len(got) >= 3, seconds=1.0)  # and no more: no credit left
        assert len(got) == 3 and client.llen("celery") == 37
        assert not got[0].channel._wait_next  # as many as it asked for: there may be more
        consumer.qos(prefetch_count=100)
        drain(connection, lambda: len(got) > 3)
        assert len(got) == 3 + TAKE_AT_MOST
        assert client.hlen(UNACKED) == len(got)
