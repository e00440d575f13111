"""The load generator's senders: webhook posts cheap enough to offer 200/s beside the service.

``bench/load.py`` posted with ``requests`` from 16 threads of the process that also runs the
fake Divar: about 1 ms of its CPU per post, under one GIL with the fake Divar's server, so on
this 2-core machine it offered only 163–189 posts/s while the service ran, and the 200 msg/s
target could not even be offered.  Here each post is one ``sendall`` of bytes built before the
clock starts (head and body), on a keep-alive socket, and a minimal read of the answer's status
line and ``Content-Length``; the senders run in processes of their own (:class:`Senders`),
each with its share of the connections.

The schedule is open loop: post ``n`` is due ``n / rate`` seconds after a start every process
is given, whatever the webhook's speed; what each post's first attempt actually went out at
comes back, so :func:`offered` says the rate really offered and how late posts went.
"""

from __future__ import annotations

import multiprocessing
import re
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

RETRY_PAUSE = 0.1  # seconds between deliveries of a post the webhook answered 503 or never answered
GIVE_UP = 60.0  # seconds a post is delivered again at most, as Divar does until it gets an answer
NO_ANSWER = 0  # the status counted for a post that never got one within GIVE_UP
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_CLOSE = re.compile(rb"\r\nconnection:[ \t]*close", re.IGNORECASE)


def request_bytes(host: str, port: int, path: str, key: str, body: bytes) -> bytes:
    """One whole HTTP/1.1 POST of a JSON ``body`` with Divar's ``Authorization``, keep-alive."""
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")  # fmt: skip
    return head.encode("latin-1") + body


class Connection:
    """A keep-alive connection that posts pre-built requests and reads only the status."""

    def __init__(self, host: str, port: int, timeout: float = 10.0) -> None:
        self.address = (host, port)
        self.timeout = timeout
        self.sock: socket.socket | None = None

    def post(self, request: bytes) -> int:
        """The answer's status; raises ``OSError`` (the connection is then closed) if none came."""
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.sock.sendall(request)
            return self._answer()
        except BaseException:
            self.close()
            raise

    def _answer(self) -> int:
        assert self.sock is not None
        data = b""
        while (end := data.find(b"\r\n\r\n")) < 0:
            data += self._recv()
        head, body = data[:end], data[end + 4 :]
        status = int(head[9:12])
        length = _CONTENT_LENGTH.search(head)
        if length is None:  # no length: the body runs to the close
            while self.sock.recv(65536):
                pass
            self.close()
            return status
        missing = int(length.group(1)) - len(body)
        while missing > 0:
            missing -= len(self._recv())
        if _CLOSE.search(head):
            self.close()
        return status

    def _recv(self) -> bytes:
        assert self.sock is not None
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        return chunk

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


Post = tuple[int, int, bytes]  # (position in the schedule, message index, request)


@dataclass
class Outcome:
    """What a sender process posted: merged across processes by :meth:`add`."""

    posted_at: dict[int, float] = field(default_factory=dict)  # message index → time.time() of its first post
    statuses: Counter[int] = field(default_factory=Counter)  # final status of each post (NO_ANSWER: none)
    resent: Counter[str] = field(default_factory=Counter)  # deliveries again, by reason
    went_out: list[tuple[int, float]] = field(default_factory=list)  # (position, time.monotonic() of its first attempt)

    def add(self, other: Outcome) -> None:
        for index, at in other.posted_at.items():
            self.posted_at[index] = min(at, self.posted_at.get(index, at))
        self.statuses.update(other.statuses)
        self.resent.update(other.resent)
        self.went_out.extend(other.went_out)


@dataclass(frozen=True)
class Offered:
    posts: int
    seconds: float  # from the first post's first attempt to the last's
    rate: float  # posts per second actually offered
    late_p50: float  # seconds behind the schedule
    late_p99: float
    late_max: float


