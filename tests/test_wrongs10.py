"""wrongs10 (seventeenth session): wrong answers of the CV by family, each cut in the engine or the rules.

New sentences, not corpus lines: a thanks alone that the gate reads as chatter (a decline signed with a thanks), rent
bids the offer finder missed (a full deposit named alone, the rent first, a rent with no deposit, «چارصد»), a job
seeker's experience told in a message that asks nothing, the lowest or best price, «آخرش چند زدی؟» (the price), a
longer lease for a lower rent, the keys handed over, the way to somewhere else; and the rows that keep their answer.
"""

from __future__ import annotations

import pytest

from responder.engine import gate as gate_module
from responder.engine.offers import find_offer
from tests.test_gate import THANKS_RULES, _engine, _first, _flat_gate
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("text", "probabilities", "answer"),
    [
        # a decline or a remark signed with a thanks, read as chatter far more than as a thanks: no thanks back
        ("از یه همکار دیگه یخچال گرفتیم، مرسی", {"price": 0.05, "contact": 0.05, "thanks": 0.1, "none": 0.7}, ("fallback",)),
        ("ماشینو دیدم ولی به درد کار ما نمیخوره، ممنون", {"price": 0.05, "contact": 0.05, "thanks": 0.05, "none": 0.4}, ("fallback",)),
        # a thanks the gate reads as one, or not sure enough of chatter, or a short one: thanked back, as before
        ("مرسی که عکسای بیشتری فرستادید، لطف کردید", {"price": 0.05, "contact": 0.05, "thanks": 0.5, "none": 0.4}, ("thanks",)),
        ("باشه مرسی، خبرتون میکنم حتما", {"price": 0.05, "contact": 0.05, "thanks": 0.2, "none": 0.45}, ("thanks",)),  # under 3 × P(thanks)
        ("از یه همکار دیگه یخچال گرفتیم، مرسی", {"price": 0.05, "contact": 0.05, "thanks": 0.05, "none": 0.25}, ("thanks",)),  # P(none) under the bar
        ("خیلی ممنون داداش", {"price": 0.05, "contact": 0.05, "thanks": 0.05, "none": 0.9}, ("thanks",)),  # too short to read
    ],
)
def test_a_thanks_alone_that_reads_as_chatter_is_not_thanked_back(text: str, probabilities: dict[str, float], answer: tuple[str, ...]) -> None:
    engine = _engine(THANKS_RULES, _flat_gate(probabilities))
    assert _first(engine, text)[0] == answer


def test_the_thanks_chatter_reading_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine(THANKS_RULES, _flat_gate({"price": 0.05, "contact": 0.05, "thanks": 0.1, "none": 0.7}))
    monkeypatch.setattr(gate_module, "THANKS_CHATTER_NONE", None)
    assert _first(engine, "از یه همکار دیگه یخچال گرفتیم، مرسی")[0] == ("thanks",)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("نهصد رهن کامل", "نهصد"),  # a sum for the full deposit, alone
        ("میشه ۳ میلیارد رهن کامل؟ پارکینگ داره؟", "3 میلیارد"),
        ("رهن کامل هشتصد؟", "هشتصد"),
        ("ماهی ۱۸ اجاره، ۲۰۰ رهن، قبول؟", "ماهی 18 اجاره، 200 رهن"),  # the rent first
        ("ماهی ۲۵ بدون ودیعه میدید؟", "25"),  # a rent with no deposit
        ("چارصد میدم، نقد", "چارصد"),  # «چارصد» as said
        ("۴۵۰ نهایی میدم", "450"),  # the buyer's final figure
        ("32T nahaii midam", "32"),
        ("ساعتی ۴۰۰ میشه؟", "400"),  # a rate and a figure, «can it be?»
        ("۱۵ میلیون حقوق میخوام، قبول میکنید؟", "15"),  # the salary a job seeker asks for
    ],
)
def test_rent_bids_are_offers(text: str, amount: str) -> None:
    offer = find_offer(text)
    assert offer is not None and offer.amount == amount


@pytest.mark.parametrize(
    "text",
    ["زیر ۹۰۰ رهن کامل سراغ دارید؟", "رهن کامل ۶۰۰ هست؟", "رهن کامل چنده؟", "چار تا صندلی داره؟", "رهن کاملش ۷۰۰ه؟"],
)
def test_not_rent_bids(text: str) -> None:
    assert find_offer(text) is None


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # rent bids answered as offers, not the rent terms
        ("realestate", "هفتصد رهن کامل", ("offer",)),
        ("realestate", "ماهی ۱۲ اجاره، ۳۰۰ ودیعه، اوکی؟", ("offer",)),
        ("realestate", "رهن کامل چقدره؟", ("rent_terms",)),
        # the buyer's own working hours told: not the job's hours asked
        ("services", "ساعت کاری من عصرهاست، صبح دانشگاهم", ()),
        ("services", "ساعت کاری چطوره؟", ("job",)),
        ("services", "متری ۶۰ میشه؟", ("offer",)),
        # «… that's my last» after the buyer's figure is part of the offer; asked alone it is the last price
        ("phones", "۱۸ تومن میدم، آخرش همینه", ("offer",)),
        ("phones", "آخرش همینه؟", ("negotiation",)),
        # a job seeker's experience or degree told in a message that asks nothing: his story, not the job's terms
        ("services", "هشت سال سابقه نانوایی دارم تو کرج", ()),
        ("services", "مدرک فوق دیپلم برق دارم", ()),
        ("services", "بنده شصت سال سن دارم و هنوز سرحالم", ()),
        ("services", "شش سال سابقه رانندگی دارم، بیمه هم میکنید؟", ("job",)),  # beside a question it is the requirement asked
        ("services", "سه سال سابقه دارم، حقوقش چقدره", ("job",)),
        # the lowest or the best price the seller takes: the last price
        ("home", "حداقلش چنده؟", ("negotiation",)),
        ("phones", "داداش بهترین قیمتت رو بگو", ("negotiation",)),
        ("phones", "ته قیمتت چنده؟", ("negotiation",)),
        ("realestate", "ودیعه حداقل چقدره؟", ("rent_terms",)),  # the least deposit: the terms
        ("vehicles", "خرید خودرو با بهترین قیمت، تماس بگیرید", ()),  # an ad
        # what it is listed at, in the end: the price (the label contract)
        ("vehicles", "این وانت رو بالاخره چند زدی؟", ("price",)),
        ("home", "آخرش چند زدی این کمدو؟", ("price",)),
        ("home", "قیمتش چنده؟ آخرش چند؟", ("price", "negotiation")),
        # a longer lease for a lower sum: a discount asked; a trade of deposit against rent stays the terms
        ("realestate", "اگه قرارداد یکساله ببندیم اجاره رو کم میکنید؟", ("negotiation",)),
        ("realestate", "رهن بیشتر بدیم اجاره رو کم میکنید؟", ("rent_terms",)),
        ("realestate", "ودیعه رو کمتر کنیم، کرایه چقدر میشه؟", ("rent_terms",)),
        # the keys or the flat handed over, when: whether it is free (availability), not a delivery
        ("realestate", "کی تحویل میدید واحد رو؟", ("availability",)),
        ("realestate", "تحویل کلیدش کی هست؟", ("availability",)),
        ("home", "کی تحویل میدید؟", ("delivery",)),  # a home item: its delivery
        # the way to somewhere else: not the item's address
        ("home", "آدرس یه مبل‌ساز خوب تو این محل رو بلدید؟", ()),
        ("home", "آدرستون کجاست؟", ("location",)),
    ],
)
def test_wrongs10_intents(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
