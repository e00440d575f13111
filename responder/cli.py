"""The ``responder`` command: serve, worker, check, try, logs, subscribe, posts, retry-failed.

Every command reports a bad setting or a broken rule file in plain lines and exits
non-zero, instead of a traceback.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
import uuid
from datetime import datetime, timezone

from responder import keytools, seller_tools
from responder.config import ConfigError, Settings, listen_host, listen_port
from responder.crypto import Cipher
from responder.engine import Engine, Match, RenderError, Situation, alternatives, load_directory
from responder.engine.gate_fit import GateFitError
from responder.engine.render import TEHRAN
from responder.engine.reloader import RuleBook, RuleError
from responder.events import MESSAGE_TYPES, Message
from responder.text import asks

log = logging.getLogger("responder")

# gunicorn's default access line includes the query string, and /oauth/callback carries
# the seller's one-time OAuth code there: log the path only.
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'  # fmt: skip


class _Parser(argparse.ArgumentParser):
    """argparse, but a value our own reader refused is one line naming what is accepted, not the
    whole usage block above it (`responder try --at 2330` printed four lines of usage first)."""

    def error(self, message: str):  # type: ignore[override]
        refused = sys.exc_info()[1]
        if refused is not None and isinstance(refused.__context__, argparse.ArgumentTypeError):
            self.exit(2, f"{self.prog}: {message.removeprefix('argument ')}\n")
        super().error(message)


def _checked(read, flag: str):
    """An argparse type from a settings reader: the same check and words as its environment variable."""

    def check(value: str):
        try:
            return read(value, flag)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc).replace(f"{flag}=", "", 1)) from None

    return check


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="responder", description="Auto-responder for Divar chat.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the webhook (and, without REDIS_URL, an in-process worker)")
    serve.add_argument("--host", type=_checked(listen_host, "--host"), help="address to listen on (default: $RESPONDER_HOST, else 0.0.0.0 when $PORT is set, "
                                      "else 127.0.0.1: this machine only)")  # fmt: skip
    serve.add_argument("--port", type=_checked(listen_port, "--port"), help="default: $PORT or 8000")
    serve.set_defaults(run=_serve)

    worker = commands.add_parser("worker", help="run a Celery worker (needs REDIS_URL)")
    worker.add_argument("--concurrency", type=int, default=None, help="messages handled at once (default: $WORKER_CONCURRENCY)")
    worker.set_defaults(run=_worker)

    check = commands.add_parser("check", help="validate rule files; prints file:line: message per problem")
    check.add_argument("directory", nargs="?", help="default: $RULES_DIR or rules")
    check.set_defaults(run=_check)

    try_ = commands.add_parser("try", help="show which rule answers a message, and the reply (sends nothing)")
    try_.add_argument("text")
    try_.add_argument("--role", choices=("buyer", "seller"), default="buyer")
    try_.add_argument("--post", default="TRYPOST", help="post token (for per-post vars and conditions)")
    try_.add_argument("--type", default="TEXT", type=str.upper, choices=sorted(MESSAGE_TYPES), help="message type")
    try_.add_argument("--fact", action="append", default=[], type=_fact, metavar="NAME=VALUE",
                      help="a fact of the post, as Divar's finder gives it (post.NAME): --fact price=32000000 "
                           "--fact category=mobile-phones; repeat for more")  # fmt: skip
    try_.add_argument("--rules", help="rules directory (default: $RULES_DIR or rules)")
    try_.add_argument("--at", type=_clock, metavar="HH:MM",
                      help="Tehran time to try the message at, today (default: now): rules with hours: answer by it; "
                           "23:30, 2330 or ۲۳:۳۰")  # fmt: skip
    try_.set_defaults(run=_try)

    logs = commands.add_parser("logs", help="recent outcomes from the reply log (newest first)")
    logs.add_argument("-n", "--limit", type=int, default=30)
    logs.add_argument("--post", help="only this post token")
    logs.add_argument("--conversation", help="only this conversation (the key the log shows)")
    logs.add_argument("--outcome", help="only outcomes starting with this: failed, skipped:hourly_cap, no_match …")
    logs.add_argument("--rule", help="only replies of this rule")
    logs.add_argument("--since", help="30m, 2h, 1d, or a day: 2026-11-25 or 1405/09/04")
    logs.add_argument("--format", choices=("table", "json", "csv"), default="table")
    logs.set_defaults(run=_logs)

    stats = commands.add_parser("stats", help="today's summary: messages, reply rate, reasons, rules, latency")
    stats.set_defaults(run=_stats)

    subscribe = commands.add_parser("subscribe", help="register a post (or all the seller's posts) with Divar")
    subscribe.add_argument("post_token", nargs="?", help="the post (leave out with --all-posts)")
    subscribe.add_argument("--all-posts", action="store_true", help="every post of the seller, on the events API")
    subscribe.add_argument("--legacy", action="store_true", help="the deprecated per-post chat stream instead of the events API")
    subscribe.add_argument("--events", action="store_true", help=argparse.SUPPRESS)  # the default now; kept for old scripts
    subscribe.add_argument("--key", help="identification key to register (default: a new random one)")
    subscribe.add_argument("--endpoint", help="webhook URL Divar posts to (default: $PUBLIC_URL/webhook)")
    subscribe.set_defaults(run=_subscribe)

    posts = commands.add_parser("posts", help="connected posts: status, token expiry, last message")
    posts.set_defaults(run=_posts)

    purge = commands.add_parser("purge", help="clear chat text older than CHAT_RETENTION_DAYS now (also done hourly)")
    purge.add_argument("--older-than", type=_days, metavar="DAYS", help="instead of CHAT_RETENTION_DAYS (0 = all text)")
    purge.set_defaults(run=_purge)

    retry = commands.add_parser("retry-failed", help="send again the replies that ended failed:gave_up")
    retry.add_argument("--outcome", default="failed:gave_up", type=_failed_outcome,
                       help="which failures to resend (default: failed:gave_up)")  # fmt: skip
    retry.add_argument("--wait", type=float, default=60.0, help="with workers: seconds to wait for their outcomes")
    retry.set_defaults(run=_retry_failed)

    seller_tools.register(commands)  # eval, unanswered, replay
    keytools.register(commands)  # forget-key

    if not (sys.argv[1:] if argv is None else argv):  # a bare `responder`: the list of commands, not argparse's one-line error
        parser.print_help(sys.stderr)
        return 2
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except BrokenPipeError:  # `responder logs | head`: the reader left; no traceback for it (Python's own advice)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ConfigError as exc:
        print(f"responder: configuration error: {exc}", file=sys.stderr)
        return 2
    except GateFitError as exc:
        print(f"responder: {exc}", file=sys.stderr)
        return 2
    except RuleError as exc:
        print(f"responder: the rule files have {_problems(len(exc.problems))}:", file=sys.stderr)
        for problem in exc.problems:
            print(problem.indented(), file=sys.stderr)  # a consequence under its problem
        return 2
    except KeyboardInterrupt:  # Ctrl-C before gunicorn takes the signals (the first start's gate fit): one line, no traceback
        print("responder: stopped (Ctrl-C)", file=sys.stderr)
        return 130


def _counted(count: int, noun: str) -> str:
    """«1 problem», «2 problems»: a seller reads a count, not «problem(s)»."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _problems(count: int) -> str:
    return _counted(count, "problem")


