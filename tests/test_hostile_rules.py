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


@pytest.mark.parametrize(("reply", "expected"), [
    ("{{ vars.price }} {{ vars['pop'] }} {{ vars['items'] }}", "45000000 x it"),
    ("{{ vars.items() | list | length }}", "4"),  # a dict's own attribute, not its key of the same name
    ("{{ vars.pop }}", "render: access to attribute 'pop' of 'dict' object is unsafe."),
    ("{{ vars.long }}", "render: limit: a value is longer than 65536 characters"),
    ("{{ dict(a=1).a }} {{ range(3) | list }}", "1 [0, 1, 2]"),
])  # fmt: skip
def test_a_dicts_keys_are_read_through_the_sandbox_as_jinja_reads_them(reply: str, expected: str) -> None:
    """``vars.price`` is read straight from the dict (render2: Jinja tries the attribute first, ~1.5 µs), but a
    key named as a dict method still gives the method (or the sandbox's refusal), a value past the limit is
    refused, and the globals (``range``, ``dict``) are still there."""
    rules = "vars:\n  price: 45000000\n  pop: x\n  items: it\n  long: " + "a" * 65537 + "\n" + rules_with_reply(reply)
    result = load_texts([("r.yaml", rules)])
    assert result.ok, result.problems
    engine = Engine(result.rules)
    match = next(engine.matches(message(), Situation(NOW, True)))
    try:
        assert engine.render(match, message(), NOW).text == expected
    except RenderError as exc:
        assert f"render: {exc}" == expected


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


# ── hostile rule files: each one clear line, never a hang, a crash or a traceback (new-user trial) ──

def _bomb(levels: int = 9) -> str:
    """The «billion laughs»: each line an alias list of the one above, 9 ** levels values written out."""
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for previous, name in zip("abcdefghijklmnop", "bcdefghijklmnop"[: levels - 1]):
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    return text + "rules:\n  - name: r\n    keywords: *" + "bcdefghijklmnop"[levels - 2] + "\n    reply: ok\n"


