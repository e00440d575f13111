"""Persian-aware normalization: responder.text (fold / clean / canonical / words / persian_digits)."""

from __future__ import annotations

import pytest

from responder.text import canonical, clean, fold, padded, persian_digits, words

ZWNJ = "\u200c"


# -- characters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("كيف", "کیف"),  # Arabic kaf and yeh
        ("علي", "علی"),
        ("مصطفى", "مصطفی"),  # alef maksura
        ("مسئله", "مسیله"),  # yeh with hamza
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("خانۀ", "خانه"),  # heh with yeh above
        ("أحمد", "احمد"),
        ("إيران", "ایران"),
        ("آب", "اب"),  # madda
        ("ٱلله", "الله"),  # alef wasla
        ("مؤسسه", "موسسه"),
    ],
)
def test_canonical_maps_arabic_and_hamza_forms(raw: str, expected: str) -> None:
    assert canonical(raw) == expected


def test_arabic_and_persian_letters_fold_to_the_same_word() -> None:
    assert fold("كيك") == fold("کیک") == "کیک"
    assert fold("مدرسة") == fold("مدرسه")


def test_diacritics_are_dropped() -> None:
    assert canonical("بِسْمِ") == "بسم"
    assert canonical("مُحَمَّد") == "محمد"  # damma, fatha, shadda
    assert canonical("کتاباً") == "کتابا"  # tanwin
    assert canonical("هٰذا") == "هذا"  # superscript alef


def test_tatweel_is_dropped() -> None:
    assert canonical("قیـــمت") == "قیمت"
    assert fold("قیــمـت") == "قیمت"


def test_persian_and_arabic_indic_digits_become_latin() -> None:
    assert canonical("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert canonical("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert fold("۴۵ میلیون") == "45 میلیون"
    assert words("۱۲۳ ٤٥٦") == ["123", "456"]


def test_invisible_joiners_are_dropped() -> None:
    for joiner in ("\u200c", "\u200d", "\u200b", "\u00ad", "\u2060", "\ufeff"):
        assert canonical(f"می{joiner}خواهم") == "میخواهم", repr(joiner)


# -- ZWNJ / space / no-space equivalence -------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        (f"می{ZWNJ}کنی", "میکنی", "می کنی"),
        (f"عکس{ZWNJ}ها", "عکسها", "عکس ها"),
        (f"نمی{ZWNJ}خوام", "نمیخوام", "نمی خوام"),
        (f"بزرگ{ZWNJ}تر", "بزرگتر", "بزرگ تر"),
        (f"عکس{ZWNJ}های", "عکسهای", "عکس های"),
    ],
)
def test_zwnj_space_and_no_space_are_one_word(variants: tuple[str, ...]) -> None:
    folded = {fold(v) for v in variants}
    assert len(folded) == 1, folded
    (only,) = folded
    assert " " not in only
    assert words(variants[2]) == [only]


def test_detached_prefix_glues_only_to_the_next_word() -> None:
    assert words("می کنی خوبه") == ["میکنی", "خوبه"]
    assert fold(f"عکس{ZWNJ}ها رو بفرست") == "عکسها رو بفرست"


def test_suffix_is_not_glued_to_a_number() -> None:
    assert words("3 ها") == ["3", "ها"]


# -- stretched letters, case, separators -------------------------------------------------


def test_stretched_letters_count_once() -> None:
    assert fold("سلاااااام") == "سلام"
    assert fold("سلام") == "سلام"
    assert fold("خیلیییی") == "خیلی"
    assert fold("قیمتتتت") == "قیمت"


def test_latin_is_casefolded() -> None:
    assert clean("Samsung GALAXY") == "samsung galaxy"
    assert fold("iPhone") == fold("IPHONE") == "iphone"
    assert clean("Straße") == "strasse"  # casefold, not lower


def test_emoji_and_persian_punctuation_separate_words() -> None:
    assert words("سلام😀خوبی") == ["سلام", "خوبی"]
    assert words("قیمت؟چند") == ["قیمت", "چند"]
    assert words("قیمت،ارسال؛معاوضه") == ["قیمت", "ارسال", "معاوضه"]
    assert words("«قیمت»") == ["قیمت"]
    assert fold("  قیمت؟؟؟  🙏🙏  ") == "قیمت"
    assert fold("samsung!!!,galaxxxy...") == "samsung galaxy"  # runs collapse in Latin too
    assert fold("iphone!!!,shipping...") == "iphone ارسال"  # English words with one Persian reading (finglish2)


def test_punctuation_alone_folds_to_nothing() -> None:
    assert fold("؟!، 😀 «»") == ""
    assert words("") == []


def test_underscore_separates_words() -> None:
    assert words("a_b") == ["a", "b"]


# -- NFKC --------------------------------------------------------------------------------


def test_nbsp_becomes_a_plain_space() -> None:
    assert canonical("a\u00a0b") == "a b"
    assert fold("قیمت\u00a0چند") == "قیمت چند"


def test_arabic_presentation_forms_fold() -> None:
    # ﻗﯿﻤﺖ is قیمت in isolated/initial/medial/final presentation forms
    assert canonical("ﻗﯿﻤﺖ") == "قیمت"
    assert fold("ﻗﯿﻤﺖ") == fold("قیمت")


def test_full_width_latin_folds() -> None:
    assert clean("ＡＢＣ１２３") == "abc123"


def test_canonical_keeps_case_and_words() -> None:
    assert canonical("Hello  سلاااام") == "Hello  سلاااام"
    assert canonical(f"می{ZWNJ}کنی") == "میکنی"
    assert canonical("می کنی") == "می کنی"  # words untouched: only fold joins them


