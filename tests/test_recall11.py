"""recall11 (twenty-first session): missed services and home questions, by phrasing family.

New sentences, not corpus lines. Services: a job's terms in the words newer writers used (a trial period, benefits and
tips, an extra charge for stairs, who buys the materials, a share or a fixed wage, staying the night, how many days the
job takes), who is accepted (the writer's schooling or age told, then «قبول میکنید؟»; a kind of worker taken), whether
the worker must bring his own car («ماشین خودم باید باشه؟»: a requirement, not his own thing told), a worker of a kind
asked for (availability, the label contract's «پرستار خانم دارید؟»), the worker coming now or reaching the buyer today.
Home: more of «these» counted, a washer's programmes, the weight it bears, the energy label, waterproof, shelves, enough
for a room of a size. Beside them the rows that must stay as they were.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a job's terms in newer words
        ("services", "دوره آزمایشی چند هفته‌ست؟", ("job",)),
        ("services", "bad az azmayeshi bime mishim?", ("job",)),
        ("services", "عیدی هم میدید؟", ("job",)),
        ("services", "انعام مشتریا به خودمون میرسه؟", ("job",)),
        ("services", "خونه طبقه پنجمه و آسانسور نداره، اضافه میگیرید؟", ("job",)),
        ("services", "کاشی رو ما بخریم یا خودتون میگیرید؟", ("job",)),
        ("services", "حقوق ثابته یا درصدیه؟", ("job",)),
        ("services", "پرستار شبا پیش مادرم میمونید؟", ("job",)),
        ("services", "کاغذ دیواری اتاق خواب رو چند روزه تموم میکنین؟", ("job",)),
        ("services", "۴۰ متر سرامیک ۲ روزه تموم میشه؟", ("job",)),
        # who is accepted
        ("services", "فقط سیکل دارم، قبول میکنید؟", ("job",)),
        ("services", "۴۸ سالمه قبول میکنید؟", ("job",)),
        ("services", "با مدرک کاردانی قبولم میکنید؟", ("job",)),
        ("services", "بی‌سابقه هم قبول میکنین؟", ("job",)),
        ("services", "برای انبار کارگر ساده هم میگیرید؟", ("job",)),
        ("services", "فقط آقا قبول میکنید؟", ("job",)),
        # the worker's own car or motorbike, a requirement asked
        ("services", "موتور خودم باید باشه؟", ("job",)),
        ("services", "برای پیک، موتور خودم باشه یا شرکت میده؟", ("job",)),
        # a worker of a kind asked for; the worker coming now, reaching the buyer today, setting to work
        ("services", "مربی شنای خانم دارید؟", ("availability",)),
        ("services", "پرستار سالمند شبانه‌روزی دارید؟", ("availability",)),
        ("services", "مکانیک سیار دارید؟ ماشین وسط اتوبانه", ("availability",)),
        ("services", "آبگرمکن نشتی داره، الان میاین؟", ("availability",)),
        ("services", "امروز میرسید بیاید؟", ("availability",)),
        ("services", "از کی میتونین دست به کار بشین؟", ("availability",)),
        ("services", "farda free hastid?", ("availability",)),
        # home: more of these, counted
        ("home", "۱۲ تا از این صندلی‌ها هست؟", ("availability",)),
        ("home", "یه دونه دیگه از همین مدل دارید؟", ("availability",)),
        ("home", "سه تا از این پتوها رو میخوام، دارید؟", ("availability",)),
        # home: specs in newer words
        ("home", "لباسشویی چند تا برنامه داره؟", ("specs",)),
        ("home", "این میز ۹۰ کیلو تحمل میکنه؟", ("specs",)),
        ("home", "رتبه انرژیش A هست؟", ("specs",)),
        ("home", "رویه مبل ضدآبه؟", ("specs",)),
        ("home", "این جاکفشی چند طبقه‌ست؟", ("specs",)),
        ("home", "این کولر برای خونه ۸۰ متری کافیه؟", ("specs",)),
    ],
)
def test_recall11_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a cheque, a sum or «still» beside «قبول میکنید»: not who is accepted
        ("services", "چک دارم، قبول میکنید؟", ()),
        ("services", "هنوز کارآموز قبول میکنید؟", ("availability",)),
        # a time told, not asked; the worker's own facts with nothing asked
        ("services", "گفتی دو روزه تمومه، الان چهار روز شده", ()),
        # one known elsewhere, not this worker
        ("services", "مکانیک خوب سراغ دارید؟", ()),
        # the buyer's own car, told
        ("services", "ماشین خودم دارم، پراید", ()),
        # the seller's own house, not the item's shelves; a count that is no «these»
        ("home", "خونه‌تون چند طبقه‌ست؟", ()),
        ("home", "همین که گفتید کافیه، ممنون", ("thanks",)),
    ],
)
def test_recall11_rows_that_stay(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
