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
    replies: int  # sent to Divar and accepted ("replied")
    dry_runs: int  # rendered and logged, not sent (no DIVAR_API_KEY): never counted as replies
    no_match: int
    held: Counter[str]  # skipped:<why> → count
    failures: Counter[str]  # failed:<why> → count
    rules: Counter[str]  # rule → replies
    hours: list[int]  # messages per Tehran hour, 0-23 (Tehran keeps no daylight saving time)
    latency_p50: int | None  # ms from the webhook's receipt to the logged reply
    latency_p95: int | None

    @property
    def reply_rate(self) -> float | None:
        """Replies Divar accepted per buyer message: a dry run sent nothing, so it does not count."""
        return self.replies / self.messages if self.messages else None


def percentile(histogram: list[tuple[int, int]], fraction: float) -> int | None:
    """Nearest-rank percentile of ``(value, count)`` pairs in ascending order (no
    interpolation: a value that was really measured)."""
    total = sum(count for _, count in histogram)
    if not total:
        return None
    rank, seen = max(1, math.ceil(fraction * total)), 0
    for value, count in histogram:
        seen += count
        if seen >= rank:
            return value
    raise AssertionError("unreachable: the ranks add up to the total")


def summarize(figures: DayFigures) -> Summary:
    messages = replies = dry_runs = no_match = 0
    held: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for outcome, rule, count in figures.groups:
        messages += count
        if outcome in ANSWERED:  # rule hits count both: the rule fired either way
            if outcome == "replied":
                replies += count
            else:
                dry_runs += count
            if rule:
                rules[rule] += count
        elif outcome == "no_match":
            no_match += count
        elif outcome.startswith("failed:"):
            failures[outcome] += count
        else:
            held[outcome] += count
    return Summary(messages, replies, dry_runs, no_match, held, failures, rules, figures.buckets,
                   percentile(figures.latencies, 0.5), percentile(figures.latencies, 0.95))  # fmt: skip
