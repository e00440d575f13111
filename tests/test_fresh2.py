"""fresh2 (issue 10): wrong answers of two blind writers' splits (train26, train27) scored by a gate that did not see them.

New sentences, not corpus lines: each row is a form of a family a rule answered wrongly (a decline signed with a thanks
or a goodbye: the thing bought already, a job found, the need gone, someone else fixed it, a spouse does not like it;
«ok, bye» with a dialect word of address; a Finglish good night after «ok / bye»; «آخریش» for the last price; «تلفون»
for the phone number and «تلفن همراه» for the item; «ببین کجا رفته» as an exclamation), offers not read (a sum with
the formal «I pay», the southern «you buy»), and the rows that must keep their answer.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a decline signed with a thanks or a goodbye, nothing asked
        ("home", "فرش رو خریدیم، دست شما درد نکنه", ()),
        ("vehicles", "ماشینو گرفتیم، مرسی داداش", ()),
        ("realestate", "یه واحد دیگه پسندیدیم، خونه رو گرفتیم، ممنون", ()),
        ("services", "خداروشکر کار پیدا کردم، ممنون از شما", ()),
        ("phones", "بابام برام تبلت آورد، لازم نشد دیگه، مرسی", ()),
        ("services", "برادرم آبگرمکنو درستش کرد، خدافظ", ()),
        ("home", "مادرم نمیپسنده، ممنون", ()),
        ("vehicles", "باشه مشتی، فعلا خدافظ", ()),
        ("realestate", "خب حاجی، خداحافظ", ()),
        # thanks that stay thanks: a photo got, a thanks for a thing done, a goodbye alone
        ("phones", "عکسا رو گرفتم، ممنون", ("thanks",)),
        ("home", "گرفتیم، ممنون که فرستادی", ("thanks",)),
        ("vehicles", "فعلا خداحافظ", ("thanks",)),
        ("home", "مبل رو خریدیم، فاکتورش هست؟", ("documents",)),  # a question after it: asked, not declined
        # a Finglish good night after «ok / bye» closes the chat; alone it greets
        ("realestate", "ok bye, shab bekheir", ()),
        ("phones", "ok bye, shabet khosh", ()),
        ("home", "shab bekheir", ("greeting",)),
        # «آخریش» is the last price; «تلفون» the number; «این / قیمت تلفن همراه» the item
        ("vehicles", "آقا اخریش چند میشه؟", ("negotiation",)),
        ("services", "تلفونتونو میدید؟", ("contact",)),
        ("phones", "قیمت این تلفن همراه رو بفرمایید", ("price",)),
        ("phones", "شماره تلفن همراهتون رو بدید", ("contact",)),
        # «ببین کجا رفته»: an exclamation about prices, no place asked; «کجا» still asks
        ("vehicles", "دلار رو ببین کجا رفته 😳", ()),
        ("realestate", "کجا باید بیام؟", ("location",)),
        # a sum named with the formal «I pay» is an offer, not when asked when to pay; the southern «you buy» («موخری»)
        ("vehicles", "بنده حاضرم مبلغ چهارصد میلیون تومان نقدا پرداخت نمایم", ("offer",)),
        ("home", "حاضرم مبلغ دوازده میلیون تومان بپردازم", ("offer",)),
        ("realestate", "مبلغ ۵۰ میلیون بیعانه رو کی بپردازم؟", ()),
        ("phones", "داداش نه و نیم موخری؟", ("offer",)),
    ],
)
def test_fresh2_intents(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
