"""Finglish (Persian in Latin letters) read as Persian: responder.finglish through responder.text.fold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from responder.engine import Engine
from responder.engine.gate_fit import SOURCES
from responder.finglish import STEMS, WORDS, Transliterator, key
from responder.text import fold, fold_marked

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.mark.parametrize(
    "spellings",
    [
        ("gheymat", "ghimat", "gheimat", "qeymat", "qimat", "GHEYMAT", "gheymaaat"),
        ("hanooz", "hanuz", "hanoz", "hanouz"),
        ("mojood", "mojud", "mojod"),
        ("moaveze", "moavezeh"),
        ("takhfif", "takhfiif"),
        ("check", "chek"),
    ],
)
def test_spellings_of_one_word_share_a_key(spellings: tuple[str, ...]) -> None:
    assert len({key(s.lower()) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("finglish", "persian"),
    [
        ("qeymatesh chande?", "قیمتش چنده؟"),
        ("hanuz mojoode?", "هنوز موجوده؟"),
        ("akharin gheimat?", "آخرین قیمت؟"),
        ("takhfif midin?", "تخفیف میدین؟"),
        ("aksesh ro befrestid", "عکسش رو بفرستید"),
        ("aksaro mifresti?", "عکسارو میفرستی؟"),
        ("ghesti ham mifroshid?", "قسطی هم میفروشید؟"),
        ("adres kojast", "آدرس کجاست"),
        ("ersal be shahrestan darid?", "ارسال به شهرستان دارید؟"),
        ("ejarash chande", "اجاره‌اش چنده"),
        ("bimash chand mahe?", "بیمه‌اش چند ماهه؟"),
        ("sanadesh takbargast?", "سندش تکبرگه‌ست؟"),
        ("mitoonam biam bebinam?", "میتونم بیام ببینم؟"),
        ("salaaam khaste nabashid", "سلام خسته نباشید"),
        ("Mamnoon", "ممنون"),
    ],
)
def test_finglish_folds_to_the_persian_fold(finglish: str, persian: str) -> None:
    if "تکبرگه‌ست" in persian:  # «-ast» after a stem: «تکبرگست», the short copula
        persian = persian.replace("تکبرگه‌ست", "تکبرگست")
    assert fold(finglish) == fold(persian)


@pytest.mark.parametrize(
    "word", ["iphone", "samsung", "a54", "pride", "206", "ok", "xiaomi", "redmi", "note", "pro", "max", "galaxy", "s23", "peugeot", "tiba", "quick", "macbook", "ram", "ssd", "health"]
)
def test_brand_model_and_english_words_are_left_alone(word: str) -> None:
    as_latin = fold(word, finglish=False)  # («ssd» → «sd»: fold counts a repeated letter once, in any script)
    assert fold(word) == as_latin
    assert fold(f"{word} gheymatesh chande") == f"{as_latin} قیمتش چنده"


def test_unknown_latin_words_stay_latin() -> None:
    assert fold("blorptastic vxq") == "blorptastic vxq"


def test_mixed_persian_and_latin_messages() -> None:
    assert fold("سلام، iphone 13 pro gheymatesh chande؟") == "سلام iphone 13 pro قیمتش چنده"
    assert fold("با pride 111 avaz mikoni?") == "با pride 111 عوض میکنی"
    assert fold_marked("hanooz hast? gheymat?") == "هنوز هست ? قیمت ?"


def test_persian_text_and_the_latin_option_are_untouched() -> None:
    assert fold("قیمتش چنده؟ هنوز هست؟") == "قیمتش چنده هنوز هست"
    assert fold("gheymatesh chande", finglish=False) == "gheymatesh chande"


def test_a_detached_verb_prefix_is_glued_after_transliteration() -> None:
    assert fold("mi foroshi?") == fold("میفروشی؟")


def test_every_lexicon_spelling_reads_as_its_persian() -> None:
    reader = Transliterator(fold)
    for table in (STEMS, WORDS):
        for persian, spellings in table.items():
            for spelling in spellings.split():
                assert reader.word(spelling) == fold(persian), (spelling, persian)


def test_the_gate_cache_key_covers_the_lexicon() -> None:
    """The shipped gate's cached weights are named by a hash of the sources its features come from."""
    assert any(path.name == "finglish.py" for path in SOURCES)


