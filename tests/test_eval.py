"""``responder eval`` on the labeled dev corpus (responder/corpus/eval): the issue's targets, per category.

The shipped agreement gate is fitted on every set in responder/corpus, so scoring those sets
with it would be scoring training data: the keyword tests below run with the gate off (a guard
for the rules), and the gate is scored by 5-fold cross-validation (fitted without the fold it
scores). holdout2 (validation for the gate's threshold) and the figures are in bench/README.md.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from responder.cli import main
from responder.engine import Engine
from responder.engine.gate_fit import cache_dir, cached_fit, request
from responder.evaluate import CorpusError, Outcome, Case, Report, evaluate, load_rules, read_corpus
from responder.text import fold

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "responder" / "corpus" / "eval"
CATEGORIES = ("vehicles", "phones", "realestate", "home", "services")


@pytest.mark.parametrize("category", CATEGORIES)
def test_dev_corpus_meets_the_targets(category: str) -> None:
    loaded = load_rules([ROOT / "rules", ROOT / "packs" / category])
    assert loaded.ok, [str(p) for p in loaded.problems]
    report = evaluate(Engine(loaded.rules, gate=False), read_corpus(CORPUS / f"{category}.tsv"), category)
    assert report.total >= 100
    misses = [f"{o.case.text} → {o.rules}" for o in report.outcomes if not o.right]
    assert report.share("right") >= 0.99, misses  # the issue asks 0.97; the dev set is what we tune on
    assert report.share("wrong") <= 0.01, misses


@pytest.mark.parametrize("category", (*CATEGORIES, "general"))
def test_author_written_messages_stay_answered(category: str) -> None:
    """Regression data written by the rules' author (tests/data/author): not a measure, a guard."""
    pack = ROOT / "packs" / category
    loaded = load_rules([ROOT / "rules", pack] if pack.is_dir() else [ROOT / "rules"])
    report = evaluate(Engine(loaded.rules, gate=False), read_corpus(ROOT / "responder" / "corpus" / "author" / f"{category}.tsv"), category)
    misses = [f"{o.case.text} → {o.rules}" for o in report.outcomes if not o.right]
    assert report.share("right") >= 0.9, misses
    assert report.share("wrong") <= 0.06, misses


def test_gate_cross_validated_on_the_dev_sets() -> None:
    """eval + dev2 + author in 5 folds (by a hash of the folded text); each fold scored with a gate
    fitted on the other four. Figures when written: right 84.0 %, wrong 0.1 % (gate off: 98.4 / 0.4)."""
    folds = 5
    cases = {
        name: [c for split in ("eval", "dev2", "author") if (ROOT / "responder" / "corpus" / split / f"{name}.tsv").exists()
               for c in read_corpus(ROOT / "responder" / "corpus" / split / f"{name}.tsv")]
        for name in (*CATEGORIES, "general")
    }  # fmt: skip

    def fold_of(text: str) -> int:
        return int(hashlib.sha1(fold(text).encode()).hexdigest(), 16) % folds

    rules = {}
    for name in cases:
        pack = ROOT / "packs" / name
        rules[name] = load_rules([ROOT / "rules", pack] if pack.is_dir() else [ROOT / "rules"]).rules
    right = wrong = total = 0
    wrong_per_category: dict[str, int] = {}
    training = [[(c.text, c.labels) for items in cases.values() for c in items if fold_of(c.text) != k] for k in range(folds)]
    # Each fold's fit is a child process (two at once on two cores), kept in the suite's gate
    # cache (conftest): a later run with the same folds, fitting code and libraries reads it.
    # One directory per fold: a directory's lock file lets one fit run at a time.
    cache = cache_dir()
    with ThreadPoolExecutor(max_workers=2) as pool:
        gates = list(pool.map(lambda k: cached_fit(request(training[k]), cache and cache / f"cv-fold-{k}"), range(folds)))
    for k, gate in enumerate(gates):
        for name, items in cases.items():
            report = evaluate(Engine(rules[name], gate=gate), [c for c in items if fold_of(c.text) == k], name)
            right += sum(o.right for o in report.outcomes)
            wrong += sum(bool(o.wrong) for o in report.outcomes)
            wrong_per_category[name] = wrong_per_category.get(name, 0) + sum(bool(o.wrong) for o in report.outcomes)
            total += report.total
    assert total > 1300
    assert wrong / total <= 0.005 and right / total >= 0.82, (right / total, wrong / total)
    assert all(n / len(cases[name]) <= 0.01 for name, n in wrong_per_category.items()), wrong_per_category


