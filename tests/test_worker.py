"""The worker's decisions, against a real HTTP fake Divar, fakeredis and SQLite."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fakeredis
import pytest
import redis.connection
import urllib3.connection
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from responder.divar import DivarClient
from responder.divar.client import Call
from responder.divar.session import http_session
from responder.echo import ECHO_WAIT
from responder.engine.reloader import RuleBook
from responder.events import parse
from responder.state import State
from responder.store import LogRow, Store
from responder.worker import MAX_SEND_ATTEMPTS, Delivery, Responder, RetryLater
from tests.conftest import write_rules
from tests.payloads import legacy, new_message

RULES = """
vars:
  price: 12500000
rules:
  - name: greeting
    keywords: [سلام]
    once_per_conversation: true
    priority: 10
    reply: سلام، خوش آمدید
  - name: price
    keywords: [قیمت, چند]
    reply: "قیمت {{ vars.price | money | fa }} تومان"
  - name: broken
    keywords: [خراب]
    reply: "{{ 1 / 0 }}"
  - name: seller-command
    role: seller
    exact: ["!قیمت"]
    reply: "قیمت نهایی {{ vars.price }}"
"""


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    return write_rules(tmp_path / "rules", RULES)


def make_responder(rules: Path, tmp_path: Path, divar_url: str | None, timeout: float = 5.0,
                   redis_client: redis.Redis | None = None) -> Responder:  # fmt: skip
    client = DivarClient(divar_url, divar_url, "api-key", "token-1", timeout, session=http_session(4)) if divar_url else None
    state = State(redis_client or fakeredis.FakeRedis())
    return Responder(RuleBook(rules), state, Store(f"sqlite:///{tmp_path}/log.db"), client)


def deliver(payload: dict, owner: str = "owner-1", attempt: int = 0) -> Delivery:
    return Delivery(parse(payload), owner, datetime.now(timezone.utc), attempt)


def test_legacy_reply_goes_from_seller_to_buyer(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    assert responder.handle(deliver(legacy("قيمتش چنده؟"))) == "replied"
    [sent] = fake_divar.sends()
    assert sent.path == "/v2/open-platform/chat/conversation"
    assert sent.headers["x-api-key"] == "api-key" and sent.headers["authorization"] == "Bearer token-1"
    assert sent.body == {
        "user_id": "seller-1", "post_token": "gZd7omnS", "peer_id": "buyer-1", "type": "TEXT",
        "message": "قیمت ۱۲,۵۰۰,۰۰۰ تومان",
    }  # fmt: skip
    [row] = responder.store.recent()
    assert (row.outcome, row.rule, row.divar_status, row.sender_role) == ("replied", "price", 200, "buyer")


def test_events_reply_goes_to_the_conversation(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    assert responder.handle(deliver(new_message("قیمت؟", conversation="conv-9"))) == "replied"
    [sent] = fake_divar.sends()
    assert sent.path == "/v2/open-platform/conversations/conv-9/messages"
    assert sent.headers["authorization"] == "Bearer token-1"
    assert sent.body == {"type": "TEXT", "message": "قیمت ۱۲,۵۰۰,۰۰۰ تومان"}


def test_redelivery_and_second_worker_send_nothing_more(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    assert responder.handle(deliver(legacy("قیمت"), owner="first")) == "replied"
    assert responder.handle(deliver(legacy("قیمت"), owner="second")) is None
    assert responder.handle(deliver(legacy("قیمت"), owner="first")) is None  # late retry of the first
    assert len(fake_divar.sends()) == 1
    assert len(responder.store.recent()) == 1


def test_a_message_id_already_logged_is_said_so_not_dropped_silently(rules, tmp_path, fake_divar, caplog):
    """A restarted embedded serve has a fresh claim memory but the same log: the message
    is not answered again, and the service log says why (not a silent 200)."""
    make_responder(rules, tmp_path, fake_divar.url).handle(deliver(legacy("قیمت")))
    restarted = make_responder(rules, tmp_path, fake_divar.url)
    with caplog.at_level("INFO", logger="responder.worker"):
        assert restarted.handle(deliver(new_message("قیمت؟", message_id="msg-1"))) is None
    assert "message msg-1 is already in the reply log (replied); not handled again" in caplog.text
    assert len(fake_divar.sends()) == 1


def test_seller_messages_are_never_answered_by_buyer_rules(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    assert responder.handle(deliver(legacy("قیمت چنده؟", seller=True))) == "skipped:own_message"
    assert fake_divar.sends() == []


def test_our_reply_echoed_back_is_not_answered(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    responder.handle(deliver(legacy("!قيمت", seller=True, message_id="cmd")))  # seller rule replies
    assert [s.body["message"] for s in fake_divar.sends()] == ["قیمت نهایی 12500000"]
    echo = legacy("قیمت نهایی 12500000", seller=True, message_id="echo")
    assert responder.handle(deliver(echo)) == "skipped:echo"
    assert len(fake_divar.sends()) == 1


def test_once_per_conversation_falls_through_to_the_next_rule(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    assert responder.handle(deliver(legacy("سلام", message_id="a"))) == "replied"
    assert responder.handle(deliver(legacy("سلام", message_id="b"))) == "skipped:once_per_conversation"
    assert responder.handle(deliver(legacy("سلام قیمت؟", message_id="c"))) == "replied"
    assert [s.body["message"] for s in fake_divar.sends()] == ["سلام، خوش آمدید", "قیمت ۱۲,۵۰۰,۰۰۰ تومان"]
    other_buyer = legacy("سلام", message_id="d", buyer_id="buyer-2")
    assert responder.handle(deliver(other_buyer)) == "replied"


def test_no_match_is_logged(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    assert responder.handle(deliver(legacy("ساعت چند بازی شروع میشه"[::-1]))) == "no_match"
    assert fake_divar.sends() == []
    assert responder.store.recent()[0].outcome == "no_match"


def test_dry_run_renders_and_logs_without_sending(rules, tmp_path):
    responder = make_responder(rules, tmp_path, None)
    assert responder.handle(deliver(legacy("قیمت"))) == "dry_run"
    assert responder.store.recent()[0].reply == "قیمت ۱۲,۵۰۰,۰۰۰ تومان"


def test_template_failure_is_logged_not_raised(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    assert responder.handle(deliver(legacy("خراب است"))) == "failed:render"
    assert "division by zero" in responder.store.recent()[0].detail


def test_recipient_restriction_is_permanent(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    fake_divar.fail_next(412, {"code": 9, "message": "message delivery failed due to recipient's restriction"})
    assert responder.handle(deliver(legacy("قیمت"))) == "failed:recipient_restricted"
    assert len(fake_divar.sends()) == 1
    assert responder.store.recent()[0].divar_status == 412


@pytest.mark.parametrize("status", [429, 500, 503])
def test_transient_errors_ask_for_a_retry_then_succeed(rules, tmp_path, fake_divar, status):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    fake_divar.fail_next(status, retry_after=3)
    with pytest.raises(RetryLater) as retry:
        responder.handle(deliver(legacy("قیمت")))
    assert retry.value.countdown == 3.0
    assert responder.store.recent() == []  # nothing logged until the message is settled
    assert responder.handle(deliver(legacy("قیمت"), attempt=1)) == "replied"
    assert len(fake_divar.sends()) == 2 and len(responder.store.recent()) == 1


def test_gives_up_after_the_last_attempt(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    fake_divar.fail_next(500)
    assert responder.handle(deliver(legacy("قیمت"), attempt=MAX_SEND_ATTEMPTS - 1)) == "failed:gave_up"
    assert "failed:divar_unavailable" in responder.store.recent()[0].detail


def test_unanswered_send_is_not_retried(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url, timeout=0.5)
    fake_divar.slow_next(1.5)
    assert responder.handle(deliver(legacy("قیمت"))) == "failed:timeout_unconfirmed"


def test_unreachable_divar_asks_for_a_retry(rules, tmp_path):
    responder = make_responder(rules, tmp_path, "http://127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(RetryLater):
        responder.handle(deliver(legacy("قیمت")))


def test_attempt_limit_is_configurable(rules, tmp_path, fake_divar):
    from responder.config import Settings

    assert Settings.from_env({"DIVAR_MAX_ATTEMPTS": "2", "RULES_DIR": str(rules)}).max_attempts == 2
    responder = make_responder(rules, tmp_path, fake_divar.url)
    responder.max_attempts = 2
    fake_divar.fail_next(502, times=2)
    with pytest.raises(RetryLater):
        responder.handle(deliver(legacy("قیمت")))
    assert responder.handle(deliver(legacy("قیمت"), attempt=1)) == "failed:gave_up"
    assert len(fake_divar.sends()) == 2


def test_a_retry_after_the_log_write_failed_does_not_send_again(rules, tmp_path, fake_divar, monkeypatch):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    real_record = responder.store.record

    def database_down(row, replace=False):
        raise OperationalError("INSERT", {}, Exception("database is down"))

    monkeypatch.setattr(responder.store, "record", database_down)
    with pytest.raises(OperationalError):  # the Celery task retries on this
        responder.handle(deliver(legacy("قیمت"), owner="task-1"))
    monkeypatch.setattr(responder.store, "record", real_record)
    assert responder.handle(deliver(legacy("قیمت"), owner="task-1", attempt=0)) == "replied"
    assert len(fake_divar.sends()) == 1
    [row] = responder.store.recent()
    assert (row.outcome, row.rule, row.divar_status) == ("replied", "price", 200)


class WorkerDied(BaseException):
    """The worker process is killed: no handler in the worker sees it."""


@pytest.mark.parametrize("echo_wait", [None, 7.0])
def test_worker_dying_mid_send_is_not_sent_again(rules, tmp_path, fake_divar, monkeypatch, echo_wait):
    """No echo of the cut-off reply and no sign that Divar echoes our replies at all (the
    legacy stream): after the echo wait it is failed:interrupted (tests/test_echo.py has the rest).
    The wait is ECHO_WAIT, or the Responder's echo_wait (DIVAR_ECHO_WAIT, which build_responder
    passes; tests/test_integration.py sets it through a worker's environment)."""
    responder = make_responder(rules, tmp_path, fake_divar.url)
    if echo_wait is not None:
        responder.echo_wait = echo_wait
    wait = echo_wait or ECHO_WAIT
    now = [datetime.now(timezone.utc)]
    responder.clock = lambda: now[0]
    real_send = Call.send

    def send_then_die(call: Call) -> None:
        real_send(call)  # Divar got it; the answer never reaches the worker
        raise WorkerDied

    monkeypatch.setattr(Call, "send", send_then_die)
    with pytest.raises(WorkerDied):
        responder.handle(deliver(legacy("قیمت"), owner="task-1"))
    monkeypatch.setattr(Call, "send", real_send)

    # Celery hands the task out again (acks_late): same owner, same message.  Too soon to
    # tell whether Divar has it: the message waits for the echo, without using an attempt.
    with pytest.raises(RetryLater) as early:
        responder.handle(deliver(legacy("قیمت"), owner="task-1"))
    assert early.value.countdown == pytest.approx(wait) and not early.value.counts
    now[0] += timedelta(seconds=wait)
    assert responder.handle(deliver(legacy("قیمت"), owner="task-1")) == "failed:interrupted"
    assert len(fake_divar.sends()) == 1
    [row] = responder.store.recent()
    assert (row.rule, row.reply) == ("price", "قیمت ۱۲,۵۰۰,۰۰۰ تومان") and "not sent again" in row.detail
    assert f"no echo came in {wait:.0f} s" in row.detail

    # `responder retry-failed --outcome failed:interrupted`: the seller decides to send it anyway.
    resend = Delivery(parse(legacy("قیمت")), "resend-1", datetime.now(timezone.utc), resend=True)
    assert responder.handle(resend) == "replied"
    assert len(fake_divar.sends()) == 2
    assert [r.outcome for r in responder.store.recent()] == ["replied"]


