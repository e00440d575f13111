"""Webhook payloads → Message / Notice: responder.events.parse."""

from __future__ import annotations

import copy
import json
import signal
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from responder.events import Message, Notice, PayloadError, parse
from tests.docs_payloads import DOC_EXAMPLES

UTC = timezone.utc


def legacy(**payload_overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "msg-1",
        "type": "TEXT",
        "data": {"text": "قیمتش چنده؟"},
        "sender": {"id": "buyer-1", "is_supply": False},
        "receiver": {"id": "seller-1", "is_supply": True},
        "metadata": {"post_token": "gZd7omnS", "category": "mobile-phones", "title": "گوشی سامسونگ"},
        "sent_at": "2024-10-20T13:12:06Z",
    }
    payload.update(payload_overrides)
    return {"type": "CHAT_MESSAGE", "timestamp": "2024-10-20T13:12:07Z", "payload": payload}


def event(**message_overrides: Any) -> dict[str, Any]:
    message: dict[str, Any] = {
        "id": "e7a08a2c-1",
        "type": "TEXT",
        "text": "Hello!",
        "sent_at": 1729429926140000,
        "conversation": {"id": "edbb9499-1", "type": "POST", "post_token": "gZd7omnS"},
        "sender": {"side": "BUYER", "type": "HUMAN"},
    }
    message.update(message_overrides)
    return {"type": "NEW_MESSAGE", "metadata": {"category": "cars", "title": "پژو"}, "new_message": message}


# -- legacy CHAT_MESSAGE -----------------------------------------------------------------


def test_legacy_payload_from_buyer() -> None:
    msg = parse(legacy())
    assert isinstance(msg, Message)
    assert msg.id == "msg-1"
    assert msg.post_token == "gZd7omnS"
    assert msg.text == "قیمتش چنده؟"
    assert msg.type == "TEXT"
    assert msg.role == "buyer"
    assert msg.source == "legacy"
    assert msg.sender_id == "buyer-1"
    assert msg.receiver_id == "seller-1"
    assert msg.conversation_id is None
    assert msg.category == "mobile-phones"
    assert msg.title == "گوشی سامسونگ"
    assert msg.sent_at == datetime(2024, 10, 20, 13, 12, 6, tzinfo=UTC)
    assert msg.buyer_id == "buyer-1"
    assert msg.seller_id == "seller-1"
    assert msg.conversation_key == "gZd7omnS:buyer-1"


def test_legacy_payload_from_seller() -> None:
    msg = parse(
        legacy(sender={"id": "seller-1", "is_supply": True}, receiver={"id": "buyer-1", "is_supply": False})
    )
    assert msg.role == "seller"
    assert msg.sender_id == "seller-1"
    assert msg.buyer_id == "buyer-1"
    assert msg.seller_id == "seller-1"
    # same conversation key whichever side wrote
    assert msg.conversation_key == parse(legacy()).conversation_key == "gZd7omnS:buyer-1"


def test_legacy_older_revision_from_to() -> None:
    body = legacy()
    p = body["payload"]
    p["from"], p["to"] = p.pop("sender"), p.pop("receiver")
    msg = parse(body)
    assert msg.role == "buyer"
    assert msg.sender_id == "buyer-1"
    assert msg.receiver_id == "seller-1"
    assert msg.conversation_key == "gZd7omnS:buyer-1"


def test_legacy_from_to_seller_side() -> None:
    body = legacy()
    p = body["payload"]
    del p["sender"], p["receiver"]
    p["from"] = {"id": "s9", "is_supply": True}
    p["to"] = {"id": "b9", "is_supply": False}
    msg = parse(body)
    assert (msg.role, msg.buyer_id, msg.seller_id) == ("seller", "b9", "s9")


def test_legacy_numeric_ids_become_strings() -> None:
    msg = parse(legacy(id=12345, sender={"id": 7, "is_supply": False}, receiver={"id": 8, "is_supply": True}))
    assert (msg.id, msg.sender_id, msg.receiver_id) == ("12345", "7", "8")


def test_legacy_type_defaults_to_text_and_is_uppercased() -> None:
    body = legacy()
    del body["payload"]["type"]
    assert parse(body).type == "TEXT"
    assert parse(legacy(type="text")).type == "TEXT"


def test_legacy_optional_metadata_fields() -> None:
    msg = parse(legacy(metadata={"post_token": "tok"}))
    assert (msg.category, msg.title) == ("", "")


# -- events API NEW_MESSAGE --------------------------------------------------------------


