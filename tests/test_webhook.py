"""The Flask edge: create_app(settings, queue=RecordingQueue()) with Flask's test client."""

from __future__ import annotations

import copy
import json
import random
import signal
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from responder.config import Settings
from responder.events import Message
from responder.webhook import MAX_BODY, create_app
from responder.worker import Delivery

KEY = "k"


class RecordingQueue:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.messages: list[Delivery] = []
        self.events: list[tuple[str, dict[str, Any], datetime]] = []

    def enqueue_message(self, delivery: Delivery, note: Any = None) -> None:
        if self.fail:
            raise ConnectionError("redis is down")
        if note is not None:
            note(None)
        self.messages.append(delivery)

    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        if self.fail:
            raise ConnectionError("redis is down")
        self.events.append((kind, payload, received_at))

    @property
    def calls(self) -> int:
        return len(self.messages) + len(self.events)


def legacy_body(text: str = "قیمتش چنده؟") -> dict[str, Any]:
    return {
        "type": "CHAT_MESSAGE",
        "timestamp": "2024-10-20T13:12:07Z",
        "payload": {
            "id": "msg-1",
            "type": "TEXT",
            "data": {"text": text},
            "sender": {"id": "buyer-1", "is_supply": False},
            "receiver": {"id": "seller-1", "is_supply": True},
            "metadata": {"post_token": "gZd7omnS", "category": "mobile-phones", "title": "گوشی"},
            "sent_at": "2024-10-20T13:12:06Z",
        },
    }


def event_body(text: str = "Hello!") -> dict[str, Any]:
    return {
        "type": "NEW_MESSAGE",
        "metadata": {},
        "new_message": {
            "id": "e7a08a2c-1",
            "type": "TEXT",
            "text": text,
            "sent_at": 1729429926140000,
            "conversation": {"id": "edbb9499-1", "type": "POST", "post_token": "gZd7omnS"},
            "sender": {"side": "BUYER", "type": "HUMAN"},
        },
    }


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(identification_key=KEY, rules_dir=str(tmp_path), database_url=f"sqlite:///{tmp_path}/log.db")


@pytest.fixture
def queue() -> RecordingQueue:
    return RecordingQueue()


@pytest.fixture
def client(settings: Settings, queue: RecordingQueue):
    app = create_app(settings, queue=queue)
    return app.test_client()


def post(client, body: Any = None, *, raw: bytes | None = None, auth: str | None = KEY):
    headers = {"Content-Type": "application/json"}
    if auth is not None:
        headers["Authorization"] = auth
    data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
    return client.post("/webhook", data=data, headers=headers)


# -- source addresses (DIVAR_SOURCE_IPS, TRUSTED_PROXIES) ---------------------------------


def source_client(tmp_path: Path, queue: RecordingQueue, sources: str, proxies: int = 0):
    settings = Settings.from_env({"RULES_DIR": str(tmp_path), "DIVAR_IDENTIFICATION_KEY": KEY,
                                  "DIVAR_SOURCE_IPS": sources, "TRUSTED_PROXIES": str(proxies),
                                  "DATABASE_URL": f"sqlite:///{tmp_path}/log.db"})  # fmt: skip
    return create_app(settings, queue=queue).test_client()


