"""Hot reload: pick up edited rule files within seconds, never serve a broken set.

Each call to :meth:`RuleBook.engine` costs a few ``stat`` calls at most once per
``interval``; a changed directory is reloaded and checked.  A broken edit is logged
loudly (every problem, ``file:line: message``) and the last good engine keeps serving.
Warnings (a reply that would read oddly, an example another rule would answer; the rules
still load) are logged once per edit, at WARNING level, so a seller editing a running service
sees them. One :class:`RuleCheck` per rule directory and process reads, compiles and checks each
edit once, however many books (the worker's, the console's) answer from it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import weakref
from collections.abc import Callable
from datetime import datetime, timezone
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


# Who says a load's warnings, when several processes (the web's, every worker's) read the same
# files: given the load's fingerprint, None if this process is the first to say them (and is now
# recorded as having said them), else who did («worker-1 pid 12 at 10:04:05 UTC»). None = every
# process says its own (one process: `responder serve` alone, `check`, `try`, tests).
Herald = Callable[[str], "str | None"]
_herald: Herald | None = None


def say_warnings_once_with(herald: Herald | None) -> None:
    """Install the process's :data:`Herald` (Redis-backed in the Redis mode: :meth:`responder.state.State.first_to_say`)."""
    global _herald
    _herald = herald


def _fingerprint(result: LoadResult) -> str:
    """The same files with the same warnings give the same fingerprint in every process."""
    digest = hashlib.sha256()
    for name, text in result.sources:
        digest.update(f"{Path(name).name}\0{text}\0".encode())
    for warning in result.warnings:
        digest.update(f"{warning}\0".encode())
    return digest.hexdigest()[:32]


def _log_warnings(result: LoadResult) -> None:
    """Each warning of a new load, ``file:line: message`` (what ``responder check`` prints after «warning:»).

    With Redis every process (the web's, each worker's) reads the same files and found the same
    warnings, and a seller reading the app's log (`docker compose logs`, the platform's) saw them
    once per process. The first process to load a set of files says them; the others say in one
    line that there are warnings and where they were said, so no process's log hides that its
    rules have them. Rules that differ between processes (another folder, another machine) have
    another fingerprint: each says its own.
    """
    if not result.warnings:
        return
    said_by = None
    if _herald is not None:
        try:
            said_by = _herald(_fingerprint(result))
        except Exception as exc:  # noqa: BLE001 - Redis away: say them here rather than not at all
            log.debug("could not ask whether another process said the rule warnings: %s", exc)
    if said_by:
        log.info("rule files: %d warning(s) (the rules still load), logged by %s; `responder check` lists them, as does the "
                 "console's Today page", len(result.warnings), said_by)  # fmt: skip
        return
    for warning in result.warnings:
        log.warning("rule file warning (the rules still load): %s", warning)


# Examples the reloader checks for another rule answering them (what `responder check` warns of).
# The check compares every example with the others, so its cost grows with their square: 42 ms
# of CPU for 200 examples, 170 ms for 500 (about what loading and compiling them costs), 0.5 s
# for 1,000, 4.4 s for 3,000 (bench/example_check_bench.py, bench/README.md «Example warnings»).
# A reload runs on the next message's path: above this the service says so once per edit and
# leaves the list to `responder check`.
EXAMPLE_CHECK_LIMIT = 500


def example_warnings(engine: Engine, directory: Path) -> list[Problem]:
    """The ``examples:`` another rule would answer, as ``responder check`` warns, or one line
    saying there are too many to check at each reload."""
    count = len(engine.matcher.examples.examples)
    if count > EXAMPLE_CHECK_LIMIT:
        return [Problem(str(directory), 0, f"{count} examples: too many to check at each edit while the service runs "
                                           f"(it checks up to {EXAMPLE_CHECK_LIMIT}); `responder check` lists the examples "
                                           f"another rule would answer")]  # fmt: skip
    return engine.example_conflicts(datetime.now(timezone.utc))


