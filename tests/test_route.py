"""The router (responder/engine/__init__.py, ``Engine.route``): a message no keyword rule caught is
answered by the rule of the intent the classifier is sure of, only for rules that declare it.

A tiny gate is fitted on hand-written lines, so these tests do not depend on the shipped corpus.
"""

from __future__ import annotations

import functools
from datetime import datetime, timezone

import pytest

from responder.engine import Engine, IntentGate, Situation, load_texts, routable
from responder.engine.gate import ROUTE_THRESHOLD
from responder.events import Message

NOW = datetime(2024, 1, 3, 9, 0, tzinfo=timezone.utc)

TRAIN = [
    ("چند میفروشی اینو داداش", ("price",)), ("چند میدی اینو داداش", ("price",)), ("چند تومن میدی اینو", ("price",)),
    ("اینو چند میفروشی عزیز", ("price",)), ("قیمتش چنده لطفا", ("price",)), ("چند میفروشی این گوشی رو", ("price",)),
    ("شماره تلفن بدید لطفا", ("contact",)), ("تلفنتو بده زنگ بزنم", ("contact",)), ("تلفن بده زنگ بزنم", ("contact",)),
    ("واتساپ داری پیام بدم", ("contact",)), ("سلام چند میفروشی اینو", ("greeting", "price")),
    ("دیوار امروز کنده", ()), ("چرا میفروشی این رو", ()), ("هوا امروز خیلی سرده", ()), ("فردا تعطیله یا نه", ()),
]  # fmt: skip

RULES = """
rules:
  - name: greeting
    intent: greeting
    place: first
    match: word
    keywords: [سلام]
    reply: سلام!
  - name: price-weak
    intent: price
    alone: true
    keywords: [چنده]
    reply: قیمت
  - name: price
    intent: price
    priority: -1
    keywords: [قیمت]
    reply: قیمت
  - name: contact
    intent: contact
    keywords: [شماره]
    reply: تماس
  - name: fallback
    fallback: true
    reply: خودم جواب می‌دهم
"""
ASKS_PRICE = "چند میفروشی اینو داداش"  # no keyword: «چند» is not «چنده»


@functools.cache
def fitted_gate() -> IntentGate:
    """The gate fitted on TRAIN, once per session: this module's and test_cli's route line (a fit is a
    child process that imports scikit-learn, 1-3 s)."""
    return IntentGate.fit(TRAIN)


@pytest.fixture(scope="module")
def gate() -> IntentGate:
    return fitted_gate()


def _engine(text: str, gate: IntentGate | bool | None) -> Engine:
    result = load_texts([("t.yaml", text)])
    assert result.ok, [str(p) for p in result.problems]
    return Engine(result.rules, gate=gate)


def _first(engine: Engine, text: str) -> tuple[tuple[str, ...], str] | None:
    message = Message(id="m1", post_token="P", text=text, type="TEXT", role="buyer", sent_at=NOW, source="legacy")
    match = next(engine.matches(message, Situation(NOW)), None)
    return None if match is None else (tuple(r.name for r in match.rules), match.tier)


def test_a_message_no_keyword_caught_goes_to_the_classifiers_intent(gate: IntentGate) -> None:
    engine = _engine("intent_route: 0.5\n" + RULES, gate)
    intent, p = engine.route(ASKS_PRICE)
    assert intent == "price" and p >= 0.5
    assert _first(engine, ASKS_PRICE) == (("price",), "intent")  # the intent's strong rule, not its weak (`alone`) one
    assert _first(_engine("intent_route: false\n" + RULES, gate), ASKS_PRICE) == (("fallback",), "fallback")


def test_below_the_bar_the_fallback_answers(gate: IntentGate) -> None:
    engine = _engine("intent_route: 0.5\n" + RULES, gate)
    _intent, p = engine.route(ASKS_PRICE)
    strict = _engine(f"intent_route: {min(1.0, p + 0.01):.4f}\n" + RULES, gate)
    assert strict.route_bar > p
    assert _first(strict, ASKS_PRICE) == (("fallback",), "fallback")


def test_a_keyword_answer_is_never_replaced(gate: IntentGate) -> None:
    engine = _engine("intent_route: 0.01\n" + RULES, gate)
    assert _first(engine, "شماره تلفن بدید لطفا") == (("contact",), "exact")


def test_a_greeting_stays_around_the_routed_answer(gate: IntentGate) -> None:
    engine = _engine("intent_route: 0.5\n" + RULES, gate)
    assert engine.route("سلام " + ASKS_PRICE)[0] == "price"
    assert _first(engine, "سلام " + ASKS_PRICE) == (("greeting", "price"), "exact")