def _rules_dir(explicit: str | None) -> str:
    return explicit or os.environ.get("RULES_DIR", "").strip() or "rules"


def _check(args: argparse.Namespace) -> int:
    directory = _rules_dir(args.directory)
    result = load_directory(directory)
    for problem in result.problems:
        print(problem)
    for warning in result.warnings:  # a reply that would read oddly: said, not refused
        print(f"warning: {warning}")
    if result.problems:
        print(f"{_problems(len(result.problems))} in {directory}", file=sys.stderr)
        return 1
    print(f"OK: {_counted(len(result.rules.rules), 'rule')} in {_counted(len(result.rules.files), 'file')} under {directory}")

    for warning in Engine(result.rules).example_conflicts(datetime.now(timezone.utc)):
        print(f"warning: {warning}")
    return 0


def _try(args: argparse.Namespace) -> int:
    from responder.worker import with_facts

    reloader_log = logging.getLogger("responder.engine.reloader")
    level = reloader_log.level
    reloader_log.setLevel(logging.ERROR)  # its warnings as log lines: printed below as check prints them instead
    try:
        book = RuleBook(_rules_dir(args.rules))
    finally:
        reloader_log.setLevel(level)
    for warning in book.warnings:
        print(f"warning: {warning}")
    now = _tehran_today_at(args.at) if args.at else datetime.now(timezone.utc)
    facts = dict(args.fact)  # in service, read from Divar's finder API; here, what --fact gives
    message = Message(
        id=uuid.uuid4().hex, post_token=args.post, text=args.text, type=args.type, role=args.role,
        sent_at=now, source="legacy", sender_id="buyer", receiver_id="seller",
        title=facts.get("title", ""), category=facts.get("category", ""),
    )  # fmt: skip
    engine = book.engine()
    lacking: list[str] = []  # as in service: a rule reading a fact the post lacks does not fire
    found = (with_facts(m, {"token", *facts}, lacking) for m in engine.matches(message, Situation(now, first_in_conversation=True)))
    matches = [match for match in found if match is not None]
    for line in lacking:
        print(f"skipped: {line} (give it as Divar's finder would: --fact NAME=VALUE)")
    if not matches:
        print("no rule matches: the message would be logged as no_match" if args.role == "buyer"
              else "no rule matches: the seller's message would be logged as skipped:own_message")  # fmt: skip
        return 0
    first = matches[0]
    why = _why(engine, message, now, first)
    try:
        reply = engine.render(first, message, now, facts)
    except RenderError as exc:
        print(f"rule:  {first.rule.name}  ({first.rule.file}:{first.rule.line})")
        print(f"its reply failed to render: {exc}")
        print("a buyer's message would be logged as failed:render; fix the reply and try again")
        for line in why:
            print(f"why:   {line}")
        return 1
    how = {"exact": "matched as written", "typo": "matched despite a typo", "fallback": "fallback: nothing else matched",
           "similar": f"no keyword; similar to its examples ({_alike(first.confidence, engine.ruleset.example_threshold)})",
           "intent": f"no keyword; {CHECKER} read the message as a «{first.rule.intent}» question "
                     f"({_sure(first.confidence, engine.route_bar)})"}  # fmt: skip
    print(f"rule:  {reply.rule}  ({first.rule.file}:{first.rule.line}; {how[first.tier]})")
    print(f"reply: {reply.text}")
    for button in reply.buttons:
        print(f"button: [{button.caption}] → {button.url}")
    for line in why:
        print(f"why:   {line}")
    if any(rule.hours or rule.days for rule in first.rules):  # a night or weekend answer surprises at 07:59
        hours = ", ".join(f"{w.start:%H:%M}-{w.end:%H:%M}" for rule in first.rules for w in rule.hours)
        print(f"time:  {now.astimezone(TEHRAN):%H:%M} in Tehran: this rule answers only"
              f"{f' at {hours}' if hours else ' on its days'} (Tehran time; --at HH:MM tries another time)")  # fmt: skip
    _print_route(engine, args.text, first)
    for score, rule, example in engine.nearest_examples(args.text):
        print(f"near:  {_percent(score)} alike  {rule}: {example}")
    others = alternatives(matches, reply)
    if others:  # a combined reply's own parts are not alternatives to it
        print("also matching, not in this reply (tried next if this reply is held back): "
              + ", ".join(others))  # fmt: skip
    return 0


