"""What the webhook's hot path costs, and how much of it is Celery's enqueue.

Run from the repository root with Redis on 127.0.0.1:6379 (uses database 13, emptied)::

    python bench/webhook_bench.py [--seconds 3]

In one run it measures, for the same legacy CHAT_MESSAGE body:

* enqueue only: Celery ``send_task`` vs a bare ``LPUSH`` of the same JSON (the baseline);
* the whole webhook (Flask test client: auth, size check, JSON, parse, enqueue) with the
  Celery queue vs with a bare-LPUSH queue.

Bounded in time, loopback only.  Results and their reading are in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis  # noqa: E402

from responder.config import Settings  # noqa: E402
from responder.queues import CeleryQueue  # noqa: E402
from responder.webhook import create_app  # noqa: E402
from responder.wiring import build_services, make_celery  # noqa: E402
from responder.worker import Delivery  # noqa: E402
from tests.payloads import legacy  # noqa: E402

URL = "redis://127.0.0.1:6379/13"


class LpushQueue:
    """The leanest possible producer: one JSON document, one LPUSH."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def enqueue_message(self, delivery: Delivery) -> None:
        self.client.lpush("bare", json.dumps(delivery.to_dict(), ensure_ascii=False))

    def enqueue_event(self, kind, payload, received_at) -> None:
        self.client.lpush("bare", json.dumps({"kind": kind, "payload": payload}))


def rate(action, seconds: float) -> float:
    for _ in range(50):
        action()
    done, started = 0, time.perf_counter()
    while (now := time.perf_counter()) - started < seconds:
        for _ in range(20):
            action()
        done += 20
    return done / (now - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement (default 3)")
    args = parser.parse_args()
    client = redis.Redis.from_url(URL)
    client.flushdb()
    body = legacy("قيمتش چنده؟")
    from responder.events import parse

    delivery = Delivery(parse(body), uuid.uuid4().hex, datetime.now(timezone.utc))
    celery_queue, bare_queue = CeleryQueue(make_celery(URL)), LpushQueue(client)
    settings = Settings(identification_key="k", redis_url=URL, rules_dir="rules", database_url="sqlite://")
    services = build_services(settings)
    raw = json.dumps(body).encode()
    headers = {"Authorization": "k", "Content-Type": "application/json"}
    webhooks = {name: create_app(settings, queue, services).test_client() for name, queue in
                (("celery", celery_queue), ("lpush", bare_queue))}  # fmt: skip

    results = {
        "enqueue: bare LPUSH": rate(lambda: bare_queue.enqueue_message(delivery), args.seconds),
        "enqueue: Celery send_task": rate(lambda: celery_queue.enqueue_message(delivery), args.seconds),
        "webhook + bare LPUSH": rate(lambda: webhooks["lpush"].post("/webhook", data=raw, headers=headers), args.seconds),
        "webhook + Celery": rate(lambda: webhooks["celery"].post("/webhook", data=raw, headers=headers), args.seconds),
    }
    client.flushdb()
    base = results["enqueue: bare LPUSH"]
    print(f"{'what':28} {'per second':>12} {'µs each':>9} {'vs LPUSH':>9}")
    for name, value in results.items():
        print(f"{name:28} {value:12,.0f} {1e6 / value:9.0f} {base / value:8.1f}x")
    celery_extra = 1e6 / results["enqueue: Celery send_task"] - 1e6 / base
    webhook_celery = 1e6 / results["webhook + Celery"]
    print(f"\nCelery adds {celery_extra:.0f} µs per message over a bare LPUSH: "
          f"{100 * celery_extra / webhook_celery:.0f}% of the webhook's {webhook_celery:.0f} µs.")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
