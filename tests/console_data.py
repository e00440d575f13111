"""A reply log that looks like a seller's: several posts, conversations and every kind of outcome.

Used by the console's tests, its browser tests and ``bench/console_bench.py``.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from responder.store import LogRow, Store

TEXTS = ["سلام، قیمتش چنده؟", "هنوز موجوده؟", "آدرس کجاست؟", "معاوضه می‌کنی؟", "کارکردش چقدره", "ممنون"]
OUTCOMES = ["replied", "replied", "no_match", "skipped:hourly_cap", "failed:gave_up", "skipped:once_per_conversation"]
POSTS = ["gZd7omnS", "AaBb1234", "QwEr5678", "ZxCv9012"]


def message_json(message_id: str, post: str, buyer: str, text: str, sent_at: datetime) -> str:
    return json.dumps({"id": message_id, "post_token": post, "text": text, "type": "TEXT", "role": "buyer",
                       "sent_at": sent_at.isoformat(), "source": "legacy", "conversation_id": None,
                       "sender_id": buyer, "receiver_id": "seller-1", "category": "", "title": ""}, ensure_ascii=False)  # fmt: skip


def fill(store: Store, count: int, now: datetime | None = None, conversations: int = 46, batch: int = 5000,
         step: timedelta | None = None) -> None:
    """``count`` rows over ``conversations`` conversations, newest at ``now``, one ``step`` back each.

    By default a minute apart, closer when that would reach back past midnight in Tehran:
    the tests of today's figures count every row, whatever the time of day they run.
    """
    from responder.console.persian import today_start

    now = now or datetime.now(timezone.utc)
    step = step or min(timedelta(minutes=1), (now - today_start(now)) / (count + 1))
    rows = []
    for i in range(count):
        conversation = i % conversations
        post, buyer = POSTS[conversation % len(POSTS)], f"buyer-{conversation}"
        at = now - step * (count - i)
        outcome = OUTCOMES[i % len(OUTCOMES)]
        kind = "IMAGE" if i % 17 == 5 else ("VOICE" if i % 19 == 7 else "TEXT")
        text = TEXTS[i % len(TEXTS)] if kind == "TEXT" else ""
        answered = outcome in ("replied", "failed:gave_up")
        rows.append(store._sealed_row(LogRow(  # what record() stores (masked, sealed), in bulk
            received_at=at, message_id=f"m{i}", post_token=post, conversation=f"{post}:{buyer}", sender_role="buyer",
            message_type=kind, text=text, outcome=outcome, rule="price" if answered else None,
            reply="قیمت ۴۵ میلیون تومان است." if answered else None, divar_status=200 if outcome == "replied" else None,
            latency_ms=300 + (i * 37) % 2000, detail="failed:http_503 after 6 attempt(s)" if outcome == "failed:gave_up" else None,
            message=message_json(f"m{i}", post, buyer, text, at) if outcome.startswith("failed:") else None,
        )))  # fmt: skip
    for start in range(0, len(rows), batch):
        with store.engine.begin() as conn:
            from responder.store import replies

            conn.execute(replies.insert(), rows[start : start + batch])
    for post in POSTS:
        store.save_post(post, status="active", last_message_at=now)


def row(message_id: str, outcome: str = "replied", **values: object) -> LogRow:
    base: dict[str, object] = dict(
        received_at=datetime.now(timezone.utc), message_id=message_id, post_token="gZd7omnS", conversation="gZd7omnS:buyer-1",
        sender_role="buyer", message_type="TEXT", text="قیمتش چنده؟", outcome=outcome,
    )  # fmt: skip
    base.update(values)
    return LogRow(**base)  # type: ignore[arg-type]
