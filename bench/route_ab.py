"""Two trees' ``Engine.route_verdict`` in one process, interleaved: a speed ratio a loaded machine does not skew.

    python bench/route_ab.py /tmp/before . [ROUNDS]

route_bench's messages (corpus lines only the fallback answers, three words or more; rules/ plus the vehicles
pack), each tree's engine built from its own code (its ``responder`` imported apart), both warmed once and checked
to give the same verdicts; then slices of 500 messages timed in turn, A then B or B then A, ``ROUNDS`` times (5), the
best time of each slice kept. When other jobs share the CPU, two separate runs of route_bench differ by ±20 %;
slices a fraction of a second apart see the same load (bench/README.md, "speed3").
"""
from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path



def load(repo: str) -> tuple:
    """That tree's engines (router on, and keywords only) and the names route_bench uses, from its own code."""
    for name in [m for m in sys.modules if m == "responder" or m.startswith("responder.")]:
        del sys.modules[name]
    sys.path.insert(0, repo)
    from responder.engine import Engine, Situation
    from responder.evaluate import load_rules
    from responder.events import Message
    from responder.corpus import files, read_corpus
    sys.path.remove(repo)
    rules = load_rules([Path(repo) / "rules", Path(repo) / "packs" / "vehicles"]).rules
    return Engine(rules), Engine(rules, gate=False), Situation, Message, files, read_corpus

A = load(sys.argv[1]); B = load(sys.argv[2])
eng, kw, Situation, Message, files, read_corpus = A
situation = Situation(datetime(2024, 1, 3, 9, 0, tzinfo=timezone.utc))
def message(text):
    return Message(id="m", post_token="P", text=text, type="TEXT", role="buyer", sent_at=datetime(2024, 1, 3, tzinfo=timezone.utc),
                   source="legacy", sender_id="b", receiver_id="s", category="", title="")
texts = [c.text for p in files() for c in read_corpus(p)]
reached = [t for t in texts if len(t.split()) >= 3 and all(m.tier == "fallback" for m in kw.matches(message(t), situation))]
print(len(reached), "messages reach the router")
ea, eb = A[0], B[0]
for e in (ea, eb):  # warm the word caches, as route_bench's best-of-7 does
    [e.route_verdict(t, explain=False) for t in reached]
assert [ea.route_verdict(t) for t in reached] == [eb.route_verdict(t) for t in reached]
size = 500
slices = [reached[i:i + size] for i in range(0, len(reached), size)]
ta, tb = [0.0] * len(slices), [0.0] * len(slices)
ratios = []
for rnd in range(int(sys.argv[3]) if len(sys.argv) > 3 else 5):
    for k, s in enumerate(slices):
        for which, e in ((0, ea), (1, eb)) if (rnd + k) % 2 == 0 else ((1, eb), (0, ea)):
            st = time.process_time(); [e.route_verdict(t, explain=False) for t in s]; d = time.process_time() - st
            (ta if which == 0 else tb)[k] = min((ta if which == 0 else tb)[k] or 9e9, d)
a, b = sum(ta) / len(reached) * 1e6, sum(tb) / len(reached) * 1e6
print(f"baseline {a:.1f} µs, speed3 {b:.1f} µs per message (best slice of each), ratio {b / a:.3f}")
print("per-slice ratio median", round(statistics.median(y / x for x, y in zip(ta, tb)), 3))
