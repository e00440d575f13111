"""How often a cut-off send is answered twice when Divar loses echoes: the rule, many times.

A kill run (``bench/load.py --api events --echo-loss 0.1``) cuts off 1–25 sends, so doubles
are too rare there to give a rate.  This drives the same decision code many times instead:
:class:`responder.state.State` (on fakeredis) records our other replies on one subscription
and the echoes the webhook heard, and :func:`responder.echo.judge` decides each cut-off send,
with the Evidence it gathers (``Evidence.flowing``: an echo heard after the send began and
none lost around it) and with the rule before this session (resend if any echo of a later
reply was heard: ``after > 0``), on the same trials::

    python bench/echo_loss.py --loss 0.1 --rate 5 --trials 400

Each trial: replies of ours accepted on the post at ``--rate`` a second (Poisson) from 21 s
before the cut-off send to 21 s after, each echoed 50 ms later unless lost (``--loss``, at
random); the cut-off send reached Divar with probability ``--reached`` (then its echo is lost
like any other), and it is judged ``--judged-after`` seconds after it began.  No I/O but
in-memory Redis; not timed.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import fakeredis  # noqa: E402

from responder.echo import ECHO_WAIT, Evidence, Verdict, judge  # noqa: E402
from responder.state import State  # noqa: E402

POST = "gZd7omnS"
REPLY = "قیمت ۱۲,۵۰۰,۰۰۰ تومان"
T0 = 1_800_000_000.0


def trial(rng: random.Random, rate: float, loss: float, reached_p: float, judged_after: float) -> tuple[bool, str, str]:
    """One cut-off send: (whether it reached Divar, the verdict now, the verdict before)."""
    state = State(fakeredis.FakeRedis())
    span = ECHO_WAIT + 1  # beyond it no reply is looked at
    at = T0 - span
    n = 0
    while rate > 0:
        at += rng.expovariate(rate)
        if at > T0 + span:
            break
        n += 1
        conversation = f"other-{n}"
        state.remember_accepted(conversation, REPLY, POST, at)
        if rng.random() >= loss and at + 0.05 <= T0 + judged_after:
            state.remember_heard(conversation, REPLY, at + 0.05)
    reached = rng.random() < reached_p
    heard = T0 + 0.25 if reached and rng.random() >= loss else None
    now = T0 + judged_after
    evidence = state.echo_evidence(POST, T0, ECHO_WAIT, now)
    new = judge(T0, heard, evidence, now).verdict
    old = judge(T0, heard, Evidence(after=evidence.after), now).verdict  # missing echoes ignored
    return reached, new.value, old.value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loss", type=float, default=0.1, help="share of echoes Divar never posts (default 0.1)")
    parser.add_argument("--rate", type=float, default=5, help="our replies a second on the post (default 5)")
    parser.add_argument("--reached", type=float, default=0.9, help="chance a cut-off send reached Divar (default 0.9)")
    parser.add_argument("--judged-after", type=float, default=30, help="seconds after the send began (default 30)")
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts = {"now": Counter[str](), "before": Counter[str]()}
    for _ in range(args.trials):
        reached, new, old = trial(rng, args.rate, args.loss, args.reached, args.judged_after)
        for rule, verdict in (("now", new), ("before", old)):
            counts[rule][verdict] += 1
            if verdict == Verdict.RESEND.value and reached:
                counts[rule]["doubled"] += 1
            if verdict == Verdict.INTERRUPTED.value and not reached:
                counts[rule]["interrupted, never delivered"] += 1
    print(f"{args.trials} cut-off sends; echo loss {args.loss:.0%}, {args.rate:g} replies/s on the post, "
          f"{args.reached:.0%} reached Divar, judged {args.judged_after:g} s after the send began")
    for rule, c in counts.items():
        print(f"  rule {rule:6}: confirmed {c['confirmed']}, sent again {c['resend']} "
              f"(doubled {c['doubled']} = {c['doubled'] / args.trials:.2%} of cut-off sends), "
              f"failed:interrupted {c['interrupted']} ({c['interrupted, never delivered']} never delivered)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
