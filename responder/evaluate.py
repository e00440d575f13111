"""``responder eval``: how well a rule set answers a labeled corpus of buyer messages.

A corpus file is TSV with the header ``text<TAB>labels``; labels are the intents the
message asks about, comma-separated in the buyer's order, or ``none`` (no rule should
answer: silence or the fallback are both right).  A rule answers for its ``intent`` (its
name unless it says otherwise); fallback rules answer for no intent.

Per message the answered intents are compared with the labels:

* **right**: exactly the labeled intents answered (``none``: nothing but a fallback);
* **wrong**: some rule answered an intent the buyer did not ask about (the seller's name
  is on a wrong answer: the figure to keep near zero);
* **missed**: only some of the asked intents answered, nothing wrong.

Pure: reads rule files and corpus files, runs the engine with a fixed daytime clock and a
fresh conversation (throttles play no part), writes nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from responder.corpus import NONE, Case, CorpusError, read_corpus  # noqa: F401 - the corpus format lives there; re-exported
from responder.engine import Engine, LoadResult, Situation, load_texts
from responder.engine.loader import _read, rule_files
from responder.events import Message

# Saturday 11:30 in Tehran: business hours, outside any night-only fallback.
DAYTIME = datetime(2024, 6, 15, 11, 30, tzinfo=ZoneInfo("Asia/Tehran"))


@dataclass
class Outcome:
    case: Case
    answered: tuple[str, ...]  # intents, in reply order
    rules: tuple[str, ...]  # rule names, for the report
    tier: str

    @property
    def wrong(self) -> tuple[str, ...]:
        return tuple(i for i in self.answered if i not in self.case.labels)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(i for i in self.case.labels if i not in self.answered)

    @property
    def right(self) -> bool:
        return not self.wrong and not self.missing


@dataclass
class Report:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    def share(self, what: str) -> float:
        if not self.outcomes:
            return 0.0
        if what == "right":
            count = sum(o.right for o in self.outcomes)
        elif what == "wrong":
            count = sum(bool(o.wrong) for o in self.outcomes)
        else:
            count = sum(not o.right and not o.wrong for o in self.outcomes)
        return count / len(self.outcomes)

    def per_intent(self) -> dict[str, tuple[int, int, int]]:
        """intent → (true positives, false positives, false negatives)."""
        counts: dict[str, list[int]] = {}
        for o in self.outcomes:
            for intent in set(o.answered) | set(o.case.labels):
                row = counts.setdefault(intent, [0, 0, 0])
                if intent in o.answered and intent in o.case.labels:
                    row[0] += 1
                elif intent in o.answered:
                    row[1] += 1
                else:
                    row[2] += 1
        return {k: (v[0], v[1], v[2]) for k, v in sorted(counts.items())}

    def micro(self) -> tuple[float, float]:
        """Precision and recall over all intents (1.0 when there is nothing to count)."""
        tp = fp = fn = 0
        for a, b, c in self.per_intent().values():
            tp, fp, fn = tp + a, fp + b, fn + c
        return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)

    def confusion(self) -> Counter[tuple[str, str]]:
        """(asked, answered instead) pairs of the wrong answers; asked is ``none`` if nothing was."""
        pairs: Counter[tuple[str, str]] = Counter()
        for o in self.outcomes:
            for extra in o.wrong:
                for asked in o.missing or (NONE,):
                    pairs[(asked, extra)] += 1
        return pairs


def load_rules(directories: list[Path]) -> LoadResult:
    """Every rule file of the directories, as one rule set (a pack goes beside rules/)."""
    sources: list[tuple[str, object]] = []
    for directory in directories:
        sources.extend((str(path), _read(path)) for path in rule_files(directory))
    return load_texts(sources)  # type: ignore[arg-type]


def answer(engine: Engine, text: str, category: str = "") -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """(intents, rule names, tier) of the reply a fresh conversation would get."""
    message = Message(
        id=hashlib.sha1(text.encode()).hexdigest(), post_token="EVAL", text=text, type="TEXT", role="buyer",
        sent_at=DAYTIME, source="legacy", sender_id="buyer", receiver_id="seller", category=category,
    )  # fmt: skip
    for match in engine.matches(message, Situation(DAYTIME, first_in_conversation=True)):
        if match.tier == "fallback":
            return (), tuple(r.name for r in match.rules), "fallback"
        rules = match.rules
        return tuple(dict.fromkeys(r.intent or r.name for r in rules)), tuple(r.name for r in rules), match.tier
    return (), (), "none"


def evaluate(engine: Engine, cases: list[Case], name: str) -> Report:
    report = Report(name)
    for case in cases:
        intents, rules, tier = answer(engine, case.text)
        report.outcomes.append(Outcome(case, intents, rules, tier))
    return report


def format_report(report: Report) -> list[str]:
    precision, recall = report.micro()
    lines = [
        f"== {report.name}: {report.total} messages: right {report.share('right'):.1%}, wrong {report.share('wrong'):.1%}, "
        f"missed {report.share('missed'):.1%}; precision {precision:.1%}, recall {recall:.1%}",
        f"   {'intent':14} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}",
    ]  # fmt: skip
    for intent, (tp, fp, fn) in report.per_intent().items():
        p = f"{tp / (tp + fp):.0%}" if tp + fp else "-"
        r = f"{tp / (tp + fn):.0%}" if tp + fn else "-"
        lines.append(f"   {intent:14} {p:>9} {r:>7} {tp:>4} {fp:>4} {fn:>4}")
    pairs = report.confusion()
    if pairs:
        lines.append("   confusion (asked → answered instead): " + ", ".join(f"{a}→{b} ×{n}" for (a, b), n in pairs.most_common()))
    for o in report.outcomes:
        if not o.right:
            kind = "WRONG" if o.wrong else "missed"
            got = "+".join(o.rules) + f" ({o.tier})" if o.rules else "nothing"
            lines.append(f"   {kind:6} line {o.case.line}: {o.case.text!r}  asked {','.join(o.case.labels) or NONE}, got {got}")
    return lines


def failures(report: Report, min_precision: float, min_recall: float, max_wrong: float, min_right: float) -> list[str]:
    """The thresholds this report misses, in words."""
    precision, recall = report.micro()
    out = []
    if precision < min_precision:
        out.append(f"{report.name}: precision {precision:.1%} < {min_precision:.1%}")
    if recall < min_recall:
        out.append(f"{report.name}: recall {recall:.1%} < {min_recall:.1%}")
    if report.share("wrong") > max_wrong:
        out.append(f"{report.name}: wrong {report.share('wrong'):.1%} > {max_wrong:.1%}")
    if report.share("right") < min_right:
        out.append(f"{report.name}: right {report.share('right'):.1%} < {min_right:.1%}")
    return out
