"""The typo tier's deletion index finds exactly what comparing every keyword would find."""

from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import OSA

from responder.engine.typos import TypoIndex, slip_allowed, typo_budget


def brute_force(keywords: list[tuple[str, str]], words: list[str]) -> set[tuple[str, str]]:
    """The rule written out: every keyword against every word (and prefix, for `prefix`)."""
    found = set()
    for keyword, mode in keywords:
        length, budget = len(keyword), typo_budget(len(keyword))
        for word in words:
            if len(word) < length - budget:
                continue
            probes = {word}
            if mode == "prefix":
                probes.update(word[:n] for n in range(length, min(len(word), length + budget + 1)))
            if any(OSA.distance(probe, keyword) <= budget and slip_allowed(keyword, probe) for probe in probes):
                found.add((keyword, mode))
    return found


def indexed(keywords: list[tuple[str, str]], words: list[str]) -> set[tuple[str, str]]:
    index = TypoIndex({pair: [(i, -1)] for i, pair in enumerate(keywords)})
    return {keywords[payload[0][0]] for payload in index.find(words)}


@pytest.mark.parametrize(
    "keyword, mode, word, found",
    [
        ("قیمت", "prefix", "قمیت", True),  # swapped neighbours: one edit
        ("قیمت", "prefix", "قمیتش", True),  # ... followed by a suffix
        ("قیمت", "prefix", "قیم", False),  # 4 letters: a missing letter is not forgiven ...
        ("قیمت", "prefix", "قیمه", False),  # ... nor a substitution («قیمه» is a stew)
        ("قطعی", "prefix", "قطعه", False),  # «قطعه» (a part) is not «قطعی» (final price)
        ("قیمت", "prefix", "قمت", False),
        ("ارسال", "prefix", "ارسل", True),  # 5 letters: a missing letter is forgiven
        ("قیمت", "prefix", "قمتی", False),  # missing letter at the start of a longer word
        ("قیمت", "word", "قمیتش", False),  # whole-word keywords get no suffix
        ("ارسال", "prefix", "ارصال", True),
        ("اینستاگرام", "prefix", "انستگرام", True),  # 10 letters: two edits
        ("اینستاگرام", "prefix", "انستگم", False),  # four edits
        ("معاوضه", "prefix", "معضه", False),  # two edits for a 6-letter keyword
        ("سلام", "prefix", "سل", False),  # two letters are never a probe
    ],
)
def test_typo_cases(keyword: str, mode: str, word: str, found: bool) -> None:
    assert bool(indexed([(keyword, mode)], [word])) is found
    assert bool(brute_force([(keyword, mode)], [word])) is found


def test_index_agrees_with_brute_force_on_random_words() -> None:
    rng = random.Random(20261125)
    letters = "ابتسقیمکلو"  # few letters, so near misses are common
    for _ in range(200):
        keywords = list(
            {("".join(rng.choice(letters) for _ in range(rng.randint(4, 10))), rng.choice(("prefix", "word"))) for _ in range(25)}
        )
        for _ in range(20):
            words = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(3)]
            for keyword, _mode in rng.sample(keywords, 2):  # mangled keywords: edits, suffixes
                word = list(keyword[: rng.randint(2, len(keyword))] + "".join(rng.choice(letters) for _ in range(rng.randint(0, 3))))
                for _ in range(rng.randint(0, 2)):
                    word[rng.randrange(len(word))] = rng.choice(letters)
                words.append("".join(word))
            assert indexed(keywords, words) == brute_force(keywords, words), (keywords, words)


def test_empty_index_is_false_and_finds_nothing() -> None:
    index = TypoIndex({})
    assert not index
    assert index.find(["قیمت"]) == []


def test_long_words_and_messages_stay_cheap() -> None:
    """A pasted code or link is one long "word": expanding it fully would take gigabytes."""
    index = TypoIndex({("قیمت", "prefix"): [(0, -1)], ("اینستاگرام", "word"): [(1, -1)]})
    word = ("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی" * 2)[:40]
    # Only its first 4 and 5 letters are probed (for the prefix keyword): 10 strings.  With
    # the whole word and two deletions it would be 831, and for 5,000 letters 12 million.
    assert len(index.forms_of([word])) == len(index.forms_of([word[:13]])) == 10
    long_message = ["قیمتی" + "ب" * 50] + ["کلمه"] * 50_000 + ["انستگرام"]
    assert index.find(long_message) == [[(0, -1)], [(1, -1)]]


def test_no_typos_for_keywords_longer_than_32_letters() -> None:
    assert typo_budget(32) == 2 and typo_budget(33) == 0