def _keyword(match: Match, text: str) -> tuple[str, str] | None:
    """The rule keyword whose hit ended at ``match.position``, and the buyer's words it fell in."""
    import re

    from responder.engine.matcher import keyword_ending_at
    from responder.text import fold

    padded = f" {fold(text)} "
    found = keyword_ending_at(match.rule, padded, match.position)
    if found is None:
        return None
    keyword, start = found
    first, last = padded[:start].count(" ") - 1, padded[: start + len(keyword)].count(" ") - 1
    folded = padded.split()
    tokens = text.split()
    pieces = [fold(token).split() for token in tokens]  # each buyer's word, folded alone
    if [word for piece in pieces for word in piece] == folded:  # the buyer's words line up with the fold's
        owner = [i for i, piece in enumerate(pieces) for _ in piece]  # folded word -> buyer's word
        said = re.sub(r"^[^\w]+|[^\w]+$", "", " ".join(tokens[owner[first] : owner[last] + 1]))
    else:
        said = " ".join(folded[first : last + 1])
    return keyword, said or keyword


def _named_by(keyword: str, said: str) -> bool:
    from responder.text import fold

    return keyword in fold(said)  # a prefix keyword («قیمت» in «قیمتش») needs no mention


def _trigger(match: Match, text: str) -> str:
    """How a part was found, in plain words: «matched «چند»», «similar to its examples (0.71)»…"""
    found = _keyword(match, text)
    if found is not None:
        keyword, said = found
        return f"matched «{said}»" + ("" if _named_by(keyword, said) else f" (keyword «{keyword}»)")
    if match.tier == "similar":
        return f"no keyword, but similar to its examples ({_percent(match.confidence)} alike)"
    if match.tier == "typo":
        return "matched one of its words despite a typo"
    if match.offer is not None:
        return "read a price offer"
    return "matched its pattern" if match.rule.regex else "matched"


CHECKER = "the reply checker"  # the agreement gate (engine/gate.py), in a seller's words: README «The agreement gate»