def test_a_send_is_under_way_only_once_its_connection_is_up(rules, tmp_path, fake_divar, monkeypatch):
    """A dead worker's under-way record means "never send again": connecting (where a busy
    Divar kept sends waiting for seconds, bench/README.md) happens before it is written."""
    responder = make_responder(rules, tmp_path, fake_divar.url)
    events: list[str] = []
    real_connect, real_start = urllib3.connection.HTTPConnection.connect, responder.journal.start_sending

    def connect(conn: urllib3.connection.HTTPConnection) -> None:
        events.append("connect")
        real_connect(conn)

    monkeypatch.setattr(urllib3.connection.HTTPConnection, "connect", connect)
    monkeypatch.setattr(responder.journal, "start_sending", lambda *a, **k: events.append("under way") or real_start(*a, **k))
    assert responder.handle(deliver(legacy("قیمت"))) == "replied"
    assert events == ["connect", "under way"]


def test_divar_out_of_reach_leaves_no_under_way_record(rules, tmp_path, monkeypatch):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    responder = make_responder(rules, tmp_path, f"http://127.0.0.1:{closed}")
    started: list[object] = []
    monkeypatch.setattr(responder.journal, "start_sending", lambda *a, **k: started.append(a))
    with pytest.raises(RetryLater, match="failed:network"):
        responder.handle(deliver(legacy("قیمت")))
    assert started == []


