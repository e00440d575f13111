"""wrongs12 (issue 10): wrong answers of the cross-validated corpus, by family (nineteenth session).

New sentences, not corpus lines: a bare «هستی؟» to the seller; another listing or product of the seller's (the label
contract's none); the ad's photos judged or praised; the photos or video bought as the work; the worker's gender (labels6:
none); the insurance no-claims discount (papers, not a discount); a paper as the bid's stated term, the seller's answer
restated, its lack the reason for a lower price; a photo asked with the fault only its purpose; two more decline reasons
before a thanks; seats or burners naming a home item, told. And the rows that must keep their answer.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a bare «are you there?» to the seller; «هستید؟» keeps its answer
        ("vehicles", "هستی؟", ()),
        ("home", "هستین؟", ()),
        ("phones", "هستید؟", ("availability",)),
        # another listing or product of the seller's (the label contract's none); more of this item stays availability
        ("vehicles", "اون پژو دیگت که نقره‌ای بود هنوز هست؟", ()),
        ("home", "تو آگهی دیگتون یه میز بود، اونم فروش رفت؟", ()),
        ("phones", "اون تبلتی که گفتی داری هم هنوز هست؟", ()),
        ("realestate", "واحد همکف هم موجوده یا فقط همین؟", ()),
        ("vehicles", "چند تا موتور دیگه هم داری؟", ()),
        ("phones", "چند تا گوشی دیگه هم دارید برای فروش؟", ()),
        ("home", "از فرشای دیگتون هم عکس دارید؟", ()),
        ("home", "شش تا صندلی دیگه هم داری؟", ("availability",)),
        ("phones", "هنوز موجوده؟", ("availability",)),
        # the ad's photos judged or praised, nothing asked of them; a new photo asked keeps photos
        ("realestate", "عکسای آگهی قدیمیه یا جدید گرفتید؟", ()),
        ("home", "چه عکسای قشنگی گرفتین 😍", ()),
        ("home", "عکس پذیرایی تو آگهی خیلی قشنگه، دکورش کار خودتونه؟", ()),
        ("home", "عکسای آگهی تاریکه، یه عکس تو نور روز بگیرید", ("photos",)),
        # the photos or video bought as the work: their price, or what they are for
        ("services", "فیلمبرداری تولد دو ساعته چند میگیرید؟", ("job",)),
        ("services", "تدوین یه کلیپ سه دقیقه‌ای چنده؟", ("job",)),
        ("services", "فیلمبردار عروسی هستین؟ نمونه کلیپ دارین؟", ("photos",)),
        # the worker's gender (the label contract, labels6: none)
        ("services", "مربی شنا خانمه؟", ()),
        # the insurance no-claims discount is the papers, not a discount asked
        ("vehicles", "بیمه بدنه با تخفیف چند ساله داره؟", ("documents",)),
        ("vehicles", "بیمه‌ش تخفیف داره؟", ("documents",)),
        ("vehicles", "تخفیف میدی؟", ("negotiation",)),
        # a paper as the bid's stated term, the seller's answer restated and let pass, its lack the reason for a lower price
        ("phones", "۱۲ میدم بدون کارتن", ("offer",)),
        ("vehicles", "آهان یعنی سند نداره. اشکال نداره، فردا میتونم ببینمش؟", ("visit",)),
        ("phones", "اگه گارانتی نداره یکم ارزونتر حساب کن", ("negotiation",)),
        ("phones", "گارانتی داره؟", ("documents",)),
        # a photo asked, the fault only why
        ("phones", "یه عکس از لبه‌هاش بگیر بفرست، خط و خشاشو ببینم", ("photos",)),
        ("home", "یه عکس از پشت کمد بنداز ببینم چوبش سالمه", ("photos",)),
        # the price too heavy, or the item too old for us, signed with a thanks
        ("home", "مرسی لطف کردی، واسه ما قدیمیه این یخچال", ()),
        # seats or burners naming a home item, told, then another question
        ("home", "گاز فردار پنج شعله، شیشه‌ش سالمه؟", ("condition",)),
        ("home", "میز ناهارخوری شش نفره چنده؟", ("price",)),
        ("home", "مبل سه نفره‌ست؟", ("specs",)),
    ],
)
def test_wrongs12_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
