"""wrongs15 (issue 10): wrong answers of the cross-validated measure, by family (twenty-first session).

New sentences, not corpus lines: the time of day asked with no other marker; a photo of the car's parts (the parts a
topic, as the tyres); an appraisal (a price appraised, Divar's own appraisal) is no inspection; «شهرستان» alone (where
someone lives) is no delivery; a word that only begins with a keyword (a blessing on the dead, a pixel, Italy, «we
bring»); «why» in other words before a guess at the reason; where it was made; where on the car a fault is; soundness
wished for, told. And the rows that keep their answer.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # the time of day asked, a clause of its own, and the buyer's day told beside it
        ("services", "ساعت چنده؟ وقت مصاحبه‌م نگذشته باشه", ()),
        ("vehicles", "ساعت چنده؟ قرار تعمیرگاه داشتم", ()),
        # which thing he means, said after it: a watch, not the time
        ("home", "ساعت چنده؟ ساعت دیواری تو عکس رو میگم، قیمتش", ("price",)),
        # a photo of the car's parts: photos alone
        ("vehicles", "یه عکس از شاسی و گلگیر جلو بفرستید", ("photos",)),
        ("vehicles", "عکس زیر ماشین و ستونا؟", ("photos",)),
        # the parts asked by themselves keep condition
        ("vehicles", "شاسیش؟", ("condition",)),
        ("vehicles", "ستوناش سالمه؟", ("condition",)),
        ("vehicles", "جلوبندیش صدا نمیده؟", ("condition",)),
        # the chassis number, an SUV: no condition
        ("vehicles", "شماره شاسی رو برام بنویسید", ()),
        ("vehicles", "من دنبال شاسی بلندم، این مدلا رو نمیخوام", ()),
        # an appraisal, Divar's appraisal: no inspection
        ("vehicles", "کارشناسی دیوار براش چند در اومده؟", ()),
        ("vehicles", "ماشین کارشناسی شده یا نه؟ قیمت آخرو بگو", ("negotiation",)),
        ("vehicles", "۸۰۰ میدم بدون کارشناسی", ("offer",)),
        # taking it to an inspector keeps visit
        ("vehicles", "فردا ببرمش کارشناسی؟", ("visit",)),
        ("vehicles", "کارشناس بیارم ببینه اشکال نداره؟", ("visit",)),
        # «شهرستان» alone: where someone lives, no delivery
        ("realestate", "ما از شهرستان میایم، کی میشه واحد رو دید؟", ("visit",)),
        ("vehicles", "شما خودتون شهرستانید؟", ()),
        ("home", "من شهرستانیم، قیمت آخرش چنده؟", ("negotiation",)),
        # sending to the provinces keeps delivery
        ("home", "میفرستید شهرستان؟", ("delivery",)),
        ("phones", "ارسال به شهرستان دارید؟", ("delivery",)),
        # a word that only begins with a keyword
        ("home", "خدا بیامرزتش، مادرم هم عین این فرش رو داشت", ()),
        ("phones", "مانیتورش پیکسل سوخته نداره؟", ("condition",)),
        ("home", "این مبل ایتالیایی اصله؟", ()),
        ("home", "میز رو خودتون جمع میکنید ما بیاریمش پایین؟", ()),
        # the keywords themselves keep their answers
        ("home", "فردا بیام ببینم؟", ("visit",)),
        ("home", "ایتا دارید؟", ("contact",)),
        ("home", "میتونید بیاریدش دم در؟", ("delivery",)),
        # «why» in other words, then a guess at the reason: none
        ("home", "برای چی میفروشیدش؟ ایرادی داره؟", ()),
        ("phones", "واسه چی میخوای بفروشی؟ مشکلی پیدا کرده؟", ()),
        # a question word after it still asks
        ("phones", "واسه چی میخوای بفروشی؟ قیمتش چنده؟", ("price",)),
        # where it was made: none
        ("phones", "ساخت کجاست این گوشی؟", ()),
        # where on the car a fault is: condition, not the address
        ("vehicles", "گفتی خط و خش داره، کجاهاش؟", ("condition",)),
        ("vehicles", "ماشین کجاهاست؟ آدرس بدید", ("location",)),
        # soundness wished for, told: nothing asked
        ("vehicles", "مدلش مهم نیست فقط موتورش سالم باشه", ()),
        ("phones", "برای پسرم میخوام، فقط سالم باشه", ()),
        ("vehicles", "اگه سالم باشه همین امروز میام، کارکردش چنده؟", ("specs",)),
        # asked keeps condition
        ("vehicles", "موتورش سالمه؟", ("condition",)),
        # «it makes no difference», as «مهم نیست»
        ("vehicles", "رنگش فرقی نمیکنه برام، بیمه داره؟", ("documents",)),
    ],
)
def test_wrongs15_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
