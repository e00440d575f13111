"""Property-based fuzzing of the parser and the webhook, on SQLite and PostgreSQL (issue 9, class 7).

Properties: the parser only ever returns a Message/Notice or raises PayloadError; the webhook
never answers 5xx to anything; every message it answers 200 for ends as a row in the log,
and the service keeps answering an ordinary message afterwards.  Run time is bounded by
``max_examples``; the counts are printed (``pytest -s``) and recorded in bench/README.md.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import fakeredis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from responder.config import Settings
from responder.engine.reloader import RuleBook
from responder.events import PayloadError, parse
from responder.limits import accept
from responder.state import State
from responder.store import Store
from responder.webhook import create_app
from responder.worker import Delivery, Responder
from tests.conftest import write_rules
from tests.payloads import legacy, new_message

KEY = "fuzz-key"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))  # more for a one-off run (bench/README.md)
RULES = "rules:\n  - name: price\n    keywords: [قیمت]\n    reply: 'قیمت {{ message.text | length }}'\n"
ODD_STRINGS = ["", " ", "\x00", "\ud83d", "a\udfffb", "x" * 201, "p" * 101, "T" * 21, "9999-12-31T23:00:00Z",
               "-5", "1e400", "NaN", "\u200c", "قیمت؟", "{{ 7*7 }}", "'; DROP TABLE replies; --"]  # fmt: skip
ODD_NUMBERS = [0, -1, -(10**20), 10**30, 2**63, 1e308, -5.5, 253402300799, 1764064800000000]

scalars = st.one_of(
    st.none(), st.booleans(), st.sampled_from(ODD_NUMBERS), st.integers(), st.floats(allow_nan=False),
    st.sampled_from(ODD_STRINGS), st.text(st.characters(exclude_categories=()), max_size=40),
)  # fmt: skip
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=30)  # fmt: skip
PATHS = [("payload", "id"), ("payload", "type"), ("payload", "sent_at"), ("payload", "data"), ("payload", "data", "text"),
         ("payload", "metadata", "post_token"), ("payload", "metadata", "title"), ("payload", "sender", "id"),
         ("payload", "sender", "is_supply"), ("payload", "receiver"), ("new_message", "id"), ("new_message", "text"),
         ("new_message", "sent_at"), ("new_message", "conversation", "id"), ("new_message", "conversation", "post_token"),
         ("new_message", "sender", "side"), ("type",), ("metadata",)]  # fmt: skip


@st.composite
def bodies(draw: Any) -> Any:
    """A valid payload of either format with a few fields replaced, or any JSON at all."""
    if draw(st.integers(0, 4)) == 0:
        return draw(json_values)
    message_id = f"fz-{uuid.uuid4().hex[:12]}"
    body = draw(st.sampled_from([legacy, new_message]))("قیمتش چنده؟", message_id=message_id)
    for path in draw(st.lists(st.sampled_from(PATHS), max_size=3)):
        node = body
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node[path[-1]] = draw(json_values)
    return body


def encode(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=True).encode()  # \ud83d survives as an escape, as on the wire


@settings(max_examples=EXAMPLES * 2, deadline=None, database=None)
@given(raw=st.one_of(st.binary(max_size=300), bodies().map(encode)))
def test_parser_and_bounds_raise_only_payload_errors(raw: bytes) -> None:
    received = datetime.now(timezone.utc)
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if body is not None:
        try:
            parse(body)
        except PayloadError:
            pass
    try:
        event, _notes = accept(raw, received)
    except ValueError:  # PayloadError, LimitError, or not JSON / not UTF-8
        return
    json.dumps(getattr(event, "payload", None) or {}, ensure_ascii=False).encode()  # storable: encodes as UTF-8


class InlineQueue:
    """The embedded queue's steps (hold in the database, handle, release), synchronously."""

    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        self.store = responder.store

    def enqueue_message(self, delivery: Delivery, note: Any = None) -> None:
        if note is not None:
            note(None)
        body = delivery.to_dict()
        self.store.hold(f"message:{delivery.owner}", "message", body)
        self.responder.handle(Delivery.from_dict(json.loads(json.dumps(body))))
        self.store.release(f"message:{delivery.owner}")

    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        self.store.hold("event:fuzz", "event", {"type": kind, "payload": payload})
        self.responder.handle_event(kind, payload, received_at)
        self.store.release("event:fuzz")


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/fuzz.db"
    return request.getfixturevalue("postgres_url")


def test_webhook_fuzz_never_5xx_and_loses_no_message(database_url: str, tmp_path: Path) -> None:
    store = Store(database_url)
    responder = Responder(RuleBook(write_rules(tmp_path / "rules", RULES)), State(fakeredis.FakeRedis()), store, None)
    app_settings = Settings(identification_key=KEY, database_url=database_url, rules_dir=str(tmp_path / "rules"))
    client = create_app(app_settings, queue=InlineQueue(responder)).test_client()
    counts: Counter[str] = Counter()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(body=bodies())
    def run(body: Any) -> None:
        counts["inputs"] += 1
        response = client.post("/webhook", data=encode(body), headers={"Authorization": KEY, "Content-Type": "application/json"})
        counts[f"{response.status_code // 100}xx"] += 1
        answer = response.get_json()
        if response.status_code == 200 and answer.get("status") == "queued":
            counts["messages"] += 1
            if store.outcome_of(answer["message_id"]) is None:
                counts["rows missing"] += 1

    run()
    print(f"\nfuzz on {database_url.split(':')[0]}: {dict(counts)}")
    assert counts["5xx"] == 0 and counts["rows missing"] == 0, dict(counts)
    assert counts["messages"] > EXAMPLES // 10, dict(counts)  # the fuzz reached the worker, not only the 400s
    ordinary = client.post("/webhook", json=legacy("قیمتش چنده؟", message_id="after-fuzz"), headers={"Authorization": KEY})
    assert ordinary.status_code == 200 and store.outcome_of("after-fuzz") == "dry_run"
