"""The reply log in a terminal: ``responder logs`` and ``responder stats``.

Same filters and the same "today" numbers as the web console, written for an operator:
one entry in two lines that fit 100 columns (outcome codes are never cut short), or JSON
or CSV for other tools.  Times are Tehran time, like the rules' ``hours``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict
from datetime import datetime, timedelta, timezone

from responder.console import persian
from responder.console.summary import Summary
from responder.store import LogRow

WIDTH = 100
_AGO = re.compile(r"^(\d+)\s*([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ReportError(ValueError):
    """A bad option value; the message is one line for the operator."""


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``30m``, ``2h``, ``1d`` ago, or a day (``2026-11-25`` or Jalali ``1405/09/04``) from Tehran midnight."""
    now = now or datetime.now(timezone.utc)
    ago = _AGO.match(text.strip().lower())
    if ago:
        return now - timedelta(seconds=int(ago.group(1)) * _UNITS[ago.group(2)])
    try:
        return persian.day_start(persian.parse_day(text))
    except ValueError:
        raise ReportError(f"--since {text!r}: use 30m, 2h, 1d, a date like 2026-11-25 or a Jalali date like 1405/09/04") from None


def check_outcome(prefix: str, seen: set[str]) -> str:
    """The outcome filter as given, if it starts at least one known or logged outcome."""
    known = set(persian.OUTCOMES) | seen | {"failed:http_"}
    if any(code.startswith(prefix) for code in known) or re.fullmatch(r"failed:http_\d{3}", prefix):
        return prefix
    near = sorted(code for code in known if prefix in code)
    hint = f"did you mean {' or '.join(near)}? " if near else ""
    listing = ", ".join(sorted(set(persian.OUTCOMES) | seen))
    raise ReportError(f"--outcome {prefix!r} matches no outcome; {hint}known outcomes (a prefix is enough): {listing}")


def _cut(text: str | None, width: int) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _middle(text: str, width: int) -> str:
    """Long ids keep both ends: the post at the start, the buyer at the end."""
    return text if len(text) <= width else text[: width // 2 - 1] + "…" + text[-(width - width // 2) :]


def clock(moment: datetime) -> str:
    """A moment as the CLI prints it, in Tehran time (as the console shows it)."""
    return f"{persian.tehran(moment):%Y-%m-%d %H:%M}"


def table(rows: list[LogRow]) -> str:
    lines = [f"{'time (Tehran)':16}  {'post':10}  {'conversation':24}  {'outcome':29}  rule",
             "    message → reply", "-" * WIDTH]  # fmt: skip
    for row in rows:
        rule = _cut(row.rule or "-", WIDTH - 16 - 10 - 24 - 29 - 8)
        lines.append(f"{clock(row.received_at)}  {_middle(row.post_token, 10):10}  {_middle(row.conversation, 24):24}  "
                     f"{row.outcome:29}  {rule}".rstrip())  # fmt: skip
        who = "" if row.sender_role == "buyer" else f"({row.sender_role}) "
        body = row.text if row.message_type == "TEXT" else f"[{row.message_type}] {row.text}".strip()
        said = f"{who}{body}" + (f" → {row.reply}" if row.reply else "")
        if row.detail and row.outcome.startswith("failed:"):
            said += f"  ({row.detail})"
        lines.append("    " + _cut(said, WIDTH - 4))
    return "\n".join(lines)


def _record(row: LogRow) -> dict[str, object]:
    record = asdict(row)
    record.pop("message")  # the stored copy for resending: internal
    record["received_at"] = row.received_at.isoformat()
    return record


def as_json(rows: list[LogRow]) -> str:
    return json.dumps([_record(row) for row in rows], ensure_ascii=False, indent=1)


def as_csv(rows: list[LogRow]) -> str:
    out = io.StringIO()
    fields = [name for name in LogRow.__dataclass_fields__ if name != "message"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(_record(row))
    return out.getvalue().rstrip("\n")


def stats(summary: Summary, day: str) -> str:
    def ms(value: int | None) -> str:
        return "-" if value is None else f"{value / 1000:.1f} s"

    rate = f"{summary.reply_rate:.0%}" if summary.reply_rate is not None else "-"
    lines = [
        f"today ({day}, Tehran time): {summary.messages} buyer message(s)",
        f"  replied     {summary.replies}  ({rate} reply rate)",
        *([f"  dry run (not sent)  {summary.dry_runs}"] if summary.dry_runs else []),
        f"  no_match    {summary.no_match}",
        f"  held back   {sum(summary.held.values())}",
        f"  failed      {sum(summary.failures.values())}",
        f"  latency     median {ms(summary.latency_p50)}, 95th percentile {ms(summary.latency_p95)}",
    ]
    reasons = (summary.failures + summary.held).most_common()
    if reasons:
        lines.append("by reason:")
        lines += [f"  {count:6}  {code}" for code, count in reasons]
    if summary.rules:
        lines.append("replies by rule:" if not summary.dry_runs else "replies by rule (sent or dry run):")
        lines += [f"  {count:6}  {rule}" for rule, count in summary.rules.most_common()]
    return "\n".join(lines)
