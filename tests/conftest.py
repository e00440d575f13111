"""Shared fixtures: real services when present (skipped with a reason when not, failing
instead when RESPONDER_REQUIRE_SERVICES=1, as in CI), and the fake Divar server."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from tests.fake_divar import FakeDivar

ROOT = Path(__file__).resolve().parent.parent
# TOKEN_ENCRYPTION_KEY for tests that send (it is required with DIVAR_API_KEY).
ENCRYPTION_KEY = "S3pfSgr2_Rqgu5r2JZtvigDlSwmyZ8mzzHXH9LmOnv4="
# Under pytest-xdist each worker process (gw0, gw1, ...) empties a Redis database of its own: 15, 14, ...
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - _WORKER % 4}")
# and a second one no test's Celery worker consumes: 11, 10, ... (a queue that must stay as the webhook left it)
SPARE_REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + f"/{11 - _WORKER % 4}"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True, scope="session")
def _not_the_users_database(tmp_path_factory):
    """A command a test runs without its own DATABASE_URL opens a scratch database, never the
    ``responder.db`` of the person running the suite: after trying ``responder serve`` with
    a TOKEN_ENCRYPTION_KEY, that one refuses to open without the key (and is theirs)."""
    yield from _session_env("DATABASE_URL", f"sqlite:///{tmp_path_factory.mktemp('db')}/responder.db")


_GATE_FIT: dict[str, object] = {}  # the shipped gate's fit, started in pytest_configure


def pytest_configure(config: pytest.Config) -> None:
    """The shipped gate's fitted weights go to a cache of the suite's own, not the user's ~/.cache/responder,
    and their fit starts here, in a thread, while pytest collects the tests (the fit is a child
    process: it runs on the other core, and collecting takes 3-7 s).

    That cache is pytest's (``.pytest_cache/d/responder-gate``, git-ignored), so it outlives
    the session: the next run, or a run of one test file, reads the weights instead of
    spending 5-30 s on the fit again. Its file is named by a hash of everything the fit
    depends on (corpus, parameters, the fitting code and library versions), so a run reads it
    only when the fit would give the same bytes; any change fits again. Without pytest's cache
    (``-p no:cacheprovider``), a scratch directory.
    """
    if config.option.collectonly or _is_xdist_controller(config):
        return
    import responder.corpus  # noqa: F401 - what the fit imports, imported here: the thread only fits and reads
    import responder.engine.gate_fit  # noqa: F401
    from responder.engine.gate import shipped_gate

    cache = config.cache.mkdir("responder-gate") if getattr(config, "cache", None) else None
    scratch = None if cache else tempfile.mkdtemp(prefix="responder-gate-")
    env = _session_env("RESPONDER_CACHE_DIR", str(cache or scratch))
    next(env)
    _GATE_FIT.update(env=env, scratch=scratch)

    def fit() -> None:
        try:
            shipped_gate()
        except BaseException as exc:  # noqa: BLE001 - raised again in the session fixture, in a test's report
            _GATE_FIT["error"] = exc

    thread = threading.Thread(target=fit, name="shipped-gate-fit", daemon=True)
    thread.start()
    _GATE_FIT["thread"] = thread


def _is_xdist_controller(config: pytest.Config) -> bool:
    """Under pytest-xdist the controller process only hands tests to its workers: it needs no gate."""
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput")


def pytest_unconfigure(config: pytest.Config) -> None:
    env = _GATE_FIT.pop("env", None)
    if env is not None:
        next(env, None)  # type: ignore[call-overload]
    if _GATE_FIT.get("scratch"):
        shutil.rmtree(str(_GATE_FIT["scratch"]), ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def _not_the_users_cache() -> None:
    """The shipped gate is fitted (or read from the cache) before any test: the workers and servers
    that tests start then read it in milliseconds, instead of the first of them fitting under the
    test's deadline (seconds on a quiet machine, more than 30 s on a loaded one)."""
    thread = _GATE_FIT.get("thread")
    assert isinstance(thread, threading.Thread), "pytest_configure starts the shipped gate's fit"
    thread.join()
    if "error" in _GATE_FIT:
        raise _GATE_FIT["error"]  # type: ignore[misc]


def _session_env(name: str, value: str):
    """Set ``name`` for the session (the commands tests run read it), then put back what was there."""
    before = os.environ.get(name)
    os.environ[name] = value
    yield
    if before is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = before


def free_port() -> int:
    """A port nothing listens on now (the kernel's pick), for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unavailable(what: str, error: Exception) -> None:
    reason = f"{what} not reachable ({type(error).__name__}); start it to run this test"
    if os.environ.get("RESPONDER_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} — required because RESPONDER_REQUIRE_SERVICES=1")
    pytest.skip(reason)


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real Redis database, emptied for the test and after it (no keys left behind)."""
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.flushdb()
    except redis.RedisError as exc:
        _unavailable(f"Redis at {REDIS_URL}", exc)
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def postgres_url() -> str:
    """A real PostgreSQL database with a fresh schema for the test."""
    import sqlalchemy

    schema = f"t_{uuid.uuid4().hex[:10]}"
    try:
        engine = sqlalchemy.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
    except sqlalchemy.exc.OperationalError as exc:
        _unavailable(f"PostgreSQL at {POSTGRES_URL}", exc)
    # The test's connections carry the schema as their application name, so the ones a test
    # leaves open (stores of worker threads, engines nobody disposed) are closed here and
    # the suite never runs into PostgreSQL's connection limit.
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}&application_name={schema}"
    with engine.begin() as conn:
        conn.execute(
            sqlalchemy.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name"),
            {"name": schema},
        )
        conn.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


APP = {"client_id": "my-app", "client_secret": "s3cret", "redirect_uris": ("https://responder.example/oauth/callback",)}


@pytest.fixture
def fake_divar():
    """Divar with the test app registered (slug ``my-app``, secret ``s3cret``, redirect URL
    ``https://responder.example/oauth/callback``).  Paths, headers, bodies and OAuth clients
    are checked as Divar checks them; a token's validity and scopes only with ``check_tokens``."""
    with FakeDivar(**APP) as fake:
        yield fake


@pytest.fixture
def rules_dir() -> str:
    """The shipped starter rules."""
    return str(ROOT / "rules")


def write_rules(directory: Path, text: str) -> Path:
    """A rules directory holding one file with ``text``."""
    directory.mkdir(exist_ok=True)
    (directory / "rules.yaml").write_text(text, encoding="utf-8")
    return directory
