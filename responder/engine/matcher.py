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

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import ahocorasick
from responder.events import Message
from responder.text import ASKED, CLAUSE, asks, fold, fold_marked, vetoed_forms

from .model import Rule, RuleSet
from .render import TEHRAN
from .similar import ExampleIndex
from .typos import TypoIndex, typo_budget
from .offers import Offer, find_offer, offers_said
from .understand import DIVAR_NAMES, DIVAR_PHRASES, DIVAR_TOPICS, INSULT_PHRASES, READING_MARKERS, SPAM_PHRASES, Clause, about_divar, asks_beyond, asks_how_much, speaks_beyond, clause_of, clauses, kept_positions, photo_shows, told_only, unnegated

ANY = -1  # slot of a `keywords` hit; `all_keywords` hits use their index, vetoes VETO
VETO = -2
READ = -3  # rule and slot of a reading marker (negation, «فقط»): not a rule's hit
# Markers of a message about Divar itself or spam (understand.about_divar), found as vetoes of these
# pseudo-rules so that negation («چرا …») does not hide them: not rules' hits either.
DIVAR_NAME, DIVAR_TOPIC, DIVAR_PHRASE = -4, -5, -6
NOWHERE = 1 << 30  # Match.position of a rule no keyword triggered (regex, offer, exact): after every keyword


@dataclass(frozen=True)
class Situation:
    """What the pure core cannot know by itself: the clock and the conversation's history."""

    now: datetime
    first_in_conversation: bool = True


@dataclass(slots=True)
class Match:
    rule: Rule
    groups: dict[str, str] = field(default_factory=dict)
    tier: str = "exact"  # exact | typo | similar | fallback
    parts: tuple[Match, ...] = ()  # a message with several questions: one match per question, in order
    offer: dict[str, object] | None = None  # the buyer's number offer, for {{ offer.* }}
    confidence: float = 1.0  # the similarity tier's cosine score
    position: int = 0  # where the rule's first keyword hit ended in ``f" {fold(text)} "`` (buyer's order); NOWHERE: no keyword, 0: unknown (typo tier)
    order: int | None = None  # where the buyer asked it, for a multi-question reply's order; None: :attr:`position` (a regex rule: where its match ended)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(p.rule for p in self.parts) if self.parts else (self.rule,)


class _Reading:
    """One message as the matcher reads it: the plain fold, and the clause-marked fold on demand."""

    __slots__ = ("text", "folded", "marker_seen", "_marked", "_clauses", "_starts", "_after")

    def __init__(self, text: str, folded: str) -> None:
        self.text, self.folded, self.marker_seen = text, folded, False
        self._marked: str | None = None
        self._clauses: list[Clause] | None = None
        self._starts: list[int] | None = None
        self._after: list[str] | None = None

    def after(self, word: int) -> str:
        """What follows word ``word`` of the plain fold: the next word, a clause mark, or "" at the end."""
        if self._after is None:
            tokens = self.marked.split()
            self._after = [tokens[i + 1] if i + 1 < len(tokens) else "" for i, t in enumerate(tokens) if t not in (CLAUSE, ASKED)]
        return self._after[word] if word < len(self._after) else ""

    @property
    def marked(self) -> str:
        if self._marked is None:
            self._marked = fold_marked(self.text)
        return self._marked

    @property
    def clauses(self) -> list[Clause]:
        """The message's clauses (:func:`.understand.clauses` of the marked fold), read once per message."""
        if self._clauses is None:
            self._clauses = clauses(self.marked)
        return self._clauses

    def word_at(self, offset: int) -> int:
        """Index of the word of the padded fold ``" folded "`` that ``offset`` (a hit's start) falls in."""
        if self._starts is None:
            padded = f" {self.folded} "
            self._starts = [i + 1 for i, ch in enumerate(padded) if ch == " "][:-1]
        return max(bisect_right(self._starts, offset + 1) - 1, 0)


class _Hits:
    """Which rules' keywords were found: ``any`` rules, ``all_keywords`` slots, vetoes, spans."""

    __slots__ = ("any", "all", "vetoed", "spans")

    def __init__(self) -> None:
        self.any: set[int] = set()
        self.all: dict[int, set[int]] = {}
        self.vetoed: set[int] = set()
        self.spans: dict[int, list[tuple[int, int]]] = {}

    def add(self, rule: int, slot: int, start: int = 0, end: int = 0) -> None:
        if slot == ANY:
            self.any.add(rule)
        elif slot == VETO:
            self.vetoed.add(rule)
            return
        else:
            self.all.setdefault(rule, set()).add(slot)
        self.spans.setdefault(rule, []).append((start, end))

    def candidates(self) -> set[int]:
        return self.any.union(self.all) if self.all else self.any


_NO_HITS = _Hits()  # shared by every message no keyword hit; never added to


