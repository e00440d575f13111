"""TOKEN_ENCRYPTION_KEY: a wrong key is refused and changes nothing; several keys rotate
(new first, old after it); a lost key has one way out, `responder forget-key` — on SQLite
and on PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, select, update

from responder.cli import main
from responder.config import ConfigError, Settings
from responder.crypto import SEALED, UNREADABLE, Cipher, Sealer, key_id
from responder.privacy import CONFIGURED_KEY_ID
from responder.store import LogRow, Store, events, held, meta, posts, replies, sends
from tests.conftest import ENCRYPTION_KEY as OLD

NEW = "nGQqdk0h2QoT1z3rIGQWXUuVrCjhrSz0SsrE38B3mME="
STRANGER = "Xl6HbsmtUOb6GfHLyyBJ5gnqMqRZdF0Y2g9s3Cu-dTw="
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
TEXT = "سلام، قیمت آخر؟"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/log.db"
    return request.getfixturevalue("postgres_url")


def filled(url: str, key: str) -> Store:
    """A database in use with ``key``: a logged message, a held job, a send record, an
    event, and a connected post."""
    store = Store(url, key)
    store.record(LogRow(received_at=NOW, message_id="m-1", post_token="gZd7omnS", conversation="c-1", sender_role="buyer",
                        message_type="TEXT", text=TEXT, outcome="replied", rule="price", reply="۱۲۰ میلیون",
                        message=json.dumps({"id": "m-1", "text": TEXT})))  # fmt: skip
    store.hold("message:1", "message", {"text": TEXT})
    store.remember_sent("m-1", {"rule": "price", "reply": "۱۲۰ میلیون", "status": 200})
    store.record_event("POST_UPDATE", {"type": "POST_UPDATE"}, NOW)
    store.save_post("gZd7omnS", via="events", access_token=Cipher(key).encrypt("access"), refresh_token=Cipher(key).encrypt("refresh"))
    return store


def stored(url: str) -> dict[str, str]:
    """Every encrypted value in the database, read with plain SQL, and its key fingerprint."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            values = {f"replies.{c}": conn.execute(select(replies.c[c])).scalar() for c in ("text", "reply", "message")}
            values["held.body"] = conn.execute(select(held.c.body)).scalar()
            values["sends.record"] = conn.execute(select(sends.c.record)).scalar()
            values["events.payload"] = conn.execute(select(events.c.payload)).scalar()
            for name in ("access_token", "refresh_token"):  # Fernet tokens without the mark
                token = conn.execute(select(posts.c[name])).scalar()
                values[f"posts.{name}"] = SEALED + token if token else token
            values["fingerprint"] = conn.execute(select(meta.c.value).where(meta.c.key == CONFIGURED_KEY_ID)).scalar()
    finally:
        engine.dispose()
    return values


def readable_with(key: str, values: dict[str, str]) -> set[str]:
    sealer = Sealer([key])
    return {name for name, value in values.items() if name != "fingerprint" and sealer.open(value) != UNREADABLE}


def test_a_wrong_key_is_refused_and_changes_nothing(database_url):
    filled(database_url, OLD)
    before = stored(database_url)
    with pytest.raises(ConfigError) as refused:
        Store(database_url, NEW)
    message = str(refused.value)
    assert "set that key" in message and "new key first and the old one after it" in message and "forget-key" in message
    assert NEW not in message and OLD not in message
    assert stored(database_url) == before  # the fingerprint stays OLD's: OLD still opens everything
    assert Store(database_url, OLD).recent()[0].text == TEXT


