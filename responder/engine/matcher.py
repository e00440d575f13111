"""Compiled matching: one keyword automaton for the whole rule set.

Every keyword of every rule goes into one Aho-Corasick automaton over the folded text
(:func:`responder.text.padded`), so a message is scanned once whatever the number of
keywords; hits map back to rules, and only those rules (plus the few with regex, exact
or no text trigger) have their conditions checked.  Word boundaries are spaces in the
padded text: ``" kw"`` matches at a word start (Persian suffixes: قیمت → قیمتش),
``" kw "`` a whole word, ``"kw"`` anywhere.

Tiers: exact hits first; only if no rule matched, typo-tolerant hits for rules with
``typos: true``; only if still nothing, ``fallback`` rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import ahocorasick
from responder.events import Message
from responder.text import canonical, fold

from .model import Rule, RuleSet
from .render import TEHRAN
from .typos import TypoIndex, typo_budget

ANY = -1  # slot of a `keywords` hit; `all_keywords` hits use their index, vetoes VETO
VETO = -2


@dataclass(frozen=True)
class Situation:
    """What the pure core cannot know by itself: the clock and the conversation's history."""

    now: datetime
    first_in_conversation: bool = True


@dataclass(slots=True)
class Match:
    rule: Rule
    groups: dict[str, str] = field(default_factory=dict)
    tier: str = "exact"  # exact | typo | fallback


class _Hits:
    """Which rules' keywords were found: ``any`` rules, ``all_keywords`` slots, vetoes."""

    __slots__ = ("any", "all", "vetoed")

    def __init__(self) -> None:
        self.any: set[int] = set()
        self.all: dict[int, set[int]] = {}
        self.vetoed: set[int] = set()

    def add(self, rule: int, slot: int) -> None:
        if slot == ANY:
            self.any.add(rule)
        elif slot == VETO:
            self.vetoed.add(rule)
        else:
            self.all.setdefault(rule, set()).add(slot)

    def candidates(self) -> set[int]:
        return self.any.union(self.all) if self.all else self.any


def _pattern(keyword: str, mode: str) -> str:
    return {"prefix": f" {keyword}", "word": f" {keyword} ", "anywhere": keyword}[mode]


class Matcher:
    def __init__(self, ruleset: RuleSet) -> None:
        self.rules = [r for r in ruleset.rules if not r.fallback]
        self.fallbacks = [r for r in ruleset.rules if r.fallback]
        self._automaton = ahocorasick.Automaton()
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._always: list[int] = []  # rules to check on every message (regex / no keywords)
        entries: dict[str, list[tuple[int, int]]] = defaultdict(list)
        fuzzy: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for index, rule in enumerate(self.rules):
            slots = [(kw, ANY) for kw in rule.keywords] + list(zip(rule.all_keywords, range(len(rule.all_keywords))))
            for keyword, slot in slots + [(kw, VETO) for kw in rule.exclude]:
                entries[_pattern(keyword, rule.match)].append((index, slot))
            for keyword, slot in slots:
                if rule.typos and rule.match != "anywhere" and " " not in keyword and typo_budget(len(keyword)):
                    fuzzy[(keyword, rule.match)].append((index, slot))
            for text in rule.exact:
                self._exact[text].append(index)
            if rule.regex or not (rule.keywords or rule.all_keywords or rule.exact):
                self._always.append(index)
        for pattern, hits in entries.items():
            self._automaton.add_word(pattern, tuple(hits))
        self._has_patterns = bool(entries)
        if entries:
            self._automaton.make_automaton()
        self._typos = TypoIndex(fuzzy)

    def matches(self, message: Message, situation: Situation) -> Iterator[Match]:
        """Matching rules, best first; later tiers are computed only if asked for."""
        folded = fold(message.text)
        found = self._automaton.iter(f" {folded} ") if self._has_patterns else ()
        hits = _Hits()
        for _end, entries in found:
            for rule, slot in entries:
                hits.add(rule, slot)
        candidates = hits.candidates()
        if self._always or self._exact:
            candidates = candidates.union(self._always, self._exact.get(folded, ()))
        found_any = False
        if candidates:
            ordered = sorted(candidates) if len(candidates) > 1 else candidates
            for match in self._evaluate(ordered, hits, message, situation, folded, "exact"):
                found_any = True
                yield match
        if not found_any and self._typos:
            for match in self._typo_matches(hits, message, situation, folded):
                found_any = True
                yield match
        if not found_any:
            for rule in self.fallbacks:
                if _conditions_hold(rule, message, situation):
                    yield Match(rule, {}, "fallback")

    def _typo_matches(self, exact: _Hits, message: Message, situation: Situation, folded: str) -> Iterator[Match]:
        """Rules with ``typos: true`` whose keywords are near a word; exact hits still count."""
        hits = self._typo_hits(folded.split())
        if not (hits.any or hits.all):
            return
        for rule, slots in exact.all.items():
            hits.all.setdefault(rule, set()).update(slots)
        hits.any |= exact.any
        hits.vetoed = exact.vetoed
        candidates = sorted(i for i in hits.candidates() if self.rules[i].typos)
        yield from self._evaluate(candidates, hits, message, situation, folded, "typo")

    def _evaluate(
        self, candidates: Iterable[int], hits: _Hits, message: Message, situation: Situation, stripped: str, tier: str
    ) -> Iterator[Match]:
        for index in candidates:
            if index in hits.vetoed:
                continue
            rule = self.rules[index]
            groups = self._triggered(rule, index, hits, message, stripped)
            if groups is not None and _conditions_hold(rule, message, situation):
                yield Match(rule, groups, tier)

    def _triggered(self, rule: Rule, index: int, hits: _Hits, message: Message, stripped: str) -> dict[str, str] | None:
        """Named regex groups (possibly empty) if any trigger of the rule fires, else None."""
        if not (rule.keywords or rule.all_keywords or rule.exact or rule.regex):
            return {}
        if rule.keywords or rule.all_keywords:
            any_ok = not rule.keywords or index in hits.any
            if any_ok and len(hits.all.get(index, ())) == len(rule.all_keywords):
                return {}
        if stripped in rule.exact:
            return {}
        cleaned = canonical(message.text)
        for regex in rule.regex:
            found = regex.search(cleaned)
            if found:
                return {k: v for k, v in found.groupdict().items() if v is not None}
        return None

    def _typo_hits(self, tokens: list[str]) -> _Hits:
        hits = _Hits()
        for found in self._typos.find(tokens):
            for rule, slot in found:
                hits.add(rule, slot)
        return hits


def _conditions_hold(rule: Rule, message: Message, situation: Situation) -> bool:
    if rule.role != "any" and rule.role != message.role:
        return False
    if message.type not in rule.message_types:
        return False
    if rule.posts and message.post_token not in rule.posts:
        return False
    if rule.categories and message.category.casefold() not in rule.categories:
        return False
    if rule.title_contains:
        title = f" {fold(message.title)} "
        if not any(f" {part}" in title for part in rule.title_contains):
            return False
    if rule.first_message_only and not situation.first_in_conversation:
        return False
    if rule.hours or rule.days:
        local = situation.now.astimezone(TEHRAN)
        if rule.days and local.weekday() not in rule.days:
            return False
        if rule.hours and not any(w.contains(local.time()) for w in rule.hours):
            return False
    return True
