"""The rule engine: pure functions from (rules, message, clock) to a reply.

No Redis, Flask or network here: ``responder try``, ``responder check``, the worker and
the tests all run this same code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from responder.events import Message
from responder.text import asks, dictated, fold, fold_marked

from . import gate as gate_module
from .gate import IntentGate, shipped_gate
from .loader import LoadResult, load_directory, load_texts
from .matcher import Match, Matcher, Situation, conditions_hold
from .model import Button, Problem, Rule, RuleSet
from .render import RenderError, build_context, pick_variant, render
from .understand import clauses, unnegated

__all__ = [
    "Button", "Engine", "IntentGate", "LoadResult", "Match", "Problem", "RenderError", "Reply", "Rule", "RuleSet",
    "Situation", "alternatives", "load_directory", "load_texts", "persian_reading", "routable",
]  # fmt: skip


@dataclass(frozen=True)
class Reply:
    rule: str  # the rule's name; a combined reply's rule names joined by «+»
    text: str
    buttons: tuple[Button, ...]
    tier: str
    rules: tuple[str, ...]  # every rule that answered (one for a single reply)

    def __init__(self, rule: str, text: str, buttons: tuple[Button, ...] = (), tier: str = "exact", rules: tuple[str, ...] = ()) -> None:
        """The frozen dataclass's own ``__init__`` sets each field through ``object.__setattr__``: ~1 µs of every
        reply, a tenth of a match+render (render2). Still frozen: assigning a field afterwards raises."""
        self.__dict__.update(rule=rule, text=text, buttons=buttons, tier=tier, rules=rules)


# What kept a gated part (Engine.explained; `responder try` words each): its P on the whole message at its bar; its
# question read alone (two questions: at CLAUSE_THRESHOLD, or unopposed at CLAUSE_UNOPPOSED; one question after a story:
# QUESTION_THRESHOLD); below its bar, the lead, unopposed or «asked» readings (ratio, quiet) of the whole message or of a
# Finglish message's Persian reading («persian» at the bar); a question of its own beside an answered one («sibling»).
READINGS = (
    "bar", "clause", "clause-unopposed", "lead", "unopposed", "ratio", "quiet", "question",
    "persian", "persian-lead", "persian-unopposed", "persian-ratio", "persian-quiet", "sibling",
)  # fmt: skip


def _vector_once(gate: IntentGate, vectors: dict[str, dict[int, float]], words: str, key: str | None = None) -> dict[int, float]:
    """The TF-IDF vector of ``words`` (the whole message under the key ""), computed once per message."""
    key = words if key is None else key
    found = vectors.get(key)
    if found is None:
        found = vectors[key] = gate.vector(words)
    return found


class Engine:
    """A checked rule set, compiled once per load.

    ``gate``: the intent classifier (:mod:`.gate`). ``True`` (the default) = the shipped one, fitted
    once per process, unless the rule files turn off both its uses (``intent_gate: false``, and
    ``intent_route`` unset or false: unset, the router follows the gate); ``None`` or ``False`` = none (keyword rules alone); an
    :class:`IntentGate` = that one (cross-validation). It is used twice: as the agreement gate
    (a declared-intent part it disagrees with is dropped) and as the router (a message no rule
    caught is answered by the rule of the intent it is sure of, :meth:`route`).
    """

    def __init__(self, ruleset: RuleSet, gate: IntentGate | bool | None = True) -> None:
        self.ruleset = ruleset
        self.matcher = Matcher(ruleset)
        setting, routing = ruleset.intent_gate, ruleset.intent_route
        if routing is None:  # unset: on at the default bar with the gate, off with `intent_gate: false` (bench/README.md, "router2")
            routing = gate_module.ROUTE_THRESHOLD if gate_module.ROUTE_BY_DEFAULT and setting != 0 else 0.0
        if gate is True:
            wanted = setting != 0 or routing != 0
            gate = shipped_gate() if wanted and any(r.intent_declared for r in ruleset.rules) else None
        self.gate: IntentGate | None = gate or None
        self.threshold = setting if setting else (self.gate.threshold if self.gate is not None else 0.0)
        self.route_bar = routing or gate_module.ROUTE_THRESHOLD
        known = self.gate.intents if self.gate is not None else frozenset()
        declared = [r for r in ruleset.rules if r.intent_declared and r.intent in known and not r.fallback]
        # A greeting or thanks states no fact and never answers alone when it leaves a question
        # unanswered (matcher): it is not gated. Gated, «روزتون بخیر 🌹» or «متشکرم از شما» got the
        # fallback (CV: +7 right, no new wrong answer; bench/README.md, understand3).
        self._gated = {id(r) for r in declared if not r.courtesy} if setting != 0 else set()
        # the greeting and thanks intents: not another reading of a question (IntentGate.unopposed)
        self._courtesy = frozenset(r.intent for r in ruleset.rules if r.intent_declared and r.courtesy)
        self._routes: dict[str, list[Rule]] = {}  # intent → the rules that may answer it when routed, best first
        if routing != 0:
            for rule in declared:
                if routable(rule):
                    self._routes.setdefault(rule.intent, []).append(rule)

    def matches(self, message: Message, situation: Situation) -> Iterator[Match]:
        spoken = dictated(message.text)  # «… هنوز هست علامت سوال»: a voice-typed mark read as the mark
        if spoken is not message.text:
            message = replace(message, text=spoken)
        if not self._gated or not gate_module.long_enough(message.text):
            found = self.matcher.matches(message, situation)
        else:
            found = self._agreed(message, situation)
        return self._routed(found, message, situation) if self._routes else found

    def unopposed(self, intent: str, vector: dict[int, float]) -> bool:
        """:meth:`.IntentGate.unopposed` with this rule set's greeting and thanks aside (False without a gate)."""
        return self.gate is not None and self.gate.unopposed(intent, vector, self._courtesy)

    def route(self, text: str) -> tuple[str, float] | None:
        """The intent the classifier is surest of for a message, with its P, if it is a routed one.

        Read on the clauses that are not negated (and not «چرا …»), as the example tier does;
        None for a message of fewer than :data:`.gate.ROUTE_MIN_WORDS` words, or when no rule
        here can be routed to. Whether the router answers: :meth:`route_verdict`.
        """
        found = self.route_verdict(text)
        return None if found is None else found[:2]

    def route_verdict(self, text: str, explain: bool = True) -> tuple[str, float, str] | None:
        """:meth:`route`'s (intent, P) and why the router does not answer with it ("" = it answers).

        It answers when P reaches :attr:`route_bar`, no clause of the message is negated or taken
        back (:data:`.gate.ROUTE_NEGATED`) and no other intent but a greeting, a thanks or the
        intent's kin reaches :data:`.gate.ROUTE_RUNNER_UP` (bench/README.md, "router2"). ``explain``
        False (the engine's own call): None at once for a negated clause, the model not read.
        """
        if self.gate is None or not self._routes or len(text.split()) < gate_module.ROUTE_MIN_WORDS:
            return None
        marked = fold_marked(text)
        parts = clauses(marked, until_negated=not explain and not gate_module.ROUTE_NEGATED)  # (read on only to explain)
        negated = not gate_module.ROUTE_NEGATED and any(c.negated for c in parts)
        if negated and not explain:
            return None
        asked = unnegated(marked, parts)
        if not asked:
            return None
        gate = self.gate
        vector = gate.sparse(asked)  # the arrays probabilities_of reads (gate.vector's values, no dict)
        routes = list(self._routes)
        p, intent = max(zip(gate.probabilities_of(routes, vector), routes))  # the surest; of equal P, the greater name (as before)
        if p < self.route_bar:
            return intent, p, "not sure enough"
        if negated:
            return intent, p, "a clause is negated or taken back"
        if gate_module.ROUTE_NONE is not None and gate_module.NONE in gate.weights:
            (none,) = gate.probabilities_of([gate_module.NONE], vector)
            if none >= gate_module.ROUTE_NONE:
                return intent, p, f"it may ask nothing ({none * 100:.0f} %)"
        bar = gate_module.ROUTE_RUNNER_UP
        if bar is not None:
            aside = {intent, gate_module.NONE, *gate_module.KIN.get(intent, ()), *self._courtesy}
            others = [o for o in gate.weights if o not in aside]
            other = max(zip(gate.probabilities_of(others, vector), others), default=(0.0, ""))
            if other[0] >= bar:
                return intent, p, f"it may also ask about {other[1]} ({other[0] * 100:.0f} %)"
        return intent, p, ""

    def _routed(self, found: Iterator[Match], message: Message, situation: Situation) -> Iterator[Match]:
        """The keyword answer, or, when only the fallback, nothing or a bare greeting answered it,
        the rule of the intent the classifier gives at least :attr:`route_bar` (tier ``intent``).

        A greeting or thanks the keywords found stays, around the routed answer. The keyword
        matches follow as alternatives (a throttled routed rule leaves the fallback).
        """
        first = next(found, None)
        courtesy = first is not None and first.tier != "fallback" and all(r.courtesy for r in first.rules)
        if first is None or first.tier == "fallback" or courtesy:
            routed = self._route_match(message, situation)
            if routed is not None:
                if not courtesy:
                    yield routed
                else:
                    rank = {"first": 0, "": 1, "last": 2}
                    parts = tuple(sorted((*(first.parts or (first,)), routed), key=lambda m: rank[m.rule.place]))
                    yield Match(parts[0].rule, parts[0].groups, first.tier, parts=parts)
        if first is not None:
            yield first
            yield from found

    def _route_match(self, message: Message, situation: Situation) -> Match | None:
        best = self.route_verdict(message.text, explain=False)
        if best is None or best[2]:
            return None
        for rule in self._routes[best[0]]:
            if conditions_hold(rule, message, situation):
                return Match(rule, {}, "intent", confidence=best[1])
        return None

    def verdicts(self, match: Match, text: str) -> list[tuple[str, float | None, bool]]:
        """Per part of ``match``: (rule name, the gate's agreement or None if not gated, kept) — ``responder try``."""
        return [(name, p, kept) for name, p, kept, _how in self.explained(match, text)]

    def explained(self, match: Match, text: str) -> list[tuple[str, float | None, bool, str]]:
        """:meth:`verdicts` with the reading that kept each part (``responder try`` words it): "" for a part not gated
        or vetoed, else one of :data:`READINGS`."""
        parts = match.parts or (match,)
        how: list[str] = []
        agreed = self._agreements(parts, text, {}, how) if self.gate is not None else [(None, True)] * len(parts)
        return [(part.rule.name, p, kept, reading) for part, (p, kept), reading in zip(parts, agreed, how or [""] * len(parts))]

    def _agreements(
        self, parts: tuple[Match, ...], text: str, vectors: dict[str, dict[int, float]], how: list[str] | None = None
    ) -> list[tuple[float | None, bool]]:
        """Per part, the gate's agreement with its intent (None: not gated) and whether the part stands.

        P on the whole message, unless the gate reads the whole message as chatter
        (:meth:`.IntentGate.chatter`); when that falls short, P on the question its keyword fired in
        if that reaches :data:`.gate.CLAUSE_THRESHOLD` (and the part's bar); else the part still
        stands if its intent **leads** the whole message (:meth:`.IntentGate.leads`) or nothing else
        is read in it (:meth:`.IntentGate.unopposed`; in a message that asks, with less room for
        «no question», or nothing at all read in it: :meth:`asked`), its P then staying the whole message's. Last, a
        strong (not ``alone``) part in the one question of a message that says other things around it
        (:meth:`.Matcher.question_at`) stands if that question read alone is unopposed at
        :data:`.gate.QUESTION_THRESHOLD` and the whole message does not lean to chatter
        (P(none) under :data:`.gate.QUESTION_WHOLE_NONE`): a story told before the question. And a
        strong part of a Finglish message stands if the message read as Persian (its Finglish words
        through the lexicon, as the rules read them) agrees at the part's bar, ahead of every other
        reading, «no question» included (:data:`.gate.FINGLISH_AS_PERSIAN`).

        A message that asks several things dilutes each one's P on the whole («هنوز هست؟ چند؟»:
        price 0.14); read alone, the question is clear (0.99). Only a question («؟») of a message
        that asks two or more is read alone (:meth:`.Matcher.clauses_at`): a statement around it
        («قیمت رو دیدم.», «تماس بگیرید») keeps the whole message's reading. A question in words the
        corpus has few of («آنتن دهیش خوبه؟») gets a low P for every intent, the keyword's still
        ahead of all others and of ``none``: the lead keeps it. Clauses and the lead are computed
        only for a part about to be vetoed (tens of µs each). ``vectors``: the TF-IDF vectors of
        the message ("") and of its clauses, computed once per message.

        veto3: a strong part of a message that asks two questions or more also stands when its question read alone
        is unopposed at :data:`.gate.CLAUSE_UNOPPOSED` (the test the one question of a story gets); the Persian reading
        of a Finglish message gets the lead, unopposed and «asked» readings the whole message gets; and a strong part
        in a question of its own beside a question that was answered stands when, those answered intents set aside,
        nothing else is read in the message (:data:`.gate.SIBLING_FLOOR`). ``how``: filled with the reading that kept
        each part (:data:`READINGS`; "" for a part not gated or vetoed).
        """
        gate = self.gate
        assert gate is not None

        def read(words: str, key: str | None = None) -> dict[int, float]:
            return _vector_once(gate, vectors, words, key)

        out: list[tuple[float | None, bool]] = []
        kept_by: list[str] = how if how is not None else []  # per part: the reading that kept it ("" none yet)
        kept_by.clear()
        short: list[int] = []  # parts below their bar on the whole message
        vector = vectors.get("")
        for i, part in enumerate(parts):
            if id(part.rule) not in self._gated:
                out.append((None, True))
                kept_by.append("")
                continue
            vector = read(text, "")
            p = gate.agreement(part.rule.intent, vector)
            out.append((p, p >= self.bar(part.rule) and not gate.chatter(p, vector, not asks(text))))
            kept_by.append("bar" if out[-1][1] else "")
            if not out[-1][1]:
                short.append(i)
        if not short:
            return out
        assert vector is not None

        def keep(i: int, p: float | None, reading: str) -> None:
            out[i], kept_by[i] = (p, True), reading

        bar = gate_module.CLAUSE_THRESHOLD
        if bar is not None:
            for i, clause in zip(short, self.matcher.clauses_at(text, [parts[i].position for i in short])):
                if clause:
                    clause_vector = read(clause)
                    rule = parts[i].rule
                    p = gate.agreement(rule.intent, clause_vector)
                    if p >= max(bar, self.bar(rule)):
                        keep(i, p, "clause")
                    elif self._clause_unopposed(rule, clause_vector, vector):
                        keep(i, p, "clause-unopposed")
        for i in short:
            if not out[i][1]:
                reading = self._below_bar(parts[i].rule, out[i][0], text, vector)
                if reading:
                    keep(i, out[i][0], reading)
        bar = gate_module.QUESTION_THRESHOLD
        strong = [i for i in short if not out[i][1] and not parts[i].rule.alone]
        if bar is not None and strong and gate.probability(gate_module.NONE, vector) < gate_module.QUESTION_WHOLE_NONE:
            for i, question in zip(strong, self.matcher.question_at(text, [parts[i].position for i in strong])):
                if question:
                    question_vector = read(question)
                    intent = parts[i].rule.intent
                    floor = max(bar, self.bar(parts[i].rule))
                    if gate.unopposed(intent, question_vector, self._courtesy, floor, gate_module.QUESTION_NONE):
                        keep(i, gate.agreement(intent, question_vector), "question")
        strong = [i for i in short if not out[i][1] and not parts[i].rule.alone]
        if gate_module.FINGLISH_AS_PERSIAN and strong:
            persian = persian_reading(text)
            if persian:
                persian_vector = read(persian)
                for i in strong:
                    intent = parts[i].rule.intent
                    p = gate.agreement(intent, persian_vector)
                    if gate.unopposed(intent, persian_vector, self._courtesy, self.bar(parts[i].rule), p):
                        keep(i, p, "persian")
                    else:
                        reading = self._below_bar(parts[i].rule, p, text, persian_vector)
                        if reading:
                            keep(i, p, "persian-" + reading)
        strong = [i for i in short if not out[i][1] and not parts[i].rule.alone]
        floor = gate_module.SIBLING_FLOOR
        if floor is not None and strong:
            for i, aside in self._beside_answered(parts, out, strong, text):
                p = out[i][0]
                if p is not None and p >= floor and self.asked(parts[i].rule.intent, p, text, vector, aside=aside):
                    keep(i, p, "sibling")
        return out

    def _below_bar(self, rule: Rule, p: float | None, text: str, vector: dict[int, float]) -> str:
        """The reading that keeps a part below its bar on ``vector`` (the whole message, or its Persian reading), or "":
        ``"lead"`` (:meth:`.IntentGate.leads`), ``"unopposed"`` (:meth:`unopposed`), or :meth:`asked`'s."""
        gate = self.gate
        assert gate is not None
        if gate.leads(rule.intent, vector):
            return "lead"
        if self.unopposed(rule.intent, vector):
            return "unopposed"
        return self.asked(rule.intent, p, text, vector, rule.alone)

    def _clause_unopposed(self, rule: Rule, clause_vector: dict[int, float], vector: dict[int, float]) -> bool:
        """Whether a strong part's question, read alone in a message that asks two or more, is unopposed at
        :data:`.gate.CLAUSE_UNOPPOSED` (and the part's bar), «no question» of it under :data:`.gate.QUESTION_NONE`,
        while the whole message (``vector``) does not lean to chatter (:data:`.gate.QUESTION_WHOLE_NONE`): the test
        the one question of a story gets (:data:`.gate.QUESTION_THRESHOLD`)."""
        floor, gate = gate_module.CLAUSE_UNOPPOSED, self.gate
        if floor is None or rule.alone or gate is None:
            return False
        if not gate.unopposed(rule.intent, clause_vector, self._courtesy, max(floor, self.bar(rule)), gate_module.QUESTION_NONE):
            return False
        return gate.probability(gate_module.NONE, vector) < gate_module.QUESTION_WHOLE_NONE

    def _beside_answered(
        self, parts: tuple[Match, ...], out: list[tuple[float | None, bool]], vetoed: list[int], text: str
    ) -> list[tuple[int, frozenset[str]]]:
        """The vetoed parts asked in a question of their own beside a question the gate let answer, each with the
        intents to set aside when reading it (the answered parts' and their :data:`.gate.KIN`): a message that asks
        «X? Y?» spends most of its reading on X, so Y's P on the whole is low. Only when an answered part reached
        :data:`.gate.SIBLING_ANSWERED` (its question explains the message's reading), and only a part whose clause is a
        question («؟», not negated) that no answered part's hit is in (:meth:`.Matcher.clauses_of`)."""
        answered = [j for j, (p, kept) in enumerate(out) if kept and p is not None]
        if not answered or max(out[j][0] or 0.0 for j in answered) < gate_module.SIBLING_ANSWERED:
            return []
        found = self.matcher.clauses_of(text, [part.position for part in parts])
        theirs = [found[j] for j in answered]
        if any(clause is None for clause in theirs):
            return []
        aside = frozenset(k for j in answered for k in (parts[j].rule.intent, *gate_module.KIN.get(parts[j].rule.intent, ())))
        return [(i, aside) for i in vetoed if (c := found[i]) is not None and c.asked and not c.negated and c not in theirs]

    def asked(
        self, intent: str, p: float | None, text: str, vector: dict[int, float], alone: bool = False, aside: frozenset[str] = frozenset()
    ) -> str:
        """Why a part below its bar stands in a message that asks («؟»), or "": ``"ratio"``, nothing else read in it
        (greeting, thanks and kin aside), its agreement ``p`` at least :data:`.gate.ASKED_FLOOR` and
        :data:`.gate.ASKED_NONE_RATIO` times P(none); ``"quiet"``, a strong part (not ``alone``) at that floor with
        P(none) under :data:`.gate.ASKED_NONE` and every other intent under :data:`.gate.ASKED_OTHER`
        (:meth:`.IntentGate.nothing_else`). A question mark says the message is a question, so «no question» needs
        less room than :meth:`.IntentGate.unopposed`'s fixed 0.1 gives it. ``aside``: more intents not read as
        another question (the answered ones, :meth:`_beside_answered`)."""
        ratio, floor, gate = gate_module.ASKED_NONE_RATIO, gate_module.ASKED_FLOOR, self.gate
        if gate is None or p is None or p < floor or not asks(text):
            return ""
        aside = self._courtesy | aside
        if ratio is not None and gate.unopposed(intent, vector, aside, floor, p / ratio):
            return "ratio"
        quiet = gate_module.ASKED_NONE
        if quiet is not None and not alone and gate.nothing_else(intent, vector, aside, quiet, gate_module.ASKED_OTHER):
            return "quiet"
        return ""

    def bar(self, rule: Rule) -> float:
        """The probability a gated rule's intent needs: a weak (``alone``) part needs more; an
        intent of :data:`.gate.INTENT_THRESHOLDS` less, unless the rule files set the threshold."""
        bar = self.threshold
        if self.ruleset.intent_gate is None:
            bar = min(bar, gate_module.INTENT_THRESHOLDS.get(rule.intent, bar))
        return max(bar, gate_module.WEAK_THRESHOLD) if rule.alone else bar

    def _agreed(self, message: Message, situation: Situation) -> Iterator[Match]:
        """The matcher's matches with every gated part the classifier disagrees with dropped.

        A match left with only a greeting or thanks, or with nothing, is dropped whole, but for a
        thanks left alone in a message that asks nothing and reads as thanks (:meth:`_thanks_alone`). If the
        best match is dropped, no alternative takes its place (one the matcher ranked lower, e.g.
        price under a vetoed negotiation, was never the buyer's question): the fallback answers
        (a missed question, never a wrong answer). Alternatives follow only a best match that stood.
        """
        vectors: dict[str, dict[int, float]] = {}  # the message's and its clauses' TF-IDF vectors, each computed once
        found = answered = False
        for match in self.matcher.matches(message, situation):
            if match.tier == "fallback":
                if not answered:
                    yield match
                continue
            if found and not answered:
                continue  # the best match was vetoed: its lower-ranked alternatives do not stand in
            found = True
            parts = match.parts or (match,)
            if self._thanks_is_chatter(parts, message.text, vectors):
                continue
            agreed = self._agreements(parts, message.text, vectors)
            kept = [part for part, (_p, stands) in zip(parts, agreed) if stands]
            if not kept or (len(kept) < len(parts) and all(p.rule.courtesy for p in kept) and not self._thanks_alone(kept, message.text, vectors)):
                continue
            answered = True
            if len(kept) == len(parts):
                yield match
            elif len(kept) == 1:
                yield Match(kept[0].rule, kept[0].groups, match.tier, offer=match.offer, confidence=match.confidence)
            else:
                yield Match(kept[0].rule, kept[0].groups, match.tier, parts=tuple(kept), offer=match.offer)
        if found and not answered:
            for rule in self.matcher.fallbacks:
                if conditions_hold(rule, message, situation):
                    yield Match(rule, {}, "fallback")

    def _thanks_is_chatter(self, parts: tuple[Match, ...], text: str, vectors: dict[str, dict[int, float]]) -> bool:
        """Whether a match that is a thanks alone, in a message that asks nothing (no «؟») of at least
        :data:`.gate.THANKS_CHATTER_WORDS` words, reads far more as chatter than as a thanks: P(none) at least
        :data:`.gate.THANKS_CHATTER_NONE` and :data:`.gate.THANKS_CHATTER_RATIO` × P(thanks). A decline signed with
        a thanks («خونه رو یه جا دیگه گرفتیم، مرسی»), or sarcasm, is not thanked back (the label contract's `none`).
        The thanks rule is not gated otherwise (it states no fact); this reads only what the model is sure of."""
        gate, bar = self.gate, gate_module.THANKS_CHATTER_NONE
        if gate is None or bar is None or len(parts) != 1 or parts[0].rule.intent != "thanks" or not parts[0].rule.courtesy:
            return False
        if asks(text) or len(text.split()) < gate_module.THANKS_CHATTER_WORDS or gate_module.NONE not in gate.weights:
            return False
        vector = _vector_once(gate, vectors, text, "")
        none = gate.probability(gate_module.NONE, vector)
        return none >= bar and none >= gate_module.THANKS_CHATTER_RATIO * gate.probability("thanks", vector)

    def _thanks_alone(self, kept: list[Match], text: str, vectors: dict[str, dict[int, float]]) -> bool:
        """Whether a thanks the gate's vetoes left alone still answers: the message asks nothing (no «؟»)
        and the gate reads it as a thanks (P at the gate's bar and above P(none)).

        «دمت گرم بابت فیلم 🙏», «از تماستون ممنون», «پدرم تشکر کرد، گفتن خودشون تماس میگیرن»: thanks for a
        past act whose object («فیلم», «تماس») is another rule's keyword; the gate vetoes that rule, and the
        message is still a thanks. A greeting left alone is still dropped (it would ignore what was asked),
        and so is a thanks beside a question or a remark the gate does not read as thanks («مرسی، ولی با
        این قیمت نو میخرم»: P(none) ahead).
        """
        gate = self.gate
        if gate is None or len(kept) != 1 or kept[0].rule.place != "last" or asks(text):
            return False
        vector = _vector_once(gate, vectors, text, "")
        p = gate.probability(kept[0].rule.intent, vector)
        return p >= self.threshold and p > gate.probability(gate_module.NONE, vector)

    def render(self, match: Match, message: Message, now: datetime, facts: dict[str, Any] | None = None) -> Reply:
        """Render the match's reply (``facts``: the post's, as ``post.*``); raises :class:`RenderError` if it fails.

        A combined match (several questions in one message) renders each part and joins
        them, one line each, in the order the parts are given.
        """
        if not match.parts:  # the common case, kept lean: render is on every reply's path
            text = self._render_one(match, message, now, facts)
            return Reply(match.rule.name, text, match.rule.buttons, match.tier, (match.rule.name,))
        parts = match.parts
        texts = [self._render_one(part, message, now, facts) for part in parts]
        names = tuple(part.rule.name for part in parts)
        buttons = next((p.rule.buttons for p in parts if p.rule.buttons), ())
        return Reply("+".join(names), "\n".join(texts), buttons, match.tier, names)

    def _render_one(self, match: Match, message: Message, now: datetime, facts: dict[str, Any] | None) -> str:
        template = pick_variant(match.rule.replies, message.id)
        if isinstance(template, str):
            text = template
        else:
            context = build_context(message, self.ruleset.vars_for(message.post_token), match.groups, now, facts, template.names)
            context["offer"] = match.offer or {}
            text = render(template, context)
        if not text:
            raise RenderError(f"rule {match.rule.name!r} rendered an empty reply")
        return text

    def nearest_examples(self, text: str, k: int = 3) -> list[tuple[float, str, str]]:
        """``(similarity, rule name, example)`` of the examples closest to ``text`` (``responder try``)."""
        asked = unnegated(fold_marked(text))
        return [(n.score, self.matcher.rules[n.rule].name, n.example) for n in self.matcher.examples.nearest(asked, k)]

    def example_conflicts(self, now: datetime) -> list[Problem]:
        """Examples this rule set would answer with another rule (``responder check`` and the
        reloader warn, at the rule's ``file:line``).

        An example caught by another rule's keywords is answered by that rule; one no keyword
        catches is compared with every *other* example, and a different rule's example above
        the threshold would take it. The cost grows with the square of the examples (each is
        compared with the others): 0.17 s of CPU for 500 (bench/example_check_bench.py).
        """
        index = self.matcher.examples
        out = []
        for doc, (position, text) in enumerate(index.examples):
            rule = self.matcher.rules[position]
            message = Message(id="check", post_token="CHECK", text=text, type="TEXT", role="buyer", sent_at=now, source="legacy")
            first = next(self.matches(message, Situation(now)), None)
            if first is not None and first.tier in ("exact", "typo"):
                others = [r for r in first.rules if (r.intent or r.name) != (rule.intent or rule.name)]
                if others:
                    out.append(Problem(rule.file, rule.line, f"rule {rule.name!r}: example {text!r} is answered by "
                                                             f"{'+'.join(r.name for r in first.rules)} (keywords), not by this rule"))  # fmt: skip
                continue
            routed = index.route(unnegated(fold_marked(text)), skip=doc)
            if routed and self.matcher.rules[routed[0][0]].intent != rule.intent:
                other = self.matcher.rules[routed[0][0]]
                out.append(Problem(rule.file, rule.line, f"rule {rule.name!r}: example {text!r} is closer to an example of "
                                                         f"rule {other.name!r} ({routed[0][1] * 100:.0f} % alike) than to this rule's other examples"))  # fmt: skip
        return out

    def first_reply(self, message: Message, situation: Situation) -> Reply | None:
        """The reply of the best match, ignoring throttles (what ``responder try`` shows)."""
        for match in self.matches(message, situation):
            return self.render(match, message, situation.now)
        return None


def persian_reading(text: str) -> str:
    """A Finglish message's words read as Persian, as the rules read them (the gate's model reads them in
    Latin letters: :data:`.gate.FINGLISH`); "" when the reading is the same (a Persian message)."""
    persian = fold(text)
    return persian if persian != fold(text, gate_module.FINGLISH) else ""


def alternatives(matches: list[Match], reply: Reply) -> list[str]:
    """Names of the rules that also match, after the first, and are not in ``reply``: a combined
    reply's own parts («greeting+price») are not alternatives to it (`try` and the console's playground)."""
    in_reply = set(reply.rules or (reply.rule,))
    return list(dict.fromkeys(p.rule.name for m in matches[1:] for p in (m.parts or (m,)) if p.rule.name not in in_reply))


def routable(rule: Rule) -> bool:
    """Whether the router may answer with ``rule``: it declares its intent and needs nothing the
    keywords would have found. Not a weak (``alone``) word's rule, not a number offer's (its reply
    quotes the amount), not a regex's (its reply may read the groups), not a greeting or thanks
    (said around answers, never routed alone)."""
    return rule.intent_declared and not (rule.fallback or rule.alone or rule.offer or rule.regex or rule.courtesy)
