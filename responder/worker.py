"""What a worker does with one message: claim, decide, render, send, log.

Both queues call :meth:`Responder.handle` — the Celery task and the embedded in-process
queue — so there is one code path for a message whatever runs it.  Order matters:

1. Claim the message id (``SET NX``): a redelivered webhook or a second worker stops here
   and adds no row; a retry of the *same* delivery carries the same owner and goes on.
   A reply Divar accepted is remembered in Redis at once, so a retry after a failed log
   write records it instead of sending it again.
2. A post that is stopped (retired, access revoked, token expired) gets no reply; nor does
   a post or conversation the seller paused in the console (``skipped:paused``).
3. Seller-side messages (typed by the seller, or our own replies echoed back) are never
   answered unless a rule explicitly targets sellers — and never if they are our echo.
4. Matching rules are tried best first; each must atomically claim its throttles
   (once per conversation, cooldown, hourly cap) or the next one is tried.
5. Render, send (or log ``dry_run``), record exactly one row.
"""

from __future__ import annotations

import json
import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, Protocol

import redis
from sqlalchemy.exc import OperationalError, StatementError

from responder.divar import DAILY_QUOTA, DivarClient, SendResult
from responder.divar.postfacts import PostFacts
from responder.echo import ECHO_WAIT, Evidence, Verdict, judge
from responder.engine import Button, Engine, Match, RenderError, Reply, Situation
from responder.engine.render import TEHRAN, required_attributes
from responder.engine.reloader import RuleBook
from responder.events import Message
from responder.limits import storable_row
from responder.state import State, Throttle
from responder.store import QUOTA_HOLD, LogRow, Lookup, Post, Store
from responder.tokens import UNREAD, TokenManager, TokenUnavailable, Unread, connection_key

log = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 6  # default: first try + 5 retries, about 2 minutes of backoff in all
POST_RETIRED = "skipped:post_retired"
ACCESS_REVOKED = "skipped:access_revoked"
INTERRUPTED = "failed:interrupted"
ALL_POSTS_VIA = "all-posts"  # posts.via of a post whose messages come through an all-posts grant
PAUSED = "skipped:paused"  # the seller paused auto-replies for the post or the conversation (console)


class RetryLater(Exception):
    """The send may succeed later; the queue should run the message again after ``countdown``.

    ``counts`` is False when we held back ourselves (the app-wide rate limit): that wait
    does not use up one of the message's attempts.
    """

    def __init__(self, countdown: float, reason: str, counts: bool = True) -> None:
        super().__init__(f"retry in {countdown:.1f}s: {reason}")
        self.countdown = countdown
        self.counts = counts


# Worth running again: the database or Redis is briefly away, or the send should wait.
TRANSIENT = (RetryLater, OperationalError, redis.ConnectionError, redis.TimeoutError)


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
    resend: bool = False  # `responder retry-failed`: replaces the message's failed row

    def to_dict(self) -> dict[str, Any]:
        return {"message": self.message.to_dict(), "owner": self.owner, "received_at": self.received_at.isoformat(),
                "attempt": self.attempt, "resend": self.resend}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Delivery:
        return cls(Message.from_dict(data["message"]), data["owner"], datetime.fromisoformat(data["received_at"]),
                   int(data.get("attempt", 0)), bool(data.get("resend", False)))  # fmt: skip

    @classmethod
    def resend_of(cls, row: LogRow) -> Delivery:
        """Send a failed log row's message again (console retry, ``responder retry-failed``)."""
        if not row.message:
            raise ValueError(f"message {row.message_id} has no stored copy to send again")
        return cls(Message.from_dict(json.loads(row.message)), uuid.uuid4().hex, row.received_at, resend=True)

    def next_attempt(self, retry: RetryLater) -> Delivery:
        return replace(self, attempt=self.attempt + (1 if retry.counts else 0))


