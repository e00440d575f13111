"""The agreement gate, measured honestly: cross-validation on every shipped corpus split.

    python bench/gate_cv.py [--thresholds 0.3,0.5] [--c 10] [--folds 5] [--validation holdout2]
                            [--splits eval,dev2,...] [--leave-out holdout8,train8,...]

* **CV**: every split of ``responder/corpus`` (eval, dev2, author, holdout2, holdout3, holdout4, holdout5, holdout6,
  train7, holdout7, train8, holdout8, train9, holdout9, train10, holdout10, train11, train12, holdout11,
  train13, train14, holdout12, train15, train16, train17, holdout13, train18, train19,
  train23, train24, train25, train20, train21, train22, holdout14,
  train28, train29, train26, train27, holdout15, train30, train31,
  holdout16, train33, train32, holdout17,
  train34, train35, holdout18, train36, train37, holdout19, train38, train39, train41, train40, holdout20), split in
  ``--folds`` folds by a hash of the folded text (a message repeated across categories stays in
  one fold); each fold is scored with a gate fitted on the other folds only.
  ``--splits A,B``: score only those splits' lines, the gates still fitted on the other folds of
  every split (how a new training split's effect on the older ones is read).
* **validation** (``--validation SPLIT``): that split left out of the CV, scored with a gate
  fitted on all the others (how holdout2 chose the first threshold).
* **leave-one-split-out** (``--leave-out A,B,...``, no CV): each named split scored with a gate
  fitted on every other split, one fit per split; per split and summed. Each split was written by
  one author in one go, so this reads how the gate does on a writer it has never seen; random
  folds put each author's lines on both sides and flatter it (tenth session: CV 91 % / 0.6 %
  against ~84 % / 2.7 % blind).

Each category file is scored with ``rules/`` plus ``packs/<category>/``, as ``responder eval``
does. Prints right / wrong / missed per category, gate off and on at each threshold.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from responder.corpus import HERE, SPLITS, Case, read_corpus  # noqa: E402
from responder.engine import Engine, IntentGate, RuleSet  # noqa: E402
from responder.engine import gate as gate_module  # noqa: E402
from responder.engine.gate_fit import cached_fit, request  # noqa: E402
from responder.evaluate import evaluate, load_rules  # noqa: E402
from responder.text import fold  # noqa: E402

ADD = 0.0  # --add: simulate the classifier adding intents at this confidence (0 = off)
CATEGORIES = ("vehicles", "phones", "realestate", "home", "services", "general")


def corpus(splits: tuple[str, ...]) -> dict[str, list[Case]]:
    out: dict[str, list[Case]] = defaultdict(list)
    for split in splits:
        for path in sorted((HERE / split).glob("*.tsv")):
            out[path.stem].extend(read_corpus(path))
    return out


def tagged_corpus(splits: tuple[str, ...]) -> dict[str, list[tuple[str, Case]]]:
    """Per category, each case with the split it comes from."""
    out: dict[str, list[tuple[str, Case]]] = defaultdict(list)
    for split in splits:
        for path in sorted((HERE / split).glob("*.tsv")):
            out[path.stem].extend((split, case) for case in read_corpus(path))
    return out


def fold_of(text: str, folds: int) -> int:
    """The CV fold of a line: a hash of its fold (Finglish left in Latin, so lines keep the folds they had before it was read)."""
    return int(hashlib.sha1(fold(text, finglish=False).encode()).hexdigest(), 16) % folds


def fold_cases(
    tagged: dict[str, list[tuple[str, Case]]], k: int, folds: int, scored: tuple[str, ...] = ()
) -> tuple[list[tuple[str, tuple[str, ...]]], dict[str, list[Case]]]:
    """Fold ``k``: the training lines (every split, the other folds) and, per category, the lines
    scored (fold ``k``; only the ``scored`` splits' lines if any are given)."""
    train = [(c.text, c.labels) for items in tagged.values() for _s, c in items if fold_of(c.text, folds) != k]
    test = {
        cat: [c for s, c in items if fold_of(c.text, folds) == k and (not scored or s in scored)]
        for cat, items in tagged.items()
    }
    return train, {cat: items for cat, items in test.items() if items}


@functools.cache
def rulesets() -> dict[str, RuleSet]:
    """Per category, rules/ + its pack, loaded once."""
    out = {}
    for category in CATEGORIES:
        pack = ROOT / "packs" / category
        out[category] = load_rules([ROOT / "rules", pack] if pack.is_dir() else [ROOT / "rules"]).rules
    return out


def engines(gate: IntentGate | None, route: float = 0.0) -> dict[str, Engine]:
    """Per category, rules/ + its pack; ``route``: the router's bar (0 = off)."""
    return {cat: Engine(dataclasses.replace(rules, intent_route=route), gate=gate or False) for cat, rules in rulesets().items()}


def keyword_lines() -> list[tuple[str, tuple[str, ...]]]:
    """Each keyword of a declared-intent starter rule (rules/ and every pack) as a one-line message."""
    seen: dict[str, tuple[str, ...]] = {}
    for category in CATEGORIES:
        pack = ROOT / "packs" / category
        for rule in load_rules([ROOT / "rules", pack] if pack.is_dir() else [ROOT / "rules"]).rules.rules:
            if rule.intent_declared and not rule.fallback:
                for keyword in rule.keywords:
                    seen.setdefault(keyword, (rule.intent,))
    return sorted(seen.items())


def score(cases: dict[str, list[Case]], gate: IntentGate | None, totals: dict, route: float = 0.0, seen: dict | None = None) -> None:
    """Add each category's (right, wrong, missed, total) to ``totals``; each outcome to ``seen`` if given."""
    by_category = engines(gate, route)
    for category, items in cases.items():
        engine = by_category[category]
        report = evaluate(engine, items, category)
        if seen is not None:
            seen.update({(category, o.case.text): o for o in report.outcomes})
        if ADD and gate is not None:  # simulated: the classifier adds an intent it is sure of
            answerable = {r.intent for r in engine.ruleset.rules if r.intent_declared and not r.alone and not r.fallback}
            for o in report.outcomes:
                vector = gate.vector(o.case.text)
                extra = tuple(i for i in sorted(answerable) if i not in o.answered and gate.probability(i, vector) >= ADD)
                o.answered = o.answered + extra
        row = totals.setdefault(category, [0, 0, 0, 0])
        row[0] += sum(o.right for o in report.outcomes)
        row[1] += sum(bool(o.wrong) for o in report.outcomes)
        row[2] += sum(not o.right and not o.wrong for o in report.outcomes)
        row[3] += report.total


def _kin(spec: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for pair in spec.split(","):
        a, b = pair.split(":")
        out[a] = out.get(a, ()) + (b,)
    return out


def write_errors(path: Path, keyword: dict, gated: dict) -> None:
    """One TSV row per line not answered right with the gate off or on: what each answered."""
    rows = ["category\tlabels\tkeywords\tgated\ttier\trules\ttext"]
    for key, o in sorted(gated.items()):
        k = keyword[key]
        if o.right and k.right:
            continue
        shown = lambda x: ",".join(x.answered) or "-"  # noqa: E731
        rows.append("\t".join([key[0], ",".join(o.case.labels) or "none", shown(k), shown(o), o.tier, ",".join(k.rules), o.case.text]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


_LATIN = re.compile("[A-Za-z]")
_PERSIAN = re.compile("[\u0600-\u06FF]")


def is_finglish(text: str) -> bool:
    """More Latin letters than Persian (Arabic-script) ones: a Finglish line."""
    return len(_LATIN.findall(text)) > len(_PERSIAN.findall(text))


def counts_table(keyword: dict, gated: dict) -> None:
    """Line counts right / wrong / missed per category and per script (Finglish / Persian), gate off and on."""
    print("\nline counts right / wrong / missed (gate off | gate at the first threshold)")
    groups: dict[str, list[tuple]] = defaultdict(list)
    for key, o in gated.items():
        k = keyword[key]
        script = "finglish" if is_finglish(key[1]) else "persian"
        for name in (key[0], script, "all"):
            groups[name].append((k, o))
    for name in [*CATEGORIES, "finglish", "persian", "all"]:
        pairs = groups.get(name)
        if not pairs:
            continue
        cells = []
        for i in (0, 1):
            right = sum(p[i].right for p in pairs)
            wrong = sum(bool(p[i].wrong) for p in pairs)
            cells.append(f"{right:5d} / {wrong:4d} / {len(pairs) - right - wrong:4d}")
        print(f"  {name + f' ({len(pairs)})':18} {cells[0]}  |  {cells[1]}")


def cell(row: list[int], counts: bool = False) -> str:
    """One category's right / wrong / missed: % of its lines with its wrong lines (w), or (``counts``) the numbers of lines."""
    if counts:
        return f"{row[0]:5d} /{row[1]:4d} /{row[2]:5d}"
    return f"{100 * row[0] / row[3]:5.1f} /{100 * row[1] / row[3]:4.1f} /{100 * row[2] / row[3]:5.1f} w{row[1]}"


def table(title: str, results: dict[str, dict], counts: bool = False) -> None:
    print(f"\n{title}: right / wrong / missed {'lines' if counts else '%, w = wrong lines'}, per category")
    names = list(results)
    print(f"  {'category':11} " + " ".join(f"{n:>25}" for n in names))
    cats = [c for c in CATEGORIES if c in next(iter(results.values()))] + ["all"]
    for category in cats:
        cells = []
        for name in names:
            totals = results[name]
            row = [sum(r[i] for r in totals.values()) for i in range(4)] if category == "all" else totals[category]
            cells.append(cell(row, counts))
        if category == "all":  # a wrong answer weighs three misses (the precision first)
            cells = [c + f" [{3 * row[1] + row[2]}]" for c, row in zip(cells, [[sum(r[i] for r in results[n].values()) for i in range(4)] for n in names])]
        n = sum(r[3] for r in next(iter(results.values())).values()) if category == "all" else next(iter(results.values()))[category][3]
        print(f"  {category + f' ({n})':11} " + " ".join(f"{c:>25}" for c in cells))


def leave_one_split_out(
    splits: tuple[str, ...], thresholds: list[float], fit_gate, errors: Path | None = None, routes: tuple[float, ...] = (0.0,)
) -> None:
    """Each of ``splits`` scored by a gate (``fit_gate(cases)``) fitted on every other split of the corpus
    (and, per ``routes`` bar other than 0, with the router on)."""
    results: dict[str, dict[str, list[int]]] = {}
    keyword_outcomes: dict = {}
    gated_outcomes: dict = {}
    for split in splits:
        rest = tuple(s for s in SPLITS if s != split)
        gate = fit_gate([(c.text, c.labels) for items in corpus(rest).values() for c in items])
        held = corpus((split,))
        columns = results.setdefault(split, {})
        score(held, None, columns.setdefault("gate off", {}), seen=keyword_outcomes)
        for t in thresholds:
            gate.threshold = t
            for r in routes:  # as the CV: the lines written out (--errors) are the first threshold's, first route's
                first = t == thresholds[0] and r == routes[0]
                score(held, gate, columns.setdefault(f"gate {t:g}" + (f" route {r:g}" if r else ""), {}), r, seen=gated_outcomes if first else None)
    names = list(next(iter(results.values())))
    print(f"\nleave-one-split-out: each split scored by a gate fitted on all the others; right / wrong / missed lines [3 x wrong + missed]")
    print(f"  {'split':16} " + " ".join(f"{n:>29}" for n in names))
    rows = {split: {n: [sum(r[i] for r in columns[n].values()) for i in range(4)] for n in names} for split, columns in results.items()}
    rows["all"] = {n: [sum(rows[s][n][i] for s in splits) for i in range(4)] for n in names}
    for split, row in rows.items():
        cells = [cell(row[n], counts=True) + f" [{3 * row[n][1] + row[n][2]:4d}]" for n in names]
        print(f"  {split + f' ({row[names[0]][3]})':16} " + " ".join(f"{c:>29}" for c in cells))
    counts_table(keyword_outcomes, gated_outcomes)
    if errors:
        write_errors(errors, keyword_outcomes, gated_outcomes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--thresholds", default="0.3,0.4,0.5,0.6")
    parser.add_argument("--c", type=float, default=10.0)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--balanced", action="store_true", help="class_weight=balanced in each intent's regression")
    parser.add_argument("--min-words", type=int, default=3, help="messages with fewer words are not gated")
    parser.add_argument("--weak", type=float, default=0.5, help="threshold an `alone` part must also reach")
    parser.add_argument("--add", type=float, default=0.0, help="simulate: the classifier adds an intent at this P (0 = off)")
    parser.add_argument("--keywords", action="store_true", help="also train on each starter rule's keywords, as one-line messages")
    parser.add_argument("--route", default="0", help="router bars to try, comma-separated (0 = router off)")
    parser.add_argument("--route-min-words", type=int, default=3, help="messages with fewer words are not routed")
    parser.add_argument("--route-runner-up", default="", help="gate.ROUTE_RUNNER_UP: no other intent (greeting, thanks, kin aside) may reach this P for the router to answer ('off' = as before router2)")
    parser.add_argument("--route-negated", choices=("on", "off"), default="", help="gate.ROUTE_NEGATED: 'on' = a message with a negated clause is routed on its other clauses (as before router2)")
    parser.add_argument("--validation", default="", help="a split left out of the CV and scored by a gate fitted on the rest")
    parser.add_argument("--cache", default="", help="keep each fitted gate in this directory (keyed as the shipped gate's cache): variants read at run time reuse the fits")
    parser.add_argument("--leave-out", default="", help="no CV: score each of these splits (comma-separated) with a gate fitted on every other split")
    parser.add_argument("--splits", default="", help="score only these splits' lines (comma-separated); the gates still train on every split")
    parser.add_argument("--errors", default="", help="write each CV line not answered right (gate off or at the first threshold) to this TSV")
    parser.add_argument("--clause-bar", default="", help="gate.CLAUSE_THRESHOLD: P a vetoed part's own question must reach ('off' = whole message only, as before clausegate)")
    parser.add_argument("--lead-none", default="", help="gate.LEAD_NONE_RATIO: a vetoed part stands if its intent leads and is this many times P(none) ('off' = no lead rescue, as before gate2)")
    parser.add_argument("--intent-bars", default="", help="gate.INTENT_THRESHOLDS, e.g. offer:0.05,swap:0.1 ('-' = none, every intent at the threshold)")
    parser.add_argument("--counts", action="store_true", help="also print the tables in numbers of lines, not only %%")
    parser.add_argument("--kin", default="", help="the gate's kin intents, e.g. job:price,price:job ('-' = none; default: gate.KIN)")
    parser.add_argument("--unopposed", default="", help="gate.UNOPPOSED_FLOOR: a vetoed part stands if its P is at least this, no other intent (greeting, thanks aside) is above it and P(none) is under gate.UNOPPOSED_NONE ('off' = as before gate4)")
    parser.add_argument("--chatter", default="", help="gate.CHATTER_NONE: a part at its bar is dropped if P(none) is at least this and gate.CHATTER_RATIO x its P ('off' = as before gate4)")
    parser.add_argument("--question-bar", default="", help="gate.QUESTION_THRESHOLD: a vetoed part stands if the message's one question, read alone, is unopposed at this ('off' = as before vetoes)")
    parser.add_argument("--finglish-reading", choices=("on", "off"), default="", help="gate.FINGLISH_AS_PERSIAN: a vetoed part of a Finglish message stands if the message read as Persian agrees ('off' = as before vetoes)")
    parser.add_argument("--gate-finglish", choices=("on", "off"), default="", help="the gate reads Finglish as Persian or in Latin letters (default: gate.FINGLISH)")
    parser.add_argument("--asked-none", default="", help="gate.ASKED_NONE,ASKED_OTHER: in a message that asks, a strong part at gate.ASKED_FLOOR stands when P(none) and every other intent's P are under these ('off' = as before veto2)")
    args = parser.parse_args()
    if args.asked_none:
        if args.asked_none == "off":
            gate_module.ASKED_NONE = None
        else:
            gate_module.ASKED_NONE, gate_module.ASKED_OTHER = (float(x) for x in args.asked_none.split(","))
    if args.gate_finglish:
        gate_module.FINGLISH = args.gate_finglish == "on"
    if args.unopposed:
        gate_module.UNOPPOSED_FLOOR = None if args.unopposed == "off" else float(args.unopposed)
    if args.chatter:
        gate_module.CHATTER_NONE = None if args.chatter == "off" else float(args.chatter)
    if args.finglish_reading:
        gate_module.FINGLISH_AS_PERSIAN = args.finglish_reading == "on"
    if args.question_bar:
        gate_module.QUESTION_THRESHOLD = None if args.question_bar == "off" else float(args.question_bar)
    if args.kin:
        gate_module.KIN = {} if args.kin == "-" else _kin(args.kin)
    thresholds = [float(x) for x in args.thresholds.split(",")]
    routes = [float(x) for x in args.route.split(",")]
    gate_module.ROUTE_MIN_WORDS = args.route_min_words
    if args.route_runner_up:
        gate_module.ROUTE_RUNNER_UP = None if args.route_runner_up == "off" else float(args.route_runner_up)
    if args.route_negated:
        gate_module.ROUTE_NEGATED = args.route_negated == "on"
    gate_module.MIN_WORDS = args.min_words
    if args.clause_bar:
        gate_module.CLAUSE_THRESHOLD = None if args.clause_bar == "off" else float(args.clause_bar)
    if args.intent_bars:
        gate_module.INTENT_THRESHOLDS = {} if args.intent_bars == "-" else {i: float(t) for i, t in (x.split(":") for x in args.intent_bars.split(","))}
    if args.lead_none:
        gate_module.LEAD_NONE_RATIO = None if args.lead_none == "off" else float(args.lead_none)
    gate_module.WEAK_THRESHOLD = args.weak
    global ADD
    ADD = args.add
    extra = keyword_lines() if args.keywords else []

    def fit_gate(cases: list) -> IntentGate:
        if args.cache:
            return cached_fit(request(cases + extra, args.c, args.balanced), Path(args.cache))
        return IntentGate.fit(cases + extra, c=args.c, balanced=args.balanced)

    if args.leave_out:
        left = tuple(x for x in args.leave_out.split(",") if x)
        if set(left) - set(SPLITS):
            parser.error(f"--leave-out: not a corpus split: {', '.join(sorted(set(left) - set(SPLITS)))}")
        leave_one_split_out(left, thresholds, fit_gate, Path(args.errors) if args.errors else None, tuple(routes))
        return
    dev_splits = tuple(s for s in SPLITS if s != args.validation)
    scored = tuple(x for x in args.splits.split(",") if x)
    unknown = sorted(set(scored) - set(dev_splits))
    if unknown:
        parser.error(f"--splits: not in the CV: {', '.join(unknown)} (splits: {', '.join(dev_splits)})")
    tagged = tagged_corpus(dev_splits)
    dev = corpus(dev_splits)

    cv: dict[str, dict] = {"gate off": {}}
    keyword_outcomes: dict = {}
    gated_outcomes: dict = {}
    for k in range(args.folds):
        train, test = fold_cases(tagged, k, args.folds, scored)
        score(test, None, cv["gate off"], seen=keyword_outcomes)
        gate = fit_gate(train)
        for t in thresholds:
            gate.threshold = t
            for r in routes:
                first = t == thresholds[0] and r == routes[0]
                score(test, gate, cv.setdefault(f"gate {t:g}" + (f" route {r:g}" if r else ""), {}), r, seen=gated_outcomes if first else None)
    on = f"{' + '.join(scored)} (gates fitted on {' + '.join(dev_splits)})" if scored else " + ".join(dev_splits)
    table(f"CV ({args.folds}-fold) on {on}, C={args.c:g}", cv)
    if args.counts:
        table(f"CV ({args.folds}-fold) on {on}, C={args.c:g}", cv, counts=True)
    counts_table(keyword_outcomes, gated_outcomes)
    if args.errors:
        write_errors(Path(args.errors), keyword_outcomes, gated_outcomes)
    if not args.validation:
        return
    gate = fit_gate([(c.text, c.labels) for items in dev.values() for c in items])
    holdout = corpus((args.validation,))
    val: dict[str, dict] = {"gate off": {}}
    score(holdout, None, val["gate off"])
    for t in thresholds:
        gate.threshold = t
        for r in routes:
            score(holdout, gate, val.setdefault(f"gate {t:g}" + (f" route {r:g}" if r else ""), {}), r)
    table(f"validation: {args.validation}, gate fitted on {' + '.join(dev_splits)}, C={args.c:g}", val)


if __name__ == "__main__":
    main()
