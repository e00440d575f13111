"""swap2 (issue 10): three wrong-answer families wrongs15 left (twenty-first session).

New sentences, not corpus lines: a thing the seller would replace or move, «X رو عوض میکنید؟», with nothing of the
buyer's given for it, is no swap; «باید عوض کنیم» (it must be replaced) is no swap; where the buyer takes, gives or
registers his own thing is no location; «هنو اجاره‌ش ندادین؟» asks whether it is still for rent. And the rows that
keep their answer: a swap with a partner, this one, the buyer's own thing, «کجا بیام؟», the rent asked.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a thing replaced or moved: no swap
        ("services", "شیر آشپزخونه رو عوض میکنید؟", ()),
        ("services", "قفل در رو عوض میکنید؟ چند میگیرید؟", ("job",)),
        ("services", "ساعت کلاس رو عوض میکنید؟ صبح نمیتونم", ("job",)),
        ("services", "سلام، کاشی آشپزخونه عوض میکنین؟", ()),
        ("home", "پارچه مبلا رو عوض میکنید؟", ()),
        # it must be replaced: no swap
        ("home", "فنرهاش سالمه یا باید عوض کنیم؟", ("condition",)),
        # a partner or the buyer's own thing: a swap still
        ("services", "با یه دوچرخه عوض میکنید؟ من نقاشم", ("swap",)),
        ("vehicles", "پرایدمو عوض میکنی؟", ("swap",)),
        ("vehicles", "یه سمند دارم، عوض میکنی؟", ("swap",)),
        ("phones", "گوشی قبلیم رو با پول عوض میکنی؟", ("swap",)),
        ("realestate", "ویلای کوچیکم رو تو شمال عوض میکنید؟", ("swap",)),
        ("home", "اینو عوض میکنی؟", ("swap",)),
        ("home", "عوض میکنی؟", ("swap",)),
        # where the buyer takes, gives or registers his own thing: no location
        ("phones", "لپتاپ خودم خراب شده، تعمیر کجا ببرم؟", ()),
        ("home", "پرده‌های ما رو کجا بدیم بشورن؟", ()),
        # (wrongs16: nor documents: where the buyer registers his own phone is his errand, `none` as the corpus labels it)
        ("phones", "تبلت خواهرم رو کجا رجیستر کنم؟", ()),
        ("vehicles", "کارت ماشین خودم گم شده، کجا باید برم؟", ()),
        # where the seller is keeps location
        ("home", "کجا بیام ببینمش؟", ("location", "visit")),
        ("phones", "کجا هستید؟", ("location",)),
        # still for rent, the joined «ـه‌ش»: availability
        ("realestate", "هنو اجاره‌ش ندادین؟", ("availability",)),
        ("realestate", "سوئیتو اجاره‌ش دادین؟", ("availability",)),
        # the rent asked keeps rent_terms
        ("realestate", "اجاره‌ش ماهی چنده؟", ("rent_terms",)),
    ],
)
def test_swap2_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