def test_new_message_from_buyer() -> None:
    msg = parse(event())
    assert isinstance(msg, Message)
    assert msg.id == "e7a08a2c-1"
    assert msg.text == "Hello!"
    assert msg.type == "TEXT"
    assert msg.role == "buyer"
    assert msg.source == "events"
    assert msg.post_token == "gZd7omnS"
    assert msg.conversation_id == "edbb9499-1"
    assert msg.conversation_key == "edbb9499-1"
    assert msg.category == "cars"
    assert msg.title == "پژو"
    assert msg.sender_id is None and msg.receiver_id is None
    assert msg.buyer_id is None and msg.seller_id is None
    assert msg.sent_at.tzinfo is not None
    assert msg.sent_at.utcoffset() == timedelta(0)
    expected = datetime(2024, 10, 20, 13, 12, 6, 140000, tzinfo=UTC)
    assert abs(msg.sent_at - expected) < timedelta(milliseconds=1)


def test_new_message_from_seller() -> None:
    msg = parse(event(sender={"side": "SELLER", "type": "BOT"}))
    assert msg.role == "seller"
    assert msg.conversation_key == "edbb9499-1"


def test_new_message_without_metadata() -> None:
    body = event()
    del body["metadata"]
    msg = parse(body)
    assert (msg.category, msg.title) == ("", "")
    body["metadata"] = None
    assert parse(body).category == ""


# -- non-TEXT messages --------------------------------------------------------------------


def test_legacy_image_without_text() -> None:
    body = legacy(type="IMAGE")
    del body["payload"]["data"]
    msg = parse(body)
    assert (msg.type, msg.text) == ("IMAGE", "")


def test_legacy_image_with_data_but_no_text() -> None:
    msg = parse(legacy(type="IMAGE", data={"image_url": "https://x/y.jpg"}))
    assert (msg.type, msg.text) == ("IMAGE", "")


def test_event_image_without_text() -> None:
    body = event(type="IMAGE", image_data={"url": "https://x"})
    del body["new_message"]["text"]
    msg = parse(body)
    assert (msg.type, msg.text, msg.role) == ("IMAGE", "", "buyer")


def test_unknown_future_message_type_is_still_a_message() -> None:
    body = event(type="sticker")
    del body["new_message"]["text"]
    assert parse(body).type == "STICKER"


# -- other event types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"type": "POST_UPDATE", "post_update": {"type": "RETIRE", "post": {"token": "gZd7omnS"}}},
        {"type": "USER_ACCESS_REVOCATION", "user_access_revocation": {"user_id": "u1"}},
        {"type": "NEW_CHATBOT_MESSAGE", "anything": [1, 2]},
        {"type": "PAYMENT_TRANSACTION"},
    ],
)
def test_other_event_types_are_notices(body: dict[str, Any]) -> None:
    notice = parse(copy.deepcopy(body))
    assert isinstance(notice, Notice)
    assert notice.type == body["type"]
    assert notice.payload == body


# -- serialization -----------------------------------------------------------------------


@pytest.mark.parametrize("body", [legacy(), event(), legacy(type="IMAGE", data=None)], ids=["legacy", "events", "image"])
def test_to_dict_from_dict_round_trip(body: dict[str, Any]) -> None:
    msg = parse(body)
    data = msg.to_dict()
    assert isinstance(data["sent_at"], str)
    again = Message.from_dict(json.loads(json.dumps(data)))
    assert again == msg
    assert again.sent_at.tzinfo is not None
    assert again.conversation_key == msg.conversation_key


def test_to_dict_contents() -> None:
    data = parse(legacy()).to_dict()
    assert data["sent_at"] == "2024-10-20T13:12:06+00:00"
    assert data["role"] == "buyer"
    assert data["source"] == "legacy"
    assert set(data) == {
        "id", "post_token", "text", "type", "role", "sent_at", "source", "conversation_id",
        "sender_id", "receiver_id", "category", "title", "grant",
    }  # fmt: skip


# -- timestamps --------------------------------------------------------------------------

T = datetime(2024, 10, 20, 13, 12, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-10-20T13:12:06Z", T),
        ("2024-10-20T13:12:06+00:00", T),
        ("2024-10-20T16:42:06+03:30", T),
        ("2024-10-20T13:12:06", T),  # naive → UTC
        ("2024-10-20 13:12:06", T),
        ("  2024-10-20T13:12:06Z ", T),
        (1729429926, T),  # seconds
        (1729429926.0, T),
        (1729429926000, T),  # milliseconds
        (1729429926000000, T),  # microseconds
        ("1729429926", T),
        ("1729429926000", T),
        ("1729429926000000", T),
        (0, datetime(1970, 1, 1, tzinfo=UTC)),
    ],
)
def test_timestamps(value: Any, expected: datetime) -> None:
    got = parse(legacy(sent_at=value)).sent_at
    assert got.tzinfo is not None
    assert abs(got - expected) < timedelta(milliseconds=1), got
    got_event = parse(event(sent_at=value)).sent_at
    assert abs(got_event - expected) < timedelta(milliseconds=1)