class RuleCheck:
    """The rule directory's :class:`LoadResult` and, when it loads, its compiled :class:`Engine`:
    re-read only when its files change.

    The files' names, sizes and times are compared on every call (a few ``stat`` calls);
    the same result object comes back until they change. Each new result is compiled, its
    ``examples:`` checked (:func:`example_warnings`, added to its warnings) and its warnings
    logged, once. The console's Today page lists them; a :class:`RuleBook` answers with the engine.
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._result: LoadResult | None = None
        self._engine: Engine | None = None
        self._error: BaseException | None = None  # what compiling the newest result raised

    def result(self) -> LoadResult:
        return self.compiled()[0]

    def compiled(self) -> tuple[LoadResult, Engine | None, BaseException | None]:
        """The newest result, its engine (None unless it loaded and compiled) and what compiling raised."""
        with self._lock:
            current = _signature(self.directory)  # before reading: an edit during the read is seen next time
            if self._result is None or current != self._signature:
                result = load_directory(self.directory)
                self._engine, self._error = self._compile(result)
                self._result, self._signature = result, current
                _log_warnings(result)
            return self._result, self._engine, self._error

    def _compile(self, result: LoadResult) -> tuple[Engine | None, BaseException | None]:
        if not result.ok:
            return None, None
        try:
            engine = Engine(result.rules)
        except Exception as exc:  # noqa: BLE001 - said by the book: the last good rules keep serving
            return None, exc
        try:
            result.warnings.extend(example_warnings(engine, self.directory))
        except Exception:  # a bug in a check that only warns must not stop the new rules
            log.exception("checking the rules' examples failed; the rules still load")
        return engine, None


_CHECKS: weakref.WeakValueDictionary[Path, RuleCheck] = weakref.WeakValueDictionary()  # kept while a book or console holds it
_CHECKS_LOCK = threading.Lock()


def shared_check(directory: str | Path) -> RuleCheck:
    """The process's :class:`RuleCheck` of ``directory``: the worker's and the console's books
    (and ``serve``'s start-up check) read, compile and warn once per edit, not once each."""
    key = Path(directory).resolve()
    with _CHECKS_LOCK:
        check = _CHECKS.get(key)
        if check is None:
            check = _CHECKS[key] = RuleCheck(directory)
        return check


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
        self._check = shared_check(self.directory)
        self._loaded, engine, error = self._check.compiled()
        self._checked_at = time.monotonic()
        if self._loaded.ok:
            if engine is None:  # compiling raised (e.g. the agreement gate cannot be fitted): say it as it is
                raise error if error is not None else RuntimeError("compiling the rule files failed")
            self._engine = engine
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
            len(self.problems), f"{saved[1]:%Y-%m-%d %H:%M UTC}", interval, "\n".join(p.indented() for p in self.problems),
        )  # fmt: skip

    @property
    def warnings(self) -> list[Problem]:
        """The newest load's warnings (what ``responder check`` prints after «warning:»)."""
        return self._loaded.warnings

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
                result, engine, error = self._check.compiled()
            except Exception:  # a loader bug must not stop the service: the last good rules keep serving
                log.exception("reading the rule files failed; still serving the last good rules")
                return False
            if result is self._loaded:
                return False
            self._loaded = result
            self.problems = result.problems
            if not result.ok:
                log.error(
                    "rule files have %d problem(s); still serving the last good rules%s:\n%s",
                    len(result.problems), " (saved in the database)" if self.running_on_saved else "",
                    "\n".join(p.indented() for p in result.problems),
                )  # fmt: skip
                return False
            if engine is None:
                log.error("compiling the rule files failed; still serving the last good rules",
                          exc_info=(type(error), error, error.__traceback__) if error is not None else None)  # fmt: skip
                return False
            self._engine = engine
            self.running_on_saved = None
            self._keep(result)
            log.info("rules reloaded: %d rule(s) from %s", len(self._engine.ruleset.rules), self.directory)
            return True
