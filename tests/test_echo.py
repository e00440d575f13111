"""A send a dead worker cut off mid-request, judged by Divar's echo (responder.echo).

The pure decision first, then the worker against the HTTP fake Divar, fakeredis and
SQLite, with its clock moved by hand (no test waits for the echo wait to pass).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import fakeredis
import pytest

from responder.divar import DivarClient
from responder.divar.client import Call
from responder.divar.session import http_session
from responder.echo import ECHO_WAIT, Evidence, Verdict, judge
from responder.engine.reloader import RuleBook
from responder.events import parse
from responder.state import State
from responder.store import Store
from responder.tokens import connection_key
from responder.worker import Delivery, Responder, RetryLater
from tests.conftest import write_rules
from tests.payloads import new_message

T0 = 1_800_000_000.0
REPLY = "قیمت ۱۲,۵۰۰,۰۰۰ تومان"
RULES = """
vars:
  price: 12500000
rules:
  - name: price
    keywords: [قیمت]
    once_per_conversation: true
    reply: "قیمت {{ vars.price | money | fa }} تومان"
    buttons:
      - caption: آگهی
        url: https://divar.ir/v/gZd7omnS
"""


# -- the decision -------------------------------------------------------------------------


FLOWING, SILENT, LOSSY = Evidence(after=3), Evidence(), Evidence(after=3, missing=1)


@pytest.mark.parametrize(
    "started, heard, evidence, now, echoes, verdict",
    [
        (T0, T0 + 0.3, SILENT, T0 + 1, True, Verdict.CONFIRMED),  # the echo came: delivered
        (T0, T0 + 0.3, SILENT, T0 + 1, False, Verdict.CONFIRMED),  # embedded too, if it heard it
        (T0, T0 - 60, FLOWING, T0 + 30, True, Verdict.RESEND),  # the same text heard before the send: not its echo
        (T0, None, FLOWING, T0 + 5, True, Verdict.WAIT),  # too soon to tell, whatever else is known
        (T0, None, FLOWING, T0 + ECHO_WAIT, True, Verdict.RESEND),  # Divar echoed every reply around it, not this one
        (T0, None, SILENT, T0 + ECHO_WAIT, True, Verdict.INTERRUPTED),  # no evidence echoes come at all
        (T0, None, LOSSY, T0 + ECHO_WAIT, True, Verdict.INTERRUPTED),  # another echo was lost too: this one may be
        (T0, None, FLOWING, T0 + 1, False, Verdict.INTERRUPTED),  # embedded: the webhook died with the send
        (None, None, FLOWING, T0 + 60, True, Verdict.INTERRUPTED),  # an older record, or one no key reads
    ],
)  # fmt: skip
def test_judge(started, heard, evidence, now, echoes, verdict):
    judged = judge(started, heard, evidence, now, echoes=echoes)
    assert judged.verdict is verdict
    assert (judged.wait > 0) == (verdict is Verdict.WAIT)


def test_judge_waits_only_what_is_left():
    assert judge(T0, None, SILENT, T0 + 5).wait == pytest.approx(ECHO_WAIT - 5)


# -- the worker ---------------------------------------------------------------------------


class WorkerDied(BaseException):
    """The worker process is killed: no handler in the worker sees it."""


class Clock:
    def __init__(self) -> None:
        self.now = datetime.fromtimestamp(T0, timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def at(self, seconds: float) -> float:
        """``seconds`` after the start, and the clock set there; the epoch time it reads."""
        self.now = datetime.fromtimestamp(T0 + seconds, timezone.utc)
        return T0 + seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def responder(tmp_path: Path, fake_divar, clock: Clock) -> Responder:
    client = DivarClient(fake_divar.url, fake_divar.url, "api-key", "token-1", 5.0, session=http_session(4))
    rules = write_rules(tmp_path / "rules", RULES)
    return Responder(RuleBook(rules), State(fakeredis.FakeRedis()), Store(f"sqlite:///{tmp_path}/log.db"), client,
                     clock=clock)  # fmt: skip


def buyer(n: int) -> dict:
    return new_message("قیمت؟", message_id=f"m-{n}", conversation=f"conv-{n}", post="gZd7omnS")


def deliver(payload: dict, owner: str, attempt: int = 0) -> Delivery:
    return Delivery(parse(payload), owner, datetime.fromtimestamp(T0, timezone.utc), attempt)


def cut_off(responder: Responder, monkeypatch, payload: dict, reached_divar: bool) -> None:
    """Run the message until its send is under way, then kill the worker: after Divar got
    the request (``reached_divar``), or before a byte of it went out."""
    real_send = Call.send

    def die(call: Call):
        if reached_divar:
            real_send(call)
        raise WorkerDied

    monkeypatch.setattr(Call, "send", die)
    with pytest.raises(WorkerDied):
        responder.handle(deliver(payload, "task-1"))
    monkeypatch.setattr(Call, "send", real_send)


def sends_to(fake_divar, conversation: str) -> int:
    return sum(1 for s in fake_divar.sends() if s.path.endswith(f"/{conversation}/messages") and s.status == 200)


def test_a_heard_echo_confirms_the_cut_off_reply(responder, fake_divar, monkeypatch, clock):
    cut_off(responder, monkeypatch, buyer(1), reached_divar=True)
    responder.state.remember_heard("conv-1", REPLY, clock.at(0.2))  # the webhook got Divar's SELLER/BOT echo
    clock.at(1)  # handed out again at once: the echo is already there, no wait
    assert responder.handle(deliver(buyer(1), "task-1")) == "replied"
    [row] = responder.store.recent()
    assert (row.rule, row.reply) == ("price", REPLY) and "echoed" in row.detail
    assert sends_to(fake_divar, "conv-1") == 1
    assert responder.state.send_record("m-1") is None


def test_without_an_echo_the_message_waits_then_is_sent_again_where_echoes_flow(responder, fake_divar, monkeypatch, clock):
    cut_off(responder, monkeypatch, buyer(1), reached_divar=False)  # Divar never got it
    clock.at(2)
    with pytest.raises(RetryLater) as early:
        responder.handle(deliver(buyer(1), "task-1"))
    assert early.value.countdown == pytest.approx(ECHO_WAIT - 2) and not early.value.counts

    clock.at(5)  # another buyer of the post is answered, and Divar echoes that reply
    assert responder.handle(deliver(buyer(2), "task-2")) == "replied"
    responder.state.remember_heard("conv-2", REPLY, clock.at(5.1))

    clock.at(ECHO_WAIT + 1)
    assert responder.handle(deliver(buyer(1), "task-1", attempt=0)) == "replied"
    row = next(r for r in responder.store.recent() if r.message_id == "m-1")
    assert "sent again" in row.detail
    [resent] = [s for s in fake_divar.sends() if s.path.endswith("/conv-1/messages")]
    assert resent.body["message"] == REPLY and resent.body["receiver_buttons"]["rows"][0]["buttons"][0]["caption"] == "آگهی"
    assert responder.handle(deliver(buyer(1), "task-1")) is None  # handed out once more: logged, never sent twice
    assert sends_to(fake_divar, "conv-1") == 1


def test_without_an_echo_or_evidence_it_is_interrupted(responder, fake_divar, monkeypatch, clock):
    cut_off(responder, monkeypatch, buyer(1), reached_divar=True)
    clock.at(5)
    assert responder.handle(deliver(buyer(2), "task-2")) == "replied"  # answered, but no echo of it is heard
    clock.at(ECHO_WAIT + 1)
    assert responder.handle(deliver(buyer(1), "task-1")) == "failed:interrupted"
    assert sends_to(fake_divar, "conv-1") == 1


def test_an_echo_of_a_reply_sent_before_the_cut_off_is_no_evidence(responder, fake_divar, monkeypatch, clock):
    """Echoes heard before the send started say nothing of the webhook after it (it may
    have died with the worker): only replies Divar accepted after the send began count."""
    assert responder.handle(deliver(buyer(2), "task-2")) == "replied"
    responder.state.remember_heard("conv-2", REPLY, clock.at(0.1))
    clock.at(1)
    cut_off(responder, monkeypatch, buyer(1), reached_divar=True)
    clock.at(ECHO_WAIT + 2)
    assert responder.handle(deliver(buyer(1), "task-1")) == "failed:interrupted"
    evidence = responder.state.echo_evidence(connection_key(parse(buyer(1))), T0 + 1, ECHO_WAIT, T0 + ECHO_WAIT + 2)
    assert evidence == Evidence(after=0, missing=0)


@pytest.mark.parametrize("lost_at", [-3.0, 8.0], ids=["before", "after"])
def test_an_echo_lost_around_the_cut_off_send_forbids_a_resend(responder, fake_divar, monkeypatch, clock, lost_at):
    """Echoes flowed after the send, but one of our other replies around it (accepted before
    or after it began) never echoed: echoes are being lost, so this one's silence may be a
    lost echo of a delivered reply, and a resend would answer the buyer twice."""
    clock.at(lost_at + 10)
    assert responder.handle(deliver(buyer(3), "task-3")) == "replied"  # its echo never comes
    clock.at(10)
    cut_off(responder, monkeypatch, buyer(1), reached_divar=True)  # Divar has it; its echo is lost too
    clock.at(15)
    assert responder.handle(deliver(buyer(2), "task-2")) == "replied"
    responder.state.remember_heard("conv-2", REPLY, clock.at(15.1))  # echoes do reach the webhook
    clock.at(10 + ECHO_WAIT + 1)
    assert responder.handle(deliver(buyer(1), "task-1")) == "failed:interrupted"
    row = next(r for r in responder.store.recent() if r.message_id == "m-1")
    assert "1 other reply of ours on this post around it" in row.detail
    assert sends_to(fake_divar, "conv-1") == 1


def test_a_reply_too_recent_for_its_echo_is_not_counted_lost(responder, fake_divar, monkeypatch, clock):
    cut_off(responder, monkeypatch, buyer(1), reached_divar=False)
    clock.at(5)
    assert responder.handle(deliver(buyer(2), "task-2")) == "replied"
    responder.state.remember_heard("conv-2", REPLY, clock.at(5.1))
    clock.at(ECHO_WAIT - 1)
    assert responder.handle(deliver(buyer(3), "task-3")) == "replied"  # its echo is still on the way
    clock.at(ECHO_WAIT + 1)
    assert responder.handle(deliver(buyer(1), "task-1")) == "replied"
    assert sends_to(fake_divar, "conv-1") == 1


def test_a_resend_divar_refuses_is_sent_again_later_without_a_new_decision(responder, fake_divar, monkeypatch, clock):
    cut_off(responder, monkeypatch, buyer(1), reached_divar=False)
    clock.at(5)
    responder.handle(deliver(buyer(2), "task-2"))
    responder.state.remember_heard("conv-2", REPLY, clock.at(5.1))
    clock.at(ECHO_WAIT + 1)
    fake_divar.fail_next(503)
    with pytest.raises(RetryLater) as refused:
        responder.handle(deliver(buyer(1), "task-1"))
    assert refused.value.counts and responder.state.send_record("m-1")["phase"] == "unsent"
    # once_per_conversation is still the cut-off run's: a new decision would skip the buyer
    assert responder.handle(deliver(buyer(1), "task-1", attempt=1)) == "replied"
    assert sends_to(fake_divar, "conv-1") == 1


def test_the_embedded_mode_does_not_wait_for_an_echo_it_cannot_hear(responder, fake_divar, monkeypatch, clock):
    responder.echoes = False  # its webhook died with the send (the embedded mode: its journal is the database)
    cut_off(responder, monkeypatch, buyer(1), reached_divar=False)
    clock.at(1)
    assert responder.handle(deliver(buyer(1), "task-1")) == "failed:interrupted"
    assert sends_to(fake_divar, "conv-1") == 0


def echo_of(n: int) -> dict:
    """Divar's echo of our reply in buyer ``n``'s conversation (sender SELLER)."""
    return new_message(REPLY, message_id=f"echo-{n}", seller=True, conversation=f"conv-{n}", post="gZd7omnS")


def test_an_echo_heard_before_divar_answers_the_send_is_known_for_ours(responder, fake_divar, monkeypatch):
    """Divar can post the echo to the webhook before its answer to our send comes back: a
    worker that takes the echo then still logs it ``skipped:echo``, not ``skipped:own_message``."""
    real_send, outcomes = Call.send, []

    def echoed_first(call: Call):
        result = real_send(call)  # Divar has it; its answer is not read yet
        outcomes.append(responder.handle(deliver(echo_of(1), "task-echo")))
        return result

    monkeypatch.setattr(Call, "send", echoed_first)
    assert responder.handle(deliver(buyer(1), "task-1")) == "replied"
    assert outcomes == ["skipped:echo"]


def test_the_echo_of_a_cut_off_send_is_known_for_ours(responder, fake_divar, monkeypatch):
    cut_off(responder, monkeypatch, buyer(1), reached_divar=True)  # the sender died before Divar answered
    assert responder.handle(deliver(echo_of(1), "task-echo")) == "skipped:echo"
