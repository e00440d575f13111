"""The `responder` command as a seller or operator runs it."""

from __future__ import annotations

import re
import shutil

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from responder.cli import main
from responder.store import LogRow, Store
from tests.conftest import ENCRYPTION_KEY as KEY, ROOT, free_port, write_rules


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


def test_check_reports_a_bad_unless_offer_with_file_and_line(tmp_path, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "a.yaml").write_text("rules:\n  - name: n\n    keywords: [کمتر]\n    unless_offer: 1\n    reply: N\n", encoding="utf-8")
    assert main(["check", str(broken)]) == 1
    assert f"{broken}/a.yaml:4: unless_offer: expected true or false, got a number" in capsys.readouterr().out.splitlines()


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
    assert why[0] == ("why:   greeting: matched «سلام» — a greeting or thanks, answered as written "
                      "(the reply checker does not read greetings and thanks)")  # fmt: skip
    assert re.fullmatch(r"why:   price: matched «قیمتش» — the reply checker read the whole message as asking about price "
                        r"\(sure \d+(\.\d)? %, needs 25 %\)", why[1]), why[1]  # fmt: skip
    assert "gate:" not in out and "not gated" not in out and "P=" not in out and "'" not in out
    assert "classifier" not in out and not re.search(r"\(\d\.\d\d", out)  # the trial: "classifier", bare "0.31"


def test_try_percentages_never_hide_which_side_of_the_bar_a_figure_is():
    """`sure 25 %, needs 25 %` on a vetoed part would read as a contradiction; 0.996 is not «sure 100 %»."""
    from responder.cli import _percent, _sure

    assert _sure(0.31, 0.25) == "sure 31 %, needs 25 %"
    assert _sure(0.248, 0.25) == "sure 24.8 %, needs 25 %" and _sure(0.2501, 0.25) == "sure 25.0 %, needs 25 %"
    assert _percent(0.996) == "99.6 %" and _percent(0.9999) == "99.9 %" and _percent(1.0) == "100 %"


def test_try_a_question_read_on_its_own_names_it_and_both_figures(capsys):
    """A part the whole message dilutes but its own question carries: which question, and both readings."""
    assert main(["try", "هنوز موجوده؟ چند؟ کجا؟"]) == 0
    why = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("why:   price-how-much: "))
    assert re.fullmatch(r"why:   price-how-much: matched «چند» — the reply checker read the question «چند» on its own as "
                        r"asking about price \(sure [\d.]+ %, needs 60 %; the whole message: sure [\d.]+ %\)", why), why  # fmt: skip


def test_try_route_line_says_it_in_the_sellers_words(capsys):
    """`route: the classifier's best guess is a «price» question (0.31): below the 0.90 needed …`"""
    from responder.cli import _print_route
    from responder.engine import Engine, Match, load_texts
    from tests.test_route import ASKS_PRICE, RULES, fitted_gate

    gate = fitted_gate()  # IntentGate.fit(TRAIN), shared with tests/test_route.py
    for bar, verdict in (("0.99", "not sure enough, so its rule does not answer"), ("0.3", "so its rule answers")):
        engine = Engine(load_texts([("t.yaml", f"intent_route: {bar}\n" + RULES)]).rules, gate=gate)
        tier = "intent" if verdict.startswith("so") else "fallback"
        _print_route(engine, ASKS_PRICE, Match(engine.ruleset.rules[-1], {}, tier))
        out = capsys.readouterr().out
        needs = f"{float(bar) * 100:.0f} %"
        assert re.fullmatch(rf"route: the reply checker's best guess is a «price» question \(sure [\d.]+ %, needs {needs}\): "
                            rf"{verdict}\n", out), out  # fmt: skip


def test_try_names_the_buyers_word_not_the_rules_stem(capsys):
    assert main(["try", "هنوز هست؟ چند؟"]) == 0
    out = capsys.readouterr().out
    assert "availability-word: matched «هنوز هست» — the reply checker read the whole message as asking about availability" in out
    assert "price-how-much: matched «چند» — the reply checker read " in out