def _percent(p: float, other: float | None = None) -> str:
    """``p`` as a whole percent («31 %»); one decimal more where the whole percent would hide
    which side of ``other`` (the bar) it is on («24.8 %» against «25 %»), or round a doubt to 100."""
    text = f"{p * 100:.0f}"
    if (other is not None and p != other and text == f"{other * 100:.0f}") or (text == "100" and p < 1):
        text = f"{p * 100:.1f}"
        if text == "100.0" and p < 1:
            text = "99.9"
    return f"{text} %"


def _sure(p: float, bar: float) -> str:
    """The checker's certainty against what it needs: «sure 31 %, needs 25 %» (the numbers of
    ``try``: the probability of the intent, and the threshold a part must reach)."""
    return f"sure {_percent(p, bar)}, needs {_percent(bar)}"


def _alike(score: float, bar: float) -> str:
    """An example match's similarity against the rule set's ``example_threshold``."""
    return f"{_percent(score, bar)} alike, needs {_percent(bar)}"


def _unchecked(engine: Engine, rule, checked: bool) -> str:
    """Why the checker did not read a part: in the seller's terms (its rule file, the message)."""
    from responder.engine import gate as gate_module

    if engine.gate is None or engine.ruleset.intent_gate == 0:
        return f"{CHECKER} is off (intent_gate: false, or no rule has intent:)"
    if rule.courtesy:
        return f"{CHECKER} does not read greetings and thanks"
    if not rule.intent_declared:
        return f"your own rule: it has no intent:, so {CHECKER} leaves it alone"
    if rule.intent not in engine.gate.intents:
        return f"{CHECKER} knows no «{rule.intent}» questions, so it leaves this rule alone"
    if not checked:
        return f"the message is too short for {CHECKER}: it reads messages of {gate_module.MIN_WORDS} words or more"
    return f"{CHECKER} leaves this rule alone"


def _behind(reading: str) -> str:
    """What a part below its bar is ahead of, per the reading that kept it (Engine.explained)."""
    from responder.engine import gate as gate_module

    if reading == "lead":
        return " and of «no question»"
    if reading == "unopposed":
        return f", a greeting or thanks aside, and «no question» under {_percent(gate_module.UNOPPOSED_NONE)}"
    if reading in ("ratio", "sibling"):
        beside = " and the questions answered beside it" if reading == "sibling" else ""
        return f", a greeting or thanks{beside} aside, and in a message that asks, «no question» under 1/{gate_module.ASKED_NONE_RATIO:g} of it"
    return (f", a greeting or thanks aside, none of them at {_percent(gate_module.ASKED_OTHER)}, and in a message "
            f"that asks, «no question» under {_percent(gate_module.ASKED_NONE or 0.0)}")  # fmt: skip


