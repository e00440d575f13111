"""Divar's data rules in the store: encrypted at rest, masked, trimmed, cleared after the
retention period, and old databases upgraded — on SQLite and on PostgreSQL.

"At rest" is checked by reading the database without the store: raw SQL, and for SQLite
the bytes of the database file and its write-ahead log."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, insert, select

from responder.cli import main
from responder.config import ConfigError
from responder.crypto import QUICK, SEALED, UNREADABLE
from responder.masking import PHONE
from responder.privacy import Retention, minimal_event, trimmed_event
from responder.store import LogRow, Store, events, held, meta, metadata, replies, sends
from tests.conftest import ENCRYPTION_KEY as KEY
from tests.payloads import legacy

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
SECRET_WORD = "زعفرانیه"  # appears only in chat text: must never be found in the raw database
BUYER_TEXT = f"سلام، خونه‌ام {SECRET_WORD} است، شماره‌م ۰۹۱۲ ۳۴۵ ۶۷۸۹"
MASKED_TEXT = f"سلام، خونه‌ام {SECRET_WORD} است، شماره‌م {PHONE}"
REPLY = f"ممنون، با ۰۹۱۲۳۴۵۶۷۸۹ تماس می‌گیرم ({SECRET_WORD})"
POST_UPDATE = {
    "type": "POST_UPDATE", "metadata": {"seller": "x"},
    "post_update": {"type": "RETIRE", "post": {"token": "gZd7omnS", "city": "tehran", "district": SECRET_WORD,
                                               "data": {"description": SECRET_WORD}}},
}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/log.db"
    return request.getfixturevalue("postgres_url")


def row(message_id: str = "m-1", received_at: datetime = NOW, **values) -> LogRow:
    message = {"id": message_id, "text": BUYER_TEXT}
    defaults = dict(
        received_at=received_at, message_id=message_id, post_token="gZd7omnS", conversation="conv-1",
        sender_role="buyer", message_type="TEXT", text=BUYER_TEXT, outcome="failed:gave_up", rule="address",
        reply=REPLY, divar_status=503, latency_ms=42, detail=f"Divar said: {SECRET_WORD}", message=json.dumps(message),
    )  # fmt: skip
    return LogRow(**{**defaults, **values})


def raw(url: str, table, *columns) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(*(table.c[c] for c in columns)))]
    finally:
        engine.dispose()


def file_bytes(url: str) -> bytes:
    """The SQLite database file and its write-ahead log, as they lie on disk."""
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def assert_nothing_plain(url: str) -> None:
    if url.startswith("sqlite"):
        data = file_bytes(url)
        assert SECRET_WORD.encode() not in data and "۰۹۱۲".encode() not in data


# -- encrypted at rest, masked, trimmed -------------------------------------------------


def test_log_rows_are_sealed_at_rest_and_plain_through_the_store(database_url):
    store = Store(database_url, KEY)
    store.record(row())
    [(text, reply, detail, message, rule, outcome)] = raw(database_url, replies, "text", "reply", "detail", "message",
                                                         "rule", "outcome")  # fmt: skip
    assert all(value.startswith(SEALED) and SECRET_WORD not in value for value in (text, reply, detail, message))
    assert (rule, outcome) == ("address", "failed:gave_up")  # statistics stay readable
    assert_nothing_plain(database_url)

    [read] = store.recent()
    assert read.text == MASKED_TEXT  # masked for everyone who reads the log
    assert read.reply == f"ممنون، با {PHONE} تماس می‌گیرم ({SECRET_WORD})"
    assert read.detail == f"Divar said: {SECRET_WORD}"
    assert json.loads(read.message)["text"] == BUYER_TEXT  # what `retry-failed` resends: as the buyer wrote it
    assert [r.message_id for r in store.retryable_failures()] == ["m-1"]


def test_held_jobs_send_records_and_events_are_sealed(database_url):
    store = Store(database_url, KEY)
    store.hold("message:1", "message", {"message": {"text": BUYER_TEXT}})
    store.start_sending("m-1", {"rule": "address", "reply": REPLY})
    store.record_event("POST_UPDATE", POST_UPDATE, NOW)
    for table, column in ((held, "body"), (sends, "record"), (events, "payload")):
        [(value,)] = raw(database_url, table, column)
        assert value.startswith(SEALED) and SECRET_WORD not in value
    assert_nothing_plain(database_url)

    assert store.held_jobs() == [("message:1", "message", {"message": {"text": BUYER_TEXT}})]
    assert store.send_record("m-1") == {"phase": "sending", "rule": "address", "reply": REPLY}  # the real reply: it is sent
    [event] = store.recent_events()
    assert event["type"] == "POST_UPDATE"
    assert json.loads(event["payload"]) == {"type": "POST_UPDATE", "post_update": {"type": "RETIRE", "post": {"token": "gZd7omnS"}}}


def test_send_records_in_redis_are_sealed_too():
    """With Celery, the send journal is in Redis: the reply under way is sealed there as well."""
    import fakeredis

    from responder.crypto import Sealer
    from responder.state import State

    state = State(fakeredis.FakeRedis(), sealer=Sealer([KEY]))
    state.remember_sent("m-1", {"rule": "address", "reply": REPLY, "status": 200})
    [key] = state.redis.keys("*send*")
    assert state.redis.get(key).decode().startswith(QUICK) and SECRET_WORD.encode() not in state.redis.get(key)
    assert state.send_record("m-1") == {"phase": "sent", "rule": "address", "reply": REPLY, "status": 200}
    stranger = State(state.redis, sealer=Sealer([Fernet.generate_key().decode()]))
    assert stranger.send_record("m-1")["phase"] == "sending"  # unreadable: never sent again


def test_send_records_follow_a_key_rotation_and_older_fernet_records_still_open():
    """Quick-sealed records are written with the first key and read with any listed one; a
    record an older version sealed with Fernet still opens; one altered in Redis never does."""
    import fakeredis

    from responder.crypto import Sealer
    from responder.state import State

    new = Fernet.generate_key().decode()
    old = State(fakeredis.FakeRedis(), sealer=Sealer([KEY]))
    old.remember_sent("m-1", {"rule": "address", "reply": REPLY, "status": 200})
    rotated = State(old.redis, sealer=Sealer([new, KEY]))
    assert rotated.send_record("m-1")["reply"] == REPLY
    rotated.start_sending("m-2", {"rule": "address", "reply": REPLY})
    assert State(old.redis, sealer=Sealer([new])).send_record("m-2")["reply"] == REPLY  # written with the new key
    assert old.send_record("m-2")["phase"] == "sending" and old.send_record("m-2")["reply"] is None  # not with the old
    fernet = Sealer([KEY]).seal(json.dumps({"phase": "sent", "rule": "address", "reply": REPLY, "status": 200}))
    old.redis.set("responder:send:m-3", fernet or "")
    assert rotated.send_record("m-3")["phase"] == "sent"
    raw = old.redis.get("responder:send:m-1").decode()
    tampered = raw[:-6] + ("A" if raw[-6] != "A" else "B") + raw[-5:]
    old.redis.set("responder:send:m-1", tampered)
    assert rotated.send_record("m-1") == {"phase": "sending", "rule": None, "reply": None}
    old.redis.set("responder:send:m-1", "gcm:AAAA")  # cut short: no nonce left
    assert rotated.send_record("m-1") == {"phase": "sending", "rule": None, "reply": None}


def test_minimal_event_keeps_the_kind_never_the_data():
    revocation = {"type": "USER_ACCESS_REVOCATION", "user_access_revocation": {"user_id": "u-1"}, "metadata": {"a": "b"}}
    assert minimal_event(revocation) == {"type": "USER_ACCESS_REVOCATION"}
    payment = {"type": "PAYMENT_TRANSACTION", "payment_transaction": {"id": "t", "cost_rials": 1, "extra_details": "x",
                                                                      "state": "TRANSACTION_STATE_COMPLETED"}}  # fmt: skip
    assert minimal_event(payment) == {"type": "PAYMENT_TRANSACTION", "payment_transaction": {"state": "TRANSACTION_STATE_COMPLETED"}}
    assert minimal_event(minimal_event(POST_UPDATE)) == minimal_event(POST_UPDATE)
    assert trimmed_event(json.dumps(POST_UPDATE)) == json.dumps(minimal_event(POST_UPDATE))
    assert trimmed_event("not json") == trimmed_event("[1, 2]") == "{}"  # an odd old row keeps nothing


def test_the_reply_sent_is_not_masked_the_reply_logged_is(tmp_path, fake_divar):
    from responder.events import parse
    from responder.worker import Delivery
    from tests.conftest import write_rules
    from tests.test_worker import make_responder

    rules = write_rules(tmp_path / "rules", """
