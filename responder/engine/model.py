"""The compiled shape of a rule set: what the loader produces and the matcher reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .render import ReplyTemplate

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = datetime.weekday()
MATCH_MODES = ("prefix", "word", "anywhere")
PLACES = ("first", "last")
ROLES = ("buyer", "seller", "any")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rule file, reported as ``file:line: message``.

    ``then``: what else it breaks until it is fixed, said on a line of its own under it and not
    counted as a problem of its own (one YAML slip in the settings leaves the replies using its
    vars unchecked: one problem, one consequence, not two problems).
    """

    file: str
    line: int
    message: str
    then: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file  # line 0: the folder or file as a whole
        return f"{where}: {self.message}" + (f"\n  → {self.then}" if self.then else "")

    def indented(self) -> str:
        """As listed under a heading (the CLI's and the reloader's lists): two spaces, its consequence too."""
        return "  " + str(self).replace("\n", "\n  ")


@dataclass(frozen=True)
class Button:
    caption: str
    url: str
    icon: str = ""


@dataclass(frozen=True)
class TimeWindow:
    """A daily window in Tehran time; ``start > end`` wraps past midnight."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass
class Rule:
    name: str
    file: str
    line: int
    order: int  # position across all files, the tie-breaker after priority
    priority: int = 0
    fallback: bool = False
    # Triggers: the rule fires when any trigger given matches (none given = every message).
    keywords: tuple[str, ...] = ()  # folded; any one of them
    all_keywords: tuple[str, ...] = ()  # folded; every one of them
    exact: tuple[str, ...] = ()  # folded whole messages
    regex: tuple[Any, ...] = ()  # RE2 patterns (responder.engine.saferegex)
    exclude: tuple[str, ...] = ()  # folded; any one vetoes the rule
    match: str = "prefix"
    typos: bool = False
    offer: bool = False  # fires on a number offer («۴۰ میدم بدی؟»); the amount is {{ offer.* }}
    examples: tuple[str, ...] = ()  # buyer questions; routes keyword-less messages by similarity
    # Understanding.
    intent: str = ""  # what the rule answers (default: its name); one answer per intent per message
    intent_declared: bool = False  # `intent:` written in the file: the agreement gate may check it (engine/gate.py)
    place: str = ""  # first | last: a courtesy (greeting, thanks) placed there in a combined reply
    alone: bool = False  # a weak question («چنده؟»): only if no other question shares its clause
    topic: bool = False  # names a thing («کابینت»): yields to another question about it in its clause
    followed_by: frozenset[str] | None = None  # a hit counts only at its clause's end or before one of these
    covers: frozenset[str] = frozenset()  # intents this rule's answer makes redundant (negotiation covers price)
    unless: tuple[re.Pattern[str], ...] = ()  # regexes that veto the rule («۱۹ سالمه» is not «سالمه؟»)
    # Its keywords do not count inside the buyer's number offer («۵۰ تومن بیا پایین», «۳۸۰ آخرشه؟»: the offer
    # rule answers those); one place reads offers (offers.find_offer), so no rule copies its shapes in `unless`.
    unless_offer: bool = False
    # It stays out of a message that asks nothing (understand.told_only: «مو کارای کشاورزی بلدم تراکتور هم میرونم»).
    unless_told: bool = False
    # Conditions.
    role: str = "buyer"
    posts: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    title_contains: tuple[str, ...] = ()  # folded
    message_types: frozenset[str] = frozenset({"TEXT"})
    hours: tuple[TimeWindow, ...] = ()
    days: frozenset[int] = frozenset()  # datetime.weekday() numbers
    first_message_only: bool = False
    # Reply and throttles.
    replies: tuple[ReplyTemplate | str, ...] = ()  # a str is a reply with no Jinja in it
    reply_sources: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()
    once_per_conversation: bool = False
    cooldown_seconds: int = 0

    @property
    def has_text_trigger(self) -> bool:
        return bool(self.keywords or self.all_keywords or self.exact or self.regex or self.offer or self.examples)

    @property
    def courtesy(self) -> bool:
        """A greeting or thanks: said once around the answers, never the «real question»."""
        return bool(self.place)

    @property
    def is_catch_all(self) -> bool:
        """Matches every buyer text message and is never throttled: rules after it never fire."""
        return (
            not self.fallback
            and not self.has_text_trigger
            and not self.exclude
            and not (self.posts or self.categories or self.title_contains or self.hours or self.days)
            and not self.first_message_only
            and not self.once_per_conversation
            and not self.cooldown_seconds
        )


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)  # sorted: priority desc, then file order
    vars: dict[str, object] = field(default_factory=dict)  # for every post
    post_vars: dict[str, dict[str, object]] = field(default_factory=dict)  # per post token
    max_replies_per_hour: int = 0  # per conversation, all rules; 0 = no cap
    example_threshold: float = 0.8  # cosine similarity an example must reach (dev corpus: unrelated messages reached 0.77)
    intent_gate: float | None = None  # rule-file key `intent_gate`: the gate's threshold; None = its default, 0 = off
    intent_route: float | None = None  # rule-file key `intent_route`: the classifier answers a message no rule caught; None = default (on at gate.ROUTE_THRESHOLD unless intent_gate is false), 0 = off
    files: tuple[str, ...] = ()

    def vars_for(self, post_token: str) -> dict[str, object]:
        return {**self.vars, **self.post_vars.get(post_token, {})}
