"""Wrong answers by family (fifteenth session, helper wrongs7): a word in another sense (pistachios, the elderly, a
gearbox, a spam winner), the buyer's own thing (his number, his courier work, his status, his permission asked),
a told remark (a colour judged, «این قیمت»), the amount of something just asked (a loan, fines, a monthly
instalment), and questions the label contract gives to another intent or to none («چند وقته دستته؟»).

Each row is made up for the test (not a corpus line) and runs the shipped rules with the category's pack,
gate off (the keyword layer these fixes live in); each family has a near reading that must stay as it was."""

from __future__ import annotations

import pytest

from tests.test_wrongs5 import intents  # the shipped rules with the category's pack, gate off


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # «is it all right if I …?» after the buyer's own first-person words: no defect asked
        ("phones", "نصفشو کارت به کارت کنم مشکلی نداره؟", ()),
        ("vehicles", "عصر با برادرم بیام ببینیمش ایرادی نداره؟", ("visit",)),
        ("vehicles", "موتورش مشکلی نداره؟", ("condition",)),
        ("phones", "سالمه؟ هیچ مشکلی نداره؟", ("condition",)),
        # how long the seller has had it (the label contract's none); how long it was used stays
        ("home", "این میز چند وقته دستتونه؟", ()),
        ("vehicles", "این پراید چند وقته زیر پاته؟", ()),
        ("phones", "چند وقته خریدیش؟", ()),
        ("phones", "چند وقت کار کرده؟", ("condition",)),
        # a return asked, the buyer's guess at the reason, the buyer's own status
        ("home", "اگه خراب از آب دراومد پس میگیرید؟ اگه ایراد داشت", ()),
        ("phones", "چرا اینقدر ارزونه؟ نکنه مشکل داره", ()),
        ("realestate", "ما دانشجوییم، مجرد بودن مشکله؟", ()),
        ("phones", "ایرادی نداره؟ خط و خش چی؟", ("condition",)),
        # the elderly: «سالم» begins «سالمند»
        ("services", "برای پدر سالمندم پرستار شب میخوام، هفته‌ای چند؟", ("job",)),
        ("home", "میز سالمه؟", ("condition",)),
        # papers said to be sound, the state of the deed: documents, not the item's condition
        ("vehicles", "کارت و برگ سبز و بیمه سالمه؟", ("documents",)),
        ("realestate", "وضعیت سندش چجوریه؟", ("documents",)),
        ("vehicles", "وضعیت بدنه چطوره؟", ("condition",)),
        # the battery's state (specs), the battery replaced (condition)
        ("phones", "وضعیت باتریش چنده درصده؟", ("specs",)),
        ("phones", "باتریش عوض نشده؟", ("condition",)),
    ],
)
def test_condition_said_of_something_else(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # pistachios: delivery's «پست» begins the word
        ("vehicles", "امسال پسته‌ها رو زود چیدیم، بعدا پیام میدم", ()),
        ("home", "یه کیسه پسته میدم با این میز عوض میکنی؟", ("swap",)),
        ("home", "با پست میفرستید؟", ("delivery",)),
        # the buyer is a courier, or wants it for courier work
        ("phones", "من خودم پیکم، گوشی محکم میخوام، صفحش ضد ضربه‌ست؟", ("condition",)),
        ("vehicles", "این موتور رو واسه پیک میخوام، مصرفش چقدره؟", ("specs",)),
        ("home", "با پیک میفرستید؟", ("delivery",)),
        # where the buyer picks it up: location only
        ("phones", "محل تحویلش کجاست؟", ("location",)),
        ("home", "کجا باید بیام وسایل رو تحویل بگیرم؟", ("location",)),
        ("home", "تا کرج تحویل میدید؟", ("delivery",)),
        # the new year's moment
        ("vehicles", "تحویل سال خونه نیستم، بعد از عید خبر میدم", ()),
    ],
)
def test_delivery_and_location_in_another_sense(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # the amount of a loan or fines just asked, a monthly instalment: not the price
        ("realestate", "وام بانکی داره؟ چقدره؟", ("installments",)),
        ("vehicles", "جریمه نداره؟ چقدر؟", ("documents",)),  # fines are documents (the label contract; read since recall8)
        ("phones", "اقساطی میدید؟ ماهی چقدر باید بدم؟", ("installments",)),
        ("phones", "هنوز هست؟ چقدر؟", ("availability", "price")),
        # the price already seen, judged
        ("vehicles", "با این قیمت برو یه پراید صفر بخر", ()),
        ("phones", "قیمتش چنده؟", ("price",)),
        # a measure or a system asked with «چنده / چقدره»
        ("home", "ارتفاعش چقدره؟", ("specs",)),
        ("phones", "وزنش چقدره؟", ("specs",)),
        # the last, lowest or bulk price in other words
        ("vehicles", "آخری چند میدی داداش؟", ("negotiation",)),
        ("home", "کمترین قیمتی که میدی چنده؟", ("negotiation",)),
        ("phones", "gheymatesh ghatie ya na?", ("negotiation",)),
    ],
)
def test_price_said_of_something_else(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # the buyer gives his own number or id, or asks that his not be passed on
        ("vehicles", "آیدی تلگرامم رو میدم، اونجا عکس بفرستید", ("photos",)),
        ("home", "شماره من رو به کسی ندین لطفا", ()),
        ("home", "شمارتون رو میدید؟", ("contact",)),
        # an interview in person or by phone: no number asked
        ("services", "مصاحبه حضوریه یا تلفنی؟", ("visit",)),
        # sent or collected in person: delivery's mode; «I'll come in person» beside «where?»: location
        ("phones", "پست میکنید یا فقط حضوری؟", ("delivery",)),
        ("phones", "مغازتون کجاست؟ حضوری میام", ("location",)),
        ("phones", "میشه حضوری ببینمش؟", ("visit",)),
        # «this area» points at a place both know: what is said of it asks no address
        ("realestate", "این محله شبا امنه؟ برق زیاد میره؟", ()),
        ("realestate", "این محله کجاست دقیقا؟", ("location",)),
        # the legal use of a flat: documents
        ("realestate", "کاربریش تجاریه؟", ("documents",)),
    ],
)
def test_contact_visit_location_families(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # a spam winner: «برند» begins «برنده»
        ("phones", "برنده یک جایزه نقدی شدید، روی لینک بزنید", ()),
        ("phones", "برندش چیه؟", ("specs",)),
        # how long the seller has had it or lived there
        ("realestate", "چند ساله اینجا زندگی میکنید؟", ()),
        # sold separately or as a set
        ("home", "صندلیاشو تکی هم میفروشید؟", ()),
        # a colour or material judged, told
        ("home", "همسرم میگه رنگش زشته", ()),
        ("home", "رنگش چیه؟", ("specs",)),
        # a gearbox, the boxed kind wanted
        ("vehicles", "جعبه دنده‌اش سالمه؟", ("condition",)),
        ("phones", "کارتن‌دار میخوام، قیمت کارتن‌دارش چنده؟", ("price",)),
        ("phones", "کارتن داره؟", ("documents",)),
        # a deposit loan: not instalments on the item
        ("realestate", "وام ودیعه بانک رو چطوری باید گرفت؟", ()),
        ("realestate", "وام روش هست؟", ("installments",)),
    ],
)
def test_specs_documents_installments_families(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # the buyer's own class, shift, leave or meeting, a child's school year: not this job's terms
        ("services", "الان شیفتم، عصر پیام میدم", ()),
        ("services", "دخترم کلاس پنجمه، ریاضیش خوب نیست", ()),
        ("services", "پسرم کلاس دهمه، جلسه‌ای چقدر میگیرید؟", ("job",)),
        ("services", "کلاس آنلاین هم دارید؟", ("job",)),  # online lessons are a term of the job (label contract, labels6; was none)
        ("services", "فردا تا ظهر جلسه دارم، بعدش پیام میدم", ()),
        # the buyer's past employer, pay in general, job spam
        ("services", "کارفرمای قبلی‌ام سه ماه حقوقمو نداد، شما چطورید؟", ()),
        ("services", "حقوق دلاری با کار در خانه! فقط پیام بدید", ()),
        ("services", "حقوقش ماهی چنده؟", ("job",)),
    ],
)
def test_job_words_of_the_buyers_own_life(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # a buyer who cannot see the photos, a passport photo for his own papers
        ("vehicles", "تصاویر آگهی برای من قابل مشاهده نیست، رنگ‌شدگی داره؟", ("condition",)),
        ("services", "برای پرونده عکس پرسنلی هم بیارم؟", ()),
        ("vehicles", "از داشبورد عکس بفرستید", ("photos",)),
        # «shall I come?» closing a bid is the bid's
        ("home", "نهصد میدم، بیام؟", ("offer",)),
        ("home", "فردا ساعت ۵ بیام؟", ("visit",)),
        # the lease's signing, the buyer's own renting: no terms asked
        ("realestate", "کی بریم بنگاه قرارداد ببندیم؟", ()),
        ("realestate", "ما پارسال یه جا اجاره کردیم، صاحبخونه خیلی سخت‌گیر بود", ()),
        ("realestate", "اجاره‌اش ماهی چنده؟", ("rent_terms",)),
    ],
)
def test_photos_visit_rent_families(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # the city of Sanandaj folds to «سندج»: «سند» begins it
        ("phones", "به سنندج هم ارسال دارید؟", ("delivery",)),
        ("realestate", "سند تک برگه؟", ("documents",)),
        # the buyer's own family home's deed, a box of sweets, empty boxes
        ("vehicles", "سند خونه‌مون دست بانکه، ولی نقد میخرم", ()),
        ("home", "کارتن خالی اضافه دارید؟", ()),
        # the buyer will call later, his own number kept
        ("phones", "فردا عصر خودم باهاتون تماس میگیرم", ()),
        ("phones", "شماره‌مو نمیدم به کسی، همینجا جواب بدید", ()),
        ("phones", "میشه باهاتون تماس بگیرم؟", ("contact",)),
    ],
)
def test_documents_and_contact_of_the_buyers_own(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # on site («پرداخت در محل»), the buyer's own workplace: no place asked
        ("phones", "ارسال با پست دارید؟ پرداخت در محل هم میشه؟", ("delivery",)),
        ("realestate", "از محل کارم خیلی دوره، ولش کن", ()),
        ("services", "محل کار کجاست؟", ("location",)),
        # the buyer's own loan, a loan's interest in general
        ("vehicles", "هنوز وام ازدواجم واریز نشده، صبر میکنید؟", ()),
        ("realestate", "سود وام مسکن امسال چند درصد شده؟", ()),
        ("realestate", "وام بانکی روش هست؟", ("installments",)),
    ],
)
def test_location_and_installments_of_the_buyers_own(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # adverts: a discount on offer, a call to the reader, a line marked «تبلیغ»
        ("home", "قالیشویی ما با ۴۰ درصد تخفیف، همین حالا تماس بگیرید", ()),
        ("phones", "تبلیغ: گلس و قاب ارزون، پیج ما رو فالو کنید", ()),
        ("home", "چند درصد تخفیف میدید؟", ("negotiation",)),
        ("phones", "لطفا با من تماس بگیرید", ("contact",)),
    ],
)
def test_adverts_ask_nothing(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # the price set aside or already told: the other thing is the question
        ("vehicles", "قیمت به کنار، موتورش سالمه؟", ("condition",)),
        ("phones", "قیمتش کمه، خرابیش چیه؟ ایراد داره؟", ("condition",)),
        # the time now, somebody's opening hours
        ("home", "ببخشید الان ساعت چنده؟", ()),
        ("phones", "ساعت مچی چنده؟", ("price",)),
        # what sending costs: delivery, not the price
        ("home", "تا قم میفرستید؟ هزینه‌ش چقدره؟", ("delivery",)),
    ],
)
def test_price_set_aside_or_of_something_else(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # «جنس» as the goods, not their material
        ("home", "آخرش چند میدی؟ جنس رو یکجا برمیداریم", ("negotiation",)),
        ("home", "این همه جنس رو از کجا آوردی؟", ()),
        ("home", "جنس رویه‌ش چیه؟", ("specs",)),
        # a trade price asked in other words
        ("phones", "همکاری حساب میکنید؟ پنج تا میبرم", ("negotiation",)),
    ],
)
def test_goods_and_trade_price(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # a job seeker's «are you hiring?»: the role's grade, shift or hours name who is hired
        ("services", "نگهبان شیفت شب لازم دارید؟", ("availability",)),
        ("services", "سلام، فروشنده پاره وقت هنوز میخواید؟", ("greeting", "availability")),
        ("services", "آگهی منشی پاره‌وقت، هنوز نیرو نیاز دارید؟", ("availability",)),
        ("services", "صندوقدار استخدام میکنید؟", ("availability",)),
        # a term asked beside it stays the job's
        ("services", "خانم هم استخدام میکنید؟", ("job",)),
        ("services", "پاره وقت هم دارید؟", ("job",)),
        ("services", "شیفت شب هم داره؟", ("job",)),
    ],
)
def test_the_role_named_in_a_hiring_question(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # a photo asked, then «let me see» in it: photos, not a visit
        ("home", "یه عکس از زیر میز بفرستید، پایه‌هاشو ببینم", ("photos",)),
        ("phones", "عکس بفرست، اگه خوب بود فردا عصر میام ببینم", ("photos", "visit")),
        ("home", "فردا میتونم بیام ببینم؟", ("visit",)),
    ],
)
def test_let_me_see_it_in_the_photo(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


def test_a_monthly_figure_beside_instalments_is_no_bid() -> None:
    from responder.engine.offers import find_offer

    assert find_offer("اقساطی میفروشید؟ ماهی سه میلیون میتونم بدم") is None
    assert find_offer("قسطی ماهی دو تومن میشه؟") is None
    assert find_offer("قسطی ۴۰ میدم بدی؟") is not None  # a bid said beside instalments stays one
    assert find_offer("۲۰۰ رهن ماهی ۱۰ میدم") is not None  # a rent bid, no instalments
    assert intents("vehicles", "قسطی میدید؟ ماهی پنج میلیون میتونم بدم") == ("installments",)


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        ("phones", "برنده جایزه شدید! برای دریافت به شماره زیر پیامک بزنید", ()),
        ("services", "شماره ثبت شرکتتون چنده؟", ()),
        ("phones", "کجایی پس؟ دو ساعته سین نمیکنی", ()),
        ("phones", "کجایی؟ کدوم محله؟", ("location",)),
    ],
)
def test_scams_registrations_and_chasing(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # a carpet called a fake, time taken, how to wash one, opinions, how many called: no specs asked
        ("home", "راستشو بگو، این فرش دستبافه یا ماشینی رو جا زدی؟", ()),
        ("home", "جابجاییش کلی طول کشید، خسته شدیم", ()),
        ("home", "فرش دستباف رو چطوری بشورم که رنگ نده؟", ()),
        ("home", "چند نفر زنگ زدن براش؟", ()),
        ("home", "فرش دستبافه یا ماشینی؟", ("specs",)),
        ("home", "طولش چقدره؟", ("specs",)),
    ],
)
def test_home_specs_words_in_other_senses(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected
