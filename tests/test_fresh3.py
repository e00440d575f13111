"""fresh3 (issue 10): wrong answers of a blind writer's split (train31) the gate was not fitted on, by family.

New sentences, not corpus lines: a visit or a call the buyer will make if a condition holds, the condition itself
the question («اگه … بیام ببینم»); declines signed with a thanks or a goodbye (too big «for our home», a worker found,
a job got elsewhere, a budget told); another listing of the seller's and what points back at it; what a named thing
has come to cost, prices in the garages; where to take the buyer's own thing to be mended, a firm recommended; a
seller chased for days; the buyer's own deposit; what a word means; a flat renovated; a greeting before an age told, or on a phishing line. And the rows
that must keep their answer.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # the condition is the question; the visit after it is told, not asked
        ("home", "اگه کشوهاش سالمه فردا بیام ببینم", ("condition",)),
        ("phones", "اگه فاکتور داره عصر بیام ببینمش", ("documents",)),
        ("vehicles", "اگه اقساطی میفروشی یه سر بیام ببینم", ("installments",)),
        # the visit still asked: with «؟», with nothing read in the condition, or «if you may»
        ("vehicles", "اگه قسطی هم میدی بیام ببینم؟", ("installments", "visit")),
        ("home", "قیمتش چنده؟ اگه مناسب بود فردا بیام ببینم", ("price", "visit")),
        ("home", "اگه ممکنه بفرمایید مبل کجاست و کی میشه دیدش", ("location", "visit")),
        # declines signed with a thanks or a goodbye, nothing asked
        ("home", "مرسی، خیلی کوچیکه برای اتاق ما، خداحافظ", ()),
        ("realestate", "ممنون، برامون خیلی بزرگه، موفق باشید", ()),
        ("services", "ممنون، ما کارگر پیدا کردیم", ()),
        ("services", "یه جای دیگه استخدام شدم، مرسی", ()),
        ("vehicles", "ماشین قشنگیه ولی بودجم ۲۰۰ تاست، خدانگهدار", ()),
        ("home", "ممنون، برامون کوچیکه، بزرگترش هنوز هست؟", ("availability", "thanks")),  # a thanks opening a question
        # another listing of the seller's, and a question that points back at it
        ("home", "آگهی دیگه‌تون رو هم دیدم، اون هنوز هست؟", ()),
        ("vehicles", "اون یکی آگهیت که پراید بود فروختی؟", ()),
        ("home", "این میز هنوز هست؟", ("availability",)),
        # what a named thing has come to cost; prices in the garages
        ("home", "قیمت سیمان چند شده؟", ()),
        ("vehicles", "هزینه صافکاری تو تعمیرگاها الان چقدره؟", ()),
        ("home", "قیمت این میز چند شده؟", ("price",)),
        ("home", "قیمتش چند شده؟", ("price",)),
        # the buyer's own thing to be mended, a firm recommended
        ("vehicles", "گلگیر ماشین خودم قر شده، کجا ببرم درستش کنن؟", ()),
        ("vehicles", "شما بیمه بدنه کدوم شرکت رو پیشنهاد میدی؟", ()),
        ("vehicles", "کجا بیام ببینمش؟", ("location", "visit")),
        # a seller chased for days; the buyer's own deposit
        ("realestate", "کجایید؟ دو روزه پیام میدم", ()),
        ("realestate", "ودیعه ما پیش موجر قبلی مونده", ()),
        ("realestate", "ودیعه چقدره؟", ("rent_terms",)),
        # what a word means, asked; a clarification of the buyer's own question still asks
        ("realestate", "منظورتون از پیش پرداخت همون ودیعه‌ست؟", ()),
        ("vehicles", "منظور از بیمه بدنه چیه؟", ()),
        ("realestate", "ودیعه چقدره؟ منظورم پول پیشه", ("rent_terms",)),
        # a flat renovated is its condition; newly built is its age (specs)
        ("realestate", "سرویسش رو نوسازی کردین؟", ("condition",)),
        ("realestate", "ساختمونش نوسازه؟", ("specs",)),
        # a greeting before an age told, or on a phishing line; a greeting before a question stays
        ("services", "سلام، من ۴۸ سالمه و تازه بازنشسته شدم", ()),
        ("phones", "سلام، حساب کاربری شما مسدود شده، روی این لینک بزنید", ()),
        ("services", "سلام، ۲۵ سالمه، حقوق چنده؟", ("greeting", "job")),
        ("phones", "سلام، سالمه؟", ("greeting", "condition")),
    ],
)
def test_fresh3_intents(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
