"""Short-lived shared state in Redis: idempotency claims, throttles, echo memory.

Every decision that two workers could race on is a single atomic Redis operation (``SET
NX``) or an optimistic ``WATCH``/``MULTI`` transaction — a claim, never check-then-act.
The embedded mode passes an in-process fakeredis, so the same code runs there.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import redis

from responder.crypto import Sealer
from responder.echo import ECHO_GRACE, EVIDENCE_SAMPLE, Evidence
from responder.privacy import open_send_record
from responder.text import fold

MESSAGE_TTL = 7 * 24 * 3600  # Divar may redeliver a webhook for days at most
CONVERSATION_TTL = 30 * 24 * 3600
ECHO_TTL = 15 * 60  # our reply comes back through the stream within seconds
# What the webhook heard from the seller's side, and which replies Divar accepted when: kept
# only as long as a cut-off send may still be judged by them (responder.echo): its message
# comes back after the 30 s visibility timeout, or a few delayed retries later.
HEARD_TTL = 10 * 60
HOUR = 3600
SAID_TTL = 24 * 3600  # the rule files' warnings, said by the first process that loads them (State.first_to_say)
DEAD_LETTERS_KEPT = 1000


def connect(url: str, max_connections: int | None = None) -> redis.Redis:
    """A client for ``REDIS_URL``; ``rediss://`` accepts self-signed certificates (Heroku).

    With ``max_connections``, a thread that finds them all busy waits for one (up to the
    socket timeout) instead of opening yet another connection.
    """
    options: dict[str, object] = {"socket_timeout": 5, "socket_connect_timeout": 5, "health_check_interval": 30}
    if url.startswith("rediss://") and "ssl_cert_reqs" not in url:
        options["ssl_cert_reqs"] = ssl.CERT_NONE
    if max_connections:
        pool = redis.BlockingConnectionPool.from_url(url, max_connections=max_connections, timeout=5, **options)
        return redis.Redis(connection_pool=pool)
    return redis.Redis.from_url(url, **options)

# State.claim_reply in one step.  KEYS: once, cooldown, hourly.  ARGV: once_per_conversation
# (0/1), cooldown_seconds, max_replies_per_hour, CONVERSATION_TTL, HOUR.  Returns the reason
# a slot is refused, or nil (granted, slots taken).  The hourly window opens with its first reply.
CLAIM_REPLY = """
local said, cooling, hour = unpack(redis.call('MGET', KEYS[1], KEYS[2], KEYS[3]))
local cooldown, cap = tonumber(ARGV[2]), tonumber(ARGV[3])
if ARGV[1] == '1' and said then return 'once_per_conversation' end
if cooldown > 0 and cooling then return 'cooldown' end
local used = 0
if cap > 0 then used = tonumber(hour or '0') end
if cap > 0 and used >= cap then return 'hourly_cap' end
if ARGV[1] == '1' then redis.call('SET', KEYS[1], 1, 'EX', ARGV[4]) end
if cooldown > 0 then redis.call('SET', KEYS[2], 1, 'EX', cooldown) end
if cap > 0 then
  redis.call('INCR', KEYS[3])
  if used == 0 then redis.call('EXPIRE', KEYS[3], ARGV[5]) end