def offered(went_out: list[tuple[int, float]], start: float, rate: float) -> Offered:
    """The rate really offered, and how far behind an open-loop schedule (post ``n`` due at
    ``start + n / rate``; ``rate`` 0: as fast as possible, lateness 0) the posts went out."""
    times = sorted(at for _, at in went_out)
    seconds = times[-1] - times[0] if len(times) > 1 else 0.0
    late = sorted(max(0.0, at - (start + n / rate)) for n, at in went_out) if rate else [0.0]
    return Offered(len(times), seconds, (len(times) - 1) / seconds if seconds > 0 else float("nan"),
                   late[len(late) // 2], late[min(len(late) - 1, int(len(late) * 0.99))], late[-1])  # fmt: skip


def send_share(address: tuple[str, int], share: list[Post], rate: float, threads: int, start: float,
               progress: Any = None) -> Outcome:  # fmt: skip
    """Post ``share`` from ``threads`` keep-alive connections, each post when it is due; the
    outcome.  ``progress`` (a shared counter) counts posts begun, for the caller's fault."""
    outcome = Outcome()
    lock = threading.Lock()
    todo = iter(share)

    def sender() -> None:
        connection = Connection(*address)
        try:
            while True:
                with lock:
                    post = next(todo, None)
                if post is None:
                    return
                position, index, request = post
                if rate:
                    delay = start + position / rate - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                went, wall = time.monotonic(), time.time()
                if progress is not None:
                    with progress.get_lock():
                        progress.value += 1
                status = _deliver(connection, request, outcome, lock)
                with lock:
                    outcome.went_out.append((position, went))
                    outcome.posted_at[index] = min(wall, outcome.posted_at.get(index, wall))
                    outcome.statuses[status] += 1
        finally:
            connection.close()

    workers = [threading.Thread(target=sender) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcome


def _deliver(connection: Connection, request: bytes, outcome: Outcome, lock: threading.Lock) -> int:
    """Post until an answer other than 503 comes, as Divar delivers again (at most GIVE_UP s)."""
    give_up = time.monotonic() + GIVE_UP
    while True:
        try:
            status = connection.post(request)
            if status != 503:
                return status
            reason = "503"
        except OSError:
            reason = "no answer"
            status = NO_ANSWER
        if time.monotonic() > give_up:
            return status
        with lock:
            outcome.resent[reason] += 1
        time.sleep(RETRY_PAUSE)


def _serve(pipe: Any, progress: Any) -> None:
    """A sender process: each job from the pipe is posted and its outcome sent back; None ends."""
    while (job := pipe.recv()) is not None:
        address, share, rate, threads = job
        pipe.send("ready")
        start = pipe.recv()  # time.monotonic() of post 0: one clock for every process on Linux
        pipe.send(send_share(address, share, rate, threads, start, progress))
    pipe.close()


class Senders:
    """``processes`` sender processes, forked at once: make it before this process starts any
    thread (the fake Divar's server), so no lock another thread held is copied into them.
    (Spawned instead, each re-imported ``bench/load.py`` and its imports: 5-10 s on a loaded machine.)"""

    def __init__(self, processes: int = 2) -> None:
        context = multiprocessing.get_context("fork")
        self.progress = context.Value("q", 0)  # posts begun, in all processes
        self.pipes, self.children = [], []
        for _ in range(processes):
            mine, theirs = context.Pipe()
            child = context.Process(target=_serve, args=(theirs, self.progress), daemon=True)
            child.start()
            self.pipes.append(mine)
            self.children.append(child)

    def post(self, address: tuple[str, int], posts: list[tuple[int, bytes]], rate: float, connections: int = 16,
             on_progress: Any = None) -> tuple[Outcome, Offered]:  # fmt: skip
        """Post ``(message index, request)`` in order, ``rate`` posts/s (0: as fast as they
        can), from ``connections`` keep-alive connections spread over the processes.

        ``on_progress(begun)`` is called here about every 5 ms with the number of posts begun
        (load.py's fault at half-way).  Returns the merged outcome and the rate offered.
        """
        schedule = [(n, index, request) for n, (index, request) in enumerate(posts)]
        processes = len(self.pipes)
        with self.progress.get_lock():
            self.progress.value = 0
        for p, pipe in enumerate(self.pipes):
            threads = connections // processes + (1 if p < connections % processes else 0)
            pipe.send((address, schedule[p::processes], rate, max(1, threads)))
        for pipe in self.pipes:
            if pipe.recv() != "ready":
                raise RuntimeError("a sender process did not take its share")
        start = time.monotonic() + 0.2
        for pipe in self.pipes:
            pipe.send(start)
        outcome, waiting = Outcome(), list(self.pipes)
        while waiting:
            for pipe in [p for p in waiting if p.poll(0.005)]:
                outcome.add(pipe.recv())
                waiting.remove(pipe)
            if on_progress is not None:
                on_progress(self.progress.value)
        return outcome, offered(outcome.went_out, start, rate)

    def close(self) -> None:
        for pipe in self.pipes:
            try:
                pipe.send(None)
            except OSError:
                pass
        for child in self.children:
            child.join(timeout=10)
            if child.is_alive():
                child.kill()

    def __enter__(self) -> Senders:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
