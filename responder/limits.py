"""Input bounds: what the webhook accepts is what the queue, the worker and the store can carry.

The parser (:mod:`responder.events`) says what a payload *means*; this module says how big
and how odd it may be, as a separate step before and after parsing, so the two change
independently.  Every limit here comes from a concrete consumer:

* nesting depth and item counts: Celery's prefork pool pickles a task's arguments
  recursively (a list nested 500 deep killed the worker's main process), and
  ``json.dumps`` / ``json.loads`` recurse too;
* identifier lengths and characters: the reply log's columns (:mod:`responder.store`) —
  PostgreSQL refuses a NUL in text and a ``String(n)`` overflow, and no database can
  encode a lone UTF-16 surrogate;
* timestamps: ``message.sent_at`` is shown in Tehran time, and year 9999 overflows.

Identifiers (message id, post token, conversation and party ids, type) must arrive exactly
as Divar will need them back, so a bad one is a 400 naming the field.  Free text (the
buyer's words, the post's title and category, any other event's payload) is kept: a lone
surrogate becomes U+FFFD and control characters other than tab and newlines are dropped,
and the message is answered.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

from responder.events import Message, Notice, PayloadError, parse
from responder.divar.subscriptions import ALL_POSTS
from responder.store import LogRow, events, posts, replies

MAX_DEPTH = 32  # Divar's payloads nest 4 levels deep; 32 leaves room for any new shape
MAX_ITEMS = 2000  # keys + list items in one body; a real message has about 30
MAX_PARTY_ID = 190  # sender/receiver ids: the legacy conversation key is post:buyer in 300 characters
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)  # Divar's chat is younger than this
CLOCK_SKEW = timedelta(days=1)  # a sent_at later than received + this is impossible
MAX_RUNS = 3  # runs the process running a job died in before the job is given up

# Column sizes of the reply log, read from the table so they cannot drift apart.
MAX_MESSAGE_ID = replies.c.message_id.type.length
MAX_POST_TOKEN = replies.c.post_token.type.length
MAX_TYPE = replies.c.message_type.type.length
MAX_CONVERSATION = replies.c.conversation.type.length
MAX_EVENT_TYPE = events.c.type.type.length  # (posts.seller_id holds 200: a party id fits)
MAX_GRANT = posts.c.post_token.type.length - len(ALL_POSTS)  # an all-posts grant is keyed "all:<grant>" there

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # keeps \t \n \r
_ID_UNSAFE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


class LimitError(PayloadError):
    """A body outside the bounds; still a :class:`PayloadError` (400, names the field)."""


def shape_problem(value: Any, max_depth: int = MAX_DEPTH, max_items: int = MAX_ITEMS) -> str | None:
    """Why ``value`` is too deep or too large to queue, or None; iterative, so never recurses.

    Level by level, and only containers are kept for the next level: a scalar is counted
    as an item of its parent and never visited (this runs on every webhook request).
    """
    items, depth = 0, 1
    level = [value] if isinstance(value, _CONTAINERS) else []
    while level:
        if depth > max_depth:
            return f"nested deeper than {max_depth} levels"
        below: list[Any] = []
        for node in level:
            items += len(node)
            if items > max_items:
                return f"more than {max_items} keys and items in all"
            below += [child for child in (node.values() if isinstance(node, dict) else node)
                      if isinstance(child, _CONTAINERS)]  # fmt: skip
        level, depth = below, depth + 1
    return None


_CONTAINERS = (dict, list, tuple)


def check_shape(body: Any) -> None:
    """Raise :class:`LimitError` for a decoded body too deep or too large to queue."""
    problem = shape_problem(body)
    if problem:
        raise LimitError("(body)", problem)


def clean_text(text: str) -> str:
    """Free text any database stores: lone surrogates → U+FFFD, control characters dropped."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub("", text)