def test_eval_command_exits_non_zero_under_thresholds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "phones.tsv"
    corpus.write_text("text\tlabels\nقیمتش چنده؟\tprice\nچرا میفروشی؟\tnone\nبالای ونکه یا پایینش؟\tlocation\n", encoding="utf-8")
    rules = ["--rules", str(ROOT / "rules"), "--rules", str(ROOT / "packs" / "phones")]
    assert main(["eval", str(corpus), *rules]) == 0
    out = capsys.readouterr().out
    assert "3 messages: right 66.7%, wrong 0.0%, missed 33.3%" in out
    assert "missed line 4: 'بالای ونکه یا پایینش؟'  asked location, got fallback (fallback)" in out
    assert main(["eval", str(corpus), *rules, "--min-right", "0.9"]) == 1
    assert "BELOW THRESHOLD" in capsys.readouterr().err
    assert main(["eval", str(corpus), *rules, "--min-recall", "0.5", "--max-wrong", "0"]) == 0


def test_report_counts_wrong_answers_and_confusion() -> None:
    report = Report("r", [
        Outcome(Case("a", ("price",), 2), ("price",), ("price",), "exact"),
        Outcome(Case("b", ("specs",), 3), ("price",), ("price-how-much",), "exact"),
        Outcome(Case("c", (), 4), ("condition",), ("condition",), "exact"),
        Outcome(Case("d", ("availability", "price"), 5), ("availability",), ("availability",), "exact"),
    ])  # fmt: skip
    assert (report.share("right"), report.share("wrong"), report.share("missed")) == (0.25, 0.5, 0.25)
    assert report.confusion() == {("specs", "price"): 1, ("none", "condition"): 1}
    assert report.per_intent()["price"] == (1, 1, 1)
    assert report.micro() == (2 / 4, 2 / 4)


@pytest.mark.parametrize("text", ["", "words\n", "text\tlabels\nno tab here\n", "text\tlabels\nقیمت\t\n"])
def test_bad_corpus_lines_are_named(tmp_path: Path, text: str) -> None:
    path = tmp_path / "c.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.tsv:\d"):
        read_corpus(path)


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_pack_rule_outranks_the_general_rule_of_its_intent(category: str) -> None:
    """A seller who copies a pack in and fills its vars gets the pack's answer where both rules
    match: at equal priority the earlier file (rules/10-questions.yaml) would win, and «باتریش
    چند درصده؟» got the general «مشخصات را … می‌نویسم» instead of the seller's phone_specs."""
    general = load_rules([ROOT / "rules"]).rules.rules
    top = {}
    for rule in general:
        top[rule.intent] = max(top.get(rule.intent, rule.priority), rule.priority)
    names = {rule.name for rule in general}
    added = [r for r in load_rules([ROOT / "rules", ROOT / "packs" / category]).rules.rules if r.name not in names and r.intent in top]
    assert added, "the pack adds no rule to a general intent: nothing to check"
    assert [r.name for r in added if r.priority <= top[r.intent]] == []


@pytest.mark.parametrize(("text", "rule"), [("باتریش چند درصده؟", "phone-specs"), ("سلامت باتری چنده؟", "phone-specs")])
def test_the_phones_pack_answers_battery_questions_itself(text: str, rule: str) -> None:
    from datetime import datetime, timezone

    from responder.engine import Situation
    from responder.events import Message

    loaded = load_rules([ROOT / "rules", ROOT / "packs" / "phones"])
    now = datetime(2024, 6, 15, 8, 0, tzinfo=timezone.utc)  # 11:30 in Tehran: business hours
    message = Message(id="m", post_token="AbCdEf12", text=text, type="TEXT", role="buyer", sent_at=now, source="legacy")
    reply = Engine(loaded.rules, gate=False).first_reply(message, Situation(now, first_in_conversation=True))
    assert reply is not None and reply.rules == (rule,)
