"""CPU cost of the agreement gate: the same engine with and without it, in the same run.

    python bench/gate_bench.py [--repeat 7]

Messages: every line of the shipped corpus (responder/corpus), matched against rules/ plus
the vehicles pack; per message the best match is taken, as the worker does. Runs alternate
(gate off, gate on) and the best of ``--repeat`` CPU times is kept (the machine is shared).
Prints µs per message for both (and gate on reading the whole message only, as before branch
clausegate, and gate on without the lead, as before branch gate2), and the extra µs per *gated* message (one whose keyword
answer includes a declared-intent rule and has three words or more: the gate scores only those).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from responder.corpus import files, read_corpus  # noqa: E402
from responder.engine import Engine, Situation  # noqa: E402
from responder.engine import gate as gate_module  # noqa: E402
from responder.evaluate import load_rules  # noqa: E402
from responder.events import Message  # noqa: E402

NOW = datetime(2024, 6, 15, 8, 0, tzinfo=timezone.utc)


def run(engine: Engine, messages: list[Message]) -> float:
    situation = Situation(NOW)
    start = time.process_time()
    for message in messages:
        next(engine.matches(message, situation), None)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rules = load_rules([ROOT / "rules", ROOT / "packs" / "vehicles"]).rules
    off, on = Engine(rules, gate=False), Engine(rules)
    texts = [case.text for path in files() for case in read_corpus(path)]
    messages = [Message(id=str(i), post_token="P", text=t, type="TEXT", role="buyer", sent_at=NOW, source="legacy")
                for i, t in enumerate(texts)]  # fmt: skip
    gated = 0
    for message in messages:
        first = next(off.matches(message, Situation(NOW)), None)
        if first is not None and len(message.text.split()) >= gate_module.MIN_WORDS and any(
            id(r) in on._gated for r in first.rules
        ):
            gated += 1
    best_off = best_on = best_whole = best_nolead = float("inf")
    clause_bar, lead = gate_module.CLAUSE_THRESHOLD, gate_module.LEAD_NONE_RATIO
    for _ in range(args.repeat):
        best_off = min(best_off, run(off, messages))
        best_on = min(best_on, run(on, messages))
        gate_module.CLAUSE_THRESHOLD = None  # the whole message only (before branch clausegate)
        best_whole = min(best_whole, run(on, messages))
        gate_module.CLAUSE_THRESHOLD = clause_bar
        gate_module.LEAD_NONE_RATIO = None  # no lead rescue (before branch gate2)
        best_nolead = min(best_nolead, run(on, messages))
        gate_module.LEAD_NONE_RATIO = lead
    n = len(messages)
    print(f"{n} messages, {gated} gated ({gated / n:.0%}); load average {os.getloadavg()[0]:.1f}")
    print(f"gate off: {best_off / n * 1e6:.1f} µs/message")
    print(f"gate on:  {best_on / n * 1e6:.1f} µs/message ({best_on / best_off:.2f}× gate off)")
    print(f"extra per gated message: {(best_on - best_off) / max(gated, 1) * 1e6:.1f} µs; "
          f"per message on average: {(best_on - best_off) / n * 1e6:.1f} µs")  # fmt: skip
    print(f"gate on, whole message only (no clause read alone): {best_whole / n * 1e6:.1f} µs/message; "
          f"reading vetoed parts' questions costs {(best_on - best_whole) / n * 1e6:.1f} µs per message on average")  # fmt: skip
    print(f"gate on, no lead (IntentGate.leads off): {best_nolead / n * 1e6:.1f} µs/message; "
          f"the lead costs {(best_on - best_nolead) / n * 1e6:.1f} µs per message on average")  # fmt: skip


if __name__ == "__main__":
    main()
