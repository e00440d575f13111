"""A second-stage decision for the keyword answers the agreement gate vetoes, measured nested.

    python bench/stack_cv.py [--cache DIR] [--leave-out train26,train27] [--bars 0.6,0.7,0.8,0.9]

The gate (a TF-IDF logistic model) reads the whole message; its P for the keyword's intent is where
right answers and the keyword's other senses overlap (bench/README.md, "gate5"). This reads each vetoed
keyword part with what that P does not see: which rule and which keyword fired (their track record on the
training folds' vetoed parts, shrunk toward the rule's and the whole's), where the keyword is (first clause,
after «فقط», a conditional clause, a clause ending in «؟»), the message's length, P(intent), P(none), the
margin to the best other intent and how many intents are read, and decides with a small logistic model
(scikit-learn, as the gate) whether the veto is lifted.

**Nested.** The rows the second stage is fitted on are the training folds' vetoed parts, each read by a gate
that did not see its own line: for CV fold k, the gate fitted without folds k and j reads fold j's lines
(j ≠ k); fold k is scored by the usual fold gate and a second stage fitted on those rows only. Leave-out:
split s scored by the gate fitted on every other split, the second stage fitted on the other splits' rows,
read by ``--folds`` gates each fitted without one hash fold of them (3 gave the inner gates ~65 % of the lines,
as CV's pair gates see 60 %). Prints right / wrong / missed per category
for the gate as shipped and with the second stage at each bar (``gate_cv.score``: the same count).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gate_cv  # noqa: E402
from responder.corpus import SPLITS  # noqa: E402
from responder.engine import Engine, _vector_once  # noqa: E402
from responder.engine import gate as G  # noqa: E402
from responder.engine.gate_fit import cached_fit, request  # noqa: E402
from responder.engine.matcher import _asked, keyword_ending_at  # noqa: E402
from responder.engine.understand import clause_of  # noqa: E402
from responder.evaluate import DAYTIME, Message, Outcome, Situation, answer  # noqa: E402
from responder.text import fold  # noqa: E402

_IF = re.compile(r"(?:^| )(?:اگه|اگر|اگرچه|چنانچه|درصورتیکه|در صورتی که)(?: |$)")
NAMES = [
    "logit_p", "logit_none", "margin", "n_read", "n_parts", "log_words", "has_q", "clause_asked", "clause_only",
    "clause_first", "clause_if", "n_clauses", "weak", "rule_rate", "kw_rate", "log_kw_n",
]  # fmt: skip
SHRINK = 5.0  # pseudo-counts: a keyword's rate toward its rule's, a rule's toward all vetoed parts'


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def message(text: str) -> Message:
    return Message(
        id="x", post_token="EVAL", text=text, type="TEXT", role="buyer", sent_at=DAYTIME, source="legacy",
        sender_id="buyer", receiver_id="seller", category="",
    )  # fmt: skip


def reading(engine: Engine, parts, i: int, text: str, vector: dict[int, float]) -> tuple[list[float], str, str]:
    """The part's features but the track records (filled by :class:`Records`), its rule and keyword key."""
    gate = engine.gate
    part = parts[i]
    intent = part.rule.intent
    p = gate.agreement(intent, vector)
    none = gate.probability(G.NONE, vector)
    skip = {intent, G.NONE, *G.KIN.get(intent, ()), *engine._courtesy}
    others = [gate.probability(o, vector) for o in gate.weights if o not in skip]
    best = max(others, default=0.0)
    rd, every, _asked_ = _asked(text)
    position = part.position
    clause = clause_of(every, rd.word_at(position - 2)) if 0 < position < (1 << 30) else None
    words = rd.folded.split()
    clause_words = " ".join(words[clause.first : clause.last + 1]) if clause is not None else ""
    found = keyword_ending_at(part.rule, f" {fold(text)} ", position)
    keyword = found[0] if found else "·"
    row = [
        _logit(p), _logit(none), _logit(p) - _logit(best), float(sum(o >= 0.1 for o in others)), float(len(parts)),
        math.log(len(text.split())), float("؟" in text or "?" in text),
        float(clause.asked) if clause else 0.0, float(clause.only) if clause else 0.0,
        float(clause is not None and bool(every) and clause.first == every[0].first),
        float(bool(_IF.search(clause_words))), float(len(every)), float(part.rule.alone), 0.0, 0.0, 0.0,
    ]  # fmt: skip
    return row, part.rule.name, f"{part.rule.name}|{keyword}"


_ENGINES: dict = {}
_MATCHES: dict[tuple[str, str], tuple | None] = {}  # (category, text) → the best match's parts (gate-independent)


def engines_for(gate) -> dict[str, Engine]:
    """Per category one engine (rules/ + pack, router 0.95), built once; its gate swapped for ``gate``."""
    if not _ENGINES:
        _ENGINES.update(gate_cv.engines(gate, 0.95))
    for engine in _ENGINES.values():
        engine.gate = gate
    return _ENGINES


