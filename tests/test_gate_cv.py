"""bench/gate_cv.py's folds: with ``--splits`` only the named splits' lines are scored, while each
fold's gate is still fitted on the other folds of every split."""

from __future__ import annotations

from bench.gate_cv import fold_cases, fold_of, tagged_corpus
from responder.corpus import Case


def _tagged() -> dict[str, list[tuple[str, Case]]]:
    old = [("old", Case(f"پیام قدیمی شماره {i}", ("price",), i)) for i in range(40)]
    new = [("new", Case(f"پیام تازه شماره {i}", (), i)) for i in range(40)]
    return {"phones": old[:20] + new[:20], "home": old[20:] + new[20:]}


def test_without_splits_every_line_is_scored_once_and_trained_on_in_the_other_folds():
    tagged = _tagged()
    scored = []
    for k in range(5):
        train, test = fold_cases(tagged, k, 5)
        tested = {c.text for items in test.values() for c in items}
        assert not tested & {text for text, _labels in train}
        assert len(train) + len(tested) == 80
        scored += sorted(tested)
    assert len(scored) == len(set(scored)) == 80


def test_splits_limit_what_is_scored_not_what_is_trained_on():
    tagged = _tagged()
    scored = []
    for k in range(5):
        train, test = fold_cases(tagged, k, 5, scored=("old",))
        everything, _ = fold_cases(tagged, k, 5)
        assert train == everything  # the gate still learns from the new split's other folds
        assert any(text.startswith("پیام تازه") for text, _labels in train)
        for items in test.values():
            assert items and all(c.labels == ("price",) and fold_of(c.text, 5) == k for c in items)
        scored += [c.text for items in test.values() for c in items]
    assert sorted(scored) == sorted(c.text for items in tagged.values() for s, c in items if s == "old")


def test_the_shipped_corpus_is_tagged_by_split():
    tagged = tagged_corpus(("eval", "train7"))
    splits = {s for items in tagged.values() for s, _c in items}
    assert splits == {"eval", "train7"}
    assert sum(s == "train7" for items in tagged.values() for s, _c in items) >= 800


def test_a_cell_reads_in_percent_or_in_lines():
    from bench.gate_cv import cell

    assert cell([90, 2, 8, 100]) == " 90.0 / 2.0 /  8.0 w2"
    assert cell([90, 2, 8, 100], counts=True) == "   90 /   2 /    8"