def test_try_explains_a_vetoed_weak_part(capsys, monkeypatch):
    from responder.engine import gate as gate_module

    monkeypatch.setattr(gate_module, "WEAK_THRESHOLD", 0.999999)  # «چنده» (an `alone` rule) then never agrees
    monkeypatch.setattr(gate_module, "LEAD_NONE_RATIO", None)  # nor stands because price leads (gate.leads)
    monkeypatch.setattr(gate_module, "UNOPPOSED_FLOOR", None)  # nor because nothing else is read (gate.unopposed)
    assert main(["try", "--at", "12:00", "چنده لطفا بگید دوست من"]) == 0
    out = capsys.readouterr().out
    assert "rule:  fallback " in out
    why = next(line for line in out.splitlines() if line.startswith("why:   price-how-much: "))
    assert why.startswith("why:   price-how-much: the word «چنده» matched, but the reply checker did not read the message "
                          "as asking about price (sure ")  # fmt: skip
    assert why.endswith(", needs 99.9 %: a weak word needs more), so this part is not answered"), why


def test_try_says_why_a_message_about_divar_gets_the_fallback(capsys):
    assert main(["try", "--at", "12:00", "کد تخفیف دیوار چیه؟"]) == 0
    out = capsys.readouterr().out
    assert "rule:  fallback " in out and "why:   the message is about Divar itself" in out


def test_try_a_short_message_is_answered_as_written(capsys):
    """Under three words the service does not ask the classifier: `try` said it agreed or vetoed anyway."""
    assert main(["try", "قیمتش چنده؟"]) == 0
    assert ("why:   price: matched «قیمتش» — answered as written (the message is too short for the reply checker: "
            "it reads messages of 3 words or more)") in capsys.readouterr().out  # fmt: skip


