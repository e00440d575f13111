"""The reply log: exactly one row per received message, on any SQLAlchemy database.

SQLite by default (nothing to install), PostgreSQL or any other database through
``DATABASE_URL``.  ``message_id`` is unique, so a redelivered message can never add a
second row, whichever worker sees it.

Chat content is never stored in plain text (Divar's data rules; :mod:`responder.privacy`).
:class:`Store` is the one choke point: on the way in, the log's texts are masked
(:func:`responder.masking.mask`) and every column that can carry chat content is sealed
with ``TOKEN_ENCRYPTION_KEY`` (:class:`responder.crypto.Sealer`): ``replies.text``,
``reply``, ``detail``, ``message``, ``held.body``, ``sends.record``, ``events.payload``
(which holds only :func:`responder.privacy.minimal_event` anyway).  On the way out they are
opened again, so callers only ever see plain values.  **Every read of the reply log goes
through :meth:`Store._log_rows` / :meth:`Store._log_row`**: a new query selects
``_log_columns()`` and hands its rows there.  The database sees only ciphertext in those
columns, so a text search cannot be SQL: filter the :class:`LogRow` objects after
decoding.  :meth:`Store.purge` clears the texts after ``CHAT_RETENTION_DAYS``.

The package: :mod:`~responder.store.tables` (the schema), :mod:`~responder.store.rows`
(what callers get back), :mod:`~responder.store.base` (the masking and sealing choke
point), and the mixins :class:`Store` is made of — :mod:`~responder.store.console` (the
console's reads), :mod:`~responder.store.posts` (posts, facts, pauses, send holds) and
:mod:`~responder.store.jobs` (held jobs, send journal, good rules, events).  This module
opens and upgrades the database and writes, reads and purges the reply log; every name
callers import from ``responder.store`` is re-exported here.
"""

from __future__ import annotations

import functools
import time
from datetime import datetime
from typing import Any

from sqlalchemy import Column, create_engine, delete, desc, event, inspect, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, OperationalError

from responder import privacy
from responder.config import ConfigError, Settings
from responder.crypto import Sealer
from responder.masking import mask
from responder.store.console import LogReads
from responder.store.jobs import JobRecords
from responder.store.posts import PostRecords
from responder.store.rows import ANSWERED, ConversationLine, DayFigures, Hold, LogQuery, LogRow, Lookup, Post, _log_columns
from responder.store.tables import (
    _INSERT_REPLY, _OUTCOME, ADDED_COLUMNS, CONVERSATION_INDEX, MASKED, QUOTA_HOLD, SEALED_ONLY, events, good_rules, held,
    limits, meta, metadata, pauses, post_facts, posts, replies, sends,
)  # fmt: skip

__all__ = [  # what other modules and tests import from here
    "ADDED_COLUMNS", "ANSWERED", "CONVERSATION_INDEX", "MASKED", "QUOTA_HOLD", "SEALED_ONLY", "ConversationLine",
    "DayFigures", "Hold", "LogQuery", "LogRow", "Lookup", "Post", "Store", "events", "good_rules", "held", "limits", "meta", "metadata",
    "pauses", "post_facts", "posts", "replies", "sends",
]  # fmt: skip