def best_parts(engine: Engine, category: str, text: str):
    """The parts of the matcher's best match (None: fallback, nothing, or not gated at all)."""
    key = (category, text)
    if key not in _MATCHES:
        found = None
        if engine._gated and G.long_enough(text):
            for match in engine.matcher.matches(message(text), Situation(DAYTIME, first_in_conversation=True)):
                if match.tier != "fallback":
                    found = match.parts or (match,)
                break
        _MATCHES[key] = found
    return _MATCHES[key]


def vetoed_parts(engine: Engine, category: str, text: str):
    """Per part the gate vetoes in the best match: (index, parts, vector); [] if none."""
    parts = best_parts(engine, category, text)
    if parts is None:
        return []
    vectors: dict = {}
    agreed = ORIGINAL(engine, parts, text, vectors)
    vector = vectors.get("")
    return [(i, parts, vector) for i, (p, kept) in enumerate(agreed) if p is not None and not kept]


class Records:
    """Track records of rules and keywords on the vetoed training parts (right = the part's intent labelled)."""

    def __init__(self, rows: list[tuple[list[float], str, str, int]]) -> None:
        self.rule = defaultdict(lambda: [0, 0])
        self.kw = defaultdict(lambda: [0, 0])
        for _f, rule, kw, y in rows:
            self.rule[rule][0] += y
            self.rule[rule][1] += 1
            self.kw[kw][0] += y
            self.kw[kw][1] += 1
        self.base = sum(r[3] for r in rows) / max(1, len(rows))

    def fill(self, row: list[float], rule: str, kw: str, own: int | None = None) -> list[float]:
        """``row`` with the track records; ``own`` (a training row's label) left out of its own counts."""
        r_hit, r_n = self.rule.get(rule, (0, 0))
        k_hit, k_n = self.kw.get(kw, (0, 0))
        if own is not None:
            r_hit, r_n, k_hit, k_n = r_hit - own, r_n - 1, k_hit - own, k_n - 1
        rule_rate = (r_hit + SHRINK * self.base) / (r_n + SHRINK)
        kw_rate = (k_hit + SHRINK * rule_rate) / (k_n + SHRINK)
        out = list(row)
        out[-3:] = [_logit(rule_rate), _logit(kw_rate), math.log1p(k_n)]
        return out


class Stack:
    """The second stage: a logistic model on the vetoed parts' readings."""

    def __init__(self, rows: list[tuple[list[float], str, str, int]], c: float = 1.0) -> None:
        import numpy
        from sklearn.linear_model import LogisticRegression

        self.records = Records(rows)
        x = numpy.array([self.records.fill(f, r, k, y) for f, r, k, y in rows])
        y = numpy.array([y for *_x, y in rows])
        self.mean, self.scale = x.mean(0), x.std(0) + 1e-9
        model = LogisticRegression(C=c, solver="liblinear", random_state=0).fit((x - self.mean) / self.scale, y)
        self.w = model.coef_[0] / self.scale
        self.b = float(model.intercept_[0] - (self.mean * self.w).sum())

    def prob(self, row: list[float], rule: str, kw: str) -> float:
        f = self.records.fill(row, rule, kw)
        return 1 / (1 + math.exp(-(self.b + sum(a * b for a, b in zip(self.w, f)))))


ORIGINAL = Engine._agreements
STACK: dict[int, tuple[Stack, float, bool]] = {}  # id(gate) → (second stage, bar, lone: only when no other question stands)
LOG: list = []


def patched(self, parts, text, vectors):
    out = ORIGINAL(self, parts, text, vectors)
    found = STACK.get(id(self.gate))
    if found is None:
        return out
    stack, bar, lone = found
    if lone and any(kept and p is not None for p, kept in out):
        return out  # another (gated) question of the message stands: leave the veto
    for i, (p, kept) in enumerate(out):
        if p is None or kept or (parts[i].rule.alone and SKIP_WEAK):
            continue
        row, rule, kw = reading(self, parts, i, text, _vector_once(self.gate, vectors, text, ""))
        if stack.prob(row, rule, kw) >= bar:
            out[i] = (p, True)
    return out


SKIP_WEAK = False
DUMP = ""
Engine._agreements = patched


def rows_of(gate, lines: list[tuple[str, str, tuple[str, ...]]]) -> list[tuple[list[float], str, str, int]]:
    """The vetoed parts of ``lines`` ((category, text, labels)) read by ``gate``, each with its label."""
    engines = engines_for(gate)
    out = []
    for category, text, labels in lines:
        engine = engines[category]
        for i, parts, vector in vetoed_parts(engine, category, text):
            row, rule, kw = reading(engine, parts, i, text, vector)
            intent = parts[i].rule.intent
            out.append((row, rule, kw, int(intent in labels)))
    return out