def _check_says(tmp_path: Path, capsys, files: dict[str, str]) -> tuple[list[str], float]:
    directory = tmp_path / "rules"
    directory.mkdir(exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    started = time.monotonic()
    assert main(["check", str(directory)]) == 1
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return out.splitlines(), took


def test_a_5_mb_rule_file_is_refused_before_it_is_read(tmp_path: Path, capsys) -> None:
    """A 5 MB file of rules took `responder check` 80 s and 650 MB (and each reload as long, on a message's path)."""
    said, took = _check_says(tmp_path, capsys, {"10.yaml": "rules:\n" + "# " + "x" * 5_000_000 + "\n"})
    assert said == [f"{tmp_path / 'rules' / '10.yaml'}:1: this file is 4.8 MB; a rule file may be at most 256 KB (the starter "
                    "rules are 44 KB in all), so it is not read. Fix: keep only rules in it, or split it in files"]  # fmt: skip
    assert took < 5


def test_many_rule_files_together_have_a_limit_too(tmp_path: Path, capsys) -> None:
    filler = "# " + "x" * 200_000 + "\n"
    files = {f"{i:02}.yaml": filler + f"rules:\n  - name: r{i}\n    keywords: [k{i}]\n    reply: ok\n" for i in range(6)}
    said, _ = _check_says(tmp_path, capsys, files)
    assert said == [f"{tmp_path / 'rules' / '05.yaml'}:1: with this file the rule files hold 1.1 MB; together they may be at "
                    "most 1.0 MB, so it is not read. Fix: remove the files that are not rules"]  # fmt: skip


def test_a_yaml_bomb_is_one_problem_at_once(tmp_path: Path, capsys) -> None:
    said, took = _check_says(tmp_path, capsys, {"10.yaml": _bomb()})
    assert len(said) == 1 and "a «YAML bomb»" in said[0] and "Fix: write the values out, or use fewer aliases" in said[0]
    assert said[0].startswith(f"{tmp_path / 'rules' / '10.yaml'}:"), said
    assert took < 5


def test_aliases_that_stay_small_still_load() -> None:
    """The starter rules share replies with &name / *name: only what would blow up is refused."""
    small = [str(p) for p in load_texts([("r.yaml", _bomb(levels=4))]).problems]  # 9 ** 4 = 6,561 values: read
    assert small and not any("YAML" in p for p in small), small  # only what a rule file does not hold (keys a, b…)
    text = "rules:\n  - name: a\n    keywords: [x]\n    reply: &same ok\n  - name: b\n    keywords: [y]\n    reply: *same\n"
    assert load_texts([("r.yaml", text)]).ok


def test_a_value_that_contains_itself_is_one_problem() -> None:
    [problem] = load_texts([("r.yaml", "vars:\n  x: &loop [1, *loop]\nrules: []\n")]).problems
    assert str(problem).startswith("r.yaml:2: YAML: an alias (*name) here is used inside the very value it names"), problem


@pytest.mark.parametrize("nested", [
    "rules:\n  - name: r\n    keywords: " + "[" * 50_000 + "]" * 50_000 + "\n    reply: ok\n",
    "rules: []\nvars:\n  x: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    "rules: []\nvars:\n  x: " + "[" * 60 + "]" * 60 + "\n",
])  # fmt: skip
def test_nesting_no_rule_needs_is_one_problem_not_a_recursion_traceback(tmp_path: Path, capsys, nested: str) -> None:
    """50,000 brackets raised RecursionError out of PyYAML: a traceback from `check`, `try` and `serve`."""
    said, took = _check_says(tmp_path, capsys, {"10.yaml": nested})
    assert len(said) == 1 and "nested more than 50 deep, which no rule file needs" in said[0], said
    assert said[0].startswith(f"{tmp_path / 'rules' / '10.yaml'}:{3 if 'keywords' in nested else 3}: "), said
    assert took < 10


def test_a_reply_longer_than_a_chat_message_is_a_problem() -> None:
    [problem] = load_texts([("r.yaml", rules_with_reply("ا" * 5000))]).problems
    assert str(problem) == f"r.yaml:5: rule 'r': the reply is 5,000 characters; a chat reply may be at most {MAX_OUTPUT:,}. Fix: shorten it"


def test_regex_limits_of_re2_are_said_in_words_not_bytes() -> None:
    [problem] = load_texts([("r.yaml", rules_with_reply("ok", regex="(a{1000}){1000}"))]).problems
    assert "b'" not in str(problem) and "invalid repetition size: {1000} (RE2 allows at most 1000 repeats" in str(problem), problem


@pytest.mark.parametrize("hostile", [_bomb(), "rules:\n" + "# " + "x" * 300_000 + "\n",
                                     "rules: []\nvars:\n  x: " + "[" * 5000 + "]" * 5000 + "\n"])  # fmt: skip
def test_a_hostile_edit_keeps_the_last_good_rules_answering(tmp_path: Path, hostile: str) -> None:
    directory = write_rules(tmp_path / "rules", GOOD)
    book = RuleBook(directory, interval=0)
    (directory / "rules.yaml").write_text(hostile, encoding="utf-8")
    started = time.process_time()  # CPU time: ~1 s alone; wall time had reached 5.3 s with the machine's other core busy
    engine = book.engine()
    assert time.process_time() - started < 5
    assert engine.first_reply(message(), Situation(NOW, True)).text == "قیمت ۴۵,۰۰۰,۰۰۰ تومان"
    assert len(book.problems) == 1


def test_a_bare_render_outside_the_bounded_path_leaves_no_expiring_budget_behind(monkeypatch) -> None:
    """A template rendered with Jinja's own ``render`` (a seller's script, a test) gets the sandbox's limits per
    call; no budget stays set on the thread, so a later bare render is not refused for a clock that ran out."""
    from responder.engine import sandbox

    env = sandbox.BoundedSandbox()
    template = env.from_string("{{ (x ~ '!') * 2 }}")
    assert template.render(x="سلام") == "سلام!سلام!"
    clock = time.monotonic()
    monkeypatch.setattr(sandbox.time, "monotonic", lambda: clock + 5 * sandbox.MAX_SECONDS)
    assert template.render(x="قیمت") == "قیمت!قیمت!"
