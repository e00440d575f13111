"""What checking ``examples:`` for another rule answering them costs (``Engine.example_conflicts``):
what ``responder check`` warns of, and what the reloader checks at each edit up to
``reloader.EXAMPLE_CHECK_LIMIT`` examples.

Builds rule sets of 100 to 3,000 examples (distinct buyer messages of the shipped corpus,
5 per rule, each rule declaring the intent of its first example, with its own keyword) and
times loading + compiling them and checking their examples, best of N, CPU time of this
process (the machine is shared).

    python bench/example_check_bench.py [--repeats 3] [--sizes 100,200,500,1000,3000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from responder.corpus import files, read_corpus  # noqa: E402
from responder.engine import Engine, load_texts  # noqa: E402


def rule_file(examples: int) -> str:
    seen: dict[str, str] = {}
    for path in files():
        for case in read_corpus(path):
            if len(case.labels) == 1 and len(case.text.split()) >= 3 and '"' not in case.text:
                seen.setdefault(case.text, next(iter(case.labels)))
    texts = list(seen.items())[:examples]
    if len(texts) < examples:
        raise SystemExit(f"the corpus has only {len(texts)} usable messages")
    rules = []
    for i in range(0, examples, 5):
        chunk = texts[i : i + 5]
        rules.append(f"  - name: r{i}\n    intent: {chunk[0][1]}\n    keywords: [کلمه{i}]\n"
                     f"    examples: {json.dumps([t for t, _ in chunk], ensure_ascii=False)}\n    reply: پاسخ {i}\n")  # fmt: skip
    return "rules:\n" + "".join(rules) + "  - name: fallback\n    fallback: true\n    reply: ممنون\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="100,200,500,1000,3000")
    args = parser.parse_args()
    now = datetime.now(timezone.utc)
    print(f"best of {args.repeats}, CPU time")
    print("| examples | load + compile ms | example check ms | warnings |")
    print("|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        text = rule_file(size)
        load = check = float("inf")
        warnings = 0
        for _ in range(args.repeats):
            started = time.process_time()
            engine = Engine(load_texts([("bench.yaml", text)]).rules)
            loaded = time.process_time()
            warnings = len(engine.example_conflicts(now))
            load, check = min(load, loaded - started), min(check, time.process_time() - loaded)
        print(f"| {size:,} | {load * 1000:.0f} | {check * 1000:.0f} | {warnings} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
