"""A negotiation rule's ``covers`` holds in its own clause only (helper covers2, fifteenth session):
«قیمتش چنده؟ تخفیف میدی؟» asks the price and then a discount (both answered), «قیمت آخرش چنده؟»
and «قیمتش زیاده، کمتر نمیشه؟» the last price only. Sentences made up for the test; shipped
rules with the category's pack, gate off (tests/test_wrongs5.intents)."""

from __future__ import annotations

import pytest

from tests.test_wrongs5 import intents


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # two questions: the price or fee, then a discount or the last price
        ("home", "قیمت میز چقدره؟ برای دانشجو تخفیف دارید؟", ("price", "negotiation")),
        ("phones", "چند میفروشی؟ جای چونه زدن هست؟", ("price", "negotiation")),
        ("vehicles", "قیمتش چنده؟ آخرش چند میدی؟", ("price", "negotiation")),
        ("services", "هزینه سیم کشی یه واحد چقدره؟ برای دو واحد تخفیف میدید؟", ("job", "negotiation")),
        # one clause, or the price told and not asked: the last price only
        ("vehicles", "قیمت نهایی این پراید چنده؟", ("negotiation",)),
        ("phones", "قیمتش با تخفیف چقدر میشه؟", ("negotiation",)),
        ("vehicles", "قیمتش رو گفتی، آخرش چند میدی؟", ("negotiation",)),
        ("services", "هزینه سیم کشی یه کم زیاده، تخفیف نمیدید؟", ("negotiation",)),
        ("home", "قیمت مبل؟ تخفیف بده", ("negotiation",)),  # the discount not asked: one ask in two bits
        ("phones", "gheymatesh akhare chande?", ("negotiation",)),  # the last price with «-esh»
    ],
)
def test_negotiation_covers_the_price_in_its_own_clause_only(category: str, text: str, expected: tuple[str, ...]) -> None:
    assert intents(category, text) == expected
