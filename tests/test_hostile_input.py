"""Hostile inputs against the embedded app, on SQLite and PostgreSQL (issue 9, classes 1 and 4).

Each case is what an attack found: accepted with a 200 and then lost without a row, a 503
on every redelivery, or a reply Divar accepted that was never logged.  Now a body is either
refused with a 400 naming the field or it ends as exactly one row, and the service keeps
answering ordinary messages.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import fakeredis
import pytest

from responder.divar import DivarClient
from responder.engine.reloader import RuleBook
from responder.events import Message
from responder.limits import shape_problem
from responder.state import State, Throttle
from responder.store import Store
from responder.webhook import create_app
from responder.config import Settings
from responder.worker import Delivery, Responder
from tests.conftest import write_rules
from tests.payloads import legacy, new_message

KEY = "hostile-key"
RULES = """
max_replies_per_hour: 6
rules:
  - name: price
    keywords: [قیمت]
    reply: قیمت ۱۰ میلیون
"""


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/log.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def app(database_url: str, tmp_path: Path, fake_divar):
    rules = write_rules(tmp_path / "rules", RULES)
    settings = Settings(identification_key=KEY, database_url=database_url, rules_dir=str(rules),
                        divar_api_key="api-key", divar_access_token="token", divar_api_url=fake_divar.url,
                        divar_legacy_api_url=fake_divar.url, rate_limit_per_minute=0)  # fmt: skip
    client = create_app(settings).test_client()
    client.store = Store(database_url)  # type: ignore[attr-defined]
    return client


def post(client: Any, body: Any) -> Any:
    """``body`` as JSON; a str is sent as it is (Python's encoder cannot nest 980 deep)."""
    if isinstance(body, str):
        return client.post("/webhook", data=body, headers={"Authorization": KEY, "Content-Type": "application/json"})
    return client.post("/webhook", json=body, headers={"Authorization": KEY})


def row_of(client: Any, message_id: str, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = [r for r in client.store.recent(500) if r.message_id == message_id]
        if rows:
            return rows[0]
        time.sleep(0.02)
    return None


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def with_payload(field: str, value: Any, message_id: str = "h-1") -> dict:
    body = legacy("قیمت؟", message_id=message_id)
    if field == "id":
        body["payload"]["id"] = value
    elif field == "post_token":
        body["payload"]["metadata"]["post_token"] = value
    elif field == "type":
        body["payload"]["type"] = value
    elif field == "sender":
        body["payload"]["sender"]["id"] = value
    elif field == "sent_at":
        body["payload"]["sent_at"] = value
    return body


def assert_still_answers(client: Any, message_id: str) -> None:
    assert post(client, legacy("قیمتش چنده؟", message_id=message_id, buyer_id=f"b-{message_id}")).status_code == 200
    row = row_of(client, message_id)
    assert row is not None and row.outcome == "replied", row


@pytest.mark.parametrize(("body", "field"), [
    ({"type": "X", "payload": nested(500)}, "(body)"),
    ('{"type": "X", "payload": ' + "[" * 980 + "]" * 980 + "}", "(body)"),
    ({"type": "X", **{f"k{i}": i for i in range(2100)}}, "(body)"),
    ({"type": "X", "payload": [[1] * 50] * 50}, "(body)"),
    (with_payload("id", "x" * 201), "id"),
    (with_payload("post_token", "p" * 101), "post_token"),
    (with_payload("type", "T" * 21), "type"),
    (with_payload("id", "m\x00-1"), "id"),
    (with_payload("id", "m\ud83d"), "id"),
    (with_payload("post_token", "gZ\ud83d"), "post_token"),
    (with_payload("sender", "b" * 191), "sender_id"),
    ({"type": "T" * 101}, "type"),
    ({**new_message("قیمت؟"), "metadata": {"grant": "g\x00"}}, "grant"),
])  # fmt: skip
def test_bodies_outside_the_bounds_are_refused_by_name(app, body: Any, field: str) -> None:
    """Before: 200 then a DataError and no row (PostgreSQL), 503 on every redelivery (a lone
    surrogate, a deep unknown event), or a dead Celery worker (500 levels of nesting)."""
    response = post(app, body)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["field"] == field
    assert_still_answers(app, f"ok-{field}-{response.get_json()['message'][:6]}")


@pytest.mark.parametrize(("text", "stored"), [
    ("قیمت\x00؟", "قیمت؟"),
    ("قیمت \ud83d؟", "قیمت \ufffd؟"),
    ("قیمت \ud83d\ude00", "قیمت \U0001f600"),  # a proper pair is an emoji, kept
])  # fmt: skip
def test_odd_characters_in_text_are_stored_and_answered(app, text: str, stored: str) -> None:
    body = legacy("", message_id="odd-1")
    body["payload"]["data"]["text"] = text
    response = post(app, body)
    assert response.status_code == 200, response.get_json()
    row = row_of(app, "odd-1")
    assert row is not None and (row.outcome, row.text) == ("replied", stored)


@pytest.mark.parametrize("sent_at", ["9999-12-31T23:00:00Z", -5, "1900-01-01T00:00:00Z", 253402300799])
def test_impossible_timestamps_become_the_received_time_with_a_note(app, sent_at: Any) -> None:
    """Before: year 9999 overflowed after the 200 (shown in Tehran time), leaving no row and
    the conversation's hourly slot taken for ever."""
    response = post(app, with_payload("sent_at", sent_at, message_id="time-1"))
    assert response.status_code == 200, response.get_json()
    assert "impossible" in response.get_json()["notes"][0]
    row = row_of(app, "time-1")
    assert row is not None and row.outcome == "replied"
    assert_still_answers(app, "time-2")


def test_a_events_api_message_with_odd_ids_is_refused(app) -> None:
    body = new_message("قیمت؟", conversation="c" * 301)
    response = post(app, body)
    assert response.status_code == 400 and response.get_json()["field"] == "conversation_id"


def test_other_events_with_odd_characters_are_recorded(app) -> None:
    """Before: a lone surrogate anywhere in the body got a 503 on every redelivery (embedded)."""
    response = post(app, {"type": "POST_UPDATE", "post_update": {"note": "a\x00b\ud800c", "type": "EDIT"}})
    assert response.status_code == 200
    deadline = time.monotonic() + 10
    # The event is recorded, then its job acknowledged: wait for both (a loaded machine shows the gap).
    while (not app.store.recent_events() or app.store.held_jobs()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert app.store.recent_events()[0]["type"] == "POST_UPDATE"
    assert not app.store.held_jobs()
    assert_still_answers(app, "after-event")


# -- class 4: a send is never unlogged -------------------------------------------------------


def raw_message(**changes: Any) -> Message:
    """A message as a worker could receive it from an older producer, past no webhook bounds."""
    values: dict[str, Any] = dict(id="raw-1", post_token="gZd7omnS", text="قیمت؟", type="TEXT", role="buyer",
                                  sent_at=datetime.now(timezone.utc), source="legacy", sender_id="b-raw",
                                  receiver_id="s-raw")  # fmt: skip
    values.update(changes)
    return Message(**values)


def responder_on(database_url: str, tmp_path: Path, divar_url: str) -> Responder:
    """A Celery worker's Responder: the send records in Redis, the log in ``database_url``."""
    store = Store(database_url)
    client = DivarClient(divar_url, divar_url, "api-key", "token", 5.0)
    rules = RuleBook(write_rules(tmp_path / "rules", RULES))
    return Responder(rules, State(fakeredis.FakeRedis()), store, client)


@pytest.mark.postgres
@pytest.mark.parametrize(("changes", "sent", "trimmed"), [
    ({"text": "قیمت\x00؟"}, True, False),  # NUL in text: was sent, then DataError (now sealed text stores it)
    ({"id": "i" * 201}, True, True),  # id over 200: sent, then DataError on the row
    ({"post_token": "p" * 101}, False, True),  # the post's first write fails before any send
    ({"type": "T" * 21}, False, True),  # not a TEXT rule's type: nothing to send
])  # fmt: skip
def test_every_data_error_still_ends_in_one_row_on_postgresql(postgres_url, tmp_path, fake_divar, changes, sent,
                                                              trimmed) -> None:  # fmt: skip
    """Before: for the NUL and long-id cases the reply was sent and never logged."""
    worker = responder_on(postgres_url, tmp_path, fake_divar.url)
    message = raw_message(**changes)
    outcome = worker.handle(Delivery(message, "owner-raw", datetime.now(timezone.utc)))
    rows = worker.store.recent(10)
    assert len(rows) == 1, rows
    assert rows[0].outcome == outcome
    assert len(fake_divar.sends()) == (1 if sent else 0)
    assert ("stored trimmed" in (rows[0].detail or "")) is trimmed
    if sent:
        assert outcome == "replied"
        worker.state.claim("next", "owner-next")  # the record goes with this thread's next claim
        assert worker.journal.send_record(message.id) is None
    else:
        assert outcome.startswith(("failed:", "no_match")), outcome


def test_the_sent_record_stays_while_no_row_can_be_written(tmp_path, fake_divar, monkeypatch) -> None:
    worker = responder_on(f"sqlite:///{tmp_path}/log.db", tmp_path, fake_divar.url)

    def refuse(row, replace=False):
        raise ValueError("no row can be written")

    monkeypatch.setattr(worker.store, "record", refuse)
    with pytest.raises(ValueError):
        worker._handle(Delivery(raw_message(), "owner-raw", datetime.now(timezone.utc)))
    assert worker.journal.send_record("raw-1")["phase"] == "sent"
    monkeypatch.undo()
    assert worker.handle(Delivery(raw_message(), "owner-raw", datetime.now(timezone.utc))) == "replied"
    assert len(fake_divar.sends()) == 1  # logged from the record, not sent again
    assert worker.journal.send_record("raw-1") is None


def test_hourly_counter_never_goes_below_zero_without_a_ttl() -> None:
    """The hour ended between the claim and the release: nothing to give back."""
    state = State(fakeredis.FakeRedis())
    capped = Throttle("price", max_replies_per_hour=2)
    assert state.claim_reply("conv", capped) is None
    state.redis.delete("responder:hourly:conv")  # the window expired
    state.release_reply("conv", capped)
    assert state.redis.get("responder:hourly:conv") is None
    assert state.claim_reply("conv", capped) is None
    state.release_reply("conv", capped)
    assert state.redis.get("responder:hourly:conv") == b"0" and state.redis.ttl("responder:hourly:conv") > 0


def test_shape_check_is_iterative() -> None:
    assert shape_problem(nested(100_000)) == "nested deeper than 32 levels"
    assert shape_problem({"a": [1, 2, {"b": "c"}]}) is None
    assert shape_problem({"a": [0] * 1999}) is None  # 1 key + 1999 items: at the limit
    assert shape_problem({"a": [0] * 1000, "b": {"c": [[0] * 999]}}) == "more than 2000 keys and items in all"
    assert shape_problem([[[[]]]], max_depth=4) is None and shape_problem([[[[[]]]]], max_depth=4) is not None


def test_an_error_after_the_claim_gives_the_slot_back(tmp_path) -> None:
    """Year 9999 overflowed while rendering, after the hourly slot was taken: six such
    messages used up the hour and a real question was skipped:hourly_cap."""
    rules = "max_replies_per_hour: 1\nrules:\n  - name: price\n    keywords: [قیمت]\n    reply: '{{ message.sent_at }}'\n"
    store = Store(f"sqlite:///{tmp_path}/log.db")
    worker = Responder(RuleBook(write_rules(tmp_path / "rules", rules)), State(fakeredis.FakeRedis()), store, None)
    far = datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc)
    for n in range(3):  # past any webhook bounds, as an older producer could have queued it
        outcome = worker.handle(Delivery(raw_message(id=f"far-{n}", sent_at=far), f"o-{n}", datetime.now(timezone.utc)))
        assert outcome == "failed:internal_error"
    assert worker.handle(Delivery(raw_message(id="real-1"), "o-real", datetime.now(timezone.utc))) == "dry_run"