def post_from(client, address: str, forwarded: str | None = None):
    headers = {"Content-Type": "application/json", "Authorization": KEY}
    if forwarded is not None:
        headers["X-Forwarded-For"] = forwarded
    return client.post("/webhook", json=legacy_body(), headers=headers, environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize(
    "address, allowed",
    [("78.111.6.41", True), ("78.111.6.43", True), ("31.214.250.159", True), ("::ffff:78.111.6.42", True),
     ("78.111.6.44", False), ("31.214.250.160", False), ("127.0.0.1", False), ("2001:db8::1", False)],
)  # fmt: skip
def test_divar_source_ips(tmp_path, queue: RecordingQueue, address: str, allowed: bool) -> None:
    response = post_from(source_client(tmp_path, queue, "divar"), address)
    assert response.status_code == (200 if allowed else 403)
    assert queue.calls == (1 if allowed else 0)
    if not allowed:
        assert response.get_json()["error"] == "forbidden_source"


def test_any_source_by_default(client, queue: RecordingQueue) -> None:
    assert post_from(client, "203.0.113.9").status_code == 200


def test_own_networks_beside_divar(tmp_path, queue: RecordingQueue) -> None:
    client = source_client(tmp_path, queue, "divar, 10.0.0.0/8, 192.0.2.7")
    assert [post_from(client, a).status_code for a in ("10.1.2.3", "192.0.2.7", "192.0.2.8")] == [200, 200, 403]


def test_behind_a_trusted_proxy_the_forwarded_address_counts(tmp_path, queue: RecordingQueue) -> None:
    client = source_client(tmp_path, queue, "divar", proxies=1)
    assert post_from(client, "10.0.0.5", forwarded="78.111.6.41").status_code == 200  # the router saw Divar
    # A caller can put anything first in X-Forwarded-For; the router appends what it saw.
    assert post_from(client, "10.0.0.5", forwarded="78.111.6.41, 203.0.113.9").status_code == 403
    assert post_from(client, "10.0.0.5").status_code == 403  # no header: the router itself


def test_without_trusted_proxies_forwarded_for_is_ignored(tmp_path, queue: RecordingQueue) -> None:
    client = source_client(tmp_path, queue, "divar")
    assert post_from(client, "203.0.113.9", forwarded="78.111.6.41").status_code == 403


def test_source_check_leaves_other_pages_alone(tmp_path, queue: RecordingQueue) -> None:
    client = source_client(tmp_path, queue, "divar")
    assert client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 200


# -- authorization ------------------------------------------------------------------------


@pytest.mark.parametrize("auth", [None, "", "wrong", "Bearer k", "kk", "K"])
def test_bad_authorization_is_401_and_nothing_queued(client, queue: RecordingQueue, auth: str | None) -> None:
    response = post(client, legacy_body(), auth=auth)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert queue.calls == 0


def test_a_refused_key_says_where_the_key_comes_from(client) -> None:
    """A seller pasting the README's curl got «not a known identification key» and no hint which key."""
    missing = post(client, legacy_body(), auth=None).get_json()["message"]
    assert missing.startswith("no Authorization header: send the identification key, DIVAR_IDENTIFICATION_KEY, or without "
                              "it the key `responder serve` printed at start"), missing  # fmt: skip
    wrong = post(client, legacy_body(), auth="nope").get_json()["message"]
    assert wrong.startswith("Authorization header is not a known identification key: send DIVAR_IDENTIFICATION_KEY"), wrong


def test_the_services_address_in_a_browser_opens_the_console(client) -> None:
    """`localhost:8000` answered a bare «Not Found … check your spelling»."""
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/logs/")
    assert "صفحه‌ی گزارش خاموش است" in client.get("/logs/").get_data(as_text=True)  # no LOG_PASSWORD: it says how


def test_authorization_checked_before_the_body(client, queue: RecordingQueue) -> None:
    response = post(client, raw=b"not json", auth="nope")
    assert response.status_code == 401
    assert queue.calls == 0


def test_authorization_surrounding_whitespace_ignored(client, queue: RecordingQueue) -> None:
    assert post(client, legacy_body(), auth=f"  {KEY} ").status_code == 200
    assert len(queue.messages) == 1


# -- accepted payloads --------------------------------------------------------------------


def test_legacy_payload_is_queued(client, queue: RecordingQueue) -> None:
    before = datetime.now(timezone.utc)
    response = post(client, legacy_body())
    after = datetime.now(timezone.utc)
    assert response.status_code == 200
    assert response.get_json() == {"status": "queued", "message_id": "msg-1"}
    assert len(queue.messages) == 1 and queue.events == []
    delivery = queue.messages[0]
    assert isinstance(delivery, Delivery)
    assert delivery.attempt == 0
    assert len(delivery.owner) == 32 and int(delivery.owner, 16) >= 0
    assert before <= delivery.received_at <= after
    msg = delivery.message
    assert isinstance(msg, Message)
    assert (msg.id, msg.text, msg.role, msg.source) == ("msg-1", "قیمتش چنده؟", "buyer", "legacy")
    assert (msg.post_token, msg.sender_id, msg.receiver_id) == ("gZd7omnS", "buyer-1", "seller-1")


def test_the_queued_answer_is_the_bytes_jsonify_gave(client, queue: RecordingQueue) -> None:
    """Built directly on the hot path: same body, type and headers as ``jsonify`` would give,
    for an id that JSON must escape too (a client parsing our answer sees no change)."""
    from flask import Flask, jsonify

    odd = 'msg-"ش\\1'
    body = legacy_body()
    body["payload"]["id"] = odd
    response = post(client, body)
    with Flask("reference").app_context():
        reference = jsonify(status="queued", message_id=odd)
    assert response.status_code == 200
    assert response.get_data() == reference.get_data()
    assert response.headers["Content-Type"] == reference.headers["Content-Type"]
    assert response.get_json() == {"status": "queued", "message_id": odd}


def test_each_delivery_gets_its_own_owner(client, queue: RecordingQueue) -> None:
    post(client, legacy_body())
    post(client, legacy_body())
    assert len(queue.messages) == 2
    assert queue.messages[0].owner != queue.messages[1].owner


def test_new_message_is_queued(client, queue: RecordingQueue) -> None:
    response = post(client, event_body())
    assert response.status_code == 200
    assert response.get_json() == {"status": "queued", "message_id": "e7a08a2c-1"}
    (delivery,) = queue.messages
    assert delivery.message.conversation_id == "edbb9499-1"
    assert delivery.message.source == "events"
    assert delivery.message.text == "Hello!"


def test_post_update_is_recorded_as_event(client, queue: RecordingQueue) -> None:
    body = {"type": "POST_UPDATE", "post_update": {"type": "RETIRE", "post": {"token": "gZd7omnS"}}}
    response = post(client, body)
    assert response.status_code == 200
    assert response.get_json() == {"status": "recorded", "type": "POST_UPDATE"}
    assert queue.messages == []
    ((kind, payload, received_at),) = queue.events
    assert kind == "POST_UPDATE"
    assert payload == body
    assert received_at.tzinfo is not None


def test_content_type_does_not_matter(client, queue: RecordingQueue) -> None:
    response = client.post(
        "/webhook", data=json.dumps(legacy_body()), headers={"Authorization": KEY, "Content-Type": "text/plain"}
    )
    assert response.status_code == 200
    assert len(queue.messages) == 1


# -- rejected payloads --------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"not json", b"{", b"", b"\xff\xfe\x00garbage", b"{'type': 'x'}"])
def test_not_json_is_400(client, queue: RecordingQueue, raw: bytes) -> None:
    response = post(client, raw=raw)
    assert response.status_code == 400
    assert response.is_json
    assert response.get_json()["error"] == "invalid_json"
    assert queue.calls == 0


def test_wrong_shape_is_400_with_field(client, queue: RecordingQueue) -> None:
    body = legacy_body()
    body["payload"]["sender"]["is_supply"] = "yes"
    response = post(client, body)
    assert response.status_code == 400
    data = response.get_json()
    assert data["error"] == "invalid_payload"
    assert data["field"] == "payload.sender.is_supply"
    assert data["message"]
    assert queue.calls == 0


@pytest.mark.parametrize(("body", "field"), [([1, 2], "(body)"), ({"payload": {}}, "type"), ({"type": "NEW_MESSAGE"}, "new_message")])
def test_more_wrong_shapes(client, queue: RecordingQueue, body: Any, field: str) -> None:
    response = post(client, body)
    assert response.status_code == 400
    assert response.get_json()["field"] == field
    assert queue.calls == 0


def test_body_over_64_kib_is_413(client, queue: RecordingQueue) -> None:
    body = legacy_body("x" * (MAX_BODY + 10))
    response = post(client, body)
    assert response.status_code == 413
    assert response.is_json
    assert response.get_json()["error"] == "too_large"
    assert queue.calls == 0


def test_body_just_under_the_limit_is_accepted(client, queue: RecordingQueue) -> None:
    base = len(json.dumps(legacy_body(""), ensure_ascii=False).encode())
    body = legacy_body("x" * (MAX_BODY - base))
    assert len(json.dumps(body, ensure_ascii=False).encode()) == MAX_BODY
    assert post(client, body).status_code == 200
    assert len(queue.messages) == 1


@pytest.mark.parametrize("body", [legacy_body(), {"type": "USER_ACCESS_REVOCATION", "user_id": "u"}])
def test_queue_failure_is_503(settings: Settings, body: dict[str, Any]) -> None:
    client = create_app(settings, queue=RecordingQueue(fail=True)).test_client()
    response = post(client, body)
    assert response.status_code == 503
    assert response.get_json()["error"] == "queue_unavailable"


def test_get_webhook_is_405_json(client, queue: RecordingQueue) -> None:
    response = client.get("/webhook", headers={"Authorization": KEY})
    assert response.status_code == 405
    assert response.is_json
    assert response.get_json()["error"] == "method_not_allowed"
    assert queue.calls == 0


def test_unknown_path_is_404_json(client) -> None:
    response = client.post("/nope", headers={"Authorization": KEY})
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_healthz(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "dry_run": True, "embedded": True}


def test_healthz_live(tmp_path: Path) -> None:
    s = Settings(divar_api_key="a", divar_access_token="t", identification_key=KEY, redis_url="redis://x",
                 rules_dir=str(tmp_path), database_url=f"sqlite:///{tmp_path}/log.db")  # fmt: skip
    response = create_app(s, queue=RecordingQueue()).test_client().get("/healthz")
    assert response.get_json() == {"status": "ok", "dry_run": False, "embedded": False}


# -- robustness ---------------------------------------------------------------------------

PATHS_LEGACY = [
    ("type",), ("payload",), ("payload", "id"), ("payload", "type"), ("payload", "data"), ("payload", "data", "text"),
    ("payload", "sender"), ("payload", "sender", "id"), ("payload", "sender", "is_supply"), ("payload", "receiver"),
    ("payload", "receiver", "id"), ("payload", "metadata"), ("payload", "metadata", "post_token"),
    ("payload", "metadata", "category"), ("payload", "metadata", "title"), ("payload", "sent_at"),
]  # fmt: skip
PATHS_EVENT = [
    ("type",), ("metadata",), ("new_message",), ("new_message", "id"), ("new_message", "type"), ("new_message", "text"),
    ("new_message", "sent_at"), ("new_message", "conversation"), ("new_message", "conversation", "id"),
    ("new_message", "conversation", "post_token"), ("new_message", "sender"), ("new_message", "sender", "side"),
]  # fmt: skip
WRONG = [
    None, True, False, 0, -1, 1.5, 10**300, -(10**300), 1e308, -1e308, 2**63, "", " ", "x" * 3000, "\ud800",
    "٠١٢", [], {}, [[[[]]]], {"a": {"b": {}}}, ["TEXT"], {"text": 1}, "2024-99-99", "-99999999999999",
]  # fmt: skip


def _set(body: dict[str, Any], path: tuple[str, ...], value: Any, delete: bool = False) -> dict[str, Any]:
    body = copy.deepcopy(body)
    node = body
    for key in path[:-1]:
        node = node[key]
    if delete:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    return body


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(9 if depth < 6 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 2**64, 10**200, 1e300, -1e300, rng.random()])
    if choice == 3:
        return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x600, 0x700), rng.randrange(0xD800, 0xE000)])) for _ in range(rng.randrange(12)))
    if choice == 4:
        return rng.choice(["CHAT_MESSAGE", "NEW_MESSAGE", "POST_UPDATE", "TEXT", "IMAGE", "SELLER", "BUYER"])
    if choice == 5:
        return rng.randrange(-(10**18), 10**18)
    if choice == 6:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["type", "payload", "new_message", "metadata", "id", "text", "data", "sender", "receiver", "from", "to",
            "is_supply", "side", "conversation", "post_token", "sent_at", "x"]  # fmt: skip
    return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randrange(5))}