@pytest.mark.parametrize("server", ["redis", "fakeredis"])
def test_a_replied_message_costs_four_redis_round_trips(rules, tmp_path, fake_divar, monkeypatch, server, request):
    """The claim reads the send record and marks the conversation seen with it; the throttles
    are one script; Divar's answer is recorded with the echo.  Without Lua (the embedded mode's fakeredis) the throttles
    take three (watch, read, write)."""
    client = redis.Redis.from_url(request.getfixturevalue("redis_url")) if server == "redis" else None
    responder = make_responder(rules, tmp_path, fake_divar.url, redis_client=client)
    responder.handle(deliver(legacy("قیمت", message_id="warm-up", buyer_id="b-0"), owner="w"))  # connections made
    trips = []
    real = redis.connection.AbstractConnection.send_packed_command
    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command",
                        lambda conn, *a, **k: trips.append(1) or real(conn, *a, **k))  # fmt: skip
    assert responder.handle(deliver(legacy("قیمت", message_id="m-2", buyer_id="b-2"), owner="x")) == "replied"
    # claim with first in conversation, throttles, under way, sent + echo (forgotten with the next claim)
    assert len(trips) == (4 if server == "redis" else 6)
    assert responder.state.is_echo(parse(legacy("x", buyer_id="b-2")).conversation_key, "قیمت ۱۲,۵۰۰,۰۰۰ تومان")
    trips.clear()  # a second message in the same conversation: "first in conversation" is in the claim's round trip
    assert responder.handle(deliver(legacy("آدرس کجاست", message_id="m-3", buyer_id="b-2"), owner="x")) == "no_match"
    assert len(trips) == 1  # the claim with "first in conversation" (was one each, and before that three)
    assert responder.state.send_record("m-2") is None  # m-2's record went with m-3's claim


