"""finglish4 (issue 10): a Finglish message read as its Persian twin by the regex triggers too, and more of its words.

New sentences in the phrasing of the CV's missed Finglish lines: a rule's positive `regex` reads the Finglish reading of
a Latin message as its `unless` does (the swap «taviz ba 206 mikoni?», a colour or a size asked with «dari?»); «x» written
for «کس» («ax», «axe»: عکس); the imperative, prefix and bare stem («befres», «begir», «bezan», «biar»); plain words the
lexicon lacked («andaze», «tool», «santi», «ja», «jaye», «zadegi», «tahator», «kargar»). Each answers as its Persian twin.
"""

from __future__ import annotations

import pytest

from responder.text import fold
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a regex trigger reads the Finglish reading: the swap, a variant asked with «dari?», a city asked with «kar mikonid?»
        ("vehicles", "taviz ba pride mikoni?", ("swap",)),
        ("phones", "taviz ba iphone 12 mikoni?", ("swap",)),
        ("phones", "256 gig-esh ham dari?", ("availability",)),
        ("phones", "rang sefid dari?", ("availability",)),
        ("services", "tu shiraz kar mikonid?", ("location",)),
        # «x» for «کس»: a photo
        ("home", "ax bishtar dari?", ("photos",)),
        ("vehicles", "axe dashboard ro mifresti?", ("photos",)),
        # plain words and imperatives
        ("home", "toolesh chand santie?", ("specs",)),
        ("home", "andaze-sh chande?", ("specs",)),
        ("home", "zang zadegi dare?", ("condition",)),
        ("realestate", "tahator ba mashin?", ("swap",)),
        ("services", "in term ja darin?", ("availability",)),
        ("phones", "ye zang bezan", ("contact",)),
    ],
)
def test_finglish_reads_as_persian(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("finglish", "persian"),
    [
        ("ax", "عکس"),
        ("axash", "عکسش"),
        ("befrest", "بفرست"),
        ("begir", "بگیر"),
        ("biar", "بیار"),
        ("nazan", "نزن"),
        ("jaye", "جای"),
        ("kargar", "کارگر"),
        ("eshkal", "اشکال"),
        ("batry", "باتری"),
    ],
)
def test_words(finglish: str, persian: str) -> None:
    assert fold(finglish) == fold(persian)


@pytest.mark.parametrize(
    ("word", "persian"),
    [
        ("tnx", "مرسی"),  # «x» as typed when «ks» reads nothing
        ("gearbox", "گیربکس"),
        ("nazar", "نظر"),  # an imperative never takes a word read otherwise («نذار»)
    ],
)
def test_kept(word: str, persian: str) -> None:
    assert fold(word) == fold(persian)


@pytest.mark.parametrize("word", ["xbox", "max", "bed", "besh", "merc"])
def test_left_latin(word: str) -> None:
    assert fold(word) == word  # a console, a model, an English word, a one-letter stem's imperative; «merc» (a Mercedes)
