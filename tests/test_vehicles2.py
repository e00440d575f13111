"""Wrong answers of the vehicles and phones packs, by family (fifteenth session, helper vehicles2): a spare wheel is
equipment (specs), not the tyres' state; how hard a car was worked and gears going in are its condition; a compliment
on the colour and a decline naming the kind wanted ask nothing; the buyer's own plate, phone or signal; a box sealed or
opened, or the phone still in it, is condition, not documents; a part the seller replaced is condition, not specs; what
a requested video is for.

Each row is made up for the test (not a corpus line) and runs the shipped rules with the category's pack, gate off;
each family has a near reading that must stay as it was."""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents


@pytest.mark.parametrize(
    ("pack", "text", "expected"),
    [
        # the spare wheel and its kit: equipment (specs); the tyres themselves stay condition
        ("vehicles", "زاپاس داره؟", ("specs",)),
        ("vehicles", "زاپاسش سالمه؟", ("condition",)),  # the spare's state: the thing asked about
        ("vehicles", "لاستیک زاپاس هم داره یا نه؟", ("specs",)),
        ("vehicles", "لاستیکاش چند درصده؟", ("condition",)),
        # how hard it was worked, mechanical work, gears going in: condition; how much it was driven stays specs
        ("vehicles", "ماشین زیاد کار کرده؟", ("condition",)),
        ("vehicles", "کار کشیده نیست که؟", ("condition",)),
        ("vehicles", "فنیش کار شده یا دست نخورده‌ست؟", ("condition",)),
        ("vehicles", "دنده‌هاش راحت جا میره؟", ("condition",)),
        ("vehicles", "چقدر کار کرده؟", ("specs",)),
        ("vehicles", "دنده‌ایه یا اتومات؟", ("specs",)),
        # a compliment on the colour asks nothing; the colour asked stays specs
        ("vehicles", "رنگش قشنگه ماشالا 😍", ()),
        ("vehicles", "خانومم میگه رنگش خیلی خوشگله", ()),
        ("vehicles", "رنگش چیه؟", ("specs",)),
        ("phones", "عجب رنگی داره این گوشی ❤️", ()),
        ("phones", "رنگش مشکیه یا سفید؟", ("specs",)),
        # a decline naming the kind wanted, signed off, no question asked; the same kind asked stays specs
        ("vehicles", "ما دنده‌ای لازم داریم، این اتوماته، موفق باشید", ()),
        ("vehicles", "ما دوگانه میخوایم، خدانگهدار", ()),
        ("vehicles", "ما دوگانه میخوایم، این دوگانه‌ست؟", ("specs",)),
        ("phones", "پسرم فقط ۲۵۶ گیگ میخواد، موفق باشید", ()),
        ("phones", "حافظش چند گیگه؟", ("specs",)),
        # the buyer's own plate, told with its number
        ("vehicles", "پلاک خودم ۲۲ ج ۷۸۹ هست، معاینه فنی لازمه؟", ()),
        ("vehicles", "پلاکش ملیه؟", ("documents",)),
        # «شاسی بلند» is the body type (specs); the chassis' state stays condition
        ("vehicles", "شاسیش بلنده یا سدان؟", ("specs",)),
        ("vehicles", "شاسیش سالمه؟", ("condition",)),
        # insurance of another kind, a house number, the buyer's own car's plate: no documents question of this car
        ("vehicles", "بیمه تکمیلی هم داری بفروشی؟ 😄", ()),
        ("vehicles", "پلاک خونه ما ۳۴ هست، بیا اونجا", ()),
        ("vehicles", "پلاک ماشین منم مال همین شهره", ()),
        ("vehicles", "بیمه شخص ثالث داره؟", ("documents",)),
        # the phone still in its box or the box sealed: condition, not documents; the box asked stays documents
        ("phones", "هنوز توی جعبه‌ست؟ اصلا دست نخورده؟", ("condition",)),
        ("phones", "کارتنش آکبنده یا باز کردین؟", ("condition",)),
        ("phones", "باکسش پلمبه؟", ("condition",)),
        ("phones", "کارتن داره؟ پلمپه؟", ("documents", "condition")),
        ("phones", "جعبه و فاکتورش هست؟", ("documents",)),
        # the buyer's own phone's papers; where the buyer takes a phone for its warranty
        ("phones", "گوشیم رجیستر نیست، مال شما صفحش سالمه؟", ("condition",)),
        ("phones", "گارانتی داره؟", ("documents",)),
        # the SIM tray's state is condition; the number of SIMs stays specs
        ("phones", "سیمکارت خورش سالمه؟", ("condition",)),
        ("phones", "دو سیمکارته؟", ("specs",)),
        # a part the seller replaced: not a spec asked
        ("phones", "باتریشو خودتون عوض کردین یا هنوز اصلیه؟", ("condition",)),
        ("phones", "هاردش رو عوض کردید؟", ("condition",)),
        ("phones", "هاردش چند گیگه؟", ("specs",)),
        # the buyer's place or line without signal; the phone's own signal stays condition
        ("phones", "تو روستای ما آنتن نمیده، بعدا زنگ میزنم", ()),
        ("phones", "سیمکارتم آنتن نداره، تو چت بگو", ()),
        ("phones", "آنتن دهیش خوبه؟", ("condition",)),
        # what a requested video is for: the video is the question
        ("phones", "یه ویدیو از صفحه بفرست که خط نداره", ("photos",)),
        ("phones", "صفحه خط نداره؟", ("condition",)),
    ],
)
def test_vehicles2_families(pack: str, text: str, expected: tuple[str, ...]) -> None:
    assert _pack_intents(pack, text) == expected


def test_vehicles2_warranty_taken_where_is_no_documents_question() -> None:
    """«گارانتی کجا ببرم؟»: where the buyer takes a phone for repair (the general location rule may read «کجا»)."""
    assert "documents" not in _pack_intents("phones", "گارانتیشو کجا ببرم تعمیر؟")
    assert _pack_intents("phones", "گارانتیش چند ماهه؟") == ("documents",)
