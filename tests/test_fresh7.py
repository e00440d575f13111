"""fresh7 (twentieth session): train37's near-misses, by family, gate off.

New sentences, not corpus lines: a counterfactual («اگه … بود … میخریدم») and the decline told after it; the buyer's former
or present thing, or a relative's («خونه قبلیم», «ماشین بابام»); Divar itself named as the one that acts («دیوار خودش …»,
«خود دیوار»); an advertiser's address to the reader; the coming named as the time of a question («قبل اینکه بیام …»); a
service's fee put off until the job is seen («… بیاید ببینید، بعد قیمت بدید»); a maybe of coming. Beside them the rows that
must stay: a real condition, a thing bought for a relative or sent to one, a price asked next, a visit asked.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a counterfactual: the state named is not asked of this item
        ("home", "اگه پایه‌هاش فلزی بود همین امروز میبردمش", ()),
        ("vehicles", "اگه دنده اتومات بود صد در صد میخریدم", ()),
        ("vehicles", "اگه رنگ نداشت چند میدادیش؟", ()),
        ("realestate", "اگه آسانسور داشت میگرفتیم، ولی طبقه چهارمه، شرمنده", ()),
        # a real condition keeps its question
        ("phones", "اگه سالم بود میام ببینمش", ("condition",)),
        # the buyer's former or present thing, or a relative's, told
        ("realestate", "خونه قبلیمون رطوبت داشت، خیلی اذیت شدیم", ()),
        ("realestate", "اجاره خونه فعلیم ۹ تومنه، صاحبخونه میخواد زیادش کنه", ()),
        ("phones", "گارانتی گوشی داداشم دیروز تموم شد", ()),
        ("vehicles", "بیمه ماشین بابام ماه دیگه تموم میشه", ()),
        # a thing bought for a relative, a parcel sent to one, a question after the story: still asked
        ("phones", "شش تومن میدم برای گوشی دخترم، قبوله؟", ("offer",)),
        ("phones", "گوشی قبلیم خراب شد، این یکی گارانتی داره؟", ("documents",)),
        # Divar itself
        ("phones", "دیوار خودش گارانتی میده؟", ()),
        ("home", "طرح اقساطی خود دیوار شامل این میشه؟", ()),
        # an advertiser
        ("services", "مشتری عزیز، باربری ما با ۲۰٪ تخفیف در خدمت شماست", ()),
        # the coming as the time of the question
        ("realestate", "قبل اینکه بیام ببینم، بگید سند داره؟", ("documents",)),
        ("vehicles", "قبل از بازدید آدرس دقیقو بفرستید", ("location",)),
        ("vehicles", "قبل از اینکه بیام بگید بدنه رنگ داره؟", ("condition",)),
        # a service's fee put off until the job is seen; a price asked next of an item is asked
        ("services", "یه سر بیاید حموم رو ببینید، بعدش قیمت بدید", ("visit",)),
        ("services", "دستمزد رو بعدا صحبت میکنیم، کی میتونید بیاید ببینید؟", ("visit",)),
        ("phones", "اول بگو باتریش چنده؟ بعد قیمت", ("specs", "price")),
        # a maybe of coming, told
        ("vehicles", "اگه تا جمعه پول جور شد شاید بیام", ()),
    ],
)
def test_fresh7_engine(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # the formal passive «ارسال گردد» and a «؛» after «ارسال نمایید»: sent in the chat, no delivery
        ("phones", "خواهشمند است عکس کارتن گوشی ارسال گردد", ("photos", "documents")),
        ("vehicles", "لطفا لوکیشن دقیق را ارسال نمایید؛ با سپاس", ("location", "thanks")),
        # another flat free too: another product (none); this flat still free stays availability
        ("realestate", "واحد دیگه‌ای هم تو این بلوک خالی دارین؟", ()),
        ("realestate", "هنوز خالیه؟", ("availability",)),
    ],
)
def test_fresh7_rules(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a told «because …» after a question says why the buyer asks: its words ask nothing
        ("home", "میزش لق نمیزنه؟ آخه فلزیه", ("condition",)),
        ("vehicles", "کلاهبرداری که نیست؟ آخه قیمتش خیلی کمه", ()),
        # the question before it still asks
        ("vehicles", "عکس بیشتر بفرست، آخه عکسا کمه", ("photos",)),
    ],
)
def test_fresh7_because(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
