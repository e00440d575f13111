"""Celery's side of a message alone: one real ``responder worker`` and events that cost little.

Run from the repository root with Redis on 127.0.0.1:6379 (database 12, emptied; another
with ``--redis-url``)::

    python bench/celery_cpu.py                      # 5,000 events, all queued at once
    python bench/celery_cpu.py --rate 100           # 100 a second, as a webhook would queue them

``bench/load.py`` measures a whole message; most of it is ``Responder.handle``.  This
queues ``responder.record_event`` tasks (an unknown event kind: one reply-log insert on
SQLite, nothing else) straight into Redis as the webhook does, and reports the worker's
CPU time per task, from ``/proc``, from "ready" until the queue and the unacknowledged set
are empty: the consumer loop, Celery's request and tracing, the run lease and counter, the
acknowledgement.  Alternate it with another checkout's copy to compare.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from bench.load import REDIS_URL, cpu_seconds  # noqa: E402
from responder.broker import RedisProducer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=0, help="tasks queued per second (0 = all at once)")
    parser.add_argument("--redis-url", default=REDIS_URL, help=f"Redis database to use, emptied first (default {REDIS_URL})")
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis_url)
    client.flushdb()
    folder = tempfile.mkdtemp(prefix="responder-celery-cpu-")
    env = {**os.environ, "REDIS_URL": args.redis_url, "DATABASE_URL": f"sqlite:///{folder}/log.db",
           "RULES_DIR": str(ROOT / "rules"), "DIVAR_IDENTIFICATION_KEY": "k"}  # fmt: skip
    log = open(f"{folder}/worker.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen([sys.executable, "-m", "responder", "worker"], env=env, cwd=ROOT, stdout=log,
                              stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "ready." not in Path(f"{folder}/worker.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # the first retention round and the mover's first turns
        producer = RedisProducer(client)
        before = cpu_seconds(worker.pid)
        started = time.perf_counter()
        for n in range(args.messages):
            if args.rate:
                delay = started + n / args.rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            producer.publish("responder.record_event", ["BENCH", {"n": n}, "2026-11-25T10:00:00+00:00"], f"bench-{n}")
        deadline = time.monotonic() + 120
        while (client.llen("celery") or client.hlen("unacked")) and time.monotonic() < deadline:
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        used = cpu_seconds(worker.pid) - before
        done = sum(1 for v in client.mget([f"responder:run:bench-{n}" for n in range(args.messages)]) if v == b"done")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    paced = f"at {args.rate:g}/s" if args.rate else "queued at once"
    print(f"{args.messages} record_event tasks {paced}: {done} done in {elapsed:.1f} s; worker CPU {used:.2f} s, "
          f"{1000 * used / args.messages:.3f} ms per task; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    return 0 if done == args.messages else 1


if __name__ == "__main__":
    sys.exit(main())
