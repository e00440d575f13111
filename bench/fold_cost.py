"""What folding costs per text, first sight and warm: the kept tokens of responder.text measured.

    python bench/fold_cost.py [TREE]   # TREE: a checkout to measure (default: this one)

Thread time, best of 5. `fold` over every line of responder/corpus/*/*.tsv in file order:
«cold» (the stores emptied before each line: every token new), «first pass» (emptied once, then
the lines as they come), «warm» (again); `fold_marked` over bench/engine_bench.py's 1,000 messages,
warm. A tree without kept tokens (before 2026-11-26) costs the same in all three.
"""

from __future__ import annotations

import glob
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path


def main(repo: str) -> None:
    sys.path[:0] = [repo, str(Path(repo) / "bench")]  # that tree's code
    import engine_bench as eb
    from responder import text as T

    lines = [line.split("\t")[0] for path in sorted(glob.glob(f"{repo}/responder/corpus/*/*.tsv"))
             for line in Path(path).read_text(encoding="utf-8").splitlines()[1:] if line.strip()]  # fmt: skip
    stores = [*getattr(T, "_TOKENS", ()), *getattr(T, "_WORDS", ()), getattr(T, "_MARKED", {})]

    def empty() -> None:
        for store in stores:
            store.clear()

    def timed(texts: list[str], fn: Callable[[str], object], before: Callable[[], None] = lambda: None) -> float:
        started = time.thread_time()
        for text in texts:
            before()
            fn(text)
        return (time.thread_time() - started) / len(texts) * 1e6

    def best(run: Callable[[], float]) -> float:
        return min(run() for _ in range(5))

    cold = best(lambda: timed(lines, T.fold, empty)) - best(lambda: timed(lines, lambda _t: None, empty))  # less the emptying
    first = best(lambda: (empty(), timed(lines, T.fold))[1])
    warm = best(lambda: timed(lines, T.fold))
    messages = eb.corpus_texts(random.Random(eb.SEED))
    timed(messages, T.fold_marked)
    marked = best(lambda: timed(messages, T.fold_marked))
    print(f"{repo}: fold µs per line over {len(lines):,} corpus lines: cold {cold:.2f}, first pass {first:.2f}, warm {warm:.2f}; "
          f"fold_marked µs per bench message (warm) {marked:.2f}")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parent.parent))
