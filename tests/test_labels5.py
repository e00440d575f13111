"""labels5 (issue 10): three engine readings the label contract decides otherwise.

New sentences, not corpus lines:

* «a couple / a few» said as two counts side by side («دو سه تومن تخفیف میدی؟», «یکی دو میلیون کمتر بده») names no
  figure: no offer (the contract's `negotiation`), and nothing «سه تومن» is quoted back; a range with «تا» still is one.
* «won't you lower it?» («پول پیش رو کم نمیکنین؟», «رهنش کم نمیشه؟») is negotiation (the contract: a lower deposit or rent
  without a number); a thing of the item growing less («شارژش زود کم نمیشه؟») is not.
* a job seeker's own facts told with nothing asked («مدرک دیپلم دارم فقط») are `none` (the contract); a question about
  the job before or after them is still `job`.
* a greeting before the buyer's own age, things, kin, home town or wares, nothing asked, is `none` (the contract,
  sixteenth session); an introduction to this deal or a question after the story keeps the greeting.
"""

from __future__ import annotations

import pytest

from responder.engine.offers import find_offer
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    "text",
    [
        "دو سه تومن تخفیف میدی؟",
        "یکی دو میلیون کمتر بده میبرمش",
        "سه چهار تومن کمترش کن",
        "۲ ۳ تومن کمتر حساب کن",
        "پنج شیش میلیون میدم",
        "ده پونزده تومن بیا پایین",
    ],
)
def test_a_couple_of_millions_is_no_offer(text: str) -> None:
    assert find_offer(text) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("دو تومن تخفیف بدی میام", "دو تومن تخفیف بدی"),  # one figure: still a sum off
        ("۸ تا ۹ تومن میدم", None),  # a range with «تا» names figures
        ("سیصد و پنجاه میدم", None),
    ],
)
def test_figures_stay_offers(text: str, said: str | None) -> None:
    offer = find_offer(text)
    assert offer is not None
    if said is not None:
        assert offer.said == said


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # «a couple off» asks a discount: negotiation, not an offer
        ("phones", "دو سه تومن تخفیف میدی؟", ("negotiation",)),
        ("vehicles", "یکی دو میلیون تخفیف میدین؟", ("negotiation",)),
        ("home", "سه تومن تخفیف میدی؟", ("offer",)),  # one figure: a bid
        # «won't you lower it?»: negotiation; the deposit traded for rent stays rent_terms
        ("realestate", "پول پیشو کم نمیکنید؟", ("negotiation",)),
        ("realestate", "اجارهش یه کم کم نمیشه؟", ("negotiation",)),
        ("realestate", "ودیعه رو کم نمیکنین آقا؟", ("negotiation",)),
        ("phones", "قیمتشو کمش نمیکنی؟", ("negotiation",)),
        ("realestate", "اگه پول پیش بیشتر بدم کرایه کم میشه؟", ("rent_terms",)),  # a conversion, not a discount
        ("realestate", "ودیعه رو کم کنید، اجاره بیشتر میدیم", ("rent_terms",)),
        ("home", "صدای کولرش کم نمیشه؟", ()),
        ("phones", "شارژ زود کم نمیکنه؟", ()),
        # a greeting before the buyer's own story, nothing asked: none
        ("phones", "سلام، من ۴۰ سالمه، معلم بازنشسته‌ام", ()),
        ("vehicles", "سلام آقا، من خودم یه سمند دارم", ()),
        ("home", "درود، یه همسایه دارم که عین همین مبلو داره", ()),
        ("realestate", "سلام ما تو رشت زندگی میکنیم", ()),
        ("services", "سلام من گل و گیاه آپارتمانی میفروشم", ()),
        # an introduction to this deal, a question after the story: the greeting stays
        ("vehicles", "سلام، از قزوین پیام میدم", ("greeting",)),
        ("phones", "سلام من ۴۰ سالمه، قسطی هم میدید؟", ("greeting", "installments")),
        ("vehicles", "سلام، من خودم یه سمند دارم، معاوضه میکنی؟", ("greeting", "swap")),
        ("home", "سلام", ("greeting",)),
        # a job seeker's own facts, nothing asked: none; a question about the job after or before them: job
        ("services", "لیسانس کامپیوتر دارم فقط", ()),
        ("services", "ما تو کرج روزی ۷۰۰ میگیریم", ()),
        ("services", "سه ماهه بیکارم، باید یه کار پیدا کنم", ()),
        ("services", "لیسانس کامپیوتر دارم، حقوقش چنده", ("job",)),
        ("services", "بیمه دارید؟ من سابقه دارم", ("job",)),
    ],
)
def test_labels5_intents(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
