"""The router's variants replayed offline: each line scored with the router off and with it always on.

    python bench/route_replay.py collect --out /tmp/replay.pkl [--leave-out A,B] [--cache DIR]
    python bench/route_replay.py show /tmp/cv.pkl /tmp/left-out.pkl

``collect`` fits the same gates as ``bench/gate_cv.py`` (the 5 CV folds, or one gate per ``--leave-out``
split; ``--cache`` shares gate_cv's fits) and, for every line, keeps its outcome with the router off and
with the router on at a bar of ~0 and no word minimum (what it would answer if it answered), plus what a
variant may read: the gate's P of every intent on the message's un-negated clauses, word count, and the
nearest training line (character 3/4-gram cosine, ``similar.ExampleIndex`` over the gate's own training
lines). A variant is a predicate over a routed line: where true the routed outcome counts, else the
outcome with the router off. ``show`` prints right / wrong / missed for the variants in :data:`VARIANTS`.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gate_cv  # noqa: E402

from responder.corpus import SPLITS  # noqa: E402
from responder.engine import gate as gate_module  # noqa: E402
from responder.engine.gate_fit import cached_fit, request  # noqa: E402
from responder.engine.similar import ExampleIndex  # noqa: E402
from responder.engine.understand import unnegated  # noqa: E402
from responder.evaluate import evaluate  # noqa: E402
from responder.text import fold, fold_marked  # noqa: E402

ALWAYS = 1e-9  # the router's bar when collecting: it answers whenever it has an intent


def outcome(o) -> dict:
    return {"answered": o.answered, "right": o.right, "wrong": bool(o.wrong), "tier": o.tier, "rules": o.rules}


def collect_context(name: str, train: list, test: dict, gate, rows: list) -> None:
    """Score ``test`` (category → cases) with ``gate`` fitted on ``train``; a row per line."""
    index = ExampleIndex([(i, text) for i, (text, _labels) in enumerate(train)], threshold=0.0)
    labels_of = [labels for _text, labels in train]
    gate.threshold = gate_module.DEFAULT_THRESHOLD
    off = gate_cv.engines(gate, 0.0)
    on = gate_cv.engines(gate, ALWAYS)
    for category, items in test.items():
        r_off = evaluate(off[category], items, category)
        r_on = evaluate(on[category], items, category)
        engine = on[category]
        for a, b in zip(r_off.outcomes, r_on.outcomes):
            row = {"context": name, "split": "", "category": category, "text": a.case.text,
                   "labels": a.case.labels, "off": outcome(a), "on": outcome(b)}  # fmt: skip
            if a.answered != b.answered:
                text = a.case.text
                asked = unnegated(fold_marked(text))
                vector = gate.vector(asked)
                row["p"] = {i: gate.probability(i, vector) for i in sorted(gate.weights)}
                whole = gate.vector(text)
                row["p_whole"] = {i: gate.probability(i, whole) for i in sorted(gate.weights)}
                row["route"] = engine.route(text)
                row["routable"] = sorted(engine._routes)
                row["words"] = len(text.split())
                row["asked"] = asked
                row["negated"] = asked != fold(text)
                near = index.nearest(fold(text), k=10)
                row["near"] = [(n.score, labels_of[n.rule]) for n in near]
            rows.append(row)


def collect(args) -> None:
    gate_module.ROUTE_MIN_WORDS = 1
    gate_module.MIN_WORDS = 3

    def fit(cases):
        return cached_fit(request(cases, 10.0, False), Path(args.cache) if args.cache else None)

    rows: list = []
    if args.leave_out:
        for split in args.leave_out.split(","):
            rest = tuple(s for s in SPLITS if s != split)
            train = [(c.text, c.labels) for items in gate_cv.corpus(rest).values() for c in items]
            held = gate_cv.corpus((split,))
            before = len(rows)
            collect_context(split, train, held, fit(train), rows)
            for row in rows[before:]:
                row["split"] = split
            print(split, len(rows) - before, file=sys.stderr)
    else:
        tagged = gate_cv.tagged_corpus(SPLITS)
        split_of = {}
        for cat, items in tagged.items():
            for s, c in items:
                split_of[(cat, c.text)] = s
        for k in range(args.folds):
            train, test = gate_cv.fold_cases(tagged, k, args.folds)
            before = len(rows)
            collect_context(f"fold{k}", train, test, fit(train), rows)
            for row in rows[before:]:
                row["split"] = split_of.get((row["category"], row["text"]), "")
            print(f"fold{k}", len(rows) - before, file=sys.stderr)
    Path(args.out).write_bytes(pickle.dumps(rows))


KIN = gate_module.KIN
COURTESY = ("greeting", "thanks")


def features(row: dict) -> dict | None:
    """What a variant reads of a line the router would answer: its intent's P, the runner-up's P (greeting,
    thanks and kin aside), P(none), whether a clause was negated, the word count. None if not routed."""
    if "p" not in row or not row["route"]:
        return None
    top, p = row["route"]
    aside = {top, gate_module.NONE, *KIN.get(top, ()), *COURTESY}
    runner = max((v for k, v in row["p"].items() if k not in aside), default=0.0)
    return {"top": top, "p": p, "runner": runner, "none": row["p"].get(gate_module.NONE, 0.0), "negated": row["negated"], "words": row["words"]}


def added(rows: list[dict], predicate) -> tuple[int, int]:
    """(right, wrong) lines the router adds over the router off, routing where ``predicate(features)``."""
    right = wrong = 0
    for row in rows:
        f = features(row)
        if f is not None and predicate(f):
            right += row["on"]["right"] - row["off"]["right"]
            wrong += row["on"]["wrong"] - row["off"]["wrong"]
    return right, wrong


def show(paths: list[str]) -> None:
    data = [(Path(p).name, pickle.loads(Path(p).read_bytes())) for p in paths]
    bars = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99)
    runners = (0.05, 0.1, 0.2, 0.3, None)
    for refuse in (True, False):
        print(f"\nright / wrong lines added ({' | '.join(n for n, _ in data)}); negated clause {'refused' if refuse else 'routed on the rest'}")
        print("  bar   " + "".join(f"{('runner-up < ' + str(r)) if r else 'no runner-up bar':>26}" for r in runners))
        for bar in bars:
            cells = []
            for runner in runners:
                def pred(f, bar=bar, runner=runner):
                    return f["p"] >= bar and f["words"] >= 3 and (runner is None or f["runner"] < runner) and not (refuse and f["negated"])
                cells.append(" | ".join("{:+d}/{:+d}".format(*added(rows, pred)) for _n, rows in data))
            print(f"  {bar:<5} " + "".join(f"{c:>26}" for c in cells))
    for name, rows in data:
        off = (sum(r["off"]["right"] for r in rows), sum(r["off"]["wrong"] for r in rows))
        print(f"{name}: {len(rows)} lines, router off {off[0]} right / {off[1]} wrong")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--out", required=True)
    c.add_argument("--leave-out", default="")
    c.add_argument("--cache", default="")
    c.add_argument("--folds", type=int, default=5)
    v = sub.add_parser("show")
    v.add_argument("paths", nargs="+")
    args = parser.parse_args()
    if args.cmd == "collect":
        collect(args)
    else:
        show(args.paths)


if __name__ == "__main__":
    main()
