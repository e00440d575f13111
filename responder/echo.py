"""What became of a send a dead worker cut off mid-request: Divar's echo decides.

Divar's send API has no idempotency key, and reading a conversation back needs a scope we
do not hold, so a send cut off mid-request (the worker was killed) may or may not have
reached the buyer.  What we can see is the webhook: Divar's events carry the messages of a
post's chats, bot messages included.  What kenar-docs shows (at e869afac) is only this:

* ``docs/events/chat.md``: a chat message's ``sender`` is ``{"side": "SELLER"|"BUYER",
  "type": "HUMAN"|"BOT"}`` (also the OpenAPI enums ``chatapiMessageSenderSide`` and
  ``chatapiMessageSenderType`` in ``static/openapi-v3.json``), and its TEXT example has
  ``"sender": {"side": "SELLER", "type": "BOT"}``;
* ``docs/events/ReadMe.md``: the example ``NEW_MESSAGE`` event Divar posts to the app's
  events URL is that same SELLER/BOT message ("Hello!");
* ``docs/chat/users_conversations.md``: a message an app sends goes into the chat as sent
  by the user who gave the app access (the seller), shown with the app's name.

No page says in words that the app's *own* sends come back to it, how soon, or that a
delivery is retried (none documents retries).  So an echo is treated as evidence when it
is heard, never its absence as proof by itself.  This module is the decision alone (no
I/O); :class:`responder.worker.Responder` gathers the facts from :class:`responder.state.State`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

# How long after a cut-off send started we wait for its echo before judging that none
# came.  Divar can still be handling the request for up to DIVAR_TIMEOUT (10 s by default:
# a slower answer is logged failed:timeout_unconfirmed anyway), and its echo is one
# webhook post after that: heard within milliseconds on a healthy path (the webhook
# records it before queueing, so a backlog does not delay it).  20 s covers both with
# room; a redelivery after the 30 s visibility timeout usually finds it over already.
ECHO_WAIT = 20.0
# A reply Divar accepted this recently may still have its echo on the way: not yet counted
# as one whose echo was lost.
ECHO_GRACE = 5.0
# How many of our replies on each side of a cut-off send, the nearest in time, are checked
# for their echoes.  Lost echoes come in bursts (a webhook restart, a network blip): the
# nearest tell the most.  More would refuse resends for rare losses far from the send
# (with 1 % of echoes lost at random, 200 refuse 87 % of them, 20 refuse 18 %: bench/echo_loss.py).
EVIDENCE_SAMPLE = 10


class Verdict(enum.Enum):
    CONFIRMED = "confirmed"  # Divar echoed the reply: it was delivered; log replied, never send again
    WAIT = "wait"  # too early to tell: run the message again when the wait is over
    RESEND = "resend"  # no echo, though Divar echoed every reply of ours around it on this subscription
    INTERRUPTED = "interrupted"  # no echo and no evidence echoes would have come: failed:interrupted


@dataclass(frozen=True)
class Evidence:
    """What the webhook heard of our other replies on the cut-off send's subscription (post,
    or all-posts grant) that Divar accepted within ``wait`` before or after the send began.

    ``after``: those accepted after it began whose echo was heard after it began: echoes were
    reaching us then (the webhook did not die with the worker).  ``missing``: those, on either
    side, old enough (:data:`ECHO_GRACE`) whose echo never came.  An echo of a send that reached
    Divar can be lost too; where any was lost around it, no echo of this send says nothing.
    """

    after: int = 0
    missing: int = 0

    @property
    def flowing(self) -> bool:
        return self.after > 0 and self.missing == 0


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    wait: float = 0.0  # seconds still to wait (WAIT only)
    detail: str = ""


def judge(
    started_at: float | None, heard_at: float | None, evidence: Evidence, now: float, *, wait: float = ECHO_WAIT,
    echoes: bool = True,
) -> Judgement:  # fmt: skip
    """Decide about a send record still "under way" when its message runs again.

    ``started_at``: when the cut-off send began (None: a record from an older version, or
    one no key reads).  ``heard_at``: when the webhook last heard a seller-side message
    with the reply's text in its conversation (None: never, within the memory's TTL).
    ``evidence``: what became of the echoes of our other replies around it (:class:`Evidence`):
    a resend needs at least one heard after the send began and none lost on either side.
    ``echoes`` False: echoes cannot be told from silence here (the embedded mode: the
    webhook died with the send, and an echo posted to it then is lost): as before, a
    cut-off send is failed:interrupted unless its echo was heard.

    Doubling is worse than one unanswered message: without an echo, a resend needs the
    evidence that an echo would have come, and comes only after the wait.
    """
    if started_at is not None and heard_at is not None and heard_at >= started_at:
        return Judgement(Verdict.CONFIRMED, detail="Divar echoed the reply back to the webhook: it was delivered")
    if started_at is None or not echoes:
        return Judgement(Verdict.INTERRUPTED, detail="the worker stopped while sending; not sent again in case Divar delivered it")
    left = started_at + wait - now
    if left > 0:
        return Judgement(Verdict.WAIT, wait=left)
    if evidence.flowing:
        return Judgement(Verdict.RESEND, detail=(
            f"sent again: the first send was cut off, and no echo of it came in {wait:.0f} s while Divar "
            "echoed every reply of ours around it"))  # fmt: skip
    if evidence.missing:
        return Judgement(Verdict.INTERRUPTED, detail=(
            f"the worker stopped while sending and no echo came in {wait:.0f} s, but Divar's echoes of "
            f"{evidence.missing} other repl{'y' if evidence.missing == 1 else 'ies'} of ours on this post around it never "
            "came either: its echo may be lost too; not sent again in case Divar delivered it"))  # fmt: skip
    return Judgement(Verdict.INTERRUPTED, detail=(
        f"the worker stopped while sending and no echo came in {wait:.0f} s, but none of our later replies "
        "on this post was echoed either: not sent again in case Divar delivered it"))  # fmt: skip
