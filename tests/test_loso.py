"""loso (nineteenth session): two refusals for a writer the gate has not seen (bench/README.md, "loso"): a statement
(no «؟») read as chatter with less room (gate.STATEMENT_NONE 0.3, STATEMENT_RATIO 1.0), and the router kept out when the
model reads «no question» (gate.ROUTE_NONE 0.1). Hand-made gates give the P the leave-out gates gave."""

from __future__ import annotations

import pytest

from responder.engine import Situation
from responder.engine import gate as gate_module

from .test_gate import _engine, _first, _flat_gate, _message, NOW

SPECS = """
rules:
  - name: specs
    intent: specs
    keywords: [باتری]
    reply: مشخصات
  - name: location
    intent: location
    keywords: [آدرس]
    reply: آدرس
  - name: fallback
    fallback: true
    reply: خودم جواب می‌دهم
"""
# train33's «گوشی داداشم افتاد تو آب، باتریش ترکید 😢» (specs 0.41, none 0.57 on the gate fitted without it), said so that the
# words alone do not read it as a relative's phone (fresh7 reads «گوشی داداشم» so): the gate's room is what is tested here
STORY = "داداشم گوشیشو انداخت تو آب، باتریش ترکید 😢"


def test_a_story_without_a_question_reads_as_chatter_with_less_room(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine(SPECS, _flat_gate({"specs": 0.41, "location": 0.02, "none": 0.57}))
    monkeypatch.setattr(gate_module, "STATEMENT_NONE", None)
    assert _first(engine, STORY) == (("specs",), "exact")  # before: CHATTER_NONE 0.5 reached, but not twice the P
    monkeypatch.setattr(gate_module, "STATEMENT_NONE", 0.3)
    monkeypatch.setattr(gate_module, "STATEMENT_RATIO", 1.0)
    assert _first(engine, STORY) == (("fallback",), "fallback")
    assert _first(engine, "باتریش عوض شده؟") == (("specs",), "exact")  # a question keeps the old room
    strong = _engine(SPECS, _flat_gate({"specs": 0.6, "location": 0.02, "none": 0.57}))
    assert _first(strong, STORY) == (("specs",), "exact")  # «no question» not ahead of the part


def test_the_router_stays_out_when_the_model_reads_no_question(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "تو کدوم دانشگاه درس میخونی؟"  # train28: location 0.98, none 0.12 on the gate fitted without it
    engine = _engine("intent_route: 0.95\n" + SPECS, _flat_gate({"specs": 0.02, "location": 0.98, "none": 0.12}))
    monkeypatch.setattr(gate_module, "ROUTE_NONE", None)
    assert _first(engine, text) == (("location",), "intent")
    monkeypatch.setattr(gate_module, "ROUTE_NONE", 0.1)
    assert engine.route_verdict(text)[2] == "it may ask nothing (12 %)"
    assert _first(engine, text) == (("fallback",), "fallback")
    quiet = _engine("intent_route: 0.95\n" + SPECS, _flat_gate({"specs": 0.02, "location": 0.98, "none": 0.05}))
    assert _first(quiet, text) == (("location",), "intent")
    assert next(quiet.matches(_message(text), Situation(NOW))).tier == "intent"
