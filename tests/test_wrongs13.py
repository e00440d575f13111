"""wrongs13 (issue 10): wrong answers of writers the rules never saw, by family (twentieth session).

New sentences, not corpus lines: whether the seller knows a thing («X رو بلدی؟», «… چنده؟ میدونی؟»); the writer selling to
the seller («… دارم میخری؟», «خواستی بگو») or selling his own thing («میخوام بفروشم»); the number of «a» someone (a referral, Persian and Finglish); the writer's
advert («بیا پیوی», «فقط این هفته»); the chat itself asked about («ربات جواب میده؟»); a figure with «the rest in cash» (a swap, not a bid). And the rows that keep their answer.
"""

from __future__ import annotations

import pytest

from responder.engine.offers import find_offer
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # whether the seller knows a thing: general knowledge, not this item
        ("vehicles", "آدرس دفتر بیمه ایران تو شهریار رو بلدی؟", ()),
        ("phones", "قیمت شارژر اصل سامسونگ رو میدونی؟", ()),
        ("home", "ارسال یه مبل با باربری تا مشهد چقدر درمیاد؟ شما میدونید؟", ()),
        ("realestate", "اجاره یه سوئیت تو رامسر شبی چنده؟ خبر دارید؟", ()),
        # a trade's skill asked, and a question about the item, keep their answer
        ("services", "کاغذ دیواری هم بلدین؟ متری چند میگیرین؟", ("job",)),
        ("home", "ارسال به مشهد دارید؟", ("delivery",)),
        # the writer sells to the seller
        ("phones", "یه تبلت سالم دارم، میخری؟", ()),
        ("vehicles", "لاستیک نو چهار حلقه دارم میخرید؟", ()),
        ("home", "پرده دوزی هم انجام میدم، لازم داشتید بگید", ()),
        ("realestate", "یه مغازه تو بازار دارم برای اجاره، خواستی بگو", ()),
        # the number of «a» someone (a referral), Persian and Finglish; the seller's own number keeps contact
        ("home", "شماره یه نجار خوب داری؟", ()),
        ("vehicles", "shomare-ye ye saafkar-e khoob dari?", ()),
        ("phones", "shomare ye tamas?", ("contact",)),
        ("phones", "شماره تماستون رو بدید", ("contact",)),
        # the writer's advert
        ("phones", "بیا پیوی قاب و گلس ارزون دارم", ()),
        ("home", "پرده‌های نو با ۴۰٪ تخفیف فقط این هفته", ()),
        ("phones", "واتساپ دارید بیام پیوی؟", ("contact",)),
        # the writer sells his own thing: its price or place is his; selling to buy this one keeps the question
        ("phones", "سامسونگ خودمو میخوام بفروشم، الان چند میخرن؟", ()),
        ("home", "یخچال قدیمیمونو میخوایم بفروشیم، کجا بهتر میخرن؟", ()),
        ("realestate", "ویلامونو میخوایم بفروشیم و یه آپارتمان تهیه کنیم، این واحد آسانسور داره؟", ("specs",)),
        # the chat itself asked about (is a bot answering?); a gearbox's «اتوماتیک» keeps specs
        ("vehicles", "این جوابا خودکاره؟ ربات جواب میده یا خودتون؟", ()),
        ("vehicles", "گیربکسش اتوماتیکه؟", ("specs",)),
        # a figure with the rest in cash: the buyer's own thing in a swap, not a bid
        ("vehicles", "پراید ۱۳۱ دارم، بدم روش باقیشو نقد بدم؟", ("swap",)),
        ("vehicles", "۴۵۰ میدم بقیشو چک میدم", ("installments", "offer")),
    ],
)
def test_wrongs13_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("پژو ۴۰۵ دارم، ۳۵۰ حساب کن بقیه‌شو نقد میدم", None),  # the rest in cash: the figure is a swap's
        ("۳۸۰ میدم، بقیه رو چک", "380 میدم"),  # cash first, the rest on terms: still a bid
        ("۴۰۰ میدم", "400 میدم"),
    ],
)
def test_wrongs13_rest_in_cash(text: str, said: str | None) -> None:
    offer = find_offer(text)
    assert (offer.said if offer is not None else None) == said