def test_padded_has_boundary_spaces() -> None:
    assert padded("قیمتش چنده؟") == " قیمتش چنده "
    assert padded("") == "  "


def test_persian_digits() -> None:
    assert persian_digits(45000000) == "۴۵۰۰۰۰۰۰"
    assert persian_digits("45,000,000 تومان") == "۴۵,۰۰۰,۰۰۰ تومان"
    assert persian_digits("abc") == "abc"
    assert persian_digits(3.5) == "۳.۵"


# -- fold's kept tokens (bench/README «Speed, ninth session») ---------------------------------


def _fold_in_one_pass(text: str, finglish: bool = True) -> str:
    """fold as one pass over the whole text (before tokens were kept): the reference."""
    import responder.text as text_module

    cleaned, latin = text_module._canonical(text)
    found = text_module._WORD.findall(cleaned.casefold())
    if finglish:  # misspelt words as meant (responder/respell.py), the rules' reading
        found = text_module._RESPELLER.words(found)
    if latin and finglish:
        found = text_module._FINGLISH.words_of(found)
    return text_module._joined(found)


def _mixed_texts() -> list[str]:
    """Seeded texts that stress every step: affixes, runs across glue, Latin, NFKC spaces, marks."""
    import random

    rng = random.Random(20261126)
    pieces = [
        "می", "نمی", "ها", "های", "هاا", "تر", "ترین", "میی", "یاد", "خوام", "عکس", "۲", "206", "قیمتش", "سلاااام", "ممنون",
        "gheymatesh", "MIKONI", "salaaam", "a54", "ßa", "İyi", "ΟΔΟΣ", "ＧＨ", "يك", "كيف", "مؤسسه", "می\u200cکنی", "قیــمت",
        "بِسْمِ", "¨", "\ufe70", "x_y", "؟؟", "،", "!!", "🙏", "۴.۵", "...", "\n", "\t", "\u00a0", "\u2003", "\u3000",
    ]  # fmt: skip
    texts = []
    for n in range(3200):
        words = [rng.choice(pieces) for _ in range(rng.randint(0, 7) if n < 3000 else rng.randint(40, 120))]  # long: one pass
        texts.append("".join(w + rng.choice((" ", " ", "", "  ", "\u200c", "\n")) for w in words))
    return texts


@pytest.mark.parametrize("finglish", [True, False])
def test_fold_of_kept_tokens_is_the_one_pass_fold(monkeypatch: pytest.MonkeyPatch, finglish: bool) -> None:
    """Per-token folding, first sight and kept, gives what one pass over the whole text gives."""
    import responder.text as text_module

    monkeypatch.setattr(text_module, "_TOKENS", ({}, {}))
    monkeypatch.setattr(text_module, "_WORDS", ({}, {}))
    texts = _mixed_texts()
    expected = [_fold_in_one_pass(t, finglish) for t in texts]
    assert [fold(t, finglish) for t in texts] == expected  # first sight of most tokens
    assert [fold(t, finglish) for t in texts] == expected  # every token kept
    assert len(text_module._TOKENS[finglish]) > 50  # the second pass did read kept tokens


def test_kept_tokens_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's memory stays flat: the kept tokens are emptied when full; long tokens are never kept."""
    import responder.text as text_module

    monkeypatch.setattr(text_module, "_TOKENS", ({}, {}))
    monkeypatch.setattr(text_module, "_WORDS", ({}, {}))
    monkeypatch.setattr(text_module, "_TOKENS_KEPT", 20)
    for n in range(200):
        text = f"قیمت{n} می خوام {'ب' * 50}{n} salam{n}"
        assert fold(text) == _fold_in_one_pass(text)
        assert len(text_module._TOKENS[True]) <= 20 and len(text_module._WORDS[True]) <= 20
    assert not any(len(token) > text_module._TOKEN_MAX for token in text_module._TOKENS[True])
    text_module._TOKENS[True].clear()
    long = " ".join(f"کلمه{n}" for n in range(text_module._TOKENS_READ + 1))  # a long text is read in one pass
    assert fold(long) == _fold_in_one_pass(long) and not text_module._TOKENS[True]


def test_fold_marked_reads_kept_parts_as_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """fold_marked's words and marks, read part by part (split at spaces only: «\\n» is a mark),
    are the ones one pass over the whole text finds; first sight and kept give one result."""
    import unicodedata

    import responder.text as text_module
    from responder.text import fold_marked

    monkeypatch.setattr(text_module, "_MARKED", {})
    texts = _mixed_texts() + ["۴.۵ میلیون. 5..6 قیمت؟!\nموجود.", "a .5 b", "نه،\nفقط عکس؟؟"]
    for text in texts:
        cleaned, latin = text_module._canonical(text)
        one_pass = text_module._RESPELLER.words(text_module._WORD_OR_MARK.findall(cleaned.casefold()))
        if latin:
            one_pass = text_module._FINGLISH.words_of(one_pass)
        parts = unicodedata.normalize("NFKC", text).split(" ")
        assert [item for part in parts for item in text_module._marked_part(part)] == one_pass, repr(text)
    first = [fold_marked(t) for t in texts]
    assert fold_marked("قیمت\nموجود") == "قیمت | موجود"  # a new line ends a clause
    assert fold_marked("سلام\n\nقیمت؟\n موجود") == "سلام | قیمت ? موجود"
    monkeypatch.setattr(text_module, "_MARKED", {})
    assert [fold_marked(t) for t in texts] == first == [fold_marked(t) for t in texts]
