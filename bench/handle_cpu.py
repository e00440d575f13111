"""CPU per message of ``Responder.handle`` alone: no Celery, no web tier, no load generator.

Builds the worker's parts as ``bench/load.py`` sets the worker up (Redis, SQLite, the fake
Divar over HTTP, the starter rules) and handles messages from distinct buyers in this
thread, timing the thread's own CPU (the fake Divar's threads are not counted)::

    python bench/handle_cpu.py                      # 1,000 messages, Redis database 13 (emptied)
    python bench/handle_cpu.py --messages 3000 --profile    # and cProfile's top functions (CPU time)
    python bench/handle_cpu.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Run from the repository root; ``py-spy record --gil -- python bench/handle_cpu.py`` samples
it without cProfile's overhead.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from tests.conftest import ENCRYPTION_KEY  # noqa: E402
from tests.fake_divar import FakeDivar  # noqa: E402
from tests.payloads import legacy  # noqa: E402

QUESTIONS = ("قيمتش چنده؟", "هنوز موجوده؟", "آدرس کجاست؟", "معاوضه می‌کنی؟", "قسطی هم میدی؟", "عکس بیشتر داری؟")
WARM_UP = 50


def worker_environment(redis_url: str, database_url: str, divar_url: str) -> dict[str, str]:
    """The settings ``bench/load.py`` gives its workers, with this Redis, database and fake Divar."""
    return {
        "REDIS_URL": redis_url, "DATABASE_URL": database_url, "RULES_DIR": str(ROOT / "rules"), "DIVAR_API_KEY": "api",
        "DIVAR_ACCESS_TOKEN": "tok", "DIVAR_IDENTIFICATION_KEY": "key", "TOKEN_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "DIVAR_API_URL": divar_url, "DIVAR_LEGACY_API_URL": divar_url, "DIVAR_RATE_LIMIT": "0",
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13", help="emptied first")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a new temporary folder")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions (slows the run)")
    args = parser.parse_args()
    redis.Redis.from_url(args.redis_url).flushdb()
    with FakeDivar() as divar:
        os.environ.update(worker_environment(args.redis_url, args.database_url or f"sqlite:///{tempfile.mkdtemp()}/log.db", divar.url))
        from responder.config import Settings
        from responder.events import parse
        from responder.wiring import build_responder, build_services
        from responder.worker import Delivery

        logging.basicConfig(level=logging.INFO, stream=open(os.devnull, "w"))  # noqa: SIM115 - formatted, not shown
        responder = build_responder(build_services(Settings.from_env()))

        run = uuid.uuid4().hex[:8]  # a database kept from an earlier run already logged m-1 …

        def deliveries(start: int, count: int) -> list[Delivery]:
            return [Delivery(parse(legacy(QUESTIONS[i % len(QUESTIONS)], message_id=f"m-{run}-{i}", buyer_id=f"buyer-{i}")),
                             uuid.uuid4().hex, datetime.now(timezone.utc)) for i in range(start, start + count)]  # fmt: skip

        for delivery in deliveries(0, WARM_UP):  # connections opened, rules loaded, statements compiled
            responder.handle(delivery)
        batch = deliveries(WARM_UP, args.messages)
        profile = cProfile.Profile(time.thread_time) if args.profile else None  # CPU, not time spent waiting
        cpu, wall = time.thread_time(), time.perf_counter()
        if profile:
            profile.enable()
        outcomes = Counter(responder.handle(delivery) for delivery in batch)
        if profile:
            profile.disable()
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    print(f"{dict(outcomes)}: {1000 * cpu / args.messages:.2f} ms of CPU per message "
          f"({1000 * wall / args.messages:.2f} ms wall){' under cProfile' if profile else ''}")  # fmt: skip
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    return 0 if set(outcomes) == {"replied"} else 1


if __name__ == "__main__":
    sys.exit(main())
