"""Divar's webhook payloads → one :class:`Message` model (or a :class:`Notice`).

Two formats reach the same webhook: the legacy ``CHAT_MESSAGE`` (parties named
``sender``/``receiver``, or ``from``/``to`` in an older revision, roles from ``is_supply``)
and the events API's ``NEW_MESSAGE`` (roles from ``sender.side``).  Everything after this
module sees only :class:`Message`.  Every rejection names the offending field, so Divar's
delivery log (and a seller testing with curl) says what is wrong.

Every shape Divar's own documents have shown, then and now, is accepted
(``tests/test_events.py`` keeps each as a fixture with its kenar-docs file and commit):
a TEXT message without ``text`` (empty text), ``sender`` with only ``type`` ``SELLER``/``BUYER``
(the side, in the first events documents) or with ``side`` and a ``type`` of ``HUMAN``,
``BOT`` or ``USER``, the subscription's data as ``metadata`` or ``meta_data``, times as ISO
text or epoch numbers, and a legacy message without ``sent_at`` (its envelope's ``timestamp``).
A sender whose side cannot be told is taken for the seller: never answered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

Role = Literal["buyer", "seller"]
Source = Literal["legacy", "events"]

MESSAGE_TYPES = frozenset({"TEXT", "IMAGE", "FILE", "VOICE", "LOCATION", "VIDEO", "CONTACT"})


class PayloadError(ValueError):
    """A delivery that is not a valid Divar payload; ``field`` is a dotted path."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Message:
    """One chat message on a seller's post, whatever format it arrived in."""

    id: str
    post_token: str
    text: str
    type: str
    role: Role
    sent_at: datetime
    source: Source
    conversation_id: str | None = None
    sender_id: str | None = None
    receiver_id: str | None = None
    category: str = ""
    title: str = ""
    grant: str = ""  # the all-posts grant whose subscription delivered it (echoed metadata)

    @property
    def buyer_id(self) -> str | None:
        return self.sender_id if self.role == "buyer" else self.receiver_id

    @property
    def seller_id(self) -> str | None:
        return self.sender_id if self.role == "seller" else self.receiver_id

    @property
    def conversation_key(self) -> str:
        """Stable per-conversation key: Divar's id, or post + buyer for the legacy stream."""
        if self.conversation_id:
            return self.conversation_id
        return f"{self.post_token}:{self.buyer_id or '?'}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for the queue.  Every field is a string or the datetime, so a shallow
        copy does (``asdict`` deep-copies each one: most of the webhook's enqueue time)."""
        data = self.__dict__.copy()  # the fields, in order: a frozen dataclass with no extra attributes
        data["sent_at"] = self.sent_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        return cls(**{**data, "sent_at": datetime.fromisoformat(data["sent_at"])})


@dataclass(frozen=True)
class Notice:
    """Any other event (POST_UPDATE, USER_ACCESS_REVOCATION, …): acknowledged and recorded."""

    type: str
    payload: dict[str, Any] = field(default_factory=dict)


def parse(body: Any) -> Message | Notice:
    """Parse a decoded JSON body; raises :class:`PayloadError` naming the bad field."""
    if not isinstance(body, dict):
        raise PayloadError("(body)", "expected a JSON object")
    kind = body.get("type")
    if not isinstance(kind, str) or not kind:
        raise PayloadError("type", "missing or not a string")
    if kind == "CHAT_MESSAGE":
        return _parse_legacy(_obj(body, "payload", "payload"), body.get("timestamp"))
    if kind == "NEW_MESSAGE":
        meta_key = "metadata" if body.get("metadata") is not None else "meta_data"  # meta_data: migration 002's example
        return _parse_event(_obj(body, "new_message", "new_message"), _opt_obj(body, meta_key, meta_key))
    return Notice(type=kind, payload=body)


def _parse_legacy(p: dict[str, Any], envelope_time: Any = None) -> Message:
    if "sender" in p or "receiver" in p:
        sender_key, receiver_key = "sender", "receiver"
    else:
        sender_key, receiver_key = "from", "to"
    sender = _obj(p, sender_key, f"payload.{sender_key}")
    receiver = _obj(p, receiver_key, f"payload.{receiver_key}")
    is_supply = sender.get("is_supply")
    if not isinstance(is_supply, bool):
        raise PayloadError(f"payload.{sender_key}.is_supply", "missing or not true/false")
    metadata = _obj(p, "metadata", "payload.metadata")
    msg_type = _message_type(p, "payload.type")
    data = _opt_obj(p, "data", "payload.data")
    return Message(
        id=_str(p, "id", "payload.id"),
        post_token=_str(metadata, "post_token", "payload.metadata.post_token"),
        text=_text(data, "payload.data.text"),
        type=msg_type,
        role="seller" if is_supply else "buyer",
        sent_at=_timestamp(p.get("sent_at") if p.get("sent_at") not in (None, "") else envelope_time, "payload.sent_at"),
        source="legacy",
        sender_id=_str(sender, "id", f"payload.{sender_key}.id"),
        receiver_id=_str(receiver, "id", f"payload.{receiver_key}.id"),
        category=_opt_str(metadata, "category", "payload.metadata.category"),
        title=_opt_str(metadata, "title", "payload.metadata.title"),
    )


def _parse_event(m: dict[str, Any], metadata: dict[str, Any]) -> Message:
    conversation = _obj(m, "conversation", "new_message.conversation")
    sender = _obj(m, "sender", "new_message.sender")
    side = sender.get("side") if sender.get("side") is not None else sender.get("type")  # the first documents: type = side
    if side is not None and not isinstance(side, str):
        raise PayloadError("new_message.sender.side", "not a string")
    msg_type = _message_type(m, "new_message.type")
    return Message(
        id=_str(m, "id", "new_message.id"),
        post_token=_str(conversation, "post_token", "new_message.conversation.post_token"),
        text=_text(m, "new_message.text"),
        type=msg_type,
        role="buyer" if (side or "").upper() == "BUYER" else "seller",  # an unknown side is never answered
        sent_at=_timestamp(m.get("sent_at"), "new_message.sent_at"),
        source="events",
        conversation_id=_str(conversation, "id", "new_message.conversation.id"),
        category=_opt_str(metadata, "category", "metadata.category"),
        title=_opt_str(metadata, "title", "metadata.title"),
        grant=_opt_str(metadata, "grant", "metadata.grant"),
    )


def _obj(parent: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    value = parent.get(key)
    if not isinstance(value, dict):
        raise PayloadError(path, "missing or not an object")
    return value


def _opt_obj(parent: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadError(path, "not an object")
    return value


def _str(parent: dict[str, Any], key: str, path: str) -> str:
    value = parent.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # numeric ids are ids all the same
    if not isinstance(value, str) or not value.strip():
        raise PayloadError(path, "missing or not a non-empty string")
    return value


def _opt_str(parent: dict[str, Any], key: str, path: str) -> str:
    value = parent.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PayloadError(path, "not a string")
    return value


def _text(parent: dict[str, Any], path: str) -> str:
    """The text, or "" when there is none (Divar's examples show TEXT messages without it)."""
    value = parent.get("text")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PayloadError(path, "not a string")
    return value


def _message_type(parent: dict[str, Any], path: str) -> str:
    value = parent.get("type", "TEXT")
    if not isinstance(value, str) or not value:
        raise PayloadError(path, "not a string")
    return value.upper()  # a type Divar adds later is still a message, not an error


def _timestamp(value: Any, path: str) -> datetime:
    """Aware UTC datetime from ISO-8601 text or epoch seconds/ms/µs (number or digits)."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            seconds = float(value)
        except OverflowError:
            raise PayloadError(path, "timestamp out of range") from None
        if not math.isfinite(seconds):
            raise PayloadError(path, "timestamp out of range")
        while abs(seconds) > 1e11:  # milliseconds or microseconds since the epoch
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise PayloadError(path, "timestamp out of range") from None
    if isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise PayloadError(path, "not an ISO-8601 time or epoch number") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    raise PayloadError(path, "missing; expected an ISO-8601 time or epoch number")