def test_a_replied_message_costs_three_or_four_sql_statements(rules, tmp_path, fake_divar):
    """One look-up reads the reply log, the pauses and the send hold, one the post (its
    token too: TokenManager.token_for(post=…)); then the post's update (once a minute) and
    the log row.  Was seven: each lookup on a connection of its own, and an update each time."""
    responder = make_responder(rules, tmp_path, fake_divar.url)
    start = datetime(2026, 11, 25, 10, 0, 5, tzinfo=timezone.utc)
    responder.handle(Delivery(parse(legacy("قیمت", message_id="warm-up", buyer_id="b-0")), "w", start))
    statements: list[str] = []
    event.listen(responder.store.engine, "before_cursor_execute", lambda *a: statements.append(a[2].split()[0]))
    later = Delivery(parse(legacy("قیمت", message_id="m-2", buyer_id="b-2")), "x", start + timedelta(minutes=1))
    assert responder.handle(later) == "replied"
    assert statements == ["SELECT", "SELECT", "UPDATE", "INSERT"]
    statements.clear()  # the same minute: the post's update is left out (next test)
    assert responder.handle(Delivery(parse(legacy("قیمت", message_id="m-3", buyer_id="b-3")), "x", later.received_at)) == "replied"
    assert statements == ["SELECT", "SELECT", "INSERT"]