class SendJournal(Protocol):
    """What became of a message's send, kept until its log row says so.

    ``sending`` is written just before the request goes out (everything else, its
    connection included, is ready by then: :meth:`Responder._send_once`) and turns into
    ``sent`` when Divar accepts it.  A ``sent`` record found later means the log write failed after the send: log it,
    do not send again.  A ``sending`` record means a worker died mid-request and Divar may
    have the reply: Divar's echo decides (:mod:`responder.echo`): heard, it is logged
    ``replied``; not heard in time, it is sent again only where our other replies were
    echoed meanwhile, else logged ``failed:interrupted``.  ``unsent``: such a resend that
    Divar refused, to send again.  Redis keeps the
    records with workers (:class:`State`); the embedded mode, whose Redis lives in memory
    and dies with the process, keeps them in its database (:class:`Store`).
    """

    def start_sending(self, message_id: str, reply: dict[str, Any]) -> None: ...
    def remember_sent(self, message_id: str, reply: dict[str, Any]) -> None: ...
    def keep_unsent(self, message_id: str, reply: dict[str, Any]) -> None: ...
    def send_record(self, message_id: str) -> dict[str, Any] | None: ...
    def forget_send(self, message_id: str) -> None: ...


class Responder:
    def __init__(
        self, rulebook: RuleBook, state: State, store: Store, client: DivarClient | None,
        tokens: TokenManager | None = None, rate_limit_per_minute: int = 0, max_attempts: int = MAX_SEND_ATTEMPTS,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc), journal: SendJournal | None = None,
        facts: PostFacts | None = None, echo_wait: float = ECHO_WAIT,
    ) -> None:  # fmt: skip
        self.rulebook = rulebook
        self.echo_wait = echo_wait  # DIVAR_ECHO_WAIT: how long a cut-off send's echo is waited for
        # Whether a cut-off send may be judged by the absence of its echo (responder.echo):
        # not in the embedded mode (its journal is the database), whose webhook dies with the send.
        self.echoes = journal in (None, state)
        self.state = state
        self.store = store
        self.journal: SendJournal = journal or state
        self.client = client  # None = dry run
        self.tokens = tokens or TokenManager(store, state, client.access_token if client else "")
        self.rate_limit_per_minute = rate_limit_per_minute
        self.max_attempts = max_attempts
        self.clock = clock
        self.facts = facts  # None: rules and replies see only what the message itself carries
        if facts is not None and facts.changed is None:
            facts.changed = state.bump_generation  # facts this worker stores reach every worker's memory

    def handle(self, delivery: Delivery) -> str | None:
        """Process one delivery; returns the logged outcome, or None for a duplicate.

        Whatever goes wrong, the message ends with a row: a passing outage (the database
        or Redis away, :class:`RetryLater`) is raised for the queue to run it again; any
        other error — a bug, a time limit — is logged ``failed:<reason>`` and the queue
        goes on with the next message.
        """
        try:
            return self._handle(delivery)
        except TRANSIENT:
            raise
        except Exception as exc:
            outcome = "failed:time_limit" if type(exc).__name__ == "SoftTimeLimitExceeded" else "failed:internal_error"
            log.exception("message %s could not be handled; logging %s", delivery.message.id, outcome)
            return self.give_up(delivery, outcome, f"{type(exc).__name__}: {exc}")

    def give_up(self, delivery: Delivery, outcome: str, detail: str) -> str:
        """Log ``outcome`` (a ``failed:`` one) for a message that cannot be handled."""
        self._record(self._row(delivery, outcome, detail=detail[:2000]), replace=delivery.resend)
        return outcome

    def _record(self, row: LogRow, replace: bool = False) -> bool:
        """Write the row; one the database refuses (a NUL, an oversized id) is stored trimmed.

        Raises only if even the trimmed row cannot be written: then the send record stays,
        so the next run logs the reply instead of sending it again.
        """
        try:
            return self.store.record(row, replace=replace)
        except OperationalError:
            raise  # the database is away, not refusing this row: retried
        except (StatementError, UnicodeError, ValueError) as exc:
            log.error("message %r: the database refused its row (%s); storing it trimmed", row.message_id[:200],
                      str(exc).splitlines()[0][:300])  # fmt: skip
            return self.store.record(storable_row(row), replace=replace)

    def _handle(self, delivery: Delivery) -> str | None:
        message = delivery.message
        if delivery.resend and delivery.attempt == 0:
            self.state.reclaim_message(message.id, delivery.owner)
            self.journal.forget_send(message.id)  # the operator chose to send it again
            generation = self.state.cache_generation()
            send, first = None, None
        else:
            # One round trip: the claim, whether the message opened its conversation (seen
            # once it is claimed, answered or not: a first message that got no reply, paused
            # or on a stopped post, still opened it), the send record …
            claim = self.state.claim(message.id, delivery.owner, message.conversation_key)
            if not claim.owned:
                log.info("message %s already handled; duplicate delivery ignored", message.id)
                return None
            generation, first = claim.generation, claim.first
            # … as long as the journal is Redis; held by us from here, so nobody else changes it
            send = claim.send if self.journal is self.state else self.journal.send_record(message.id)
        keys = tuple(dict.fromkeys((message.post_token, connection_key(message))))  # the post, and whose token answers it
        found = self.store.look_up(message.id, keys, message.conversation_key, QUOTA_HOLD)
        logged = found.outcome
        if logged and not (delivery.resend and logged.startswith("failed:")):
            self.journal.forget_send(message.id)  # in case the run that logged it died just after
            log.info("message %s is already in the reply log (%s); not handled again", message.id, logged)
            return None  # a retry whose first run already logged the outcome
        if delivery.attempt == 0:
            seen: dict[str, Any] = {"last_message_at": delivery.received_at}
            if message.seller_id:
                seen["seller_id"] = message.seller_id
            if message.grant and not getattr(found.posts.get(message.post_token), "access_token", None):
                seen["via"] = ALL_POSTS_VIA  # answered with the seller's all-posts grant, not a token of its own
            if not _already_seen(found.posts.get(message.post_token), seen):
                self.store.save_post(message.post_token, **seen)
        if send is None:
            row = self._decide_and_send(delivery, generation, keys, found, first)
        elif send["phase"] == "sent":  # sent before the log write failed: log it now, never send twice
            row = self._row(delivery, "replied", rule=send["rule"], reply=send["reply"], status=send["status"])
        else:  # a worker died mid-request: Divar may have delivered it
            row = self._resume(delivery, send)
        if not self._record(row, replace=delivery.resend):
            log.info("message %s was logged by another worker", message.id)
        if send is None and row.outcome == "replied" and self.journal is self.state:
            # Logged as replied, the message is never sent again (a resend is for failed rows
            # only): its record changes nothing now, and goes with this thread's next claim.
            self.state.forget_send_later(message.id)
        elif send is not None or row.outcome == "replied":  # only a reply Divar accepted leaves a record behind
            self.journal.forget_send(message.id)  # the log row says it now
        log.info("message %s on %s: %s%s", message.id, message.post_token, row.outcome, f" ({row.rule})" if row.rule else "")
        return row.outcome

    def _resume(self, delivery: Delivery, send: dict[str, Any]) -> LogRow:
        """A send record a dead worker left: confirmed by Divar's echo, waited for, sent again,
        or ``failed:interrupted`` (:func:`responder.echo.judge`).  A resend is the recorded
        reply, not a new decision: the dead run's throttles (once per conversation …) are its."""
        message, text = delivery.message, send.get("reply")
        if send["phase"] == "sending":
            started = send.get("at")
            heard = self.state.heard_at(message.conversation_key, text) if text else None
            now = self.clock().timestamp()
            judgeable = started is not None and self.echoes and now >= started + self.echo_wait
            evidence = self.state.echo_evidence(connection_key(message), started, self.echo_wait, now) if judgeable \
                else Evidence()  # fmt: skip
            verdict = judge(started if text else None, heard, evidence, now, wait=self.echo_wait, echoes=self.echoes)
            if verdict.verdict is Verdict.WAIT:
                raise RetryLater(verdict.wait, "waiting for Divar's echo of a cut-off send", counts=False)
            if verdict.verdict is not Verdict.RESEND:
                outcome = "replied" if verdict.verdict is Verdict.CONFIRMED else INTERRUPTED
                return self._row(delivery, outcome, rule=send["rule"], reply=text, detail=verdict.detail)
            log.warning("message %s: its cut-off send never echoed while later ones did; sending it again", message.id)
        reply = Reply(send["rule"], text, tuple(Button(*b) for b in send.get("buttons", ())))
        try:
            row = self._send(delivery, reply)
        except RetryLater:
            self.journal.keep_unsent(message.id, _sending(reply))  # Divar refused: the next run sends it again
            raise
        return replace(row, detail=row.detail or "sent again: the first send was cut off and Divar never echoed it")

    def handle_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        """Record a non-message event and act on the ones that stop replies."""
        self.store.record_event(kind, payload, received_at)
        body = _event_body(payload)
        if kind == "POST_UPDATE" and body.get("type") in ("RETIRE", "ARCHIVE"):
            token = _post_token(body)
            if token:
                self.store.save_post(token, status=POST_RETIRED)
                log.warning("post %s was %sd on Divar: no more replies on it", token, str(body["type"]).lower())
        elif kind == "POST_UPDATE" and isinstance(body.get("post"), dict) and self.facts is not None:
            self.facts.update(body["post"])  # published or edited: its facts as Divar now has them
        elif kind == "USER_ACCESS_REVOCATION":
            user = str(body.get("user_id") or payload.get("user_id") or "")
            stopped = self.store.posts_of_seller(user) if user else []
            for token in stopped:
                self.store.save_post(token, status=ACCESS_REVOKED, access_token=None, refresh_token=None)
            log.warning("seller %s revoked access: replies stopped on %d post(s)", user or "?", len(stopped))

    def _decide_and_send(
        self, delivery: Delivery, generation: int, keys: tuple[str, ...], found: Lookup, first: bool | None = None
    ) -> LogRow:  # fmt: skip
        """``found``: what :meth:`Store.look_up` read for the message on its post ``keys``;
        ``first``: whether it opened its conversation, as the claim found (None: ask now)."""
        message = delivery.message
        post: Post | None = None  # the connection's post, read once: its token is used below
        for key in keys:
            post = found.posts.get(key)
            if post is not None and not post.active:
                return self._row(delivery, post.status)
        conversation = message.conversation_key
        if message.role == "seller" and self.state.is_echo(conversation, message.text):
            return self._row(delivery, "skipped:echo")
        if found.paused:
            return self._row(delivery, PAUSED)
        facts, facts_problem = self.facts.get(message.post_token, generation) if self.facts is not None else ({}, "")
        if facts:  # Divar's chat events carry no title or category: the post's own facts give them
            message = replace(message, title=str(facts.get("title") or message.title),
                              category=str(facts.get("category") or message.category))  # fmt: skip
        known = {"token", *facts, *(name for name in ("title", "category") if getattr(message, name))}
        lacking: list[str] = []  # rules held back because this post lacks a fact they need
        engine = self.rulebook.engine()

        def why() -> str | None:
            """What the post's missing facts kept from firing, for the log row's detail."""
            needs = bool(lacking) or (bool(facts_problem) and _needs_facts(engine))
            return "; ".join([*lacking, *([facts_problem] if facts_problem and needs else [])]) or None

        if first is None:
            first = self.state.first_in_conversation(conversation, message.id)
        situation = Situation(self.clock(), first)
        blocked: str | None = None
        for match in engine.matches(message, situation):
            match = with_facts(match, known, lacking)
            if match is None:
                continue
            match, throttles, blocked_now = self._claim(conversation, match, engine.ruleset.max_replies_per_hour)
            if match is None:
                blocked = blocked or blocked_now
                continue
            try:
                reply = engine.render(match, message, situation.now, facts)
            except RenderError as exc:
                self._release(conversation, throttles)
                log.error("rule %r failed to render: %s", match.rule.name, exc)
                return self._row(delivery, "failed:render", rule=match.rule.name, detail=str(exc))
            except Exception:
                self._release(conversation, throttles)  # nothing was sent: a slot never leaks
                raise
            try:
                row = self._send(delivery, reply, post, found)
            except Exception:  # RetryLater, or an error before Divar accepted it
                self._release(conversation, throttles)  # not sent yet: free the slots
                raise
            if row.outcome not in ("replied", "dry_run"):
                self._release(conversation, throttles)
            return replace(row, detail=row.detail or why())
        if message.role == "seller":
            return self._row(delivery, "skipped:own_message")
        if blocked:
            return self._row(delivery, f"skipped:{blocked}", detail=why())
        return self._row(delivery, "no_match", detail=why())

    def _claim(self, conversation: str, match: Match, cap: int) -> tuple[Match | None, list[Throttle], str | None]:
        """Claim the throttles of a match, or of each part of a combined one.

        A combined reply is one reply for the hourly cap; a part whose own throttle says no
        (the greeting, once per conversation) is left out and the rest still answer.
        """
        kept: list[Match] = []
        throttles: list[Throttle] = []
        blocked: str | None = None
        for part in match.parts or (match,):
            rule = part.rule
            throttle = Throttle(rule.name, rule.once_per_conversation, rule.cooldown_seconds, 0 if throttles else cap)
            refused = self.state.claim_reply(conversation, throttle)
            if refused:
                blocked = blocked or refused
                if refused == "hourly_cap":
                    break
                continue
            kept.append(part)
            throttles.append(throttle)
        if not kept:
            return None, [], blocked
        return _only(match, kept), throttles, None

    def _release(self, conversation: str, throttles: list[Throttle]) -> None:
        for throttle in throttles:
            self.state.release_reply(conversation, throttle)

    def _send(self, delivery: Delivery, reply: Reply, post: Post | None | Unread = UNREAD, found: Lookup | None = None) -> LogRow:
        """``post`` and ``found``: as the caller read them for this message (else read here)."""
        message = delivery.message
        if self.client is None:
            return self._row(delivery, "dry_run", rule=reply.rule, reply=reply.text)
        if found is None:
            hold = self.store.send_hold(QUOTA_HOLD, self.clock())
        else:
            hold = found.hold.at(self.clock()) if found.hold else None
        if hold is not None:  # Divar's daily quota is used up: wait for the reset, without using up attempts
            raise RetryLater(min((hold[0] - self.clock()).total_seconds(), 600.0), "Divar's daily quota", counts=False)
        wait = self.state.take_send_slot(self.rate_limit_per_minute)
        if wait:
            raise RetryLater(wait, "app-wide send rate limit", counts=False)
        key = connection_key(message)
        try:
            token = self.tokens.token_for(key, post)
            result = self._send_once(message, reply, token)
            if result.outcome == "failed:unauthorized":  # expired or rotated: refresh once, send again
                token = self.tokens.refresh(key, rejected=token)
                result = self._send_once(message, reply, token)
        except TokenUnavailable as exc:  # no send under way: the journal holds nothing for it
            if exc.retryable and delivery.attempt + 1 < self.max_attempts:
                raise RetryLater(backoff(delivery.attempt), exc.outcome) from None
            return self._row(delivery, exc.outcome, rule=reply.rule, reply=reply.text, detail=str(exc))
        if result.ok:
            return self._row(delivery, "replied", rule=reply.rule, reply=reply.text, status=result.status)
        if result.outcome == DAILY_QUOTA:
            until = self._quota_reset(result.retry_after)
            self.store.hold_sends(QUOTA_HOLD, until, result.detail)
            log.error("Divar's daily quota is used up: every send waits until %s", until.isoformat())
            raise RetryLater(min((until - self.clock()).total_seconds(), 600.0), DAILY_QUOTA, counts=False)
        if result.retryable and delivery.attempt + 1 < self.max_attempts:
            raise RetryLater(backoff(delivery.attempt, result.retry_after), result.outcome)
        outcome = "failed:gave_up" if result.retryable else result.outcome
        detail = f"{result.outcome} after {delivery.attempt + 1} attempt(s): {result.detail}".strip()
        return self._row(delivery, outcome, rule=reply.rule, reply=reply.text, status=result.status, detail=detail)

    def _send_once(self, message: Message, reply: Reply, token: str) -> SendResult:
        """One request to Divar, recorded as under way for exactly as long as it is out.

        Everything that can be done first is: the request is built and its connection
        checked out and connected before the record is written (a dead worker's record
        means "Divar may have it": never sent again, so the shorter it stands the fewer
        buyers are left without an answer); with it, in the same round trip, the mark that
        tells the reply's echo for ours (:meth:`State.expect_echo`: an echo can come back
        before Divar's answer does).  What Divar said is written at once after: a reply it
        accepted, with when, in one step; a refusal clears the record, since
        nothing was delivered (a 401 leaves none behind while the token is refreshed).
        """
        assert self.client is not None
        sending = _sending(reply)
        with self.client.prepare_reply(message, reply, token) as call:
            if call.failed is not None:  # Divar could not be reached: nothing went out
                return call.failed
            under_way = {**sending, "at": self.clock().timestamp()}
            echo = (message.conversation_key, reply.text)
            if self.journal is self.state:  # the record and our echo's mark in one Redis transaction
                self.state.start_sending(message.id, under_way, echo=echo)
            else:
                self.state.expect_echo(*echo)
                self.journal.start_sending(message.id, under_way)
            result = call.send()
        if not result.ok:
            self.journal.forget_send(message.id)
            return result
        accepted = (*echo, connection_key(message), self.clock().timestamp())
        if self.journal is self.state:  # the record and the time of acceptance in one Redis transaction
            self.state.remember_sent(message.id, {**sending, "status": result.status}, accepted=accepted)
        else:
            self.journal.remember_sent(message.id, {**sending, "status": result.status})
            self.state.remember_accepted(*accepted)
        return result

    def _quota_reset(self, retry_after: float | None) -> datetime:
        """When Divar's daily quota comes back: its Retry-After, else the next midnight in Tehran
        (Divar says only that the quota resets daily, ``docs/scopes/README.md``)."""
        now = self.clock()
        if retry_after:
            return now + timedelta(seconds=retry_after)
        local = now.astimezone(TEHRAN)
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=TEHRAN)
        return midnight.astimezone(timezone.utc)

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
            message=json.dumps(message.to_dict(), ensure_ascii=False) if outcome.startswith("failed:") else None,
        )  # fmt: skip