def test_try_a_sellers_own_rule_without_intent_is_answered_as_written(tmp_path, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(
        "rules:\n  - name: pickup\n    keywords: [تحویل حضوری]\n    reply: بله، تحویل حضوری در تهران.\n"
        "  - name: price\n    intent: price\n    keywords: [قیمت]\n    reply: قیمت در آگهی است.\n"
        "  - name: fallback\n    fallback: true\n    reply: ممنون\n", encoding="utf-8")  # fmt: skip
    assert main(["try", "تحویل حضوری دارید آقا؟", "--rules", str(rules)]) == 0
    assert ("why:   pickup: matched «تحویل حضوری» — answered as written (your own rule: it has no intent:, "
            "so the reply checker leaves it alone)") in capsys.readouterr().out  # fmt: skip


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
    assert main(["serve", "--port", str(free_port())]) == 2  # not 8000: a service the user runs may hold it
    err = capsys.readouterr().err
    assert "the rule files have 1 problem:" in err and f"{broken}/a.yaml:" in err


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


@pytest.mark.parametrize("typed", ["2330", "23:30", "۲۳:۳۰", "٢٣:٣٠", "۲۳۳۰", " 23.30 "])
def test_try_at_reads_the_time_as_a_seller_types_it(typed, capsys):
    """`--at 2330` printed argparse's usage block; Persian digits are what a Persian keyboard types."""
    assert main(["try", "یه سوال داشتم", "--at", typed]) == 0
    assert "time:  23:30 in Tehran" in capsys.readouterr().out


@pytest.mark.parametrize("typed", ["25:00", "2360", "11pm", "", "23:3"])
def test_try_refuses_a_time_in_one_line_naming_the_accepted_forms(typed, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["try", "سلام", "--at", typed])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "usage:" not in err
    assert err == (f"responder try: --at: {typed!r} is not a time of day; give HH:MM, Tehran time (00:00 to 23:59), "
                   "such as 23:30, 2330 or ۲۳:۳۰\n")  # fmt: skip


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


def test_check_outside_the_project_says_which_folder_and_how_to_point_at_it(tmp_path, monkeypatch, capsys):
    """`responder check` run from another folder printed «rules:0: rules directory does not exist»."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RULES_DIR", raising=False)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == (f"rules: no such folder ({tmp_path / 'rules'}). Fix: run responder in the folder that holds rules/, give the "
                   "folder (responder check DIR, responder try --rules DIR), or set RULES_DIR\n")  # fmt: skip
    assert err == "1 problem in rules\n"


def test_try_says_the_rules_warnings_as_check_does_not_as_log_lines(tmp_path):
    """`try` printed «2026-11-26 06:21:15,331 WARNING responder.engine.reloader: rule file warning …»."""
    rules = write_rules(tmp_path / "rules", "vars:\n  price: توافقی\nrules:\n  - name: price\n    keywords: [قیمت]\n"
                                            "    reply: 'قیمت {{ vars.price | money }} تومان'\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "responder", "try", "قیمت؟", "--rules", str(rules)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"warning: {rules / 'rules.yaml'}:2: vars.price: 'توافقی' is not a number"), lines
    assert lines[1].startswith("rule:  price ") and "WARNING" not in done.stderr + done.stdout, done.stderr


def test_the_readmes_try_example_is_what_try_prints(tmp_path, capsys):
    """The README's «Writing rules» step 3 shows `responder try` after step 1 (the price filled in):
    the rule's file:line moves whenever rules/10-questions.yaml is edited, and a new seller compares it."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split('$ responder try "سلام قیمتش چنده؟"\n', 1)[1].split("```", 1)[0]
    shown = [line.strip() for line in block.splitlines() if line.strip()]
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    settings = rules / "00-settings.yaml"
    text = settings.read_text(encoding="utf-8")
    assert '  price: ""' in text, "the shipped settings leave the price empty"
    settings.write_text(text.replace('  price: ""', '  price: "45000000"', 1), encoding="utf-8")
    assert main(["try", "سلام قیمتش چنده؟", "--rules", str(rules)]) == 0
    printed = [line.strip() for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert printed[0] == shown[0].replace("rules/", f"{rules}/", 1)  # try names the folder it was given
    assert printed[1].startswith("reply: سلام") and shown[1].startswith("reply: سلام")  # a greeting picked at random
    assert printed[2:] == shown[2:]


@pytest.mark.parametrize(
    ("flag", "value", "said"),
    [
        ("--host", "bad host!", "--host: 'bad host!' is not an address to listen on (127.0.0.1, 0.0.0.0, :: or a host name)"),
        ("--port", "99999", "--port: '99999' is not a port number (1 to 65535)"),
        ("--port", "-1", "--port: '-1' is not a port number (1 to 65535)"),
    ],
)
def test_serve_checks_host_and_port_flags_as_their_environment_variables(flag, value, said, capsys):
    """`serve --host x` is refused in the same words as RESPONDER_HOST=x, before rules are read or a port is bound."""
    with pytest.raises(SystemExit) as exit_:
        main(["serve", f"{flag}={value}"])
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


def test_serve_says_in_one_line_when_its_port_is_taken(capsys, monkeypatch):
    """New-user trial: port 8000 taken gave a new key, then ten gunicorn retries and «Can't connect»."""
    import socket

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    with socket.socket() as holder, socket.socket() as next_one:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        try:
            next_one.bind(("127.0.0.1", port + 1))  # the port after it is taken too: not suggested
            next_one.listen()
        except OSError:
            pass  # already someone else's: taken either way
        assert main(["serve", "--host", "127.0.0.1", "--port", str(port)]) == 1
        err = capsys.readouterr().err
        prefix = (f"responder: cannot listen on 127.0.0.1:{port}: another program is already listening there. "
                  "Stop what uses it, or choose another port: responder serve --port ")
        assert err.startswith(prefix) and err.endswith("\n"), err
        suggested = int(err[len(prefix):])
        assert port + 1 < suggested <= port + 20
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", suggested))  # the suggestion is free


def test_ctrl_c_while_the_commands_still_import_is_one_line(monkeypatch, capsys) -> None:
    """A Ctrl-C in the first second of `responder serve` lands while Python imports Flask, SQLAlchemy and the
    engine: one line and exit 130, as a Ctrl-C after (the new-user trial saw a 50-line traceback)."""
    import importlib.abc

    from responder import launch

    class CtrlCOnImport(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "responder.cli":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "responder.cli")
    monkeypatch.setattr(sys, "meta_path", [CtrlCOnImport(), *sys.meta_path])
    assert launch.main(["check"]) == 130
    assert capsys.readouterr().err == "responder: stopped (Ctrl-C)\n"


def test_the_entry_point_runs_the_commands(capsys) -> None:
    from responder import launch

    assert launch.main(["check"]) == 0
    assert "OK:" in capsys.readouterr().out
