"""Wrong answers on the thirteenth session's leave-out (helper wrongs4): words that name the item,
the buyer's deal or the buyer's own errand, read as a question about the seller's item.

Each row is made up (not a corpus line) and runs the shipped rules with the category's pack."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from responder.engine import Engine
from responder.evaluate import answer, load_rules

ROOT = Path(__file__).parent.parent


@cache
def engine(category: str) -> Engine:
    loaded = load_rules([ROOT / "rules", ROOT / "packs" / category])
    assert not loaded.problems
    return Engine(loaded.rules)


def intents(category: str, text: str) -> tuple[str, ...]:
    return answer(engine(category), text, category)[0]


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        # a spec word naming the item the seller is asked to have: in stock?, not specs
        ("phones", "آیفون ۱۳ با حافظه ۱۲۸ دارید؟", ()),
        ("phones", "سامسونگ ۱۲۸ گیگ، اگه هست خبر بدید", ()),
        ("home", "کمد سه درب موجوده؟", ("availability",)),
        # … the item's own spec asked stays specs
        ("phones", "باتریش چند درصده؟ موجوده؟", ("specs", "availability")),
        ("phones", "رم ۸ گیگ داره؟", ("specs",)),
        ("phones", "حافظه‌ش ۱۲۸ هست؟", ("specs",)),
        ("home", "گاز رومیزی چند شعله است؟", ("specs",)),
    ],
)
def test_a_spec_that_names_the_item_asked_for_is_not_a_specs_question(category: str, text: str, expected: tuple) -> None:
    assert intents(category, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اجاره رو میشه کمتر کرد؟", ("negotiation",)),  # lowering the sum: negotiation only
        ("رهن و اجاره قابل تبدیله؟", ("rent_terms",)),
        ("رهن چنده؟", ("rent_terms",)),
    ],
)
def test_lowering_the_rent_is_negotiation_not_rent_terms(text: str, expected: tuple) -> None:
    assert intents("realestate", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("فقط کارت سوختشو میفروشی؟", ()),  # the paper itself bought, not the car's papers asked
        ("shoma pelak ham mikharid?", ()),
        ("با بیمه میفروشی؟", ("documents",)),  # the car sold with its insurance: documents
        ("کارت سوخت داره؟", ("documents",)),
        ("۴۰۰ نقد، فردا سند میزنیم", ("offer",)),  # a deal stated, no question: not documents
        ("کی سند میزنیم؟", ("documents",)),
    ],
)
def test_buying_a_paper_or_stating_a_deal_is_not_a_documents_question(text: str, expected: tuple) -> None:
    assert intents("vehicles", text) == expected