def _already_seen(post: Post | None, seen: dict[str, Any]) -> bool:
    """Whether the stored post already says what ``seen`` would write, to the minute its
    last message is shown (``responder posts``, the console): then the update, a write
    transaction on every message of a busy post, is left out."""
    if post is None or post.last_message_at is None:
        return False
    minute = seen["last_message_at"].replace(second=0, microsecond=0)
    if post.last_message_at.replace(second=0, microsecond=0) != minute:
        return False
    return all(getattr(post, name) == value for name, value in seen.items() if name != "last_message_at")


def _sending(reply: Reply) -> dict[str, Any]:
    """What a send record keeps of the reply: enough to send the same one again."""
    record: dict[str, Any] = {"rule": reply.rule, "reply": reply.text}
    if reply.buttons:
        record["buttons"] = [[b.caption, b.url, b.icon] for b in reply.buttons]
    return record


@lru_cache(maxsize=4096)
def _post_fields(source: str) -> frozenset[str]:
    """The ``post.*`` names a reply template needs: reads without an ``is defined`` guard
    (parsed once per template)."""
    return frozenset(required_attributes(source, "post"))


def _needs_facts(engine: Engine) -> bool:
    """Whether any rule's condition reads the post's title or category."""
    return any(rule.categories or rule.title_contains for rule in engine.ruleset.rules)