rules:
  - name: phone-number
    regex: '(?P<number>09\\d{9})'
    reply: "شماره‌ی {{ groups.number }} را یادداشت کردم"
""")
    responder = make_responder(rules, tmp_path, fake_divar.url)
    message = parse(legacy("شماره‌م ۰۹۱۲۳۴۵۶۷۸۹ است"))
    assert responder.handle(Delivery(message, "owner-1", NOW)) == "replied"
    [sent] = fake_divar.sends()
    assert "شماره‌ی 09123456789 را یادداشت کردم" in json.dumps(sent.body, ensure_ascii=False)  # the buyer gets it whole
    [logged] = responder.store.recent()
    assert (logged.text, logged.reply) == (f"شماره‌م {PHONE} است", f"شماره‌ی {PHONE} را یادداشت کردم")


# -- retention ------------------------------------------------------------------------------


def test_purge_clears_chat_text_older_than_the_limit_and_keeps_the_statistics(database_url):
    store = Store(database_url, KEY)
    for n, age in enumerate((timedelta(days=30), timedelta(days=7, minutes=1), timedelta(days=6, hours=23))):
        store.record(row(f"m-{n}", NOW - age))
    old_ciphertexts = [text for (text,) in raw(database_url, replies, "text")][:2]

    retention = Retention(store.purge, days=7, clock=lambda: NOW)
    assert retention.run_once() == 2
    assert retention.run_once() == 0  # idempotent

    rows = {r.message_id: r for r in store.recent()}
    for old in ("m-0", "m-1"):
        assert (rows[old].text, rows[old].reply, rows[old].detail, rows[old].message) == ("", None, None, None)
        assert (rows[old].outcome, rows[old].rule, rows[old].latency_ms, rows[old].divar_status) == ("failed:gave_up", "address", 42, 503)
    assert rows["m-2"].text == MASKED_TEXT  # younger than the limit: kept
    cutoff = NOW - timedelta(days=7)
    for received_at, text, reply, detail, message in raw(database_url, replies, "received_at", "text", "reply", "detail", "message"):
        if received_at.replace(tzinfo=timezone.utc) < cutoff:
            assert (text, reply, detail, message) == ("", None, None, None)
    assert store.retryable_failures() and [r.message_id for r in store.retryable_failures()] == ["m-2"]
    if database_url.startswith("sqlite"):  # secure_delete + checkpoint: not even the ciphertext is left in the file
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1  # some SQLite builds default to off
        data = file_bytes(database_url)
        assert not any(text[len(SEALED):].encode() in data for text in old_ciphertexts)


def test_purge_command(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path}/log.db"
    store = Store(url, KEY)
    store.record(row("old", datetime.now(timezone.utc) - timedelta(days=3)))
    store.record(row("new", datetime.now(timezone.utc)))
    for name, value in {"DATABASE_URL": url, "TOKEN_ENCRYPTION_KEY": KEY, "CHAT_RETENTION_DAYS": "2"}.items():
        monkeypatch.setenv(name, value)
    assert main(["purge"]) == 0
    assert "cleared the chat text of 1 log row(s) older than 2 day(s)" in capsys.readouterr().out
    assert {r.message_id: r.text for r in store.recent()} == {"old": "", "new": MASKED_TEXT}
    assert main(["purge", "--older-than", "0"]) == 0  # everything kept so far, now
    assert "cleared the chat text of 1 log row(s) older than 0 day(s)" in capsys.readouterr().out
    assert {r.text for r in store.recent()} == {""}
    with pytest.raises(SystemExit):
        main(["purge", "--older-than", "-1"])


def test_retention_thread_runs_at_start_and_survives_a_failing_round():
    calls: list[datetime] = []
    done = threading.Event()

    def purge(before: datetime) -> int:
        calls.append(before)
        if len(calls) == 1:
            raise RuntimeError("database away")
        done.set()
        return 0

    Retention(purge, days=7, interval=0.01, clock=lambda: NOW).start()
    assert done.wait(5)
    assert calls[:2] == [NOW - timedelta(days=7)] * 2


# -- keys ---------------------------------------------------------------------------------


def test_dry_run_key_is_generated_once_per_database_and_retired_by_a_real_key(database_url, caplog):
    first = Store(database_url)  # no TOKEN_ENCRYPTION_KEY: a dry run
    first.record(row("dry-1"))
    first.hold("message:1", "message", {"text": BUYER_TEXT})
    assert Store(database_url).recent()[0].text == MASKED_TEXT  # another process (responder logs) reads it
    assert_nothing_plain(database_url)

    with caplog.at_level("WARNING", logger="responder.privacy"):
        live = Store(database_url, KEY)  # going live on the same database
    said = [r.getMessage() for r in caplog.records]
    assert any("the dry run's generated key is gone" in line for line in said)
    assert not any("older keys" in line for line in said)  # one key set: there are no older keys to remove
    assert live.recent()[0].text == MASKED_TEXT and live.held_jobs()[0][2] == {"text": BUYER_TEXT}
    assert {key for (key,) in raw(database_url, meta, "key")} == {"sealed_v1", "configured_key_id"}  # generated key gone
    assert Store(database_url, KEY).recent()[0].text == MASKED_TEXT  # so this opens it with the real key alone
    with pytest.raises(ConfigError, match="TOKEN_ENCRYPTION_KEY is not set, but this database"):
        Store(database_url)  # a process without the key cannot read the log, nor write it with another key


def test_the_dry_run_key_warning_is_said_once_per_process(tmp_path, monkeypatch, caplog):
    from responder import privacy

    monkeypatch.setattr(privacy, "_WARNED", set())
    url = f"sqlite:///{tmp_path}/log.db"
    with caplog.at_level("WARNING", logger="responder.privacy"):
        Store(url), Store(url)  # the embedded server's web and worker sides
    assert [r.getMessage()[:35] for r in caplog.records] == ["TOKEN_ENCRYPTION_KEY is not set: ch"]


def test_a_different_key_hides_nothing_else_and_sends_nothing_twice(tmp_path):
    url = f"sqlite:///{tmp_path}/log.db"
    store = Store(url, KEY)
    store.record(row())
    store.hold("message:1", "message", {"text": BUYER_TEXT})
    store.remember_sent("m-1", {"rule": "address", "reply": REPLY, "status": 200})
    other_key = Fernet.generate_key().decode()
    with pytest.raises(ConfigError, match="does not hold the key this database was encrypted with"):
        Store(url, other_key)  # refused: a typo must not make the log unreadable (tests/test_key_rotation.py)
    other = Store(url, other_key, forget_lost_key=True)  # what responder forget-key opens, before it clears
    [read] = other.recent()
    assert (read.text, read.reply, read.message, read.outcome) == (UNREADABLE, UNREADABLE, None, "failed:gave_up")
    assert other.retryable_failures() == [] and other.held_jobs() == []
    assert other.send_record("m-1")["phase"] == "sending"  # logged failed:interrupted, never sent again
    assert store.held_jobs() != []  # still there for the right key


# -- upgrading a database written before encryption ---------------------------------------


def old_database(url: str) -> None:
    """What an older version left: plain text everywhere, whole event payloads."""
    engine = create_engine(url)
    metadata.create_all(engine, tables=[replies, held, sends, events])
    values = {k: v for k, v in row().__dict__.items()}
    with engine.begin() as conn:
        conn.execute(insert(replies).values(values))
        conn.execute(insert(replies).values({**values, "message_id": "m-2", "text": "", "reply": None, "detail": None,
                                             "message": None, "outcome": "no_match"}))  # fmt: skip
        conn.execute(insert(held).values(id="message:1", kind="message", body=json.dumps({"text": BUYER_TEXT}), held_at=NOW))
        conn.execute(insert(sends).values(message_id="m-1", record=json.dumps({"phase": "sent", "reply": REPLY}), updated_at=NOW))
        conn.execute(insert(events).values(type="POST_UPDATE", payload=json.dumps(POST_UPDATE, ensure_ascii=False), received_at=NOW))
    engine.dispose()


def sealed_values(url: str) -> list:
    return [raw(url, replies, "text", "reply", "detail", "message"), raw(url, held, "body"), raw(url, sends, "record"),
            raw(url, events, "payload")]  # fmt: skip


def assert_upgraded(store: Store, url: str) -> None:
    for values in sealed_values(url):
        for value in (v for r in values for v in r):
            assert value in ("", None) or value.startswith(SEALED)
    assert_nothing_plain(url)
    rows = {r.message_id: r for r in store.recent()}
    assert rows["m-1"].text == MASKED_TEXT and json.loads(rows["m-1"].message)["text"] == BUYER_TEXT
    assert (rows["m-2"].text, rows["m-2"].reply) == ("", None)
    assert store.held_jobs() == [("message:1", "message", {"text": BUYER_TEXT})]
    assert store.send_record("m-1") == {"phase": "sent", "reply": REPLY}
    assert json.loads(store.recent_events()[0]["payload"]) == minimal_event(POST_UPDATE)


def test_an_old_database_is_sealed_and_trimmed_on_open(database_url):
    old_database(database_url)
    store = Store(database_url, KEY)
    assert_upgraded(store, database_url)
    before = sealed_values(database_url)
    assert_upgraded(Store(database_url, KEY), database_url)
    assert sealed_values(database_url) == before  # opening again changes nothing


def test_several_openers_upgrading_at_once_seal_each_value_once(database_url):
    """Four stores, each with its own engine and connections (as separate processes would
    have), open an old database at the same moment."""
    old_database(database_url)
    stores = stores_opened_at_once(database_url, 4)
    for store in stores:
        assert_upgraded(store, database_url)  # a value sealed twice would not open to the text


def stores_opened_at_once(url: str, count: int) -> list[Store]:
    """``count`` stores, each with its own engine and connections (as separate processes
    would have), opened at the same moment."""
    barrier = threading.Barrier(count)
    stores: list[Store] = []
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            barrier.wait()
            stores.append(Store(url, KEY))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and len(stores) == count
    return stores


def test_the_upgrade_never_writes_over_a_row_changed_since_it_read_it(database_url):
    """The upgrade's compare-and-set, with the race forced: between the upgrade reading the
    old rows and writing them, another process seals the held job and the retention clears
    the log's text.  Neither is overwritten: above all, cleared text never comes back."""
    from sqlalchemy import update

    from responder import privacy
    from responder.crypto import Sealer

    old_database(database_url)
    engine = create_engine(database_url)
    sealer = Sealer([KEY])

    def racing(meanwhile):
        raced: list[bool] = []

        def seal(value: str) -> str:
            if not raced:
                raced.append(True)
                meanwhile()
            return sealer.seal(value)

        return seal

    def other_process_seals() -> None:
        assert privacy.seal_plain_rows(engine, held.c.id, {"body": sealer.seal}) == 1

    def retention_clears() -> None:
        with engine.begin() as conn:
            conn.execute(update(replies).values(text=""))

    assert privacy.seal_plain_rows(engine, held.c.id, {"body": racing(other_process_seals)}) == 0
    [(body,)] = raw(database_url, held, "body")
    assert json.loads(sealer.open(body)) == {"text": BUYER_TEXT}  # sealed once

    assert privacy.seal_plain_rows(engine, replies.c.id, {"text": racing(retention_clears)}) == 0
    assert {text for (text,) in raw(database_url, replies, "text")} == {""}  # not brought back
    engine.dispose()
