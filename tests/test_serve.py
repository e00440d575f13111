"""`responder serve` as the README runs it: one process, no Redis, no database server."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from datetime import datetime, timedelta, timezone

from responder.store import LogRow, Store
from tests.conftest import ENCRYPTION_KEY, ROOT, free_port
from tests.payloads import legacy, new_message


def start_serve(directory: Path, started: list[subprocess.Popen], **env: str) -> tuple[str, Store]:
    """``responder serve`` on a free port with ``env`` (its log in ``directory`` unless DATABASE_URL
    is given), once /healthz answers: its URL and a Store on its log. The process joins ``started``."""
    port = free_port()
    database = env.pop("DATABASE_URL", f"sqlite:///{directory}/log-{port}.db")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DIVAR_", "REDIS_URL", "TOKEN_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "responder", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env={**base, "DATABASE_URL": database, "DIVAR_IDENTIFICATION_KEY": "k", **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    started.append(process)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                return url, Store(database, env.get("TOKEN_ENCRYPTION_KEY", ""))
        except (requests.ConnectionError, requests.Timeout):  # still starting (a restart on a busy machine)
            time.sleep(0.1)
    process.kill()
    pytest.fail("responder serve did not start: " + process.stderr.read()[-2000:])


def stop_serve(started: list[subprocess.Popen]) -> None:
    """Gone at once, master and worker (their own process group): a graceful SIGTERM stop took
    ~3 s per test and checked nothing; the stops that matter are tests of their own (Ctrl-C
    below, the kill in the restart test)."""
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def serve(tmp_path):
    started: list[subprocess.Popen] = []

    def start(**env: str) -> tuple[str, Store]:
        return start_serve(tmp_path, started, **env)

    start.started = started  # type: ignore[attr-defined]
    yield start
    stop_serve(started)


def wait_for_row(store: Store, message_id: str, timeout: float = 15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = [r for r in store.recent(50) if r.message_id == message_id]
        if rows:
            return rows[0]
        time.sleep(0.1)
    return None


def test_embedded_dry_run_logs_the_reply(serve):
    url, store = serve()
    response = requests.post(f"{url}/webhook", json=legacy("قيمتش چنده؟", message_id="d-1"), headers={"Authorization": "k"}, timeout=5)
    assert response.status_code == 200
    row = wait_for_row(store, "d-1")
    assert row is not None and row.outcome == "dry_run" and row.rule == "price"
    assert row.reply == "قیمت را خودم دقیق برایتان می‌نویسم."  # as the README's quick start says: no price to state


def test_embedded_sends_through_divar(serve, fake_divar):
    url, store = serve(DIVAR_API_KEY="api", DIVAR_ACCESS_TOKEN="tok", TOKEN_ENCRYPTION_KEY=ENCRYPTION_KEY,
                       DIVAR_API_URL=fake_divar.url, DIVAR_LEGACY_API_URL=fake_divar.url)  # fmt: skip
    payload = new_message("هنوز موجوده؟", message_id="e-1", conversation="conv-5")
    assert requests.post(f"{url}/webhook", json=payload, headers={"Authorization": "k"}, timeout=5).status_code == 200
    [sent] = fake_divar.wait_for_sends(1)
    assert sent.path == "/v2/open-platform/conversations/conv-5/messages" and sent.headers["authorization"] == "Bearer tok"
    row = wait_for_row(store, "e-1")
    assert row.outcome == "replied" and row.rule == "availability"
    wrong = requests.post(f"{url}/webhook", json=legacy("قیمت", message_id="e-2"), headers={"Authorization": "nope"}, timeout=5)
    assert wrong.status_code == 401
    time.sleep(0.5)
    assert wait_for_row(store, "e-2", timeout=0.5) is None and len(fake_divar.sends()) == 1


def test_embedded_restart_answers_what_was_accepted_before(serve, fake_divar, tmp_path):
    """Killed while a message waited for its retry: the next start sends it, once."""
    env = dict(DIVAR_API_KEY="api", DIVAR_ACCESS_TOKEN="tok", TOKEN_ENCRYPTION_KEY=ENCRYPTION_KEY, DIVAR_API_URL=fake_divar.url,
               DIVAR_LEGACY_API_URL=fake_divar.url, DATABASE_URL=f"sqlite:///{tmp_path}/shared.db")  # fmt: skip
    fake_divar.fail_next(503, retry_after=60)  # the first send is refused: the retry waits a minute
    url, store = serve(**env)
    payload = legacy("قيمتش چنده؟", message_id="r-1")
    assert requests.post(f"{url}/webhook", json=payload, headers={"Authorization": "k"}, timeout=5).status_code == 200
    fake_divar.wait_for_sends(1)
    deadline = time.monotonic() + 10  # the refusal reached the worker (its under-way record is gone): it waits to retry
    while store.send_record("r-1") is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    [process] = serve.started
    os.killpg(process.pid, signal.SIGKILL)  # gunicorn's master and its worker, no goodbye
    process.wait(timeout=10)
    assert wait_for_row(store, "r-1", timeout=0.2) is None

    serve(**env)
    refused, sent = fake_divar.wait_for_sends(2)
    assert refused.body == sent.body
    row = wait_for_row(store, "r-1")
    assert row is not None and row.outcome == "replied" and row.rule == "price"
    time.sleep(0.5)
    assert len(fake_divar.sends()) == 2


def old_row(message_id: str, days: float) -> LogRow:
    return LogRow(received_at=datetime.now(timezone.utc) - timedelta(days=days), message_id=message_id, post_token="p",
                  conversation="c", sender_role="buyer", message_type="TEXT", text="خونه‌م سعادت‌آباده", outcome="no_match")  # fmt: skip


def test_embedded_serve_clears_old_chat_text_when_it_starts(serve, tmp_path):
    """Retention runs inside `responder serve` (now, then hourly): no scheduler to set up."""
    database = f"sqlite:///{tmp_path}/old.db"
    before = Store(database)
    before.record(old_row("old", days=3))
    before.record(old_row("new", days=1))
    _url, store = serve(DATABASE_URL=database, CHAT_RETENTION_DAYS="2")
    deadline = time.monotonic() + 10
    while store.recent()[-1].text and time.monotonic() < deadline:
        time.sleep(0.1)
    assert {row.message_id: row.text for row in store.recent()} == {"old": "", "new": "خونه‌م سعادت‌آباده"}


# ── Ctrl-C: stops within seconds, loses nothing it accepted ──────────────────────────────

_TWO_SIGNALS = """
import os, signal, sys
from concurrent.futures import ThreadPoolExecutor
from gunicorn.config import Config
from responder.webserver import BufferingWorker