def measure(title: str, jobs, bars: list[float], c: float) -> None:
    """``jobs``: per scoring unit (gate, training rows, scored cases by category). Prints the table: the
    shipped gate's outcome of every line, and per bar that of the lines a rescued part changes."""
    results: dict[str, dict] = {"gate (shipped)": {}, **{f"{mode} {bar:g}": {} for mode in ("stack", "lone") for bar in bars}}
    changed: Counter = Counter()
    dump = []
    for gate, rows, test in jobs:
        stack = Stack(rows, c)
        tests = []
        engines = engines_for(gate)
        STACK.pop(id(gate), None)
        for category, cases in test.items():
            engine = engines[category]
            base = {case.text: Outcome(case, *answer(engine, case.text)) for case in cases}
            best = {}
            for case in cases:
                read = [(reading(engine, parts, i, case.text, vector), parts[i].rule.intent)
                        for i, parts, vector in vetoed_parts(engine, category, case.text)
                        if not (SKIP_WEAK and parts[i].rule.alone)]
                probs = [stack.prob(*r) for r, _intent in read]
                if read:
                    o = base[case.text]
                    tests.append((category, case.text, case.labels, [(*r, intent, int(intent in case.labels)) for r, intent in read], o.right, bool(o.wrong)))
                if probs:
                    best[case.text] = max(probs)
            for name in results:
                bar = float(name.split()[1]) if name.startswith(("stack", "lone")) else None
                row = results[name].setdefault(category, [0, 0, 0, 0])
                for case in cases:
                    o = base[case.text]
                    if bar is not None and best.get(case.text, 0.0) >= bar:
                        STACK[id(gate)] = (stack, bar, name.startswith("lone"))
                        o2 = Outcome(case, *answer(engine, case.text))
                        STACK.pop(id(gate), None)
                        if (o2.right, bool(o2.wrong)) != (o.right, bool(o.wrong)):
                            changed[(name, category, "right" if o.right else "wrong" if o.wrong else "missed", "right" if o2.right else "wrong" if o2.wrong else "missed")] += 1
                            if o2.wrong and not o.wrong:
                                LOG.append((name, category, case.text, ",".join(case.labels), ",".join(o2.answered)))
                        o = o2
                    row[0] += o.right
                    row[1] += bool(o.wrong)
                    row[2] += not o.right and not o.wrong
                    row[3] += 1
        dump.append((rows, tests))
        print(f"  fitted on {len(rows)} vetoed parts ({sum(r[3] for r in rows)} right); weights (per sd) "
              + ", ".join(f"{n} {w:+.2f}" for n, w in zip(NAMES, stack.w * stack.scale)), flush=True)
    gate_cv.table(title, results, counts=True)
    for key, n in sorted(changed.items()):
        print("  ", *key, n)
    if DUMP:
        import pickle

        Path(DUMP).write_bytes(pickle.dumps(dump))
    Path("/tmp/stack/new_wrong.tsv").write_text("\n".join("\t".join(x) for x in LOG) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default="/tmp/stack/cache")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--leave-out", default="")
    parser.add_argument("--bars", default="0.6,0.7,0.8,0.9")
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--skip-weak", action="store_true")
    parser.add_argument("--dump", default="", help="pickle each job's training rows and scored vetoed parts here")
    args = parser.parse_args()
    global SKIP_WEAK, DUMP
    SKIP_WEAK, DUMP = args.skip_weak, args.dump
    bars = [float(b) for b in args.bars.split(",")]
    cache = Path(args.cache)
    started = time.time()

    def fit(cases):
        return cached_fit(request(cases), cache)

    tagged = gate_cv.tagged_corpus(SPLITS)
    every = [(split, cat, case) for cat, items in tagged.items() for split, case in items]
    if args.leave_out:
        jobs = []
        for held in args.leave_out.split(","):
            rest = [(cat, case) for split, cat, case in every if split != held]
            outer = fit([(c.text, c.labels) for _cat, c in rest])
            rows = []
            for j in range(args.folds):
                inner = fit([(c.text, c.labels) for _cat, c in rest if gate_cv.fold_of(c.text, args.folds) != j])
                rows += rows_of(inner, [(cat, c.text, c.labels) for cat, c in rest if gate_cv.fold_of(c.text, args.folds) == j])
            test = defaultdict(list)
            for split, cat, case in every:
                if split == held:
                    test[cat].append(case)
            jobs.append((outer, rows, test))
            print(f"{held}: {len(rows)} rows, {time.time() - started:.0f} s", flush=True)
        measure(f"leave-out {args.leave_out}", jobs, bars, args.c)
        return
    fold = {id(case): gate_cv.fold_of(case.text, args.folds) for _s, _c, case in every}
    jobs = []
    pair_rows: dict[tuple[int, int], list] = {}
    for k in range(args.folds):
        outer = fit([(c.text, c.labels) for _s, _c, c in every if fold[id(c)] != k])
        rows = []
        for j in range(args.folds):
            if j == k:
                continue
            inner = fit([(c.text, c.labels) for _s, _c, c in every if fold[id(c)] not in (k, j)])
            key = (k, j)
            pair_rows[key] = rows_of(inner, [(cat, c.text, c.labels) for _s, cat, c in every if fold[id(c)] == j])
            rows += pair_rows[key]
        test = defaultdict(list)
        for _s, cat, case in every:
            if fold[id(case)] == k:
                test[cat].append(case)
        jobs.append((outer, rows, test))
        print(f"fold {k}: {len(rows)} rows, {time.time() - started:.0f} s", flush=True)
    measure(f"CV ({args.folds}-fold), nested second stage", jobs, bars, args.c)


if __name__ == "__main__":
    main()
