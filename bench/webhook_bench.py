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
* over HTTP (unless ``--no-http``; ``--http-only`` skips the rest): the bare app and
  ``responder.webhook:create_app()`` under the same gunicorn settings as the Procfile
  (2 processes × 4 threads, its buffering worker class; ``--reuse-port`` to add that), each
  hit by the same ``--clients`` (8) keep-alive client threads, alternating ``--rounds``
  times: requests per second, p50/p99 latency, the servers' CPU per request, and per round
  how many connections each worker process held and how much CPU it used.

Each round starts only when both workers have booted (:func:`settle`).  Before, it started
as soon as the port answered: on a loaded machine the second worker was often still
importing the app, all 8 connections (opened at once, kept for the round) went to the
first, and that round measured one process on one core: the rounds of one app swung 2-3x.

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


def serve(app: str, env: dict[str, str], reuse_port: bool = False) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--workers", "2", "--threads", "4",
         "--worker-class", "responder.webserver.BufferingWorker", "--keep-alive", "5", *(["--reuse-port"] if reuse_port else []), app],
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


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers, given its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def established(port: int) -> set[str]:
    """Socket inodes of the established TCP connections whose local port is ``port``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    return inodes


def connections_per_process(pids: list[int], port: int) -> list[int]:
    """How many of the established connections on ``port`` each process holds, in ``pids``' order."""
    inodes, counts = established(port), []
    for pid in pids:
        held = 0
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    link = os.readlink(fd)
                except OSError:
                    continue
                held += link.startswith("socket:[") and link[8:-1] in inodes
        except OSError:
            pass
        counts.append(held)
    return counts


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settle(master: int, workers: int = 2, seconds: float = 60.0) -> list[int]:
    """Wait until gunicorn's ``workers`` processes have booted and idle; their pids.

    The port answers as soon as one worker listens; on a loaded machine the other may still
    be importing the app for seconds, and every connection opened meanwhile goes to the first.
    A booted worker idles in its poller: its CPU time stops growing.
    """
    deadline, previous = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        pids = children(master)
        used = [cpu_seconds(pid) for pid in pids]
        if len(pids) == workers and previous is not None and previous[0] == pids \
                and all(now - before < 0.02 for now, before in zip(used, previous[1])):
            return pids
        previous = (pids, used)
        time.sleep(0.5)
    raise SystemExit(f"gunicorn's {workers} workers did not settle in {seconds:.0f} s")


def hammer(port: int, body: bytes, seconds: float, threads: int = 8, probe=None):  # type: ignore[no-untyped-def]
    """Requests per second, p50 and p99 in ms, from keep-alive client threads.

    ``probe``, if given, is called once half-way through (all connections open) and its
    result returned as a fourth element.
    """
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
    seen = None
    if probe is not None:
        time.sleep(seconds / 2)
        seen = probe()
    for t in workers:
        t.join()
    every = sorted(x for mine in latencies for x in mine)
    measured = len(every) / (time.perf_counter() - started), every[len(every) // 2] * 1000, every[int(len(every) * 0.99)] * 1000
    return measured if probe is None else (*measured, seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="HTTP: alternating rounds per app (default 3)")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn part")
    parser.add_argument("--redis-url", default=URL, help=f"Redis database to use, emptied (default {URL})")
    parser.add_argument("--http-only", action="store_true", help="skip the in-process part")
    parser.add_argument("--clients", type=int, default=8, help="HTTP: keep-alive client connections (default 8)")
    parser.add_argument("--reuse-port", action=argparse.BooleanOptionalAction, default=False,
                        help="HTTP: add gunicorn --reuse-port, a listening socket per worker (default off, as the Procfile)")
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

    results = {} if args.http_only else {
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
    if results:
        print_in_process(results)
    if args.no_http:
        return 0
    return over_http(args, url, client, {"bare": ("bench.webhook_bench:bare_app()", raw),
                                          "ours": ("responder.webhook:create_app()", raw),
                                          "seller": ("responder.webhook:create_app()", seller_raw)})


def print_in_process(results: dict[str, float]) -> None:
    print(f"in process (one thread)       {'per second':>12} {'µs each':>9} {'vs its baseline':>16}")
    for name, value in results.items():
        base = results["enqueue: bare LPUSH" if name.startswith("enqueue") else "bare Flask + LPUSH route"]
        print(f"{name:34} {value:9,.0f} {1e6 / value:9.0f} {value / base:15.0%}")


def round_over_http(target: str, sent: bytes, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """One app, one round: started afresh, warmed up, hammered; with each worker's connections and CPU."""
    process, port = serve(target, env, args.reuse_port)
    try:
        workers = settle(process.pid)
        hammer(port, sent, 0.5, args.clients)  # warm up
        cpu_before = [cpu_seconds(pid) for pid in workers]
        rps, p50, p99, spread = hammer(port, sent, args.seconds, args.clients,
                                       probe=lambda: connections_per_process(workers, port))
        cpu = [cpu_seconds(pid) - before for pid, before in zip(workers, cpu_before)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    return {"rps": rps, "p50": p50, "p99": p99, "connections": spread, "cpu": cpu}


def over_http(args: argparse.Namespace, url: str, client: redis.Redis, apps: dict[str, tuple[str, bytes]]) -> int:
    env = {**os.environ, "REDIS_URL": url, "DIVAR_IDENTIFICATION_KEY": KEY, "RULES_DIR": str(ROOT / "rules"),
           "DATABASE_URL": "sqlite:///" + str(Path(os.environ.get("TMPDIR", "/tmp")) / f"webhook-bench-{os.getpid()}.db")}  # fmt: skip
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in apps}  # "seller": ours, with a seller-side body
    for _ in range(args.rounds):
        for name, (target, sent) in apps.items():  # alternate, so load on the machine hits all alike
            runs[name].append(round_over_http(target, sent, env, args))
            client.flushdb()
    print(f"\nover HTTP, gunicorn as in the Procfile (2 × 4 threads, BufferingWorker"
          f"{', --reuse-port' if args.reuse_port else ''}), {args.clients} keep-alive clients:")
    print(f"{'app':6} {'round':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms/req':>10}  "
          "connections per worker (mid-round), CPU s per worker")
    for name, rounds in runs.items():
        for number, r in enumerate(rounds, 1):
            per_request = sum(r["cpu"]) / (r["rps"] * args.seconds) * 1000  # the servers' CPU, all workers
            print(f"{name:6} {number:5} {r['rps']:7,.0f} {r['p50']:7.1f} {r['p99']:7.1f} {per_request:10.2f}  "
                  f"{'/'.join(map(str, r['connections']))}, {'/'.join(f'{c:.2f}' for c in r['cpu'])}")
    medians = {}
    print(f"\n{'app':6} {'median req/s':>12} {'p50 ms':>7} {'p99 ms':>7}")
    for name, rounds in runs.items():
        middle = len(rounds) // 2
        medians[name] = tuple(sorted(r[key] for r in rounds)[middle] for key in ("rps", "p50", "p99"))
        print(f"{name:6} {medians[name][0]:12,.0f} {medians[name][1]:7.1f} {medians[name][2]:7.1f}")
    b_rps, _, b_p99 = medians["bare"]
    print()
    for name, what in (("ours", "ours vs bare"), ("seller", "ours, seller-side body, vs bare")):
        o_rps, _, o_p99 = medians[name]
        print(f"{what}: {o_rps / b_rps:.0%} of the requests per second (target ≥ 75%), "
              f"p99 {o_p99 / b_p99:.1f}× (target ≤ 2×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
