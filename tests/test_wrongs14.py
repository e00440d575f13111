"""wrongs14 (issue 10): wrong answers in services (and jobs), by family (twentieth session).

New sentences, not corpus lines: the time of day asked as a clause of its own («ساعت چنده؟ …»: the writer's own day); a
person sent or men brought along by the worker (not a delivery); a message of five words or more that asks nothing (the
writer's story, his trade or an advert: the job rules stay out, `unless_told`). And the rows that keep their answer.
"""

from __future__ import annotations

import pytest

from responder.engine.understand import told_only
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # the time of day asked, a clause of its own: nothing asked of this ad
        ("services", "ساعت چنده؟ مصاحبه‌م ساعت ۴ بود فکر کنم", ()),
        ("services", "ببخشید ساعت چنده؟ باید زنگ بزنم به مشتری", ()),
        ("home", "الان ساعت چنده؟ ساعت دیواریمون خوابیده", ()),
        # a question after it still asks
        ("home", "الان ساعت چنده؟ ساعت دیواریمون خوابیده، کی تحویل میدید؟", ("delivery",)),
        # the interview's time asked keeps its answer
        ("services", "مصاحبه ساعت چنده؟", ("visit",)),
        # a person sent or men brought along: no delivery
        ("services", "فردا صبح کسی رو میفرستید برای نصب؟", ()),
        ("services", "شاگردتون رو میفرستید یا خودتون میاید؟", ()),
        ("services", "چند نفر کارگر با خودتون میارید برای اسباب کشی؟", ()),
        # a thing sent or brought keeps delivery
        ("services", "کارت ویزیتا رو با پیک میفرستید؟", ("delivery",)),
        ("home", "مبل رو خودتون میارید؟", ("delivery",)),
        # a message that asks nothing: the job rules stay out
        ("services", "دوره آموزش خیاطی با مدرک معتبر ثبت نام شروع شد", ()),
        ("services", "شرایط کار تو شهر ما خیلی سخت شده دیگه", ()),
        ("services", "kar-e ghablim bime nadasht, hoghoogh ham dir midadan", ()),
        # the same words asked keep job
        ("services", "بیمه دارید؟", ("job",)),
        ("services", "حقوق و ساعت کاری رو بفرمایید", ("job",)),
        ("services", "هزینه و نمونه کار", ("job", "photos")),
        ("services", "دستمزد نصب کولر", ("job",)),
    ],
)
def test_wrongs14_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("مو کارای کشاورزی بلدم تراکتور هم میرونم", True),
        ("پایه ۱ دارم، ۱۲ سال سابقه تریلی", True),
        ("قیمت مصالح باز رفت بالا", True),
        ("قیمت مصالح رفت بالا؟", False),  # «؟»
        ("بیمه و ساعت کاری", False),  # short: a noun phrase asks
        ("ساعت کاری تون از چند تا چنده", False),  # a word of asking
        ("اگه حقوق خوب باشه من میام سر کار", False),  # an «if» weighs the terms
        ("شرایط کار رو برام بفرستید لطفا", False),  # a request
    ],
)
def test_told_only(text: str, told: bool) -> None:
    assert told_only(text) is told
