"""Connected posts and what is kept about them, as a mixin of :class:`Store
<responder.store.Store>`: the posts themselves (key hash, encrypted tokens, status), their
facts from Divar's finder API, the console's pauses, Divar's holds on every send (the daily
quota) and the database's own secrets.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from responder import privacy
from responder.store.base import StoreBase
from responder.store.rows import Hold, Lookup, Post, _aware
from responder.store.tables import _FACTS, _HOLD, _LOOK_UP, _PAUSED, _POST, _POSTS, _UPDATE_POST, limits, meta, pauses, post_facts, posts


class PostRecords(StoreBase):
    """Connected posts, their facts, pauses, send holds and the database's secrets."""

    # -- pauses (the console's pause button; the worker checks them) ----------------------

    def pause(self, target: str) -> None:
        self._put(pauses.c.target, target, paused_at=datetime.now(timezone.utc))

    def resume(self, target: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(pauses).where(pauses.c.target == target))

    def paused_targets(self) -> set[str]:
        with self.engine.connect() as conn:
            return {target for (target,) in conn.execute(select(pauses.c.target))}

    def is_paused(self, post_token: str, conversation: str) -> bool:
        targets = [f"post:{post_token}", f"conversation:{conversation}"]
        with self.engine.connect() as conn:
            return conn.execute(_PAUSED, {"targets": targets}).first() is not None

    # -- posts ------------------------------------------------------------------------------

    def post(self, post_token: str) -> Post | None:
        with self.engine.connect() as conn:
            row = conn.execute(_POST, {"key": post_token}).first()
        return Post(**_aware(row._asdict())) if row else None

    def look_up(self, message_id: str, keys: tuple[str, ...], conversation: str, hold: str) -> Lookup:
        """At once, for a message on ``keys[0]`` (its post; ``keys[1]``: the connection that
        answers it, if another): :meth:`outcome_of`, :meth:`post` of each key, :meth:`is_paused`
        and the hold named ``hold`` (:meth:`send_hold`): two statements on one connection."""
        with self.engine.connect() as conn:
            found = conn.execute(_LOOK_UP, {"message": message_id, "post_target": f"post:{keys[0]}",
                                            "conversation_target": f"conversation:{conversation}", "hold": hold}).one()  # fmt: skip
            rows = conn.execute(_POSTS, {"key": keys[0], "other_key": keys[-1]}).all()
        stored = {row.post_token: Post(**_aware(row._asdict())) for row in rows}
        until = _aware({"t": found.until})["t"]
        return Lookup(found.outcome, stored, bool(found.paused), Hold(until, found.detail or "") if until else None)

    def all_posts(self) -> list[Post]:
        with self.engine.connect() as conn:
            return [Post(**_aware(r._asdict())) for r in conn.execute(select(posts).order_by(posts.c.post_token))]

    def key_hashes(self) -> dict[str, str]:
        query = select(posts.c.post_token, posts.c.key_hash).where(posts.c.key_hash.is_not(None))
        with self.engine.connect() as conn:
            return {token: key_hash for token, key_hash in conn.execute(query)}

    def save_post(self, post_token: str, **values: Any) -> None:
        """Insert or update a post's columns (only those given)."""
        values["updated_at"] = datetime.now(timezone.utc)
        with self.engine.begin() as conn:
            if conn.execute(_UPDATE_POST, {"b_post_token": post_token, **values}).rowcount:
                return
            try:
                with conn.begin_nested():
                    conn.execute(insert(posts).values(post_token=post_token, status=values.pop("status", "active"), **values))
            except IntegrityError:  # another worker inserted it first
                conn.execute(_UPDATE_POST, {"b_post_token": post_token, **values})

    def update_active_post(self, post_token: str, **values: Any) -> bool:
        """Update the post only if it is still active (one statement: no race with a stop)."""
        values["updated_at"] = datetime.now(timezone.utc)
        query = update(posts).where(posts.c.post_token == post_token, posts.c.status == "active").values(**values)
        with self.engine.begin() as conn:
            return conn.execute(query).rowcount == 1

    def save_post_facts(self, post_token: str, facts: dict[str, Any], fetched_at: datetime) -> None:
        self._put(post_facts.c.post_token, post_token, facts=json.dumps(facts, ensure_ascii=False), fetched_at=fetched_at)

    def secret(self, name: str) -> str:
        """A random secret the database keeps for every process that uses it, made once
        (the console signs its session cookie with one)."""
        return privacy.put_meta(self.engine, meta, f"secret:{name}", secrets.token_urlsafe(32))

    def post_titles(self) -> dict[str, str]:
        """Post token → its title, for every post whose facts are stored (the console's names)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(post_facts.c.post_token, post_facts.c.facts)).all()
        titles = {token: json.loads(facts).get("title") for token, facts in rows}
        return {token: str(title) for token, title in titles.items() if title}

    def post_facts(self, post_token: str) -> tuple[dict[str, Any], datetime] | None:
        """The post's stored facts and when they were read, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(_FACTS, {"key": post_token}).first()
        return (json.loads(row.facts), _aware({"t": row.fetched_at})["t"]) if row else None

    def hold_sends(self, name: str, until: datetime, detail: str) -> None:
        """Every send waits until ``until`` (Divar's daily quota is used up)."""
        self._put(limits.c.name, name, until=until, detail=detail)

    def send_hold(self, name: str, now: datetime) -> tuple[datetime, str] | None:
        """The hold in force at ``now``: (until, detail), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(_HOLD, {"key": name}).first()
        return Hold(_aware({"t": row.until})["t"], row.detail or "").at(now) if row else None

    def posts_of_seller(self, seller_id: str) -> list[str]:
        with self.engine.connect() as conn:
            return [t for (t,) in conn.execute(select(posts.c.post_token).where(posts.c.seller_id == seller_id))]
