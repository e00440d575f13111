"""Commands that help a seller see what the rules understand: eval, unanswered, replay.

Kept out of :mod:`responder.cli` (which only registers them) so that module stays the
list of service commands.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT_PACKS = "packs"
SCAN = 50_000  # log rows read at most, newest first
SCAN_UNANSWERED = 5_000  # unanswered messages grouped at most, newest first (a few seconds)
_SINCE = re.compile(r"^\s*(\d+)\s*([mhd])\s*$")


def register(commands: argparse._SubParsersAction) -> None:
    ev = commands.add_parser("eval", help="score rules on a labeled corpus (text<TAB>labels); non-zero under thresholds")
    ev.add_argument("files", nargs="+", help="corpus .tsv files; FILE's category pack is packs/<name>/ if it exists")
    ev.add_argument("--rules", action="append", help="rules directory (repeatable; default: $RULES_DIR or rules, plus the pack)")
    ev.add_argument("--packs", default=ROOT_PACKS, help="where category packs live (default: packs)")
    ev.add_argument("--min-precision", type=float, default=0.0, help="fail below this precision (0-1), per file")
    ev.add_argument("--min-recall", type=float, default=0.0, help="fail below this recall (0-1), per file")
    ev.add_argument("--max-wrong", type=float, default=1.0, help="fail above this share of wrong answers (0-1), per file")
    ev.add_argument("--min-right", type=float, default=0.0, help="fail below this share of right answers (0-1), per file")
    ev.add_argument("--quiet", action="store_true", help="only the summary line of each file")
    ev.add_argument("--no-gate", action="store_true", help="keyword rules alone: the agreement gate off (to compare)")
    ev.set_defaults(run=run_eval)

    un = commands.add_parser("unanswered", help="buyer messages only the fallback (or nothing) answered, grouped, most frequent first")
    un.add_argument("--since", default="30d", help="how far back: 30m, 12h, 7d (default: 30d)")
    un.add_argument("-n", "--limit", type=int, default=20, help="groups to show (default: 20)")
    un.add_argument("--rules", help="rules directory, to know which rules are fallbacks (default: $RULES_DIR or rules)")
    un.set_defaults(run=run_unanswered)

    rp = commands.add_parser("replay", help="re-run logged buyer messages against the current rules; list what would change")
    rp.add_argument("--since", default="7d", help="how far back: 30m, 12h, 7d (default: 7d)")
    rp.add_argument("--rules", help="rules directory to try (default: $RULES_DIR or rules)")
    rp.set_defaults(run=run_replay)


def _default_rules() -> str:
    return os.environ.get("RULES_DIR", "").strip() or "rules"


def run_eval(args: argparse.Namespace) -> int:
    from responder.engine import Engine
    from responder.evaluate import CorpusError, evaluate, failures, format_report, load_rules, read_corpus

    engines: dict[tuple[str, ...], Engine] = {}
    missed: list[str] = []
    for name in args.files:
        path = Path(name)
        dirs = [Path(d) for d in (args.rules or [_default_rules()])]
        pack = Path(args.packs) / path.stem
        if not args.rules and pack.is_dir():
            dirs.append(pack)
        key = tuple(map(str, dirs))
        if key not in engines:
            loaded = load_rules(dirs)
            if not loaded.ok:
                for problem in loaded.problems:
                    print(problem, file=sys.stderr)
                print(f"responder: the rules in {', '.join(key)} have problems; nothing evaluated", file=sys.stderr)
                return 2
            engines[key] = Engine(loaded.rules, gate=not args.no_gate)
        try:
            cases = read_corpus(path)
        except CorpusError as exc:
            print(f"responder: {exc}", file=sys.stderr)
            return 2
        gate = "off" if engines[key].gate is None else f"on at {engines[key].threshold:.2f}"
        report = evaluate(engines[key], cases, f"{path.name} (rules: {', '.join(key)}; gate {gate})")
        lines = format_report(report)
        print("\n".join(lines[:1] if args.quiet else lines))
        missed += failures(report, args.min_precision, args.min_recall, args.max_wrong, args.min_right)
    for line in missed:
        print(f"BELOW THRESHOLD: {line}", file=sys.stderr)
    return 1 if missed else 0


def _since(text: str) -> datetime:
    found = _SINCE.match(text)
    if not found:
        raise SystemExit(f"responder: --since {text!r} is not like 30m, 12h or 7d")
    minutes = int(found.group(1)) * {"m": 1, "h": 60, "d": 1440}[found.group(2)]
    return datetime.now(timezone.utc) - timedelta(minutes=minutes)


def _store():
    from responder.config import Settings
    from responder.store import Store

    return Store.from_settings(Settings.from_env())


def _log_rows(since: datetime) -> list:
    rows = _store().recent(SCAN)
    return [row for row in reversed(rows) if row.received_at >= since]  # oldest first


def _engine(directory: str | None):
    from responder.engine import Engine, load_directory
    from responder.engine.reloader import RuleError

    loaded = load_directory(directory or _default_rules())
    if not loaded.ok:
        raise RuleError(loaded.problems)
    return Engine(loaded.rules)


def run_unanswered(args: argparse.Namespace) -> int:
    from responder.console.report import clock
    from responder.insights import fallback_rules, unanswered_questions

    since = _since(args.since)
    rows = _store().unanswered_rows(since, fallback_rules(_engine(args.rules)), SCAN_UNANSWERED)
    groups, asked = unanswered_questions(rows)
    if not asked:
        print(f"no unanswered buyer messages since {clock(since)} (Tehran)")
        return 0
    if len(rows) == SCAN_UNANSWERED:
        print(f"(only the newest {SCAN_UNANSWERED} are grouped; use a shorter --since for older ones)")
    print(f"{asked} buyer message(s) since {clock(since)} (Tehran) got only the fallback or nothing; "
          f"{len(groups)} question(s), most frequent first:")  # fmt: skip
    for group in groups[: args.limit]:
        [(face, _n), *others] = group.texts.most_common(4)
        also = "; ".join(text for text, _ in others)
        print(f"{group.count:5}  {face}" + (f"   (also: {also})" if also else ""))
    return 0


def run_replay(args: argparse.Namespace) -> int:
    from responder.console.report import clock
    from responder.insights import replay

    since = _since(args.since)
    changes, replayed = replay(_engine(args.rules), _log_rows(since))
    for change in changes:
        row = change.row
        print(f"{clock(row.received_at)}  {row.post_token}  «{' '.join(row.text.split())}»")
        print(f"    before: {row.rule or '(no rule)'}" + (f" → {' / '.join(row.reply.splitlines())}" if row.reply else ""))
        print(f"    after:  {change.rule or '(no rule)'}" + (f" → {' / '.join(change.reply.splitlines())}" if change.reply else ""))
    print(f"{len(changes)} of {replayed} buyer message(s) since {clock(since)} (Tehran) would get a different answer "
          f"(throttles and post category/title conditions are not replayed)")  # fmt: skip
    return 0
