"""Finglish round 3 (nineteenth session, helper finglish2): train35's young buyers and traders — past verbs, the hyphenated
ezafe and suffixes, «3» for «ع», abbreviations and English words with a clear Persian equivalent — read as Persian."""

from __future__ import annotations

from pathlib import Path

import pytest

from responder.engine import Engine
from responder.evaluate import answer, load_rules
from responder.text import fold, fold_marked

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.mark.parametrize(
    ("finglish", "persian"),
    [
        ("kar peyda kardam, mrsi", "کار پیدا کردم، مرسی"),  # a past stem, «peyda», an abbreviation
        ("mamnoon babat aksa", "ممنون بابت عکسا"),
        ("location-e khodam ro ferestadam, didi?", "لوکیشن خودم رو فرستادم، دیدی؟"),  # the ezafe «-e» is not written
        ("hoghoogh ghabel-e mozakere ast?", "حقوق قابل مذاکره است؟"),
        ("ta 18 mitoonam biam bala, bishtar na", "تا ۱۸ میتونم بیام بالا، بیشتر نه"),
        ("sabeghe-am 3 sal", "سابقه‌ام ۳ سال"),  # a suffix after the hyphen
        ("storage-esh chande?", "حافظه‌اش چنده؟"),  # a suffix on an English word read only whole
        ("khodemoon mikhaym", "خودمون میخوایم"),
        ("fe3lan pool nadaram", "فعلا پول ندارم"),  # «3» for «ع»
        ("ba'd az zohr", "بعد از ظهر"),  # an apostrophe for «ع»
        ("nakhorde, nashode, nayomade", "نخورده، نشده، نیومده"),
        ("mikhastam bebinam", "میخواستم ببینم"),
        ("gharardad ro mibandin?", "قرارداد رو میبندین؟"),
        ("aks plz, tnx", "عکس لطفا، مرسی"),
        ("still hiring?", "هنوز استخدام؟"),
    ],
)
def test_train35_finglish_folds_to_the_persian_fold(finglish: str, persian: str) -> None:
    assert fold(finglish) == fold(persian)


def test_a_hyphen_part_the_lexicon_does_not_know_stays_as_written() -> None:
    assert fold("odometer-esh sefr") == "odometer esh sefr"  # no Persian stem: the suffix stays Latin too
    assert fold("3ta sandali") == "3ta صندلی"  # «3» before letters is a number, not «ع»
    assert fold_marked("location-e daghigh?") == "لوکیشن دقیق ?"


def test_english_words_that_are_finglish_keep_their_reading() -> None:
    assert fold("khaste nabashid") == fold("خسته نباشید")  # not «خواسته» (the past stem «khast»)
    assert fold("hey goftan") != fold("سلام گفتن")  # «hey» (again and again) is no greeting: left Latin


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        ("home", "mamnoon babat aksa, kheili khoob bood", ("thanks",)),  # thanks for the photos, not a photo request
        ("phones", "mrc babat video, location?", ("location", "thanks")),
        ("vehicles", "ma3avaze ba 206 mikoni?", ("swap",)),
        ("services", "still hiring?", ("availability",)),
        ("home", "rang-esh chie?", ("specs",)),
        ("vehicles", "cheque ghabool mikoni?", ("installments",)),
    ],
)
def test_rules_answer_train35_finglish(pack: str, text: str, intents: tuple[str, ...]) -> None:
    engine = Engine(load_rules([RULES, RULES.parent / "packs" / pack]).rules, gate=False)
    assert answer(engine, text, pack)[0] == intents
