"""Today at a glance: counts, reply rate, failures by reason, hits per rule, latency.

Pure: it takes the day's figures, counted in SQL (:meth:`Store.day_figures`), and
returns numbers, so the console page and ``responder
stats`` say the same thing.  Only buyers' messages count: the seller's own messages and
echoes are not questions.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from responder.store import ANSWERED, DayFigures


@dataclass(frozen=True)
class Summary:
    messages: int
    replies: int
    no_match: int
    held: Counter[str]  # skipped:<why> → count
    failures: Counter[str]  # failed:<why> → count
    rules: Counter[str]  # rule → replies
    hours: list[int]  # messages per Tehran hour, 0-23 (Tehran keeps no daylight saving time)
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


def summarize(figures: DayFigures) -> Summary:
    messages = replies = no_match = 0
    held: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for outcome, rule, count in figures.groups:
        messages += count
        if outcome in ANSWERED:
            replies += count
            if rule:
                rules[rule] += count
        elif outcome == "no_match":
            no_match += count
        elif outcome.startswith("failed:"):
            failures[outcome] += count
        else:
            held[outcome] += count
    return Summary(messages, replies, no_match, held, failures, rules, figures.buckets,
                   percentile(figures.latencies, 0.5), percentile(figures.latencies, 0.95))  # fmt: skip