def _why(engine: Engine, message: Message, now: datetime, first: Match) -> list[str]:
    """One plain line per part the keyword rules found: which word fired, and what the reply
    checker (the agreement gate) made of it, sure N % against the N % it needs."""
    from responder.engine import gate as gate_module
    from responder.engine import persian_reading

    if first.tier in ("similar", "intent"):
        return []  # the rule line says it all
    keyword = next(engine.matcher.matches(message, Situation(now, first_in_conversation=True)), None)
    if keyword is None or keyword.tier == "fallback":
        if first.tier == "fallback" and engine.matcher.about_divar(message.text):
            return ["the message is about Divar itself (or is spam), not your ad: only a greeting or thanks is answered, the rest goes to the fallback"]
        return []
    checked = engine.gate is not None and gate_module.long_enough(message.text)
    whole = engine.gate.vector(message.text) if checked else {}  # type: ignore[union-attr]
    parts = keyword.parts or (keyword,)
    verdicts = engine.explained(keyword, message.text) if checked else [(p.rule.name, None, True, "") for p in parts]
    lines = []
    for part, (name, p, kept, reading) in zip(parts, verdicts):
        how = _trigger(part, message.text)
        rule = part.rule
        bar = engine.bar(rule)
        if p is None:
            kind = "a greeting or thanks, " if rule.courtesy else ""
            lines.append(f"{name}: {how} — {kind}answered as written ({_unchecked(engine, rule, checked)})")
        elif kept and p < bar and reading.startswith("persian-"):  # Engine._agreements: the Persian reading, below the bar
            lines.append(f"{name}: {how} — {CHECKER} read the message as Persian («{persian_reading(message.text)}»): its likeliest "
                         f"reading is {rule.intent} ({_sure(p, bar)}, but ahead of every other question{_behind(reading[8:])})")  # fmt: skip
        elif kept and p < bar:  # below the bar, but the intent leads the message's reading (IntentGate.leads, .unopposed)
            lines.append(f"{name}: {how} — {CHECKER}'s likeliest reading of the message is {rule.intent} "
                         f"({_sure(p, bar)}, but ahead of every other question{_behind(reading)})")  # fmt: skip
        elif not kept and p >= bar and engine.gate is not None and engine.gate.chatter(p, whole, not asks(message.text)):  # IntentGate.chatter
            none = engine.gate.probability(gate_module.NONE, whole)
            lines.append(f"{name}: {how} — {CHECKER} read the message as chatter rather than a question about "
                         f"{rule.intent} («no question» sure {_percent(none)} against {_percent(p)}), so this part is not answered")  # fmt: skip
        elif kept:
            on_whole = engine.gate.agreement(rule.intent, whole) if engine.gate is not None else p
            if on_whole == p:
                lines.append(f"{name}: {how} — {CHECKER} read the whole message as asking about {rule.intent} ({_sure(p, bar)})")
            elif reading == "clause-unopposed":  # a question of «X؟ Y؟» read alone, nothing else read in it
                [clause] = engine.matcher.clauses_at(message.text, [part.position])
                lines.append(f"{name}: {how} — {CHECKER} read the question «{clause}» on its own as asking about {rule.intent} "
                             f"({_sure(p, max(gate_module.CLAUSE_UNOPPOSED or 0.0, bar))}, nothing else read in it; "
                             f"the whole message: sure {_percent(on_whole, bar)})")  # fmt: skip
            else:  # P read on the keyword's question alone (Engine._agreements): that question, and the bar it met
                [clause] = engine.matcher.clauses_at(message.text, [part.position])
                [question] = [""] if clause else engine.matcher.question_at(message.text, [part.position])
                if question and engine.gate is not None and engine.gate.agreement(rule.intent, engine.gate.vector(question)) != p:
                    question = ""  # kept by another reading (the Persian one), not this question's
                persian = persian_reading(message.text)  # Engine._agreements: a Finglish message read as Persian
                if not clause and not question and persian:
                    lines.append(f"{name}: {how} — {CHECKER} read the message as Persian («{persian}») as asking about "
                                 f"{rule.intent} ({_sure(p, bar)}, ahead of every other reading; in Latin letters: sure {_percent(on_whole, bar)})")  # fmt: skip
                    continue
                asked = f"the question «{clause or question}» on its own" if clause or question else "its own question"
                clause_bar = max((gate_module.QUESTION_THRESHOLD if question else gate_module.CLAUSE_THRESHOLD) or 0.0, bar)
                lines.append(f"{name}: {how} — {CHECKER} read {asked} as asking about {rule.intent} "
                             f"({_sure(p, clause_bar)}; the whole message: sure {_percent(on_whole, bar)})")  # fmt: skip
        else:
            weak = ": a weak word needs more" if bar > engine.threshold else ""
            word = how.replace("matched «", "the word «", 1) + " matched" if how.startswith("matched «") else how
            lines.append(f"{name}: {word}, but {CHECKER} did not read the message as asking about {rule.intent} "
                         f"({_sure(p, bar)}{weak}), so this part is not answered")  # fmt: skip
    return lines


def _print_route(engine: Engine, text: str, first: Match) -> None:
    """The router's verdict when the keywords left the message to the fallback (or to a greeting alone)."""
    routed = first.tier == "intent" or any(p.tier == "intent" for p in first.parts)
    if not routed and first.tier != "fallback" and not all(r.courtesy for r in first.rules):
        return
    best = engine.route_verdict(text)
    if best is None:
        return
    intent, p, why = best
    verdict = "so its rule answers" if routed else f"{why or 'not sure enough'}, so its rule does not answer"
    print(f"route: {CHECKER}'s best guess is a «{intent}» question ({_sure(p, engine.route_bar)}): {verdict}")


def _reading_settings() -> Settings:
    """Settings for the commands that only read the log: they work from any folder.

    Outside the project folder the default ``rules`` and ``responder.db`` are not there;
    the installed project's own folder is used instead, and a missing log is an error,
    not a new empty database.
    """
    from pathlib import Path

    env = dict(os.environ)
    home = Path(__file__).resolve().parent.parent
    if not env.get("RULES_DIR", "").strip() and not Path("rules").is_dir() and (home / "rules").is_dir():
        env["RULES_DIR"] = str(home / "rules")
    if not env.get("DATABASE_URL", "").strip() and not Path("responder.db").exists():
        if not (home / "responder.db").exists():
            raise ConfigError(f"no reply log here or in {home} (responder.db): run where `responder serve` runs, or set DATABASE_URL")
        env["DATABASE_URL"] = f"sqlite:///{home / 'responder.db'}"
    return Settings.from_env(env)