# «… دارید؟», «… موجوده؟»: the seller asked to have the item described (see _names_the_item); not
# «داره» (the item has it: «باتری داره؟» is a specs question) nor «هست» alone («شارژرش هست؟»); nor «دارن» (recall6: the
# item's parts have it, «اتاقا کمد دیواری دارن؟», «صندلی‌ها چرخ دارن؟»: a specs question, as «داره» in the plural)
_STOCK_WORDS = frozenset("دارید دارین داری موجوده موجود موجودید موجودش darid darin dari mojoode mojoude mojood".split())
_WANT_WORDS = frozenset("میخوام میخواستم میخوایم".split())  # a told want, then a stock word elsewhere (see _names_the_item)
_THERE = frozenset("هست هستش hast".split())  # only after «اگه»: «اگه هست» is «if you have it»
# fresh10: the topics whose thing may be the item itself, asked for in stock (_names_the_item): a spec's word, or a part of a car
# that a listing of parts sells («لاستیک دست دوم پژو داری؟», «گلگیر جلو ۲۰۶ دارید؟»)
_NAMED_TOPICS = frozenset({"specs", "condition"})
# fresh10: «still there» or «there too» after the item's words asks for stock as «… دارید؟» does («تلویزیون ۵۵ اینچ هنوز هست؟»,
# «کارت حافظه ۱۲۸ گیگ هم هست؟»); «هم هست» only after a figure («ضد ضربه هم هست؟» asks a spec)
_STILL = frozenset(fold(w) for w in "هنوز هنوزم hanooz hanuz".split())
_ALSO = frozenset(fold(w) for w in "هم ham".split())
_IF_WORDS = frozenset("اگه اگر age agar".split())
# fresh6: a figure said with a spec's word («مدل ۹۷», «تیپ ۲», «۱۲ نفره», «۱۴۰ متری») names the item, the buyer's own or this
# one, when the clause goes on with other words («۲۰۶ تیپ ۲ مدل ۹۷ چند؟», «۴۰۵ مدل ۹۶ دارم، …», «سرویس ۱۲ نفره ۲۰ تومن؟»); it
# asks when the clause ends at the figure with a «؟» or goes on only with «is it» or «or» («مدل ۹۸ هست یا ۹۹؟», «۱۱۰ متریه؟»)
_FIGURE = re.compile(r"\d+(?:[./]\d+)?")
_FIGURE_IS = frozenset(fold(w) for w in (
    "ه هست هستش هس است e یا هستن هستند بود نیست درسته دیگه باشه واقعیه دقیقه یعنی "
    "درصده هزاره تاست متره ساله نفره اینچه گیگه "  # a unit with «is» glued («باتریش ۱۰۰ درصده»)
    "نوشتی نوشتید نوشتین زدی زدید زدین").split())  # the ad's figure quoted to be checked («کارکردش ۹۰ هزار نوشتی، درسته؟»)
_FIGURE_JOINS = frozenset(fold(w) for w in "در x × * تا ta".split())  # «۱۶۰ در ۹۰», «16 ta 32»: one size or a range
_FIGURE_SCALE = frozenset(fold(w) for w in "هزار تا کیلومتر km درصد".split())
# the units a figure comes before («۱۲ نفره», «۱۴۰ متری», «۵۵ اینچ»: not «۲۵۶ حافظه چند؟», a figure then another word)
_FIGURE_UNITS = frozenset(fold(w) for w in (
    "نفره نفر نفری متری متر متره خواب خوابه اینچ اینچی شانه شونه کیلومتر سال ساله طبقه طبقست سانت سانتی لیتر لیتری گیگ گیگی "
    "مگاپیکسل وات درب دربه تن تنی سیلندر سیلندره nafare metri").split())
# in an asked clause, what names the figure's item rather than asks it: the item as an object («میز ۱۰ نفره رو … بدید؟»), its
# price asked («مدل ۹۷ چند؟»), the buyer's own («… دارم»)
_FIGURE_NAMED = frozenset(fold(w) for w in "رو را چند چنده چقدر چقد چن قیمت قیمتش دارم داریم تومن تومان میلیون میدم بدم".split())


# wrongs16: «این اجاق گاز فردار چند؟», «کاکو ای کولر آبی چن», «اون ساعت دیواری چوبیه چنده؟»: «this / that» item with the words that
# name it, then a bare how-much ending the clause: the price of the item so named (every such corpus line), not a spec («این کمد عرضش
# چنده؟», «این واحد طبقه چنده؟» ask a measure: the word before the how-much is its «-ش» or a measure); address words may open the
# clause (see _names_priced)
_THIS_ITEM = frozenset(fold(w) for w in "این ای اون همین in".split())
_ADDRESS = frozenset(fold(w) for w in "سلام کاکو کاکا آقا اقا داداش حاجی".split())
_HOW_MUCH_END = frozenset(fold(w) for w in "چند چنده چن چقدر چقدره".split())
_MEASURED = frozenset(fold(w) for w in (  # «این واحد طبقه چنده؟», «in vahed tabaghe chande?»: a measure asked, not the item named
    "طبقه متراژ متر متری سایز ابعاد وزن ارتفاع طول عرض ظرفیت تراکم مدل سال رنگ نفره شعله فوت اینچ وات حافظه رم باتری کارکرد "
    "tabaghe metraj size model").split())


# intents whose ``covers`` hold only in their own clause (:meth:`Matcher._covered`)
_CLAUSE_COVERS = frozenset({"negotiation"})
# what a buyer says he will do once a condition holds («اگه … بیام ببینم», «… زنگ بزنم»): :meth:`Matcher._consequence_told`
_CONSEQUENCES = frozenset({"visit", "contact"})
_IF = frozenset({"اگه", "اگر"})
# «اگه امکانش هست بفرمایید کجاست و کی میشه دید»: «if you may», a please, not a condition
_IF_POLITE = frozenset(fold(w) for w in ("امکانش", "امکان", "ممکنه", "ممکن", "میشه", "بشه", "زحمت", "زحمتی", "لطف", "لطفا", "میشود", "مقدوره"))


def _platform(hits: _Hits) -> bool:
    """The markers found say the message is about Divar itself, or spam (:func:`.understand.about_divar`)."""
    return bool(hits.vetoed) and about_divar(DIVAR_NAME in hits.vetoed, DIVAR_TOPIC in hits.vetoed, DIVAR_PHRASE in hits.vetoed)


def _pattern(keyword: str, mode: str) -> str:
    return {"prefix": f" {keyword}", "word": f" {keyword} ", "anywhere": keyword}[mode]


def spellings(keyword: str) -> list[str]:
    """A keyword of several Persian words as written, and with its words typed together: a buyer's
    «روغن‌سوزی» (the ZWNJ folds glued) or «روغنسوزی» is the rule's «روغن سوزی». Up to four words
    (every way to join them), so a seller writes each phrase once."""
    words = keyword.split(" ")
    if not 2 <= len(words) <= 4:
        return [keyword]
    if _HOW_MANY in words:  # «چند» said clipped, «چن» (recall10: «فرش چن متره», «ای جارو برقی چن واته»): the phrase, not a bare «چن»
        clipped = " ".join(_HOW_MANY_CLIPPED if w == _HOW_MANY else w for w in words)
        return list(dict.fromkeys(_joined_spellings(words) + _joined_spellings(clipped.split(" "))))
    return _joined_spellings(words)


