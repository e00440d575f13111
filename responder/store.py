"""The reply log: exactly one row per received message, on any SQLAlchemy database.

SQLite by default (nothing to install), PostgreSQL or any other database through
``DATABASE_URL``.  ``message_id`` is unique, so a redelivered message can never add a
second row, whichever worker sees it.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, delete, desc, event, insert, select, update,
)  # fmt: skip
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

metadata = MetaData()

replies = Table(
    "replies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", DateTime(timezone=True), nullable=False, index=True),
    Column("message_id", String(200), nullable=False, unique=True),
    Column("post_token", String(100), nullable=False, index=True),
    Column("conversation", String(300), nullable=False),
    Column("sender_role", String(10), nullable=False),
    Column("message_type", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("rule", String(200)),
    Column("reply", Text),
    Column("outcome", String(100), nullable=False, index=True),
    Column("divar_status", Integer),
    Column("latency_ms", Integer),
    Column("detail", Text),
    Column("message", Text),  # the parsed message as JSON, so `responder retry-failed` can resend
)

posts = Table(
    "posts",
    metadata,
    Column("post_token", String(100), primary_key=True),
    Column("key_hash", String(64)),  # SHA-256 of the post's identification key; never the key
    Column("access_token", Text),  # encrypted (responder.tokens.Cipher)
    Column("refresh_token", Text),  # encrypted
    Column("expires_at", DateTime(timezone=True)),
    Column("seller_id", String(200)),
    Column("via", String(10)),  # legacy | events: how the post's messages are subscribed
    Column("status", String(50), nullable=False),  # active | stopped:<why>
    Column("last_message_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("type", String(100), nullable=False, index=True),
    Column("payload", Text, nullable=False),
)

# Work the embedded queue has accepted (the webhook said 200) and not finished: kept here so
# a restart resumes it.  Celery mode needs none of this: Redis holds its queue.
held = Table(
    "held",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("kind", String(10), nullable=False),  # message | event
    Column("body", Text, nullable=False),  # JSON, as the task would have received it
    Column("held_at", DateTime(timezone=True), nullable=False),
)

# What became of each send under way, in the embedded mode only (with workers, Redis keeps
# it): its Redis lives in memory and dies with the process, this survives a kill.
sends = Table(
    "sends",
    metadata,
    Column("message_id", String(200), primary_key=True),
    Column("record", Text, nullable=False),  # {"phase": "sending" | "sent", "rule", "reply"[, "status"]}
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class LogRow:
    received_at: datetime
    message_id: str
    post_token: str
    conversation: str
    sender_role: str
    message_type: str
    text: str
    outcome: str
    rule: str | None = None
    reply: str | None = None
    divar_status: int | None = None
    latency_ms: int | None = None
    detail: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Post:
    """A connected post: its key, the seller's tokens (encrypted) and whether to answer."""

    post_token: str
    status: str = "active"
    key_hash: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_at: datetime | None = None
    seller_id: str | None = None
    via: str | None = None
    last_message_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.status == "active"


