"""Load and fault run: the real web and worker processes under a burst of messages.

Run from the repository root with Redis on 127.0.0.1:6379 (uses database 12, emptied)::

    python bench/load.py [--messages 1000] [--senders 8] [--no-faults] [--embedded]

It starts a fake Divar on 127.0.0.1, ``responder worker --concurrency 2`` and
``responder serve`` (web only, Celery on Redis), then posts the messages from several
threads, every tenth one twice (Divar redelivering).  With faults on (the default) the
fake Divar answers the first 5% of sends with 500, and one worker child process is
killed with SIGKILL halfway through.  It waits (60 s at most) until every unique
message has its log row, and checks the promise: exactly one reply per buyer question,
none lost, none doubled.  Loopback only, bounded in count and time.

``--embedded`` runs ``responder serve`` alone (no Redis: in-process queue, SQLite), and
the fault is the whole process SIGKILLed halfway and started again; posts that find it
down are sent again, as Divar does when it gets no 200.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
import requests  # noqa: E402

from responder.store import Store  # noqa: E402
from tests.conftest import ENCRYPTION_KEY  # noqa: E402
from tests.fake_divar import FakeDivar  # noqa: E402
from tests.payloads import legacy  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/12"
KEY = "load-test-key"
QUESTIONS = ("قيمتش چنده؟", "هنوز موجوده؟", "آدرس کجاست؟", "معاوضه می‌کنی؟", "قسطی هم میدی؟", "عکس بیشتر داری؟")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--embedded", action="store_true", help="responder serve alone: no Redis, killed and restarted")
    args = parser.parse_args()
    faults = not args.no_faults
    if not args.embedded:
        redis.Redis.from_url(REDIS_URL).flushdb()
    folder = tempfile.mkdtemp(prefix="responder-load-")
    database = f"sqlite:///{folder}/log.db"
    port = free_port()
    processes: list[subprocess.Popen] = []
    with FakeDivar() as divar:
        env = {
            **os.environ, "REDIS_URL": REDIS_URL, "DATABASE_URL": database, "RULES_DIR": str(ROOT / "rules"),
            "DIVAR_API_KEY": "api", "DIVAR_ACCESS_TOKEN": "tok", "DIVAR_IDENTIFICATION_KEY": KEY,
            "TOKEN_ENCRYPTION_KEY": ENCRYPTION_KEY, "DIVAR_API_URL": divar.url, "DIVAR_LEGACY_API_URL": divar.url,
            "DIVAR_RATE_LIMIT": "0", "PORT": str(port),
        }  # fmt: skip
        if args.embedded:
            del env["REDIS_URL"]
        worker_log = open(f"{folder}/worker.log", "w")  # noqa: SIM115 - closed at exit; the web's log in embedded mode

        def start_web() -> subprocess.Popen:
            web = subprocess.Popen([sys.executable, "-m", "responder", "serve", "--host", "127.0.0.1"], env=env, cwd=ROOT,
                                   stdout=worker_log if args.embedded else subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
            processes.append(web)
            return web

        try:
            if not args.embedded:
                worker = subprocess.Popen([sys.executable, "-m", "responder", "worker", "--concurrency", "2"], env=env,
                                          cwd=ROOT, stdout=worker_log, stderr=subprocess.STDOUT)  # fmt: skip
                processes.append(worker)
            web = start_web()
            url = f"http://127.0.0.1:{port}/webhook"
            deadline = time.monotonic() + 30
            while not args.embedded and time.monotonic() < deadline and "ready." not in Path(f"{folder}/worker.log").read_text():
                time.sleep(0.2)
            while time.monotonic() < deadline:
                try:
                    requests.get(url.replace("/webhook", "/healthz"), timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.2)
            if faults:
                divar.fail_next(500, times=max(1, args.messages // 20))

            deliveries = []
            for i in range(args.messages):
                payload = legacy(QUESTIONS[i % len(QUESTIONS)], message_id=f"load-{i}", buyer_id=f"buyer-{i}")
                deliveries.append(payload)
                if i % 10 == 0:
                    deliveries.append(payload)  # Divar delivers this one twice
            latencies: list[float] = []
            statuses: Counter[int] = Counter()
            lock = threading.Lock()
            local = threading.local()
            killed = threading.Event()

            resent = Counter[str]()

            def kill_and_restart() -> None:
                os.killpg(web.pid, signal.SIGKILL)  # gunicorn's master and worker: the queue's threads die too
                web.wait()
                start_web()

            def send(index_payload: tuple[int, dict]) -> None:
                index, payload = index_payload
                if faults and index == len(deliveries) // 2 and not killed.is_set():
                    killed.set()
                    if args.embedded:
                        threading.Thread(target=kill_and_restart).start()
                    else:
                        for child in children_of(worker.pid)[:1]:
                            os.kill(child, signal.SIGKILL)  # a worker process dies mid-run
                session = getattr(local, "session", None) or requests.Session()
                local.session = session
                started = time.perf_counter()
                give_up = time.monotonic() + 60
                while True:  # Divar delivers again until it gets a 200
                    try:
                        response = session.post(url, json=payload, headers={"Authorization": KEY}, timeout=10)
                        if response.status_code != 503 or time.monotonic() > give_up:
                            break
                        reason = "503"
                    except requests.ConnectionError:
                        if time.monotonic() > give_up:
                            raise
                        reason = "no answer"
                    with lock:
                        resent[reason] += 1
                    time.sleep(0.1)
                with lock:
                    latencies.append(time.perf_counter() - started)
                    statuses[response.status_code] += 1

            started = time.perf_counter()
            with ThreadPoolExecutor(args.senders) as pool:
                list(pool.map(send, enumerate(deliveries)))
            posted = time.perf_counter() - started

            store = Store(database, ENCRYPTION_KEY)
            deadline = time.monotonic() + 60
            rows = []
            while time.monotonic() < deadline:
                rows = store.recent(args.messages * 2)
                if len(rows) >= args.messages:
                    break
                time.sleep(0.5)
            settled = time.perf_counter() - started
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        accepted = Counter(s.body["peer_id"] for s in divar.sends() if isinstance(s.body, dict) and s.status == 200)
        refused = sum(1 for s in divar.sends() if s.status != 200)
        worker_log.close()

    outcomes = Counter(r.outcome for r in rows)
    p = sorted(latencies)
    killed_what = "responder serve SIGKILLed and restarted" if args.embedded else "one worker process SIGKILLed"
    print(f"{'embedded' if args.embedded else 'Celery on Redis'}: {len(deliveries)} webhook posts ({args.messages} unique, "
          f"{len(deliveries) - args.messages} redelivered) from {args.senders} threads; "
          f"faults: {'5% Divar 500s + ' + killed_what if faults else 'none'}")  # fmt: skip
    if resent:
        print(f"posts sent again because the webhook was down: {dict(resent)}")
    print(f"webhook: {len(deliveries) / posted:,.0f} posts/s, latency p50 {statistics.median(p) * 1000:.1f} ms, "
          f"p95 {p[int(len(p) * 0.95)] * 1000:.1f} ms, max {p[-1] * 1000:.1f} ms; statuses {dict(statuses)}")  # fmt: skip
    print(f"all {len(rows)} log rows {settled:.1f} s after the first post: {dict(outcomes)}")
    print(f"Divar accepted {sum(accepted.values())} replies for {len(accepted)} buyers and refused {refused} on purpose")
    # The promise: no buyer gets an answer twice, and no message goes unanswered without a
    # row saying so.  A send the kill cut off is logged failed:interrupted and not sent
    # again (Divar may have it: the fake tells whether it arrived).
    interrupted = {r.message_id for r in rows if r.outcome == "failed:interrupted"}
    buyer_of = {f"load-{i}": f"buyer-{i}" for i in range(args.messages)}
    silent = sum(1 for m, b in buyer_of.items() if b not in accepted and m not in interrupted)
    extra = sum(accepted.values()) - len(accepted)  # > 0: a buyer got the same answer twice
    if interrupted:
        arrived = sum(1 for m in interrupted if buyer_of[m] in accepted)
        print(f"cut off by the kill: {len(interrupted)} logged failed:interrupted ({arrived} had reached Divar); "
              f"`responder retry-failed --outcome failed:interrupted` sends them")  # fmt: skip
    verdict = "PASS" if silent == 0 and extra == 0 and len(rows) == args.messages else "FAIL"
    print(f"unanswered without a log row saying so: {silent}, extra deliveries: {extra} → {verdict}   "
          f"(log: {folder}/worker.log)")  # fmt: skip
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