class Store(LogReads, PostRecords, JobRecords):
    """The store every process opens (see the module docstring); its parts are the mixins it derives from."""

    def __init__(self, url: str, encryption_key: str = "", pool_size: int | None = None, forget_lost_key: bool = False) -> None:
        """``encryption_key`` is ``TOKEN_ENCRYPTION_KEY`` (one key, or several comma-separated);
        without it, see :func:`responder.privacy.encryption_keys`.  Opening a store upgrades an
        old database.  ``pool_size``: at most this many connections, one per thread that may
        need one at once; a quarter of them stay open (a message spends little of its time in
        the database).  ``forget_lost_key``: open a database whose key is not among them, for
        :meth:`forget_lost_key` (``responder forget-key``) only."""
        options: dict[str, Any] = {}  # no pool_pre_ping: a ping only after IDLE_PING_SECONDS (_ping_if_idle)
        in_memory = ":memory:" in url or url.rstrip("/") == "sqlite:"
        if url.startswith("sqlite"):
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        if pool_size and not in_memory:  # in-memory SQLite has one connection per thread anyway
            kept = pool_size // 4 + 2
            options.update(pool_size=kept, max_overflow=max(0, pool_size - kept))
        self.engine: Engine = create_engine(url, **options)
        event.listen(self.engine, "checkin", _note_checkin)
        event.listen(self.engine, "checkout", functools.partial(_ping_if_idle, self.engine.dialect))
        if url.startswith("sqlite") and not in_memory:
            event.listen(self.engine, "connect", _sqlite_wal)
        try:
            metadata.create_all(self.engine)
        except DBAPIError:  # several processes starting at once raced to create a table
            time.sleep(0.5)
            metadata.create_all(self.engine)
        try:  # create_all adds no index to a table an older version made
            CONVERSATION_INDEX.create(self.engine, checkfirst=True)
        except DBAPIError:  # another process made it first
            pass
        self._add_columns()
        ring = privacy.encryption_keys(self.engine, meta, encryption_key, forget=forget_lost_key)
        self.sealer = Sealer(ring.keys)  # also seals the send records Redis keeps (responder.state)
        if not ring.lost:  # else forget_lost_key() is next
            self._upgrade(rekey=ring.rekey)

    @classmethod
    def from_settings(cls, settings: Settings, pool_size: int | None = None) -> Store:
        """The store every process opens: ``DATABASE_URL`` with ``TOKEN_ENCRYPTION_KEY``; a
        database that cannot be reached stops start-up in one line, as a bad setting does."""
        try:
            return cls(settings.database_url, settings.token_encryption_key, pool_size)
        except OperationalError as exc:
            reason = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
            raise ConfigError(f"DATABASE_URL does not answer ({reason})") from None

    def _add_columns(self) -> None:
        """Give a table an older version made the columns added since (:data:`ADDED_COLUMNS`)."""
        for column in ADDED_COLUMNS:
            if self._has_column(column):
                continue
            kind = column.type.compile(dialect=self.engine.dialect)
            default = f" DEFAULT {column.server_default.arg}" if column.server_default is not None else ""  # type: ignore[attr-defined]
            try:
                with self.engine.begin() as conn:
                    conn.exec_driver_sql(f"ALTER TABLE {column.table.name} ADD COLUMN {column.name} {kind} NOT NULL{default}")
            except DBAPIError:
                if not self._has_column(column):  # not another process adding it first
                    raise

    def _has_column(self, column: Column[Any]) -> bool:
        return column.name in {c["name"] for c in inspect(self.engine).get_columns(column.table.name)}

    def _upgrade(self, rekey: bool) -> None:
        """Seal what an older version wrote in plain text (masking the log's texts), trim
        old event payloads, and move rows off a dry run's generated key once a real one is
        set (:func:`responder.privacy.upgrade`)."""
        seal = self.sealer.seal
        plan = {
            replies.c.id: {**{name: lambda v: seal(mask(v)) for name in MASKED}, **{name: seal for name in SEALED_ONLY}},
            held.c.id: {"body": seal},
            sends.c.message_id: {"record": seal},
            events.c.id: {"payload": lambda v: seal(privacy.trimmed_event(v))},
        }
        tokens = {posts.c.post_token: ["access_token", "refresh_token"]}
        if privacy.upgrade(self.engine, meta, plan, self.sealer if rekey else None, tokens):
            self._compact()

    def forget_lost_key(self) -> dict[str, int]:
        """Clear every value no configured key reads, then make the first key the database's
        (``responder forget-key``): the log's texts as :meth:`purge` leaves them, held jobs
        dropped, send records kept as 'under way' (never sent twice), event payloads emptied,
        and posts disconnected (the seller connects again).  The counts, by what changed."""
        interrupted = self._seal_json({"phase": "sending", "rule": None, "reply": None})
        cleared = {
            "log rows": privacy.forget_unreadable(self.engine, replies.c.id, {"text": "", "reply": None, "detail": None,
                                                  "message": None}, self.sealer, marked=True),  # fmt: skip
            "held jobs": privacy.forget_unreadable(self.engine, held.c.id, {"body": privacy.DROP}, self.sealer, marked=True),
            "send records": privacy.forget_unreadable(self.engine, sends.c.message_id, {"record": interrupted}, self.sealer, marked=True),
            "events": privacy.forget_unreadable(self.engine, events.c.id, {"payload": self._seal_json({})}, self.sealer, marked=True),
            "posts": privacy.forget_unreadable(self.engine, posts.c.post_token, {"access_token": None, "refresh_token": None},
                                               self.sealer, marked=False, also={"expires_at": None, "status": "failed:token_expired"}),  # fmt: skip
        }
        privacy.settle_key(self.engine, meta, self.sealer.cipher.key_id)
        self._upgrade(rekey=True)
        self._compact()
        return cleared

    def _compact(self) -> None:
        """SQLite: fold the write-ahead log into the database and empty it, so text just
        cleared or sealed is not left behind in it (``secure_delete`` zeroes the rest)."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def record(self, row: LogRow, replace: bool = False) -> bool:
        """Insert the row; False if this message already has one (a duplicate delivery).

        ``replace`` swaps out the message's earlier row in the same transaction (a resend).
        """
        try:
            with self.engine.begin() as conn:
                if replace:
                    conn.execute(delete(replies).where(replies.c.message_id == row.message_id))
                conn.execute(_INSERT_REPLY, self._sealed_row(row))
            return True
        except IntegrityError:
            return False

    def outcome_of(self, message_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(_OUTCOME, {"key": message_id}).scalar()

    def recent(self, limit: int = 50, post_token: str | None = None) -> list[LogRow]:
        query = select(*_log_columns())
        if post_token:
            query = query.where(replies.c.post_token == post_token)
        return self._log_rows(query.order_by(desc(replies.c.received_at), desc(replies.c.id)).limit(limit))

    def retryable_failures(self, outcome: str = "failed:gave_up", limit: int = 1000) -> list[LogRow]:
        query = select(*_log_columns()).where(replies.c.outcome == outcome, replies.c.message.is_not(None))
        rows = self._log_rows(query.order_by(replies.c.id).limit(limit))
        return [row for row in rows if row.message is not None]  # not those sealed with a lost key

    def purge(self, before: datetime) -> int:
        """Clear the chat content of rows received before ``before``; the count cleared.

        Text, reply, detail and the stored message go; time, post, conversation, role,
        type, rule, outcome, Divar's status and latency stay for the statistics.
        """
        content = or_(replies.c.text != "", *(replies.c[name].is_not(None) for name in ("reply", "detail", "message")))
        query = update(replies).where(replies.c.received_at < before, content)
        with self.engine.begin() as conn:
            cleared = conn.execute(query.values(text="", reply=None, detail=None, message=None)).rowcount
        if cleared:
            self._compact()
        return cleared


IDLE_PING_SECONDS = 10.0


def _note_checkin(_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dialect: Dialect, connection: Any, record: Any, _proxy: Any) -> None:
    """Check a pooled connection before use only if it sat idle for a while.

    ``pool_pre_ping`` sent a ``SELECT 1`` on every checkout: about seven per message, each a
    network round trip on PostgreSQL.  A connection used a few seconds ago is alive; one
    that sat idle may have been dropped by the server or a firewall, and is checked.  One
    that died in between fails its statement with an ``OperationalError``: the message
    waits and runs again, and SQLAlchemy replaces every pooled connection.
    """
    used = record.info.get("checked_in_at")
    if used is None or time.monotonic() - used < IDLE_PING_SECONDS:  # just opened, or just used
        return
    try:
        dialect.do_ping(connection)
    except Exception as exc:
        raise DisconnectionError(f"an idle database connection is gone: {exc}") from exc  # the pool opens another


def _sqlite_wal(connection: Any, _record: Any) -> None:
    """Write-ahead log: readers (the log page, `responder logs`) never wait for the workers,
    and a commit survives the process being killed without an fsync each time (only a
    power cut can lose the last commits)."""
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA secure_delete=ON")  # freed space is zeroed: cleared text leaves no trace in the file