def test_a_post_is_updated_once_a_minute_while_nothing_else_changes(rules, tmp_path, fake_divar):
    """Its last message is shown to the minute: a busy post's update is written when the
    minute or the seller changes, not on every message."""
    responder = make_responder(rules, tmp_path, fake_divar.url)
    start = datetime(2026, 11, 25, 10, 0, 5, tzinfo=timezone.utc)
    updates: list[str] = []
    event.listen(responder.store.engine, "before_cursor_execute", lambda *a: updates.append(a[2]) if a[2].startswith("UPDATE posts") else None)

    def at(seconds: float, message_id: str, **kwargs: str) -> None:
        payload = legacy("آدرس کجاست", message_id=message_id, buyer_id=message_id, **kwargs)
        responder.handle(Delivery(parse(payload), "o", start + timedelta(seconds=seconds)))

    at(0, "m-1")  # new post: inserted
    updates.clear()
    at(20, "m-2")
    at(50, "m-3")
    assert updates == [] and responder.store.post("gZd7omnS").last_message_at == start
    at(56, "m-4")  # 10:01:01
    at(58, "m-5")
    assert len(updates) == 1 and responder.store.post("gZd7omnS").last_message_at == start + timedelta(seconds=56)
    at(59, "m-6", seller_id="another-seller")
    assert len(updates) == 2 and responder.store.post("gZd7omnS").seller_id == "another-seller"


def test_the_look_up_reads_what_each_lookup_reads(rules, tmp_path):
    """Store.look_up gives what outcome_of, post, is_paused and send_hold give, one by one."""
    store = make_responder(rules, tmp_path, "http://127.0.0.1:1").store
    now = datetime.now(timezone.utc)
    store.save_post("p-1", seller_id="s-1")
    store.save_post("all-posts:g", status="skipped:access_revoked")
    for keys in (("p-1",), ("p-1", "all-posts:g"), ("p-2", "all-posts:g"), ("p-2",)):
        found = store.look_up("m-1", keys, "p-1:b", "daily_quota")
        assert found.posts == {key: store.post(key) for key in keys if store.post(key)} and found.outcome is None
        assert not found.paused and found.hold is None
    store.record(LogRow(now, "m-1", "p-1", "p-1:b", "buyer", "TEXT", "x", "no_match"))
    store.pause("conversation:p-1:b")
    store.hold_sends("daily_quota", now + timedelta(hours=1), "used up")
    found = store.look_up("m-1", ("p-1",), "p-1:b", "daily_quota")
    assert (found.outcome, found.paused) == ("no_match", True) and found.hold.at(now) == store.send_hold("daily_quota", now)
    assert found.hold.at(now + timedelta(hours=2)) is None and store.send_hold("daily_quota", now + timedelta(hours=2)) is None
    assert not store.look_up("m-1", ("p-1",), "p-1:c", "daily_quota").paused
    store.pause("post:p-1")
    assert store.look_up("m-9", ("p-1",), "p-1:c", "daily_quota").paused and not store.look_up("m-9", ("p-3",), "p-3:c", "x").paused


