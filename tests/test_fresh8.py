"""fresh8 (twenty-first session): train38's indirect and formal asking, by family, gate off.

New sentences, not corpus lines: «I want / must / was told to see whether …» (no visit asked); «we must come» and «let us come
to terms» (no visit); a decline signed with thanks («for us» before the adjective, another thing looked for in the past, a
decision told, one bought by someone else); a person sent with «can you» between; the question after «میخواستم بدونم» in
the same clause, with a reason after it (asked, not a question meant and dropped); a daily rate and a formal «تقدیم کنم»
offered; the ad still live, a carrier lock, a charging port, a microwave's grill, a dishwasher's programmes. Beside them the
rows that must stay: a visit asked, a question meant and dropped, a test drive «ببینم چطوره».
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # «I want / must / was told to see whether …»: no visit
        ("home", "عکس کشوها رو بدید، میخوام ببینم جای لباسای بچه هست", ("photos",)),
        ("realestate", "اول باید ببینم همسرم میپسنده یا نه", ()),
        ("vehicles", "شوهرم گفته ببینم به دردمون میخوره یا نه", ()),
        ("home", "کاش میشد رو صندلی بشینم ببینم راحته", ()),
        # «we must come», «let us come to terms»
        ("home", "اگه خریدیم بار میزنید یا باید بیایم خودمون ببریم؟", ("delivery",)),
        ("vehicles", "یه کم قیمتت بالاست، بیا کنار بیایم", ("negotiation",)),
        # a visit asked stays
        ("vehicles", "فردا عصر میخوام بیام ببینم", ("visit",)),
        ("phones", "میشه یه دور باهاش کار کنم ببینم چطوره؟", ("visit",)),
        # a decline signed with thanks
        ("home", "مرسی، ولی برای ما خیلی بزرگه", ()),
        ("phones", "خیلی ممنون، ولی ما دنبال مدل ۲۵۶ بودیم", ()),
        ("vehicles", "باشه ممنون، تصمیم گرفتیم یه مدل بالاتر بخریم", ()),
        ("phones", "مرسی، لازم نیست دیگه، بابام یکی خرید", ()),
        ("home", "ممنون", ("thanks",)),
        # a person sent, with «can you» between
        ("services", "فردا صبح کسی رو میتونید بفرستید برای تمیزکاری؟", ()),
        # the question after «I wanted to know», a reason after it
        ("phones", "میخواستم بدونم حافظه‌ش چند گیگه، بازی زیاد میکنم", ("specs",)),
        ("phones", "میخواستم بدونم حافظه‌ش چند گیگه", ("specs",)),
        # a question meant and dropped stays dropped
        ("phones", "حافظه‌شو میخواستم بدونم، ولی دیگه مهم نیست", ()),
        # a daily rate, a formal «I offer»
        ("services", "اگه ۷۰۰ روزانه قبول کنید فردا میام", ("offer",)),
        ("vehicles", "اگه ۴۱۰ تقدیم کنم موافقید؟", ("offer",)),
        # a count of days is no offer: how long the job takes is a job term (recall11)
        ("services", "۵ روزه تموم میشه؟", ("job",)),
        # vocabulary
        ("phones", "ببخشید این آگهی فعاله؟", ("availability",)),
        ("phones", "گوشی قفل شبکه داره؟", ("condition",)),
        ("phones", "درگاه شارژش چیه؟", ("specs",)),
        ("home", "این ماکروفر گریل داره؟", ("specs",)),
        ("home", "ظرفشویی چند برنامه شستشو داره؟", ("specs",)),
    ],
)
def test_fresh8_engine(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