def _intents(text: str, pack: str = "") -> tuple[str, ...]:
    from responder.evaluate import answer, load_rules

    folders = [RULES, RULES.parent / "packs" / pack] if pack else [RULES]
    return answer(Engine(load_rules(folders).rules, gate=False), text)[0]


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        ("", "akharin qeymatetoon?", ("negotiation",)),
        ("vehicles", "chek migirid?", ("installments",)),
        ("", "kojaye shahri?", ("location",)),
        ("", "post mikonid?", ("delivery",)),
        ("realestate", "vadieh chand?", ("rent_terms",)),
        ("", "shomarato midi?", ("contact",)),
        ("", "mitoonam biam bebinamesh?", ("visit",)),
        ("phones", "garantish hanuz hast?", ("documents",)),  # «still» said of the warranty, as in Persian
        # specs and state words in Latin (vocab: new writers' words no keyword read)
        ("realestate", "garmayeshe vahed pakije?", ("specs",)),
        ("realestate", "seraydaresh hast?", ("specs",)),
        ("realestate", "sare khiaboon asli ast?", ("location",)),
        ("vehicles", "kei mishe did?", ("visit",)),
        ("vehicles", "hanoozam forush narafte?", ("availability",)),
        ("home", "ertefa kabinet chande?", ("specs",)),
    ],
)
def test_starter_rules_answer_finglish_with_their_persian_keywords(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(text, pack) == intents


def test_a_message_without_latin_letters_skips_the_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    import responder.text

    def refuse(words: list[str]) -> list[str]:
        raise AssertionError(f"transliterated {words}")

    monkeypatch.setattr(responder.text._FINGLISH, "words_of", refuse)
    assert fold("سلام، قیمت آخر ۲۰۶ چنده؟") == "سلام قیمت اخر 206 چنده"
    assert fold_marked("هنوز هست؟") == "هنوز هست ?"


@pytest.mark.parametrize(
    "text",
    ["قیمتش چنده؟", "سلام gheymatesh chande", "ok, thanks، با تشکر", "يك ميليون", "يabc", "ßa gheymat", "İyi", "ＧＨＥＹＭＡＴ", "ǰa", "206 avaz"],
)
def test_fold_reads_latin_as_the_casefolded_test_did(text: str) -> None:
    """fold finds Latin words in its replacement pass; the result is what a Latin test after casefold gives."""
    import responder.text as text_module

    words = text_module._WORD.findall(text_module.clean(text))
    if re.search("[a-z]", text_module.clean(text)):  # the Latin test fold once made after casefold
        words = text_module._FINGLISH.words_of(words)
    assert fold(text) == text_module._joined(words)


def test_fold_scans_a_persian_message_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Speed: no Latin scan of its own for a Persian-only message (bench/README «Finglish, round 2»)."""
    import responder.text as text_module

    def scanned(text: str) -> None:
        raise AssertionError("a second pass over the message")

    monkeypatch.setattr(text_module, "clean", scanned)  # the Latin test is canonical's own pass: no scan after it
    assert fold("سلام قیمتش چنده؟") == "سلام قیمتش چنده"
    assert fold("salam gheymatesh chande") == fold("سلام قیمتش چنده")


@pytest.mark.parametrize(
    ("finglish", "persian"),
    [
        # round 2 (branch finglish2): general buyer words, and forms from Finglish lines no rule caught
        ("chand nafare ast?", "چند نفره است؟"),
        ("jensesh chie?", "جنسش چیه؟"),
        ("kojaee daghighan?", "کجایی دقیقا؟"),
        ("lak nadare?", "لک نداره؟"),
        ("akbande?", "آکبنده؟"),
        ("nam dare?", "نم داره؟"),
        ("payane kar gerefte?", "پایان کار گرفته؟"),
        ("ghabele ersal hast?", "قابل ارسال هست؟"),
        ("shift shab dare?", "شیفت شب داره؟"),
        ("dastet dard nakone", "دستت درد نکنه"),
        ("motoresh sedaye ezafe nadare?", "موتورش صدایه اضافه نداره؟"),
        ("zarbe khorde?", "ضربه خورده؟"),
        ("tarak dare?", "ترک داره؟"),
        ("eybi dare?", "عیبی داره؟"),
        ("bedoone rang?", "بدون رنگ؟"),
        ("moayene fanni dare?", "معاینه فنی داره؟"),
        ("khalafi dare?", "خلافی داره؟"),
        ("zemanat dare?", "ضمانت داره؟"),
        ("salamat batrish chande?", "سلامت باتریش چنده؟"),
        ("sefide?", "سفیده؟"),
        ("sharayet estekhdam?", "شرایط استخدام؟"),
        ("daramadesh chande?", "درآمدش چنده؟"),
        ("poorsant darid?", "پورسانت دارید؟"),
        ("video dari?", "ویدیو داری؟"),
        ("whatsapp dari?", "واتساپ داری؟"),
        ("gharar bezarim?", "قرار بذاریم؟"),
        ("gharardad chand sale?", "قرارداد چند ساله؟"),
        ("chek sayadi ghabool mikoni?", "چک صیادی قبول میکنی؟"),
        ("rooz bekheir", "روز بخیر"),
        ("sepas", "سپاس"),
        ("naghdan chand?", "نقدا چند؟"),
        ("vam mikhore?", "وام میخوره؟"),
        ("miresooni?", "میرسونی؟"),
        ("moaveze mipazirid?", "معاوضه میپذیرید؟"),
        ("farda sob miam", "فردا صبح میام"),
    ],
)
def test_round_two_words_fold_to_the_persian_fold(finglish: str, persian: str) -> None:
    assert fold(finglish) == fold(persian)


@pytest.mark.parametrize(
    "word",
    [
        "name",  # «اجاره name»: no «نمه» (damp) from «nam» + «e»
        "takht",  # a bed («تخت»), not «تاخت» (swap): «taakht» shares its key, so neither is read
        "taavoz",  # «تعویض» is a part replaced (condition), not a swap
        "merc",  # a Mercedes, not «مرسی»
    ],
)
def test_round_two_leaves_ambiguous_words_latin(word: str) -> None:
    assert fold(word) == fold(word, finglish=False)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("2 tomn bedam miay?", "2", "تومن"),  # Latin «tomn», «bedam»: read as «تومن بدم»
        ("1.2 milyard naghd midam, ok?", "1.2", "میلیارد"),  # the decimal point and comma kept
        ("300 rahn 12 ejare midin?", "300 رهن 12 اجاره", ""),  # a deposit and a rent
        ("380 ta mikhay bedi?", "380", ""),  # «تا» before a verb of paying is the market's unit (holdout5 labels it offer)
        ("sisad o hashtad bedi mikharam", "سیصد و هشتاد", ""),  # tens read as Persian
        ("metri 120 anjam midin?", "120", ""),  # a rate and «انجام میدین»
    ],
)
def test_find_offer_reads_a_finglish_message(text: str, amount: str, unit: str) -> None:
    from responder.engine.offers import find_offer

    offer = find_offer(text)
    assert offer is not None and (offer.amount, offer.unit) == (amount, unit)


@pytest.mark.parametrize("text", ["3 ta mikhay?", "2 ta mikhay bedi?", "saat 5 miam", "2 ta aks bede", "model 98 e?", "09121234567 zang bezan"])
def test_find_offer_finglish_keeps_the_persian_exclusions(text: str) -> None:
    from responder.engine.offers import find_offer

    assert find_offer(text) is None
