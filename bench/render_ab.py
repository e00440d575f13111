"""Two trees' ``Engine.first_reply`` in one process, interleaved: a render speed ratio a loaded machine does not skew.

    python bench/render_ab.py /tmp/before . [ROUNDS] [KEYWORDS | corpus]

engine_bench's 1,000 seeded messages and its rules at KEYWORDS keywords (1,000); or, with ``corpus``, every
corpus line with the shipped rules/ and the vehicles pack, replies rendered with a post's facts (as the worker
does: the shipped price replies quote ``post.price`` when Divar gives it). Each tree's engine is built from its own code (its
``responder`` imported apart) and checked to give the same reply text for every message; then slices of 100
messages are timed in turn, A then B or B then A, ``ROUNDS`` times (7), the best time of each slice kept, for
the reply (match+render), ``next(matches())`` (normalize+match) and the render alone (of the first match,
found before timing). Same method as route_ab.py (bench/README.md, "speed3", "render2"). The harness favours one
side (main against main: reply B/A ~0.92, match B/A ~1.06): run it both ways and take the two ratios' geometric mean.
"""
from __future__ import annotations

import gc
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


FACTS = {"city": "تهران", "district": "ونک", "price": 45_000_000, "title": "پژو ۲۰۶ تیپ ۲", "category": "light"}


def load(repo: str, keywords: str) -> tuple[Any, Any, list[Any]]:
    """That tree's engine on engine_bench's rules (or the shipped ones), its Situation and its messages, from its own code."""
    for name in [m for m in sys.modules if m == "responder" or m.startswith("responder.") or m == "engine_bench"]:
        del sys.modules[name]
    sys.path[:0] = [repo, str(Path(repo) / "bench")]
    import engine_bench as bench
    from responder.corpus import files, read_corpus
    from responder.engine import Engine, Situation, load_texts
    from responder.evaluate import load_rules

    del sys.path[:2]
    if keywords == "corpus":
        rules = load_rules([Path(repo) / "rules", Path(repo) / "packs" / "vehicles"]).rules
        texts = [c.text for p in files() for c in read_corpus(p)]
        return Engine(rules), Situation(datetime(2024, 1, 3, 9, 0, tzinfo=timezone.utc), first_in_conversation=True), bench.messages(texts)
    import random

    rng = random.Random(bench.SEED)
    texts = bench.corpus_texts(rng)
    pool = bench.random_keywords(rng, max(bench.SIZES), texts)
    loaded = load_texts(bench.rule_files(bench.keyword_set(int(keywords), pool), typos=False))
    assert loaded.ok, loaded.problems[:3]
    situation = Situation(now=datetime(2026, 11, 25, 10, 30, tzinfo=timezone.utc))
    return Engine(loaded.rules), situation, bench.messages(texts)


def timed(slices: list[list[Any]], work: dict[str, Any], rounds: int) -> dict[str, list[float]]:
    """Best process time of each slice for each named function, the order alternating by round and slice."""
    best = {name: [9e9] * len(slices) for name in work}
    names = list(work)
    for rnd in range(rounds):
        for k, chunk in enumerate(slices):
            for name in names if (rnd + k) % 2 == 0 else names[::-1]:
                fn = work[name]
                start = time.process_time()
                for m in chunk:
                    fn(m)
                best[name][k] = min(best[name][k], time.process_time() - start)
    return best


def main() -> None:
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    keywords = sys.argv[4] if len(sys.argv) > 4 else "1000"
    (ea, sa, msgs_a), (eb, sb, msgs_b) = load(sys.argv[1], keywords), load(sys.argv[2], keywords)
    assert [m.text for m in msgs_a] == [m.text for m in msgs_b]
    facts = FACTS if keywords == "corpus" else None

    def replier(engine: Any, situation: Any) -> Any:
        def reply(message: Any, match: Any = None) -> tuple[str, str]:
            try:
                if match is None and facts is None:  # what engine_bench times
                    found = engine.first_reply(message, situation)
                else:
                    found = engine.render(match or next(engine.matches(message, situation)), message, situation.now, facts)
            except Exception as exc:  # RenderError: a rule lacking a var, the same in both trees
                return "", f"{type(exc).__name__}: {exc}"
            return found.rule, found.text

        return reply

    reply_a, reply_b = replier(ea, sa), replier(eb, sb)
    differ = sum(reply_a(a) != reply_b(b) for a, b in zip(msgs_a, msgs_b))
    print(f"{len(msgs_a):,} messages, {'shipped rules' if facts else keywords + ' keywords'}: replies differing {differ}")
    assert not differ
    first_a = {id(m): next(ea.matches(m, sa)) for m in msgs_a}
    first_b = {id(m): next(eb.matches(m, sb)) for m in msgs_a}
    work = {
        "A reply": reply_a,
        "B reply": reply_b,
        "A match": lambda m: next(ea.matches(m, sa), None),
        "B match": lambda m: next(eb.matches(m, sb), None),
        "A render": lambda m: reply_a(m, first_a[id(m)]),
        "B render": lambda m: reply_b(m, first_b[id(m)]),
    }
    size = 100
    gc.disable()
    best = timed([msgs_a[i : i + size] for i in range(0, len(msgs_a), size)], work, rounds)
    gc.enable()
    n = len(msgs_a)
    for what in ("match", "reply", "render"):
        a, b = best[f"A {what}"], best[f"B {what}"]
        print(f"{what:5s}: A {n / sum(a):9,.0f} msg/s, B {n / sum(b):9,.0f} msg/s (best slice of each), "
              f"B/A {sum(a) / sum(b):.3f}; per-slice median {statistics.median(x / y for x, y in zip(a, b)):.3f}")
    render_a = (sum(best["A reply"]) - sum(best["A match"])) / n * 1e6
    render_b = (sum(best["B reply"]) - sum(best["B match"])) / n * 1e6
    print(f"reply - match: A {render_a:.2f} µs, B {render_b:.2f} µs a message")


if __name__ == "__main__":
    main()
