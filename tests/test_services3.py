"""services3 (fifteenth session): the services pack's wrong answers and misses by family, on new writers.

New sentences (none from the corpus), one or more per family, each beside a near-miss that must not change.
Keyword level (no gate), as tests/test_starter_rules.py's pack tests.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # still hiring, in regional and typed-fast forms; nobody taken yet; the post still live; places not filled
        ("هنو آشپز مخواین؟", ("availability",)),
        ("نیرو میخاین هنوز؟", ("availability",)),
        ("شما نگهبان شب ضرورت دارین؟", ("availability",)),
        ("هنوز کسیو نگرفتید برای این کار؟", ("availability",)),
        ("آگهی‌تون هنوز فعال است؟", ("availability",)),
        ("ظرفیت کارگاه پر نشده؟", ("availability",)),
        ("برای بسته‌بندی نفر میخواید؟", ("availability",)),
        ("صندوقدار استخدام میکنید؟", ("availability",)),
        # the buyer's own need of a worker is a client's, not a job seeker's
        ("برای باغمون دو روز نیرو میخوایم، روزی چند میگیرید؟", ("job",)),
        # how many of a role are wanted: none (the label contract), whatever the role
        ("چند تا راننده لازم دارید؟", ()),
        # the role described inside a still-hiring question is no second question
        ("هنوز برای رستوران گارسون پاره وقت میخواید؟", ("availability",)),
        ("نگهبان شیفت شب لازم دارید؟", ("availability",)),
        ("راننده پایه دو استخدام میکنید؟", ("availability",)),
        # ... but a question about the terms after it still asks them
        # (in the order of the hits: «پاره وقت» comes first; eval compares the intents as a set)
        ("هنوز گارسون پاره وقت میخواید؟ بیمه دارید؟", ("availability", "job")),
        ("آقا هم استخدام میکنید؟", ("job",)),
    ],
)
def test_services3_vacancy(text: str, intents: tuple[str, ...]) -> None:
    assert _pack_intents("services", text) == intents


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # food and the company bus, papers asked for, what matters
        ("ناهار نمیخوام، غذا با خودتونه یا نه؟", ("job",)),
        ("جا و غذا هم میدید به کارگرا؟", ("job",)),
        ("صبحونه و سرویس دارین؟", ("job",)),
        ("گواهی سوء پیشینه لازمه بیارم؟", ("job",)),
        ("معرفی نامه از کارفرمای قبلی میخواید؟", ("job",)),
        ("متاهل بودن مهمه براتون؟", ("job",)),
        # free of charge, the guarantee after a fault
        ("ایراد داشت مجانی درستش میکنید؟", ("job",)),
        ("اگه بعد دو هفته دوباره چکه کرد میاید؟", ("job",)),
        ("اگر کولر بعد از سرویس باز خراب شد درستش میکنید؟", ("job",)),
        # the buyer's lack or limit, asked as a requirement (first person only)
        ("گواهینامه ندارم، مشکلی نیست؟", ("job",)),
        ("فقط عصرها میتونم، اشکال داره؟", ("job",)),
        ("خونه ما پارکینگ نداره، مشکلی نیست؟", ()),
        # years in the trade; not how long (none in the contract)
        ("چند سال است تو این حرفه هستید؟", ("job",)),
        ("چند سال کار کردین تا حالا؟", ("job",)),
        # «سالمند» is no «سالم»: the fee of an elder's nurse
        ("مراقب سالمند روزی چند میگیره؟", ("job",)),
        # the fee with the verb said without «ی», or in Gilaki
        ("کاشی حموم متری چند مگیرین؟", ("job",)),
        ("تعمیر کفش چند ایسه؟", ("job",)),
        # «کلاس» alone is the service's name or the buyer's school year, not a job question
        ("دخترم کلاس پنجمه، خیلی درسخونه", ()),
        ("ساعت کلاس‌ها چطوریه؟", ("job",)),
    ],
)
def test_services3_terms(text: str, intents: tuple[str, ...]) -> None:
    assert _pack_intents("services", text) == intents


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # when the worker is free or can start, by other verbs
        ("از کی میتونید کار نقاشی رو شروع کنید؟", ("availability",)),
        ("چه روزی کار رو استارت میزنید؟", ("availability",)),
        ("پس فردا شروع میکنید؟", ("availability",)),
        ("کی میرسید بیاید؟ آب همه جا رو گرفته", ("availability",)),
        ("شنبه صبح در دسترس هستید؟", ("availability",)),
        ("جمعه عصر خالی هستین؟", ("availability",)),
        ("ببخشید کی تشریف میارید؟", ("availability",)),
        ("برای ترم بعد کلاس خالی دارین؟", ("availability",)),
        ("mitoonid emrooz bian?", ("availability",)),
        # told, not asked: a price talk's «then come and start»
        ("تخفیف بدید پنجشنبه بیاید شروع کنید", ("negotiation",)),
        # coming to look or to meet first
        ("میشه یه سر بیاید یه نگاه به کابینتا بندازید؟", ("visit",)),
        ("قبلش میاید یه روز آشنا بشیم؟", ("visit",)),
        ("داداش بیا اول موتورخونه رو ببین", ("visit",)),
        ("avval biayn hamoom ro bebinin", ("visit",)),
        # the sum after the look is not asked now, in Finglish too
        ("mishe biayd kar ro bebinid bad gheymat bedid?", ("visit",)),
    ],
)
def test_services3_free_and_come_see(text: str, intents: tuple[str, ...]) -> None:
    assert _pack_intents("services", text) == intents


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # the area served: «تا» a place, «do you come?»; a place's work taken; sent to other towns
        ("تا شهرک صنعتی میای؟", ("location",)),
        ("لواسون میاید یا نه؟", ("location",)),
        ("کار کرج هم قبول میکنید یا فقط تهران؟", ("location",)),
        ("اسلامشهر هم سفارش میگیرین؟", ("location",)),
        ("نیرو به شهرستان هم اعزام میکنید؟", ("location",)),
        ("رشت هم کلاس میذارید؟", ("location",)),
        # a day or a time is no place
        ("تا فردا میای؟", ("availability",)),
        # the work done, to send or to see; «نمونه» and «عکس» mistyped
        ("کارهاتون رو ببینم؟", ("photos",)),
        ("چند تا از کاراتون رو بفرستید", ("photos",)),
        ("نمونع کاراتون هست؟", ("photos",)),
        ("عسک از کابینتاتون دارید؟", ("photos",)),
    ],
)
def test_services3_area_and_samples(text: str, intents: tuple[str, ...]) -> None:
    assert _pack_intents("services", text) == intents


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # how the interview is held is the visit's, not a phone number asked
        ("مصاحبه‌تون تلفنیه یا باید بیام؟", ("visit",)),
        ("میشه مصاحبه رو پشت تلفن انجام بدیم؟", ("visit",)),
        ("برای مصاحبه شماره تلفن بدید", ("visit", "contact")),
        # a session's fee is the job's; an interview's meeting or the buyer's own is not
        ("هر جلسه تدریس چقدر میگیرید؟", ("job",)),
        ("جلسه مصاحبه کی برگزار میشه؟", ("visit",)),
        ("الان جلسه دارم، بعدا پیام میدم", ()),
        # the buyer's wife is no question whether the job takes women
        ("عکس کابینتای قبلی رو بفرستید به خانمم نشون بدم", ("photos",)),
        ("خانم هم میگیرید برای این کار؟", ("job",)),
        # a way of working is no place served
        ("ساعتی هم کار میکنید؟", ("job",)),
        ("تو شهرک اکباتان هم کار میکنید؟", ("location",)),
        # the samples «to look at» are photos; coming to measure or to look before the price is the visit
        ("نمونه تابلوهاتون رو نشونم بدید", ("photos",)),
        ("میاید اتاق رو متراژ کنید؟", ("visit",)),
        ("پیش از قیمت دادن سر میزنید کار رو ببینید؟", ("visit",)),
        # a day, then «will you come?» politely
        ("پنجشنبه تشریف میارید؟", ("availability",)),
    ],
)
def test_services3_second_round(text: str, intents: tuple[str, ...]) -> None:
    assert _pack_intents("services", text) == intents


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # an address asked so as to come is the location alone; a time asked with it still asks the visit
        ("لوکیشن آدرس رو بفرستید بیام حضوری", ("location",)),
        ("کجا باید بیام برای مصاحبه؟", ("location",)),
        ("دفترتون کجاست؟ میخواستم حضوری بیام ببینم چه خبره", ("location",)),
        ("کجا بیام مصاحبه؟ ساعت چند؟", ("location", "visit")),
    ],
)
def test_services3_where_to_come(text: str, intents: tuple[str, ...]) -> None:
    assert _pack_intents("services", text) == intents


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # whether the visit is charged for is the fee; beside a come-and-look it does not cover the look (the fee is then
        # left unread, as before)
        ("بازدید اولیه‌تون مجانیه؟", ("job",)),
        ("اول میاید ببینید؟ بازدید پول داره؟", ("visit",)),
        # the worker takes the thing away himself: a pick-up; what he brings is the job's terms
        ("مبلا رو خودتون میاید ببرید؟", ("delivery",)),
        ("ابزار رو خودتون میارید؟", ("job",)),
    ],
)
def test_services3_visit_fee_and_pickup(text: str, intents: tuple[str, ...]) -> None:
    assert _pack_intents("services", text) == intents
