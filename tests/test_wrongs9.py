"""wrongs9 (sixteenth session): wrong answers that passed the agreement gate in CV, by family.

New sentences, not corpus lines: each row is a form of a family a rule answered wrongly (a good night that closes the
chat, a decline signed with a thanks or a goodbye, a blessing that opens a request with words after it, a remark «for
your information», a rumour checked with «راسته؟», a fee asked with a comma before a discount), and the rows that must
keep their answer.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a good night in a message that asks nothing, after an «ok» anywhere or with «I'll let you know / off to bed» after it
        ("home", "اوکی داداش، پس شب بخیر", ()),
        ("phones", "باشه شبتون بخیر، فردا بهتون میگم", ()),
        ("vehicles", "خب دیگه دیر وقته، شب خوش، برم بخوابم", ()),
        ("realestate", "امروز خیلی خسته‌ام، شب بخیر، پس‌فردا خبرتون میکنم", ()),
        ("home", "شب بخیر", ("greeting",)),  # alone it still greets
        ("phones", "سلام، شب بخیر", ("greeting",)),
        ("vehicles", "شب بخیر، هنوز موجوده؟", ("greeting", "availability")),
        ("home", "شب بخیر، چند عکس دیگه بفرستید", ("greeting", "photos")),
        # a decline signed with a thanks or a goodbye: the want gone for good, another thing wanted, no money found, the deal
        # called off or refused, dearer than the market
        ("home", "دیگه هیچی نمیخوایم، ممنون", ()),
        ("phones", "اصلا نمیخرمش، خداحافظ", ()),
        ("vehicles", "ما شاسی بلند میخوایم، ممنون", ()),
        ("phones", "پولم هنوز جور نشد، مرسی", ()),
        ("home", "مامانم قبول نکرد، ممنون", ()),
        ("vehicles", "معامله منتفی شد، خدانگهدار", ()),
        ("phones", "از قیمت بازار بالاتره، مرسی", ()),
        ("phones", "فعلا نمیخوام، مرسی", ("thanks",)),  # a bare «not now» stays a thanks
        ("realestate", "مرسی، ولی پولمون نمیرسه", ("thanks",)),  # a thanks first, then money: a thanks (label contract)
        ("home", "شوهرم قبول نکرد، ممنون که عکسا رو فرستادی", ("thanks",)),  # a thanks for a thing done
        ("home", "ما برای خونه جدید میخوایم، قیمتش چنده؟ ممنون", ("price", "thanks")),  # asked: not a decline
        # a blessing that opens a request is «please», words after the request too; a thanks word after it still thanks
        ("home", "خدا خیرت بده، یه کم تخفیف بده که دخترم دانشجوئه", ("negotiation",)),
        ("phones", "ساغ اول، شماره‌تون رو بدید بابام زنگ میزنه", ("contact",)),
        # recall10: the hour of coming told after the address is a visit too (all 4 corpus lines of that shape: location,visit)
        ("vehicles", "قربونت برم، آدرس رو بفرست امشب میام", ("location", "visit")),
        ("home", "خدا خیرت بده، عکس کمدو بفرست دستت درد نکنه", ("photos", "thanks")),
        ("phones", "قربونت، عکس بفرست دمت گرم", ("photos", "thanks")),
        # «for your information»: what came before is told, a question too; a question after it still asks
        ("services", "نرخ کاشیکاری تو محله ما متری ۳۰۰ هست، گفتم در جریان باشید", ()),
        ("vehicles", "بیمه بدنه برای این مدل چند درمیاد؟ صرفا جهت اطلاع", ()),
        ("realestate", "رهن خونه ما ۵۰۰ هست، محض اطلاعتون", ()),
        ("phones", "گفتم بدونی، هنوز موجوده؟", ("availability",)),
        # a rumour checked with «is it true?»: someone's word reported, not asked of this item or job
        ("services", "همسایمون میگفت بیمه رد نمیکنید، راسته؟", ()),
        ("phones", "تو یه کانال نوشته بود باتری این مدل زود خراب میشه راسته؟", ()),
        ("services", "ساعت کاری چنده؟ شنیدم جمعه‌ها هم باید بیایم، راسته؟", ("job",)),  # a question before the rumour stays
        ("vehicles", "کارکردش ۹۰ هزار نوشتی، درسته؟", ("specs",)),  # «is it right?» checks the seller's own figure
        # a fee (or a price) asked by its how-much word before a comma, then a discount: both are answered
        ("services", "هزینه نصب کولر چقدره، تخفیفم میدید؟", ("job", "negotiation")),
        ("home", "قیمت این کمد چنده، تخفیف هم میدی؟", ("price", "negotiation")),
        ("services", "دستمزدتون یه کم بالاست، تخفیف نمیدید؟", ("negotiation",)),  # a fee told, not asked
        ("vehicles", "قیمت آخرش چنده، بگو", ("negotiation",)),  # one clause: the last price only
    ],
)
def test_wrongs9_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
