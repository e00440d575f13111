"""recall6 (fifteenth session): questions no keyword rule read at all, by family.

New sentences, not corpus lines: each row is a form of a family the rules missed (a paying verb of the south
and west, a Latin «T» after a sum, «someone bought it?», «still there» in Kurdish or Lori, a tenant in the flat now,
free at a time, a part replaced by the seller, a colour asked with «… چیه», double glazing, a goodbye wishing God's
keeping, «سلام» typed without its space, «won't it come lower?», a swap in the buyer's dialect, the hour of coming),
and the rows that must keep their answer (or stay unanswered) beside them.
"""

from __future__ import annotations

import pytest

from responder.engine.offers import find_offer
from responder.text import fold, fold_marked
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # paying verbs of the south and west («مدم», «دهم», «بتم» = I give; «میتی» = you give), hundreds written apart
        ("vehicles", "نهصد ملیون مدم، قبول؟", ("offer",)),
        ("home", "دو و نیم ملیون دهم، میدی؟", ("offer",)),
        ("phones", "یک و دویست بتم میتی؟", ("offer",)),
        ("vehicles", "چهار صد و ده بتم، میتی؟", ("offer",)),
        ("home", "بعدا بهتون پیام مدم", ()),  # no figure: no offer
        ("services", "پسرم کلاس دهمه، معلم ریاضی دارید؟", ()),  # «دهم» a school year, no figure before it
        # a Latin «T» (thousand toman) after two digits at least; cash and «I come now» after a figure
        ("phones", "640T", ("offer",)),
        ("vehicles", "95T?", ("offer",)),
        ("home", "۳۲ نقد همین الان میام", ("offer",)),
        ("phones", "لپ تاپ 1T؟", ()),  # a terabyte asked: not a sum (a bare «T» figure needs two digits)
        # someone else took it, a buyer found, «still there» in Kurdish, Lori and Gilaki, «… or gone?»
        ("home", "این کمد رو کسی خریده یا نه؟", ("availability",)),
        ("vehicles", "پراید هنوز خریدار پیدا نکرده؟", ("availability",)),
        ("phones", "این آیفون هنوز هیه؟", ("availability",)),
        ("home", "ای یخچال هنی هس؟", ("availability",)),
        ("phones", "تبلت دستته یا رفت؟", ("availability",)),
        ("phones", "بازار گوشی خوابیده، کسی خرید نمیکنه", ()),  # the market, not this one sold
        ("vehicles", "اگه فروش نرفت خبرم کن، فعلا پول ندارم", ()),  # a request for later, no question
        ("vehicles", "ماشین hanoozam forush naraft?", ("availability",)),
        # a tenant in the flat now; free at a time (the plural «you», not the buyer's jobless days)
        ("realestate", "مستاجر فعلی کی اثاث میبره؟", ("availability",)),
        ("realestate", "الان مستاجر توش زندگی میکنه؟", ("availability",)),
        ("services", "پس‌فردا عصر بیکارین؟", ("availability",)),
        # the buyer's own jobless months ask no free time; his «کار دارید؟» asks whether there is work: availability
        # (the label contract, settled by fresh9 in the twenty-first session)
        ("services", "من دو ماهه بیکارم، کار دارید؟", ("availability",)),
        # a part replaced or repaired by the seller, faded colour, cracks, worked hard, never lived in
        ("home", "موتور یخچال رو عوض کردین؟", ("condition",)),
        ("home", "این کولر رو تا حالا تعمیرش کردید؟", ("condition",)),
        ("home", "پرده‌ها رنگ پریدگی ندارن؟", ("condition",)),
        ("vehicles", "خیلی باهاش کار کشیدی؟", ("condition",)),
        ("realestate", "واحد کلید نخورده هست؟", ("condition",)),
        ("phones", "شماره‌مو عوض کردم، این یکی رو ذخیره کن", ()),  # the buyer's own number changed
        ("phones", "صفحه اش اصلیه یا تعویضی؟", ("condition",)),
        # the colour of a part asked with «… چیه», double glazing, units counted, one or two driven axles, a carpet's knot
        ("home", "رنگ روکش صندلیا چیه؟", ("specs",)),
        ("vehicles", "رنگ داخل ماشین چیه؟", ("specs",)),
        ("realestate", "شیشه‌های واحد دوجداره هستن؟", ("specs",)),
        ("realestate", "این برج چند تا واحد داره؟", ("specs",)),
        ("vehicles", "این وانت تک دیفرانسیله؟", ("specs",)),
        ("home", "گره فارسی داره یا ترکی؟", ("specs",)),
        ("phones", "ساعتت چقد شارژ نگه میداره؟", ("specs",)),
        # «دارن»: the item's parts have it (specs, as «داره»), not «do you have one» («دارید»: the item named, stock)
        ("home", "مبلا پشتی سر دارن؟", ("specs",)),
        ("realestate", "واحدها کمد دیواری دارن؟", ("specs",)),
        ("realestate", "آپارتمان با آسانسور دارید؟", ()),
        # a goodbye wishing God's keeping that opens the message; after a decline it stays none
        ("home", "خدانگهدارتون آقا", ("thanks",)),
        ("vehicles", "یا علی، خدا به همراهت", ("thanks",)),
        ("home", "این میز برای ما کوچیکه، خدانگهدار", ()),
        ("phones", "خیلی لطف دارید 🌹", ("thanks",)),
        # «دمت گرم» before a comma and a question is a «please», not a thanks
        ("home", "داداش دمت گرم، رنگش چیه؟", ("specs",)),
        ("home", "دمت گرم داداش", ("thanks",)),
        # «سلام» typed without its space; «you give» without «ی» after «how much»
        ("home", "سلامقیمت میز؟", ("greeting", "price")),
        ("home", "ای کمد چند مِدی خاله؟", ("price",)),
        # «won't it come lower?», a swap in the buyer's dialect or with the item taken in its place
        ("home", "از این پایین‌تر نمیدید؟", ("negotiation",)),
        ("vehicles", "با سمند عوضش مکنی؟", ("swap",)),
        ("home", "فرش منو میگیری جاش؟", ("swap",)),
        # the hour asked after a visit was agreed, the buyer's hour of coming and «all right?», dropping by
        ("vehicles", "اوکی پس ساعتش؟", ("visit",)),
        ("home", "ساعت ۶ عصر میام، خونه‌اید؟", ("visit",)),
        ("realestate", "ساعت ۶ اونجام", ()),  # told alone: the label contract's none
        ("home", "پنجشنبه صبح سر بزنم؟", ("visit",)),
    ],
)
def test_recall6_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("هفتصد ملیون مدم", "هفتصد", "ملیون"),
        ("اگه سه صد و بیست بتم قبوله؟", "سه صد و بیست", ""),  # the hundreds written apart are one figure, not «صد و بیست»
        ("640T", "640", "t"),
    ],
)
def test_dialect_offers_quote_the_whole_figure(text: str, amount: str, unit: str) -> None:
    offer = find_offer(text)
    assert offer is not None and (offer.amount, offer.unit) == (amount, unit)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("سلامقیمتش؟", "سلام قیمتش"),
        ("سلام‌علیکم داداش", "سلام علیکم داداش"),
        ("به سلامتی", "به سلامتی"),  # health, not a greeting
        ("سلامتیتون مهمه", "سلامتیتون مهمه"),
        ("سلامو برسون", "سلامو برسون"),  # a short ending stays one word
    ],
)
def test_a_greeting_typed_without_its_space_is_split(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold_marked(text).replace(" ?", "") == folded
