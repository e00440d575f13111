"""Rules cannot run away (issue 9, class 3): compile errors of any type, render limits,
catastrophic regexes, and `responder try` on a failing template."""

from __future__ import annotations

import importlib
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from responder.cli import main
from responder.engine import Engine, RenderError, Situation, load_texts
from responder.engine.reloader import RuleBook
from responder.engine.sandbox import MAX_OUTPUT
from responder.events import Message
from tests.conftest import write_rules

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
GOOD = "rules:\n  - name: price\n    keywords: [قیمت]\n    reply: 'قیمت {{ vars.price | money | fa }} تومان'\nvars:\n  price: 45000000\n"


def message(text: str = "قیمت؟") -> Message:
    return Message(id="m-1", post_token="gZd7omnS", text=text, type="TEXT", role="buyer", sent_at=NOW,
                   source="legacy", sender_id="b", receiver_id="s")  # fmt: skip


def rules_with_reply(reply: str, regex: str | None = None) -> str:
    trigger = f"    regex: ['{regex}']\n" if regex else "    keywords: [قیمت]\n"
    return f"rules:\n  - name: r\n{trigger}    reply: |\n      {reply}\n"


def render_reply(reply: str, text: str = "قیمت؟") -> str:
    result = load_texts([("r.yaml", rules_with_reply(reply))])
    assert result.ok, result.problems
    engine = Engine(result.rules)
    match = next(engine.matches(message(text), Situation(NOW, True)))
    return engine.render(match, message(text), NOW).text


def failure(reply: str) -> str:
    """How a runaway reply is stopped: a ``check`` problem, or a render error at once."""
    result = load_texts([("r.yaml", rules_with_reply(reply))])
    if not result.ok:
        return "check: " + "; ".join(map(str, result.problems))
    with pytest.raises(RenderError) as caught:
        render_reply(reply)
    return f"render: {caught.value}"


@pytest.mark.parametrize("reply", ["{{ 10 ** 5000 }}", "{{ '%d' % (10 ** 5000) }}", "{{ range(30000) | length }}"])
def test_a_reply_that_can_never_render_is_a_check_problem_with_its_line(reply: str) -> None:
    """``{{ 10 ** 5000 }}`` raised ValueError at compile time (constant folding), which the
    loader did not catch: the reload failed without keeping the last good rules."""
    [problem] = load_texts([("r.yaml", rules_with_reply(reply))]).problems
    assert str(problem).startswith("r.yaml:5: rule 'r': reply can never render: "), problem


def test_any_compile_exception_is_a_problem_with_file_and_line(monkeypatch) -> None:
    render = importlib.import_module("responder.engine.render")

    def explode(source: str):
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")

    monkeypatch.setattr(render, "compile_template", explode)
    result = load_texts([("r.yaml", rules_with_reply("{{ 1 }}"))])
    assert [str(p) for p in result.problems] == [
        "r.yaml:4: rule 'r': reply template cannot be compiled: ValueError: Exceeds the limit (4300 digits) "
        "for integer string conversion"
    ]


def test_hot_reload_keeps_the_last_good_rules_when_loading_raises(tmp_path: Path, monkeypatch) -> None:
    directory = write_rules(tmp_path / "rules", GOOD)
    book = RuleBook(directory, interval=0)
    from responder.engine import reloader

    def broken(_directory):
        raise ValueError("a loader bug")

    monkeypatch.setattr(reloader, "load_directory", broken)
    (directory / "rules.yaml").write_text(GOOD + "# edited\n", encoding="utf-8")
    engine = book.engine()
    assert engine.first_reply(message(), Situation(NOW, True)).text == "قیمت ۴۵,۰۰۰,۰۰۰ تومان"


@pytest.mark.parametrize("reply", [
    "{{ 'a' * 10**8 }}",
    "{{ message.text * 100000 }}",
    "{{ 'a' * ((message.text | length) * 10**8) }}",
    "{% for i in range(30000) %}{% for j in range(30000) %}{% endfor %}{% endfor %}",
    "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}",
    "{% for i in range(1000) %}abcdefgh{% endfor %}",
    "{{ 'x' | center(10**9) }}",
    "{{ 'x'.ljust(10**9) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '{:0999999999}'.format(1) }}",
    "{{ '%0999999999d' | format(1) }}",
    "{{ 7 ** 7 ** 7 ** 7 }}",
    "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
])  # fmt: skip
def test_runaway_templates_are_stopped_fast(reply: str) -> None:
    started = time.monotonic()
    assert failure(reply).startswith(("check: ", "render: "))
    assert time.monotonic() - started < 5, "a render limit did not stop it in time"  # before: 40-53 s


