"""The rule engine: pure functions from (rules, message, clock) to a reply.

No Redis, Flask or network here: ``responder try``, ``responder check``, the worker and
the tests all run this same code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from responder.events import Message

from .loader import LoadResult, load_directory, load_texts
from .matcher import Match, Matcher, Situation
from .model import Button, Problem, Rule, RuleSet
from .render import RenderError, build_context, pick_variant, render

__all__ = [
    "Button", "Engine", "LoadResult", "Match", "Problem", "RenderError", "Reply", "Rule", "RuleSet",
    "Situation", "load_directory", "load_texts",
]  # fmt: skip


@dataclass(frozen=True)
class Reply:
    rule: str
    text: str
    buttons: tuple[Button, ...] = ()
    tier: str = "exact"


class Engine:
    """A checked rule set, compiled once per load."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.matcher = Matcher(ruleset)

    def matches(self, message: Message, situation: Situation) -> Iterator[Match]:
        return self.matcher.matches(message, situation)

    def render(self, match: Match, message: Message, now: datetime, facts: dict[str, Any] | None = None) -> Reply:
        """Render the match's reply (``facts``: the post's, as ``post.*``); raises :class:`RenderError` if it fails."""
        template = pick_variant(match.rule.replies, message.id)
        if isinstance(template, str):
            text = template
        else:
            context = build_context(message, self.ruleset.vars_for(message.post_token), match.groups, now, facts)
            text = render(template, context)
        if not text:
            raise RenderError(f"rule {match.rule.name!r} rendered an empty reply")
        return Reply(match.rule.name, text, match.rule.buttons, match.tier)

    def first_reply(self, message: Message, situation: Situation) -> Reply | None:
        """The reply of the best match, ignoring throttles (what ``responder try`` shows)."""
        for match in self.matches(message, situation):
            return self.render(match, message, situation.now)
        return None
