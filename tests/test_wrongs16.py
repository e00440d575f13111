"""wrongs16 (issue 10): wrong answers of the cross-validated measure, by family (twenty-second session).

New sentences, not corpus lines: a job seeker's own facts beside «do you have work?»; a question a regex found, taken back
or put of something else; the prices of «this area»; a lease's tracking code; where it was made, where the deed is signed,
where the seller is from, where it can be seen, where «they» do a job, which bank gives loans; a school or a park near the
flat; the market's price; where it is handed over; the flat handed over; a paper «still there»; what the buyer is looking
for, told; what an appliance runs on, a fridge's kind; «this» item named then priced; a real odometer; how many owners;
the interview coming told; coming to work; a moving firm, a worker sent, a rough invoice, the work handed over; a worker's
gender; «oh, so …» told; a battery sound; a regex match before the clause «فقط» opens; what the law says; a decline that names
what was found. And the rows that keep their answer.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a job seeker's own facts told beside «do you have work? / are you hiring?»: the vacancy asked, his facts told
        ("services", "جوشکارم، هشت سال سابقه دارم، کار دارید؟", ("availability",)),
        ("services", "کاکو آشپز میخواید؟ مدرک آشپزی م دارم", ("availability",)),
        ("services", "اسا کار دارید؟ مو بنایی بلدم", ("availability",)),
        # a requirement asked beside his facts, or his lack set against a skill, stays the job's
        ("services", "سابقه ندارم، قبول میکنید؟", ("job",)),
        ("services", "من لالم ولی خیاطی بلدم، استخدام میکنید؟", ("job",)),
        # a question a regex found, taken back or asked about something else
        ("services", "چرا همیشه کارگر میخواید؟ کسی دووم نمیاره؟", ()),
        ("vehicles", "هست؟ نه ولش کن، پسرم یکی دیگه خرید", ()),
        # a regex match before the clause «فقط» opens is set aside, as its keywords are; a question after it still asks
        ("services", "اگه هنوز آشپز لازم دارید، من حاضرم، فقط بگید کی بیام؟", ("visit",)),
        ("services", "هزینه مهم نیست، فقط ضمانت دارید؟ کی میتونید شروع کنید؟", ("job", "availability")),
        # the prices or rents of «this area»: the market
        ("realestate", "رهن‌های این محله الان چه خبره؟ متوسطش چنده؟", ()),
        ("realestate", "قیمت آپارتمان تو این منطقه متری چنده؟ میخوام بدونم خونه خودم چند میارزه", ()),
        ("realestate", "این محله کجاست؟ اجاره چنده؟", ("location", "rent_terms")),
        # the lease's tracking code: documents, no rent term
        ("realestate", "قرارداد رو با کد رهگیری مینویسید؟", ("documents",)),
        ("realestate", "قرارداد چند ساله‌ست؟ کد رهگیری هم دارد؟", ("rent_terms", "documents")),
        # where it was made, where the deed is signed, where the seller is from: no address
        ("home", "ساختش کجاست این کمد؟", ()),
        ("vehicles", "قولنامه رو کجا بنویسیم؟", ()),
        ("phones", "داداش بچه کجایی؟", ()),
        ("phones", "صفحه گوشیمو کجا ارزون عوض میکنن؟", ()),
        ("realestate", "وام مسکن رو کدوم بانک میده؟", ()),
        # a school or a park near the flat: an amenity; a named place near stays location
        ("realestate", "یه پارک نزدیک خونه هست؟", ()),
        ("realestate", "مدرسه نزدیکه؟ بچه‌م کلاس دومه", ()),
        ("realestate", "نزدیک دانشگاه شریفه؟", ("location",)),
        # the market's price
        ("phones", "قیمت بازار این مدل چنده؟", ()),
        # where it is handed over: location alone; when the flat is handed over: availability
        ("phones", "کجا تحویل میدید؟", ("location",)),
        ("realestate", "کی میتونیم کلید تحویل بگیریم؟", ("availability",)),
        ("realestate", "خونه تلفن ثابت داره؟", ("specs",)),
        # where it can be seen, nobody's coming said: location alone; with «بیام» a visit too
        ("vehicles", "کجا ببینمش؟", ("location",)),
        ("vehicles", "کجا بیام ببینمش؟", ("location", "visit")),
        # a paper still there: documents; the item still there in its own clause keeps availability
        ("home", "کارت گارانتیش هنوز دستتونه؟", ("documents",)),
        ("home", "یخچال هنوز هست؟ فاکتور داره؟", ("availability", "documents")),
        # what the buyer is looking for, told; a question beside it still asks
        ("vehicles", "دنبال یه ماشین بی‌رنگم که تصادفی نباشه", ()),
        ("vehicles", "دنبال یه ماشین سالمم، این تصادفی نیست؟", ("condition",)),
        # what an appliance runs on, a fridge's kind: specs
        ("home", "این پنکه با برق ماشین کار میکنه؟", ("specs",)),
        ("home", "فریزر نوفراسته یا برفک میزنه؟", ("specs",)),
        ("home", "یخچال کار میکنه؟", ("condition",)),
        # «this» item named with its words, then a bare how-much: the price; a measure asked stays specs
        ("home", "این میز تاشو چنده؟", ("price",)),
        ("home", "این میز طولش چنده؟", ("specs",)),
        # whether the odometer is real: condition; the real figure asked stays specs
        ("vehicles", "کیلومتر واقعیه؟", ("condition",)),
        ("vehicles", "کارکرد واقعیش چنده؟", ("specs",)),
        # how many owners: none
        ("vehicles", "تا حالا چند بار صاحبش عوض شده؟", ()),
        # the interview coming told with thanks; a request after it still asks
        ("services", "مرسی، شنبه ساعت ۸ میام مصاحبه", ("thanks",)),
        ("services", "شنبه ساعت ۸ میام مصاحبه، آدرس بفرستید", ("visit", "location")),
        # coming to work, the work before seen, a moving firm, a worker sent, a rough invoice, the work handed over
        ("services", "دو نفریم، میتونیم بیایم کار؟", ()),
        ("services", "کار قبلیتونو میشه ببینم؟", ("photos",)),
        ("services", "کامیون دارید؟", ("availability",)),
        ("services", "باربری تا اصفهان هم میرید؟", ("location",)),
        ("services", "مربی شنا خانم میفرستید؟", ()),
        ("services", "قبل کار یه پیش فاکتور میدید؟", ("job",)),
        ("services", "بعد تحویل کار بقیه پولو میدم", ()),
        ("services", "فردا بیام دفتر قرارداد ببندیم؟", ("visit",)),
        # the worker's gender: none; who is hired stays the job's
        ("services", "نظافتچی خانم هست یا آقا؟", ()),
        ("services", "فقط خانم میگیرید یا آقا هم میشه؟", ("job",)),
        # a paper wanted for a loan: the paper, not instalments
        ("realestate", "برای وام بانک پایان کار میخواد، این ساختمون داره؟", ("documents",)),
        ("realestate", "تاریخ تخلیه کی قطعیه؟", ("availability",)),
        # «oh, so …» told: what the seller said is not asked again
        ("phones", "آها پس فروخته شده، باشه", ()),
        ("phones", "آهان پس جعبه نداره، فاکتورش چی؟", ("documents",)),
        # the battery sound, a watch's series: specs
        ("phones", "باتریش سالمه؟", ("specs",)),
        ("phones", "اپل واچ سری چنده؟", ("specs",)),
        ("phones", "پست میکنید یا باید حضوری بیام؟", ("delivery",)),
        ("phones", "مترو تجریش میتونی بیاری؟", ("delivery",)),
        ("realestate", "پارکینگش مشاعه یا سند خورده؟", ("specs",)),
        ("vehicles", "از موتور با درب موتور باز عکس بفرستید", ("photos",)),
        ("services", "بیاید ببینید چکه از کجاست", ("visit",)),
        ("phones", "آدرس نمایندگی اپل تو شیراز رو داری؟", ()),
        # the odometer in Finglish is no phone number; the years of an insurance discount are the papers'; the code in Finglish
        ("vehicles", "kilometr shomaresh chande?", ("specs",)),
        ("vehicles", "تخفیف بیمه‌ش هست؟ چند سال؟", ("documents",)),
        ("realestate", "code rahgiri midid?", ("documents",)),
        # a decline signed with thanks (what was found named), what the law says, a wage told in «شهرستان» (no formal «your»)
        ("services", "مرسی، آشپزمونو پیدا کردیم", ()),
        ("services", "بیمه برای کارگر فصلی هم رد میشه؟ قانونش چیه؟", ()),
        ("services", "حقوق کارگر ساده تو شهرستان ما روزی ۷۰۰ تومنه", ()),
        ("services", "ضمانت دارید؟", ("job",)),
    ],
)
def test_wrongs16_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
