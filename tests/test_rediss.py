"""`rediss://` with a self-signed certificate (what Heroku Redis hands out) works for both
the shared state client and Celery's broker.  Starts its own TLS Redis on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from datetime import datetime, timezone

import pytest

from responder.events import parse
from responder.queues import CeleryQueue
from responder.state import State, connect
from responder.wiring import make_celery
from responder.worker import Delivery
from tests.payloads import legacy


def _missing(what: str) -> None:
    if os.environ.get("RESPONDER_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{what} is required because RESPONDER_REQUIRE_SERVICES=1")
    pytest.skip(f"{what} not installed")


@pytest.fixture(scope="module")
def tls_redis(tmp_path_factory):
    server, openssl = shutil.which("redis-server"), shutil.which("openssl")
    if not server or not openssl:
        _missing("redis-server and openssl")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=redis.example",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", "0", "--tls-port", str(port), "--bind", "127.0.0.1", "--tls-cert-file", str(cert),
         "--tls-key-file", str(key), "--tls-ca-cert-file", str(cert), "--tls-auth-clients", "no",
         "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"rediss://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            connect(url).ping()
            break
        except Exception:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("TLS Redis did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_state_client_accepts_a_self_signed_certificate(tls_redis):
    state = State(connect(tls_redis))
    assert state.claim_message("tls-1", "owner") is True
    assert state.claim_message("tls-1", "other") is False


def test_celery_enqueues_over_tls(tls_redis):
    CeleryQueue(connect(tls_redis)).enqueue_message(Delivery(parse(legacy("قیمت")), "o", datetime.now(timezone.utc)))
    make_celery(tls_redis).send_task("responder.record_event", args=[])  # the worker's own connection (retries)
    assert connect(tls_redis).llen("celery") == 2