def test_answered_sends_leave_no_mark(rules, tmp_path, fake_divar):
    responder = make_responder(rules, tmp_path, fake_divar.url)
    fake_divar.fail_next(412, {"code": 9, "message": "message delivery failed due to recipient's restriction"})
    responder.handle(deliver(legacy("قیمت"), owner="a"))
    assert responder.state.send_record("msg-1") is None  # refused: cleared at once
    responder.handle(deliver(legacy("قیمت چنده", message_id="msg-2"), owner="b"))
    assert responder.state.send_record("msg-2")["phase"] == "sent"  # logged replied: goes with this thread's next claim
    sent = len(fake_divar.sends())
    assert responder.handle(deliver(legacy("قیمت چنده", message_id="msg-2"), owner="b")) is None  # a rerun stops at the row
    assert responder.state.send_record("msg-2") is None and len(fake_divar.sends()) == sent


def test_first_message_stays_first_when_its_send_is_retried(tmp_path, fake_divar):
    rules = write_rules(tmp_path / "first", """
rules:
  - name: welcome
    first_message_only: true
    reply: خوش آمدید
""")
    responder = make_responder(rules, tmp_path, fake_divar.url)
    fake_divar.fail_next(503)
    with pytest.raises(RetryLater):
        responder.handle(deliver(legacy("سلام", message_id="first")))
    assert responder.handle(deliver(legacy("سلام", message_id="first"), attempt=1)) == "replied"
    assert responder.handle(deliver(legacy("سلام باز", message_id="second"))) == "no_match"


THROTTLE_STEPS = [  # (rule, once per conversation, cooldown s, hourly cap) in order, on one conversation
    ("greet", True, 0, 3), ("greet", True, 0, 3), ("price", False, 60, 3), ("price", False, 60, 3),
    ("address", False, 0, 3), ("other", False, 0, 3), ("plain", False, 0, 0),
]


@pytest.mark.parametrize("server", ["redis", "fakeredis"])
def test_throttle_decisions_and_ttls_are_the_same_with_and_without_lua(server, request):
    """Real Redis runs the claim as one Lua script; fakeredis (the embedded mode) has no
    EVAL and takes the WATCH/MULTI path.  Both must decide alike and leave the same TTLs."""
    from responder.state import Throttle

    client = redis.Redis.from_url(request.getfixturevalue("redis_url")) if server == "redis" else fakeredis.FakeRedis()
    state = State(client)
    decisions = [state.claim_reply("conv", Throttle(rule, once, cooldown, cap)) for rule, once, cooldown, cap in THROTTLE_STEPS]
    assert decisions == [None, "once_per_conversation", None, "cooldown", None, "hourly_cap", None]
    assert state._scripting is (server == "redis")
    assert client.get("responder:hourly:conv") == b"3" and 3590 < client.ttl("responder:hourly:conv") <= 3600
    assert 0 < client.ttl("responder:cooldown:price:conv") <= 60
    assert client.ttl("responder:once:greet:conv") > 29 * 24 * 3600
    state.release_reply("conv", Throttle("address", max_replies_per_hour=3))
    assert state.claim_reply("conv", Throttle("again", max_replies_per_hour=3)) is None  # the released slot



def test_the_claim_marks_the_conversation_seen_in_its_own_round_trip() -> None:
    """The claim says whether the message opened its conversation (no second round trip),
    the same answer for a retry of it, and a later message of the conversation is not first."""
    state = State(fakeredis.FakeRedis())
    first = state.claim("m-1", "owner-1", "conversation-1")
    assert first.owned and first.first is True
    assert state.claim("m-1", "owner-1", "conversation-1").first is True  # a retry of the same delivery
    assert state.claim("m-2", "owner-2", "conversation-1").first is False
    assert state.first_in_conversation("conversation-1", "m-1") and not state.first_in_conversation("conversation-1", "m-2")
    state.forget_send_later("m-1")  # the deferred delete rides in the same pipeline: replies still line up
    later = state.claim("m-3", "owner-3", "conversation-2")
    assert later.owned and later.send is None and later.first is True
    assert state.claim("m-3", "someone-else", "conversation-2").owned is False
    assert state.claim("m-4", "owner-4").first is None  # no conversation given: not marked
