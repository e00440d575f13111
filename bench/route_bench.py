"""CPU cost of the router on the messages it reads, and its dot products against the pure-Python baseline.

    python bench/route_bench.py [--repeat 5]

Messages: every corpus line (responder/corpus) that only the fallback (or nothing) answers with the
gate off and that has three words or more, matched against rules/ plus the vehicles pack: the messages
``Engine.route_verdict`` reads in the worker. Prints µs per such message for the whole verdict, and for
the route intents' P computed one at a time in pure Python (``probability``, the baseline) against all
at once (``probabilities_of``, NumPy, in place), in the same run (best of ``--repeat`` CPU times).
Issue 10: example matching adds at most 100 µs per message that reaches it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from responder.corpus import files, read_corpus  # noqa: E402
from responder.engine import Engine, Situation  # noqa: E402
from responder.evaluate import load_rules  # noqa: E402
from responder.events import Message  # noqa: E402


def message(text: str) -> Message:
    return Message(
        id="m", post_token="P", text=text, type="TEXT", role="buyer", sent_at=datetime(2024, 1, 3, tzinfo=timezone.utc),
        source="legacy", sender_id="b", receiver_id="s", category="", title="",
    )  # fmt: skip


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rules = load_rules([ROOT / "rules", ROOT / "packs" / "vehicles"]).rules
    engine, keywords_only = Engine(rules), Engine(rules, gate=False)
    situation = Situation(datetime(2024, 1, 3, 9, 0, tzinfo=timezone.utc))
    texts = [case.text for path in files() for case in read_corpus(path)]
    reached = [
        text for text in texts
        if len(text.split()) >= 3 and all(m.tier == "fallback" for m in keywords_only.matches(message(text), situation))
    ]  # fmt: skip
    gate, routes = engine.gate, list(engine._routes)
    assert gate is not None and routes, "the router needs the shipped gate and intent rules"
    vectors = [gate.vector(text) for text in reached]
    n = len(reached)
    verdict = best_of(args.repeat, lambda: [engine.route_verdict(text, explain=False) for text in reached]) / n * 1e6
    python = best_of(args.repeat, lambda: [[gate.probability(i, v) for i in routes] for v in vectors]) / n * 1e6
    numpy = best_of(args.repeat, lambda: [gate.probabilities_of(routes, v) for v in vectors]) / n * 1e6
    print(f"{n:,} of {len(texts):,} corpus lines reach the router ({len(routes)} route intents)")
    print(f"route_verdict: {verdict:.1f} µs per message it reads  [{'PASS' if verdict <= 100 else 'FAIL'}: at most 100 µs]")
    print(f"P of the route intents: pure Python {python:.1f} µs, NumPy {numpy:.1f} µs ({python / numpy:.1f}x)")


if __name__ == "__main__":
    main()