def clean_value(value: Any) -> Any:
    """:func:`clean_text` on every string (keys included) of a decoded JSON value."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    return value


def bound_message(message: Message, received_at: datetime) -> tuple[Message, list[str]]:
    """The message as it will be queued, plus notes on what was changed.

    Raises :class:`LimitError` naming the field for an identifier the store cannot hold
    or Divar could not have sent.  An impossible ``sent_at`` is replaced, not refused: the
    buyer's question is real, only its clock is wrong, and ``sent_at`` merely feeds
    templates; a 400 would lose the question, since Divar does not deliver it again.
    """
    _identifier(message.id, "id", MAX_MESSAGE_ID)
    _identifier(message.post_token, "post_token", MAX_POST_TOKEN)
    _identifier(message.type, "type", MAX_TYPE)
    for name, size in (("conversation_id", MAX_CONVERSATION), ("sender_id", MAX_PARTY_ID), ("receiver_id", MAX_PARTY_ID),
                       ("grant", MAX_GRANT)):  # fmt: skip
        value = getattr(message, name, None)
        if value:
            _identifier(value, name, size)
    notes: list[str] = []
    text = clean_text(message.text)
    if text != message.text:
        notes.append("text: unencodable or control characters replaced")
    title, category = clean_text(message.title)[:500], clean_text(message.category)[:200]
    sent_at = message.sent_at
    if not EARLIEST <= sent_at <= received_at + CLOCK_SKEW:
        notes.append(f"sent_at {sent_at.isoformat()} is impossible; the time it was received is used")
        sent_at = received_at
    if (text, title, category, sent_at) == (message.text, message.title, message.category, message.sent_at):
        return message, notes  # the usual case: nothing to change, no copy
    return replace(message, text=text, title=title, category=category, sent_at=sent_at), notes


def accept(raw: bytes, received_at: datetime) -> tuple[Message | Notice, list[str]]:
    """Decode, bound, parse and bound again: the event exactly as it may be queued, plus notes.

    Raises :class:`PayloadError` (a :class:`LimitError` for the bounds) naming the field,
    or ``ValueError`` for a body that is not JSON.
    """
    try:
        body = json.loads(raw)
    except RecursionError:
        raise LimitError("(body)", f"nested deeper than {MAX_DEPTH} levels") from None
    check_shape(body)
    event = parse(body)
    if isinstance(event, Message):
        return bound_message(event, received_at)
    _identifier(event.type, "type", MAX_EVENT_TYPE)
    return Notice(event.type, clean_value(event.payload)), []


def storable_row(row: LogRow) -> LogRow:
    """The row trimmed to what any database stores: the last resort once a write was refused.

    A message that got past the webhook's bounds (queued by an older version, or a bound
    missed) still ends with a row — above all when Divar has already accepted its reply.
    Identifiers are cut to their column and their odd characters replaced; ``detail``
    says the row was trimmed.
    """
    def fit(value: str | None, size: int | None) -> str | None:
        if value is None:
            return None
        value = _ID_UNSAFE.sub("\ufffd", value) if size else clean_text(value)
        return value[:size] if size else value

    sizes = {column.name: getattr(column.type, "length", None) for column in replies.columns}
    values = {name: fit(getattr(row, name), sizes[name]) if isinstance(getattr(row, name), str) else getattr(row, name)
              for name in LogRow.__dataclass_fields__}  # fmt: skip
    note = "stored trimmed: the database refused the row as received"
    values["detail"] = f"{values['detail']}; {note}" if values.get("detail") else note
    return LogRow(**values)


def _identifier(value: str, field: str, size: int) -> None:
    if len(value) > size:
        raise LimitError(field, f"longer than {size} characters")
    if _ID_UNSAFE.search(value):
        raise LimitError(field, "contains control characters or an unpaired surrogate")


def died_too_often(runs: int) -> str | None:
    """The ``failed:poison`` detail for a job started ``runs`` times (this run included)
    whose earlier runs never ended, once they are more than :data:`MAX_RUNS`; else None.

    A run that never ended is one the process running it died in (a crash in a C
    extension, the memory killer, a hard time limit): run again, it would kill the next one
    too.  One rule for Celery's tasks (:func:`responder.guard.guarded`, counted in Redis) and
    the embedded queue's held jobs (:class:`responder.queues.LocalQueue`, counted in the
    database).
    """
    if runs <= MAX_RUNS:
        return None
    return f"the process running it died in each of its last {runs - 1} runs; not run again"