end
return false
"""


@dataclass(frozen=True)
class Claim:
    """What :meth:`State.claim` found: whether this delivery owns the message, its send
    record (None if it has none, or is not ours) and the cache generation."""

    owned: bool
    send: dict[str, Any] | None
    generation: int
    first: bool | None = None  # whether it opened its conversation (None: no conversation given)


@dataclass(frozen=True)
class Throttle:
    """What a rule asks of the conversation before it may answer."""

    rule: str
    once_per_conversation: bool = False
    cooldown_seconds: int = 0
    max_replies_per_hour: int = 0  # the rule set's cap for the conversation, all rules


class State:
    def __init__(self, client: redis.Redis, prefix: str = "responder:", sealer: Sealer | None = None) -> None:
        self.redis = client
        self.prefix = prefix
        self.sealer = sealer  # send records carry the reply's text: sealed like the database's
        self._claim_script = client.register_script(CLAIM_REPLY)
        self._scripting: bool | None = None  # whether this Redis runs Lua: known after the first claim
        self._later = threading.local()  # .keys: send records this thread forgets with its next claim

    def _key(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    # -- what one process says for all ------------------------------------------------------

    def first_to_say(self, fingerprint: str, ttl: int = SAID_TTL) -> str | None:
        """None if this process is the first to say what ``fingerprint`` names (the rule files'
        warnings: :func:`responder.engine.reloader.say_warnings_once_with`), now recorded as
        having said it; else who did. Kept a day: a service started again the next day says it again."""
        key = self._key("said", fingerprint)
        me = f"{socket.gethostname()} pid {os.getpid()} at {time.strftime('%H:%M:%S UTC', time.gmtime())}"
        if self.redis.set(key, me, nx=True, ex=ttl):
            return None
        said = self.redis.get(key)
        return said.decode() if said else "another process"

    # -- idempotency ----------------------------------------------------------------------

    def claim_message(self, message_id: str, owner: str) -> bool:
        """True if this delivery owns the message (first time, or a retry of the same owner)."""
        return self.claim(message_id, owner).owned

    def claim(self, message_id: str, owner: str, conversation: str | None = None) -> Claim:
        """Claim the message (:meth:`claim_message`) and, in the same round trip, read what a
        worker needs next from Redis: the message's send record and the cache generation,
        and with ``conversation``, mark it seen there (:meth:`first_in_conversation`)."""
        key = self._key("msg", message_id)
        forget: list[str] = getattr(self._later, "keys", [])
        with self.redis.pipeline(transaction=False) as pipe:
            if forget:
                pipe.delete(*forget)
            pipe.set(key, owner, nx=True, ex=MESSAGE_TTL)
            pipe.get(key)
            pipe.get(self._key("send", message_id))
            pipe.get(self._key("generation"))
            if conversation is not None:
                self._see(pipe, conversation, message_id)
            replies = pipe.execute()
        self._later.keys = []
        took, current, send, generation = replies[len(forget) > 0 :][:4]
        first = _first(*replies[-2:], message_id) if conversation is not None else None
        owned = bool(took) or (current is not None and current.decode() == owner)
        return Claim(owned, open_send_record(self.sealer, send) if owned else None, int(generation or 0), first)

    def cache_generation(self) -> int:
        """Bumped whenever something workers keep in memory changes (a post's facts): a
        worker that sees a new value drops what it kept (read with every :meth:`claim`)."""
        return int(self.redis.get(self._key("generation")) or 0)

    def bump_generation(self) -> None:
        self.redis.incr(self._key("generation"))

    # The send journal (responder.worker.SendJournal): what became of a message's send.

    def start_sending(self, message_id: str, reply: dict[str, Any], echo: tuple[str, str] | None = None) -> None:
        """Under way until Divar answers: a worker that dies mid-request leaves this behind.

        ``echo``: (conversation, text) of the reply, known for ours (:meth:`expect_echo`) in
        the same round trip, before a byte of the request goes out.
        """
        if echo is None:
            self._set_send(message_id, "sending", reply)
            return
        with self.redis.pipeline(transaction=False) as pipe:  # one round trip; the mark goes first
            self.expect_echo(*echo, client=pipe)
            self._set_send(message_id, "sending", reply, pipe)
            pipe.execute()

    def remember_sent(
        self, message_id: str, reply: dict[str, Any], accepted: tuple[str, str, str, float] | None = None
    ) -> None:
        """Divar accepted it: a retry after a failed log write logs it instead of sending.

        ``accepted``: (conversation, text, subscription, accepted at) of the reply, remembered
        (:meth:`remember_accepted`) in the same transaction: one round trip right after Divar's answer.
        """
        with self.redis.pipeline(transaction=True) as pipe:
            self._set_send(message_id, "sent", reply, pipe)
            if accepted is not None:
                self.remember_accepted(*accepted, client=pipe)
            pipe.execute()

    def keep_unsent(self, message_id: str, reply: dict[str, Any]) -> None:
        """A resend of a cut-off reply that Divar refused: nothing was delivered, and the next
        run sends this reply again (its rules' throttles are still taken by it)."""
        self._set_send(message_id, "unsent", reply)

    def send_record(self, message_id: str) -> dict[str, Any] | None:
        """``{"phase": "sending" | "sent" | "unsent", "rule", "reply"[, "buttons", "at", "status"]}``, or None."""
        return open_send_record(self.sealer, self.redis.get(self._key("send", message_id)))

    def forget_send(self, message_id: str) -> None:
        """Divar refused the send, or the log row now says what happened."""
        self.redis.delete(self._key("send", message_id))

    def forget_send_later(self, message_id: str) -> None:
        """:meth:`forget_send` with this thread's next :meth:`claim`, in its round trip: for a
        record whose message is logged ``replied``.  Until then any run of the message finds
        that row and stops, so the record changes nothing (a worker that stops first leaves
        it to expire with the claim, :data:`MESSAGE_TTL`)."""
        self._later.keys = [*getattr(self._later, "keys", []), self._key("send", message_id)]

    def _set_send(self, message_id: str, phase: str, reply: dict[str, Any], client: Any = None) -> None:
        record = json.dumps({"phase": phase, **reply}, ensure_ascii=False)
        if self.sealer is not None:  # lives as long as the message's claim at most: the quick seal
            record = self.sealer.seal_quick(record)
        (client or self.redis).set(self._key("send", message_id), record, ex=MESSAGE_TTL)

    def reclaim_message(self, message_id: str, owner: str) -> None:
        """Take the claim over on purpose: an operator's resend of a failed message."""
        self.redis.set(self._key("msg", message_id), owner, ex=MESSAGE_TTL)

    # -- conversation facts ---------------------------------------------------------------

    def first_in_conversation(self, conversation: str, message_id: str) -> bool:
        """Whether this message opened the conversation (as far as we have seen it).

        The conversation remembers its first message id, so asking again for the same
        message (a retry) gives the same answer.
        """
        with self.redis.pipeline(transaction=False) as pipe:  # one round trip, new conversation or not
            self._see(pipe, conversation, message_id)
            return _first(*pipe.execute(), message_id)

    def _see(self, pipe: Any, conversation: str, message_id: str) -> None:
        """The writes of :meth:`first_in_conversation`, added to ``pipe``; :func:`_first` reads their replies."""
        key = self._key("seen", conversation)
        pipe.set(key, message_id, nx=True, ex=CONVERSATION_TTL)
        pipe.get(key)

    def expect_echo(self, conversation: str, text: str, client: Any = None) -> None:
        """A reply about to be sent: a seller-side message with its text in the conversation
        is ours (:meth:`is_echo`).  Written before the request goes out, so an echo can never
        reach a worker before it (Divar echoes only what it got), even one that comes back
        while the send is still waiting for Divar's answer, or after the sender died.  A send
        Divar refuses leaves it for :data:`ECHO_TTL`: the seller typing the very same text
        there meanwhile is taken for an echo and skipped, never answered (no reply loop).
        Only a digest of the text is kept.  ``client``: a pipeline to add the write to."""
        (client or self.redis).set(self._key("echo", conversation, _digest(text)), 1, ex=ECHO_TTL)

    def remember_accepted(
        self, conversation: str, text: str, subscription: str, at: float | None = None, client: Any = None
    ) -> None:
        """A reply Divar accepted on ``subscription`` (the post, or the all-posts grant:
        :func:`responder.tokens.connection_key`), and when, for :meth:`echo_evidence`.
        ``client``: a pipeline to add the writes to (default: at once)."""
        if not subscription:
            return
        now = time.time() if at is None else at
        accepted = self._key("accepted", subscription)
        pipe = client or self.redis.pipeline(transaction=False)
        pipe.zadd(accepted, {f"{conversation}|{_digest(text)}": now})
        pipe.zremrangebyscore(accepted, "-inf", now - HEARD_TTL)
        pipe.expire(accepted, HEARD_TTL)
        if client is None:
            pipe.execute()

    def is_echo(self, conversation: str, text: str) -> bool:
        """Whether a seller-side message is a reply we sent ourselves."""
        return bool(self.redis.exists(self._key("echo", conversation, _digest(text))))

    # -- what the webhook heard from the seller's side (responder.echo) --------------------

    def remember_heard(self, conversation: str, text: str, at: float, client: Any = None) -> None:
        """The webhook received a seller-side message with this text in this conversation:
        typed by the seller, or a reply of ours that Divar echoed.  A digest, never the text
        (Divar asks apps to keep as little chat data as they can), for :data:`HEARD_TTL`.
        ``client``: a pipeline to add the write to (the enqueue's: one round trip)."""
        (client or self.redis).set(self._key("heard", conversation, _digest(text)), repr(at), ex=HEARD_TTL)

    def heard_at(self, conversation: str, text: str) -> float | None:
        """When the webhook last heard this text from the seller's side of the conversation."""
        value = self.redis.get(self._key("heard", conversation, _digest(text)))
        return float(value) if value is not None else None

    def echo_evidence(self, subscription: str, started: float, wait: float, now: float) -> Evidence:
        """What became of the echoes of our replies on ``subscription`` that Divar accepted
        within ``wait`` before and after ``started`` (:class:`responder.echo.Evidence`): up to
        :data:`EVIDENCE_SAMPLE` on each side, the nearest.  Two round trips, only for a cut-off send."""
        key = self._key("accepted", subscription)
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.zrevrangebyscore(key, f"({started}", started - wait, start=0, num=EVIDENCE_SAMPLE, withscores=True)
            pipe.zrangebyscore(key, started, started + wait, start=0, num=EVIDENCE_SAMPLE, withscores=True)
            before, after = pipe.execute()
        replies = [*before, *after]
        if not replies:
            return Evidence()
        heard = self.redis.mget([self._key("heard", *member.decode().rsplit("|", 1)) for member, _ in replies])
        settled = now - ECHO_GRACE  # accepted later: its echo may still be on the way
        missing = sum(1 for (_, at), value in zip(replies, heard) if value is None and at <= settled)
        echoed = sum(1 for value in heard[len(before):] if value is not None and float(value) >= started)
        return Evidence(after=echoed, missing=missing)

    # -- locks and rates ------------------------------------------------------------------

    @contextmanager
    def lock(self, name: str, ttl: float = 30.0, wait: float = 35.0) -> Iterator[None]:
        """A lock shared by every worker (SET NX PX; released only by its holder).

        Plain commands, no Lua, so the in-process fakeredis of the embedded mode runs it too.
        """
        key, token = self._key("lock", name), uuid.uuid4().hex
        deadline = time.monotonic() + wait
        while not self.redis.set(key, token, nx=True, px=int(ttl * 1000)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"lock {name!r} is still held after {wait:.0f}s")
            time.sleep(0.05)
        try:
            yield
        finally:
            with self.redis.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    if pipe.get(key) == token.encode():
                        pipe.multi()
                        pipe.delete(key)
                        pipe.execute()
                except redis.WatchError:
                    pass  # it expired and someone else holds it now

    def take_send_slot(self, per_minute: int) -> float:
        """Count a send against the app-wide per-minute limit; 0 if allowed, else seconds to wait."""
        if per_minute <= 0:
            return 0.0
        now = time.time()
        window = int(now // 60)
        key = self._key("rate", str(window))
        with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, 120)
            used = pipe.execute()[0]
        if used <= per_minute:
            return 0.0
        return (window + 1) * 60 - now

    # -- poison messages (responder.guard) -----------------------------------------------

    def start_run(self, task_id: str) -> int:
        """Count one run of a task; a run that ends (however) calls :meth:`end_run`.

        What is left counts the runs that never ended: the worker process died in them.
        """
        key = self.runs_key(task_id)
        with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, MESSAGE_TTL)
            return int(pipe.execute()[0])

    def end_run(self, task_id: str) -> None:
        self.redis.delete(self.runs_key(task_id))

    def runs_key(self, task_id: str) -> str:
        """Where :meth:`start_run` counts a task's runs (the run leases count there too)."""
        return self._key("runs", task_id)

    def park(self, entry: dict[str, Any], keep: int = DEAD_LETTERS_KEPT) -> None:
        """Add a task no worker could handle to the dead-letter list (newest first)."""
        with self.redis.pipeline(transaction=True) as pipe:
            pipe.lpush(self._key("dead-letter"), json.dumps(entry, ensure_ascii=False, default=str))
            pipe.ltrim(self._key("dead-letter"), 0, keep - 1)
            pipe.execute()

    def parked(self, limit: int = 100) -> list[dict[str, Any]]:
        return [json.loads(raw) for raw in self.redis.lrange(self._key("dead-letter"), 0, limit - 1)]

    def put_once(self, name: str, value: str, ttl: int) -> None:
        self.redis.set(self._key("once-value", name), value, ex=ttl)

    def take_once(self, name: str) -> str | None:
        """Read and delete in one step: a single-use value (an OAuth ``state``)."""
        key = self._key("once-value", name)
        with self.redis.pipeline(transaction=True) as pipe:
            pipe.get(key)
            pipe.delete(key)
            value, _ = pipe.execute()
        return value.decode() if value is not None else None

    # -- throttles ------------------------------------------------------------------------

    def claim_reply(self, conversation: str, throttle: Throttle) -> str | None:
        """Atomically take the rule's throttle slots; None if granted, else the reason it is not.

        One round trip: a Lua script (:data:`CLAIM_REPLY`) reads and takes the slots in one
        step.  A Redis without scripting (the embedded mode's in-process fakeredis) gets the
        same decisions from an optimistic ``WATCH``/``MULTI`` transaction: three round trips.
        """
        once = self._key("once", throttle.rule, conversation)
        cooldown = self._key("cooldown", throttle.rule, conversation)
        hourly = self._key("hourly", conversation)
        if self._scripting is not False:
            try:
                refused = self._claim_script(
                    keys=[once, cooldown, hourly],
                    args=[int(throttle.once_per_conversation), throttle.cooldown_seconds, throttle.max_replies_per_hour,
                          CONVERSATION_TTL, HOUR],
                )  # fmt: skip
                self._scripting = True
                return refused.decode() if refused else None
            except redis.ResponseError as exc:
                if self._scripting or "unknown command" not in str(exc).lower():
                    raise
                self._scripting = False  # no EVAL here: the transaction below, from now on
        return self._claim_reply_watched(once, cooldown, hourly, throttle)

    def _claim_reply_watched(self, once: str, cooldown: str, hourly: str, throttle: Throttle) -> str | None:
        """:meth:`claim_reply` for a Redis without Lua: the same reads and writes, retried
        whenever another client changed one of the keys in between."""
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(once, cooldown, hourly)
                    # One round trip for the three reads (they were one each: CPU per message).
                    said_once, cooling, hour = pipe.mget(once, cooldown, hourly)
                    if throttle.once_per_conversation and said_once is not None:
                        return "once_per_conversation"
                    if throttle.cooldown_seconds and cooling is not None:
                        return "cooldown"
                    cap = throttle.max_replies_per_hour
                    used = int(hour or 0) if cap else 0
                    if cap and used >= cap:
                        return "hourly_cap"
                    pipe.multi()
                    if throttle.once_per_conversation:
                        pipe.set(once, 1, ex=CONVERSATION_TTL)
                    if throttle.cooldown_seconds:
                        pipe.set(cooldown, 1, ex=throttle.cooldown_seconds)
                    if cap:
                        pipe.incr(hourly)
                        if not used:  # the window opens with the first reply
                            pipe.expire(hourly, HOUR)
                    pipe.execute()
                    return None
                except redis.WatchError:
                    continue

    def release_reply(self, conversation: str, throttle: Throttle) -> None:
        """Give back a claim whose reply was never delivered, so a later message may use it."""
        hourly = self._key("hourly", conversation)
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(hourly)
                    # The hour may have ended (the key expired) since the claim: nothing to give back
                    # then, and a DECR would leave -1 with no TTL, an extra slot for ever.
                    used = int(pipe.get(hourly) or 0) if throttle.max_replies_per_hour else 0
                    pipe.multi()
                    pipe.delete(self._key("once", throttle.rule, conversation), self._key("cooldown", throttle.rule, conversation))
                    if used > 0:
                        pipe.decr(hourly)  # keeps the window's TTL
                    pipe.execute()
                    return
                except redis.WatchError:
                    continue


def _first(took: Any, first: bytes | None, message_id: str) -> bool:
    """Whether :meth:`State._see`'s replies say ``message_id`` opened the conversation."""
    return bool(took) or (first is not None and first.decode() == message_id)


def _digest(text: str) -> str:
    return hashlib.sha1(fold(text).encode()).hexdigest()[:16]