def _garbage_bodies() -> list[bytes]:
    rng = random.Random(20241020)
    bodies: list[bytes] = []
    # random bytes, often invalid UTF-8
    bodies += [rng.randbytes(rng.randrange(0, 400)) for _ in range(60)]
    # random JSON structures, some forced to look like our two formats
    for i in range(120):
        value = _random_json(rng)
        if i % 3 == 0:
            value = {"type": rng.choice(["CHAT_MESSAGE", "NEW_MESSAGE"]), "payload": _random_json(rng), "new_message": _random_json(rng)}
        bodies.append(json.dumps(value).encode())
    # every field of both formats: each wrong value, and deleted
    for base, paths in ((legacy_body(), PATHS_LEGACY), (event_body(), PATHS_EVENT)):
        for path in paths:
            bodies.append(json.dumps(_set(base, path, None, delete=True)).encode())
            for value in WRONG:
                bodies.append(json.dumps(_set(base, path, value)).encode())
    # deep nesting, huge numbers, invalid UTF-8 inside JSON, odd literals
    bodies += [
        b"[" * 100000,
        b"[" * 60000,
        b"[" * 30000 + b"]" * 30000,
        b'{"a":' * 12000,
        json.dumps({"type": "POST_UPDATE", "x": json.loads("[" * 500 + "]" * 500)}).encode(),
        b'{"type": "CHAT_MESSAGE", "payload": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b"1" + b"0" * 5000,
        b'{"type": "POST_UPDATE", "n": 1' + b"0" * 5000 + b"}",
        b'{"type": "POST_UPDATE", "n": 1e999}',
        b'{"type": 1e999}',
        b'{"type": NaN}',
        b'{"type": "\xff\xfe"}',
        b'{"type": "CHAT_MESSAGE", "payload": {"id": "\xc3\x28"}}',
        b"\xef\xbb\xbf" + json.dumps(legacy_body()).encode(),  # UTF-8 BOM
        json.dumps(legacy_body()).encode("utf-16"),
        b"\x00" * 100,
        b"null",
        b'"just a string"',
        b"{}" * 10,
        b" " * 1000,
    ]
    return bodies


