"""fresh4 (issue 10): wrong answers of a blind writer's split (train32) with the gate off.

New sentences, not corpus lines: «دمت گرم» after a regional word of address before a question, or opening a request
that ends the message, is «please» (no thanks); «دمت گرم اگه … بگو» and a bare «دمت گرم» still thank.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        ("services", "مشتی دمت گرم، روزمزد میگیری یا قراردادی؟", ("job",)),
        ("vehicles", "داداش دمت گرم یه تخفیف خوب بده بیام ببرم", ("negotiation",)),
        # still a thanks
        ("vehicles", "دمت گرم داداش", ("thanks",)),
    ],
)
def test_fresh4_intents(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