def _logs(args: argparse.Namespace) -> int:
    from responder.console import report
    from responder.store import LogQuery, Store

    store = Store.from_settings(_reading_settings())
    try:
        query = LogQuery(
            post=args.post, conversation=args.conversation, rule=args.rule,
            outcome=report.check_outcome(args.outcome, store.outcomes_seen()) if args.outcome else None,
            since=report.parse_since(args.since) if args.since else None,
        )  # fmt: skip
    except report.ReportError as exc:
        print(f"responder: {exc}", file=sys.stderr)
        return 2
    rows = store.rows(query, max(args.limit, 0))
    if args.format == "json":
        print(report.as_json(rows))
    elif args.format == "csv":
        print(report.as_csv(rows))
    elif not rows:
        print("no messages match" if any((args.post, args.conversation, args.outcome, args.rule, args.since))
              else "the reply log is empty")  # fmt: skip
    else:
        print(report.table(rows))
    return 0


def _stats(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from responder.console import persian, report
    from responder.console.summary import summarize
    from responder.store import Store

    start = persian.today_start()
    figures = Store.from_settings(_reading_settings()).day_figures(start, start + timedelta(days=1))
    print(report.stats(summarize(figures), f"{persian.tehran(start + timedelta(hours=12)):%Y-%m-%d}"))
    return 0


def _subscribe(args: argparse.Namespace) -> int:
    from responder.onboarding import Onboarding, OnboardingError
    from responder.wiring import build_services

    from responder.divar.subscriptions import ALL_POSTS

    if args.all_posts == bool(args.post_token) or (args.all_posts and args.legacy):
        print("responder: give a post token, or --all-posts (events API only)", file=sys.stderr)
        return 2
    services = build_services(Settings.from_env())
    onboarding = Onboarding(services)
    if args.all_posts:
        # Each stored all-posts grant (refreshed if due); without any, DIVAR_ACCESS_TOKEN (connection "all:").
        keys = onboarding.all_posts_grants() or ([ALL_POSTS] if services.settings.divar_access_token else [])
        if not keys:
            print("responder: no all-posts grant yet: send the seller to PUBLIC_URL/oauth/start?posts=all "
                  "(or set DIVAR_ACCESS_TOKEN to a token with CHAT_SUPPLIER_ALL_CONVERSATIONS_READ)", file=sys.stderr)  # fmt: skip
            return 1
    else:
        keys = [args.post_token]
    for key in keys:
        try:
            done = onboarding.subscribe(key, not args.legacy, args.key, args.endpoint)
        except OnboardingError as exc:
            print(f"responder: {exc}", file=sys.stderr)
            return 1
        what = done.post_token
        if done.all_posts:
            what = "all the seller's posts " + ("(DIVAR_ACCESS_TOKEN)" if key == ALL_POSTS else f"(grant {key})")
        print(f"post:      {what}")
        print(f"via:       {'events API (NEW_MESSAGE_ON_POST)' if done.via == 'events' else 'legacy chat stream (deprecated)'}")
        print(f"endpoint:  {done.endpoint}")
        if done.identification_key:
            print(f"key:       {done.identification_key}   (shown once; stored only as a hash)")
            print("next:      ask for final activation with a ticket in the Kenar panel; messages arrive after that")
    return 0


def _posts(args: argparse.Namespace) -> int:
    from responder.console.report import clock
    from responder.store import QUOTA_HOLD, Store
    from responder.tokens import UNREADABLE_TOKEN, connection_states

    settings = Settings.from_env()
    store, static = Store.from_settings(settings), bool(settings.divar_access_token)
    cipher = Cipher(settings.token_encryption_key) if settings.token_encryption_key else None
    hold = store.send_hold(QUOTA_HOLD, datetime.now(timezone.utc))
    if hold is not None:
        print(f"HELD: Divar's daily quota is used up; sends wait until {clock(hold[0])} Tehran time ({hold[1][:100]})")
    posts = store.all_posts()
    if not posts:
        print("no posts yet: connect one with /oauth/start?post=TOKEN (or ?posts=all) or `responder subscribe TOKEN`")
        return 0
    states = connection_states(posts, static, cipher)
    print(f"{'post':20}  {'status':24}  {'via':9}  {'token expires (Tehran)':22}  {'last message (Tehran)'}")
    for post in posts:
        expires = clock(post.expires_at) if post.expires_at else "-"
        if not post.access_token:
            expires = "(the grant's)" if post.via == "all-posts" else "static token" if static else "-"
        last = clock(post.last_message_at) if post.last_message_at else "-"
        status = states[post.post_token]
        print(f"{post.post_token[:20]:20}  {status[:24]:24}  {(post.via or '-'):9}  {expires:22}  {last}")
    if UNREADABLE_TOKEN in states.values():
        print("a connection's stored token does not decrypt with this TOKEN_ENCRYPTION_KEY: start responder with the"
              " key it was stored with, or connect the post again (/oauth/start)")  # fmt: skip
    return 0


def _purge(args: argparse.Namespace) -> int:
    from responder.store import Store
    from responder.privacy import Retention

    settings = Settings.from_env()
    store = Store.from_settings(settings)
    days = settings.chat_retention_days if args.older_than is None else args.older_than
    cleared = Retention(store.purge, days).run_once()
    print(f"cleared the chat text of {cleared} log row(s) older than {days:g} day(s)")
    return 0


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        days = -1.0
    if not 0 <= days < 36500:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days (0 or more)")
    return days


def _retry_failed(args: argparse.Namespace) -> int:
    """Send failed messages again and say what became of each: exit 1 unless all were answered."""
    import time
    from collections import Counter

    from responder.wiring import build_queue, build_responder, build_services
    from responder.worker import Delivery, RetryLater

    services = build_services(Settings.from_env())
    rows = services.store.retryable_failures(args.outcome)
    if not rows:
        print(f"no messages with outcome {args.outcome} to send again")
        return 0
    deliveries = [Delivery.resend_of(row) for row in rows]
    results: dict[str, str] = {}
    if services.settings.embedded:
        responder = build_responder(services)  # no Redis: send them from this process, one by one
        for delivery in deliveries:
            try:
                results[delivery.message.id] = responder.handle(delivery) or "logged by another process"
            except RetryLater:
                results[delivery.message.id] = f"{args.outcome} again (Divar still failing; try later)"
            print(f"{delivery.message.id}: {results[delivery.message.id]}")
    else:
        before = services.store.last_row_id()  # a resend replaces the row: a newer row is its outcome
        queue = build_queue(services)
        for delivery in deliveries:
            queue.enqueue_message(delivery)
        print(f"queued {len(deliveries)} message(s); waiting up to {args.wait:g} s for the workers' outcomes")
        deadline = time.monotonic() + args.wait
        while len(results) < len(deliveries) and time.monotonic() < deadline:
            time.sleep(0.5)
            results.update(services.store.outcomes_after([d.message.id for d in deliveries], before))
        for message_id, outcome in sorted(results.items()):
            print(f"{message_id}: {outcome}")
    tally = Counter(results.values())
    waiting = len(deliveries) - len(results)
    summary = ", ".join(f"{count} {outcome}" for outcome, count in tally.most_common())
    print(f"{len(deliveries)} message(s) tried again: {summary or 'none finished'}"
          + (f"; {waiting} still being tried by the workers (see `responder logs --outcome {args.outcome}`)" if waiting else ""))  # fmt: skip
    return 0 if set(tally) <= {"replied", "dry_run"} and not waiting else 1


def _clock(value: str) -> tuple[int, int]:
    """A time of day as a seller types it: 23:30, 2330, 9:05, 905, 23, in Persian digits too (۲۳:۳۰)."""
    import re

    from responder.text import canonical

    text = canonical(value).strip().replace("：", ":").replace("٫", ":").replace(".", ":")  # ۲۳:۳۰ → 23:30
    found = re.fullmatch(r"(\d{1,2}):(\d{2})|(\d{1,2})(\d{2})|(\d{1,2})", text, re.ASCII)
    hour, minute = (-1, -1)
    if found is not None:
        hour_text, minute_text = (found[1], found[2]) if found[1] else (found[3], found[4]) if found[3] else (found[5], "0")
        hour, minute = int(hour_text), int(minute_text)
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise argparse.ArgumentTypeError(f"{value!r} is not a time of day; give HH:MM, Tehran time (00:00 to 23:59), "
                                         f"such as 23:30, 2330 or ۲۳:۳۰")  # fmt: skip
    return hour, minute


def _tehran_today_at(clock: tuple[int, int]) -> datetime:
    """Today (in Tehran) at ``clock``, Tehran time, as UTC: what `responder try --at` tries the message at."""
    local = datetime.now(TEHRAN).replace(hour=clock[0], minute=clock[1], second=0, microsecond=0)
    return local.astimezone(timezone.utc)


def _fact(value: str) -> tuple[str, str]:
    name, equals, fact = value.partition("=")
    if not equals or not name.strip().isidentifier():
        raise argparse.ArgumentTypeError(f"{value!r}: give NAME=VALUE, such as price=32000000")
    return name.strip(), fact.strip()


def _failed_outcome(value: str) -> str:
    """Only failures are resent: `--outcome replied` or a typo used to report '0 message(s)'."""
    if not value.startswith("failed:") or value == "failed:":
        raise argparse.ArgumentTypeError(f"{value!r} is not a failure; give one such as failed:gave_up or failed:interrupted")
    return value


def _serve(args: argparse.Namespace) -> int:
    from gunicorn.app.base import BaseApplication

    from responder.webhook import create_app

    settings = Settings.from_env()
    port = args.port or settings.port
    host = args.host or settings.host
    taken = _port_taken(host, port)
    if taken:
        free = _free_port_after(host, port)
        print(f"responder: cannot listen on {host}:{port}: {taken}. Stop what uses it, or choose another port"
              + (f": responder serve --port {free}" if free else " with --port"), file=sys.stderr)  # fmt: skip
        return 1
    from responder.store import Store

    log.info("reading the rules in %s (the first start also fits the agreement gate: 20 s to a minute, up to two on a busy machine)",
             settings.rules_dir)  # a seller watching a silent terminal for 20 s thinks it hangs  # fmt: skip
    from responder.wiring import say_rule_warnings_once

    say_rule_warnings_once(settings)
    # Broken and never good: fail now, in plain lines. Kept for the process's life: gunicorn's forked
    # workers (and the embedded queue) then answer from this check, and do not log its warnings again.
    startup = RuleBook(settings.rules_dir, keeper=Store.from_settings(settings))
    if settings.identification_key_generated:
        log.warning("DIVAR_IDENTIFICATION_KEY is not set; this run accepts Authorization: %s", settings.identification_key)
    log.warning("mode: %s, %s", "embedded (in-process queue, no Redis)" if settings.embedded else "web only (Celery on Redis)",
                "DRY RUN (no DIVAR_API_KEY: replies are logged, not sent)" if settings.dry_run else "sending to Divar")  # fmt: skip
    if not settings.embedded:
        from responder.wiring import check_redis

        check_redis(settings.redis_url)
    if _loopback(host) and not settings.dry_run:
        log.warning("listening on %s only: Divar reaches /webhook only through a proxy on this machine "
                    "(--host 0.0.0.0 or RESPONDER_HOST=0.0.0.0 listens on every address)", host)  # fmt: skip

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
            # The embedded queue lives in the web process: one process, several threads.
            self.cfg.set("workers", 1 if settings.embedded else int(os.environ.get("WEB_CONCURRENCY", "2")))
            self.cfg.set("threads", 4)
            # Requests are read whole in the poller before a thread gets them: slow clients hold none.
            self.cfg.set("worker_class", "responder.webserver.BufferingWorker")
            self.cfg.set("keepalive", 5)
            self.cfg.set("accesslog", "-")
            self.cfg.set("access_log_format", ACCESS_LOG_FORMAT)
            # No gunicornc control socket: unused here, and two servers on one machine would share ~/.gunicorn/gunicorn.ctl.
            self.cfg.set("control_socket_disable", True)

        def load(self):  # called in the worker process, after fork
            return create_app(settings)

    Server().run()
    del startup
    return 0


def _free_port_after(host: str, port: int, tries: int = 20) -> int | None:
    """The first port after ``port`` that is free now: a suggestion a new user can paste (a fixed 8001 was
    often taken too)."""
    return next((p for p in range(port + 1, min(port + tries, 65535) + 1) if not _port_taken(host, p)), None)


def _port_taken(host: str, port: int) -> str:
    """Why ``host:port`` cannot be listened on (another program has it), or "" if it can: said in one line
    before the rules are read, instead of gunicorn's ten retries and "Can't connect"."""
    import socket

    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        return f"the address does not resolve ({exc.strerror or exc})"
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds: a socket in TIME_WAIT is no owner
        try:
            probe.bind(address)
        except OSError as exc:
            return "another program is already listening there" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
    return ""


def _loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (127.0.0.1, ::1, localhost)."""
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _worker(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if settings.embedded:
        raise ConfigError("REDIS_URL is not set: `responder worker` consumes from Redis (`responder serve` alone needs none)")
    from responder.wiring import check_redis

    check_redis(settings.redis_url)
    from responder.store import Store

    from responder.wiring import say_rule_warnings_once

    say_rule_warnings_once(settings)
    # Broken and never good: fail now. Kept while the worker runs: its tasks' book answers from this
    # check, and does not log its warnings a second time.
    startup = RuleBook(settings.rules_dir, keeper=Store.from_settings(settings))
    from responder.tasks import app
    from responder.wiring import configure_worker

    app.worker_main(configure_worker(app, settings, args.concurrency))
    del startup
    return 0


if __name__ == "__main__":
    sys.exit(main())
