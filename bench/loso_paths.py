"""Which engine path gives each wrong answer of a writer the gate never saw (leave-one-split-out).

    python bench/loso_paths.py --leave-out holdout14,train28,... [--cache DIR] [--out FILE.tsv]
    python bench/loso_paths.py --cv [--cache DIR] [--out FILE.tsv]          (5-fold CV instead)

Each split is read by a gate fitted on every other split (``--cv``: each fold by a gate fitted on
the other folds), gate 0.25 and router 0.95 as shipped. For every line answered, each part of the
reply is given the path that let it through: the router (``intent``), the example tier
(``similar``), and for a keyword part (``exact`` / ``typo``) the gate's reading that kept it:
``ungated`` (short message, greeting, thanks), ``whole`` (P at its bar on the whole message),
``clause``, ``lead``, ``unopposed``, ``asked``, ``question``, ``finglish`` (the rescues of
``Engine._agreements``). Writes one row per answered part: split, category, labels, outcome of the
line, tier, rule, intent, whether the part's intent is labelled, the path, P(intent) and P(none)
on the whole message, the best other intent's P, the parts' count, text.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gate_cv  # noqa: E402

from responder.corpus import SPLITS  # noqa: E402
from responder.engine import IntentGate, persian_reading  # noqa: E402
from responder.engine import gate as gate_module  # noqa: E402
from responder.engine.gate_fit import cached_fit, request  # noqa: E402
from responder.evaluate import DAYTIME  # noqa: E402
from responder.events import Message  # noqa: E402
from responder.engine.matcher import Situation  # noqa: E402
import hashlib  # noqa: E402


def path_of(engine, parts, i, text) -> str:
    """The reading of ``Engine._agreements`` that kept part ``i`` (it stood)."""
    part = parts[i]
    if id(part.rule) not in engine._gated or not gate_module.long_enough(text):
        return "ungated"
    gate = engine.gate
    vector = gate.vector(text)
    p = gate.agreement(part.rule.intent, vector)
    bar = engine.bar(part.rule)
    if p >= bar and not gate.chatter(p, vector):
        return "whole"
    if gate_module.CLAUSE_THRESHOLD is not None:
        clause = engine.matcher.clauses_at(text, [part.position])[0]
        if clause and gate.agreement(part.rule.intent, gate.vector(clause)) >= max(gate_module.CLAUSE_THRESHOLD, bar):
            return "clause"
    if gate.leads(part.rule.intent, vector):
        return "lead"
    if engine.unopposed(part.rule.intent, vector):
        return "unopposed"
    why = engine.asked(part.rule.intent, p, text, vector, part.rule.alone)
    if why:
        return "asked-" + why
    return "question/finglish"


def rows_for(split: str, cases: dict, gate: IntentGate) -> list[list[str]]:
    gate.threshold = 0.25
    engines = gate_cv.engines(gate, 0.95)
    out = []
    for category, items in cases.items():
        engine = engines[category]
        for case in items:
            text = case.text
            message = Message(id=hashlib.sha1(text.encode()).hexdigest(), post_token="EVAL", text=text, type="TEXT", role="buyer",
                              sent_at=DAYTIME, source="legacy", sender_id="buyer", receiver_id="seller", category=category)
            match = next(iter(engine.matches(message, Situation(DAYTIME, first_in_conversation=True))), None)
            labels = set(case.labels)
            if match is None or match.tier == "fallback":
                outcome = "right" if not labels else "missed"
                out.append([split, category, ",".join(case.labels) or "none", outcome, "fallback", "-", "-", "-", "-", "", "", "", "0", text])
                continue
            parts = match.parts or (match,)
            intents = {p.rule.intent or p.rule.name for p in parts}
            wrong = intents - labels
            outcome = "wrong" if wrong else ("right" if labels <= intents else "missed")
            vector = gate.vector(text)
            for i, part in enumerate(parts):
                intent = part.rule.intent or part.rule.name
                if match.tier == "intent":
                    path = "router"
                elif match.tier in ("exact", "typo"):
                    path = path_of(engine, parts, i, text) if part.tier != "intent" else "router"
                else:
                    path = match.tier
                if part.tier == "intent":
                    path = "router"
                pi = gate.probability(intent, vector) if intent in gate.weights else -1
                pn = gate.probability(gate_module.NONE, vector)
                aside = {intent, gate_module.NONE, *intents, *gate_module.KIN.get(intent, ()), *engine._courtesy}
                others = [o for o in gate.weights if o not in aside]
                best = max(((gate.probability(o, vector), o) for o in others), default=(0.0, ""))
                out.append([split, category, ",".join(case.labels) or "none", outcome, part.tier if part.tier != "exact" else match.tier,
                            part.rule.name, intent, "yes" if intent in labels else "NO", path,
                            f"{pi:.3f}", f"{pn:.3f}", f"{best[1]}:{best[0]:.2f}", str(len(parts)), text])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leave-out", default="")
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--cache", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    cache = Path(args.cache) if args.cache else None
    fit = lambda cases: cached_fit(request(cases), cache)  # noqa: E731
    rows: list[list[str]] = []
    if args.cv:
        tagged = gate_cv.tagged_corpus(SPLITS)
        for k in range(5):
            train, test = gate_cv.fold_cases(tagged, k, 5)
            rows += rows_for(f"fold{k}", test, fit(train))
    else:
        for split in args.leave_out.split(","):
            rest = tuple(s for s in SPLITS if s != split)
            gate = fit([(c.text, c.labels) for items in gate_cv.corpus(rest).values() for c in items])
            rows += rows_for(split, gate_cv.corpus((split,)), gate)
    header = "split\tcategory\tlabels\toutcome\ttier\trule\tintent\tlabelled\tpath\tp\tp_none\tbest_other\tparts\ttext"
    if args.out:
        Path(args.out).write_text(header + "\n" + "\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    lines = Counter()
    for r in rows:
        if r[3] == "wrong" and r[7] == "NO":
            lines[(r[4], r[8])] += 1
    print("wrong parts (intent not labelled) by tier and path:")
    for (tier, path), n in lines.most_common():
        print(f"  {tier:8} {path:20} {n}")


if __name__ == "__main__":
    main()
