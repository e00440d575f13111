"""The store's schema: the SQLAlchemy ``MetaData`` and every table, the index and columns
added since a table was first made, which reply-log columns are masked and sealed, and the
statements every message runs, built once.  No behaviour lives here; :class:`Store
<responder.store.Store>` (and its mixins) read and write these tables, and
:mod:`responder.limits` takes the column sizes from them.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text, bindparam, exists, insert, or_, select, update

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
    Column("record", Text, nullable=False),  # sealed {"phase": "sending" | "sent" | "unsent", "rule", "reply", …} (responder.worker.SendJournal)
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
# Store.look_up: what a message needs from the database before it is decided, in one
# statement (the reply log, the pauses, the send hold) and one for its posts, on one
# connection: was five statements and five checkouts, each paying SQLAlchemy's execution.
_LOOK_UP = select(
    select(replies.c.outcome).where(replies.c.message_id == bindparam("message")).scalar_subquery().label("outcome"),
    exists().where(or_(pauses.c.target == bindparam("post_target"), pauses.c.target == bindparam("conversation_target")))
    .label("paused"),
    select(limits.c.until).where(limits.c.name == bindparam("hold")).scalar_subquery().label("until"),
    select(limits.c.detail).where(limits.c.name == bindparam("hold")).scalar_subquery().label("detail"),
)
_POSTS = select(posts).where(or_(posts.c.post_token == bindparam("key"), posts.c.post_token == bindparam("other_key")))
_UPDATE_POST = update(posts).where(posts.c.post_token == bindparam("b_post_token"))  # SET: the columns given
