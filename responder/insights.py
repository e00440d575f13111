"""What the reply log says about the rules: unanswered questions, and what an edit would change.

Pure functions over :class:`responder.store.LogRow` (read through the Store, which may
keep the text encrypted at rest) and an :class:`Engine`; the commands in
:mod:`responder.seller_tools` and the console's pages show them.

* :func:`unanswered_questions`: buyer messages that only the fallback answered, or nothing
  (selected by :meth:`Store.unanswered_rows <responder.store.console.LogReads.unanswered_rows>`),
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

    @property
    def count(self) -> int:
        return sum(self.texts.values())


def _unit(text: str) -> dict[str, float]:
    counts = grams(fold(text))
    norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
    return {g: c / norm for g, c in counts.items()}


def fallback_rules(engine: Engine | None) -> set[str]:
    """Names of the rules that answer only when nothing else does (none while rules never loaded)."""
    return {rule.name for rule in engine.ruleset.rules if rule.fallback} if engine is not None else set()


def unanswered_questions(rows: list[LogRow]) -> tuple[list[Group], int]:
    """Rows as :meth:`Store.unanswered_rows <responder.store.console.LogReads.unanswered_rows>`
    selects them (newest first) grouped into questions, and how many messages were grouped.

    Read oldest first, so a group's first message is the first time it was asked; rows
    whose text retention already cleared are left out.
    """
    texts = [row.text for row in reversed(rows) if row.text.strip()]
    return group_unanswered(texts), len(texts)


def group_unanswered(texts: list[str], threshold: float = SAME_QUESTION) -> list[Group]:
    """Messages grouped greedily by similarity to each group's first message; biggest first.

    Each group's first message (its face) goes into an inverted index from n-gram to
    groups, so a message is compared only with the groups it shares an n-gram with, and
    the same text is weighed once however often buyers sent it: thousands of messages
    group in well under a second (comparing every message with every group took 8 s for
    2,000).
    """
    groups: list[Group] = []
    postings: dict[str, list[tuple[int, float]]] = {}
    placed: dict[str, int] = {}  # text -> its group
    for text in texts:
        index = placed.get(text)
        if index is None:
            vector = _unit(text)
            totals: dict[int, float] = {}
            get = totals.get
            for gram, weight in vector.items():
                for group, other in postings.get(gram, ()):
                    totals[group] = get(group, 0.0) + weight * other
            best = max(totals, key=lambda g: (totals[g], -g), default=None)  # the oldest group on a tie
            if best is not None and totals[best] >= threshold:
                index = best
            else:
                index = len(groups)
                groups.append(Group())
                for gram, weight in vector.items():
                    postings.setdefault(gram, []).append((index, weight))
            placed[text] = index
        groups[index].texts[text] += 1
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
