"""fresh11 (issue 10): misspelt buyer messages, the spelling noise of phone typing (train41's largest family).

New sentences, not corpus lines. A word no Persian word list holds is read as the list's word of the same sound
(responder/respell.py): letters that sound alike (ت ط, س ص ث, ز ذ ض ظ, ه ح, ق غ, ا ع), a dropped «ع», a final «ح»
or «ع» for «ه». Keywords are read the same way (one fold for both), the rules' regex triggers, ``unless`` and the
offer finder read the respelled text beside the text as typed, and the gate's features stay the text as typed.
A real word is never changed, nor a known word with its suffix, two words typed together, a word cut short, or a
misspelling whose sound names two common words.
"""

from __future__ import annotations

import pytest

from responder.engine import Engine, load_texts
from responder.finglish import key
from responder.respell import Respeller, frequencies, sound
from responder.text import fold, fold_marked, respelled, vetoed_forms
from tests.test_engine import hits
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("غیمت ماشین", "قیمت ماشین"),  # غ for ق
        ("قیمطشو بگو", "قیمتشو بگو"),  # ط for ت, with a suffix
        ("عکصاشو بفرس", "عکساشو بفرس"),  # ص for س, the plural and the object
        ("ثابط یا پورسانت", "ثابت یا پورسانت"),  # ط for ت
        ("هنوذ موجوده", "هنوز موجوده"),  # ذ for ز
        ("ظمانتش تموم شده", "ضمانتش تموم شده"),  # ظ for ض
        ("حنوز داری", "هنوز داری"),  # ح for ه
        ("بیمح بدنه", "بیمه بدنه"),  # a final ح for ه
        ("ماوضه میکنی", "معاوضه میکنی"),  # a dropped ع
        ("کی میشع دید", "کی میشه دید"),  # a final ع for ه (its neighbour on the keyboard)
        ("صلام", "سلام"),
        ("مرصی", "مرسی"),
    ],
)
def test_a_misspelt_word_folds_as_the_word_meant(typed: str, meant: str) -> None:
    assert fold(typed) == fold(meant)
    assert fold_marked(typed + "؟") == fold_marked(meant + "؟")


@pytest.mark.parametrize(
    "word",
    [
        "حال",  # state: not «هال» (a hall)
        "ارز",  # currency: not «عرض» (width)
        "حیات", "حیاط",  # life, a yard: both words
        "صبر", "نذر",
        "حیاطش",  # a known word with its suffix
        "خطم", "هسن",  # a short known word with a suffix («my line», the dialect «they are»): not «ختم», «حسن»
        "هزینش",  # a suffix after a dropped final «ه»
        "دوقسط",  # two words typed together: not «دوغست»
        "ودیع",  # a word cut short (a prefix keyword): not «ودی» + «ا»
        "عرظ",  # its sound names two common words, «عرض» and «ارز»: left as typed
        "هس",  # two letters: too many words
    ],
)
def test_a_real_word_or_an_unclear_one_stays_as_typed(word: str) -> None:
    assert fold(word) == word


@pytest.mark.parametrize(
    ("typed", "spelt"),
    [
        ("ghesty", "ghesti"),  # a final «y» after a consonant is «i»
        ("takhfeef", "takhfif"),  # a doubled «e» between consonants is «i»
        ("meeze", "mize"),
        ("paeen", "paen"),  # after a vowel, as before: «paeen» is not «pain»
        ("paree", "pare"),  # at the end, emphasis as before
        ("hey", "hi"),  # «ey» stays a vowel digraph
    ],
)
def test_finglish_spelling_key(typed: str, spelt: str) -> None:
    assert key(typed) == key(spelt)


def test_the_gate_reads_the_text_as_typed() -> None:
    """The gate's features (``finglish=False``) keep misspellings: it was fitted on the corpus as typed."""
    assert fold("غیمت حنوز", finglish=False) == "غیمت حنوز"
    assert fold("غیمت حنوز") == "قیمت هنوز"


def test_respelled_changes_only_misspelt_words() -> None:
    text = "سلام، قیمتش چنده؟"
    assert respelled(text) is text  # nothing misspelt: the text itself
    assert respelled("۵۰۰ کمطر بدی، میبرم!") == "۵۰۰ کمتر بدی، میبرم!"  # punctuation and figures as typed
    assert respelled("ساغ اول، اجاره‌ها بالاست") == "ساق اول، اجاره‌ها بالاست"  # a ZWNJ kept where nothing changed