def with_facts(match: Match, known: set[str], lacking: list[str]) -> Match | None:
    """The match without the parts whose reply needs a post fact this post does not have
    (``lacking`` gets a line for each; ``responder try`` applies the same rule)."""
    kept = []
    for part in match.parts or (match,):
        missing = sorted(set().union(*map(_post_fields, part.rule.reply_sources)) - known)
        if missing:
            lacking.append(f"rule {part.rule.name!r} needs post.{', post.'.join(missing)}")
        else:
            kept.append(part)
    return _only(match, kept) if kept else None


def _only(match: Match, kept: list[Match]) -> Match:
    """A combined match narrowed to ``kept`` of its parts (a single match when one is left)."""
    if len(kept) == len(match.parts or (match,)):
        return match
    return kept[0] if len(kept) == 1 else replace(match, rule=kept[0].rule, parts=tuple(kept))


def _event_body(payload: dict[str, Any]) -> dict[str, Any]:
    """The event's own object, whatever key Divar wraps it in (``post_update``, ``payload`` …)."""
    for key, value in payload.items():
        if key not in ("type", "metadata", "timestamp") and isinstance(value, dict):
            return value
    return payload


def _post_token(body: dict[str, Any]) -> str | None:
    post = body.get("post")
    if isinstance(post, dict):
        token = post.get("token") or post.get("post_token")
        return str(token) if token else None
    token = body.get("post_token") or body.get("token")
    return str(token) if token else None