def test_naive_iso_is_taken_as_utc() -> None:
    got = parse(legacy(sent_at="2024-10-20T13:12:06")).sent_at
    assert got.utcoffset() == timedelta(0)


def test_millisecond_precision_kept() -> None:
    got = parse(event(sent_at=1729429926140)).sent_at
    assert abs(got - datetime(2024, 10, 20, 13, 12, 6, 140000, tzinfo=UTC)) < timedelta(microseconds=10)


# -- bad inputs --------------------------------------------------------------------------


def _legacy_without(*path: str) -> dict[str, Any]:
    body = legacy()
    node = body
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return body


def _legacy_with(value: Any, *path: str) -> dict[str, Any]:
    body = legacy()
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return body


def _event_with(value: Any, *path: str) -> dict[str, Any]:
    body = event()
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return body


def _event_without(*path: str) -> dict[str, Any]:
    body = event()
    node = body
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return body


def _without(body: dict[str, Any], key: str, replacement: Any = None) -> dict[str, Any]:
    """``body`` without its top-level ``key`` (or with ``replacement`` in its place)."""
    body = {k: v for k, v in body.items() if k != key}
    if replacement is not None:
        body[key] = replacement
    return body


BAD = [
    # whole body
    ("list body", [1, 2], "(body)"),
    ("string body", "hello", "(body)"),
    ("null body", None, "(body)"),
    ("number body", 5, "(body)"),
    ("missing type", {"payload": {}}, "type"),
    ("empty type", {"type": ""}, "type"),
    ("type not a string", {"type": 5}, "type"),
    # legacy
    ("payload missing", {"type": "CHAT_MESSAGE"}, "payload"),
    ("payload not an object", {"type": "CHAT_MESSAGE", "payload": [1]}, "payload"),
    ("payload a string", {"type": "CHAT_MESSAGE", "payload": "x"}, "payload"),
    ("sender missing", _legacy_without("payload", "sender"), "payload.sender"),
    ("receiver missing", _legacy_without("payload", "receiver"), "payload.receiver"),
    ("sender not an object", _legacy_with("buyer-1", "payload", "sender"), "payload.sender"),
    ("is_supply missing", _legacy_with({"id": "b"}, "payload", "sender"), "payload.sender.is_supply"),
    ("is_supply a string", _legacy_with("true", "payload", "sender", "is_supply"), "payload.sender.is_supply"),
    ("is_supply a number", _legacy_with(1, "payload", "sender", "is_supply"), "payload.sender.is_supply"),
    ("sender id missing", _legacy_without("payload", "sender", "id"), "payload.sender.id"),
    ("sender id empty", _legacy_with("  ", "payload", "sender", "id"), "payload.sender.id"),
    ("receiver id missing", _legacy_without("payload", "receiver", "id"), "payload.receiver.id"),
    ("message id missing", _legacy_without("payload", "id"), "payload.id"),
    ("message id empty", _legacy_with("", "payload", "id"), "payload.id"),
    ("message id a bool", _legacy_with(True, "payload", "id"), "payload.id"),
    ("message id a float", _legacy_with(1.5, "payload", "id"), "payload.id"),
    ("metadata missing", _legacy_without("payload", "metadata"), "payload.metadata"),
    ("metadata not an object", _legacy_with("meta", "payload", "metadata"), "payload.metadata"),
    ("post_token missing", _legacy_with({"category": "x"}, "payload", "metadata"), "payload.metadata.post_token"),
    ("post_token empty", _legacy_with("", "payload", "metadata", "post_token"), "payload.metadata.post_token"),
    ("post_token a list", _legacy_with(["a"], "payload", "metadata", "post_token"), "payload.metadata.post_token"),
    ("category not a string", _legacy_with(5, "payload", "metadata", "category"), "payload.metadata.category"),
    ("title not a string", _legacy_with({}, "payload", "metadata", "title"), "payload.metadata.title"),
    ("text not a string", _legacy_with({"text": 5}, "payload", "data"), "payload.data.text"),
    ("data not an object", _legacy_with("hi", "payload", "data"), "payload.data"),
    ("image text not a string", legacy(type="IMAGE", data={"text": ["x"]}), "payload.data.text"),
    ("message type not a string", _legacy_with(3, "payload", "type"), "payload.type"),
    ("message type empty", _legacy_with("", "payload", "type"), "payload.type"),
    ("sent_at and timestamp missing", _without(_legacy_without("payload", "sent_at"), "timestamp"), "payload.sent_at"),
    ("sent_at empty, timestamp bad", _without(_legacy_with("", "payload", "sent_at"), "timestamp", "soon"), "payload.sent_at"),
    ("side a number", _event_with({"side": 1}, "new_message", "sender"), "new_message.sender.side"),
    ("sent_at garbage", _legacy_with("yesterday", "payload", "sent_at"), "payload.sent_at"),
    ("sent_at bool", _legacy_with(True, "payload", "sent_at"), "payload.sent_at"),
    ("sent_at list", _legacy_with([2024], "payload", "sent_at"), "payload.sent_at"),
    ("sent_at NaN", _legacy_with(float("nan"), "payload", "sent_at"), "payload.sent_at"),
    ("sent_at bad date", _legacy_with("2024-13-45T00:00:00Z", "payload", "sent_at"), "payload.sent_at"),
    # events
    ("new_message missing", {"type": "NEW_MESSAGE"}, "new_message"),
    ("new_message not an object", {"type": "NEW_MESSAGE", "new_message": [1]}, "new_message"),
    ("event metadata not an object", _event_with("m", "metadata"), "metadata"),
    ("event metadata a list", _event_with([], "metadata"), "metadata"),
    ("conversation missing", _event_without("new_message", "conversation"), "new_message.conversation"),
    ("conversation id missing", _event_without("new_message", "conversation", "id"), "new_message.conversation.id"),
    ("event post_token empty", _event_with("", "new_message", "conversation", "post_token"), "new_message.conversation.post_token"),
    ("event sender missing", _event_without("new_message", "sender"), "new_message.sender"),
    ("event id missing", _event_without("new_message", "id"), "new_message.id"),
    ("event text not a string", _event_with(42, "new_message", "text"), "new_message.text"),
    ("event sent_at bad", _event_with("soon", "new_message", "sent_at"), "new_message.sent_at"),
    ("event sent_at missing", _event_without("new_message", "sent_at"), "new_message.sent_at"),
    ("event category not a string", _event_with({"category": 1}, "metadata"), "metadata.category"),
]


