"""What the webhook's hot path costs, against a bare Flask + one-LPUSH route, in one run.

Run from the repository root with Redis on 127.0.0.1:6379 (uses database 13, emptied; another
with ``--redis-url``)::

    python bench/webhook_bench.py [--seconds 3] [--rounds 3] [--no-http] [--redis-url URL]

For the same legacy CHAT_MESSAGE body (a buyer's) it measures, in one process and one run:

* enqueue only: a bare ``LPUSH`` of the message JSON, our producer (one ``LPUSH`` of a
  pre-built Celery message, :class:`responder.broker.RedisProducer`), ours with a
  seller-side message's note of what was heard in the same pipeline and, as before this
  pipeline, noted first on its own, and Celery's ``send_task`` (what the webhook used before);
* in process (Flask test client): the bare baseline — a Flask route that reads the body
  and ``LPUSH``es it — against the whole webhook (auth, size check, JSON, parse, enqueue)
  with our producer and with ``send_task``;
* over HTTP (unless ``--no-http``): the bare app and ``responder.webhook:create_app()``
  under the same gunicorn settings as the Procfile (2 processes × 4 threads, its buffering
  worker class), each hit by
  the same 8 keep-alive client threads, alternating ``--rounds`` times: requests per
  second and p50/p99 latency.

The webhook is also measured with the same body from the seller's side ("ours, seller"): for
those it writes one more key to Redis before the enqueue (what it heard, to judge a cut-off
send by Divar's echo: ``responder/echo.py``).  Divar's echoes of our replies are such messages,
one per reply.

Bounded in time (about 2 × rounds × seconds + 30 s), loopback only.  The machine's load
moves absolute numbers; the ratios against the baseline measured in the same run are the
result.  Results and their reading are in bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
from flask import Flask, jsonify, request  # noqa: E402

from responder.config import Settings  # noqa: E402
from responder.events import parse  # noqa: E402
from responder.queues import CeleryQueue  # noqa: E402
from responder.state import State  # noqa: E402
from responder.webhook import create_app  # noqa: E402
from responder.wiring import build_services, make_celery  # noqa: E402
from responder.worker import Delivery  # noqa: E402
from tests.payloads import legacy  # noqa: E402

URL = "redis://127.0.0.1:6379/13"
KEY = "k"


def bare_app() -> Flask:
    """The baseline: read the body, one LPUSH, answer JSON.  No auth, no parsing."""
    app = Flask("bare")
    client = redis.Redis.from_url(os.environ.get("REDIS_URL", URL))

    @app.post("/webhook")
    def webhook():  # type: ignore[no-untyped-def]
        client.lpush("bare", request.get_data())
        return jsonify(status="queued"), 200

    return app


class SendTaskQueue:
    """The webhook's enqueue before: Celery's ``send_task``."""

    def __init__(self) -> None:
        self.app = make_celery(os.environ.get("REDIS_URL", URL))

    def enqueue_message(self, delivery: Delivery, note: Any = None) -> None:
        if note is not None:
            note(None)
        self.app.send_task("responder.handle_message", args=[delivery.to_dict()], task_id=delivery.owner)

    def enqueue_event(self, kind, payload, received_at) -> None:  # type: ignore[no-untyped-def]
        self.app.send_task("responder.record_event", args=[kind, payload, received_at.isoformat()])


def rate(action, seconds: float) -> float:  # type: ignore[no-untyped-def]
    for _ in range(50):
        action()
    done, started = 0, time.perf_counter()
    while (now := time.perf_counter()) - started < seconds:
        for _ in range(20):
            action()
        done += 20
    return done / (now - started)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--workers", "2", "--threads", "4",
         "--worker-class", "responder.webserver.BufferingWorker", "--keep-alive", "5", app],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn {app} did not start")


def hammer(port: int, body: bytes, seconds: float, threads: int = 8) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 in ms, from keep-alive client threads."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    headers = {"Authorization": KEY, "Content-Type": "application/json"}
    stop = time.perf_counter() + seconds

    def client(mine: list[float]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while (start := time.perf_counter()) < stop:
            connection.request("POST", "/webhook", body, headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"status {response.status}")
            mine.append(time.perf_counter() - start)

    workers = [threading.Thread(target=client, args=(mine,)) for mine in latencies]
    started = time.perf_counter()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    every = sorted(x for mine in latencies for x in mine)
    return len(every) / (time.perf_counter() - started), every[len(every) // 2] * 1000, every[int(len(every) * 0.99)] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="HTTP: alternating rounds per app (default 3)")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn part")
    parser.add_argument("--redis-url", default=URL, help=f"Redis database to use, emptied (default {URL})")
    args = parser.parse_args()
    os.environ["REDIS_URL"] = url = args.redis_url  # the bare app reads it, here and under gunicorn
    client = redis.Redis.from_url(url)
    client.flushdb()
    body = legacy("قيمتش چنده؟")
    raw = json.dumps(body).encode()
    seller_raw = json.dumps(legacy("قيمتش چنده؟", seller=True)).encode()  # the webhook notes it: one more SET
    delivery = Delivery(parse(body), uuid.uuid4().hex, datetime.now(timezone.utc))
    ours, send_task = CeleryQueue(client), SendTaskQueue()
    # what the webhook notes for a seller-side message, in the enqueue's pipeline (or at once, given None)
    heard = partial(State(client).remember_heard, delivery.message.conversation_key, delivery.message.text, 1.0)
    settings = Settings(identification_key=KEY, redis_url=url, rules_dir=str(ROOT / "rules"), database_url="sqlite://")
    services = build_services(settings)
    headers = {"Authorization": KEY, "Content-Type": "application/json"}
    bare = bare_app().test_client()
    webhooks = {name: create_app(settings, queue, services).test_client() for name, queue in
                (("ours", ours), ("send_task", send_task))}  # fmt: skip

    results = {
        "enqueue: bare LPUSH": rate(lambda: client.lpush("bare", raw), args.seconds),
        "enqueue: ours (pre-built, 1 LPUSH)": rate(lambda: ours.enqueue_message(delivery), args.seconds),
        "enqueue: ours + a seller's note": rate(lambda: ours.enqueue_message(delivery, heard), args.seconds),
        "enqueue: note, then ours (before)": rate(lambda: (heard(None), ours.enqueue_message(delivery)), args.seconds),
        "enqueue: Celery send_task": rate(lambda: send_task.enqueue_message(delivery), args.seconds),
        "bare Flask + LPUSH route": rate(lambda: bare.post("/webhook", data=raw, headers=headers), args.seconds),
        "webhook, ours": rate(lambda: webhooks["ours"].post("/webhook", data=raw, headers=headers), args.seconds),
        "webhook, ours, seller": rate(lambda: webhooks["ours"].post("/webhook", data=seller_raw, headers=headers),
                                      args.seconds),
        "webhook, send_task": rate(lambda: webhooks["send_task"].post("/webhook", data=raw, headers=headers), args.seconds),
    }
    client.flushdb()
    print(f"in process (one thread)       {'per second':>12} {'µs each':>9} {'vs its baseline':>16}")
    for name, value in results.items():
        base = results["enqueue: bare LPUSH" if name.startswith("enqueue") else "bare Flask + LPUSH route"]
        print(f"{name:34} {value:9,.0f} {1e6 / value:9.0f} {value / base:15.0%}")
    if args.no_http:
        return 0

    env = {**os.environ, "REDIS_URL": url, "DIVAR_IDENTIFICATION_KEY": KEY, "RULES_DIR": str(ROOT / "rules"),
           "DATABASE_URL": "sqlite:///" + str(Path(os.environ.get("TMPDIR", "/tmp")) / f"webhook-bench-{os.getpid()}.db")}  # fmt: skip
    apps = {"bare": ("bench.webhook_bench:bare_app()", raw), "ours": ("responder.webhook:create_app()", raw),
            "seller": ("responder.webhook:create_app()", seller_raw)}  # ours, with a seller-side body
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in apps}
    for _ in range(args.rounds):
        for name, (target, sent) in apps.items():  # alternate, so load on the machine hits all alike
            process, port = serve(target, env)
            try:
                hammer(port, sent, 0.5)  # warm up
                runs[name].append(hammer(port, sent, args.seconds))
            finally:
                process.terminate()
                process.wait(timeout=10)
            client.flushdb()
    print("\nover HTTP, gunicorn as in the Procfile (2 × 4 threads, BufferingWorker), 8 keep-alive clients:")
    print(f"{'app':6} {'req/s (each round)':>28} {'median':>8} {'p50 ms':>7} {'p99 ms':>7}")
    medians = {}
    for name, results_ in runs.items():
        rps = sorted(r[0] for r in results_)
        medians[name] = (rps[len(rps) // 2], sorted(r[1] for r in results_)[len(rps) // 2],
                         sorted(r[2] for r in results_)[len(rps) // 2])  # fmt: skip
        each = ", ".join(f"{r[0]:,.0f}" for r in results_)
        print(f"{name:6} {each:>28} {medians[name][0]:8,.0f} {medians[name][1]:7.1f} {medians[name][2]:7.1f}")
    b_rps, _, b_p99 = medians["bare"]
    print()
    for name, what in (("ours", "ours vs bare"), ("seller", "ours, seller-side body, vs bare")):
        o_rps, _, o_p99 = medians[name]
        print(f"{what}: {o_rps / b_rps:.0%} of the requests per second (target ≥ 75%), "
              f"p99 {o_p99 / b_p99:.1f}× (target ≤ 2×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
