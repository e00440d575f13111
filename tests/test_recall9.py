"""recall9 (nineteenth session): missed questions of the gate CV, by phrasing family.

New sentences, not corpus lines: number offers in the buyer's other shapes (a ceiling or a floor named with the figure, a
range with a paying verb, a sum opening the message then how he pays, a compound figure alone, southern and Azeri verbs,
«و» glued inside a figure in words), «هنوز هست» opening a clause of a run-on message, another colour or this item's own
other size in stock, and a bare «how much» then «and» another question; beside them the rows that must stay as they were
(a budget told for the search, hours, another product, a thing's own figure, a retraction).
"""

from __future__ import annotations

import pytest

from responder.engine.offers import find_offer
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # a ceiling after the figure, in the next clause or as the last word
        ("بودجه‌م نهایتش ۳۸۰ میلیونه، بیشتر از این ندارم", "نهایتش 380 میلیونه، بیشتر از این ندارم"),
        ("من هفده و نیم دارم، بیشتر نمیشه", "هفده و نیم دارم، بیشتر نمیشه"),
        ("یک میلیارد و دویست، نه بیشتر", "یک میلیارد و دویست، نه بیشتر"),
        ("ای مشتی پونصد بیشتر ندروم", "پونصد بیشتر ندروم"),
        ("شیش تومن، بیشتر در توانم نیست", "شیش تومن، بیشتر در توانم نیست"),
        # a ceiling before it, a job seeker's floor
        ("بیشتر از ۳ و ۵۰۰ ندارم", "بیشتر از 3 و 500 ندارم"),
        ("کمتر از ۲۵ نمیام", "کمتر از 25 نمیام"),
        ("کمتر از ۱۲ تومن نمیتونم بیام، کرایه‌م زیاده", "کمتر از 12 تومن نمیتونم بیام"),
        # a range and a paying verb
        ("۴۵۰ تا ۴۸۰ بگی میام", "480 بگی"),
        ("۲۴ تا ۲۶ میخوام بدم", "24 تا 26 میخوام بدم"),
        # a sum opening the message, then how or when he pays
        ("چهار میلیارد، قولنامه فردا", "چهار میلیارد"),
        ("دو میلیون و ششصد، با کرایه خودم", "دو میلیون و ششصد"),
        ("12M cash, tonight", "12m cash, tonight"),
        ("31m final?", "31m final"),
        # a compound figure alone, a figure and its thousands, «so, 20 million?»
        ("چهارصد و بیست", "چهارصد و بیست"),
        ("۲ و ۳۰۰ دیگه؟", "2 و 300 دیگه"),
        ("خب پس ۱۸ تومن؟", "خب پس 18 تومن"),
        # a figure, what it is for, a paying verb
        ("دویست و پنجاه برای کل سرویس بدم؟", "دویست و پنجاه برای کل سرویس بدم"),
        # southern, western and Azeri verbs; «give it»; «و» glued
        ("ای تخته ره ۷ مودی؟", "7 مودی"),
        ("کاکه ۱۶ بیدم؟", "16 بیدم"),
        ("ای ماشینه ره چارصد بتی؟", "چارصد بتی"),
        ("با ۲۸ میدیش به من؟", "28 میدیش"),
        ("سیصدوهفتاد میدم", "سیصدوهفتاد میدم"),
        ("هیژده میدم", "هیژده میدم"),
        ("۵ تومن بیای پایین همین الان میخرم", "5 تومن بیای پایین همین الان میخرم"),
    ],
)
def test_recall9_offers(text: str, said: str) -> None:
    offer = find_offer(text)
    assert offer is not None and offer.said == said


@pytest.mark.parametrize(
    "text",
    [
        "پول پیشمون کلا دویست تومنه، بیشتر نداریم، دنبال یه واحد کوچیکیم",  # a budget told for the search (none)
        "۲ تا دارم، بیشتر ندارم",  # a count
        "کمتر از ۱۰ دقیقه نمیام",  # a time
        "۱۰ تا ۱۲ میام",  # the hours, no paying verb
        "۴۰ میلیون؟ خیلی گرونه، همین هفته میخرم",  # the price talked of
        "۱۴۰۰",  # a year, no «؟»
    ],
)
def test_recall9_not_offers(text: str) -> None:
    assert find_offer(text) is None


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # offers answered by the engine; «نهایتش» is the buyer's ceiling, not a request for the last price
        ("vehicles", "بودجه من نهایتش ۵۰۰ میلیونه، بیشتر از این ندارم", ("offer",)),
        ("services", "کمتر از ۲۲ تومن نمیام سر کار", ("offer",)),
        ("home", "سیصد و پنجاه", ("offer",)),
        # «still there» opening a clause in a run-on message
        ("phones", "سلام گوشی هنوز هست رنگش چیه", ("greeting", "availability", "specs")),
        ("realestate", "فقط بگید هنوز هست و کجاست", ("availability", "location")),
        ("home", "هنوز هست؟ نه بیخیال، خریدیم", ()),  # taken back: the weak rule, read with the clauses
        ("phones", "گارانتیش هنوز هست؟", ("documents",)),  # another thing still there
        # another colour, this item's own other size
        ("home", "قهوه‌ایشم دارید؟", ("availability",)),
        ("phones", "۱۲۸ گیگشم داری؟", ("availability",)),
        ("home", "تخت دونفره هم دارید؟", ()),  # another product (the label contract's none)
        # a bare «how much» then «and» another question
        ("home", "این کمد چنده و ابعادش چقدره؟", ("price", "specs")),
        ("phones", "میخواستم بدونم چنده و کجا بیام ببرم", ("price", "location")),  # where to pick it up: the place alone
        ("phones", "باتری چنده و گارانتی داره؟", ("specs", "documents")),  # a thing's own figure
    ],
)
def test_recall9_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
