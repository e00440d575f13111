"""The reply log: exactly one row per received message, on any SQLAlchemy database.

SQLite by default (nothing to install), PostgreSQL or any other database through
``DATABASE_URL``.  ``message_id`` is unique, so a redelivered message can never add a
second row, whichever worker sees it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, desc, insert, select,
)  # fmt: skip
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

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
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("type", String(100), nullable=False, index=True),
    Column("payload", Text, nullable=False),
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


class Store:
    def __init__(self, url: str) -> None:
        options: dict[str, Any] = {"pool_pre_ping": True}
        if url.startswith("sqlite"):
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        self.engine: Engine = create_engine(url, **options)
        metadata.create_all(self.engine)

    def record(self, row: LogRow) -> bool:
        """Insert the row; False if this message already has one (a duplicate delivery)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(replies).values(**asdict(row)))
            return True
        except IntegrityError:
            return False

    def has(self, message_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(replies.c.id).where(replies.c.message_id == message_id)).first() is not None

    def recent(self, limit: int = 50, post_token: str | None = None) -> list[LogRow]:
        query = select(*[replies.c[name] for name in LogRow.__dataclass_fields__])
        if post_token:
            query = query.where(replies.c.post_token == post_token)
        query = query.order_by(desc(replies.c.received_at), desc(replies.c.id)).limit(limit)
        with self.engine.connect() as conn:
            return [LogRow(**_aware(row._asdict())) for row in conn.execute(query)]

    def record_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(events).values(type=kind, payload=json.dumps(payload, ensure_ascii=False), received_at=received_at))

    def recent_events(self, limit: int = 50) -> list[dict[str, Any]]:
        query = select(events.c.received_at, events.c.type, events.c.payload).order_by(desc(events.c.id)).limit(limit)
        with self.engine.connect() as conn:
            return [_aware(row._asdict()) for row in conn.execute(query)]


def _aware(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite drops the zone of stored datetimes; they were written in UTC."""
    at = row.get("received_at")
    if isinstance(at, datetime) and at.tzinfo is None:
        row["received_at"] = at.replace(tzinfo=timezone.utc)
    return row
