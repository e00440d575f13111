"""The embedded queue keeps what the webhook accepted: a restart resumes it, once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import fakeredis
import pytest
from sqlalchemy.exc import OperationalError

from responder import queues
from responder.divar import DivarClient
from responder.divar.client import Call
from responder.engine.reloader import RuleBook
from responder.events import parse
from responder.config import Settings
from responder.queues import Backlogged, LocalQueue
from responder.state import State
from responder.store import Store
from responder.webhook import create_app
from responder.worker import Delivery, Responder, RetryLater
from tests.conftest import write_rules
from tests.payloads import legacy

RULES = """
rules:
  - name: price
    keywords: [قیمت]
    reply: قیمت ۱۰ میلیون
"""


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    return write_rules(tmp_path / "rules", RULES)


def process(rules: Path, tmp_path: Path, divar_url: str) -> Responder:
    """One `responder serve` process: its own in-memory state, the shared SQLite log."""
    client = DivarClient(divar_url, divar_url, "api-key", "token-1", 5.0)
    store = Store(f"sqlite:///{tmp_path}/log.db")
    return Responder(RuleBook(rules), State(fakeredis.FakeRedis()), store, client, journal=store)


def delivery(text: str = "قیمتش چنده؟", message_id: str = "m-1") -> Delivery:
    return Delivery(parse(legacy(text, message_id=message_id)), f"owner-{message_id}", datetime.now(timezone.utc))


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_message_accepted_before_a_stop_is_answered_after_the_restart(rules, tmp_path, fake_divar):
    before = process(rules, tmp_path, fake_divar.url)
    LocalQueue(before, threads=0).enqueue_message(delivery())  # accepted, then the process died
    assert [kind for _id, kind, _body in before.store.held_jobs()] == ["message"]

    after = process(rules, tmp_path, fake_divar.url)
    LocalQueue(after)
    wait_until(lambda: not after.store.held_jobs())
    assert len(fake_divar.sends()) == 1
    assert [(r.message_id, r.outcome) for r in after.store.recent()] == [("m-1", "replied")]


def test_resumed_message_already_logged_is_not_sent_again(rules, tmp_path, fake_divar):
    before = process(rules, tmp_path, fake_divar.url)
    job = delivery()
    assert before.handle(job) == "replied"
    before.store.hold(f"message:{job.owner}", "message", job.to_dict())  # died before releasing it

    after = process(rules, tmp_path, fake_divar.url)
    LocalQueue(after)
    wait_until(lambda: not after.store.held_jobs())
    assert len(fake_divar.sends()) == 1
    assert [r.outcome for r in after.store.recent()] == ["replied"]


class ProcessKilled(BaseException):
    """SIGKILL: nothing in the process runs after it (no handler catches it here)."""


def test_process_killed_mid_send_is_not_sent_again_after_the_restart(rules, tmp_path, fake_divar, monkeypatch):
    before = process(rules, tmp_path, fake_divar.url)
    real_send = Call.send

    def send_then_die(call: Call) -> None:
        real_send(call)  # Divar has the reply; the process dies before hearing back
        raise ProcessKilled

    monkeypatch.setattr(Call, "send", send_then_die)
    LocalQueue(before, threads=0).enqueue_message(delivery())
    with pytest.raises(ProcessKilled):
        before.handle(Delivery.from_dict(before.store.held_jobs()[0][2]))

    after = process(rules, tmp_path, fake_divar.url)  # new process: its in-memory Redis is empty
    LocalQueue(after)
    wait_until(lambda: not after.store.held_jobs())
    assert len(fake_divar.sends()) == 1
    [row] = after.store.recent()
    assert (row.outcome, row.rule) == ("failed:interrupted", "price")


def test_process_killed_before_logging_an_accepted_reply_logs_it_after_the_restart(rules, tmp_path, fake_divar, monkeypatch):
    before = process(rules, tmp_path, fake_divar.url)

    def die(*args, **kwargs):
        raise ProcessKilled  # Divar accepted the reply; the log row never got written

    monkeypatch.setattr(before.store, "record", die)
    LocalQueue(before, threads=0).enqueue_message(delivery())
    with pytest.raises(ProcessKilled):
        before.handle(Delivery.from_dict(before.store.held_jobs()[0][2]))

    after = process(rules, tmp_path, fake_divar.url)
    LocalQueue(after)
    wait_until(lambda: not after.store.held_jobs())
    assert len(fake_divar.sends()) == 1
    [row] = after.store.recent()
    assert (row.outcome, row.rule, row.divar_status) == ("replied", "price", 200)
    assert after.store.send_record("m-1") is None  # forgotten once logged


def test_a_retry_is_held_with_its_next_attempt(rules, tmp_path, fake_divar):
    fake_divar.fail_next(500, retry_after=1)
    responder = process(rules, tmp_path, fake_divar.url)
    LocalQueue(responder, threads=1).enqueue_message(delivery())
    wait_until(lambda: [body["attempt"] for _i, _k, body in responder.store.held_jobs()] == [1])
    wait_until(lambda: not responder.store.held_jobs())
    assert [r.outcome for r in responder.store.recent()] == ["replied"]
    assert len(fake_divar.sends()) == 2


def test_events_are_held_until_recorded(rules, tmp_path, fake_divar):
    responder = process(rules, tmp_path, fake_divar.url)
    held = LocalQueue(responder, threads=0)
    held.enqueue_event("POST_UPDATE", {"type": "POST_UPDATE", "post_token": "gZd7omnS"}, datetime.now(timezone.utc))
    assert [kind for _id, kind, _body in responder.store.held_jobs()] == ["event"]
    LocalQueue(responder)
    wait_until(lambda: not responder.store.held_jobs())
    assert [e["type"] for e in responder.store.recent_events()] == ["POST_UPDATE"]


def test_database_error_keeps_the_job_and_tries_again(rules, tmp_path, fake_divar, monkeypatch):
    monkeypatch.setattr(queues, "DATABASE_RETRY_SECONDS", 0.05)
    responder = process(rules, tmp_path, fake_divar.url)
    handle, calls = responder.handle, []

    def flaky(job: Delivery) -> str | None:
        calls.append(job.attempt)
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return handle(job)

    monkeypatch.setattr(responder, "handle", flaky)
    LocalQueue(responder, threads=1).enqueue_message(delivery())
    wait_until(lambda: len(calls) == 2 and not responder.store.held_jobs())
    assert calls == [0, 0]  # the database's hiccup does not use up a send attempt
    assert [r.outcome for r in responder.store.recent()] == ["replied"]


def test_unexpected_error_releases_the_job(rules, tmp_path, fake_divar, monkeypatch):
    responder = process(rules, tmp_path, fake_divar.url)

    def broken(job: Delivery) -> str | None:
        raise ValueError("a bug")

    monkeypatch.setattr(responder, "handle", broken)
    LocalQueue(responder, threads=1).enqueue_message(delivery())
    wait_until(lambda: not responder.store.held_jobs())  # else every start would hit the bug again
    assert responder.store.unfinished_runs() == {}  # an error ends the run: not counted as a crash


def test_message_the_store_cannot_hold_is_refused(rules, tmp_path, fake_divar, monkeypatch):
    responder = process(rules, tmp_path, fake_divar.url)
    local = LocalQueue(responder, threads=1)

    def down(*args: object) -> None:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(responder.store, "hold", down)
    with pytest.raises(OperationalError):  # the webhook answers 503 and Divar delivers again
        local.enqueue_message(delivery())
    time.sleep(0.2)
    assert fake_divar.sends() == []


# -- one scheduler, a bounded backlog (a burst must not become threads or memory) ----------


class Waiting(Responder):
    """Every message has to wait: the app-wide rate limit, as 5,000 waiting messages saw it."""

    def __init__(self, store: Store, wait: float) -> None:
        super().__init__(RuleBook(RULES_DIR_UNUSED), State(fakeredis.FakeRedis()), store, None, rate_limit_per_minute=60)
        self.wait = wait
        self.handled: list[str] = []

    def handle(self, job: Delivery) -> str | None:
        if job.message.id not in self.handled:
            self.handled.append(job.message.id)
            raise RetryLater(self.wait, "app-wide send rate limit", counts=False)
        self.handled.append(job.message.id)
        return "replied"


RULES_DIR_UNUSED = str(Path(__file__).resolve().parent.parent / "rules")


def test_waiting_retries_share_one_scheduler_thread(tmp_path):
    responder = Waiting(Store(f"sqlite:///{tmp_path}/log.db"), wait=0.3)
    local = LocalQueue(responder, threads=2)
    threads = threading.active_count()
    for n in range(200):
        local.enqueue_message(delivery(message_id=f"w-{n}"))
    wait_until(lambda: len(responder.handled) >= 200)
    assert threading.active_count() == threads  # not one timer thread per waiting message
    wait_until(lambda: local.backlog == 0)  # each moved to the workers when due, and run once more
    assert sorted(responder.handled) == sorted([f"w-{n}" for n in range(200)] * 2)
    assert not responder.store.held_jobs()


def test_a_full_backlog_is_refused_with_retry_after(tmp_path):
    responder = Waiting(Store(f"sqlite:///{tmp_path}/log.db"), wait=60)
    local = LocalQueue(responder, threads=1, max_backlog=3)
    for n in range(3):
        local.enqueue_message(delivery(message_id=f"b-{n}"))
    with pytest.raises(Backlogged) as refused:
        local.enqueue_message(delivery(message_id="b-3"))
    assert refused.value.retry_after == 5  # a tenth of the backlog at 60 a minute, at least 5 s
    assert len(responder.store.held_jobs()) == 3  # the refused one was never held


def test_webhook_answers_503_with_retry_after_when_the_backlog_is_full(tmp_path):
    responder = Waiting(Store(f"sqlite:///{tmp_path}/log.db"), wait=60)
    local = LocalQueue(responder, threads=1, max_backlog=1)
    settings = Settings(identification_key="k", rules_dir=RULES_DIR_UNUSED)
    client = create_app(settings, local).test_client()
    first = client.post("/webhook", json=legacy("قیمت", message_id="x-1"), headers={"Authorization": "k"})
    second = client.post("/webhook", json=legacy("قیمت", message_id="x-2"), headers={"Authorization": "k"})
    assert first.status_code == 200
    assert second.status_code == 503
    assert second.get_json()["error"] == "backlogged"
    assert int(second.headers["Retry-After"]) >= 1


def test_a_held_job_that_cannot_be_read_is_released_not_resumed_forever(rules, tmp_path, fake_divar):
    before = process(rules, tmp_path, fake_divar.url)
    before.store.hold("m-broken", "message", {"message": {"id": "m-broken"}})  # not a Delivery any more
    before.store.hold("m-1", "message", delivery().to_dict())

    after = process(rules, tmp_path, fake_divar.url)
    LocalQueue(after)
    wait_until(lambda: not after.store.held_jobs())  # else every start would trip over it again
    assert [(r.message_id, r.outcome) for r in after.store.recent()] == [("m-1", "replied")]
