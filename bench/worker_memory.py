"""Where a worker's memory goes over many messages: ``Responder.handle`` in-process, traced.

Builds the worker's parts as ``bench/handle_cpu.py`` does (Redis, SQLite, the starter
rules; the fake Divar in a process of its own, so its record of every request is not
counted) and handles messages from distinct buyers on ``WORKER_CONCURRENCY`` threads, as
the threads pool does.  Every ``--every`` messages it prints the process's resident and
anonymous memory, what glibc's malloc has handed out and what it keeps freed, what SQLite's own allocator holds (``sqlite3_memory_used``: page caches,
schema, statements, invisible to ``tracemalloc``) and, with ``--trace``, the Python heap
``tracemalloc`` sees, how much it grew in all and by file, and the tracebacks that grew most
since the last checkpoint (``Python blocks``: ``sys.getallocatedblocks()``, every object
Python's allocator holds, traced or not)::

    python bench/worker_memory.py --messages 100000 --every 20000 --trace 1
    python bench/worker_memory.py --messages 60000 --every 5000 --trim 60     # with the workers' malloc trimmer
    python bench/worker_memory.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Run from the repository root.  Not timed: memory only.
"""

from __future__ import annotations

import _sqlite3
import argparse
import ctypes
import linecache
import os
import subprocess
import sys
import tempfile
import tracemalloc
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from bench.handle_cpu import QUESTIONS, worker_environment  # noqa: E402
from tests.payloads import legacy  # noqa: E402

FAKE_DIVAR = "from tests.fake_divar import FakeDivar\nimport sys, time\nwith FakeDivar() as d:\n    print(d.url, flush=True)\n    sys.stdin.read()\n"


def sqlite_bytes() -> int:
    """Bytes SQLite's allocator holds in this process (all connections)."""
    used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    used.restype = ctypes.c_int64
    return int(used())


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def malloc_bytes() -> tuple[int, int]:
    """glibc malloc: (bytes handed out and not freed, bytes freed but kept in its heaps).

    The first growing is a leak below Python (C or Rust code that never frees); the second
    growing while the first stays flat is fragmentation: freed memory malloc cannot return.
    """
    mallinfo2 = ctypes.CDLL(None).mallinfo2
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    return info.uordblks + info.hblkhd, info.fordblks


def memory_kb(field: str) -> int:
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--trace", type=int, default=0, metavar="FRAMES",
                        help="tracemalloc with this many frames a traceback, and the ones that grew (slower; 1 is cheapest)")
    parser.add_argument("--trim", type=float, default=0, metavar="SECONDS",
                        help="run the worker's malloc trimmer (responder.trim) at this interval, as workers do")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13", help="emptied first")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a new temporary folder")
    args = parser.parse_args()
    redis.Redis.from_url(args.redis_url).flushdb()
    divar = subprocess.Popen([sys.executable, "-c", FAKE_DIVAR], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = divar.stdout.readline().strip()  # type: ignore[union-attr]
        os.environ.update(worker_environment(args.redis_url, args.database_url or f"sqlite:///{tempfile.mkdtemp()}/log.db", url))
        os.environ["WORKER_CONCURRENCY"] = str(args.threads)
        from responder.config import Settings
        from responder.events import parse
        from responder.wiring import build_responder, build_services
        from responder.worker import Delivery

        responder = build_responder(build_services(Settings.from_env()))
        if args.trim:
            from responder.trim import start_trimming

            start_trimming(args.trim)
        run = uuid.uuid4().hex[:8]

        def handle(i: int) -> str | None:
            payload = legacy(QUESTIONS[i % len(QUESTIONS)], message_id=f"m-{run}-{i}", buyer_id=f"buyer-{i}")
            return responder.handle(Delivery(parse(payload), uuid.uuid4().hex, datetime.now(timezone.utc)))

        if args.trace:
            tracemalloc.start(args.trace)
        last = tracemalloc.take_snapshot() if args.trace else None
        done = 0
        with ThreadPoolExecutor(args.threads) as pool:
            while done < args.messages:
                outcomes = set(pool.map(handle, range(done, done + args.every)))
                done += args.every
                line = (f"{done:>7} messages: RSS {memory_kb('Rss') / 1024:.1f} MB, anonymous {memory_kb('Anonymous') / 1024:.1f} MB, "
                        f"malloc in use {malloc_bytes()[0] / 2**20:.1f} MB, free in its heaps {malloc_bytes()[1] / 2**20:.1f} MB, "
                        f"SQLite {sqlite_bytes() / 2**20:.2f} MB, Python blocks {sys.getallocatedblocks():,}")  # fmt: skip
                if args.trace:
                    line += f", Python heap (traced) {tracemalloc.get_traced_memory()[0] / 2**20:.2f} MB"
                print(line, outcomes, flush=True)
                if last is not None:
                    now = tracemalloc.take_snapshot().filter_traces(  # not the bench's own: tracebacks it formats
                        [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, linecache.__file__)])
                    by_file = now.compare_to(last, "filename")
                    grew = sum(stat.size_diff for stat in by_file)
                    print(f"    traced: {grew / 1024:+.0f} KiB in all; by file: " + ", ".join(
                        f"{Path(str(stat.traceback[0].filename)).name} {stat.size_diff / 1024:+.0f}" for stat in by_file[:6]))
                    for stat in now.compare_to(last, "traceback")[:8]:
                        print(f"    {stat.size_diff / 1024:+.0f} KiB ({stat.count_diff:+d} blocks)")
                        for frame in stat.traceback.format(limit=6, most_recent_first=True)[::2]:
                            print("       ", frame.strip())
                    last = now
    finally:
        divar.stdin.close()  # type: ignore[union-attr]
        divar.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