_HOW_MANY, _HOW_MANY_CLIPPED = "چند", "چن"


def _joined_spellings(words: list[str]) -> list[str]:
    """The words of a keyword as written, and every way of typing them together."""
    out = []
    for joins in range(2 ** (len(words) - 1)):
        text = words[0]
        for gap, word in enumerate(words[1:]):
            glued = joins >> gap & 1 and _PERSIAN_END.search(text) and _PERSIAN_START.match(word)
            text += ("" if glued else " ") + word
        out.append(text)
    return list(dict.fromkeys(out))


_PERSIAN_END = re.compile(r"[\u0621-\u064a\u067e-\u06d3]$")
_PERSIAN_START = re.compile(r"[\u0621-\u064a\u067e-\u06d3]")


def _asked(text: str) -> tuple[_Reading, list[Clause], list[Clause]]:
    """``text`` read, its clauses, and those of them that ask (a «؟», not negated)."""
    reading = _Reading(text, fold(text))
    every = reading.clauses
    return reading, every, [c for c in every if c.asked and not c.negated]


def _clause_at(reading: _Reading, found: list[Clause], end: int) -> Clause | None:
    """The clause of ``found`` a hit ending at ``end`` (:attr:`Match.position`) is in; None if none or unknown."""
    return clause_of(found, reading.word_at(end - 2)) if 0 < end < NOWHERE else None  # the hit's last letter, as _well_followed


def _clause_words(reading: _Reading, found: list[Clause], positions: list[int]) -> list[str]:
    """Per hit position, the plain folded words of the clause of ``found`` it is in; "" if none."""
    words = reading.folded.split()
    out = []
    for end in positions:
        clause = _clause_at(reading, found, end)
        out.append(" ".join(words[clause.first : clause.last + 1]) if clause is not None else "")
    return out


def keyword_ending_at(rule: Rule, padded: str, position: int) -> tuple[str, int] | None:
    """Which of ``rule``'s keywords a hit ending at ``position`` (:attr:`Match.position`) in
    ``padded`` (``f" {fold(text)} "``) was, and where its letters start there; None if none.
    For ``responder try``'s why, not the hot path."""
    if not 0 < position < NOWHERE:
        return None
    for keyword in (*rule.keywords, *rule.all_keywords):
        for spelling in spellings(keyword):
            pattern = _pattern(spelling, rule.match)
            start = position - len(pattern)
            if start >= 0 and padded[start:position] == pattern:
                return spelling.strip(), start + len(pattern) - len(pattern.lstrip())  # without the pattern's spaces
    return None


