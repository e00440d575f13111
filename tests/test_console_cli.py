"""``responder logs``, ``responder stats`` and ``retry-failed``'s report, as an operator runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet

from responder.cli import main
from responder.console import report
from responder.store import Store
from tests.conftest import ROOT
from tests.console_data import fill, row


@pytest.fixture
def log(monkeypatch, tmp_path) -> Store:
    for name in ("DIVAR_API_KEY", "DIVAR_ACCESS_TOKEN", "DIVAR_IDENTIFICATION_KEY", "REDIS_URL", "TOKEN_ENCRYPTION_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RULES_DIR", str(ROOT / "rules"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/log.db")
    store = Store(f"sqlite:///{tmp_path}/log.db")
    fill(store, 60, conversations=12)
    return store


def test_logs_table_fits_100_columns_and_never_cuts_an_outcome(log, capsys):
    log.record(row("long", "skipped:once_per_conversation", conversation="a-very-long-conversation-id-0123456789-buyer-77",
                   text="متن خیلی بلند " * 30, rule="a-rule-with-a-very-long-name"))  # fmt: skip
    assert main(["logs", "-n", "61"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 100
    entry = next(i for i, line in enumerate(lines) if "skipped:once_per_conversation" in line)
    assert "a-very-long" in lines[entry] and "buyer-77" in lines[entry]  # both ends of the conversation
    assert lines[entry + 1].startswith("    متن خیلی بلند") and lines[entry + 1].endswith("…")


def test_logs_filters_by_conversation_outcome_prefix_rule_and_since(log, capsys):
    log.record(row("old", "failed:gave_up", received_at=datetime.now(timezone.utc) - timedelta(days=3)))
    main(["logs", "--format", "json", "-n", "100", "--outcome", "failed"])
    failed = json.loads(capsys.readouterr().out)
    assert failed and {r["outcome"] for r in failed} == {"failed:gave_up"} and "message" not in failed[0]
    main(["logs", "--format", "json", "-n", "100", "--outcome", "failed", "--since", "1d"])
    assert len(json.loads(capsys.readouterr().out)) == len(failed) - 1
    main(["logs", "--format", "json", "--conversation", "gZd7omnS:buyer-0", "--rule", "price"])
    picked = json.loads(capsys.readouterr().out)
    assert picked and all(r["conversation"] == "gZd7omnS:buyer-0" and r["rule"] == "price" for r in picked)
    main(["logs", "--format", "json", "--outcome", "skipped:hourly"])
    assert {r["outcome"] for r in json.loads(capsys.readouterr().out)} == {"skipped:hourly_cap"}


def test_an_unknown_outcome_or_since_is_a_clear_error(log, capsys):
    assert main(["logs", "--outcome", "gave_up"]) == 2
    err = capsys.readouterr().err
    assert "--outcome 'gave_up' matches no outcome; did you mean failed:gave_up?" in err
    assert main(["logs", "--since", "yesterday"]) == 2
    assert "--since 'yesterday'" in capsys.readouterr().err
    assert main(["logs", "--outcome", "no_match", "--post", "nope"]) == 0
    assert capsys.readouterr().out.strip() == "no messages match"


@pytest.mark.parametrize("outcome", ["failed:poison", "failed:internal_error", "failed:time_limit", "failed:http_500",
                                     "failed:daily_quota", "failed:network"])
def test_every_outcome_a_worker_logs_can_be_asked_for_before_it_happens(log, capsys, outcome):
    """The README lists these outcomes; a seller filtering for one that has not happened yet gets no rows, not an error."""
    assert main(["logs", "--outcome", outcome]) == 0
    assert capsys.readouterr().out.strip() == "no messages match"


def test_logs_csv_has_a_header_and_every_row(log, capsys):
    main(["logs", "--format", "csv", "-n", "5"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 5 and rows[0]["message_id"] == "m59" and "buyer" in rows[0]["conversation"]


def test_logs_works_from_another_folder(tmp_path):
    """Outside the project, with no settings, the installed project's folder is used (or a clear error)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "RULES_DIR", "DIVAR_API_KEY", "REDIS_URL")}
    done = subprocess.run([sys.executable, "-m", "responder", "logs", "-n", "1"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    if (ROOT / "responder.db").exists():  # the log of whoever runs the suite: read, or one line saying why not
        assert done.returncode == 0 or done.stderr.startswith("responder: configuration error:"), done.stderr
    else:
        assert done.returncode == 2 and "no reply log here or in" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "responder.db").exists()


def test_stats_prints_todays_summary(log, capsys):
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "60 buyer message(s)" in out and "reply rate" in out and "failed:gave_up" in out and "price" in out
    assert "95th percentile" in out


def test_stats_in_a_dry_run_says_nothing_was_sent(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("RULES_DIR", str(ROOT / "rules"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/dry.db")
    Store(f"sqlite:///{tmp_path}/dry.db").record(row("m1", "dry_run", rule="price", reply="قیمت ۴۵ میلیون"))
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "replied     0  (0% reply rate)" in out and "dry run (not sent)  1" in out and "100%" not in out


def test_report_since_accepts_durations_and_both_calendars():
    now = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
    assert report.parse_since("2h", now) == now - timedelta(hours=2)
    assert report.parse_since("1405/09/04", now) == report.parse_since("2026-11-25", now)


def test_retry_failed_reports_each_outcome_and_fails_when_one_failed_again(log, monkeypatch, fake_divar, capsys):
    from tests.console_data import message_json

    at = datetime.now(timezone.utc)
    for n in range(2):
        log.record(row(f"again-{n}", "failed:interrupted", conversation=f"gZd7omnS:b{n}",
                       message=message_json(f"again-{n}", "gZd7omnS", f"b{n}", "قیمتش چنده؟", at)))  # fmt: skip
    for name, value in {"DIVAR_API_KEY": "api", "DIVAR_ACCESS_TOKEN": "tok", "DIVAR_IDENTIFICATION_KEY": "k",
                        "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(), "DIVAR_API_URL": fake_divar.url, "DIVAR_LEGACY_API_URL": fake_divar.url,
                        "DIVAR_MAX_ATTEMPTS": "1", "DIVAR_RATE_LIMIT": "0"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    fake_divar.fail_next(412, body={"error": "restricted"})
    assert main(["retry-failed", "--outcome", "failed:interrupted"]) == 1
    out = capsys.readouterr().out
    assert "again-0: failed:recipient_restricted" in out and "again-1: replied" in out
    assert "2 message(s) tried again: 1 failed:recipient_restricted, 1 replied" in out  # not "2 sent again"


def test_retry_failed_with_workers_reports_their_outcomes_or_who_is_still_waiting(log, monkeypatch, redis_url, capsys):
    """With REDIS_URL the command queues, then reads the rows the workers write (one here
    stands in for a worker), and names what did not finish in time."""
    import threading
    import time
    from dataclasses import replace

    from tests.console_data import message_json

    at = datetime.now(timezone.utc)
    failed = [row(f"w{n}", "failed:interrupted", conversation=f"gZd7omnS:w{n}",
                  message=message_json(f"w{n}", "gZd7omnS", f"w{n}", "قیمت؟", at)) for n in range(2)]  # fmt: skip
    for failure in failed:
        log.record(failure)
    monkeypatch.setenv("REDIS_URL", redis_url)

    import redis

    def worker() -> None:  # answers w0 only, once it is queued, the way a worker's resend replaces the row
        queue, deadline = redis.Redis.from_url(redis_url), time.monotonic() + 10
        while not queue.llen("celery") and time.monotonic() < deadline:
            time.sleep(0.02)
        log.record(replace(failed[0], outcome="replied", message=None), replace=True)

    threading.Thread(target=worker).start()
    # w0 is answered within ms of being queued; w1 never is, so the command waits all of --wait
    assert main(["retry-failed", "--outcome", "failed:interrupted", "--wait", "2"]) == 1
    out = capsys.readouterr().out
    assert "queued 2 message(s)" in out and "w0: replied" in out and "w1:" not in out
    assert "2 message(s) tried again: 1 replied; 1 still being tried by the workers" in out
