"""Hot reload: pick up edited rule files within seconds, never serve a broken set.

Each call to :meth:`RuleBook.engine` costs a few ``stat`` calls at most once per
``interval``; a changed directory is reloaded and checked.  A broken edit is logged
loudly (every problem, ``file:line: message``) and the last good engine keeps serving.
Warnings (a reply that would read oddly; the rules still load) are logged once per load
that changed the files, at WARNING level, so a seller editing a running service sees them.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Protocol

from . import Engine, Problem
from .loader import LoadResult, load_directory, load_texts, rule_files

log = logging.getLogger(__name__)


class RuleError(Exception):
    """The rule directory has problems and there is no good rule set to fall back on."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _signature(directory: Path) -> tuple:
    try:
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in rule_files(directory))
    except OSError:
        return ("unreadable",)


def _log_warnings(result: LoadResult) -> None:
    """Each warning of a new load, ``file:line: message`` (what ``responder check`` prints after «warning:»)."""
    for warning in result.warnings:
        log.warning("rule file warning (the rules still load): %s", warning)


class RuleCheck:
    """The rule directory's :class:`LoadResult`, re-read only when its files change.

    The files' names, sizes and times are compared on every call (a few ``stat`` calls);
    the same result object comes back until they change.  The log page shows it; the
    :class:`RuleBook` compiles it.
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._result: LoadResult | None = None

    def result(self) -> LoadResult:
        with self._lock:
            current = _signature(self.directory)  # before reading: an edit during the read is seen next time
            if self._result is None or current != self._signature:
                self._result, self._signature = load_directory(self.directory), current
            return self._result


class RuleKeeper(Protocol):
    """Where the last good rule files are kept across restarts (:class:`responder.store.Store`)."""

    def save_good_rules(self, directory: str, files: list[tuple[str, str]]) -> None: ...
    def good_rules(self, directory: str) -> tuple[list[tuple[str, str]], datetime] | None: ...


class RuleBook:
    """The engine to answer with: the rule files as they are, or the last good ones.

    With a ``keeper`` every rule set that loads cleanly is saved; a service that starts
    while the files are broken then runs on the saved set, says so loudly (log, page),
    and keeps checking the files.  It refuses to start only if no good set was ever seen.
    """

    def __init__(self, directory: str | Path, interval: float = 2.0, keeper: RuleKeeper | None = None) -> None:
        self.directory = Path(directory)
        self.interval = interval
        self.keeper = keeper
        self.problems: list[Problem] = []  # of the newest edit, if it was rejected
        self.running_on_saved: datetime | None = None  # when the saved rules now serving were saved
        self._lock = threading.Lock()
        self._check = RuleCheck(self.directory)
        self._loaded = self._check.result()
        self._checked_at = time.monotonic()
        _log_warnings(self._loaded)
        if self._loaded.ok:
            self._engine = Engine(self._loaded.rules)
            self._keep(self._loaded)
            return
        saved = keeper.good_rules(self._key) if keeper is not None else None
        restored = load_texts(list(saved[0])) if saved else None
        if saved is None or restored is None or not restored.ok:
            raise RuleError(self._loaded.problems)
        self._engine = Engine(restored.rules)
        self.problems = self._loaded.problems
        self.running_on_saved = saved[1]
        log.error(
            "RULE FILES ARE BROKEN (%d problem(s)); RUNNING ON THE LAST GOOD RULES, saved %s. "
            "Fix the files: they are read again with the next message (at most every %ss); check them now with `responder check`.\n%s",
            len(self.problems), f"{saved[1]:%Y-%m-%d %H:%M UTC}", interval, "\n".join(f"  {p}" for p in self.problems),
        )  # fmt: skip

    @property
    def _key(self) -> str:
        return str(self.directory.resolve())

    def _keep(self, result: LoadResult) -> None:
        if self.keeper is None or not result.sources:
            return
        try:
            self.keeper.save_good_rules(self._key, result.sources)
        except Exception as exc:  # noqa: BLE001 - keeping a copy must never stop the answers
            log.warning("could not keep a copy of the good rules in the database: %s", exc)

    def engine(self) -> Engine:
        if time.monotonic() - self._checked_at >= self.interval:
            self.refresh()
        return self._engine

    def refresh(self) -> bool:
        """Reload if the files changed; True if a new rule set is now serving."""
        with self._lock:
            self._checked_at = time.monotonic()
            try:
                result = self._check.result()
            except Exception:  # a loader bug must not stop the service: the last good rules keep serving
                log.exception("reading the rule files failed; still serving the last good rules")
                return False
            if result is self._loaded:
                return False
            self._loaded = result
            self.problems = result.problems
            _log_warnings(result)
            if not result.ok:
                log.error(
                    "rule files have %d problem(s); still serving the last good rules%s:\n%s",
                    len(result.problems), " (saved in the database)" if self.running_on_saved else "",
                    "\n".join(f"  {p}" for p in result.problems),
                )  # fmt: skip
                return False
            try:
                engine = Engine(result.rules)
            except Exception:
                log.exception("compiling the rule files failed; still serving the last good rules")
                return False
            self._engine = engine
            self.running_on_saved = None
            self._keep(result)
            log.info("rules reloaded: %d rule(s) from %s", len(self._engine.ruleset.rules), self.directory)
            return True
