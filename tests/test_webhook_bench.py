"""The webhook bench's per-process accounting: what its verdict on connection spread rests on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from bench.webhook_bench import children, connections_per_process, cpu_seconds


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
