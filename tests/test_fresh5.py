"""fresh5 (issue 10): a voice-typing, provincial writer (train34) with the gate off.

New sentences, not corpus lines. A dictated mark («علامت سوال», «ویرگول», a closing «نقطه») is read as the mark; a
greeting found alone does not answer a voice-typed message (no «؟») that goes on about «ای» (this) item or «مو» (I)
or ends on a spoken question; «مهم نیس» negates its clause as «مهم نیست»; a good night with «we'll call» or a goodbye
closes the chat; «آخر چن میدی», «چن میدی آخر» and «نصف قیمت بده» ask the last price.
"""

from __future__ import annotations

import pytest

from responder.text import dictated
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("سلام نقطه یخچال هنوز هست علامت سوال", "سلام. یخچال هنوز هست؟"),
        ("قیمتش چنده ویرگول کجایی", "قیمتش چنده، کجایی"),
        ("کی میتونم بیام ببینم نقطه", "کی میتونم بیام ببینم."),
        # the mark's two words joined by a ZWNJ, as a phone keyboard writes them
        ("عکس بیشتر بفرستید علامت\u200cتعجب", "عکس بیشتر بفرستید!"),
        ("هنوز هست علامت\u200cسوال", "هنوز هست؟"),
        # «نقطه» as a word stays
        ("صفحه نقطه سوخته نداره؟", "صفحه نقطه سوخته نداره؟"),
        ("کدوم نقطه شهره", "کدوم نقطه شهره"),
    ],
)
def test_fresh5_dictated(text: str, spoken: str) -> None:
    assert dictated(text) == spoken


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # a greeting alone does not answer a voice-typed message that asks or tells what no rule answers
        ("phones", "سلام ای تبلت برا درس بچه ها مناسبه", ()),
        ("home", "سلام مو یه فرش کهنه دارم شما میخرید", ()),
        ("vehicles", "سلام اقا مو بازنشسته شرکت نفتم تازه گواهینامه گرفتم", ()),
        ("realestate", "سلام ایی محله شبا شلوغه یا نه", ()),
        ("services", "سلام ما تازه از زابل اومدیم اینجا کسی رو نمیشناسیم", ()),
        # an introduction to this deal, or a greeting with a need stated, still greets
        ("services", "سلام من یه نقاش میخوام برای خونه", ("greeting",)),
        ("vehicles", "سلام مو از بجنورد پیام میدم", ("greeting",)),
        ("services", "سلام ما یکی میخایم هفته ای سه روز باغچه رو آب بده", ("greeting",)),
        # and a greeting beside a question the rules read stays
        ("vehicles", "سلام ای ماشین هنوز هست", ("greeting", "availability")),
        # «مهم نیس»: the clause is not asked
        ("vehicles", "رنگ و تصادف برام مهم نیس فقط سند داره", ("documents",)),
        # a good night with «we'll call» or a goodbye closes the chat
        ("home", "شب بخیر فردا با خانمم زنگ میزنیم", ()),
        ("home", "شب بخیر خدانگهدار شما", ()),
        # the buyer quoting the ad's «negotiable» asks the price; «چند زدی آخرش؟» is what it was listed at
        ("home", "میز چنده؟ نوشتین توافقی", ("price",)),
        ("vehicles", "ماشینو چند زدی آخرش؟", ("price",)),
        # «هنوز داریم میگردیم»: the buyer's own search, not «هنوز داری؟»
        ("home", "بودجمون برای کمد کمه، هنوز داریم میگردیم", ()),
        ("realestate", "ما حدود دویست تا پول پیش داریم هنوز داریم میگردیم", ()),
        ("realestate", "پول پیشش چنده؟ هنوز داریم میگردیم", ("rent_terms",)),
        # the last price, spoken
        ("home", "آخر چن میدی این کمدو", ("negotiation",)),
        ("home", "چند میدیش آخر این کمدو", ("negotiation",)),
        ("realestate", "چند میدی؟ آخرش چند؟", ("price", "negotiation")),
        ("phones", "تبلتو نصف قیمت بدی میبرم", ("negotiation",)),
    ],
)
def test_fresh5_intents(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


def test_fresh5_half_the_market_price_is_not_a_bid() -> None:
    assert "negotiation" not in _intents("home", "این مبلا نصف قیمت بازاره")
