"""labels6 (issue 10): four engine readings the eighteenth session's label decisions settle otherwise.

New sentences, not corpus lines:

* a figure named «پیش» in a sale on terms («۳۰۰ پیش میدم بقیه‌ش قسطی») is the down payment: `installments`, no offer
  quoted back; with a rent or a deposit word it is a flat's deposit and the bid stays an offer.
* the rest paid monthly, a figure after («مابقی ماهی ۱۰ تومن»), is an instalment plan.
* where to come and see it, with «can / must» or a word between («کجا باید بیام ببینمش؟», «کجا بیام ماشینو ببینم؟»), is
  `location,visit`; «کجا میشه دیدش؟» (no coming said) stays `location` alone.
* services: lessons given online («تدریس آنلاین هم دارید؟») and how many days the job takes («چند روزه کار تموم
  میشه؟») are terms of the service: `job`.
"""

from __future__ import annotations

import pytest

from responder.engine.offers import find_offer
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    "text",
    [
        "۳۰۰ پیش میدم بقیه‌ش قسطی",
        "۱۵۰ پیش میدم مابقی ماهی ۸ تومن",
        "قسطی میدی؟ ۴۰۰ پیش میذارم",
        "گوشی رو اقساطی با پیش ۳ تومن میدید؟",
        "۵۰۰ پیش بدم بقیه چک؟",
    ],
)
def test_a_down_payment_on_terms_is_no_offer(text: str) -> None:
    assert find_offer(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "۳۰۰ پیش ۷ اجاره میدید؟",  # a flat's deposit and rent: a bid
        "۱۰۰ پیش میدم بقیه‌ش اجاره، قبول؟",  # the rest as rent
        "۶۰۰ نقد میدم بقیه‌ش چک",  # a sum paid now (offer and installments, the contract)
    ],
)
def test_a_deposit_or_cash_stays_an_offer(text: str) -> None:
    assert find_offer(text) is not None


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        ("vehicles", "۱۵۰ پیش میدم مابقی ماهی ۸ تومن", ("installments",)),
        ("phones", "۱۰ پیش میدم بقیه رو ماهانه ۲ تومن", ("installments",)),
        ("vehicles", "کجا باید بیام ببینمش؟", ("location", "visit")),
        ("home", "کجا میتونم بیام ببینم؟", ("location", "visit")),
        ("vehicles", "کجا میشه اومد دید؟", ("location", "visit")),
        ("vehicles", "کجا بیام ماشینو ببینم؟", ("location", "visit")),
        ("home", "کجا باید بیام برای دیدن؟", ("location", "visit")),
        ("vehicles", "کجا میشه دیدش؟", ("location",)),
        ("home", "کجا باید بیام؟", ("location",)),
        ("home", "کجا بیام تحویلش بگیرم؟", ("location",)),
        ("services", "تدریس آنلاین زبان هم دارید؟", ("job",)),
        ("services", "کلاس آنلاین هم برگزار میکنید؟", ("job",)),
        ("services", "چند روزه کار تموم میشه؟ عجله داریم", ("job",)),
    ],
)
def test_labels6_intents(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