@pytest.mark.parametrize(("reply", "expected"), [
    ("{{ vars_price }}", None),
    ("{{ lipsum(n=100000) }}", None),
    ("{{ namespace(s=1) }}", None),
    ("{{ '-' * 10 }}", "-" * 10),
    ("{{ 2 ** 10 }} {{ 45000000 * 2 }}", "1024 90000000"),
    ("{% for i in range(3) %}{{ i }}{% endfor %}", "012"),
    ("{{ '%05d' % 42 }} {{ '{:,}'.format(45000000) }}", "00042 45,000,000"),
    ("{{ message.text | upper | center(20) | trim }}", "قیمت؟"),
])  # fmt: skip
def test_ordinary_templates_still_render(reply: str, expected: str | None) -> None:
    if expected is None:  # an unknown name is a check problem, as before
        assert not load_texts([("r.yaml", rules_with_reply(reply))]).ok
        return
    assert render_reply(reply) == expected


def test_output_is_capped() -> None:
    assert len(render_reply("{% for i in range(500) %}abcdefg{% endfor %}")) == 3500
    assert str(MAX_OUTPUT) in failure("{% for i in range(600) %}abcdefg{% endfor %}")


def test_catastrophic_regex_runs_in_linear_time() -> None:
    """``(a+)+$`` against 28 ``a`` and a ``!`` froze the process for 21 s with Python's re."""
    result = load_texts([("r.yaml", rules_with_reply("ok", regex="(a+)+$"))])
    assert result.ok, result.problems
    engine = Engine(result.rules)
    started = time.monotonic()
    assert list(engine.matches(message("a" * 5000 + "!"), Situation(NOW, True))) == []
    assert time.monotonic() - started < 2  # Python's re: doubling per letter, ages for 5,000


@pytest.mark.parametrize(("regex", "feature"), [
    (r"(a)\1", "backreferences"),
    (r"(?=قیمت)", "lookahead"),
    (r"(?<!نه )قیمت", "negative lookahead/lookbehind"),
    (r"\bقیمت\b", "word boundaries"),
])  # fmt: skip
def test_regex_features_re2_lacks_are_refused_clearly(regex: str, feature: str) -> None:
    problems = [str(p) for p in load_texts([("r.yaml", rules_with_reply("ok", regex=regex))]).problems]
    assert len(problems) == 1 and problems[0].startswith("r.yaml:3: regex ") and feature in problems[0], problems


def test_regex_word_class_still_matches_persian() -> None:
    text = "rules:\n  - name: m\n    regex: ['مدل (?P<model>\\w+)']\n    reply: '{{ groups.model }}'\n"
    engine = Engine(load_texts([("r.yaml", text)]).rules)
    assert engine.first_reply(message("مدل سامسونگ"), Situation(NOW, True)).text == "سامسونگ"


def test_responder_try_explains_a_failing_template(tmp_path: Path, capsys) -> None:
    directory = write_rules(tmp_path / "rules", rules_with_reply("{{ 1 / 0 }}"))
    assert main(["try", "قیمت؟", "--rules", str(directory)]) == 1
    out = capsys.readouterr()
    assert "its reply failed to render: ZeroDivisionError" in out.out
    assert "Traceback" not in out.out + out.err


def test_hot_reload_of_a_reply_that_can_never_render_keeps_the_last_good_rules(tmp_path: Path) -> None:
    directory = write_rules(tmp_path / "rules", GOOD)
    book = RuleBook(directory, interval=0)
    (directory / "rules.yaml").write_text(GOOD.replace("'قیمت {{ vars.price | money | fa }} تومان'", "'{{ 10 ** 5000 }}'"),
                                          encoding="utf-8")  # fmt: skip
    engine = book.engine()
    assert engine.first_reply(message(), Situation(NOW, True)).text == "قیمت ۴۵,۰۰۰,۰۰۰ تومان"
    assert [str(p) for p in book.problems] == [f"{directory / 'rules.yaml'}:4: rule 'price': reply can never render: "
                                               "a power would have more than 256 bits"]  # fmt: skip
    assert main(["check", str(directory)]) == 1
