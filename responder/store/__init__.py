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
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    Column, DateTime, Index, Integer, MetaData, String, Table, Text, bindparam, create_engine, delete, desc, event, func, insert,
    inspect, literal, or_, select, union_all, update,
)  # fmt: skip
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from responder import privacy
from responder.config import ConfigError, Settings
from responder.crypto import UNREADABLE, Sealer, sealed
from responder.masking import mask

log = logging.getLogger(__name__)
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
# The console's conversation list and chat view: one conversation's rows, and the newest
# row of each, without reading the whole log (bench/console_bench.py).
CONVERSATION_INDEX = Index("ix_replies_conversation_id", replies.c.conversation, replies.c.id)

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

# What Divar's finder API says about a post (responder.divar.postfacts), for rules and replies.
post_facts = Table(
    "post_facts",
    metadata,
    Column("post_token", String(100), primary_key=True),
    Column("facts", Text, nullable=False),  # JSON: title, category, city, district, fields
    Column("fetched_at", DateTime(timezone=True), nullable=False),
)

# Divar's limits that hold every send (today: the daily quota, row QUOTA_HOLD), so workers,
# `responder posts` and the log page all see them.
QUOTA_HOLD = "daily_quota"
limits = Table(
    "limits",
    metadata,
    Column("name", String(50), primary_key=True),
    Column("until", DateTime(timezone=True), nullable=False),
    Column("detail", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("type", String(100), nullable=False, index=True),
    Column("payload", Text, nullable=False),  # sealed JSON of privacy.minimal_event: the event's kind, never its data
)

# Work the embedded queue has accepted (the webhook said 200) and not finished: kept here so
# a restart resumes it.  Celery mode needs none of this: Redis holds its queue.
held = Table(
    "held",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("kind", String(10), nullable=False),  # message | event
    Column("body", Text, nullable=False),  # sealed JSON, as the task would have received it
    Column("held_at", DateTime(timezone=True), nullable=False),
    # Runs started and not ended: counted (committed) before each run, reset when the job is
    # held again or released.  What a restart finds counts the runs the process died in.
    Column("runs", Integer, nullable=False, server_default="0"),
)

# Columns added since their table was first made: create_all adds none to an existing table.
ADDED_COLUMNS = [held.c.runs]

# What became of each send under way, in the embedded mode only (with workers, Redis keeps
# it): its Redis lives in memory and dies with the process, this survives a kill.
sends = Table(
    "sends",
    metadata,
    Column("message_id", String(200), primary_key=True),
    Column("record", Text, nullable=False),  # sealed {"phase": "sending" | "sent", "rule", "reply"[, "status"]}
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The store's own facts: the dry run's generated key, the configured key's fingerprint,
# which upgrades have run (responder.privacy).
meta = Table(
    "meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

MASKED = ("text", "reply", "detail")  # shown to people: masked, then sealed
# The message as received, for `responder retry-failed` (failed rows only): sealed but not
# masked, since a resend must see what the buyer wrote; cleared with the rest by purge().
SEALED_ONLY = ("message",)

# The last rule files that loaded without a problem, per rules directory: a service that
# (re)starts on a broken edit answers with these instead of refusing to start.
good_rules = Table(
    "good_rules",
    metadata,
    Column("directory", String(300), primary_key=True),
    Column("files", Text, nullable=False),  # JSON [[name, text], ...]
    Column("saved_at", DateTime(timezone=True), nullable=False),
)

# Auto-replies the seller paused from the console: ``post:<token>`` or ``conversation:<key>``.
# The worker logs a paused target's messages ``skipped:paused``.
pauses = Table(
    "pauses",
    metadata,
    Column("target", String(310), primary_key=True),
    Column("paused_at", DateTime(timezone=True), nullable=False),
)

# The lookups every message makes, built once: building a statement and its cache key took
# more of the worker's CPU than SQLite took to run it (bench/README.md, "CPU per message").
_POST = select(posts).where(posts.c.post_token == bindparam("key"))
_OUTCOME = select(replies.c.outcome).where(replies.c.message_id == bindparam("key"))
_PAUSED = select(pauses.c.target).where(pauses.c.target.in_(bindparam("targets", expanding=True))).limit(1)
_FACTS = select(post_facts.c.facts, post_facts.c.fetched_at).where(post_facts.c.post_token == bindparam("key"))
_HOLD = select(limits.c.until, limits.c.detail).where(limits.c.name == bindparam("key"))
_INSERT_REPLY = insert(replies)
_UPDATE_POST = update(posts).where(posts.c.post_token == bindparam("b_post_token"))  # SET: the columns given


@dataclass(frozen=True)
class LogRow:
    """One reply-log row, as callers see it: ``text``, ``reply`` and ``detail`` masked, all
    plain (see the module docstring); ``''``/None once :meth:`Store.purge` cleared them."""

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


@dataclass(frozen=True)
class LogQuery:
    """Which reply-log rows a console page or ``responder logs`` asks for; all optional.

    ``outcome`` is a code or its prefix (``failed`` = every failure).  There is no text
    filter on purpose: message text may be stored encrypted, so a text search reads the
    rows this selects (bounded) and matches them in Python (:mod:`responder.console.search`).
    """

    post: str | None = None
    conversation: str | None = None
    outcome: str | None = None
    rule: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def conditions(self) -> list[Any]:
        c = replies.c
        found: list[Any] = []
        if self.post:
            found.append(c.post_token == self.post)
        if self.conversation:
            found.append(c.conversation == self.conversation)
        if self.outcome:
            found.append(c.outcome.startswith(self.outcome, autoescape=True))
        if self.rule:
            found.append(c.rule == self.rule)
        if self.since:
            found.append(c.received_at >= self.since)
        if self.until:
            found.append(c.received_at < self.until)
        return found


ANSWERED = ("replied", "dry_run")


@dataclass(frozen=True)
class DayFigures:
    """A window of the log, counted: what the console's "today" and ``responder stats`` show."""

    groups: list[tuple[str, str | None, int]]  # (outcome, rule, messages)
    buckets: list[int]  # messages per step (hour) from the window's start
    latencies: list[tuple[int, int]]  # (ms, how many answered messages took that long), ascending


@dataclass(frozen=True)
class ConversationLine:
    """One conversation in a list: how many of its messages matched, and the newest of them."""

    conversation: str
    messages: int
    last: LogRow


class Store:
    def __init__(self, url: str, encryption_key: str = "", pool_size: int | None = None, forget_lost_key: bool = False) -> None:
        """``encryption_key`` is ``TOKEN_ENCRYPTION_KEY`` (one key, or several comma-separated);
        without it, see :func:`responder.privacy.encryption_keys`.  Opening a store upgrades an
        old database.  ``pool_size``: at most this many connections, one per thread that may
        need one at once; a quarter of them stay open (a message spends little of its time in
        the database).  ``forget_lost_key``: open a database whose key is not among them, for
        :meth:`forget_lost_key` (``responder forget-key``) only."""
        options: dict[str, Any] = {"pool_pre_ping": True}
        in_memory = ":memory:" in url or url.rstrip("/") == "sqlite:"
        if url.startswith("sqlite"):
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        if pool_size and not in_memory:  # in-memory SQLite has one connection per thread anyway
            kept = pool_size // 4 + 2
            options.update(pool_size=kept, max_overflow=max(0, pool_size - kept))
        self.engine: Engine = create_engine(url, **options)
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

    # -- the one way rows come in and out (see the module docstring) ----------------------

    def _sealed_row(self, row: LogRow) -> dict[str, Any]:
        values = asdict(row)
        for name in MASKED:
            values[name] = self.sealer.seal(mask(values[name]))
        for name in SEALED_ONLY:
            values[name] = self.sealer.seal(values[name])
        return values

    def _log_rows(self, query: Any) -> list[LogRow]:
        """Run a ``select(*_log_columns())`` query; plain :class:`LogRow` objects."""
        with self.engine.connect() as conn:
            return [self._log_row(row._asdict()) for row in conn.execute(query)]

    def _log_row(self, values: dict[str, Any]) -> LogRow:
        """A stored row as callers see it: opened, and masked if an old version wrote it."""
        for name in MASKED + SEALED_ONLY:
            stored = values[name]
            values[name] = self.sealer.open(stored)
            if name in MASKED and stored and not sealed(stored):
                values[name] = mask(stored)
        if values["message"] == UNREADABLE:
            values["message"] = None
        return LogRow(**_aware(values))

    # -- the console's reads (filters, paging, totals) ------------------------------------

    def count(self, query: LogQuery) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(replies).where(*query.conditions())).scalar() or 0

    def rows(self, query: LogQuery, limit: int, offset: int = 0, oldest_first: bool = False) -> list[LogRow]:
        order = (replies.c.received_at, replies.c.id) if oldest_first else (desc(replies.c.received_at), desc(replies.c.id))
        return self._log_rows(select(*_log_columns()).where(*query.conditions()).order_by(*order).limit(limit).offset(offset))

    def row(self, message_id: str) -> LogRow | None:
        found = self._log_rows(select(*_log_columns()).where(replies.c.message_id == message_id))
        return found[0] if found else None

    def conversations(self, query: LogQuery, limit: int, offset: int = 0) -> tuple[int, list[ConversationLine]]:
        """Conversations with a matching message, newest first: (how many in all, this page)."""
        conditions = query.conditions()
        # Unfiltered, the (conversation, id) index answers the grouping alone.  Filtered, SQLite
        # would still walk that index and look up every row (10x slower): grouping by an
        # expression makes it scan and filter first.
        key = (replies.c.conversation + "") if conditions else replies.c.conversation
        grouped = (
            select(key.label("conversation"), func.max(replies.c.id).label("last_id"), func.count().label("n"))
            .where(*conditions).group_by(key)
        )  # fmt: skip
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(grouped.subquery())).scalar() or 0
            page = conn.execute(grouped.order_by(desc("last_id")).limit(limit).offset(offset)).all()
        ids = [line.last_id for line in page]  # newest first, as the page: the rows come back in its order
        last = self._log_rows(select(*_log_columns()).where(replies.c.id.in_(ids)).order_by(desc(replies.c.id)))
        return total, [ConversationLine(line.conversation, line.n, row) for line, row in zip(page, last, strict=True)]

    def outcomes_after(self, message_ids: list[str], row_id: int) -> dict[str, str]:
        """The outcome of each message whose row was written after row ``row_id`` (a resend's)."""
        query = select(replies.c.message_id, replies.c.outcome).where(replies.c.message_id.in_(message_ids), replies.c.id > row_id)
        with self.engine.connect() as conn:
            return {message_id: outcome for message_id, outcome in conn.execute(query)}

    def outcomes_seen(self) -> set[str]:
        with self.engine.connect() as conn:
            return {outcome for (outcome,) in conn.execute(select(replies.c.outcome).distinct())}

    def last_row_id(self) -> int:
        """Grows with every new row: the console's live view polls it."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(replies.c.id))).scalar() or 0

    def day_figures(self, since: datetime, until: datetime, step: timedelta = timedelta(hours=1)) -> DayFigures:
        """The buyers' messages in the window, counted in SQL (a day can hold 100,000 rows)."""
        c = replies.c
        window = (c.received_at >= since, c.received_at < until, c.sender_role == "buyer")
        edges = [since + step * n for n in range(max(1, -(-(until - since) // step)))]
        # One count per hour, each an index range on received_at (a CASE per row is 10x slower on SQLite).
        hours = union_all(*(
            select(literal(n).label("n"), func.count().label("count"))
            .where(c.received_at >= edge, c.received_at < min(edge + step, until), c.sender_role == "buyer")
            for n, edge in enumerate(edges)
        ))  # fmt: skip
        with self.engine.connect() as conn:
            groups = conn.execute(select(c.outcome, c.rule, func.count()).where(*window).group_by(c.outcome, c.rule)).all()
            counts = dict(conn.execute(hours).all())
            latencies = conn.execute(  # as (ms, how many): a fraction of the rows a sorted list would be
                select(c.latency_ms, func.count()).where(*window, c.outcome.in_(ANSWERED), c.latency_ms.is_not(None))
                .group_by(c.latency_ms).order_by(c.latency_ms)
            ).all()  # fmt: skip
        return DayFigures([(o, r, n) for o, r, n in groups], [counts.get(n, 0) for n in range(len(edges))],
                          [(ms, n) for ms, n in latencies])  # fmt: skip

    # -- pauses (the console's pause button; the worker checks them) ----------------------

    def pause(self, target: str) -> None:
        self._put(pauses.c.target, target, paused_at=datetime.now(timezone.utc))

    def resume(self, target: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(pauses).where(pauses.c.target == target))

    def paused_targets(self) -> set[str]:
        with self.engine.connect() as conn:
            return {target for (target,) in conn.execute(select(pauses.c.target))}

    def is_paused(self, post_token: str, conversation: str) -> bool:
        targets = [f"post:{post_token}", f"conversation:{conversation}"]
        with self.engine.connect() as conn:
            return conn.execute(_PAUSED, {"targets": targets}).first() is not None

    # -- posts ------------------------------------------------------------------------------

    def post(self, post_token: str) -> Post | None:
        with self.engine.connect() as conn:
            row = conn.execute(_POST, {"key": post_token}).first()
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
            if conn.execute(_UPDATE_POST, {"b_post_token": post_token, **values}).rowcount:
                return
            try:
                with conn.begin_nested():
                    conn.execute(insert(posts).values(post_token=post_token, status=values.pop("status", "active"), **values))
            except IntegrityError:  # another worker inserted it first
                conn.execute(_UPDATE_POST, {"b_post_token": post_token, **values})

    def update_active_post(self, post_token: str, **values: Any) -> bool:
        """Update the post only if it is still active (one statement: no race with a stop)."""
        values["updated_at"] = datetime.now(timezone.utc)
        query = update(posts).where(posts.c.post_token == post_token, posts.c.status == "active").values(**values)
        with self.engine.begin() as conn:
            return conn.execute(query).rowcount == 1

    def save_post_facts(self, post_token: str, facts: dict[str, Any], fetched_at: datetime) -> None:
        self._put(post_facts.c.post_token, post_token, facts=json.dumps(facts, ensure_ascii=False), fetched_at=fetched_at)

    def secret(self, name: str) -> str:
        """A random secret the database keeps for every process that uses it, made once
        (the console signs its session cookie with one)."""
        return privacy.put_meta(self.engine, meta, f"secret:{name}", secrets.token_urlsafe(32))

    def post_titles(self) -> dict[str, str]:
        """Post token → its title, for every post whose facts are stored (the console's names)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(post_facts.c.post_token, post_facts.c.facts)).all()
        titles = {token: json.loads(facts).get("title") for token, facts in rows}
        return {token: str(title) for token, title in titles.items() if title}

    def post_facts(self, post_token: str) -> tuple[dict[str, Any], datetime] | None:
        """The post's stored facts and when they were read, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(_FACTS, {"key": post_token}).first()
        return (json.loads(row.facts), _aware({"t": row.fetched_at})["t"]) if row else None

    def hold_sends(self, name: str, until: datetime, detail: str) -> None:
        """Every send waits until ``until`` (Divar's daily quota is used up)."""
        self._put(limits.c.name, name, until=until, detail=detail)

    def send_hold(self, name: str, now: datetime) -> tuple[datetime, str] | None:
        """The hold in force at ``now``: (until, detail), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(_HOLD, {"key": name}).first()
        if row is None:
            return None
        until = _aware({"t": row.until})["t"]
        return (until, row.detail or "") if until > now else None

    def posts_of_seller(self, seller_id: str) -> list[str]:
        with self.engine.connect() as conn:
            return [t for (t,) in conn.execute(select(posts.c.post_token).where(posts.c.seller_id == seller_id))]

    def record_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(events).values(type=kind, payload=self._seal_json(privacy.minimal_event(payload)), received_at=received_at))

    def hold(self, job_id: str, kind: str, body: dict[str, Any]) -> None:
        """Keep a job until :meth:`release`; holding it again replaces its body (a retry)."""
        self._put(held.c.id, job_id, kind=kind, body=self._seal_json(body), held_at=datetime.now(timezone.utc))

    def start_run(self, job_id: str) -> int:
        """Count one run of a held job, committed before it runs; returns the count.

        The count goes when the job ends (:meth:`release`) or waits for a retry (:meth:`hold`
        again), so what is left counts the runs the process died in.  0: not held.
        """
        with self.engine.begin() as conn:
            conn.execute(update(held).where(held.c.id == job_id).values(runs=held.c.runs + 1))
            return int(conn.execute(select(held.c.runs).where(held.c.id == job_id)).scalar() or 0)

    def unfinished_runs(self) -> dict[str, int]:
        """Held jobs started and never ended (the process died running them), with their counts."""
        with self.engine.connect() as conn:
            return {row.id: row.runs for row in conn.execute(select(held.c.id, held.c.runs).where(held.c.runs > 0))}

    def release(self, job_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(held).where(held.c.id == job_id))

    def held_jobs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """``(id, kind, body)`` of every held job, oldest first (not those sealed with a lost key)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(held.c.id, held.c.kind, held.c.body).order_by(held.c.held_at, held.c.id)).all()
        jobs = []
        for row in rows:
            body = self.sealer.open(row.body)
            if body == UNREADABLE:
                log.error("held job %s is encrypted with another TOKEN_ENCRYPTION_KEY: kept, not resumed", row.id)
                continue
            jobs.append((row.id, row.kind, json.loads(body)))
        return jobs

    # -- the embedded mode's send journal (responder.worker.SendJournal) -----------------

    def start_sending(self, message_id: str, reply: dict[str, Any]) -> None:
        self._set_send(message_id, "sending", reply)

    def remember_sent(self, message_id: str, reply: dict[str, Any]) -> None:
        self._set_send(message_id, "sent", reply)

    def send_record(self, message_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            raw = conn.execute(select(sends.c.record).where(sends.c.message_id == message_id)).scalar()
        return privacy.open_send_record(self.sealer, raw)

    def forget_send(self, message_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sends).where(sends.c.message_id == message_id))

    def _set_send(self, message_id: str, phase: str, reply: dict[str, Any]) -> None:
        record = self._seal_json({"phase": phase, **reply})
        self._put(sends.c.message_id, message_id, record=record, updated_at=datetime.now(timezone.utc))

    def _put(self, key: Column[str], value: str, **columns: Any) -> None:
        """Insert the row keyed ``key == value``, replacing any earlier one, in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(delete(key.table).where(key == value))
            conn.execute(insert(key.table).values({key.name: value, **columns}))

    # -- the last good rule files (responder.engine.reloader.RuleKeeper) -----------------

    def save_good_rules(self, directory: str, files: list[tuple[str, str]]) -> None:
        self._put(good_rules.c.directory, directory, files=json.dumps(files, ensure_ascii=False),
                  saved_at=datetime.now(timezone.utc))  # fmt: skip

    def good_rules(self, directory: str) -> tuple[list[tuple[str, str]], datetime] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(good_rules.c.files, good_rules.c.saved_at).where(good_rules.c.directory == directory)).first()
        if row is None:
            return None
        return [(str(name), str(text)) for name, text in json.loads(row.files)], _aware({"t": row.saved_at})["t"]

    def recent_events(self, limit: int = 50) -> list[dict[str, Any]]:
        """``{received_at, type, payload}``, newest first; ``payload`` is the JSON of what was kept."""
        query = select(events.c.received_at, events.c.type, events.c.payload).order_by(desc(events.c.id)).limit(limit)
        with self.engine.connect() as conn:
            rows = [_aware(row._asdict()) for row in conn.execute(query)]
        return [{**row, "payload": self.sealer.open(row["payload"])} for row in rows]

    def _seal_json(self, value: dict[str, Any]) -> str:
        return self.sealer.seal(json.dumps(value, ensure_ascii=False)) or ""


def _sqlite_wal(connection: Any, _record: Any) -> None:
    """Write-ahead log: readers (the log page, `responder logs`) never wait for the workers,
    and a commit survives the process being killed without an fsync each time (only a
    power cut can lose the last commits)."""
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA secure_delete=ON")  # freed space is zeroed: cleared text leaves no trace in the file


def _log_columns() -> list[Any]:
    return [replies.c[name] for name in LogRow.__dataclass_fields__]


def _aware(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite drops the zone of stored datetimes; they were all written in UTC."""
    for key, value in row.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            row[key] = value.replace(tzinfo=timezone.utc)
    return row