class _Hung(BaseException):
    """Not an Exception, so Flask's catch-all handler cannot turn it into a 500."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Hung("the webhook did not answer in time")


def test_garbage_is_never_a_500(settings: Settings) -> None:
    queue = RecordingQueue()
    client = create_app(settings, queue=queue).test_client()
    bodies = _garbage_bodies()
    assert len(bodies) > 300
    seen: dict[int, int] = {}
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        for raw in bodies:
            response = post(client, raw=raw)
            assert response.status_code in (200, 400, 413), (response.status_code, raw[:200], response.get_data()[:300])
            assert response.is_json, raw[:200]
            data = response.get_json()
            if response.status_code != 200:
                assert isinstance(data["error"], str) and data["error"]
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    # the corpus really exercised all three answers
    assert seen.get(200, 0) > 10 and seen.get(400, 0) > 100 and seen.get(413, 0) >= 1, seen


def test_huge_integer_sent_at_is_400(client, queue: RecordingQueue) -> None:
    raw = json.dumps(legacy_body()).replace('"2024-10-20T13:12:06Z"', "1" + "0" * 400).encode()
    response = post(client, raw=raw)
    assert response.status_code == 400
    assert response.get_json()["field"] == "payload.sent_at"


def test_infinite_sent_at_is_400(client, queue: RecordingQueue) -> None:
    raw = json.dumps(event_body()).replace("1729429926140000", "1e400").encode()
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        response = post(client, raw=raw)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert response.status_code == 400
    assert response.get_json()["field"] == "new_message.sent_at"


# -- what the webhook hears from the seller's side (responder.echo) -------------------------


def test_a_seller_side_message_is_heard_as_a_digest_only(settings, queue: RecordingQueue) -> None:
    """Divar's echo of a reply of ours (sender SELLER/BOT, docs/events/chat.md) is noted before
    it is queued, so a backlog cannot hide it from the judgement of a cut-off send; a
    buyer's message is not.  Redis keeps a digest and the time, never the text."""
    from responder.wiring import build_services

    services = build_services(settings)
    client = create_app(settings, queue=queue, services=services).test_client()
    echo = event_body("قیمت ۱۲,۵۰۰,۰۰۰ تومان")
    echo["new_message"]["sender"] = {"side": "SELLER", "type": "BOT"}
    assert post(client, echo).status_code == 200 and len(queue.messages) == 1
    assert post(client, event_body("قیمتش چنده؟")).status_code == 200
    heard = services.state.heard_at("edbb9499-1", "قیمت ۱۲,۵۰۰,۰۰۰ تومان")
    assert heard is not None and heard == pytest.approx(queue.messages[0].received_at.timestamp())
    assert services.state.heard_at("edbb9499-1", "قیمتش چنده؟") is None
    stored = b" ".join(k + b" " + (services.state.redis.get(k) or b"") for k in services.state.redis.keys())
    assert "قیمت".encode() not in stored


def test_a_seller_side_message_is_heard_and_queued_in_one_redis_round_trip(settings, monkeypatch) -> None:
    """What the webhook heard goes in the enqueue's pipeline: a seller-side message (one of
    Divar's echoes per reply of ours) costs the webhook no more round trips than a buyer's."""
    import redis.connection

    from responder.broker import QUEUE
    from responder.queues import CeleryQueue
    from responder.wiring import build_services

    services = build_services(settings)
    client = create_app(settings, queue=CeleryQueue(services.state.redis), services=services).test_client()
    echo = event_body("قیمت ۱۲,۵۰۰,۰۰۰ تومان")
    echo["new_message"]["sender"] = {"side": "SELLER", "type": "BOT"}
    assert post(client, event_body("سلام")).status_code == 200  # connections made
    trips: list[int] = []
    real = redis.connection.AbstractConnection.send_packed_command
    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command",
                        lambda conn, *a, **k: trips.append(1) or real(conn, *a, **k))  # fmt: skip
    assert post(client, echo).status_code == 200
    assert len(trips) == 1
    assert services.state.heard_at("edbb9499-1", "قیمت ۱۲,۵۰۰,۰۰۰ تومان") is not None
    assert services.state.redis.llen(QUEUE) == 2
