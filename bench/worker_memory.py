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
    python bench/worker_memory.py --messages 20000 --every 5000 --trim 60 --without seal   # bisect: one part off

``--without PART`` (repeatable) swaps one C-backed part for a stand-in, to see which one
carries a rise in "malloc in use" (:data:`PARTS`).  The replies stay the same except with
``gate`` (no agreement gate) and ``http`` (no request reaches the fake Divar).

"malloc in use" counts what glibc's per-thread caches (tcache: up to 7 freed chunks of each
size up to 1 KiB, per thread) hold as handed out: it creeps up as the threads' caches fill, to
at most ~0.23 MiB a thread.  To see a leak below it, run with
``GLIBC_TUNABLES=glibc.malloc.tcache_count=0`` (bench/README.md, "100,000 messages").
``connections opened``: database connections opened so far (the pool's overflow ones are
opened and closed as the threads need them).

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
from sqlalchemy import event  # noqa: E402

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


PARTS = {
    "seal": "send records and log rows stored unsealed (no Fernet/OpenSSL)",
    "re2": "rule regexes compiled by Python's re instead of RE2",
    "fuzzy": "typo distance in Python instead of rapidfuzz's OSA",
    "aho": "keyword scan by str.find instead of pyahocorasick",
    "http": "Divar answered in-process (no requests/urllib3/sockets)",
    "sqlcache": "SQLAlchemy's compiled-statement cache off (query_cache_size=0)",
    "gate": "no intent classifier (the agreement gate off)",
    "overflow": "the database pool keeps all its connections (no overflow ones opened and closed)",
}


def _osa(a: str, b: str, score_cutoff: int | None = None) -> int:
    """Optimal string alignment distance (what rapidfuzz's OSA computes), in Python."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    distance = d[-1][-1]
    return distance if score_cutoff is None or distance <= score_cutoff else score_cutoff + 1


class _Automaton:
    """pyahocorasick's ``Automaton`` as the matcher uses it (add_word, make_automaton, iter), by str.find."""

    def __init__(self) -> None:
        self.words: dict[str, object] = {}

    def add_word(self, key: str, value: object) -> None:
        self.words[key] = value

    def make_automaton(self) -> None:
        pass

    def iter(self, text: str) -> list[tuple[int, object]]:
        found = []
        for key, value in self.words.items():
            at = text.find(key)
            while at >= 0:
                found.append((at + len(key) - 1, value))
                at = text.find(key, at + 1)
        return sorted(found, key=lambda hit: hit[0])


def switch_off(parts: list[str]) -> None:
    """Swap each named part (:data:`PARTS`) for its stand-in, before the worker is built."""
    import re
    import types

    import requests

    import responder.engine
    import responder.engine.loader
    import responder.engine.matcher
    import responder.engine.typos
    import responder.store
    import responder.wiring
    from responder.crypto import Sealer

    if "seal" in parts:
        Sealer.seal = lambda self, value: value  # type: ignore[method-assign]  # open() passes unsealed values through
    if "re2" in parts:
        responder.engine.loader.compile_pattern = lambda pattern: re.compile(pattern, re.IGNORECASE)  # type: ignore[assignment]
    if "fuzzy" in parts:
        responder.engine.typos.OSA = types.SimpleNamespace(distance=_osa)  # type: ignore[assignment]
    if "aho" in parts:
        responder.engine.matcher.ahocorasick = types.SimpleNamespace(Automaton=_Automaton)  # type: ignore[assignment]
    if "http" in parts:

        class InProcess(requests.Session):
            def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
                """What the fake Divar answers: a send is accepted, the post is not found."""
                response = requests.Response()
                response.url, response.request = request.url, request
                sent = request.method == "POST"
                response.status_code = 200 if sent else 404
                response._content = b"{}" if sent else b'{"code": 5, "message": "post not found"}'
                response.headers["Content-Type"] = "application/json"
                return response

        responder.wiring.http_session = lambda connections: InProcess()  # type: ignore[assignment]
    if "sqlcache" in parts:
        create = responder.store.create_engine
        responder.store.create_engine = lambda url, **options: create(url, query_cache_size=0, **options)  # type: ignore[assignment]
    if "overflow" in parts:
        create_pooled = responder.store.create_engine

        def kept(url: str, **options: Any) -> Any:
            if "max_overflow" in options:
                options.update(pool_size=options["pool_size"] + options["max_overflow"], max_overflow=0)
            return create_pooled(url, **options)

        responder.store.create_engine = kept  # type: ignore[assignment]
    if "gate" in parts:
        responder.engine.shipped_gate = lambda: None  # type: ignore[assignment]


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
    parser.add_argument("--without", action="append", default=[], choices=sorted(PARTS), metavar="PART",
                        help="swap this part for a stand-in (repeatable): " + "; ".join(f"{k}: {v}" for k, v in PARTS.items()))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13", help="emptied first, unless --keep-redis")
    parser.add_argument("--keep-redis", action="store_true", help="do not empty it (buyers are the run's own: two runs can share it)")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a new temporary folder")
    args = parser.parse_args()
    if not args.keep_redis:
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

        switch_off(args.without)
        services = build_services(Settings.from_env())
        opened = [0]  # database connections opened (an overflow connection is opened each time it is needed)
        event.listen(services.store.engine, "connect", lambda *_: opened.__setitem__(0, opened[0] + 1))
        responder = build_responder(services)
        if args.trim:
            from responder.trim import start_trimming

            start_trimming(args.trim)
        run = uuid.uuid4().hex[:8]

        def handle(i: int) -> str | None:
            payload = legacy(QUESTIONS[i % len(QUESTIONS)], message_id=f"m-{run}-{i}", buyer_id=f"buyer-{run}-{i}")
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
                        f"malloc in use {malloc_bytes()[0] / 2**20:.2f} MB, free in its heaps {malloc_bytes()[1] / 2**20:.1f} MB, "
                        f"SQLite {sqlite_bytes() / 2**20:.2f} MB, Python blocks {sys.getallocatedblocks():,}, "
                        f"connections opened {opened[0]:,}")  # fmt: skip
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
