"""Today at a glance: counts, reply rate, failures by reason, hits per rule, latency.

Pure: it takes the day's ``(outcome, rule, latency_ms, received_at)`` figures
(:meth:`Store.day_figures`) and returns numbers, so the console page and ``responder
stats`` say the same thing.  Only buyers' messages count: the seller's own messages and
echoes are not questions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from responder.console.persian import tehran

ANSWERED = ("replied", "dry_run")


@dataclass(frozen=True)
class Summary:
    messages: int
    replies: int
    no_match: int
    held: Counter[str]  # skipped:<why> → count
    failures: Counter[str]  # failed:<why> → count
    rules: Counter[str]  # rule → replies
    hours: list[int]  # messages per Tehran hour, 0-23
    latency_p50: int | None  # ms from the webhook's receipt to the logged reply
    latency_p95: int | None

    @property
    def reply_rate(self) -> float | None:
        return self.replies / self.messages if self.messages else None


def percentile(sorted_values: list[int], fraction: float) -> int | None:
    """Nearest-rank percentile (no interpolation: a value that was really measured)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def summarize(figures: Iterable[tuple[str, str | None, int | None, datetime]]) -> Summary:
    messages = replies = no_match = 0
    held: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    hours = [0] * 24
    latencies: list[int] = []
    for outcome, rule, latency, received_at in figures:
        messages += 1
        hours[tehran(received_at).hour] += 1
        if outcome in ANSWERED:
            replies += 1
            if rule:
                rules[rule] += 1
            if latency is not None:
                latencies.append(latency)
        elif outcome == "no_match":
            no_match += 1
        elif outcome.startswith("failed:"):
            failures[outcome] += 1
        else:
            held[outcome] += 1
    latencies.sort()
    return Summary(messages, replies, no_match, held, failures, rules, hours,
                   percentile(latencies, 0.5), percentile(latencies, 0.95))  # fmt: skip