def test_what_is_never_routed(gate: IntentGate) -> None:
    engine = _engine("intent_route: 0.01\n" + RULES, gate)
    assert engine.route("چند داداش") is None  # one or two words
    assert _first(engine, "چند میفروشی اینو نمیخوام بدونم") == (("fallback",), "fallback")  # a negated clause asks nothing
    undeclared = RULES.replace("    intent: price\n    priority: -1\n", "    priority: -1\n").replace(
        "    intent: price\n    alone: true\n", "    alone: true\n")  # fmt: skip
    seller = _engine("intent_route: 0.01\n" + undeclared, gate)
    assert "price" not in seller._routes  # a rule without `intent:` (a seller's own) is never routed to
    assert seller.route(ASKS_PRICE)[0] != "price"
    rules = {r.name: r for r in load_texts([("t.yaml", RULES)]).rules.rules}
    assert [name for name, rule in rules.items() if routable(rule)] == ["contact", "price"]


def test_the_setting_is_checked() -> None:
    assert load_texts([("t.yaml", "intent_route: 0.7\n" + RULES)]).rules.intent_route == 0.7
    assert load_texts([("t.yaml", "intent_route: true\n" + RULES)]).rules.intent_route == ROUTE_THRESHOLD
    assert load_texts([("t.yaml", "intent_route: false\n" + RULES)]).rules.intent_route == 0.0
    bad = load_texts([("t.yaml", "intent_route: yes please\n" + RULES)])
    assert [p.message for p in bad.problems] == [
        "intent_route: expected true, false or a threshold above 0 and at most 1 (e.g. 0.4), got 'yes please'"]


def test_the_router_is_on_by_default_at_its_bar(gate: IntentGate, monkeypatch: pytest.MonkeyPatch) -> None:
    """router2: unset, `intent_route` routes at ROUTE_THRESHOLD wherever the gate is on; `intent_gate: false`
    alone (keywords only) turns the classifier off for both uses."""
    from responder.engine import gate as gate_module

    engine = _engine(RULES, gate)
    assert engine.route_bar == ROUTE_THRESHOLD and engine._routes
    monkeypatch.setattr(gate_module, "ROUTE_THRESHOLD", 0.5)  # the tiny gate is surer of nothing than ~0.91
    assert _first(_engine(RULES, gate), ASKS_PRICE) == (("price",), "intent")
    assert _first(_engine("intent_route: false\n" + RULES, gate), ASKS_PRICE) == (("fallback",), "fallback")
    monkeypatch.setattr(gate_module, "ROUTE_BY_DEFAULT", False)  # as before router2
    assert _first(_engine(RULES, gate), ASKS_PRICE) == (("fallback",), "fallback")
    monkeypatch.setattr(gate_module, "ROUTE_BY_DEFAULT", True)
    for settings in ("intent_gate: false\nintent_route: false\n", "intent_gate: false\n"):
        off = _engine(settings + RULES, True)
        assert off.gate is None and off.route(ASKS_PRICE) is None  # no classifier built


def test_the_router_without_the_gate(gate: IntentGate) -> None:
    engine = _engine("intent_gate: false\nintent_route: 0.5\n" + RULES, gate)
    assert not engine._gated and _first(engine, ASKS_PRICE) == (("price",), "intent")


def test_a_message_with_a_negated_clause_is_not_routed(gate: IntentGate, monkeypatch: pytest.MonkeyPatch) -> None:
    """router2: a wrong route on new writers was often said beside a negated or taken-back clause
    («نه رهن میخوام نه اجاره، فقط …»); the router now leaves such a message to the fallback."""
    from responder.engine import gate as gate_module

    engine = _engine("intent_route: 0.5\n" + RULES, gate)
    text = "تلفن نمیخوام، چند میفروشی اینو داداش؟"
    intent, p, why = engine.route_verdict(text)
    assert intent == "price" and p >= 0.5 and why == "a clause is negated or taken back"
    assert _first(engine, text) == (("fallback",), "fallback")
    monkeypatch.setattr(gate_module, "ROUTE_NEGATED", True)  # as before router2: routed on the clause asked
    assert engine.route_verdict(text)[2] == ""
    assert _first(engine, text) == (("price",), "intent")


def test_a_second_reading_keeps_the_router_out(gate: IntentGate, monkeypatch: pytest.MonkeyPatch) -> None:
    """router2: another intent (a greeting or thanks aside) at ROUTE_RUNNER_UP or more: not routed."""
    from responder.engine import gate as gate_module

    engine = _engine("intent_route: 0.5\n" + RULES, gate)
    text = "تلفنتو بده چند میفروشی اینو"  # the model reads price and contact
    intent, p, why = engine.route_verdict(text)
    assert intent == "price" and p >= 0.5 and why.startswith("it may also ask about contact")
    assert _first(engine, text) == (("fallback",), "fallback")
    monkeypatch.setattr(gate_module, "ROUTE_RUNNER_UP", None)
    assert _first(engine, text) == (("price",), "intent")
    monkeypatch.setattr(gate_module, "ROUTE_RUNNER_UP", 0.1)
    # a greeting read beside the question is not another question: routed, the greeting said around it
    greeted = "سلام " + ASKS_PRICE
    assert gate.probability("greeting", gate.vector(greeted)) >= 0.1
    assert engine.route_verdict(greeted)[2] == ""
