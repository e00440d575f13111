"""End to end on real services: webhook → Celery on real Redis → real worker process →
fake Divar over HTTP → reply log.  Plus the Redis claims and the SQL log on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import redis
from werkzeug.serving import make_server

from responder.broker import DELAYED_KEY
from responder.config import Settings
from responder.queues import CeleryQueue
from responder.state import State, Throttle, connect
from responder.store import LogRow, Store
from responder.webhook import create_app
from tests.conftest import ENCRYPTION_KEY, REDIS_URL, ROOT, SPARE_REDIS_URL
from tests.fake_divar import FakeDivar
from tests.payloads import legacy, new_message

KEY = "identification-key-for-tests"
VISIBILITY_TIMEOUT = 10  # BROKER_VISIBILITY_TIMEOUT for the test worker: a killed one's message is back soon
# DIVAR_ECHO_WAIT for the test worker (20 s shipped): a cut-off send is judged when its message is
# back, not 10 s later; the fake Divar's echo comes 4 s after the send began (slow_next below).
ECHO_WAIT = 7
pytestmark = pytest.mark.redis


def wait_until(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return predicate()


class Stack:
    """A running web app (Flask test client), one Celery worker process and a fake Divar."""

    def __init__(self, tmp: Path, fake: FakeDivar) -> None:
        self.fake = fake
        self.database_url = f"sqlite:///{tmp}/log.db"
        self.store = Store(self.database_url, ENCRYPTION_KEY)
        self.store.record(LogRow(  # chat text older than CHAT_RETENTION_DAYS: the worker clears it when it starts
            received_at=datetime.now(timezone.utc) - timedelta(days=30), message_id="old-1", post_token="gZd7omnS",
            conversation="c", sender_role="buyer", message_type="TEXT", text="متن قدیمی", outcome="no_match",
        ))  # fmt: skip
        # the web app first: if it cannot start, no worker process is left running (and consuming) behind
        settings = Settings(identification_key=KEY, redis_url=REDIS_URL, rules_dir=str(ROOT / "rules"),
                            database_url=self.database_url, token_encryption_key=ENCRYPTION_KEY)  # the worker's log
        self.client = create_app(settings, CeleryQueue(connect(REDIS_URL))).test_client()
        env = {
            **os.environ,
            "REDIS_URL": REDIS_URL, "DATABASE_URL": self.database_url, "RULES_DIR": str(ROOT / "rules"),
            "DIVAR_API_KEY": "api-key", "DIVAR_ACCESS_TOKEN": "seller-token", "DIVAR_IDENTIFICATION_KEY": KEY,
            "TOKEN_ENCRYPTION_KEY": ENCRYPTION_KEY,
            "DIVAR_API_URL": fake.url, "DIVAR_LEGACY_API_URL": fake.url,
            "BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT), "WORKER_CONCURRENCY": "4",
            "DIVAR_ECHO_WAIT": str(ECHO_WAIT),
        }  # fmt: skip
        self.env = env
        self.output: list[str] = []
        self.start_worker()

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "responder", "worker"],
            env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        ready = len([line for line in self.output if "ready." in line]) + 1
        threading.Thread(target=self._drain, args=(self.worker,), daemon=True).start()
        if not wait_until(lambda: len([line for line in self.output if "ready." in line]) >= ready, timeout=30):
            self.stop()
            pytest.fail("Celery worker did not start:\n" + "".join(self.output[-40:]))

    def _drain(self, worker: subprocess.Popen) -> None:
        for line in worker.stdout:
            self.output.append(line)

    def post(self, payload: dict, key: str = KEY):
        return self.client.post("/webhook", json=payload, headers={"Authorization": key})

    def row(self, message_id: str) -> LogRow | None:
        return next((r for r in self.store.recent(200) if r.message_id == message_id), None)

    def stop(self) -> None:
        self.worker.send_signal(signal.SIGTERM)
        try:
            self.worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.worker.kill()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as exc:
        from tests.conftest import _unavailable

        _unavailable(f"Redis at {REDIS_URL}", exc)
    with FakeDivar() as fake:
        running = Stack(tmp_path_factory.mktemp("stack"), fake)
        yield running
        running.stop()


def test_seed_price_question_is_answered_once(stack):
    payload = legacy("قيمت چنده؟", message_id="seed-1", buyer_id="buyer-42", seller_id="seller-7")
    response = stack.post(payload)
    assert response.status_code == 200, response.get_json()
    sends = stack.fake.wait_for_sends(1)
    assert len(sends) == 1
    assert sends[0].path == "/v2/open-platform/chat/conversation"
    assert sends[0].body["user_id"] == "seller-7" and sends[0].body["peer_id"] == "buyer-42"
    assert sends[0].body["post_token"] == "gZd7omnS" and sends[0].body["message"]
    row = wait_until(lambda: stack.row("seed-1"))
    assert (row.outcome, row.rule, row.divar_status) == ("replied", "price", 200)

    assert stack.post(payload).status_code == 200  # Divar redelivers the same message
    time.sleep(2)
    assert len(stack.fake.sends()) == 1
    assert [r.message_id for r in stack.store.recent(200)].count("seed-1") == 1


def test_seller_message_is_logged_as_own_message(stack):
    before = len(stack.fake.sends())
    assert stack.post(legacy("قیمتش ۲۵ میلیونه", message_id="seller-1", seller=True)).status_code == 200
    row = wait_until(lambda: stack.row("seller-1"))
    assert row.outcome == "skipped:own_message"
    assert len(stack.fake.sends()) == before


def test_events_api_message_with_a_retry_after_divar_error(stack):
    before = len(stack.fake.sends())
    stack.fake.fail_next(503, retry_after=2)
    payload = new_message("هنوز موجوده؟", message_id="evt-1", conversation="conv-77")
    assert stack.post(payload).status_code == 200
    broker = redis.Redis.from_url(REDIS_URL)
    assert wait_until(lambda: broker.zcard(DELAYED_KEY) == 1)  # the retry waits in the sorted set …
    # … not unacknowledged in the broker, where a short timeout would run it twice (the first
    # attempt's acknowledgement goes out with the worker's next take, within its 1 s poll)
    assert wait_until(lambda: broker.hlen("unacked") == 0, timeout=3)
    row = wait_until(lambda: stack.row("evt-1"), timeout=30)
    assert row is not None and row.outcome == "replied", stack.output[-20:]
    sends = stack.fake.sends()[before:]
    assert [s.path for s in sends] == ["/v2/open-platform/conversations/conv-77/messages"] * 2


def test_other_events_are_recorded(stack):
    payload = {"type": "POST_UPDATE", "post_update": {"type": "RETIRE", "post": {"token": "gZd7omnS"}}}
    assert stack.post(payload).status_code == 200
    assert wait_until(lambda: any(e["type"] == "POST_UPDATE" for e in stack.store.recent_events()))


def test_worker_killed_mid_send_is_answered_after_the_visibility_timeout_once(stack):
    """SIGKILL the whole worker while Divar holds two requests, start another: Redis hands the
    unacknowledged messages out again after the short visibility timeout (not 15 minutes), the
    dead worker's leases have lapsed with its heartbeat, and neither is sent a second time:

    * legacy (no echo): the send record turns the message into failed:interrupted;
    * events API, where the fake Divar echoes each accepted reply to the webhook (a real HTTP
      server here) as a SELLER/BOT message: the new worker finds the echo heard after the
      send began and logs replied.

    Both in one kill: each kill waits out the visibility timeout and a worker start (12-20 s);
    they were two tests, and the two messages do not touch each other (other conversations,
    other posts; legacy sends are not echoed)."""
    server = make_server("127.0.0.1", 0, stack.client.application, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stack.fake.conversations["conv-echo"] = "gZecho"
    stack.fake.echo_to(f"http://127.0.0.1:{server.server_port}/webhook", KEY)
    try:
        before = len(stack.fake.sends())
        stack.fake.slow_next(8)
        payload = legacy("قیمت؟", message_id="killed-1", buyer_id="buyer-k", post="gZkilled")  # an earlier test retired gZd7omnS
        assert stack.post(payload).status_code == 200
        assert wait_until(lambda: len(stack.fake.sends()) > before), stack.row("killed-1")  # the request is at Divar
        stack.fake.slow_next(4)
        assert stack.post(new_message("قیمت؟", message_id="echo-1", conversation="conv-echo", post="gZecho")).status_code == 200
        assert wait_until(lambda: len(stack.fake.sends()) > before + 1), stack.row("echo-1")  # this one too
        stack.worker.kill()  # SIGKILL: no warm shutdown, nothing returned to the queue
        stack.worker.wait()
        killed_at = time.monotonic()
        stack.start_worker()
        killed = wait_until(lambda: stack.row("killed-1"), timeout=VISIBILITY_TIMEOUT + 20)
        assert killed is not None and (killed.outcome, killed.rule) == ("failed:interrupted", "price"), stack.output[-20:]
        assert f"no echo came in {ECHO_WAIT} s" in killed.detail, killed.detail  # the worker read DIVAR_ECHO_WAIT
        echoed = wait_until(lambda: stack.row("echo-1"), timeout=VISIBILITY_TIMEOUT + 20)
        assert echoed is not None and echoed.outcome == "replied" and "echoed" in echoed.detail, stack.output[-20:]
        assert time.monotonic() - killed_at < VISIBILITY_TIMEOUT + 20
        time.sleep(1)
        assert len(stack.fake.sends()) == before + 2
        [(echo, answer)] = stack.fake.echoes
        assert answer == 200 and echo["new_message"]["sender"] == {"side": "SELLER", "type": "BOT"}
    finally:
        stack.fake.echo_to(None)
        server.shutdown()


def test_sigterm_lets_the_running_send_finish(stack):
    """A platform restart (SIGTERM) mid-send: the worker finishes and logs the reply, then exits."""
    before = len(stack.fake.sends())
    stack.fake.slow_next(3)
    payload = legacy("قیمت؟", message_id="term-1", buyer_id="buyer-t", post="gZterm")
    assert stack.post(payload).status_code == 200
    assert wait_until(lambda: len(stack.fake.sends()) > before)  # the request is at Divar
    stack.worker.send_signal(signal.SIGTERM)
    assert stack.worker.wait(timeout=20) == 0
    row = stack.row("term-1")
    assert row is not None and row.outcome == "replied", stack.output[-20:]
    assert len(stack.fake.sends()) == before + 1
    stack.start_worker()  # for the tests after this one


def test_wrong_key_leaves_no_trace_in_the_queue(tmp_path):
    url = SPARE_REDIS_URL  # a database no worker consumes
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
    except redis.RedisError as exc:
        from tests.conftest import _unavailable

        _unavailable(f"Redis at {url}", exc)
    settings = Settings(identification_key=KEY, redis_url=url, rules_dir=str(ROOT / "rules"),
                        database_url=f"sqlite:///{tmp_path}/log.db")  # fmt: skip
    web = create_app(settings, CeleryQueue(connect(url))).test_client()
    response = web.post("/webhook", json=legacy("قیمت"), headers={"Authorization": "wrong"})
    assert response.status_code == 401
    assert client.dbsize() == 0
    assert web.post("/webhook", json=legacy("قیمت"), headers={"Authorization": KEY}).status_code == 200
    assert client.llen("celery") == 1


def test_throttle_claims_are_atomic_across_workers(redis_url):
    """Sixteen workers race to greet one conversation: exactly one may."""
    throttle = Throttle("greeting", once_per_conversation=True)
    barrier = threading.Barrier(16)
    results: list[str | None] = []

    def race() -> None:
        state = State(redis.Redis.from_url(redis_url))
        barrier.wait()
        results.append(state.claim_reply("conv-1", throttle))

    threads = [threading.Thread(target=race) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(None) == 1
    assert results.count("once_per_conversation") == 15


def test_celery_worker_clears_old_chat_text_without_a_scheduler(stack):
    row = wait_until(lambda: (r := stack.row("old-1")) and r.text == "" and r)
    assert row and (row.text, row.outcome) == ("", "no_match")


def test_hourly_cap_and_message_claims_on_real_redis(redis_url):
    state = State(redis.Redis.from_url(redis_url))
    capped = Throttle("price", max_replies_per_hour=2)
    assert [state.claim_reply("conv-2", capped) for _ in range(3)] == [None, None, "hourly_cap"]
    assert 0 < state.redis.ttl("responder:hourly:conv-2") <= 3600
    assert state.claim_message("m-1", "owner-a") is True
    assert state.claim_message("m-1", "owner-a") is True  # a retry of the same delivery
    assert state.claim_message("m-1", "owner-b") is False


@pytest.mark.postgres
def test_reply_log_on_postgresql(postgres_url):
    store = Store(postgres_url, ENCRYPTION_KEY)
    row = LogRow(
        received_at=datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc), message_id="pg-1", post_token="gZd7omnS",
        conversation="gZd7omnS:buyer-1", sender_role="buyer", message_type="TEXT", text="قیمت؟",
        outcome="replied", rule="price", reply="۲۵ میلیون", divar_status=200, latency_ms=12,
    )  # fmt: skip
    assert store.record(row) is True
    assert store.record(row) is False  # one row per message, even when delivered twice
    assert store.recent() == [row]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_pooled_connection_is_pinged_only_after_sitting_idle(backend, tmp_path, request, monkeypatch):
    """No ``SELECT 1`` before every statement (a round trip each on PostgreSQL); one that
    sat idle is checked, and replaced if the server dropped it."""
    import responder.store

    url = request.getfixturevalue("postgres_url") if backend == "postgres" else f"sqlite:///{tmp_path}/log.db"
    store = Store(url, ENCRYPTION_KEY, pool_size=4)
    pings: list[bool] = []
    real = store.engine.dialect.do_ping
    monkeypatch.setattr(store.engine.dialect, "do_ping", lambda conn: pings.append(True) or real(conn))
    for _ in range(5):
        assert store.outcome_of("m-1") is None
    assert pings == []  # used a moment ago: alive
    monkeypatch.setattr(responder.store, "IDLE_PING_SECONDS", 0.0)
    assert store.outcome_of("m-1") is None and pings == [True]
    dropped = iter([True])

    def ping(conn):
        if next(dropped, False):
            raise RuntimeError("server closed the connection unexpectedly")
        return real(conn)

    monkeypatch.setattr(store.engine.dialect, "do_ping", ping)
    assert store.outcome_of("m-1") is None  # answered on a new connection


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_the_per_message_lookups_on_both_databases(backend, tmp_path, request):
    """The worker's lookups are statements built once with bound values (CPU per message):
    each still answers for the value it is given, on SQLite and on PostgreSQL."""
    url = request.getfixturevalue("postgres_url") if backend == "postgres" else f"sqlite:///{tmp_path}/log.db"
    store = Store(url, ENCRYPTION_KEY)
    now = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
    row = LogRow(received_at=now, message_id="m-1", post_token="p-1", conversation="p-1:b-1", sender_role="buyer",
                 message_type="TEXT", text="قیمت؟", outcome="replied")  # fmt: skip
    assert store.record(row) and store.outcome_of("m-1") == "replied" and store.outcome_of("m-2") is None
    store.save_post("p-1", seller_id="s-1")
    assert store.post("p-1").seller_id == "s-1" and store.post("p-2") is None
    store.save_post("p-2", status="skipped:post_retired")
    store.save_post("p-1", last_message_at=now)  # an update sets only the columns given
    assert (store.post("p-1").seller_id, store.post("p-1").last_message_at, store.post("p-1").active) == ("s-1", now, True)
    assert store.post("p-2").status == "skipped:post_retired"
    store.pause("conversation:p-1:b-1")
    assert store.is_paused("p-1", "p-1:b-1") and not store.is_paused("p-1", "p-1:b-2")
    store.pause("post:p-2")
    assert store.is_paused("p-2", "p-2:b-9") and not store.is_paused("p-3", "p-3:b-9")
    store.save_post_facts("p-1", {"title": "گوشی"}, now)
    assert store.post_facts("p-1") == ({"title": "گوشی"}, now) and store.post_facts("p-2") is None
    store.hold_sends("quota", now + timedelta(hours=1), "used up")
    assert store.send_hold("quota", now) == (now + timedelta(hours=1), "used up") and store.send_hold("other", now) is None
    found = store.look_up("m-1", ("p-1", "p-2"), "p-1:b-1", "quota")  # the worker's one look-up: the same answers
    assert (found.outcome, found.paused, found.hold.at(now)) == ("replied", True, store.send_hold("quota", now))
    assert found.posts == {"p-1": store.post("p-1"), "p-2": store.post("p-2")}
    found = store.look_up("m-2", ("p-3",), "p-3:b-9", "other")
    assert (found.outcome, found.paused, found.hold, found.posts) == (None, False, None, {})
