"""greet2 (issue 10): greetings and thanks answered where the label contract says `none` (twentieth session).

New sentences, not corpus lines: an advert or spam after a greeting (no greeting answered either); a greeting on a decline
signed with thanks (the thanks read as a decline takes the greeting with it); a good night beside «we'll talk / arrange
tomorrow» (closes the chat); thanks «به خاطر هیچی» and thanks beside a smirk or an upside-down face (scorn); a formal «منصرف
گردیدم» signed with thanks, «never mind» or «I can't give more» signed with thanks (declines); the buyer's own thing told after
a greeting with no «؟» (none, as «سلام، من خودم پراید دارم»); a blessing opening a «بذار» request («please»). And the rows that keep their answer.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # spam or an advert after a greeting: no greeting answered
        ("services", "سلام دوستان، با کسب درآمد روزانه از خونه آشنا بشید", ()),
        ("home", "با سلام، مشتری عزیز، خدمات قالیشویی ما با ۲۰٪ تخفیف ارائه میدیم", ()),
        # a greeting on a decline signed with thanks: none; a greeting with a plain thanks keeps both
        ("vehicles", "سلام، ما منصرف شدیم، یه ماشین دیگه خریدیم، ممنون", ()),
        ("phones", "درود، قیمتش برای ما زیاده، مرسی", ()),
        ("home", "سلام، ممنون از راهنماییتون", ("greeting", "thanks")),
        ("home", "سلام، هنوز هست؟ ممنون", ("greeting", "availability", "thanks")),
        # a good night beside «we'll talk / arrange tomorrow» closes the chat; a good night opening a question greets
        ("realestate", "شب بخیر، فردا با خانمم هماهنگ میکنیم", ()),
        ("home", "دیگه دیروقته، فردا صحبت میکنیم، شبتون بخیر", ()),
        ("home", "شب بخیر، هنوز موجوده؟", ("greeting", "availability")),
        # thanks for nothing, a smirk or an upside-down face: scorn
        ("phones", "ممنون به خاطر هیچی", ()),
        ("home", "merci bekhatere hichi", ()),
        ("vehicles", "مرسی که بالاخره جواب دادی 🙃", ()),
        ("home", "ممنون، دیگه لازم نیست، خودمون گرفتیم 😏", ()),
        ("home", "مرسی 🌹", ("thanks",)),
        # a formal mind changed, signed with thanks
        ("vehicles", "بدینوسیله به اطلاع میرسانم که از خرید منصرف گردیدیم، با تشکر", ()),
        # «never mind» or «I can't give more» signed with thanks: a decline
        ("home", "باشه پس بیخیال، ممنون", ()),
        ("vehicles", "نه داداش نمیتونم بیشتر بدم، مرسی", ()),
        # a greeting before the buyer's own thing told, no «؟» (voice-typed): none; an introduction to this deal greets
        ("vehicles", "سلام پراید خودمو دیروز فروختم حالا دنبال یه ماشین بهترم", ()),
        ("home", "سلام آشپزخونه مون رو تازه کاشی کردیم خیلی قشنگ شده", ()),
        ("home", "سلام وقت بخیر، از اصفهان پیام میدم", ("greeting",)),
        # a blessing opening a «بذار» request: «please», no thanks
        ("phones", "خدا خیرت بده، چندتا عکس دیگه بذار", ("photos",)),
        ("phones", "عکس دیگه بذار، خدا خیرت بده", ("photos", "thanks")),
    ],
)
def test_greet2_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