class Matcher:
    def __init__(self, ruleset: RuleSet) -> None:
        self.rules = [r for r in ruleset.rules if not r.fallback]
        self.fallbacks = [r for r in ruleset.rules if r.fallback]
        self._automaton = ahocorasick.Automaton()
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._always: list[int] = []  # rules to check on every message (regex / offer / no keywords)
        self._index = {id(rule): i for i, rule in enumerate(self.rules)}
        self._courtesy = [rule.courtesy for rule in self.rules]
        self._offers = any(rule.offer or rule.unless_offer for rule in self.rules)
        self._followed = {i: rule.followed_by for i, rule in enumerate(self.rules) if rule.followed_by is not None}
        entries: dict[str, list[tuple[int, int]]] = defaultdict(list)
        fuzzy: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for index, rule in enumerate(self.rules):
            slots = [(kw, ANY) for kw in rule.keywords] + list(zip(rule.all_keywords, range(len(rule.all_keywords))))
            for keyword, slot in slots + [(kw, VETO) for kw in rule.exclude]:
                for spelling in spellings(keyword):
                    entry = entries[_pattern(spelling, rule.match)]
                    if (index, slot) not in entry:  # the glued form written as a keyword of its own too
                        entry.append((index, slot))
            for keyword, slot in slots:
                if rule.typos and rule.match != "anywhere" and " " not in keyword and typo_budget(len(keyword)):
                    fuzzy[(keyword, rule.match)].append((index, slot))
            for text in rule.exact:
                self._exact[text].append(index)
            if rule.regex or rule.offer or not (rule.keywords or rule.all_keywords or rule.exact or rule.examples):
                self._always.append(index)
        for marker in READING_MARKERS:  # found in the same pass: negation and «فقط» need a closer look
            entries[_pattern(fold(marker), "prefix")].insert(0, (READ, READ))
        for words, mode, marker in ((DIVAR_NAMES, "word", DIVAR_NAME), (DIVAR_TOPICS, "prefix", DIVAR_TOPIC), (DIVAR_PHRASES + SPAM_PHRASES + INSULT_PHRASES, "prefix", DIVAR_PHRASE)):
            for word in words:
                entries[_pattern(fold(word), mode)].append((marker, VETO))
        for pattern, hits in entries.items():
            self._automaton.add_word(pattern, (len(pattern), tuple(hits)))
        self._automaton.make_automaton()
        self._typos = TypoIndex(fuzzy)
        self.examples = ExampleIndex(
            [(i, text) for i, rule in enumerate(self.rules) for text in rule.examples], ruleset.example_threshold
        )
        self._has_typos, self._has_examples = bool(self._typos), bool(self.examples)

    def about_divar(self, text: str) -> bool:
        """Whether :meth:`matches` reads ``text`` as about Divar itself, or spam (``responder try``'s why)."""
        folded = fold(text)
        raw = list(self._automaton.iter(f" {folded} "))
        return bool(raw) and _platform(self._scan(raw, _Reading(text, folded)))

    def matches(self, message: Message, situation: Situation) -> Iterator[Match]:
        """Matching rules, best first; later tiers are computed only if asked for.

        When several questions are answered in the exact tier, the first match is the
        combined one (``parts``: one per intent, in the buyer's order); the single
        matches follow, for a worker whose combined reply is throttled away.
        """
        folded = fold(message.text)
        raw = list(self._automaton.iter(f" {folded} "))  # usually empty: then nothing more to read
        reading = _Reading(message.text, folded) if raw else None
        hits = self._scan(raw, reading) if reading is not None else _NO_HITS
        candidates = hits.candidates()
        if self._always or self._exact:
            candidates = candidates.union(self._always, self._exact.get(folded, ()))
        found_any = False
        platform = _platform(hits)
        if platform:  # about Divar itself, or spam: the fallback answers (greet2: «با سلام، دوره آنلاین کسب درآمد دلاری»,
            candidates = set()  # «سلام وقت بخیر، از طرف نمایندگی بیمه پیام میدم، …»: no greeting either, the label contract's `none`)
        if candidates:
            offer = find_offer(message.text) if self._offers else None
            ordered = sorted(candidates) if len(candidates) > 1 else candidates
            declined: list[int] = []  # courtesy rules a keyword found but whose ``unless`` took back (a decline, scorn)
            exact = list(self._evaluate(ordered, hits, message, situation, folded, "exact", offer, declined))
            if exact and reading is not None:
                exact = [m for m in exact if not self._names_the_item(m, hits, reading) and not self._states_a_figure(m, hits, reading)
                         and not self._names_priced(m, hits, reading)]
            if exact and reading is not None and reading.marker_seen:
                only = self._only_asked(exact, hits, reading)
                exact = [m for m in exact if not self._regex_negated(m, hits, reading, only)]
            if len(exact) > 1:
                resolved = self._resolve(exact, hits, reading or _Reading(message.text, folded), offer)
                combined = self._combine(resolved, hits)
                if combined is not None:
                    yield combined
                kept = {id(m) for m in resolved}  # the rest stay alternatives, for a throttled worker
                told = {id(m) for m in exact if id(m) not in kept and self._consequence_told(m, resolved, hits, reading)} \
                    if reading is not None and ("اگه" in folded or "اگر" in folded) else set()  # not asked at all
                exact = resolved + [m for m in exact if id(m) not in kept and id(m) not in told]
            if exact and exact[0].rule.courtesy and all(r.courtesy for r in exact[0].rules):
                if asks(message.text):
                    if self._courtesy_leaves_a_question(exact[0], hits, reading or _Reading(message.text, folded)):
                        exact = []  # «سلام، آیا این آگهی واقعیه؟»: a bare «سلام» would ignore the question
                elif exact[0].rule.place == "first" and speaks_beyond(folded):
                    exact = []  # «سلام ای گوشی برا بازی پابجی خوبه»: the same, voice-typed with no «؟»
                elif exact[0].rule.place == "first" and any(self.rules[i].place == "last" for i in declined):
                    exact = []  # greet2: «سلام، منصرف شدیم، یه خونه دیگه پیدا کردیم، مرسی»: the thanks read as a decline, the greeting goes with it
            for match in exact:
                found_any = True
                yield match
        if not found_any and not platform and (self._has_typos or self._has_examples):
            asked = unnegated(reading.marked, reading.clauses) if reading is not None and reading.marker_seen else folded  # not negated clauses
        if not found_any and not platform and self._has_typos:
            for match in self._typo_matches(hits, message, situation, asked):
                found_any = True
                yield match
        if not found_any and not platform and self._has_examples:
            for match in self._similar(asked, message, situation):
                found_any = True
                yield match
        if not found_any:
            for rule in self.fallbacks:
                if conditions_hold(rule, message, situation):
                    yield Match(rule, {}, "fallback")

    def _scan(self, raw: list[tuple[int, tuple[int, tuple[tuple[int, int], ...]]]], reading: _Reading) -> _Hits:
        """Keyword hits with their spans; hits in a negated clause, or outside «فقط …», dropped."""
        hits = _Hits()
        found = [(end - length + 1, end + 1, entries) for end, (length, entries) in raw]
        if any(entries[0][0] == READ for _s, _e, entries in found):
            reading.marker_seen = True
            found = [(s, e, kept) for s, e, entries in found for kept in [tuple(x for x in entries if x[0] != READ)] if kept]
            if not found:  # markers alone, no keyword: nothing to keep or drop (the clauses are read later if needed)
                return hits
            polite = [any(slot != VETO and self._courtesy[rule] for rule, slot in entries) for _s, _e, entries in found]
            keep = kept_positions(reading.marked, reading.clauses, [reading.word_at(start) for start, _e, _x in found], polite)
            found = [hit for hit, kept in zip(found, keep) if kept] + [
                (start, end, tuple(e for e in entries if e[1] == VETO)) for (start, end, entries), kept in zip(found, keep) if not kept
            ]  # a veto still vetoes wherever it is
        followed = self._followed
        for start, end, entries in found:
            for rule, slot in entries:
                if followed and rule in followed and slot != VETO and not self._well_followed(rule, end, reading):
                    continue
                hits.add(rule, slot, start, end)
        return hits

    def _well_followed(self, rule: int, end: int, reading: _Reading) -> bool:
        """A ``followed_by`` rule's hit ends its clause or comes before one of its words:
        «چند؟» and «چند میدی؟» ask a price, «چند سانته؟» and «چند ماهه؟» a measure."""
        after = reading.after(reading.word_at(end - 2))  # the word the hit's last letter is in
        return after in ("", CLAUSE, ASKED) or after in self._followed[rule]

    def _courtesy_leaves_a_question(self, match: Match, hits: _Hits, reading: _Reading) -> bool:
        spans = [span for rule in match.rules for span in hits.spans.get(self._index[id(rule)], [])]
        return asks_beyond(reading.marked, {reading.word_at(s) for s, _e in spans})

    def clauses_at(self, text: str, positions: list[int]) -> list[str]:
        """Per :attr:`Match.position`, the plain folded words of the question that keyword hit is in,
        when the message asks several: «هنوز هست؟ چند؟», the hit in «چند» → «چند». "" when the
        hit's clause is not a question (not ended by «؟», or negated), when fewer than two clauses
        of the message are, or for an unknown position.
        """
        if text.count("؟") + text.count("?") < 2:  # two questions need two question marks: most messages stop here
            return [""] * len(positions)
        reading, _every, found = _asked(text)
        if len(found) < 2:
            return [""] * len(positions)
        return _clause_words(reading, found, positions)

    def clauses_of(self, text: str, positions: list[int]) -> list[Clause | None]:
        """Per :attr:`Match.position`, the clause (:class:`.understand.Clause`) of the message its hit is in; None for an
        unknown position (a typo hit, or no keyword). Which question a hit asks in, and whether two hits share one
        (``Engine._beside_answered``)."""
        reading = _Reading(text, fold(text))
        return [_clause_at(reading, reading.clauses, end) for end in positions]

    def question_at(self, text: str, positions: list[int]) -> list[str]:
        """Per :attr:`Match.position`, the plain folded words of the message's one question when the
        hit is in it and the message says something else around it: «بچه کوچیک دارم با کالسکه،
        آسانسور داره؟», the hit in «آسانسور» → «اسانسور داره». "" when the message asks no question
        or two or more (:meth:`clauses_at` reads those), when it is one clause only, when the hit's
        clause is not the question, or for an unknown position.
        """
        if not asks(text):
            return [""] * len(positions)
        reading, every, asked = _asked(text)
        if len(asked) != 1 or len(every) < 2:
            return [""] * len(positions)
        return _clause_words(reading, asked, positions)

    def _resolve(self, matches: list[Match], hits: _Hits, reading: _Reading, offer: Offer | None = None) -> list[Match]:
        """Drop what another match makes redundant: ``covers`` intents, ``alone`` rules with company.
        A number offer is company too, in the clause its words are in: «۶ میدم بیام ببرم؟» offers 6
        (and says «I'll come and take it»), «۶ بدم؟ کی بیام ببرم؟» also asks when to come."""
        covered = self._covered(matches, hits, reading)
        kept = [m for m in matches if id(m) not in covered]
        kept = [m for m in kept if not self._inside_others(m, kept, hits)]
        if len(kept) > 1 and ("اگه" in reading.folded or "اگر" in reading.folded):
            kept = [m for m in kept if not self._consequence_told(m, kept, hits, reading)] or kept
        if any(m.rule.topic for m in kept) and len(kept) > 1:
            kept = self._topics_yield(kept, hits, reading)
        if not any(m.rule.alone for m in kept):
            return kept or matches
        found = reading.clauses

        def clause_ids(match: Match) -> set[int]:
            spans = hits.spans.get(self._index[id(match.rule)], [])
            return {id(c) for s, _e in spans for c in [clause_of(found, reading.word_at(s))] if c is not None}

        strong = [m for m in kept if not m.rule.alone and not m.rule.courtesy]
        busy = {(i, m.rule.intent or m.rule.name) for m in strong for i in clause_ids(m)}
        offered = next((m for m in strong if m.rule.offer and not hits.spans.get(self._index[id(m.rule)])), None)
        if offered is not None and offer is not None:
            start = f" {reading.folded} ".find(f" {fold(offer.said)} ")
            clause = clause_of(found, reading.word_at(start)) if start >= 0 else None
            if clause is not None:
                busy.add((id(clause), offered.rule.intent or offered.rule.name))
        weak = [(m.rule.priority, m.rule.intent or m.rule.name, clause_ids(m)) for m in kept if m.rule.alone]
        out = []
        for m in kept:
            intent = m.rule.intent or m.rule.name
            ids = clause_ids(m)
            if m.rule.alone and ids and all(
                any(c == i and other != intent for c, other in busy)
                or any(i in where and other != intent and p > m.rule.priority for p, other, where in weak)
                for i in ids
            ):
                continue  # each clause it was found in asks something else: «رمش چنده؟» is not a price question
            out.append(m)
        return out or matches

    def _consequence_told(self, match: Match, kept: list[Match], hits: _Hits, reading: _Reading) -> bool:
        """A visit or a call the buyer says he will make if a condition holds, the condition itself a question another
        match answers: «اگه پایه‌هاش تعمیری نیست بیام ببینم» asks the condition only (fresh3); «اگه هست فردا بیام ببینم»
        (nothing read in the condition) and «اگه قسطی میدی بیام ببینم؟» (the visit asked) still ask the visit."""
        if (match.rule.intent or match.rule.name) not in _CONSEQUENCES:
            return False
        spans = hits.spans.get(self._index[id(match.rule)], [])
        if not spans:
            return False
        words = reading.folded.split()
        found = reading.clauses
        others = [reading.word_at(s) for m in kept if m is not match and not m.rule.courtesy
                  and (m.rule.intent or m.rule.name) not in _CONSEQUENCES
                  for s, _e in hits.spans.get(self._index[id(m.rule)], [])]
        for start, _end in spans:
            word = reading.word_at(start)
            clause = clause_of(found, word)
            if clause is None or clause.asked:
                return False
            ifs = [i for i in range(clause.first, word) if words[i] in _IF and (i + 1 >= len(words) or words[i + 1] not in _IF_POLITE)]
            if not ifs or not any(ifs[-1] < other < word for other in others):
                return False
        return True

    def _covered(self, matches: list[Match], hits: _Hits, reading: _Reading) -> set[int]:
        """Ids of the matches another's ``covers`` makes redundant. A negotiation rule (the last
        price) covers a price or fee hit in its own clause or phrase, not one the buyer asked as a
        question of its own: «قیمت آخرش چنده؟» and «قیمتش خیلی بالاس، کمتر نمیشه؟» ask the last
        price only, «قیمتش چنده؟ تخفیف هم میدی؟» the price, then a discount (covers2). Both must
        be asked («؟»): «چند میدی؟ آخرش» is one ask said in two bits; the price's clause may ask by a
        how-much word instead («دستمزد چنده، تخفیف هم میدید؟»: the fee, then a discount; wrongs9). Every other ``covers``
        (an offer, rent terms, the services pack's job rules, which answer for readings that do
        not exist in their category) covers in the whole message, as does a hit with no place."""
        covering = [m for m in matches if m.rule.covers]
        if not covering:
            return set()
        out: set[int] = set()
        found = reading.clauses if any((m.rule.intent or m.rule.name) in _CLAUSE_COVERS for m in covering) else []
        words = reading.folded.split() if found else []
        where: dict[int, tuple[list[tuple[int, int]], set[int], bool] | None] = {}

        def place(match: Match) -> tuple[list[tuple[int, int]], set[int], bool] | None:
            """A covering match's spans (those within one clause), its clauses, whether one is asked."""
            if id(match) not in where:
                spans = hits.spans.get(self._index[id(match.rule)], [])
                if not spans or (match.rule.intent or match.rule.name) not in _CLAUSE_COVERS:
                    where[id(match)] = None
                else:
                    ends = [(s, e, clause_of(found, reading.word_at(s)), clause_of(found, reading.word_at(e - 2))) for s, e in spans]
                    # a phrase read across a clause mark («چنده؟ آخرش») is in the clause of its last word, and holds no other hit
                    last = [c1 for _s, _e, _c0, c1 in ends if c1 is not None]
                    where[id(match)] = ([(s, e) for s, e, c0, c1 in ends if c0 is c1], {id(c) for c in last}, any(c.asked for c in last))
            return where[id(match)]

        for m in matches:
            intent = m.rule.intent or m.rule.name
            coverers = [c for c in covering if intent in c.rule.covers and intent != (c.rule.intent or c.rule.name)]
            if not coverers:
                continue
            spans = hits.spans.get(self._index[id(m.rule)], [])
            places = [place(c) for c in coverers]
            if not spans or any(p is None for p in places) or not any(asked for _sp, _ids, asked in places):  # type: ignore[misc]
                out.add(id(m))
                continue

            def covered_hit(s: int, e: int) -> bool:
                clause = clause_of(found, reading.word_at(s))
                return clause is None or not (clause.asked or asks_how_much(" ".join(words[clause.first : clause.last + 1]))) or any(
                    # «قیمتش خیلی بالاس، …»: a price told, not asked; «قیمتش چنده، …» asks it without «؟»
                    id(clause) in ids or any(s0 <= s and e <= e0 for s0, e0 in cover_spans)
                    for cover_spans, ids, _asked in places  # type: ignore[misc]
                )

            if all(covered_hit(s, e) for s, e in spans):
                out.add(id(m))
        return out

    def _topics_yield(self, matches: list[Match], hits: _Hits, reading: _Reading) -> list[Match]:
        """Drop a ``topic`` rule (a thing: «کابینت», «باتری») whose every hit shares its clause with
        another question, not joined to it by «و»: «کابینتا سالمه؟» and «عکس از اتاق خوابا» ask
        about the thing; «قیمت و ابعاد؟» asks two questions, but «عکس از حیاط و پارکینگ» one
        (:func:`photo_shows`)."""
        found = reading.clauses
        words = reading.folded.split()

        def places(match: Match) -> list[tuple[int, Clause | None]]:
            spans = hits.spans.get(self._index[id(match.rule)], [])
            return [(w, clause_of(found, w)) for s, _e in spans for w in [reading.word_at(s)]]

        def shows(photo: Match, word: int) -> bool:  # a photo keyword before ``word`` names it as what it shows
            ends = [reading.word_at(e - 1) for _s, e in hits.spans.get(self._index[id(photo.rule)], [])]
            return any(end < word and photo_shows(words[end + 1 : word]) for end in ends)

        def asked_about(word: int, clause: Clause | None, others: list[Match]) -> bool:
            return clause is not None and any(
                clause.first <= w2 <= clause.last and (
                    "و" not in words[min(word, w2) + 1 : max(word, w2)]
                    or (other.rule.intent == "photos" and w2 < word and shows(other, word))
                )
                for other in others for w2, c2 in places(other) if c2 is clause
            )  # fmt: skip

        out = []
        for m in matches:
            others = [o for o in matches if not (o.rule.topic or o.rule.alone or o.rule.courtesy) and o.rule.intent != m.rule.intent]
            hits_at = places(m) if m.rule.topic else []
            if hits_at and all(asked_about(w, c, others) for w, c in hits_at):
                continue
            out.append(m)
        return out

    def _only_asked(self, matches: list[Match], hits: _Hits, reading: _Reading) -> int | None:
        """The first word of the first clause opened by «فقط» (the real question) that holds a keyword of a match that is no
        greeting or thanks; None when none does."""
        found = reading.clauses
        if not any(c.only for c in found):
            return None
        return min((c.first for m in matches if not m.rule.courtesy for s, _e in hits.spans.get(self._index[id(m.rule)], ())
                    for c in [clause_of(found, reading.word_at(s))] if c is not None and c.only), default=None)

    def _regex_negated(self, match: Match, hits: _Hits, reading: _Reading, only: int | None) -> bool:
        """A rule its regex found (no keyword) whose match ends in a question the message takes back or puts of something else
        (wrongs16: «هست؟ نه ولش کن، …», «چرا همیشه نیرو میخواید؟», «کارواش خوب نزدیک شما سراغ داری؟», «تو دیوار چند تا آگهی دیگه
        هم دارید؟»): a negated clause ended by «؟», whose keywords do not count either (:func:`.understand.kept_positions`). A told
        clause read as the buyer's story or his own thing is left to the regex, which reads its request in it («ماشینم رو میدم با یه
        مقدار پول، قبوله؟»). ``only``: where a clause opened by «فقط» with a keyword begins (:meth:`_only_asked`); a match in a clause
        before it is set aside as its keywords are («اگه هنوز نیرو لازم دارید، من آماده‌ام، فقط بگید کی بیام؟» asks when to come; a
        question after it, «… فقط ضمانت داره؟ کی میتونید شروع کنید؟», still asks)."""
        if match.order is None or hits.spans.get(self._index[id(match.rule)]) or match.rule.courtesy:
            return False
        clause = clause_of(reading.clauses, reading.word_at(match.order - 2))
        return clause is not None and ((clause.negated and clause.asked) or (only is not None and clause.last < only))

    def _topic_spans(self, match: Match, hits: _Hits, intents: frozenset[str] = frozenset({"specs"})) -> list[tuple[int, int]]:
        """Where a ``topic`` rule of one of ``intents`` found its keywords ([] for any other rule, or a regex match)."""
        if match.rule.intent not in intents or not match.rule.topic:
            return []
        return hits.spans.get(self._index[id(match.rule)], [])

    def _names_the_item(self, match: Match, hits: _Hits, reading: _Reading) -> bool:
        """A specs ``topic`` (or a condition one, fresh10: a car part) whose every hit only names the item the buyer asks the
        seller to have: «آیفون ۱۳ با حافظه ۱۲۸ دارید؟», «کمد سه درب موجوده؟» (the clause ends in «دارید» or
        «موجوده»), or a description before «اگه هست / اگه دارید» («یخچال دوقلو، اگه هست خبر
        بدید»). The buyer asks whether it is in stock, not what the seller's item is like: no specs
        answer («باتریش چند درصده؟ موجوده؟» keeps it: the hit's own clause asks it)."""
        spans = self._topic_spans(match, hits, _NAMED_TOPICS)
        if not spans:
            return False
        found = reading.clauses
        words = reading.folded.split()
        conditional = any(
            w in _IF_WORDS and any(x in _STOCK_WORDS or x in _THERE for x in words[i + 1 : i + 3]) for i, w in enumerate(words)
        )  # fmt: skip

        stocked = any(w in _STOCK_WORDS for w in words)

        def naming(start: int) -> bool:
            word = reading.word_at(start)
            clause = clause_of(found, word)
            if clause is None:
                return False
            after = words[word + 1 : clause.last + 1]
            if any(w in _STOCK_WORDS for w in after):
                return True  # a stock word after the hit, in its clause
            pairs = list(zip(after, after[1:]))
            if any(w in _STILL and x in _THERE for w, x in pairs) or (
                any(w in _ALSO and x in _THERE for w, x in pairs) and any(_FIGURE.fullmatch(w) for w in words[clause.first : clause.last + 1])
            ):
                return True  # «… هنوز هست؟», «۱۲۸ گیگ هم هست؟»: this item, or it in another size, in stock
            if stocked and not clause.asked and any(w in _WANT_WORDS for w in after):
                return True  # «کولر آبی برای ساختمون نوساز میخوام، ده تا هم داری؟»: what the buyer wants, then «do you have it»
            own = words[clause.first : clause.last + 1]
            return conditional and not clause.asked and not any(w in _IF_WORDS for w in own)

        return all(naming(s) for s, _e in spans)

    def _states_a_figure(self, match: Match, hits: _Hits, reading: _Reading) -> bool:
        """A specs ``topic`` whose every hit is a figure said with its word, in a clause that goes on with other
        words («سلام، ۲۰۶ تیپ ۲ مدل ۹۷ چند؟» asks the price, «۴۰۵ SLX مدل ۹۶ دارم، معاوضه میکنی؟» offers a swap, «سرویس ۱۲ نفره ۲۰
        تومن؟ نه، ۱۸ میدم» bids) or that is told, not asked, beside other clauses («سلام، ۳ خواب ۱۴۰ متری، قیمت نهایی؟»): the
        figure names the item, the buyer's or this one, and asks nothing about it. Not «مدل ۹۸ هست یا ۹۹؟», «کارکرد ۱۲۰ هزار؟»,
        «۱۱۰ متری اکباتانه؟» (the clause ends at the figure, or at «is it», «or», one word with «is» glued: asked)."""
        spans = self._topic_spans(match, hits)
        if not spans:
            return False
        found = reading.clauses
        words = reading.folded.split()

        def stated(start: int, end: int) -> bool:
            first, last = reading.word_at(start), reading.word_at(end - 1)
            clause = clause_of(found, first)
            if clause is None or last > clause.last:
                return False
            if first - 1 >= clause.first and _FIGURE.fullmatch(words[first - 1]) and words[last] in _FIGURE_UNITS:
                rest = words[last + 1 : clause.last + 1]  # «۱۲ نفره …»: the figure before its unit
            elif last + 1 <= clause.last and _FIGURE.fullmatch(words[last + 1]):
                rest = words[last + 2 : clause.last + 1]  # «مدل ۹۷ …»: the figure after the word
            else:
                return False
            while rest and (rest[0] in _FIGURE_SCALE or (rest[0] in _FIGURE_JOINS and len(rest) > 1 and _FIGURE.fullmatch(rest[1]))):
                rest = rest[2:] if rest[0] in _FIGURE_JOINS and len(rest) > 1 and _FIGURE.fullmatch(rest[1]) else rest[1:]
            if not rest:
                return not clause.asked and len(found) > 1
            if rest[0] in _FIGURE_IS:
                return False
            if not clause.asked:
                return True  # told: «۴۰۵ مدل ۹۶ دارم، …», «خونمون ۶۰ متره، ۹ نفره جا نمیشه، ممنون»
            return "یا" not in rest and any(w in _FIGURE_NAMED for w in rest)

        return all(stated(s, e) for s, e in spans)

    def _names_priced(self, match: Match, hits: _Hits, reading: _Reading) -> bool:
        """A specs ``topic`` whose every hit is in a clause that points at «this» item and ends with a bare how-much, the word
        before it no measure with its «-ش» (_THIS_ITEM above): the words name the item whose price is asked."""
        spans = self._topic_spans(match, hits)
        if not spans:
            return False
        found = reading.clauses
        words = reading.folded.split()

        def priced(start: int) -> bool:
            clause = clause_of(found, reading.word_at(start))
            if clause is None or clause.last - clause.first < 2:
                return False
            own = words[clause.first : clause.last + 1]
            while own and own[0] in _ADDRESS:
                own = own[1:]
            return len(own) > 2 and own[0] in _THIS_ITEM and own[-1] in _HOW_MUCH_END and not own[-2].endswith("ش") \
                and own[-2] not in _MEASURED

        return all(priced(s) for s, _e in spans)

    def _inside_others(self, match: Match, matches: list[Match], hits: _Hits) -> bool:
        """Every keyword of the match lies in another intent's phrase («آخرش چند؟» holds «چند»), or is
        the very keyword a better rule found: then it is that rule's alternative, not a second question."""
        spans = hits.spans.get(self._index[id(match.rule)], [])
        intent = match.rule.intent or match.rule.name
        rank = {id(m): i for i, m in enumerate(matches)}  # best first: priority, then file order
        others = [
            (s0, e0, rank[id(other)]) for other in matches if (other.rule.intent or other.rule.name) != intent
            for s0, e0 in hits.spans.get(self._index[id(other.rule)], [])
        ]  # fmt: skip
        mine = rank[id(match)]

        def inside(s: int, e: int) -> bool:  # in a longer phrase, or the same words found by a better rule
            return any(s0 <= s and e <= e0 and (e0 - s0 > e - s or (e0 - s0 == e - s and r < mine)) for s0, e0, r in others)

        return bool(spans) and all(inside(s, e) for s, e in spans)

    def _combine(self, matches: list[Match], hits: _Hits) -> Match | None:
        """One match per intent asked, in the buyer's order, greeting first and thanks last."""
        chosen: dict[str, Match] = {}
        for match in matches:  # best first
            intent = match.rule.intent or match.rule.name
            if intent in chosen:
                continue
            chosen[intent] = match
        if len(chosen) < 2:
            return None
        rank = {"first": 0, "": 1, "last": 2}
        parts = tuple(sorted(chosen.values(), key=lambda m: (rank[m.rule.place], m.position if m.order is None else m.order)))
        return Match(parts[0].rule, parts[0].groups, "exact", parts=parts, offer=next((p.offer for p in parts if p.offer), None))

    def _similar(self, folded: str, message: Message, situation: Situation) -> Iterator[Match]:
        """Rules whose examples are close enough to a message no keyword caught."""
        for index, score in self.examples.route(folded):
            rule = self.rules[index]
            if conditions_hold(rule, message, situation):
                yield Match(rule, {}, "similar", confidence=score)

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
        self, candidates: Iterable[int], hits: _Hits, message: Message, situation: Situation, stripped: str, tier: str,
        offer: Offer | None = None, declined: list[int] | None = None,
    ) -> Iterator[Match]:  # fmt: skip
        """``declined``: when given, each courtesy rule a keyword found whose ``unless`` held is added to it."""
        memo: list[tuple[str, ...]] = []

        def forms() -> tuple[str, ...]:
            """What the vetoes and the regex triggers read (text.vetoed_forms), once per message."""
            if not memo:
                memo.append(vetoed_forms(message.text))
            return memo[0]

        for index in candidates:
            if index in hits.vetoed:
                continue
            rule = self.rules[index]
            if rule.unless and any(rx.search(form) for form in forms() for rx in rule.unless):
                if declined is not None and self._courtesy[index] and index in hits.spans:
                    declined.append(index)
                continue
            if rule.unless_offer and self._in_offer(index, hits, message, tier, offer):
                continue
            if rule.unless_told and all(told_only(form) for form in forms()):  # a Latin text: its Finglish reading asks too
                continue
            groups, said_at = self._triggered(rule, index, hits, stripped, forms)
            if groups is None and rule.offer and offer is not None:
                groups = {}
            if groups is not None and conditions_hold(rule, message, situation):
                end = min((e for _s, e in hits.spans.get(index, ())), default=NOWHERE)
                yield Match(rule, groups, tier, offer=offer.as_context() if offer is not None else None, position=end, order=said_at)

    def _in_offer(self, index: int, hits: _Hits, message: Message, tier: str, offer: Offer | None) -> bool:
        """An ``unless_offer`` rule's keywords all lie in the words of the buyer's number offer: «۵۰ تومن بیا
        پایین», «۳۸۰ آخرشه؟» are offers, not a bare «come down» or «your last price?». A hit outside them
        («۲۰ بدم؟ اگه نه آخرش چند؟») still counts. In the typo tier (no hit positions) and for a rule found
        without a keyword, a message holding an offer is enough."""
        if tier != "exact":
            offer = find_offer(message.text)  # the typo tier is rare and gets no offer from :meth:`matches`
        if offer is None:
            return False
        spans = hits.spans.get(index, ()) if tier == "exact" else ()
        if not spans:
            return True
        padded = f" {fold(message.text)} "
        inside: list[tuple[int, int]] = []  # where each of the buyer's offers lies («۴۵۰ میدم، ۴۶۰ هم آخرشه»: two)
        for words in offers_said(message.text, offer):
            said = f" {fold(words)} "
            start = padded.find(said, inside[-1][1] - 1 if inside else 0)
            if start < 0:
                break
            inside.append((start, start + len(said)))
        return bool(inside) and all(any(a <= s and e <= b for a, b in inside) for s, e in spans)

    def _triggered(
        self, rule: Rule, index: int, hits: _Hits, stripped: str, forms: Callable[[], tuple[str, ...]],
    ) -> tuple[dict[str, str] | None, int | None]:  # fmt: skip
        """Named regex groups (possibly empty) if any trigger of the rule fires, else None; and, for a
        rule its regex found, where in ``f" {fold(text)} "`` the match ended (the buyer's order of a
        multi-question reply: «مبل هست؟ چنده؟» answers availability first), else None. A regex reads the text as typed, then
        a Latin message's Finglish reading (``forms``: :func:`responder.text.vetoed_forms`), as ``unless`` does (finglish4)."""
        if not (rule.keywords or rule.all_keywords or rule.exact or rule.regex or rule.offer or rule.examples):
            return {}, None
        if rule.keywords or rule.all_keywords:
            any_ok = not rule.keywords or index in hits.any
            if any_ok and len(hits.all.get(index, ())) == len(rule.all_keywords):
                return {}, None
        if stripped in rule.exact:
            return {}, None
        if not rule.regex:
            return None, None
        for cleaned in forms():
            for regex in rule.regex:
                found = regex.search(cleaned)
                if found:
                    said_at = len(fold(cleaned[: found.end()])) + 1  # the folded words before the match's end
                    return {k: v for k, v in found.groupdict().items() if v is not None}, said_at
        return None, None

    def _typo_hits(self, tokens: list[str]) -> _Hits:
        hits = _Hits()
        for found in self._typos.find(tokens):
            for rule, slot in found:
                hits.add(rule, slot)
        return hits


def conditions_hold(rule: Rule, message: Message, situation: Situation) -> bool:
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
