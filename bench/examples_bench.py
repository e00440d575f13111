"""What example routing (``examples:``, the similarity tier) costs per message that reaches it.

Builds an example index of 50, 200 and 700 examples (buyer messages of the dev corpus,
responder/corpus/eval, spread over 20 rules) and times ``ExampleIndex.route`` on 500 other
messages of the corpus, best of N, CPU time of this process (the machine is shared).
A message reaches this tier only when no keyword (exact or typo) matched.

    python bench/examples_bench.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from responder.engine.similar import ExampleIndex  # noqa: E402
from responder.text import fold  # noqa: E402


def corpus() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "responder" / "corpus" / "eval").glob("*.tsv")):
        texts += [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return list(dict.fromkeys(texts))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    texts = corpus()
    queries = [fold(t) for t in texts[:500]]
    pool = texts[500:] + texts[:500]
    print(f"{len(texts)} corpus messages; {len(queries)} queries; best of {args.repeats}, CPU time")
    print("| examples | µs per message | build ms |")
    print("|---:|---:|---:|")
    for size in (50, 200, 700):
        started = time.process_time()
        index = ExampleIndex([(i % 20, text) for i, text in enumerate(pool[:size])], 0.8)
        build = (time.process_time() - started) * 1000
        best = float("inf")
        for _ in range(args.repeats):
            started = time.process_time()
            for query in queries:
                index.route(query)
            best = min(best, (time.process_time() - started) / len(queries))
        print(f"| {size} | {best * 1e6:.1f} | {build:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
