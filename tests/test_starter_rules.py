"""The shipped starter rules (``rules/``) answer real buyer messages with the right rule.

Each row is a message as buyers actually type it on Divar (Arabic keyboards, Persian and
Arabic-Indic digits, with/without ZWNJ, stretched letters, emoji, Finglish, typos) and
the rule that must answer it.  If someone edits ``rules/`` and breaks a common question,
the row names the message that now gets the wrong answer.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from responder.engine import Engine, Situation, load_directory
from responder.events import Message

RULES = Path(__file__).parent.parent / "rules"
TEHRAN = ZoneInfo("Asia/Tehran")
# Saturday 11:30 in Tehran: inside business hours (outside fallback-night's 22:00-08:00).
DAYTIME = datetime(2024, 6, 15, 11, 30, tzinfo=TEHRAN)
NIGHT = datetime(2024, 6, 15, 23, 45, tzinfo=TEHRAN)

ZWNJ = "\u200c"

CASES: list[tuple[str, str]] = [
    # ── greeting ───────────────────────────────────────────────────────────
    ("سلام", "greeting"),
    ("سلام!", "greeting"),
    ("سلاااااام", "greeting"),
    ("سلام 🌹", "greeting"),
    ("سلام🙏", "greeting"),
    ("سَلام", "greeting"),
    ("درود", "greeting"),
    ("درود بر شما", "greeting"),
    ("وقت بخیر", "greeting"),
    ("سلام وقتتون بخیر", "greeting"),
    ("عصر بخیر", "greeting"),
    ("خسته نباشید", "greeting"),
    ("Hi", "greeting"),
    ("hi!!", "greeting"),
    ("Hello", "greeting"),
    ("salam", "greeting"),
    ("Salaaam", "greeting"),
    ("slm", "greeting"),
    ("سلم", "greeting"),  # a common shorthand, listed in exact
    # ── price ──────────────────────────────────────────────────────────────
    ("قیمت؟", "price"),
    ("قیمتش چنده؟", "price"),
    ("قيمتش چنده", "price"),  # Arabic ي
    ("سلام قیمت چنده", "price"),
    ("سلام، قیمت؟", "price"),
    ("چنده؟", "price-how-much"),
    ("این چنده", "price-how-much"),
    ("قیمت نهایی چنده", "price"),
    ("قیمتشو میگید؟", "price"),
    ("«قیمت» رو بگید لطفا", "price"),
    ("قیمتِ نهایی؟", "price"),
    ("قیمتتون چنده", "price"),
    ("نقد چند میدی؟", "price"),
    ("نقدی چند؟", "price"),
    ("چند میفروشی؟", "price"),
    ("چند می‌فروشید؟", "price"),
    ("چند می فروشید", "price"),
    ("چند تومنه؟", "price"),
    ("مبلغش چقدره", "price-how-much"),
    ("قمیت؟", "price"),  # transposed letters
    ("قیمتتتت 😍😍", "price"),
    ("قیمت😍", "price"),
    ("gheymatesh chande?", "price"),
    ("Gheymat?", "price"),
    ("ghimatesh?", "price"),
    ("price?", "price"),
    ("What's the price", "price"),
    ("موجوده؟ قیمتش چنده؟", "price"),  # price outranks availability
    ("قیمتش چنده؟ سالمه؟", "price"),
    # ── price-how-much: a bare "how much" ─────────────────────────────────
    ("چند؟", "price-how-much"),
    ("چند", "price-how-much"),
    ("اینو چند میدی", "price"),
    ("چقدر؟", "price-how-much"),
    ("چقدر میشه", "price-how-much"),
    ("chand?", "price-how-much"),
    ("how much?", "price-how-much"),
    # ── discount / last price ─────────────────────────────────────────────
    ("تخفیف داره؟", "discount"),
    ("تخفیف میدین؟", "discount"),
    ("آخرش چند؟", "discount"),
    ("آخرش؟", "discount"),
    ("اخرش چنده", "discount"),
    ("آخرین قیمت؟", "discount"),
    ("قیمت آخرتون چنده", "discount"),
    ("کمتر نمیدی؟", "discount"),
    ("کم میکنی؟", "discount"),
    ("کم می‌کنی؟", "discount"),
    ("کم می کنی", "discount"),
    ("یکم کم کنید لطفا", "discount"),
    ("takhfif dare?", "discount"),
    ("last price?", "discount"),
    ("تخفیییییف", "discount"),
    ("تحفیف داره", "discount"),  # typo: ح for خ
    # ── availability ──────────────────────────────────────────────────────
    ("موجوده؟", "available"),
    ("موجود هست؟", "available"),
    ("هنوز موجوده", "available"),
    ("هنوز هست؟", "available"),
    ("هست هنوز؟", "available"),
    ("هست؟", "available"),
    ("هستش؟", "available"),
    ("فروش رفته؟", "available"),
    ("فروختید؟", "available"),
    ("فروختین؟", "available"),
    ("هنوز دارید؟", "available"),
    ("سلام هنوز داریدش؟", "available"),
    ("هنوز فروشیه؟", "available"),
    ("موجووووده؟", "available"),
    ("mojoode?", "available"),
    ("Mojood hast?", "available"),
    ("hanooz hast?", "available"),
    ("Is it still available?", "available"),
    ("موجوده 😊", "available"),
    # ── location ──────────────────────────────────────────────────────────
    ("آدرس؟", "location"),
    ("ادرس بدید", "location"),
    ("آدرستون کجاست؟", "location"),
    ("کجاست؟", "location"),
    ("کجایید؟", "location"),
    ("محلش کجاست", "location"),
    ("لوکیشن بفرستید", "location"),
    ("کدوم منطقه هستید", "location"),
    ("address?", "location"),
    ("adres lotfan", "location"),
    ("kojast?", "location"),
    # ── swap ──────────────────────────────────────────────────────────────
    ("معاوضه میکنی؟", "swap"),
    ("معاوضه می‌کنید؟", "swap"),
    ("معاوضه می کنید", "swap"),
    ("با گوشی عوض میکنی؟", "swap"),
    ("تاخت میزنی؟", "swap"),
    ("تاخت با ماشین", "swap"),
    ("moaveze?", "swap"),
    ("swap?", "swap"),
    ("معاوزه میکنی", "swap"),  # common misspelling
    ("معاوضه با اقساط؟", "installments"),  # same priority; installments' file comes first
    # ── installments ──────────────────────────────────────────────────────
    ("قسطی میدی؟", "installments"),
    ("اقساطی هم میفروشید؟", "installments"),
    ("قسط؟", "installments"),
    ("با چک میدی؟", "installments"),
    ("چکی هم میدید؟", "installments"),
    ("چک صیادی قبول دارید", "installments"),
    ("قسطی چند؟", "installments"),
    ("aghsat dare?", "installments"),
    # ── photos ────────────────────────────────────────────────────────────
    ("عکس بیشتر دارید؟", "photos"),
    ("عکساشو بفرستید", "photos"),
    ("عکسشو ارسال کنید", "photos"),  # «ارسال» here is about photos, not shipping
    ("یه عکس از پشتش بفرستید", "photos"),
    ("تصویر بیشتر", "photos"),
    ("فیلم دارید؟", "photos"),
    ("ویدئو بگیرید", "photos"),
    ("ویدیو لطفا", "photos"),
    ("aks dari?", "photos"),
    ("more photos please", "photos"),
    ("عکس‌های بیشتری می‌فرستید؟", "photos"),
    ("عکس های بیشتری میفرستید؟", "photos"),
    # ── contact ───────────────────────────────────────────────────────────
    ("شماره بدید", "contact"),
    ("شمارتون رو بدید", "contact"),
    ("شماره‌تون؟", "contact"),
    ("شماره تون", "contact"),
    ("شماره تماس لطفا", "contact"),
    ("تلفن؟", "contact"),
    ("میشه زنگ بزنم؟", "contact"),
    ("واتساپ دارید؟", "contact"),
    ("واتس‌اپ", "contact"),
    ("number?", "contact"),
    ("shomare bedid", "contact"),
    ("شماره ۰۹۱۲ منه زنگ بزنید", "contact"),
    ("شماره ٠٩١٢ منه", "contact"),  # Arabic-Indic digits
    # ── visit ─────────────────────────────────────────────────────────────
    ("بازدید داره؟", "visit"),
    ("میشه بیام ببینم؟", "visit"),
    ("میتونم از نزدیک ببینمش؟", "visit"),
    ("کی میتونم بیام ببینم", "visit"),
    ("حضوری میشه دید؟", "visit"),
    ("برای دیدنش کی بیام", "visit"),
    ("فردا ساعت ۶ بیام ببینم؟", "visit"),
    ("bazdid dare?", "visit"),
    ("کجا بیام ببینمش", "visit"),  # visit (45) outranks location (42)
    # ── delivery ──────────────────────────────────────────────────────────
    ("ارسال دارید؟", "delivery"),
    ("ارسال به شیراز دارید؟", "delivery"),
    ("پست میکنید؟", "delivery"),
    ("با پیک میفرستید؟", "delivery"),
    ("برای شهرستان میفرستی؟", "delivery"),
    ("تحویل کی میشه", "delivery"),
    ("باربری میفرستین", "delivery"),
    ("ارسال به شهرستان چند؟", "delivery"),  # not price-how-much
    ("هزینه ارسالش چنده", "delivery"),
    ("ersal darid?", "delivery"),
    ("ارسااال دارید", "delivery"),
    # ── condition ─────────────────────────────────────────────────────────
    ("سالمه؟", "condition"),
    ("سالم سالمه؟", "condition"),
    ("چند وقته کارکرده؟", "condition"),  # «چند» here is not about price
    ("چند وقت کار کرده؟", "condition"),
    ("چند سالشه؟", "condition"),
    ("چند ماه کار کرده", "condition"),
    ("خط و خش داره؟", "condition"),
    ("خط‌وخش نداره؟", "condition"),
    ("خش داره؟", "condition"),
    ("ضربه خورده؟", "condition"),
    ("تعمیر شده؟", "condition"),
    ("تعمیری نداشته؟", "condition"),
    ("تصادفی نیست؟", "condition"),
    ("ایرادی نداره؟", "condition"),
    ("مشکلی داره؟", "condition"),
    ("باتریش عوض شده؟", "condition"),  # not a swap
    ("زنگ زدگی داره؟", "condition"),  # rust, not a phone call
    ("بدنه زنگ زده؟", "condition"),
    ("کارکردش چقدره", "condition"),  # not price-how-much
    ("کارکردش چنده", "condition"),
    ("در حد نوئه؟", "condition"),
    ("salem hast?", "condition"),
    ("condition?", "condition"),
    # ── thanks ────────────────────────────────────────────────────────────
    ("ممنون", "thanks"),
    ("مرسی 🙏", "thanks"),
    ("خیلی ممنونم", "thanks"),
    ("سلامت باشید", "thanks"),  # «سلامت» is not a greeting
    ("دستتون درد نکنه", "thanks"),
    ("دست‌تون درد نکنه", "thanks"),
    ("merci", "thanks"),
    ("thanks", "thanks"),
]

# Messages no specific rule should answer: the fallback takes them.  Several contain a
# trigger word in another sense («چند تا»، «چک کنم»، «پیکان») or a near-miss for typos.
FALLBACK_CASES: list[str] = [
    "ساعت چنده بازی شروع میشه؟",  # "what time", not "how much"
    "باشه",
    "اوکی",
    "ok",
    "👍",
    "؟",
    "...",
    "بله",
    "نه",
    "خب",
    "فردا خبر میدم",
    "چک کنم بهتون خبر میدم",
    "چند تا دارید؟",
    "چندتا ازش هست",
    "چند روز دیگه خبرتون میکنم",
    "چند بار استفاده شده؟ نه ولش کن",
    "چندم ماهه امروز",
    "پیکان دارم",
    "رنگش مشکیه؟",
    "گارانتی داره؟",
    "مدلش چیه",
    "اصله؟",
    "برای خودتونه؟",
    "من خریدارم",
    "جعبه داره؟",
    "باشه فکرامو میکنم",
    "نمیخوام",
    "ok bye",
    "لطفا جواب بدید",
    "کارتون عالیه",
    # Everyday words one letter away from a keyword: no typo rule may take them.
    "آخر هفته خبر میدم",  # «آخر» ~ «آخرش»
    "تخت دو نفره است؟",  # «تخت» ~ «تاخت»
    "دیدم آگهیتونو",  # «دیدم» ~ «دیدن»
    "منو ببخشید دیر شد",  # «منو» ~ «ممنون»
    "درد داره",  # «درد» ~ «درود»
    "مدل چه سالیه",  # «سال» ~ «سالم»
    "فیلتر داره؟",  # «فیلتر» ~ «فیلم»
    "تمام شد",  # «تمام» ~ «تماس»
    "مبل راحتیه؟",  # «مبل» ~ «مبلغ»
    "یه سوال داشتم",
    "12345",
    "۱۲۳",
]


def _message(text: str, role: str = "buyer", type_: str = "TEXT", i: int = 0) -> Message:
    return Message(
        id=f"m{i}",
        post_token="AbCdEf12",
        text=text,
        type=type_,
        role=role,
        sent_at=DAYTIME,
        source="legacy",
    )


@pytest.fixture(scope="module")
def engine() -> Engine:
    result = load_directory(RULES)
    assert result.problems == []
    return Engine(result.rules)


def _reply(engine: Engine, text: str, *, now: datetime = DAYTIME, role: str = "buyer", type_: str = "TEXT"):
    return engine.first_reply(_message(text, role, type_), Situation(now, first_in_conversation=True))


def test_starter_rules_load_without_problems():
    result = load_directory(RULES)
    assert [str(p) for p in result.problems] == []
    names = {rule.name for rule in result.rules.rules}
    assert {"greeting", "price", "available", "location", "swap", "installments", "photos", "contact",
            "visit", "delivery", "condition", "fallback", "photo-received"} <= names  # fmt: skip


@pytest.mark.parametrize(("text", "rule"), CASES, ids=[f"{r}:{t}" for t, r in CASES])
def test_buyer_message_gets_the_right_rule(engine: Engine, text: str, rule: str):
    reply = _reply(engine, text)
    assert reply is not None, f"{text!r} got no reply"
    assert reply.rule == rule, f"{text!r} answered by {reply.rule!r} (tier {reply.tier}), expected {rule!r}"
    assert reply.text.strip()
    assert "{{" not in reply.text and "}}" not in reply.text


@pytest.mark.parametrize("text", FALLBACK_CASES)
def test_unrelated_message_falls_to_fallback(engine: Engine, text: str):
    reply = _reply(engine, text)
    assert reply is not None
    assert (reply.rule, reply.tier) == ("fallback", "fallback"), f"{text!r} answered by {reply.rule!r}"


@pytest.mark.parametrize(
    "text", ["سلام", "قیمت ۴۵ میلیونه", "بله موجوده", "آدرس: سعادت‌آباد", "ممنون", "باشه", "شماره‌م ۰۹۱۲۰۰۰۰۰۰۰"]
)
def test_seller_messages_get_no_reply(engine: Engine, text: str):
    assert _reply(engine, text, role="seller") is None


def test_buyer_photo_is_thanked(engine: Engine):
    reply = _reply(engine, "", type_="IMAGE")
    assert reply is not None and reply.rule == "photo-received"
    assert _reply(engine, "", type_="IMAGE", role="seller") is None


def test_voice_message_gets_no_reply(engine: Engine):
    # No rule (not even the fallback, which is TEXT only) answers a voice note.
    assert _reply(engine, "", type_="VOICE") is None


def test_night_fallback_outside_business_hours(engine: Engine):
    assert _reply(engine, "باشه", now=NIGHT).rule == "fallback-night"
    # Specific rules still answer at night; only the fallback changes.
    assert _reply(engine, "قیمتش چنده؟", now=NIGHT).rule == "price"


def test_replies_use_the_settings(engine: Engine):
    price = _reply(engine, "قیمتش چنده؟")
    assert "۴۵,۰۰۰,۰۰۰" in price.text
    assert "45" not in price.text  # digits rendered in Persian
    location = _reply(engine, "آدرس؟")
    assert "سعادت‌آباد" in location.text
    contact = _reply(engine, "شماره بدید")
    assert "۰۹۱۲" in contact.text


def test_every_reply_variant_renders(engine: Engine):
    """Each variant of each rule renders with the shipped settings (no missing vars)."""
    for rule in engine.ruleset.rules:
        for i, template in enumerate(rule.replies):
            text = template if isinstance(template, str) else template.render(
                message={"text": "x", "role": "buyer", "type": "TEXT", "sent_at": DAYTIME},
                post={"token": "AbCdEf12", "title": "", "category": ""},
                vars=engine.ruleset.vars_for("AbCdEf12"),
                groups={},
                now=DAYTIME,
            ).strip()
            assert text, f"{rule.name} variant {i + 1} is empty"


def test_enough_cases():
    assert len(CASES) + len(FALLBACK_CASES) >= 150
    assert len(FALLBACK_CASES) >= 25
    assert len(set(CASES)) == len(CASES)
    assert len(set(FALLBACK_CASES)) == len(FALLBACK_CASES)


@pytest.mark.parametrize("variant", [f"معاوضه می{ZWNJ}کنی؟", "معاوضه میکنی؟", "معاوضه می کنی؟"])
def test_zwnj_variants_are_one_word(engine: Engine, variant: str):
    assert _reply(engine, variant).rule == "swap"


@pytest.mark.parametrize(("text", "rule"), [("قمیت؟", "price"), ("تحفیف داره", "discount"), ("موحوده؟", "available")])
def test_typos_are_answered_in_the_typo_tier(engine: Engine, text: str, rule: str):
    reply = _reply(engine, text)
    assert (reply.rule, reply.tier) == (rule, "typo")
