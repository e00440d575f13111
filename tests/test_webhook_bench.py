"""The webhook bench's per-process accounting: what its verdict on connection spread rests on."""

from __future__ import annotations

import os
import socket
import subprocess
import signal
import sys
import time

from bench.webhook_bench import children, connections_per_process, cpu_seconds, settle


def test_connections_are_counted_for_the_process_that_accepted_them() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        accepted = [listener.accept()[0] for _ in range(2)]  # the third waits in the backlog: nobody holds it
        try:
            assert connections_per_process([os.getpid()], port) == [2]
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
            try:
                assert connections_per_process([os.getpid(), child.pid], port) == [2, 0]
            finally:
                child.kill()
                child.wait()
        finally:
            for s in clients + accepted:
                s.close()


def test_children_are_the_processes_started_by_a_parent() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in children(os.getpid())
        assert child.pid not in children(child.pid)
        assert cpu_seconds(os.getpid()) > 0
    finally:
        child.kill()
        child.wait()


def test_settle_waits_until_every_worker_has_stopped_booting() -> None:
    """A stand-in master with one idle child and one that burns CPU for 1.5 s, as a booting worker does."""
    master = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time\n"
        "idle = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "busy = subprocess.Popen([sys.executable, '-c', "
        "'import time\\nend = time.time() + 1.5\\nwhile time.time() < end: pass\\ntime.sleep(60)'])\n"
        "time.sleep(60)\n"
    )])  # fmt: skip
    started = time.monotonic()
    try:
        workers = settle(master.pid, workers=2, seconds=30)
        assert time.monotonic() - started >= 1.5
        assert workers == children(master.pid) and len(workers) == 2
    finally:
        for pid in children(master.pid):
            os.kill(pid, signal.SIGKILL)
        master.kill()
        master.wait()
