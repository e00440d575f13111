"""responder.transport against real Redis: a message is recorded as unacknowledged in the
step that takes it, acknowledgements go out with the next take, and both keep kombu's
formats (its visibility-timeout restore and warm-shutdown return read them)."""

from __future__ import annotations

import json

import pytest
import redis
from kombu import Connection, Consumer, Queue

from responder.broker import RedisProducer
from responder.transport import TAKE_AT_MOST

pytestmark = pytest.mark.redis

UNACKED, INDEX = "unacked", "unacked_index"


def consume(redis_url: str, handle) -> tuple[Connection, Consumer]:
    connection = Connection(redis_url, transport="responder.transport:Transport",
                            transport_options={"priority_steps": [0]})  # fmt: skip
    consumer = Consumer(connection.default_channel, [Queue("celery")], callbacks=[handle], accept=["json"])
    consumer.qos(prefetch_count=32)
    consumer.consume()
    return connection, consumer


def drain(connection: Connection, times: int = 1) -> None:
    for _ in range(times):
        try:
            connection.drain_events(timeout=0.5)
        except TimeoutError:
            pass


def publish(client: redis.Redis, n: int) -> None:
    for i in range(n):
        RedisProducer(client).publish("responder.record_event", ["X", {"n": i}, "2026-11-25T10:00:00+00:00"], f"t-{i}")


def test_taken_messages_are_recorded_as_unacknowledged_in_the_same_step(redis_url):
    client = redis.Redis.from_url(redis_url)
    publish(client, 3)
    got = []
    connection, _ = consume(redis_url, lambda body, message: got.append(message))
    try:
        drain(connection)
        assert [m.headers["id"] for m in got] == ["t-0", "t-1", "t-2"]  # one take, in queue order
        assert client.llen("celery") == 0
        tags = {m.delivery_tag for m in got}
        assert {t.decode() for t in client.hkeys(UNACKED)} == tags
        assert {t.decode() for t in client.zrange(INDEX, 0, -1)} == tags
        raw, exchange, routing_key = json.loads(client.hget(UNACKED, got[0].delivery_tag))
        assert (raw["headers"]["id"], exchange, routing_key) == ("t-0", "", "celery")  # kombu's own format
        got[0].channel.qos.restore_by_tag(got[0].delivery_tag)  # what the visibility timeout does: readable
        assert json.loads(client.lpop("celery"))["headers"]["id"] == "t-0"
    finally:
        connection.release()


def test_acknowledgements_go_out_with_the_next_take_and_at_close(redis_url):
    client = redis.Redis.from_url(redis_url)
    publish(client, 2)
    got = []
    connection, _ = consume(redis_url, lambda body, message: got.append(message))
    try:
        drain(connection)
        for message in got:
            message.ack()
        assert client.hlen(UNACKED) == 2  # waiting for the next round trip
        drain(connection, 2)  # an empty take, which carries them, then a wait
        assert client.hlen(UNACKED) == 0 and client.zcard(INDEX) == 0
        publish(client, 1)
        drain(connection, 3)
        got[-1].ack()
        assert client.hlen(UNACKED) == 1
    finally:
        connection.release()  # a warm shutdown sends what is still waiting
    assert client.hlen(UNACKED) == 0 and client.zcard(INDEX) == 0


def test_a_take_stays_within_the_prefetch_credit_and_its_own_bound(redis_url):
    client = redis.Redis.from_url(redis_url)
    publish(client, 40)
    got = []
    connection, consumer = consume(redis_url, lambda body, message: got.append(message))
    try:
        consumer.qos(prefetch_count=3)
        drain(connection)
        assert len(got) == 3 and client.llen("celery") == 37
        consumer.qos(prefetch_count=100)
        drain(connection)
        assert len(got) == 3 + TAKE_AT_MOST
        assert client.hlen(UNACKED) == len(got)
    finally:
        connection.release()