@pytest.mark.parametrize(("body", "field"), [(b, f) for _, b, f in BAD], ids=[name for name, _, _ in BAD])
def test_bad_inputs_name_the_field(body: Any, field: str) -> None:
    with pytest.raises(PayloadError) as caught:
        parse(copy.deepcopy(body))
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert caught.value.problem


def test_payload_error_is_a_value_error() -> None:
    assert issubclass(PayloadError, ValueError)


def test_image_with_non_string_text_is_rejected() -> None:
    with pytest.raises(PayloadError) as caught:
        parse(legacy(type="IMAGE", data={"text": 5}))
    assert caught.value.field == "payload.data.text"


# -- bugs -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [10**400, "9" * 400], ids=["int", "digit-string"])
def test_huge_epoch_number_is_a_payload_error(value: Any) -> None:
    with pytest.raises(PayloadError) as caught:
        parse(legacy(sent_at=value))
    assert caught.value.field == "payload.sent_at"


class _Hung(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Hung()


def test_infinite_sent_at_is_a_payload_error_not_a_hang() -> None:
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(PayloadError) as caught:
            parse(event(sent_at=float("inf")))
        assert caught.value.field == "new_message.sent_at"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- every shape Divar's documents have shown ------------------------------------------------


@pytest.mark.parametrize("example", DOC_EXAMPLES, ids=[e.name for e in DOC_EXAMPLES])
def test_every_documented_shape_parses(example) -> None:
    """Each example from kenar-docs (file and commit in tests/docs_payloads.py) parses, with the right side."""
    parsed = parse(example.fresh())
    if example.role is None:
        assert isinstance(parsed, Notice) and parsed.type == example.body["type"]
        return
    assert isinstance(parsed, Message)
    assert (parsed.role, parsed.text, parsed.post_token) == (example.role, example.text, "gZd7omnS")
    assert parsed.sent_at.year in (2024,)


def test_grant_comes_from_the_echoed_metadata_under_either_key() -> None:
    for key in ("metadata", "meta_data"):
        body = event()
        body.pop("metadata")
        body[key] = {"grant": "g-1"}
        assert parse(body).grant == "g-1"
    assert parse(event()).grant == ""
