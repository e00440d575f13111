"""The load generator's senders (bench/posting.py): what its offered rate and statuses rest on."""

from __future__ import annotations

import socket
import threading

from bench.posting import NO_ANSWER, Connection, Senders, offered, request_bytes


class Server:
    """A loopback HTTP/1.1 server scripted by answer: keeps the connection unless told to close."""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers
        self.requests: list[bytes] = []
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        data = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, rest = data.partition(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                while len(rest) < length:
                    rest += conn.recv(65536)
                self.requests.append(head + b"\r\n\r\n" + rest[:length])
                data = rest[length:]
                answer = self.answers.pop(0) if self.answers else _answer(200, b'{"status":"queued"}')
                conn.sendall(answer)
                if b"Connection: close" in answer:
                    return

    def close(self) -> None:
        self.listener.close()


def _answer(status: int, body: bytes, close: bool = False) -> bytes:
    return (f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"{'Connection: close' + chr(13) + chr(10) if close else ''}\r\n").encode() + body  # fmt: skip


def test_a_post_goes_out_whole_and_the_connection_is_kept_until_the_server_closes_it() -> None:
    server = Server([_answer(200, b"x" * 70_000), _answer(401, b"{}", close=True), _answer(200, b"{}")])
    try:
        request = request_bytes("127.0.0.1", server.port, "/webhook", "key", '{"a": "قيمت"}'.encode())
        connection = Connection("127.0.0.1", server.port)
        assert [connection.post(request) for _ in range(3)] == [200, 401, 200]
        assert server.connections == 2  # the second answer said close: the third post opened a new one
        assert server.requests[0] == request
        assert b"\r\nAuthorization: key\r\n" in request and request.endswith('{"a": "قيمت"}'.encode())
    finally:
        server.close()


def test_senders_deliver_again_after_a_503_and_count_each_posts_final_status() -> None:
    server = Server([_answer(503, b"{}")])
    try:
        posts = [(i // 2, request_bytes("127.0.0.1", server.port, "/webhook", "k", b"{}")) for i in range(6)]
        with Senders(2) as senders:
            outcome, offer = senders.post(("127.0.0.1", server.port), posts, rate=0, connections=3)
        assert outcome.statuses == {200: 6}
        assert outcome.resent == {"503": 1}
        assert sorted(outcome.posted_at) == [0, 1, 2]
        assert sorted(n for n, _ in outcome.went_out) == list(range(6)) and offer.posts == 6
        assert len(server.requests) == 7
    finally:
        server.close()


def test_a_post_nobody_answers_is_counted_as_no_answer(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("bench.posting.GIVE_UP", 0.0)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: refused
    from bench.posting import Outcome, send_share

    outcome = send_share(("127.0.0.1", port), [(0, 0, b"x")], rate=0, threads=1, start=0.0)
    assert outcome.statuses == {NO_ANSWER: 1} and isinstance(outcome, Outcome)


def test_offered_is_the_rate_the_first_attempts_went_out_at_and_their_lateness() -> None:
    went_out = [(n, 100.0 + n / 200 + (0.05 if n == 99 else 0.0)) for n in range(100)]  # the last one 50 ms late
    offer = offered(went_out, start=100.0, rate=200)
    assert offer.posts == 100
    assert abs(offer.seconds - (99 / 200 + 0.05)) < 1e-9
    assert abs(offer.rate - 99 / offer.seconds) < 1e-9
    assert offer.late_p50 == 0.0 and abs(offer.late_max - 0.05) < 1e-9
