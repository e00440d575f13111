"""Post facts: what Divar's finder API says about a post, kept so rules and replies can use it.

Divar's chat events carry no title or category (their ``metadata`` is the app's own), so
``categories``/``title_contains`` rules and ``{{ post.price }}`` in a reply need the post
itself: ``GET /v1/open-platform/finder/post/{token}`` with the API key only
(``docs/post/get_post.md``).  Each post is read once, kept in the database, read again when
older than ``POST_FACTS_MAX_AGE_HOURS``, and replaced whenever a ``POST_UPDATE`` event brings
the post (its ``post`` is shaped like the finder's answer, ``docs/events/post.md``).

A finder failure never blocks a reply: the message goes on without the facts (or with the
last ones kept), and the worker logs why a rule that needed them did not fire.

A worker keeps the facts it read in memory, and that it found none, instead of reading
the database on every message.  A ``POST_UPDATE`` or a finder answer reaches one worker
only, so that worker stores it and calls ``changed``: the worker bumps a generation number
in Redis (:meth:`responder.state.State.bump_generation`) and every worker, which reads it
with each message's claim anyway, drops what it kept when it changes.  An edited price is
quoted from the next message on, in every process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from responder.divar.client import DivarClient
from responder.store import Store

log = logging.getLogger(__name__)

SKIPPED_FIELDS = frozenset({"images", "description"})  # long or not a fact a reply quotes
RETRY_FAILED = timedelta(minutes=5)  # a post the finder did not give is not asked for again sooner
MAX_KEPT = 10_000  # posts whose facts a worker keeps in memory (all of them dropped past that)


def facts_from_post(post: dict[str, Any]) -> dict[str, Any]:
    """The finder's answer → ``{title, category, city, district, <data fields>}``.

    ``data`` holds the category's own fields (price, mileage, year, area…); a field shaped
    ``{"mode", "value"}`` (the price) becomes its value, so ``{{ post.price | money }}`` works.
    """
    data = post.get("data") if isinstance(post.get("data"), dict) else {}
    facts: dict[str, Any] = {}
    for key, value in data.items():
        if key in SKIPPED_FIELDS or not isinstance(key, str):
            continue
        if isinstance(value, dict) and "value" in value:
            value = value["value"]
        if isinstance(value, (str, int, float, bool)) and not (isinstance(value, str) and not value):
            facts[key] = value
    for key in ("category", "city", "district"):
        if isinstance(post.get(key), str) and post[key]:
            facts[key] = post[key]
    return facts


class PostFacts:
    def __init__(
        self, store: Store, client: DivarClient | None, max_age: timedelta = timedelta(hours=24),
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:  # fmt: skip
        self.store = store
        self.client = client
        self.max_age = max_age
        self.clock = clock
        self._failed: dict[str, tuple[datetime, str]] = {}  # post → (when to ask again, why it failed)
        self._kept: dict[str, tuple[dict[str, Any], datetime] | None] = {}  # post → its stored facts (None: none)
        self._generation: int | None = None
        self.changed: Callable[[], None] | None = None  # called after storing facts (other workers drop theirs)

    def get(self, post_token: str, generation: int | None = None) -> tuple[dict[str, Any], str]:
        """The post's facts, read from Divar when missing or old; and why they are missing, if they are.

        ``generation``: the cache generation the caller just read from Redis; with it, the
        facts read from the database are kept in memory until it changes.  Without it,
        the database is read every time.
        """
        stored = self._stored(post_token, generation)
        if stored is not None and self.clock() - stored[1] < self.max_age:
            return stored[0], ""
        if self.client is None:
            return (stored[0], "") if stored else ({}, "post facts unknown: reading posts needs DIVAR_API_KEY")
        failed = self._failed.get(post_token)
        if failed is not None and self.clock() < failed[0]:  # a finder that just failed is not asked on every message
            return (stored[0], "") if stored else ({}, failed[1])
        result = self.client.get_post(post_token)
        if result.ok and isinstance(result.body, dict):
            facts = facts_from_post(result.body)
            self._store(post_token, facts)
            return facts, ""
        problem = f"Divar's finder API did not give post {post_token}: {result.outcome} {result.detail}".strip()
        if len(self._failed) > 10_000:
            self._failed.clear()
        self._failed[post_token] = (self.clock() + RETRY_FAILED, problem)
        if stored is not None:
            log.warning("%s; using the facts read at %s", problem, stored[1].isoformat())
            return stored[0], ""
        log.warning(problem)
        return {}, problem

    def _stored(self, post_token: str, generation: int | None) -> tuple[dict[str, Any], datetime] | None:
        if generation is None:
            return self.store.post_facts(post_token)
        if generation != self._generation or len(self._kept) >= MAX_KEPT:
            self._kept = {}  # a post's facts changed somewhere: read them all again
            self._generation = generation
        if post_token in self._kept:
            kept = self._kept[post_token]
            if kept is None or self.clock() - kept[1] < self.max_age:
                return kept
        kept = self._kept[post_token] = self.store.post_facts(post_token)
        return kept

    def _store(self, post_token: str, facts: dict[str, Any]) -> None:
        self.store.save_post_facts(post_token, facts, self.clock())
        self._kept.pop(post_token, None)
        if self.changed is not None:
            self.changed()

    def update(self, post: dict[str, Any]) -> bool:
        """Keep the post a ``POST_UPDATE`` brought; False if it names no post."""
        token = post.get("token")
        if not isinstance(token, str) or not token:
            return False
        self._failed.pop(token, None)
        self._store(token, facts_from_post(post))
        return True
