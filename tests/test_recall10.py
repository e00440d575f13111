"""recall10 (twentieth session): missed questions of the gate CV, by phrasing family.

New sentences, not corpus lines: the item taken to a repairman or an expert to be checked, «can it be seen» with a day
before it, someone coming or going to see it in English, the address asked then the hour of coming told; a part's or a
flat's damage in the words new writers used (tampered with, «ریپیر», water in Finglish, a screen that is a replacement,
a car left standing, damp, a leak, painting needed); «چند» said clipped, «چن», inside any keyword phrase; a «+» standing
alone between two asks; Finglish «hast?» opening the message. Beside them the rows that must stay as they were.
"""

from __future__ import annotations

import pytest

from responder.engine.matcher import spellings
from responder.text import fold_marked
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # taken to a repairman, an expert or a mechanic, or one brought, to be checked (the label contract's visit)
        ("phones", "میشه ببرمش پیش تعمیرکار خودم یه نگاه بندازه؟", ("visit",)),
        ("phones", "بیارمش تعمیرکار ببینه مشکلی نداره؟", ("visit",)),
        ("home", "میشه یخچال رو ببرم کارشناس تست کنه؟", ("visit",)),
        ("realestate", "یه کارشناس بیارم ببینه ایرادی نداره؟", ("visit",)),
        ("vehicles", "can my brother take it to a mechanic first?", ("visit",)),
        # «can it be seen» after a day or the item; coming or going to see it, in English
        ("vehicles", "پنجشنبه عصر میشه ماشینو دید؟", ("visit",)),
        ("realestate", "can we go see it on Friday?", ("visit",)),
        ("vehicles", "کجا میشه دید؟", ("location",)),  # where: the place, as before
        # the address asked, then the day or the hour the buyer comes
        ("home", "آدرس رو بفرستید فردا ظهر میام", ("location", "visit")),
        ("phones", "ارسال نمیخوام خودم میام، آدرس بدید", ("location",)),  # no hour: collected, not a visit asked
        # damage in the words new writers used
        ("phones", "گوشی دست خورده یا نه؟", ("condition",)),
        ("phones", "تا حالا ریپیر شده؟", ("condition",)),
        ("phones", "gooshi ab nakhorde?", ("condition",)),
        ("phones", "صفحش عوضی نیست که؟", ("condition",)),
        ("phones", "دوربینش خرابی نداره؟", ("condition",)),
        ("vehicles", "ماشین خوابیده بوده یا کار کرده؟", ("condition",)),
        ("vehicles", "یاتاقان زده؟", ("condition",)),
        ("vehicles", "صندلی عقب خوابیده میشه؟", ("specs",)),  # a seat folded flat: the car's specs, not left standing
        ("realestate", "دیوار اتاق خواب نمش نداره؟", ("condition",)),
        ("realestate", "لوله‌ها نشتی ندارن؟", ("condition",)),
        ("realestate", "واحد نیاز به نقاشی داره؟", ("condition",)),
        ("home", "کمد moriane nazade?", ("condition",)),
        # «چند» clipped to «چن» inside a keyword phrase
        ("home", "ای پنکه چن واته؟", ("specs",)),
        ("home", "میز چن نفره‌ست؟", ("specs",)),
        ("vehicles", "صندوق عقبش چند لیتره؟", ("specs",)),
        ("vehicles", "عقبش جا داره واسه ویلچر؟", ("specs",)),
        ("services", "سن مهمه؟ تا چن سال میگیرین؟", ("job",)),  # the age a worker is hired up to: not the item's age
        ("phones", "battery helth chande?", ("specs",)),
        # a «+» standing alone between two asks, as a comma
        ("home", "ابعاد + عکس لطفا", ("specs", "photos")),
        ("services", "nemoone kar + hazine?", ("photos", "job")),
        # the figure he puts on it, money emoji alone asked
        ("vehicles", "in pride chand mizani dadash?", ("price",)),
        ("home", "اینو چند میذاری؟", ("price",)),
        ("phones", "💸💸؟", ("price",)),
        ("phones", "💰", ()),  # no question
        # Finglish «is it there?» opening the message
        ("phones", "salam, hast? gheymat?", ("greeting", "availability", "price")),
    ],
)
def test_recall10_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


def test_a_keyword_phrase_with_how_many_is_also_read_clipped() -> None:
    assert "چن متره" in spellings("چند متره")
    assert spellings("چند") == ["چند"]  # a bare «چن» is no keyword of its own
    assert all("چن " not in s for s in spellings("متره خوبه"))


def test_a_plus_standing_alone_ends_a_clause_but_not_one_glued_to_a_figure() -> None:
    assert fold_marked("عکس + قیمت؟") == "عکس | قیمت ?"
    assert "|" not in fold_marked("پلیس +۱۰ کجاست؟")
    assert "|" not in fold_marked("رده انرژیش A+ هست؟")


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        ("phones", "موقع بازی هنگ نمیکنه؟", ("condition",)),
        ("phones", "باتریش زود خالی نمیکنه؟", ("condition",)),
        ("vehicles", "کلاچ سفت نیست؟ ترمزاش خوبه؟", ("condition",)),
        ("vehicles", "کولرش خوب کار میکنه؟", ("condition",)),
        ("home", "lebasshooyi ab nemide?", ("condition",)),
        ("vehicles", "کیلومترشمارش صفر نشده؟", ("condition",)),
    ],
)
def test_recall10_working_parts(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
