"""The rule files' warnings in the service's log: said once per edit where a seller reads, not
once per process (with Redis the web and every worker read the same files)."""

from __future__ import annotations

import os
from pathlib import Path

import fakeredis
import pytest

from responder.engine import reloader
from responder.engine.reloader import RuleCheck
from responder.state import State
from tests.conftest import write_rules

WARNED = """
vars:
  note: «فقط حضوری»
rules:
  - name: pickup
    keywords: [تحویل]
    reply: 'تحویل: {{ vars.note }}'
"""
SAID = "vars.note: the value is wrapped in «…»"


@pytest.fixture
def herald():
    """The Redis mode's herald, on one Redis every «process» (RuleCheck) shares."""
    state = State(fakeredis.FakeRedis())
    reloader.say_warnings_once_with(state.first_to_say)
    yield state
    reloader.say_warnings_once_with(None)


def _said(caplog) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "responder.engine.reloader"]


def test_the_first_process_says_the_warnings_the_others_one_line(tmp_path: Path, caplog, herald) -> None:
    rules = write_rules(tmp_path / "rules", WARNED)
    with caplog.at_level("INFO", logger="responder.engine.reloader"):
        RuleCheck(rules).compiled()  # the web's
        first = _said(caplog)
        caplog.clear()
        RuleCheck(rules).compiled()  # a worker's, reading the same files
        RuleCheck(rules).compiled()  # another worker's
        others = _said(caplog)
    assert [level for level, _ in first] == ["WARNING"] and SAID in first[0][1]
    assert len(others) == 2 and all(level == "INFO" and SAID not in text for level, text in others), others
    assert others[0][1].startswith("rule files: 1 warning(s) (the rules still load), logged by ")
    assert f"pid {os.getpid()} at " in others[0][1] and "`responder check` lists them" in others[0][1]


def test_an_edit_is_said_again_and_rules_of_their_own_are_said_by_their_process(tmp_path: Path, caplog, herald) -> None:
    rules = write_rules(tmp_path / "rules", WARNED)
    RuleCheck(rules).compiled()
    caplog.clear()
    edited = write_rules(tmp_path / "edited", WARNED.replace("تحویل: ", "تحویل حضوری: "))  # another edit, the same warning
    other = write_rules(tmp_path / "other", WARNED.replace("note", "pickup"))  # another machine's files
    with caplog.at_level("INFO", logger="responder.engine.reloader"):
        RuleCheck(edited).compiled()
        RuleCheck(other).compiled()
    assert [level for level, _ in _said(caplog)] == ["WARNING", "WARNING"], _said(caplog)


def test_warnings_are_said_here_when_redis_cannot_be_asked(tmp_path: Path, caplog) -> None:
    def away(_fingerprint: str) -> str | None:
        raise ConnectionError("Redis is away")

    reloader.say_warnings_once_with(away)
    try:
        with caplog.at_level("INFO", logger="responder.engine.reloader"):
            RuleCheck(write_rules(tmp_path / "rules", WARNED)).compiled()
    finally:
        reloader.say_warnings_once_with(None)
    assert [level for level, text in _said(caplog) if SAID in text] == ["WARNING"]


def test_without_a_herald_each_check_says_its_own(tmp_path: Path, caplog) -> None:
    """One process (`responder serve` alone, `check`, `try`): nothing to share."""
    rules = write_rules(tmp_path / "rules", WARNED)
    with caplog.at_level("INFO", logger="responder.engine.reloader"):
        RuleCheck(rules).compiled()
        RuleCheck(rules).compiled()
    assert [level for level, text in _said(caplog) if SAID in text] == ["WARNING", "WARNING"]


def test_first_to_say_is_one_process_and_names_it() -> None:
    state = State(fakeredis.FakeRedis())
    assert state.first_to_say("abc") is None
    said = state.first_to_say("abc")
    assert said is not None and said.endswith(" UTC") and f"pid {os.getpid()}" in said
    assert state.first_to_say("def") is None
    assert 0 < state.redis.ttl("responder:said:abc") <= 24 * 3600
