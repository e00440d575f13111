"""wrongs11 (issue 10): wrong answers of the cross-validated corpus, by family (eighteenth session).

New sentences, not corpus lines: a services fee or pay judged, laughed at or talked of in general; a decline whose need
was met another way (one hired, the work done by the buyer, a contract signed elsewhere); the buyer's own home painted;
a flat's built and land area, a nightly rent, «کرایه» for the rent, a down payment asked after instalments (not the
price); a lower rent or deposit asked (negotiation covers rent terms in its clause; a conversion stays rent terms); a
deposit bid with no rent; what a tradesman brings or the buyer buys. And the rows that must keep their answer.
"""

from __future__ import annotations

import pytest

from responder.engine.offers import find_offer
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a fee or pay judged, laughed at or talked of in general: nothing asked of this job
        ("services", "دستمزدتون برای ما خیلی زیاده، خدانگهدار", ()),
        ("services", "حقوقش خیلی پایینه واقعا", ()),
        ("services", "😂😂 این دستمزده یا صدقه؟", ()),
        ("services", "حقوق منشی‌ها امسال چقدر اضافه شد؟", ()),
        ("services", "مالیات حقوق رو کی کم میکنه؟", ()),
        ("services", "دستمزد نقاش‌ها تو شهر ما زیاد شده، همه‌جا همینطوره", ()),
        # a job seeker's own licence told, nothing asked; beside a question it is the requirement asked
        ("services", "گواهینامه پایه دو دارم ولی ماشین ندارم", ()),
        ("services", "گواهینامه پایه دو دارم، کافیه؟", ("job",)),
        # the fee asked, and a discount on it, keep their answers
        ("services", "دستمزدتون چقدره؟", ("job",)),
        ("services", "دستمزدتون زیاده، کمتر نمیشه؟", ("negotiation",)),
        # a contract signed elsewhere, spam selling insurance
        ("services", "ما با یه پیمانکار دیگه قرارداد بستیم", ()),
        ("services", "نماینده بیمه هستم، بیمه عمر لازم ندارید؟", ()),
        ("services", "قرارداد چند ماهه‌ست؟", ("job",)),
        # a decline whose need was met another way, signed with a thanks
        ("services", "هفته پیش یه نقاش گرفتیم، ممنون", ()),
        ("services", "مرسی، کار رو خودمون انجام دادیم", ()),
        ("services", "خودمون کارگر داریم، سپاس", ()),
        ("realestate", "خونه گرفتیم، ممنون از شما", ()),
        ("home", "ممنون، پیدا کردیم", ()),
        ("home", "ممنون، خیلی لطف کردید", ("thanks",)),
        # what the worker brings or the buyer buys is the work's terms
        # the seller addressed as «خانم» after the greeting; how many couriers are wanted (the label contract: none)
        ("services", "سلام خانم، هنوز منشی لازم دارید؟", ("greeting", "availability")),
        ("services", "چند تا پیک لازم دارید؟", ()),
        ("services", "کاشی رو خودتون میارید یا ما بخریم؟", ("job",)),
        ("services", "غذا رو خودتون میارید درب منزل؟", ("delivery",)),
        # the buyer's own home painted; a flat freshly painted, asked
        ("home", "خونمون تازه رنگ شده بوی رنگ میاد", ()),
        ("realestate", "دیوارها تازه رنگ شده؟", ("condition",)),
        # an age said in words holds «سالم» (sound) inside it
        ("services", "شاگرد لازم دارید؟ من هفده سالمه", ("availability",)),
        ("home", "سالمه؟", ("condition",)),
    ],
)
def test_wrongs11_services_and_declines(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a flat's built or land area, the share of the land: specs, not the price
        ("realestate", "زیربنای واحد چقدره؟", ("specs",)),
        ("realestate", "عرصه چقدره؟", ("specs",)),
        # a nightly rent, «کرایه» for the rent, the deposit in Finglish: rent terms
        ("realestate", "اتاق شبی چنده؟", ("rent_terms",)),
        ("realestate", "کرایه ماهیانه چند است؟", ("rent_terms",)),
        ("realestate", "pish chand?", ("rent_terms",)),
        ("realestate", "قیمت خونه چنده؟", ("price",)),
        # a down payment after instalments is no price (installments for goods)
        ("home", "اقساطی میدید؟ پیش چقدر؟", ("installments",)),
        ("vehicles", "vam dare? chand?", ("installments",)),
        ("home", "چنده؟", ("price",)),
        # a lower rent or deposit asked: negotiation alone; a conversion stays rent terms; two clauses ask both
        ("realestate", "رهن رو یه کم بیارید پایین", ("negotiation",)),
        ("realestate", "ماهیانه رو کمتر کنید رهن بیشتر میدم", ("rent_terms",)),
        ("realestate", "rahn kamtar bedam ejare bishtar mishe?", ("rent_terms",)),
        ("realestate", "رهن چقدره؟ تخفیف هم میدید؟", ("rent_terms", "negotiation")),
    ],
)
def test_wrongs11_realestate_and_how_much(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("۷۰۰ رهن بدون اجاره", True),  # a deposit with no rent: the buyer's terms
        ("رهن ۳۰۰ هیچی اجاره؟", True),
        ("500m rahn kamel", True),  # the full deposit in Finglish, «m» for million
        ("بدون اجاره هم میدید؟", False),  # no figure: a rent term asked
    ],
)
def test_wrongs11_deposit_bids(text: str, found: bool) -> None:
    assert (find_offer(text) is not None) is found


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a thanks, then a good night closing the chat; a good night beside «we'll talk it over»
        ("phones", "اوکی ممنون، شبتون خوش", ()),
        ("home", "شب بخیر، با خانواده مشورت میکنیم", ()),
        ("phones", "ممنون، خداحافظ", ("thanks",)),
        # where on the car a repaint or a dent is: the condition, not a place; a place named then «where in it» stays
        ("vehicles", "خط و خش داره؟ کجاش؟", ("condition",)),
        ("realestate", "شیراز کجاش؟", ("location",)),
        # fuel at the pump is no price of this item
        ("vehicles", "قیمت گازوئیل الان چنده؟", ()),
        ("vehicles", "gheymate benzin alan chande?", ()),
        # regards sent or brought, greeting spoken of, a wrong chat in Finglish: no greeting to the seller
        ("home", "مادرم سلام میرسونه، گفت بهتون بگم", ()),
        ("phones", "سلام کردن بلد نیستی؟", ()),
        ("vehicles", "salam, ba ghalat ferestadam", ()),
        ("vehicles", "سلام، هنوز هست؟", ("greeting", "availability")),
    ],
)
def test_wrongs11_closings_and_where_on_it(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
