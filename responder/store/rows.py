"""What callers get from the store, as plain values: :class:`LogRow` (one reply-log row,
already opened and masked), :class:`Post`, :class:`LogQuery` (a console page's filters, as
SQL conditions), :class:`DayFigures` and :class:`ConversationLine` (the console's counts),
and the helpers that turn stored rows into them (:func:`_log_columns`, :func:`_aware`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from responder.store.tables import replies


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
class Hold:
    """Divar's hold on every send (the daily quota): until when, and what Divar said."""

    until: datetime
    detail: str

    def at(self, now: datetime) -> tuple[datetime, str] | None:
        """(until, detail) if the hold is still in force at ``now``, else None."""
        return (self.until, self.detail) if self.until > now else None


@dataclass(frozen=True)
class Lookup:
    """What :meth:`Store.look_up <responder.store.Store.look_up>` read for a message: its
    logged outcome, its posts by key (those stored), whether it is paused, the send hold."""

    outcome: str | None
    posts: dict[str, Post]
    paused: bool
    hold: Hold | None


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


ANSWERED = ("replied", "dry_run")  # a reply was rendered; only "replied" was sent to Divar


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



def _log_columns() -> list[Any]:
    return [replies.c[name] for name in LogRow.__dataclass_fields__]


def _aware(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite drops the zone of stored datetimes; they were all written in UTC."""
    for key, value in row.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            row[key] = value.replace(tzinfo=timezone.utc)
    return row

