"""fresh6 (issue 10): numbers and category jargon that are not what they look like (train36), gate off.

New sentences, not corpus lines. A figure said with a spec's word names the item («مدل ۹۷ چند؟» asks the price, «۴۰۵ مدل
۹۶ دارم، …» offers a swap, «میز ۸ نفره رو ۱۵ بدید؟» bids) unless its clause asks it («مدل ۹۸ هست یا ۹۹؟»); one figure or
another asked is the variant (specs); numbers that are no phone number; the ad's rent pair quoted back; «X رو Y کنید» and
«N تومن بکش پایین» bid; «N سال پیش» asked is a time; «N ماه کار کرده» is the time in use; more declines signed with thanks.
"""

from __future__ import annotations

import pytest

from responder.engine.offers import find_offer
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a model year or a trim said with its figure, then another question or the buyer's own car
        ("vehicles", "سلام، پژو پارس مدل ۹۸ چند؟", ("greeting", "price")),
        ("vehicles", "سمند مدل ۹۴ دارم، عوض میکنی؟", ("swap",)),
        ("vehicles", "پراید ۱۳۱ مدل ۹۷ دارم، تفاوتشو نقد میدم، بدم؟", ()),
        # … while a model year asked with «is it» or «or» stays a specs question
        ("vehicles", "مدل ۹۹ هست یا ۱۴۰۰؟", ("specs",)),
        ("vehicles", "کارکردش ۹۰ هزار؟", ("specs",)),
        # a size with its unit naming the item inside a bid or a story
        ("home", "میز ۸ نفره رو بدون صندلی ۱۵ بدید؟", ("offer",)),
        ("home", "سرویس ۶ نفره ۱۲ تومن؟ نه، ۱۰ میدم", ("offer",)),
        ("home", "خونه ما کوچیکه، ۸ نفره جا نمیشه، ممنون", ()),
        ("realestate", "سلام، ۲ خواب ۹۰ متری، قیمت نهایی؟", ("greeting", "negotiation")),
        ("realestate", "۳ خوابه ۱۵۰ متریه؟ رهن و اجاره‌ش چقدره؟", ("specs", "rent_terms")),
        # one figure or another asked: the variant
        ("vehicles", "یاماها ۱۵۰ ـه یا ۲۵۰؟", ("specs",)),
        ("home", "یخچال ۲ دربه یا ۴ درب؟", ("specs",)),
        ("phones", "ایرپاد ۳ ـه یا ۴؟", ("specs",)),
        ("vehicles", "۲۰۶ بهتره یا ۲۰۷؟", ()),
        ("vehicles", "بیمه‌ش ۶ ماهه‌ست یا ۳ ماهه؟", ("documents",)),
        # numbers that are no phone number, the house number in an address
        ("home", "شماره سفارش ۷۷۸۱ رو پیگیری کنید", ()),
        ("vehicles", "شماره موتورش با کارت یکیه؟", ()),
        ("realestate", "نشونی دقیق؟ پلاک چند؟", ("location",)),
        ("phones", "شارژ سریع 45 وات ساپورت میکنه؟", ("specs",)),
        # the ad's rent pair quoted back; a figure made lower; a sum off, «بکش پایین»
        ("realestate", "رهن ۳۰۰ و اجاره ۱۲ که زدید هنوز همونه؟", ("rent_terms",)),
        ("realestate", "۲۰ رو ۱۷ کنید همین امروز قرارداد میبندیم", ("offer",)),
        # the ad's «negotiable» quoted first, then the price asked
        ("phones", "توافقی نوشتید، تقریبا چند؟", ("price",)),
        ("phones", "۳ تومن بکش پایین", ("offer",)),
        ("phones", "یه کم بکشید پایین", ("negotiation",)),
        ("realestate", "۴۰۰ بیشتر نمیتونیم ودیعه بدیم", ("offer",)),
        # «N سال پیش» asked is when a part was replaced (condition); told, a story
        ("realestate", "شیرآلات رو ۳ سال پیش عوض کردید؟", ("condition",)),
        ("vehicles", "پسرعموم ۵ سال پیش تصادف کرد، خیلی ترسیدیم", ()),
        # «N ماه کار کرده؟» is the time in use (specs by the contract): no condition answer
        ("phones", "فقط ۳ ماه کار کرده؟", ()),
        # declines signed with a thanks; the papers brought to a meeting
        ("services", "ممنون، دستمزدش برای ما کمه، موفق باشید", ()),
        ("services", "مرسی، دیروز یه نقاش دیگه گرفتیم", ()),
        ("vehicles", "ساعت ۵ بیام؟ کارت و مدارکو بیارید لطفا", ("visit", "documents")),
        # how many hands, with a figure (none, as «چند تا نیرو میخواید؟»); still hiring stays availability
        ("services", "۲ تا نیرو میخواید؟", ()),
        ("services", "هنوز نیرو لازم دارید؟", ("availability",)),
    ],
)
def test_fresh6_intents(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("۲۰ رو ۱۷ کنید همین امروز قرارداد میبندیم", "20 رو 17 کنید"),
        ("۳ تومن بکش پایین", "3 تومن بکش پایین"),
        ("۴۰۰ بیشتر نمیتونیم ودیعه بدیم", "400 بیشتر نمیتونیم ودیعه بدیم"),
        ("۳۰۰ رهن ۱۲ اجاره میدید؟", "300 رهن 12 اجاره"),
    ],
)
def test_fresh6_offers(text: str, said: str) -> None:
    offer = find_offer(text)
    assert offer is not None and offer.said == said


@pytest.mark.parametrize(
    "text",
    [
        "رهن ۳۰۰ و اجاره ۱۲ که زدید هنوز همونه؟",  # the seller's figures quoted back
        "تو آگهی نوشتید ودیعه ۵۰۰ اجاره ۱۵، درسته؟",
        "۲ رو ۳ کنید",  # made higher: not a bid
        "ماهی ۱۵ تومن حقوق میگیرم، کم میارم",  # what the buyer earns, told
    ],
)
def test_fresh6_not_offers(text: str) -> None:
    assert find_offer(text) is None
