"""Load and fault run: the real web and worker processes, paced or in a burst, with faults.

Run from the repository root with Redis on 127.0.0.1:6379 (uses database 12, emptied; another
with ``--redis-url``)::

    python bench/load.py                                   # burst of 1000, 5% Divar 500s, a worker SIGKILLed
    python bench/load.py --rate 200 --seconds 60 --no-faults            # sustained, Divar answers at once
    python bench/load.py --rate 200 --seconds 60 --divar-delay 0.2 --no-faults
    python bench/load.py --rate 100 --messages 2000 --fail-ratio 0.2    # kill -9 of a worker mid-run
    python bench/load.py --embedded                        # responder serve alone, killed and restarted
    python bench/load.py --pool prefork --concurrency 2    # the old worker model, for comparison

It starts a fake Divar on 127.0.0.1 (``--divar-delay`` seconds per send, ``--fail-ratio``
of sends answered 500), ``--workers`` × ``responder worker`` as the Procfile does, and
``responder serve`` (web only, Celery on Redis).  It posts the messages (each from its own
buyer, every tenth delivered twice as Divar redelivers) at ``--rate`` per second, or as
fast as ``--senders`` threads can with ``--rate 0``.  With faults on (the default) the
first 5% of sends also get a 500 and one worker process is SIGKILLed halfway (the whole
process: no warm shutdown).  It waits (60 s at most) for every unique message's log row
and checks the promise: one reply per buyer, none lost, none doubled.  Latency runs from
the webhook post to the reply arriving at the fake Divar.  Loopback only, bounded in time
(90 s of posting at most; ``--soak`` allows 600 s, for the memory run of issue 12).

``--api events`` posts the events API's ``NEW_MESSAGE`` (each buyer in a conversation of its own
on one post) instead of the legacy ``CHAT_MESSAGE``; replies then go to the conversation's
send, and the fake Divar echoes each reply it accepts back to the webhook as a SELLER/BOT
message, as Divar's events carry bot messages (``--no-echo``: it does not).  A send the kill
cut off is then judged by its echo (``responder/echo.py``); the echoes' own log rows
(``skipped:echo``, ``skipped:own_message``) are counted apart from the buyers'.

``--embedded`` runs ``responder serve`` alone (no Redis: in-process queue, SQLite), and
the fault is the whole process SIGKILLed halfway and started again; posts that find it
down are sent again, as Divar does when it gets no 200.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
import requests  # noqa: E402

from bench.posting import Senders, request_bytes  # noqa: E402
from responder.store import Store  # noqa: E402
from tests.conftest import ENCRYPTION_KEY  # noqa: E402
from tests.fake_divar import LEGACY_SEND_PATH, SEND_PATH, FakeDivar, Recorded, Scripted  # noqa: E402
from tests.payloads import legacy, new_message  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/12"
KEY = "load-test-key"
QUESTIONS = ("قيمتش چنده؟", "هنوز موجوده؟", "آدرس کجاست؟", "معاوضه می‌کنی؟", "قسطی هم میدی؟", "عکس بیشتر داری؟")
MAX_POSTING_SECONDS = 90
SOAK_POSTING_SECONDS = 600  # --soak: ~100,000 messages at 170/s, to see whether worker memory settles
SETTLE_SECONDS = 60


class TimedDivar(FakeDivar):
    """The test fake, plus a delay for every send, random 500s, and when each send arrived."""

    def __init__(self, delay: float, fail_ratio: float) -> None:
        super().__init__()
        self.delay = delay
        self.fail_ratio = fail_ratio
        self.arrived: dict[int, float] = {}  # id(recorded request) → time.time() it arrived
        self._random = random.Random(7)

    def _take_step(self, method: str, path: str) -> Scripted | None:  # called under the lock as a request arrives
        self.arrived[id(self.requests[-1])] = time.time()
        step = super()._take_step(method, path)
        if step is None and (path.split("?")[0] == LEGACY_SEND_PATH or SEND_PATH.match(path.split("?")[0])):
            if self._random.random() < self.fail_ratio:
                return Scripted(500, {"message": "random failure"}, delay=self.delay)
            if self.delay:
                return Scripted(delay=self.delay, passthrough=True)
        return step


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for p in [pid, *children_of(pid)]:
        try:
            line = next(x for x in Path(f"/proc/{p}/status").read_text().splitlines() if x.startswith("VmRSS:"))
            total += int(line.split()[1])
        except (OSError, StopIteration):
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its children used so far: the cost per
    message, which a loaded machine disturbs far less than wall-clock throughput."""
    total = 0.0
    for p in [pid, *children_of(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError):
            pass
    return total


def children_of(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=None, help="unique messages (default: rate × seconds, or 1000)")
    parser.add_argument("--rate", type=float, default=0, help="messages per second (0 = as fast as the senders can)")
    parser.add_argument("--seconds", type=float, default=30, help="with --rate: how long to post (≤ 90, ≤ 600 with --soak)")
    parser.add_argument("--soak", action="store_true", help="allow up to 600 s of posting (memory over ~100,000 messages)")
    parser.add_argument("--senders", type=int, default=16, help="keep-alive connections posting, in all (default 16)")
    parser.add_argument("--sender-processes", type=int, default=2,
                        help="processes the senders run in, apart from this one's fake Divar (default 2)")
    parser.add_argument("--divar-delay", type=float, default=0.0, help="seconds Divar takes per send")
    parser.add_argument("--fail-ratio", type=float, default=0.0, help="share of sends Divar answers 500, at random")
    parser.add_argument("--workers", type=int, default=2, help="`responder worker` processes")
    parser.add_argument("--pool", choices=("threads", "prefork", "gevent"), default="threads",
                        help="prefork and gevent run `celery worker` directly (gevent: pip install gevent first)")
    parser.add_argument("--concurrency", type=int, default=None, help="per worker (default: WORKER_CONCURRENCY's)")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--api", choices=("legacy", "events"), default="legacy",
                        help="webhook payloads and sends: the legacy stream, or the events API with Divar's echoes")
    parser.add_argument("--no-echo", action="store_true", help="with --api events: the fake Divar echoes nothing")
    parser.add_argument("--echo-loss", type=float, default=0.0, help="with --api events: share of echoes never posted")
    parser.add_argument("--embedded", action="store_true", help="responder serve alone: no Redis, killed and restarted")
    parser.add_argument("--redis-url", default=REDIS_URL, help=f"Redis database to use, emptied first (default {REDIS_URL})")
    args = parser.parse_args()
    faults = not args.no_faults
    most = SOAK_POSTING_SECONDS if args.soak else MAX_POSTING_SECONDS
    messages = args.messages or (int(args.rate * min(args.seconds, most)) if args.rate else 1000)
    if args.rate and messages / args.rate > most:
        parser.error(f"{messages} messages at {args.rate}/s would post for more than {most} s")
    if not args.embedded:
        redis.Redis.from_url(args.redis_url).flushdb()
    folder = tempfile.mkdtemp(prefix="responder-load-")
    database = f"sqlite:///{folder}/log.db"
    port = free_port()
    processes: list[subprocess.Popen] = []
    workers: list[subprocess.Popen] = []
    with Senders(args.sender_processes) as senders, TimedDivar(args.divar_delay, args.fail_ratio) as divar:
        env = {
            **os.environ, "REDIS_URL": args.redis_url, "DATABASE_URL": database, "RULES_DIR": str(ROOT / "rules"),
            "DIVAR_API_KEY": "api", "DIVAR_ACCESS_TOKEN": "tok", "DIVAR_IDENTIFICATION_KEY": KEY,
            "TOKEN_ENCRYPTION_KEY": ENCRYPTION_KEY, "DIVAR_API_URL": divar.url, "DIVAR_LEGACY_API_URL": divar.url,
            "DIVAR_RATE_LIMIT": "0", "PORT": str(port),
        }  # fmt: skip
        if args.concurrency:
            env["WORKER_CONCURRENCY"] = str(args.concurrency)
        if args.embedded:
            del env["REDIS_URL"]
        worker_log = open(f"{folder}/worker.log", "w")  # noqa: SIM115 - closed at exit; the web's log in embedded mode

        def start_web() -> subprocess.Popen:
            web = subprocess.Popen([sys.executable, "-m", "responder", "serve", "--host", "127.0.0.1"], env=env, cwd=ROOT,
                                   stdout=worker_log if args.embedded else subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
            processes.append(web)
            return web

        def start_worker() -> subprocess.Popen:
            if args.pool == "threads":
                command = [sys.executable, "-m", "responder", "worker"]
            else:  # prefork: the model before threads (one message per process); gevent: patched greenlets
                command = [sys.executable, "-m", "celery", "-A", "responder.tasks", "worker", "--loglevel=INFO",
                           f"--pool={args.pool}", f"--concurrency={args.concurrency or 2}"]  # fmt: skip
            worker = subprocess.Popen(command, env=env, cwd=ROOT, stdout=worker_log, stderr=subprocess.STDOUT,
                                      start_new_session=True)  # fmt: skip
            processes.append(worker)
            workers.append(worker)
            return worker

        kill_at: list[float] = []
        try:
            for _ in range(0 if args.embedded else args.workers):
                start_worker()
            web = start_web()
            url = f"http://127.0.0.1:{port}/webhook"
            deadline = time.monotonic() + 60
            while not args.embedded and time.monotonic() < deadline and \
                    Path(f"{folder}/worker.log").read_text().count("ready.") < args.workers:  # fmt: skip
                time.sleep(0.2)
            while time.monotonic() < deadline:
                try:
                    requests.get(url.replace("/webhook", "/healthz"), timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.2)
            if faults:
                divar.fail_next(500, times=max(1, messages // 20))
            if args.api == "events" and not args.no_echo:
                divar.echo_to(url, KEY, threads=args.senders, lose=args.echo_loss)
            measured = workers or [web]  # embedded: the one process does it all
            memory_before = [rss_mb(w.pid) for w in measured]
            cpu_before = {w.pid: cpu_seconds(w.pid) for w in measured}

            deliveries = []
            for i in range(messages):
                if args.api == "events":
                    divar.conversations[f"buyer-{i}"] = "gZd7omnS"  # the conversation's id names its buyer here
                    payload = new_message(QUESTIONS[i % len(QUESTIONS)], message_id=f"load-{i}", conversation=f"buyer-{i}")
                else:
                    payload = legacy(QUESTIONS[i % len(QUESTIONS)], message_id=f"load-{i}", buyer_id=f"buyer-{i}")
                deliveries.append((i, payload))
                if i % 10 == 0:
                    deliveries.append((i, payload))  # Divar delivers this one twice
            half = len(deliveries) // 2

            def kill_and_restart() -> None:
                os.killpg(web.pid, signal.SIGKILL)  # gunicorn's master and worker: the queue's threads die too
                web.wait()
                start_web()

            def fault(begun: int) -> None:
                if kill_at or begun <= half:
                    return
                kill_at.append(time.time())
                if args.embedded:
                    threading.Thread(target=kill_and_restart).start()
                else:
                    os.killpg(workers[0].pid, signal.SIGKILL)  # a whole worker dies: its reserved messages with it

            # every post built before the clock starts: the senders only send bytes (bench/posting.py)
            requests_ = [(index, request_bytes("127.0.0.1", port, "/webhook", KEY, json.dumps(payload).encode()))
                         for index, payload in deliveries]  # fmt: skip
            started = time.perf_counter()
            first_post = time.time()
            memory_samples: list[tuple[float, list[float]]] = []  # (seconds in, RSS of each worker)
            sampling = threading.Event()

            def sample_memory() -> None:
                while not sampling.wait(10):
                    memory_samples.append((time.perf_counter() - started, [rss_mb(w.pid) for w in measured]))

            threading.Thread(target=sample_memory, daemon=True).start()
            sender_cpu = sum(cpu_seconds(child.pid) for child in senders.children)
            post_rate = args.rate * len(deliveries) / messages  # posts per second: the redeliveries on top
            sent, offer = senders.post(("127.0.0.1", port), requests_, post_rate, args.senders,
                                       on_progress=fault if faults else None)  # fmt: skip
            posted_at, statuses, resent = sent.posted_at, sent.statuses, sent.resent
            sender_cpu = sum(cpu_seconds(child.pid) for child in senders.children) - sender_cpu
            posted = time.perf_counter() - started

            store = Store(database, ENCRYPTION_KEY)
            deadline = time.monotonic() + SETTLE_SECONDS
            rows = []
            ours = {f"load-{i}" for i in range(messages)}
            echo_rows = []
            while time.monotonic() < deadline:
                everything = store.recent(messages * 3)  # with echoes: a row for each echo too
                rows = [r for r in everything if r.message_id in ours]
                echo_rows = [r for r in everything if r.message_id not in ours]
                if len(rows) >= messages:
                    break
                time.sleep(0.5)
            settled = time.perf_counter() - started
            sampling.set()
            survivors = [w for w in measured if w.poll() is None]
            memory_after = [rss_mb(w.pid) for w in survivors]
            cpu_used = sum(cpu_seconds(w.pid) - cpu_before[w.pid] for w in survivors)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        sends = [s for s in divar.sends() if isinstance(s.body, dict)]

        def buyer(s: Recorded) -> str:  # legacy: the peer; events: the conversation, named after its buyer
            return s.body.get("peer_id") or s.route.split("/")[-2]

        accepted = Counter(buyer(s) for s in sends if s.status == 200)
        answered_at = {buyer(s): divar.arrived.get(id(s), 0.0) for s in sends if s.status == 200}
        echoes = Counter(str(answer) for _, answer in divar.echoes)
        refused = sum(1 for s in sends if s.status != 200)
        worker_log.close()

    outcomes = Counter(r.outcome for r in rows)
    latencies = [answered_at[f"buyer-{i}"] - t for i, t in posted_at.items() if f"buyer-{i}" in answered_at]
    in_time = sum(1 for x in latencies if x < 1.0)
    mode = "embedded" if args.embedded else f"Celery on Redis, {args.workers} worker(s), pool {args.pool}"
    mode += f", {args.api} API" + (f" (Divar echoes replies, {args.echo_loss:.0%} of echoes lost)"
                                   if args.api == "events" and not args.no_echo else "")  # fmt: skip
    print(f"{mode}: {len(deliveries)} webhook posts ({messages} unique) "
          f"{'at %.0f/s' % args.rate if args.rate else 'as fast as %d threads can' % args.senders}; Divar delay "
          f"{args.divar_delay * 1000:.0f} ms, random 500s {args.fail_ratio:.0%}; faults: "
          f"{'5% Divar 500s + ' + ('serve SIGKILLed and restarted' if args.embedded else 'one worker SIGKILLed') if faults else 'none'}")  # fmt: skip
    if resent:
        print(f"posts sent again because the webhook was down or full: {dict(resent)}")
    print(f"posted in {posted:.1f} s ({len(deliveries) / posted:,.0f} posts/s); statuses {dict(statuses)}")
    target = f" (asked {args.rate * len(deliveries) / messages:,.0f} posts/s = {args.rate:,.0f} msg/s)" if args.rate else ""
    print(f"offered: {offer.rate:,.1f} posts/s = {offer.rate * messages / len(deliveries):,.1f} msg/s over {offer.seconds:.1f} s"
          f"{target}; first attempts behind schedule p50 {offer.late_p50 * 1000:,.1f} ms, p99 {offer.late_p99 * 1000:,.1f} ms, "
          f"max {offer.late_max * 1000:,.1f} ms; {args.sender_processes} sender processes, {args.senders} connections, "
          f"their CPU {1000 * sender_cpu / len(deliveries):.2f} ms per post")
    print(f"post → reply at Divar: p50 {percentile(latencies, 0.5) * 1000:,.0f} ms, p99 {percentile(latencies, 0.99) * 1000:,.0f} ms, "
          f"max {max(latencies, default=0) * 1000:,.0f} ms; replied within 1 s: {in_time}/{messages}")  # fmt: skip
    print(f"{len(rows)} log rows {settled:.1f} s after the first post: {dict(outcomes)}")
    if args.api == "events":
        print(f"echoes posted by the fake Divar: {dict(echoes)}; their log rows: {dict(Counter(r.outcome for r in echo_rows))}")
        confirmed = sum(1 for r in rows if r.outcome == "replied" and r.detail and "echoed the reply" in r.detail)
        resent = sum(1 for r in rows if r.outcome == "replied" and r.detail and r.detail.startswith("sent again"))
        print(f"cut-off sends confirmed by their echo: {confirmed}; sent again (no echo, later ones echoed): {resent}")
    if memory_before:
        what = "serve (web + worker)" if args.embedded else "worker"
        print(f"{what} memory (RSS, MB): {[round(m) for m in memory_before]} before, {[round(m) for m in memory_after]} after")
        if memory_samples:
            print("  every 10 s: " + ", ".join(f"{t:.0f}s {[round(m) for m in ms]}" for t, ms in memory_samples))
        if len(survivors) == len(measured) and not (args.embedded and faults):  # a killed process's CPU time is gone
            print(f"{what} CPU: {cpu_used:.1f} s in all, {1000 * cpu_used / messages:.2f} ms per message")
    if kill_at:
        late = [answered_at[f"buyer-{i}"] - kill_at[0] for i, t in posted_at.items()
                if t <= kill_at[0] and f"buyer-{i}" in answered_at]  # fmt: skip
        print(f"messages posted before the kill: last answered {max(late, default=0):.1f} s after it")
    print(f"Divar accepted {sum(accepted.values())} replies for {len(accepted)} buyers and refused {refused} on purpose")
    interrupted = {r.message_id for r in rows if r.outcome == "failed:interrupted"}
    buyer_of = {f"load-{i}": f"buyer-{i}" for i in range(messages)}
    silent = sum(1 for m, b in buyer_of.items() if b not in accepted and m not in interrupted and
                 not any(r.message_id == m and r.outcome.startswith("failed:") for r in rows))  # fmt: skip
    extra = sum(accepted.values()) - len(accepted)  # > 0: a buyer got the same answer twice
    if interrupted:
        arrived = sum(1 for m in interrupted if buyer_of[m] in accepted)
        print(f"cut off by the kill: {len(interrupted)} logged failed:interrupted ({arrived} had reached Divar)")
    verdict = "PASS" if silent == 0 and extra == 0 and len(rows) == messages else "FAIL"
    print(f"unanswered without a log row saying so: {silent}, extra deliveries: {extra} → {verdict}   "
          f"(log: {folder}/worker.log; first post {first_post:.0f})")  # fmt: skip
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