worker = BufferingWorker.__new__(BufferingWorker)  # only what the stop handler touches: no arbiter, no sockets
worker.cfg, worker.alive, worker.tpool = Config(), True, ThreadPoolExecutor(max_workers=2)
signal.signal(signal.SIGINT, worker.handle_quit)
signal.signal(signal.SIGQUIT, worker.handle_quit)
put = worker.tpool._work_queue.put

class MasterSignalsNow:
    '''The pool's queue, as the first handler wakes its threads under the pool's shutdown lock:
    the master's SIGQUIT lands right then (a busy machine, the terminal's SIGINT handled first).'''

    def put(self, item, *args, **kwargs):
        os.kill(os.getpid(), signal.SIGQUIT)  # its handler runs at the next line, the lock still held
        put(item, *args, **kwargs)

worker.tpool._work_queue = MasterSignalsNow()
os.kill(os.getpid(), signal.SIGINT)  # the terminal's Ctrl-C
signal.pause()  # not reached: the handler exits
"""


def test_a_worker_signalled_twice_while_it_stops_still_stops():
    """Ctrl-C reaches gunicorn's worker twice, as SIGINT from the terminal and SIGQUIT from the
    master.  gthread's stop handler, entered again while it held the thread pool's lock, waited for
    that lock for good: the worker hung until the master killed it 30 s later (new-user trial)."""
    try:
        done = subprocess.run([sys.executable, "-c", _TWO_SIGNALS], cwd=ROOT, capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("the worker hung on the second signal (it waits for the thread pool's lock it holds itself)")
    assert done.returncode == 0, done.stderr[-2000:]


def test_ctrl_c_stops_serve_in_seconds_and_the_next_start_answers_what_waited(serve, fake_divar, tmp_path):
    """Ctrl-C is SIGINT to the whole process group (master and worker), with a message accepted
    and waiting for its retry: the service stops within seconds, never by gunicorn's SIGKILL,
    and the next start sends that message (the embedded queue holds it in the database)."""
    env = dict(DIVAR_API_KEY="api", DIVAR_ACCESS_TOKEN="tok", TOKEN_ENCRYPTION_KEY=ENCRYPTION_KEY, DIVAR_API_URL=fake_divar.url,
               DIVAR_LEGACY_API_URL=fake_divar.url, DATABASE_URL=f"sqlite:///{tmp_path}/shared.db")  # fmt: skip
    fake_divar.fail_next(503, retry_after=60)
    url, store = serve(**env)
    payload = legacy("قيمتش چنده؟", message_id="c-1")
    assert requests.post(f"{url}/webhook", json=payload, headers={"Authorization": "k"}, timeout=5).status_code == 200
    fake_divar.wait_for_sends(1)
    [process] = serve.started
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("responder serve did not stop within 15 s of Ctrl-C")
    said = process.stderr.read()
    assert time.monotonic() - started < 10 and "SIGKILL" not in said, said[-2000:]
    assert wait_for_row(store, "c-1", timeout=0.2) is None  # not answered yet: held for the next start

    serve(**env)
    refused, sent = fake_divar.wait_for_sends(2)
    assert refused.body == sent.body
    row = wait_for_row(store, "c-1")
    assert row is not None and row.outcome == "replied"


def _as_from_a_terminal() -> None:
    """SIGINT as a shell leaves it for a command: default action, not blocked. An ignored or blocked SIGINT is
    inherited across exec, and a test runner's worker may hold one; the server (and its fit child) would then never
    see the Ctrl-C. The hangs seen under load were the server still waiting on its fit 30 s after Ctrl-C; the
    cause is not proven, so a hang also reports the server's signal masks."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_during_the_first_start_s_gate_fit_is_one_line(tmp_path):
    """The first start fits the agreement gate (seconds, before gunicorn takes the signals): Ctrl-C
    then printed a 35-line traceback (new-user trial); now one line, exit 130."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DIVAR_", "REDIS_URL", "TOKEN_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "responder", "serve", "--host", "127.0.0.1", "--port", str(free_port())],
        cwd=ROOT, env={**base, "PYTHONFAULTHANDLER": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/log.db", "RESPONDER_CACHE_DIR": str(tmp_path / "cache")},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_as_from_a_terminal,
    )  # fmt: skip
    lines: list[str] = []
    reached = threading.Event()

    def drain() -> None:  # read stderr to its end: a full pipe would block the server's last line, not its Ctrl-C
        for line in process.stderr:
            lines.append(line)
            if "fitting the agreement gate" in line:  # the fit itself; the start's first line also names the gate
                reached.set()
        reached.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        assert reached.wait(60) and any("fitting the agreement gate" in line for line in lines), lines
        os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        try:
            code = process.wait(timeout=30)  # ~1 s on a quiet machine; 15 s ran out 4 times in 6 full runs on a loaded one
        except subprocess.TimeoutExpired:
            said = Path(f"/proc/{process.pid}/status").read_text()  # was Ctrl-C ignored or blocked after all?
            signals = "".join(line + "\n" for line in said.splitlines() if line.startswith(("SigBlk", "SigIgn", "SigCgt")))
            os.kill(process.pid, signal.SIGABRT)  # PYTHONFAULTHANDLER: every thread's stack, to show where it hangs
            reader.join(5)
            pytest.fail(f"no exit within 30 s of Ctrl-C; {signals}stderr so far:\n" + "".join(lines)[-6000:])
        reader.join(5)
        said = "".join(lines)
        assert code == 130 and "Traceback" not in said and "responder: stopped (Ctrl-C)" in said, said[-2000:]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def _started(*args: str, **env: str):
    """`responder serve ARGS` with ``env`` over this environment less the settings a test names
    (no host, port, Redis or Divar of the caller's); stopped on leaving."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DIVAR_", "REDIS_URL", "TOKEN_", "PORT", "RESPONDER_HOST"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "responder", "serve", *args], cwd=ROOT, env={**base, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _listening_at(tmp_path, *args: str, **env: str) -> tuple[str, str]:
    """Start `responder serve` with ``args``/``env``; gunicorn's «Listening at» address, and what came before it."""
    with _started(*args, DATABASE_URL=f"sqlite:///{tmp_path}/log-{len(args)}-{len(env)}.db", **env) as process:
        lines: list[str] = []
        while not any("Listening at" in line for line in lines) and process.poll() is None and len(lines) < 50:
            lines.append(process.stderr.readline())
    said = "".join(lines)
    return said.split("Listening at: ")[-1].split()[0] if "Listening at" in said else "", said


def test_serve_listens_on_this_machine_by_default_and_on_every_address_on_a_platform(tmp_path):
    """The README's one command listened on every address of the seller's laptop; now on
    127.0.0.1, unless the platform gives $PORT or --host / RESPONDER_HOST says otherwise."""
    port = str(free_port())
    assert _listening_at(tmp_path, "--port", port)[0] == f"http://127.0.0.1:{port}"
    assert _listening_at(tmp_path, PORT=port)[0] == f"http://0.0.0.0:{port}"
    assert _listening_at(tmp_path, "--host", "127.0.0.1", PORT=port)[0] == f"http://127.0.0.1:{port}"
    assert _listening_at(tmp_path, "--port", port, RESPONDER_HOST="0.0.0.0")[0] == f"http://0.0.0.0:{port}"
    # A live service on 127.0.0.1 says Divar cannot reach it directly; a dry run does not.
    key = {"DIVAR_API_KEY": "api", "DIVAR_IDENTIFICATION_KEY": "k", "TOKEN_ENCRYPTION_KEY": ENCRYPTION_KEY}
    address, said = _listening_at(tmp_path, "--port", port, **key)
    assert address == f"http://127.0.0.1:{port}" and "listening on 127.0.0.1 only: Divar reaches /webhook only through a proxy" in said
    assert "listening on" not in _listening_at(tmp_path, "--port", port)[1]


def test_serve_says_the_rule_warnings_once(tmp_path):
    """`responder serve` said each rule-file warning twice at start: its start-up check, then again in
    gunicorn's forked worker (and with Redis once more per process); now the start-up check is the one."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "20-mine.yaml").write_text("vars:\n  pickup_note: «فقط حضوری»\nrules:\n  - name: pickup\n    keywords: [تحویل حضوری]\n"
                                        "    reply: 'تحویل حضوری: {{ vars.pickup_note }}'\n", encoding="utf-8")  # fmt: skip
    port = free_port()
    with _started("--port", str(port), DATABASE_URL=f"sqlite:///{tmp_path}/log.db", RULES_DIR=str(rules),
                  DIVAR_IDENTIFICATION_KEY="k") as process:  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        answer = requests.post(f"http://127.0.0.1:{port}/webhook", json=legacy("تحویل حضوری دارید؟", message_id="w-1"),
                               headers={"Authorization": "k"}, timeout=5)  # fmt: skip
        assert answer.status_code == 200
        time.sleep(3)  # the worker thread has loaded its book and answered
    said = process.stderr.read()
    assert said.count("vars.pickup_note: the value is wrapped in «…»") == 1, said[-3000:]
