"""What a worker does with one message: claim, decide, render, send, log.

Both queues call :meth:`Responder.handle` — the Celery task and the embedded in-process
queue — so there is one code path for a message whatever runs it.  Order matters:

1. Claim the message id (``SET NX``): a redelivered webhook or a second worker stops here
   and adds no row; a retry of the *same* delivery carries the same owner and goes on.
2. Seller-side messages (typed by the seller, or our own replies echoed back) are never
   answered unless a rule explicitly targets sellers — and never if they are our echo.
3. Matching rules are tried best first; each must atomically claim its throttles
   (once per conversation, cooldown, hourly cap) or the next one is tried.
4. Render, send (or log ``dry_run``), record exactly one row.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from responder.divar import DivarClient, SendResult
from responder.engine import Match, RenderError, Reply, Situation
from responder.engine.reloader import RuleBook
from responder.events import Message
from responder.state import State, Throttle
from responder.store import LogRow, Store

log = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 6  # first try + 5 retries: about 2 minutes of backoff in all


class RetryLater(Exception):
    """The send may succeed later; the queue should run the message again after ``countdown``."""

    def __init__(self, countdown: float, reason: str) -> None:
        super().__init__(f"retry in {countdown:.1f}s: {reason}")
        self.countdown = countdown


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff with full jitter (2, 4, 8 … s, capped), or Divar's Retry-After."""
    if retry_after is not None:
        return min(retry_after, 600.0)
    return random.uniform(1.0, min(2.0 ** (attempt + 1), 120.0))


@dataclass(frozen=True)
class Delivery:
    """One message as queued: who owns its claim, when the webhook got it, which attempt."""

    message: Message
    owner: str
    received_at: datetime
    attempt: int = 0


class Responder:
    def __init__(
        self, rulebook: RuleBook, state: State, store: Store, client: DivarClient | None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:  # fmt: skip
        self.rulebook = rulebook
        self.state = state
        self.store = store
        self.client = client  # None = dry run
        self.clock = clock

    def handle(self, delivery: Delivery) -> str | None:
        """Process one delivery; returns the logged outcome, or None for a duplicate."""
        message = delivery.message
        if not self.state.claim_message(message.id, delivery.owner):
            log.info("message %s already handled; duplicate delivery ignored", message.id)
            return None
        if self.store.has(message.id):  # a retry whose first run already logged the outcome
            return None
        row = self._decide_and_send(delivery)
        if not self.store.record(row):
            log.info("message %s was logged by another worker", message.id)
        log.info("message %s on %s: %s%s", message.id, message.post_token, row.outcome, f" ({row.rule})" if row.rule else "")
        return row.outcome

    def _decide_and_send(self, delivery: Delivery) -> LogRow:
        message = delivery.message
        conversation = message.conversation_key
        if message.role == "seller" and self.state.is_echo(conversation, message.text):
            return self._row(delivery, "skipped:echo")
        engine = self.rulebook.engine()
        situation = Situation(self.clock(), self.state.first_in_conversation(conversation))
        blocked: str | None = None
        for match in engine.matches(message, situation):
            throttle = Throttle(
                match.rule.name, match.rule.once_per_conversation, match.rule.cooldown_seconds,
                engine.ruleset.max_replies_per_hour,
            )  # fmt: skip
            blocked_now = self.state.claim_reply(conversation, throttle)
            if blocked_now:
                blocked = blocked or blocked_now
                continue
            try:
                reply = engine.render(match, message, situation.now)
            except RenderError as exc:
                self.state.release_reply(conversation, throttle)
                log.error("rule %r failed to render: %s", match.rule.name, exc)
                return self._row(delivery, "failed:render", rule=match.rule.name, detail=str(exc))
            return self._send(delivery, match, throttle, reply)
        if message.role == "seller":
            return self._row(delivery, "skipped:own_message")
        if blocked:
            return self._row(delivery, f"skipped:{blocked}")
        return self._row(delivery, "no_match")

    def _send(self, delivery: Delivery, match: Match, throttle: Throttle, reply: Reply) -> LogRow:
        message = delivery.message
        if self.client is None:
            return self._row(delivery, "dry_run", rule=reply.rule, reply=reply.text)
        result: SendResult = self.client.send_reply(message, reply)
        if result.ok:
            self.state.remember_reply(message.conversation_key, reply.text)
            return self._row(delivery, "replied", rule=reply.rule, reply=reply.text, status=result.status)
        if result.retryable and delivery.attempt + 1 < MAX_SEND_ATTEMPTS:
            self.state.release_reply(message.conversation_key, throttle)
            raise RetryLater(backoff(delivery.attempt, result.retry_after), result.outcome)
        self.state.release_reply(message.conversation_key, throttle)
        outcome = "failed:gave_up" if result.retryable else result.outcome
        detail = f"{result.outcome} after {delivery.attempt + 1} attempt(s): {result.detail}".strip()
        return self._row(delivery, outcome, rule=reply.rule, reply=reply.text, status=result.status, detail=detail)

    def _row(
        self, delivery: Delivery, outcome: str, *, rule: str | None = None, reply: str | None = None,
        status: int | None = None, detail: str | None = None,
    ) -> LogRow:  # fmt: skip
        message = delivery.message
        latency = (self.clock() - delivery.received_at).total_seconds() * 1000
        return LogRow(
            received_at=delivery.received_at, message_id=message.id, post_token=message.post_token,
            conversation=message.conversation_key, sender_role=message.role, message_type=message.type,
            text=message.text, outcome=outcome, rule=rule, reply=reply, divar_status=status,
            latency_ms=max(0, round(latency)), detail=detail,
        )  # fmt: skip

