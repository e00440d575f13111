"""The `responder` command as a seller or operator runs it."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from responder.cli import main
from responder.store import LogRow, Store
from tests.conftest import ENCRYPTION_KEY as KEY, ROOT, write_rules


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("DIVAR_API_KEY", "DIVAR_ACCESS_TOKEN", "DIVAR_IDENTIFICATION_KEY", "REDIS_URL", "TOKEN_ENCRYPTION_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RULES_DIR", str(ROOT / "rules"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/log.db")


def test_check_passes_on_the_starter_rules(capsys):
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_check_lists_every_problem_with_file_and_line(tmp_path, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "a.yaml").write_text("rules:\n  - name: price\n    keyword: [قیمت]\n    reply: '{{ vars.nope }}'\n", encoding="utf-8")
    assert main(["check", str(broken)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"{broken}/a.yaml:3: rule 'price': unknown key 'keyword' (did you mean 'keywords'?)" in lines
    assert any(line.startswith(f"{broken}/a.yaml:4: rule 'price': reply uses vars.nope") for line in lines)


def test_try_refuses_a_message_type_divar_does_not_send(capsys):
    """`--type PHOTO` used to say 'no rule matches' as if the rules were at fault."""
    with pytest.raises(SystemExit) as exit_:
        main(["try", "x", "--type", "PHOTO"])
    assert exit_.value.code == 2
    assert "invalid choice: 'PHOTO'" in capsys.readouterr().err
    assert main(["try", "", "--type", "image"]) == 0  # any case, as in the rule files
    assert "photo-received" in capsys.readouterr().out


POST_FACT_RULES = """rules:
  - name: real-price
    keywords: [قیمت]
    reply: "قیمت {{ post.price | money | fa }} تومان است."
  - name: price-fallback
    keywords: [قیمت]
    reply: قیمت در آگهی هست.
  - name: warranty
    categories: [mobile-phones]
    keywords: [گارانتی]
    reply: "{{ post.price.value }}"
"""


def test_try_a_rule_reading_post_facts(tmp_path, capsys):
    """It used to end in a RenderError traceback; now it does what the service does, and
    --fact supplies what Divar's finder would."""
    rules = str(write_rules(tmp_path / "rules", POST_FACT_RULES))
    assert main(["try", "قیمتش؟", "--rules", rules]) == 0
    out = capsys.readouterr().out
    assert "skipped: rule 'real-price' needs post.price (give it as Divar's finder would: --fact NAME=VALUE)" in out
    assert "rule:  price-fallback" in out  # the next rule answers, as in service
    assert main(["try", "قیمتش؟", "--rules", rules, "--fact", "price=1100000"]) == 0
    assert "reply: قیمت ۱,۱۰۰,۰۰۰ تومان است." in capsys.readouterr().out
    assert main(["try", "گارانتی؟", "--rules", rules]) == 0  # no category: the categories rule does not match
    assert "no rule matches" in capsys.readouterr().out
    assert main(["try", "گارانتی؟", "--rules", rules, "--fact", "category=mobile-phones", "--fact", "price=5"]) == 1
    assert "rule:  warranty" in (out := capsys.readouterr().out) and "logged as failed:render" in out
    with pytest.raises(SystemExit):
        main(["try", "x", "--fact", "price"])
    assert "give NAME=VALUE" in capsys.readouterr().err


def test_a_database_that_cannot_be_opened_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys, redis_url):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/no-such-folder/log.db")
    assert main(["logs"]) == 2
    assert capsys.readouterr().err == "responder: configuration error: DATABASE_URL does not answer (unable to open database file)\n"
    monkeypatch.setenv("REDIS_URL", redis_url)  # a worker stops before it says "ready", not at its first message
    assert main(["worker"]) == 2
    assert "DATABASE_URL does not answer" in capsys.readouterr().err


def test_try_shows_the_rule_and_the_reply(capsys):
    assert main(["try", "قيمتش چنده؟"]) == 0
    out = capsys.readouterr().out
    assert "rule:  price" in out
    assert "قیمت را خودم دقیق برایتان می‌نویسم." in out  # the shipped settings state no price, and no post facts given
    assert main(["try", "قيمتش چنده؟", "--fact", "price=1100000"]) == 0
    assert "reply: قیمت ۱,۱۰۰,۰۰۰ تومان است." in capsys.readouterr().out  # the post's own price


