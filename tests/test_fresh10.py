"""fresh10 (issue 10): the less common kinds of listing (train40's families, twenty-second session).

New sentences, not corpus lines: a tyres or rims listing's own words (the item named bare, its season, make, date and
figures, its price; a rim warped), a car part that fits the buyer's car; a camera's shutter count, a console's disc drive
or copied games, a SIM line's kind, owner and bills, a graphics card mined on, a disk's bad sectors; works with a stated
thing or supply; the item's words before «هنوز هست / هم هست» ask for stock; villas, suites, gardens, land, shops, sheds and
shared flats' specs and papers, a pre-sale's down payment on instalments, a nightly rate; a service at the buyer's home, a
trade asked for, a project's handover; a sending's fare; a spin speed or a load asked with «how much». And the rows that
keep their answer.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a tyres or rims listing: the bare word names the item
        ("vehicles", "لاستیکا تابستونیه یا چهار فصل؟", ("specs",)),
        ("vehicles", "تاریخ تولید این لاستیکا چیه؟", ("specs",)),
        ("vehicles", "دو حلقه لاستیک رو هم چند؟", ("price",)),
        ("vehicles", "رینگا رو تا شنبه برام نگه دار", ()),
        ("vehicles", "مهره‌های رینگارو هم میذاری روش؟", ()),
        ("vehicles", "رینگ ۱۸ چند پره‌ست؟", ("specs",)),
        ("vehicles", "رینگا تاب برداشته؟", ("condition",)),
        ("vehicles", "این سپر به پراید میخوره؟", ("specs",)),
        # the car's own tyres and rims keep their readings
        ("vehicles", "لاستیکاش چند درصده؟", ("condition",)),
        ("vehicles", "رینگ اسپرت داره یا آهنی؟", ("specs",)),
        ("vehicles", "وام خرید بهش میخوره؟", ("installments",)),
        # «مدل موتور» is no hairstyle
        ("vehicles", "مدل موتور چنده؟", ("specs",)),
        # machinery, bicycles, trucks
        ("vehicles", "تریلی تو معدن کار کرده؟", ("condition",)),
        ("vehicles", "ترمز دوچرخه دیسکیه؟", ("specs",)),
        ("vehicles", "دنده هاش شیمانو دیور ـه؟", ("specs",)),
        ("vehicles", "بیل رو میاری کارگاه؟ کرایه کفی چقدر میشه؟", ("delivery",)),
        ("vehicles", "بیل برگه کارشناسی داره؟", ("documents",)),
        ("vehicles", "بارش چقدره این کامیون؟", ("specs",)),
        ("vehicles", "وانت کمپرسیه؟", ("specs",)),
        ("vehicles", "کی میشه تراکتور رو دید؟", ("visit",)),
        ("vehicles", "با کفی بیارید کرج، کرایش با من", ("delivery",)),
        ("vehicles", "گازش کارخونه‌ایه؟", ("condition",)),
        ("vehicles", "دوگانه‌سوز کارخونه‌ایه یا تک‌سوز؟", ("specs",)),
        # phones and electronics
        ("phones", "دوربینت شاتر کانتش چقدره؟", ("specs",)),
        ("phones", "ps4 دیسک خوره؟", ("specs",)),
        ("phones", "پلی ۴ کپی خوره یا نه؟", ("condition",)),
        ("phones", "اصله یا کپی؟", ()),
        ("phones", "گرافیک رو ماینینگ زدی؟", ("condition",)),
        ("phones", "هارد بدسکتور داره؟", ("condition",)),
        ("phones", "خط اعتباریه یا دائمی؟", ("specs",)),
        ("phones", "این خط به نام خودته؟", ("documents",)),
        ("phones", "هدفون بلوتوثش ورژن چنده؟", ("specs",)),
        ("phones", "بلوتوثش قطع و وصل میشه؟", ("condition",)),
        ("phones", "شماره سیمکارت رو کامل بگو ببینم چند تا ۷ داره", ()),
        ("phones", "تلویزیون اسمارته؟", ("specs",)),
        ("phones", "ساعت جی پی اس داره؟", ("specs",)),
        ("phones", "ردیاب gps دستی میخوام، قیمتش رو دیدم", ()),
        ("phones", "دکمه‌هاش گیر نمیکنه؟", ("condition",)),
        ("phones", "مانیتور چند کیلوئه؟", ("specs",)),
        ("phones", "پاور بانک ۱۰ هزار هم دارید؟", ()),
        ("phones", "لپ تاپ رو کارشناس ببینه مشکلی نیست؟", ("visit",)),
        # a graphics card's listing names the item; a laptop's graphics stay a spec
        ("phones", "کارت گرافیکو میشه ببرم تست بگیرم؟", ("visit",)),  # taken to be checked, no spec
        ("phones", "گرافیک لپ تاپ چند گیگه؟", ("specs",)),
        ("phones", "هدست رو با اسنپ بفرست", ("delivery",)),
        # works with a stated thing or supply; not with the buyer's SIM card (the registry)
        ("phones", "این ساعت با سامسونگ هم کار میکنه؟", ("specs",)),
        ("phones", "با سیمکارت ایرانی کار میکنه؟", ()),
        ("home", "این پنکه با برق ماشین کار میکنه؟", ("specs",)),
        ("home", "بخاری سالم کار میکنه؟", ("condition",)),
        # the item's words before «still there» or «there too» (after a figure) ask for stock
        ("phones", "هارد ۱ ترا هنوز هست؟", ("availability",)),
        ("home", "مبل ۹ نفره هنوز هست؟", ("availability",)),
        ("phones", "این ضد آب هم هست؟", ("specs",)),
        # home: kitchenware, baby things, lamps, sewing machines, a spin speed
        ("home", "قابلمه‌ها چدنیه؟", ("specs",)),
        ("home", "کالسکه راحت تا میشه؟", ("specs",)),
        ("home", "تا چند ماهگی جواب میده؟", ("specs",)),
        ("home", "دور موتورش چنده؟", ("specs",)),
        ("home", "فرش رو تا قم میفرستید؟ کرایه‌ش چقدر میشه؟", ("delivery",)),
        ("home", "تا طبقه سوم بالا میبرید؟", ()),
        ("home", "فرش ۶ متری همین طرح هم دارید؟", ("availability",)),
        ("home", "کمد جیرجیر میکنه؟", ("condition",)),
        ("home", "گلدون آفت زده؟", ("condition",)),
        ("home", "آفتاب‌گیره؟", ()),
        ("home", "شناسنامه کارشناسی داره این تابلو؟", ("documents",)),
        # realestate: villas, suites, gardens, land, shops, sheds, shared flats, pre-sale
        ("realestate", "ویلا استخر و شومینه داره؟", ("specs",)),
        ("realestate", "زمین دیوارکشی داره؟", ("specs",)),
        ("realestate", "دیوارکشی تازه شده؟", ()),
        ("realestate", "آب لوله کشی هست یا تانکری؟", ("specs",)),
        ("realestate", "حموم مشترکه؟", ("specs",)),
        ("realestate", "سوله جواز داره؟", ("documents",)),
        ("realestate", "زمین نقشه تفکیکی داره؟", ("documents",)),
        ("realestate", "قیمت شبی سوئیت؟", ("rent_terms",)),
        ("realestate", "پیش پرداخت چند؟ بقیه‌ش اقساط؟", ("installments",)),
        ("realestate", "پول پیش رو دو قسط بدم؟", ("rent_terms",)),
        ("realestate", "پیشرفت فیزیکی ساختمون چقدره؟", ("specs",)),
        # services: at the buyer's home, a trade asked for, a project's handover, a catering order, an applicant's own sample
        ("services", "آرایش در منزل هم دارید؟", ("job",)),
        ("services", "استاد میاید خونه یا ما بیایم؟", ("job",)),
        ("services", "کار در منزل با درآمد بالا، پیام بدید", ()),
        ("services", "آرایشگر خانم برای عروسی دارید؟", ("availability",)),
        ("services", "چند تا کارگر دارید؟", ()),
        ("services", "جوشکار لازم دارید؟", ("availability",)),
        ("services", "سایت رو چند روزه تحویل میدید؟", ("job",)),
        ("services", "نصف الان بقیه بعد تحویل، خوبه؟", ("installments",)),
        ("services", "برای ناهار ۳۰ نفر غذا میخوایم", ()),
        ("services", "ناهار با شرکته؟", ("job",)),
        ("services", "نمونه کارامو بفرستم؟", ()),
        ("services", "کامیونت میارید یا خاور؟", ("job",)),
        ("services", "سلام، خدمات باغبانی دارید؟", ("greeting", "availability")),
        ("services", "تعرفه خدمات دارید؟", ("job",)),  # the fee asked, no worker
        ("services", "منوی غذا چی شاملش میشه؟", ("job",)),
        ("services", "کارت صلاحیت دارید؟", ("job",)),
    ],
)
def test_fresh10_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
