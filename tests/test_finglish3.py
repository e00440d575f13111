"""finglish3 (issue 10): a rule's `unless` reads the Finglish reading of a Latin message too (nineteenth session).

New sentences, not corpus lines: a decline signed with a thanks in Finglish («ye gooshi dige kharidam, mersi») meets the
vetoes its Persian twin meets (the label contract's none); the pay judged in Finglish is no job question; a comparative
asked of the pay («… dastmozdesh bishtare?», and its Persian) is. The rows that keep their answer: a bare Finglish
thanks, a thanks before a question. A Persian-only message reads its one form, as before.
"""

from __future__ import annotations

import pytest

from responder.text import vetoed_forms
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a decline signed with a thanks: the Finglish as its Persian twin (none)
        ("phones", "ye gooshi dige kharidam, mersi", ()),
        ("phones", "یه گوشی دیگه خریدم، مرسی", ()),
        ("services", "niroo peyda kardim, tnx", ()),
        ("home", "baraye ma kochike, mersi", ()),
        # the pay judged in Finglish, nothing asked of this job (none, as «حقوقتون کمه، موفق باشید»)
        ("services", "hoghooghetoon kame, movafagh bashid", ()),
        ("services", "dastmozdetoon ziade, khodafez", ()),
        # a comparative of the pay asked («؟») is a job question, Finglish or Persian; told, it is still a judgment
        ("services", "kar-e shift-e asr dastmozdesh bishtare?", ("job",)),
        ("services", "کار شیفت عصر دستمزدش بیشتره؟", ("job",)),
        ("services", "اجرتتون از بودجه ما بیشتره، موفق باشید", ()),
        # thanks kept: alone, or before a question
        ("phones", "mersi", ("thanks",)),
        ("home", "tnx", ("thanks",)),
        ("phones", "Mersi, gheymatesh chande?", ("price", "thanks")),
    ],
)
def test_finglish_vetoes(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


def test_vetoed_forms() -> None:
    assert vetoed_forms("کار پیدا کردم، مرسی") == ("کار پیدا کردم، مرسی",)  # Persian only: one form, nothing read
    assert vetoed_forms("Kar peyda kardam, MRSI") == ("Kar peyda kardam, MRSI", "کار پیدا کردم, مرسی")
    assert vetoed_forms("kar-e shift-e shab") == ("kar-e shift-e shab", "کار شیفت شب")  # compounds: the ezafe dropped
    assert vetoed_forms("iphone 13 pro") == ("iphone 13 pro",)  # nothing the lexicon knows: one form
