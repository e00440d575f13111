"""Poison messages against a real Celery worker process on real Redis (issue 9, class 2).

Before the guard, a task whose argument was a list nested 500 deep killed the worker's
main process (RecursionError while pickling it for the pool), and every restart died on
the same unacknowledged message.  Now it is parked and the next message is answered.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import pytest
import redis

from responder.events import Message
from responder.limits import MAX_RUNS
from responder.wiring import make_celery
from responder.worker import Delivery
from tests.conftest import REDIS_URL
from tests.payloads import legacy
from tests.test_integration import stack, wait_until  # noqa: F401 (the module's running stack)

pytestmark = pytest.mark.redis


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def dead_letters() -> list[dict]:
    client = redis.Redis.from_url(REDIS_URL)
    return [json.loads(raw) for raw in client.lrange("responder:dead-letter", 0, -1)]


def delivery(message_id: str) -> Delivery:
    now = datetime.now(timezone.utc)
    message = Message(id=message_id, post_token="gZpoison", text="قیمتش چنده؟", type="TEXT", role="buyer", sent_at=now,
                      source="legacy", sender_id="buyer-p", receiver_id="seller-p")  # fmt: skip
    return Delivery(message, uuid.uuid4().hex, now)


def test_deep_payloads_are_parked_and_the_worker_goes_on(stack):
    celery = make_celery(REDIS_URL)
    event_id = celery.send_task("responder.record_event", args=["X", {"a": nested(500)}, "2026-11-25T10:00:00+00:00"]).id
    message_id = celery.send_task("responder.handle_message", args=[{"message": nested(500)}]).id
    celery.send_task("responder.handle_message", args=["one", "two"])  # wrong arity
    assert stack.post(legacy("قیمت چنده؟", message_id="after-poison", post="gZafter")).status_code == 200
    row = wait_until(lambda: stack.row("after-poison"), timeout=30)
    assert row is not None and row.outcome == "replied", stack.output[-30:]
    parked = wait_until(lambda: len(dead_letters()) >= 3 and dead_letters(), timeout=10)
    reasons = {entry["task_id"]: entry["reason"] for entry in parked}
    assert "nested deeper than 32" in reasons[event_id]
    assert "nested deeper than 32" in reasons[message_id]
    assert any("bad arguments" in reason for reason in reasons.values())
    assert stack.worker.poll() is None, "the worker process died"
    assert not any("RecursionError" in line for line in stack.output)


def test_a_task_that_killed_its_worker_too_often_is_logged_failed_poison(stack):
    """Runs that never ended (the pool process died in them) are counted; past MAX_RUNS the
    message is logged failed:poison instead of being run, and thus killing, again."""
    task_id = uuid.uuid4().hex
    redis.Redis.from_url(REDIS_URL).set(f"responder:runs:{task_id}", MAX_RUNS)
    poisoned = delivery("killer-1")
    make_celery(REDIS_URL).send_task("responder.handle_message", args=[poisoned.to_dict()], task_id=task_id)
    row = wait_until(lambda: stack.row("killer-1"), timeout=30)
    assert row is not None and row.outcome == "failed:poison", stack.output[-30:]
    assert "died in each of its last 3 runs" in row.detail
    assert not [s for s in stack.fake.sends() if s.body.get("post_token") == "gZpoison"]
    assert stack.post(legacy("هنوز موجوده؟", message_id="after-killer", post="gZafter2")).status_code == 200
    assert wait_until(lambda: stack.row("after-killer"), timeout=30).outcome in ("replied", "no_match")


def test_celery_has_time_limits():
    conf = make_celery(REDIS_URL).conf
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
