"""recall7 (seventeenth session): questions no keyword rule read at all, by phrasing family.

New sentences, not corpus lines: each row is a form of a family the rules missed (another colour in stock, «still the
seller's / still for sale», a Kurdish «سلاو», Dari and southern «how much», a flat free or empty in other words, the worker
free in the third person, cars', flats', phones' and home items' specs words, freshly painted, a part that works, the
buyer's own mechanic, Dari «can you bring it», messengers spelt apart, the rest by cheque, job terms …), and the rows that
must keep their answer or stay unanswered beside them (the words in another sense).
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # another colour in stock (the label contract), the question ending at the verb
        ("phones", "نقره‌ایشم دارین؟", ("availability",)),
        ("phones", "رنگ سرمه‌ایش موجوده؟", ("availability",)),
        ("home", "این کاناپه رنگ دیگه هم داره؟", ("availability",)),
        ("phones", "سفید یا مشکی؟", ("specs",)),  # which of two colours it is
        ("vehicles", "برگ سبزش همراهشه؟", ("documents",)),  # «سبز» of the green card, no colour in stock
        ("phones", "رنگ طلاییش رو داری یا فقط نقره‌ای؟", ()),  # which colour it is or stock: writers disagree, left
        # still the seller's, still in place, still for sale, not sold yet, «still» clipped
        ("vehicles", "پژو هنوز مال خودتونه؟", ("availability",)),
        ("home", "میز ناهارخوری هنوز سرجاشه؟", ("availability",)),
        ("vehicles", "هنوزم میفروشیدش؟", ("availability",)),
        ("phones", "لپتاپ رو هنوز نفروختیدش؟", ("availability",)),
        ("vehicles", "سلام، موتور رو هنو دارید؟", ("greeting", "availability")),
        ("phones", "هنو دستتونه این تبلت؟", ("availability",)),
        # a Kurdish greeting, «good day to you»
        ("realestate", "سلاو، این آپارتمان چند متره؟", ("greeting", "specs")),
        ("services", "وقت شما بخیر، هزینه نصب کولر چقدره؟", ("greeting", "job")),
        # how much in the south and Mazandaran, in billions, «sold at how much»
        ("phones", "ای تبلت چن موشه؟", ("price",)),
        ("realestate", "این ویلا چند موفروشید؟", ("price",)),
        ("realestate", "مغازه چن میلیاردیه؟", ("price",)),
        ("vehicles", "این موتور به چند فروشه؟", ("price",)),
        # a flat free or empty in other words, from a date; not a pledged deed freed
        ("realestate", "آپارتمان از پانزدهم آبان آزاد میشه؟", ("availability",)),
        ("realestate", "واحد خالی هستش؟", ("availability",)),
        ("realestate", "مستاجر نشسته توش یا نه؟", ("availability",)),
        ("realestate", "سکونت فوری امکان داره؟", ("availability",)),
        ("realestate", "ماشینم تو پارکینگ توقیفه، ببینم کی آزاد میشه", ()),  # the buyer's own car freed, no date: not the flat
        # the worker free in the third person or in dialect, a start asked of him, time to spare
        ("services", "کاشیکار پنجشنبه صبح وقت داره؟", ("availability",)),
        ("services", "شنبه آزادی بیای باغ؟", ("availability",)),
        ("services", "نظافتچی کی میتونه شروع کنه؟", ("availability",)),
        ("services", "این ماه فرصت دارید کار ما رو بگیرید؟", ("availability",)),
        ("services", "بیل مکانیکی‌تون پس‌فردا آزاده؟", ("availability",)),
        ("services", "کی وقت آزاد دارید بیاید کارو ببینید؟", ("visit",)),  # coming to look first: visit
        # where: which street, phase or district in formal and Dari words, «نشونی»
        ("realestate", "خانه در کدام خیابان قرار داره؟", ("location",)),
        ("realestate", "کدوم فاز اندیشه‌ست؟", ("location",)),
        ("vehicles", "موترتان در کدام ناحیه پارک است؟", ("location",)),
        ("home", "نشونی مغازه رو بفرستید", ("location",)),
        # when or whether it can be seen; the buyer's own mechanic or inspector the item is taken to
        ("realestate", "امکان دیدن واحد جمعه هست؟", ("visit",)),
        ("phones", "وقت دیدنش کیه؟", ("visit",)),
        ("vehicles", "اجازه هست ببرمش پیش مکانیک خودم؟", ("visit",)),
        ("vehicles", "ببریمش کارشناسی خودم؟", ("visit",)),
        ("vehicles", "مکانیک خودم گفت این مدل صدا میده", ()),  # his own mechanic's word, told: nothing asked
        # condition: freshly painted, water damage in one word, a repairman's hands, never opened, worn, a part that works
        ("realestate", "خونه تازه رنگ شده یا باید رنگ کنیم؟", ("condition",)),
        ("realestate", "اتاقا تازه نقاشی شدن؟", ("condition",)),
        ("phones", "آبخوردگی نداشته؟", ("condition",)),
        ("phones", "گوشی رو تعمیرکار دستش زده یا نه؟", ("condition",)),
        ("phones", "هنوز بازش نکردید؟", ("condition",)),
        ("vehicles", "لاستیکاش کهنه نیست؟", ("condition",)),
        ("phones", "اسپیکرش درست کار میکنه؟", ("condition",)),
        ("vehicles", "بخاریش کار میکنه یا نه؟", ("condition",)),
        ("vehicles", "من با ماشین اسنپ کار میکنم", ()),  # the buyer at work, no part
        ("phones", "با سیم کارت ایرانسل کار میکنه؟", ()),  # a SIM on it: no part's working asked
        ("home", "خونه‌مون تازه رنگ شده، بوی رنگ میاد", ()),  # the buyer's own home, told
        # cars' specs: lights, sound, upholstery, drive, tank, engine size, load and seats
        ("vehicles", "چراغاش زنونه یا هالوژن؟", ("specs",)),
        ("vehicles", "سیستم صوتیش اورجیناله؟", ("specs",)),
        ("vehicles", "تودوزیش چیه؟ پارچه‌ایه؟", ("specs",)),
        ("vehicles", "فورویل هست؟", ("specs",)),
        ("vehicles", "حجم باکش چقدره؟", ("specs",)),
        ("vehicles", "موتورسیکلت چندسی‌سیه؟", ("specs",)),
        ("vehicles", "این نیسان چقدر بار میکشه؟", ("specs",)),
        ("vehicles", "تودوزیش تمیزه؟", ()),  # the upholstery's state (unread), not what it is: no specs
        # flats' specs: a duplex, laminate, three-phase power, a shared gas meter, stair rails, stairs to climb, roofed parking
        ("realestate", "ویلا دوبلکسه؟", ("specs",)),
        ("realestate", "کف آشپزخونه لمینته؟", ("specs",)),
        ("realestate", "برق مغازه سه فازه؟", ("specs",)),
        ("realestate", "گازش مشترکه؟", ("specs",)),
        ("realestate", "بالکن نرده داره؟", ("specs",)),
        ("realestate", "چند طبقست کل ساختمون؟", ("specs",)),
        ("realestate", "برای مادرم پله زیاد داره؟", ("specs",)),
        ("realestate", "پارکینگ ساختمون مسقف هست؟", ("specs",)),
        # phones' specs: 5G, part number, CPU, a tablet's pen, fast charge, cores, the charge held
        ("phones", "تبلت ۵جی هم ساپورت میکنه؟", ("specs",)),
        ("phones", "پارت نامبر گوشی چیه؟", ("specs",)),
        ("phones", "قلمش همراهشه یا جدا باید بخرم؟", ("specs",)),
        ("phones", "فست چارج داره؟", ("specs",)),
        ("phones", "پردازنده‌ش چند هسته‌ست؟", ("specs",)),
        ("phones", "شارژ کیسش چند ساعت میمونه؟", ("specs",)),
        ("phones", "قلمش اصلیه یا فیک؟", ("condition",)),  # the pen original: condition, as before
        # home items' specs: silk, leather, tempered glass, a sofa bed, a washer's load, drawers, a mattress, chairs, taken apart
        ("home", "قالیچه ابریشمه؟", ("specs",)),
        ("home", "روکش مبل چرمه یا مخمل؟", ("specs",)),
        ("home", "شیشه میز تلویزیون سکوریته؟", ("specs",)),
        ("home", "کاناپه تخت‌خواب‌شوئه؟", ("specs",)),
        ("home", "لباسشویی هشت کیلو لباس میشوره یا هفت؟", ("specs",)),
        ("home", "میز تحریر کشو داره؟", ("specs",)),
        ("home", "تخت تشکش هم همراهشه؟", ("specs",)),
        ("home", "میز ناهارخوری چند صندلی داره؟", ("specs",)),
        ("home", "کمد قابل باز شدن هست؟", ("specs",)),
        ("home", "این میز با صندلیاش چند؟", ("price",)),  # chairs naming what is priced, not asked
        # Dari «can you bring it», «can you get it to …»; not regards
        ("home", "یخچال را تا خانه ما آورده میتانی؟", ("delivery",)),
        ("vehicles", "تا قزوین میتونید برسونید؟", ("delivery",)),
        ("services", "سلام منو به استاد برسونید", ()),
        # photos in Kurdish, messengers spelt apart or in Latin, the Dari «number»
        ("vehicles", "وینه‌ی موتورش بفرست", ("photos",)),
        ("phones", "وات ساپ دارین؟", ("contact",)),
        ("home", "eitaa dari?", ("contact",)),
        ("phones", "نمبرت را روان کن", ("contact",)),
        # the rest by cheque, a dated cheque, off the salary, two parts glued
        ("vehicles", "بیست درصد نقد بقیش چک؟", ("installments",)),
        ("home", "کسر از حقوق هم قبول دارید؟", ("installments",)),
        ("services", "دوقسطه بدم؟", ("installments",)),
        # a swap: the buyer's item taken in its place, in English letters
        ("home", "یخچال قدیمیمو جاش برمیدارید؟", ("swap",)),
        ("vehicles", "پژو منو برمیدارید؟", ("swap",)),
        ("phones", "سواپ با آیپد میکنی؟", ("swap",)),
        # negotiation: the owner coming down
        ("realestate", "مالک رو قیمت کوتاه میاد؟", ("negotiation",)),
        # services job terms: board, weekly pay, the formal fee, remote, project or permanent, night shifts
        ("services", "جا و خوراک با خودتونه؟", ("job",)),
        ("services", "دستمزد هفتگیه یا آخر ماه؟", ("job",)),
        ("services", "حق‌الزحمه تدریس چقدره؟", ("job",)),
        ("services", "ریموت هم قبول دارید؟", ("job",)),
        ("services", "نوبت‌کاری داره یا ثابته؟", ("job",)),
        ("services", "خودم فریلنسرم، پروژه دارید بدید؟", ()),  # the buyer's own work: not this job's terms
    ],
)
def test_recall7_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # Sorani «سڵاو» as a greeting; «handed over» in Finglish (flat-vacant's «واگذار»)
        ("home", "سڵاو، میزەکە چنده؟", ("greeting", "price")),
        ("realestate", "aparteman vagozar shod?", ("availability",)),
    ],
)
def test_recall7_kurdish_and_finglish(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