class Store:
    def __init__(self, url: str) -> None:
        options: dict[str, Any] = {"pool_pre_ping": True}
        if url.startswith("sqlite"):
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        self.engine: Engine = create_engine(url, **options)
        if url.startswith("sqlite") and ":memory:" not in url and url.rstrip("/") != "sqlite:":
            event.listen(self.engine, "connect", _sqlite_wal)
        try:
            metadata.create_all(self.engine)
        except DBAPIError:  # several processes starting at once raced to create a table
            time.sleep(0.5)
            metadata.create_all(self.engine)

    def record(self, row: LogRow, replace: bool = False) -> bool:
        """Insert the row; False if this message already has one (a duplicate delivery).

        ``replace`` swaps out the message's earlier row in the same transaction (a resend).
        """
        try:
            with self.engine.begin() as conn:
                if replace:
                    conn.execute(delete(replies).where(replies.c.message_id == row.message_id))
                conn.execute(insert(replies).values(**asdict(row)))
            return True
        except IntegrityError:
            return False

    def outcome_of(self, message_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(replies.c.outcome).where(replies.c.message_id == message_id)).scalar()

    def recent(self, limit: int = 50, post_token: str | None = None) -> list[LogRow]:
        query = select(*_log_columns())
        if post_token:
            query = query.where(replies.c.post_token == post_token)
        query = query.order_by(desc(replies.c.received_at), desc(replies.c.id)).limit(limit)
        with self.engine.connect() as conn:
            return [LogRow(**_aware(row._asdict())) for row in conn.execute(query)]

    def retryable_failures(self, outcome: str = "failed:gave_up", limit: int = 1000) -> list[LogRow]:
        query = select(*_log_columns()).where(replies.c.outcome == outcome, replies.c.message.is_not(None))
        query = query.order_by(replies.c.id).limit(limit)
        with self.engine.connect() as conn:
            return [LogRow(**_aware(row._asdict())) for row in conn.execute(query)]

    # -- posts ------------------------------------------------------------------------------

    def post(self, post_token: str) -> Post | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(posts).where(posts.c.post_token == post_token)).first()
        return Post(**_aware(row._asdict())) if row else None

    def all_posts(self) -> list[Post]:
        with self.engine.connect() as conn:
            return [Post(**_aware(r._asdict())) for r in conn.execute(select(posts).order_by(posts.c.post_token))]

    def key_hashes(self) -> dict[str, str]:
        query = select(posts.c.post_token, posts.c.key_hash).where(posts.c.key_hash.is_not(None))
        with self.engine.connect() as conn:
            return {token: key_hash for token, key_hash in conn.execute(query)}

    def save_post(self, post_token: str, **values: Any) -> None:
        """Insert or update a post's columns (only those given)."""
        values["updated_at"] = datetime.now(timezone.utc)
        with self.engine.begin() as conn:
            if conn.execute(update(posts).where(posts.c.post_token == post_token).values(**values)).rowcount:
                return
            try:
                with conn.begin_nested():
                    conn.execute(insert(posts).values(post_token=post_token, status=values.pop("status", "active"), **values))
            except IntegrityError:  # another worker inserted it first
                conn.execute(update(posts).where(posts.c.post_token == post_token).values(**values))

    def update_active_post(self, post_token: str, **values: Any) -> bool:
        """Update the post only if it is still active (one statement: no race with a stop)."""
        values["updated_at"] = datetime.now(timezone.utc)
        query = update(posts).where(posts.c.post_token == post_token, posts.c.status == "active").values(**values)
        with self.engine.begin() as conn:
            return conn.execute(query).rowcount == 1

    def posts_of_seller(self, seller_id: str) -> list[str]:
        with self.engine.connect() as conn:
            return [t for (t,) in conn.execute(select(posts.c.post_token).where(posts.c.seller_id == seller_id))]

    def record_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(events).values(type=kind, payload=json.dumps(payload, ensure_ascii=False), received_at=received_at))

    def hold(self, job_id: str, kind: str, body: dict[str, Any]) -> None:
        """Keep a job until :meth:`release`; holding it again replaces its body (a retry)."""
        self._put(held.c.id, job_id, kind=kind, body=json.dumps(body, ensure_ascii=False), held_at=datetime.now(timezone.utc))

    def release(self, job_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(held).where(held.c.id == job_id))

    def held_jobs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """``(id, kind, body)`` of every held job, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(held.c.id, held.c.kind, held.c.body).order_by(held.c.held_at, held.c.id)).all()
        return [(row.id, row.kind, json.loads(row.body)) for row in rows]

    # -- the embedded mode's send journal (responder.worker.SendJournal) -----------------

    def start_sending(self, message_id: str, reply: dict[str, Any]) -> None:
        self._set_send(message_id, "sending", reply)

    def remember_sent(self, message_id: str, reply: dict[str, Any]) -> None:
        self._set_send(message_id, "sent", reply)

    def send_record(self, message_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            raw = conn.execute(select(sends.c.record).where(sends.c.message_id == message_id)).scalar()
        return json.loads(raw) if raw else None

    def forget_send(self, message_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sends).where(sends.c.message_id == message_id))

    def _set_send(self, message_id: str, phase: str, reply: dict[str, Any]) -> None:
        record = json.dumps({"phase": phase, **reply}, ensure_ascii=False)
        self._put(sends.c.message_id, message_id, record=record, updated_at=datetime.now(timezone.utc))

    def _put(self, key: Column[str], value: str, **columns: Any) -> None:
        """Insert the row keyed ``key == value``, replacing any earlier one, in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(delete(key.table).where(key == value))
            conn.execute(insert(key.table).values({key.name: value, **columns}))

    def recent_events(self, limit: int = 50) -> list[dict[str, Any]]:
        query = select(events.c.received_at, events.c.type, events.c.payload).order_by(desc(events.c.id)).limit(limit)
        with self.engine.connect() as conn:
            return [_aware(row._asdict()) for row in conn.execute(query)]


def _sqlite_wal(connection: Any, _record: Any) -> None:
    """Write-ahead log: readers (the log page, `responder logs`) never wait for the workers,
    and a commit survives the process being killed without an fsync each time (only a
    power cut can lose the last commits)."""
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")


def _log_columns() -> list[Any]:
    return [replies.c[name] for name in LogRow.__dataclass_fields__]


def _aware(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite drops the zone of stored datetimes; they were all written in UTC."""
    for key, value in row.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            row[key] = value.replace(tzinfo=timezone.utc)
    return row
