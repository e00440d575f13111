"""The web door under slow and malformed clients (issue 9, class 5), on a real `responder serve`.

Before: four connections sending half a request head made /healthz time out for as long
as they were held (the embedded server has four threads), and a malformed chunked body
got a 500 with a traceback.
"""

from __future__ import annotations

import json
import socket
import time

import pytest
import requests

from responder.webserver import request_complete
from tests.payloads import legacy
from tests.test_serve import start_serve, stop_serve, wait_for_row

SLOW_CLIENTS = 12  # three times the server's threads


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=5)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One dry-run `responder serve` for the module (a start is 1-3 s): each test below also
    finds it still answering after the hostile clients of the tests before."""
    started: list = []
    yield start_serve(tmp_path_factory.mktemp("web"), started)
    stop_serve(started)


def raw_request(url: str, data: bytes) -> bytes:
    with connect(url) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_slow_clients_do_not_starve_healthz_or_the_webhook(served):
    url, store = served
    held = []
    for n in range(SLOW_CLIENTS):  # half a head, a body announced and never sent, or nothing at all
        sock = connect(url)
        if n % 3 == 0:
            sock.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nAuthorization: k\r\n")
        elif n % 3 == 1:
            sock.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Authorization: k\r\nContent-Length: 5000\r\n\r\n{\"type\": ")  # fmt: skip
        held.append(sock)
    time.sleep(0.5)
    slowest = 0.0
    for _ in range(10):
        started = time.monotonic()
        assert requests.get(f"{url}/healthz", timeout=3).ok
        slowest = max(slowest, time.monotonic() - started)
    response = requests.post(f"{url}/webhook", json=legacy("قیمت؟", message_id="slow-1"),
                             headers={"Authorization": "k"}, timeout=3)  # fmt: skip
    assert response.status_code == 200
    assert wait_for_row(store, "slow-1").outcome == "dry_run"
    for sock in held:
        sock.close()
    print(f"\n/healthz: slowest of 10 answers {slowest * 1000:.0f} ms with {SLOW_CLIENTS} slow clients held open")
    assert slowest < 2.5, f"/healthz took {slowest:.2f} s with {SLOW_CLIENTS} slow clients"


def test_a_request_sent_in_slow_pieces_is_still_served(served):
    url, store = served
    body = json.dumps(legacy("قیمت؟", message_id="pieces-1"), ensure_ascii=False).encode()
    head = (f"POST /webhook HTTP/1.1\r\nHost: x\r\nAuthorization: k\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()  # fmt: skip
    with connect(url) as sock:
        for piece in (head[:20], head[20:], body[:30], body[30:]):
            sock.sendall(piece)
            time.sleep(0.3)
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert wait_for_row(store, "pieces-1").outcome == "dry_run"


MALFORMED_CHUNKS = [
    b"zz\r\nabc\r\n0\r\n\r\n",  # a chunk size that is not hex
    b"5\r\nabcdefgh\r\n0\r\n\r\n",  # a chunk longer than announced
    b"3\r\nabc0\r\n\r\n",  # no CRLF after the chunk's data
]


def test_malformed_chunked_bodies_are_400(served):
    url, _store = served
    head = (b"POST /webhook HTTP/1.1\r\nHost: x\r\nAuthorization: k\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")  # fmt: skip
    for chunks in MALFORMED_CHUNKS:
        started = time.monotonic()
        answer = raw_request(url, head + chunks)
        assert answer.startswith(b"HTTP/1.1 400"), (chunks, answer[:300])
        assert b"Traceback" not in answer
        assert time.monotonic() - started < 10  # answered, not left waiting for more bytes
    assert requests.get(f"{url}/healthz", timeout=3).ok


@pytest.mark.parametrize(("data", "complete"), [
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\n", False),
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", True),
    (b"POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab", False),
    (b"POST / HTTP/1.1\r\ncontent-length: 4\r\n\r\nabcd", True),
    (b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", True),  # malformed: the parser refuses it
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", False),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", True),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", True),
])  # fmt: skip
def test_request_completeness(data: bytes, complete: bool):
    assert request_complete(data) is complete