def test_vetoes_read_the_text_as_typed_and_as_meant() -> None:
    assert vetoed_forms("منصرف شدم مرصی") == ("منصرف شدم مرصی", "منصرف شدم مرسی")
    assert vetoed_forms("منصرف شدم مرسی") == ("منصرف شدم مرسی",)
    assert vetoed_forms("mrsi, خصته نباشید")[-1] == "مرسی, خسته نباشید"  # the Finglish reading, then respelled


def test_sound_folds_each_class_of_alike_letters() -> None:
    assert sound("طصثذضظحغع") == "تسزهقا"  # «تسسزززهقا»: a letter said twice is said once
    assert sound("معاوضه") == sound("ماوضه") == "ماوزه"


def test_the_meant_word_must_stand_out() -> None:
    """A small list: a misspelling is read as a word of its sound only when that word is DOMINANCE times the next."""
    words = {"قیمت": 1e-4, "عرض": 2e-5, "ارز": 1e-5, "اقا": 1e-4, "اغا": 1e-7, "دو": 1e-2, "قسط": 1e-5, "دوغست": 1e-7}
    reader = Respeller(lambda text: text, lambda: words)
    assert reader.word("غیمت") == "قیمت"
    assert reader.word("عرظ") == "عرظ"  # «عرض» or «ارز»
    assert reader.word("عاقا") == "اقا"  # «اغا» is a known word, a thousand times rarer
    assert reader.word("اغا") == "اغا"  # known: never changed
    assert reader.word("دوقسط") == "دوقسط"  # «دو» + «قسط» is likelier than «دوغست» with a letter wrong
    assert reader.word("قیمط") == "قیمت" and reader.words(["غیمتش", "ab", "۱۲"]) == ["قیمتش", "ab", "۱۲"]


def test_the_word_list_is_wordfreqs() -> None:
    """The data file read directly is the list ``wordfreq``'s own API gives (a format change would show here)."""
    from wordfreq import get_frequency_dict

    assert frequencies() == get_frequency_dict("fa", wordlist="small")


def test_a_misspelt_keyword_meets_the_word_spelt_right() -> None:
    """Keywords fold as messages do: a keyword written misspelt answers the word spelt right, and the reverse."""
    eng = Engine(
        load_texts([("t.yaml", "rules:\n  - name: send\n    keywords: [ارصال]\n    reply: s\n  - name: price\n    keywords: [قیمت]\n    reply: p\n")]).rules,
        gate=False,
    )
    assert hits(eng, "ارسال دارید؟") == ["send"]
    assert hits(eng, "غیمتش؟") == ["price"]


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        ("phones", "غیمتشو بگین لطفا", ("price",)),
        ("home", "حنوزم دارینش این میزو؟", ("availability",)),
        ("vehicles", "ماوضه با پژو ۴۰۵ میکنی؟", ("swap",)),
        ("phones", "فاکطورش رو داری؟", ("documents",)),
        ("home", "ظمانت داره این اجاق؟", ("documents",)),
        ("phones", "کارطنش رو دارین؟", ("documents",)),
        ("home", "عکصاشو میفرستین؟", ("photos",)),  # not «میفرستین» alone (delivery)
        ("vehicles", "طصادفی نیست که؟", ("condition",)),
        ("home", "مرصی از جوابتون", ("thanks",)),
        ("realestate", "صلام، اجارش چنده؟", ("greeting", "rent_terms")),
        ("services", "مصاحبع کی هست؟", ("visit",)),
        # the offer finder reads the words as meant: an offer, not a bare «less»
        ("phones", "۳ تومن کمطر بدی میخرمش", ("offer",)),
        # vetoes read the words as meant («منصرف شدم، مرسی»: a decline, no thanks) and as typed («ساغ اول» before a
        # question is «please», read by the thanks rule's veto in the dialect's own spelling)
        ("phones", "منصرف شدم، مرصی", ()),
        ("home", "ساغ اول، کمدو عکس بگیر بفرست", ("photos",)),
        # as typed: a known word with a suffix, a dialect word, two words together
        ("vehicles", "خطم ایرانسله، آنتن دهی خوبه؟", ()),
        ("home", "هنو هسن این صندلیا؟", ("availability",)),
        ("realestate", "ودیعه‌ش چقدره؟", ("rent_terms",)),
        # Finglish spelled other ways: a final «y», «ee» for «i», a unit in an offer, «slam»
        ("phones", "ghesty midi dadash?", ("installments",)),
        ("vehicles", "takhfeef midi?", ("negotiation",)),
        ("home", "haft o nim midam", ("offer",)),
        ("home", "slam, in miz hanooz hast?", ("greeting", "availability")),
    ],
)
def test_starter_rules_answer_misspelt_questions(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
