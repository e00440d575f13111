"""What the reply log says about the rules: unanswered questions, and what an edit would change.

Pure functions over :class:`responder.store.LogRow` (read through the Store, which may
keep the text encrypted at rest) and an :class:`Engine`; the commands in
:mod:`responder.seller_tools` print them.

* :func:`group_unanswered`: buyer messages that only the fallback answered, or nothing,
  grouped by similarity (character n-gram cosine, as example routing) and counted, most
  frequent first: the questions worth a rule.
* :func:`replay`: logged buyer messages run against the current rules; each whose rule or
  reply would change, before and after.  Throttles are not replayed (a fresh conversation
  each), nor post conditions the log does not keep (category, title).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from responder.engine import Engine, RenderError, Situation
from responder.engine.similar import grams
from responder.events import Message
from responder.store import ANSWERED, LogRow
from responder.text import fold

SAME_QUESTION = 0.5  # cosine similarity at which two messages count as one question


@dataclass
class Group:
    texts: Counter[str] = field(default_factory=Counter)
    vector: dict[str, float] = field(default_factory=dict)  # of the first message: the group's face

    @property
    def count(self) -> int:
        return sum(self.texts.values())


def _unit(text: str) -> dict[str, float]:
    counts = grams(fold(text))
    norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
    return {g: c / norm for g, c in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(g, 0.0) for g, w in a.items())


def unanswered(rows: list[LogRow], fallback_rules: set[str]) -> list[str]:
    """Texts of buyer messages that got only a fallback reply or none."""
    return [
        r.text for r in rows
        if r.sender_role == "buyer" and r.message_type == "TEXT" and r.text.strip()
        and (r.outcome == "no_match" or (r.outcome in ANSWERED and r.rule in fallback_rules))
    ]  # fmt: skip


def group_unanswered(texts: list[str], threshold: float = SAME_QUESTION) -> list[Group]:
    """Messages grouped greedily by similarity to each group's first message; biggest first."""
    groups: list[Group] = []
    for text in texts:
        vector = _unit(text)
        best = max(groups, key=lambda g: _cosine(vector, g.vector), default=None)
        if best is not None and _cosine(vector, best.vector) >= threshold:
            best.texts[text] += 1
        else:
            groups.append(Group(Counter({text: 1}), vector))
    return sorted(groups, key=lambda g: -g.count)


@dataclass(frozen=True)
class Change:
    row: LogRow
    rule: str | None  # now
    reply: str | None


def replay(engine: Engine, rows: list[LogRow]) -> tuple[list[Change], int]:
    """The logged buyer messages whose answer would change, and how many were replayed."""
    changes: list[Change] = []
    replayed = 0
    for row in rows:
        if row.sender_role != "buyer" or not (row.outcome in ANSWERED or row.outcome == "no_match"):
            continue
        replayed += 1
        message = Message(
            id=row.message_id, post_token=row.post_token, text=row.text, type=row.message_type, role="buyer",
            sent_at=row.received_at, source="legacy", conversation_id=row.conversation,
        )  # fmt: skip
        rule, text = None, None
        first = next(iter(engine.matches(message, Situation(row.received_at))), None)
        if first is not None:
            try:
                reply = engine.render(first, message, row.received_at)
                rule, text = reply.rule, reply.text
            except RenderError as exc:
                rule, text = "+".join(r.name for r in first.rules), f"(would fail to render: {exc})"
        if (rule, text) != (row.rule, row.reply):
            changes.append(Change(row, rule, text))
    return changes, replayed