def test_try_explains_each_part_in_plain_words(capsys):
    """A new-user trial read `gate:  greeting: not gated (intent unknown…)` and `P=0.61: agrees`."""
    assert main(["try", "سلام قیمتش چنده؟"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("rule:  greeting+price ") and lines[1].startswith("reply: سلام")  # what the buyer gets, first
    why = [line for line in lines if line.startswith("why:   ")]
    assert why[0] == "why:   greeting: matched «سلام» — a greeting or thanks, answered as written (no classifier check)"
    assert why[1].startswith("why:   price: matched «قیمتش» — the classifier agrees it asks about price (")  # 1.00 once rounded
    assert why[1].endswith(")") and len(why[1].rsplit("(", 1)[1]) == len("0.99)")  # two decimals
    assert "gate:" not in out and "not gated" not in out and "P=" not in out and "'" not in out


def test_try_names_the_buyers_word_not_the_rules_stem(capsys):
    assert main(["try", "هنوز هست؟ چند؟"]) == 0
    out = capsys.readouterr().out
    assert "availability-word: matched «هنوز هست» — the classifier agrees" in out
    assert "price-how-much: matched «چند» — the classifier agrees" in out


def test_try_explains_a_vetoed_weak_part(capsys, monkeypatch):
    from responder.engine import gate as gate_module

    monkeypatch.setattr(gate_module, "WEAK_THRESHOLD", 0.999999)  # «چنده» (an `alone` rule) then never agrees
    assert main(["try", "چنده لطفا بگید دوست من"]) == 0
    out = capsys.readouterr().out
    assert "rule:  fallback " in out
    why = next(line for line in out.splitlines() if line.startswith("why:   price-how-much: "))
    assert why.startswith("why:   price-how-much: the word «چنده» matched, but the message does not read as asking about price (0.")
    assert why.endswith(" < 1.00, the bar for a weak word), so it is not answered")


def test_try_says_why_a_message_about_divar_gets_the_fallback(capsys):
    assert main(["try", "کد تخفیف دیوار چیه؟"]) == 0
    out = capsys.readouterr().out
    assert "rule:  fallback " in out and "why:   the message is about Divar itself" in out


def test_try_a_short_message_is_answered_as_written(capsys):
    """Under three words the service does not ask the classifier: `try` said it agreed or vetoed anyway."""
    assert main(["try", "قیمتش چنده؟"]) == 0
    assert "why:   price: matched «قیمتش» — answered as written (too short for the classifier to check)" in capsys.readouterr().out


def test_try_a_sellers_own_rule_without_intent_is_answered_as_written(tmp_path, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(
        "rules:\n  - name: pickup\n    keywords: [تحویل حضوری]\n    reply: بله، تحویل حضوری در تهران.\n"
        "  - name: price\n    intent: price\n    keywords: [قیمت]\n    reply: قیمت در آگهی است.\n"
        "  - name: fallback\n    fallback: true\n    reply: ممنون\n", encoding="utf-8")  # fmt: skip
    assert main(["try", "تحویل حضوری دارید آقا؟", "--rules", str(rules)]) == 0
    assert "why:   pickup: matched «تحویل حضوری» — your own rule, answered as written (no classifier check)" in capsys.readouterr().out


def test_try_lists_as_alternatives_only_rules_outside_a_combined_reply(capsys):
    """It listed the combined reply's own parts as if they were other answers."""
    assert main(["try", "سلام، هنوز موجوده؟ آدرس کجاست"]) == 0
    out = capsys.readouterr().out
    combined = next(line for line in out.splitlines() if line.startswith("rule:  ")).split()[1].split("+")
    assert len(combined) > 1, out  # the shipped rules answer this as one combined reply
    also = [line for line in out.splitlines() if line.startswith("also matching")]
    listed = also[0].split(": ", 1)[1].split(", ") if also else []
    assert not set(listed) & set(combined), out
    assert "used if the first is throttled" not in out


def test_try_as_seller_explains_the_skip(capsys):
    assert main(["try", "قیمتش چنده؟", "--role", "seller"]) == 0
    assert "skipped:own_message" in capsys.readouterr().out


def test_logs_prints_recent_outcomes(tmp_path, capsys):
    assert main(["logs"]) == 0
    assert "empty" in capsys.readouterr().out
    Store(f"sqlite:///{tmp_path}/log.db").record(LogRow(
        received_at=datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc), message_id="m1", post_token="gZd7omnS",
        conversation="gZd7omnS:b", sender_role="buyer", message_type="TEXT", text="قیمت؟", outcome="replied",
        rule="price", reply="۴۵ میلیون",
    ))  # fmt: skip
    assert main(["logs"]) == 0
    out = capsys.readouterr().out
    assert "2026-11-25 13:30" in out and "replied" in out and "قیمت؟ → ۴۵ میلیون" in out  # Tehran time


def test_bad_setting_is_one_line_and_exit_2(monkeypatch, capsys):
    monkeypatch.setenv("REDIS_URL", "http://localhost:6379")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["responder: configuration error: REDIS_URL='http://localhost:6379' must start with redis://, rediss:// or unix://"]


def test_worker_without_redis_says_why(capsys):
    assert main(["worker"]) == 2
    assert "REDIS_URL is not set" in capsys.readouterr().err


def test_broken_rules_stop_serve_with_every_problem(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "rules"
    broken.mkdir()
    (broken / "a.yaml").write_text("rules:\n  - name: x\n    reply: [\n", encoding="utf-8")
    monkeypatch.setenv("RULES_DIR", str(broken))
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "the rule files have 1 problem(s)" in err and f"{broken}/a.yaml:" in err


def test_python_dash_m_runs_the_same_command():
    done = subprocess.run([sys.executable, "-m", "responder", "check", str(ROOT / "rules")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("OK: ")


def test_retry_failed_sends_gave_up_messages_again(monkeypatch, tmp_path, fake_divar, capsys):
    import json

    from responder.events import parse
    from tests.payloads import legacy

    message = parse(legacy("قیمت؟", message_id="gone-1"))
    Store(f"sqlite:///{tmp_path}/log.db", KEY).record(LogRow(
        received_at=datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc), message_id="gone-1", post_token="gZd7omnS",
        conversation=message.conversation_key, sender_role="buyer", message_type="TEXT", text="قیمت؟",
        outcome="failed:gave_up", rule="price", message=json.dumps(message.to_dict()),
    ))  # fmt: skip
    for name, value in {"DIVAR_API_KEY": "api", "DIVAR_ACCESS_TOKEN": "tok", "DIVAR_IDENTIFICATION_KEY": "k", "TOKEN_ENCRYPTION_KEY": KEY,
                        "DIVAR_API_URL": fake_divar.url, "DIVAR_LEGACY_API_URL": fake_divar.url}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    assert main(["retry-failed"]) == 0
    assert "gone-1: replied" in capsys.readouterr().out
    assert len(fake_divar.sends()) == 1
    [row] = Store(f"sqlite:///{tmp_path}/log.db", KEY).recent()
    assert (row.message_id, row.outcome) == ("gone-1", "replied")
    assert main(["retry-failed"]) == 0  # nothing left to resend
    assert len(fake_divar.sends()) == 1
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:  # not a failure: refused, instead of "0 message(s)"
        main(["retry-failed", "--outcome", "replied"])
    assert exit_.value.code == 2 and "'replied' is not a failure" in capsys.readouterr().err


def test_try_at_a_time_shows_the_night_answer_and_says_why(capsys):
    """At 07:59 a seller's test got the night fallback with no word of why; --at tries a chosen time."""
    assert main(["try", "یه سوال داشتم", "--at", "23:30"]) == 0
    night = capsys.readouterr().out
    assert "rule:  fallback-night" in night
    assert "time:  23:30 in Tehran: this rule answers only at 22:00-08:00" in night
    assert main(["try", "یه سوال داشتم", "--at", "12:00"]) == 0
    day = capsys.readouterr().out
    assert "rule:  fallback " in day and "time:" not in day  # a rule without hours needs no clock


def test_try_refuses_a_time_that_is_not_hh_mm(capsys):
    with pytest.raises(SystemExit):
        main(["try", "سلام", "--at", "25:00"])
    assert "give a time as HH:MM" in capsys.readouterr().err


def test_a_bare_responder_lists_its_commands(capsys):
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "serve" in err and "check" in err and "try" in err


def test_a_reader_that_leaves_early_gets_no_traceback(monkeypatch, capfd):
    """`responder try … | head -1` printed a BrokenPipeError traceback when head stopped reading."""
    import responder.cli as cli

    def leaves(args):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli, "_try", leaves)
    assert main(["try", "سلام"]) == 0
    assert "Traceback" not in capfd.readouterr().err