def test_a_read_only_command_with_a_wrong_key_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path}/log.db"
    filled(url, OLD)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", NEW)
    assert main(["logs"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not hold the key this database was encrypted with" in err[0]
    assert stored(url)["fingerprint"] == key_id(OLD)


def test_rotation_reseals_every_value_and_moves_the_fingerprint(database_url, caplog):
    filled(database_url, OLD)
    with caplog.at_level("WARNING", logger="responder.privacy"):
        rotating = Store(database_url, f"{NEW}, {OLD}")  # spaces after the comma are fine
    assert any("the older keys after it can be removed" in r.getMessage() for r in caplog.records)
    assert rotating.recent()[0].text == TEXT and rotating.held_jobs()[0][2] == {"text": TEXT}
    after = stored(database_url)
    names = set(after) - {"fingerprint"}
    assert readable_with(NEW, after) == names and readable_with(OLD, after) == set()
    assert after["fingerprint"] == key_id(NEW)
    assert Cipher(NEW).decrypt(rotating.post("gZd7omnS").access_token) == "access"

    again = stored(database_url)
    Store(database_url, f"{NEW},{OLD}")  # opening again with both keys rewrites nothing
    assert stored(database_url) == again
    alone = Store(database_url, NEW)  # the old key can go
    assert alone.recent()[0].text == TEXT and alone.send_record("m-1")["phase"] == "sent"
    with pytest.raises(ConfigError, match="does not hold the key"):
        Store(database_url, OLD)


def test_the_fingerprint_stays_while_a_value_reads_with_no_key(database_url, tmp_path, monkeypatch, capsys):
    """A value sealed with a key nobody listed (an older process with another key) would be
    lost if the old key went: the fingerprint stays on the old key until forget-key clears it."""
    filled(database_url, OLD)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(update(replies).values(detail=Sealer([STRANGER]).seal("Divar said no")))
    engine.dispose()
    Store(database_url, f"{NEW},{OLD}")
    assert stored(database_url)["fingerprint"] == key_id(OLD)
    assert readable_with(NEW, stored(database_url)) == set(stored(database_url)) - {"fingerprint"}  # resealed anyway
    with pytest.raises(ConfigError):
        Store(database_url, NEW)

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", f"{NEW},{OLD}")
    assert main(["forget-key", "--yes"]) == 0
    assert "log rows: 1, held jobs: 0" in capsys.readouterr().out
    store = Store(database_url, NEW)
    [row] = store.recent()
    assert (row.text, row.detail) == (TEXT, None)  # only the unreadable value went
    assert store.post("gZd7omnS").active


def test_forget_key_when_the_old_key_is_lost(database_url, monkeypatch, capsys):
    filled(database_url, OLD)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", NEW)
    assert main(["forget-key"]) == 1  # says what it would do, does nothing
    assert "--yes" in capsys.readouterr().out
    assert stored(database_url)["fingerprint"] == key_id(OLD)

    assert main(["forget-key", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "log rows: 1, held jobs: 1, send records: 1, events: 1, posts: 1" in out and "connect them again" in out
    store = Store(database_url, NEW)
    [row] = store.recent()
    assert (row.text, row.reply, row.message, row.outcome, row.rule) == ("", None, None, "replied", "price")
    assert store.held_jobs() == []
    assert store.send_record("m-1")["phase"] == "sending"  # never sent twice
    post = store.post("gZd7omnS")
    assert (post.status, post.access_token, post.refresh_token) == ("failed:token_expired", None, None)
    after = stored(database_url)
    assert readable_with(NEW, after) == set(after) - {"fingerprint"} and after["fingerprint"] == key_id(NEW)
    assert main(["posts"]) == 0
    assert "failed:token_expired" in capsys.readouterr().out


@pytest.mark.parametrize("value, position", [(f"{NEW},not-a-key", "key 2 of 2"), (f"{NEW},", "key 2 of 2"),
                                             ("short", "TOKEN_ENCRYPTION_KEY is not")])  # fmt: skip
def test_each_key_is_checked_and_never_printed(value, position):
    with pytest.raises(ConfigError) as bad:
        Settings.from_env({"TOKEN_ENCRYPTION_KEY": value})
    assert position in str(bad.value) and NEW not in str(bad.value) and "not-a-key" not in str(bad.value)
    assert Settings.from_env({"TOKEN_ENCRYPTION_KEY": f"{NEW},{OLD}"}).token_encryption_key == f"{NEW},{OLD}"
