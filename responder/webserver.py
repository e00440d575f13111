"""The web processes' gunicorn worker: slow or stuck clients never hold a thread.

gunicorn's ``gthread`` worker hands a connection to a thread as soon as its first bytes
arrive, and the thread then blocks reading the rest: four clients sending half a request
head and waiting took all four threads of the embedded ``responder serve``, and
``/healthz`` timed out for the 95 s they were held.  This worker reads each request —
head and body, which the webhook caps at 64 KiB — without blocking, in the main loop's
poller, and gives a thread only a request that has fully arrived.  A client gets
:data:`REQUEST_SECONDS` to send a whole request, and a connection that goes quiet is closed
after gunicorn's ``keepalive`` seconds.  The thread then parses bytes already in memory:
a malformed body fails at once (the webhook answers 400), never waits.

It also stops once when signalled twice (:meth:`BufferingWorker.handle_quit`): Ctrl-C on
``responder serve`` reached the worker as SIGINT and SIGQUIT together and could hang it for 30 s.

``responder serve`` and the Procfile run it: ``--worker-class responder.webserver.BufferingWorker``.
"""

from __future__ import annotations

import re
import time
from typing import Any

from gunicorn.workers.gthread import _DEFER, ThreadWorker

REQUEST_SECONDS = 10.0  # to send one whole request, head and body
MAX_HEAD = 32 * 1024  # gunicorn refuses longer heads itself (limit_request_line/fields)
MAX_BUFFER = 160 * 1024  # head + a 64 KiB body in chunked framing; past this the app answers 413
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*([^\r\n]*)", re.IGNORECASE)
_CHUNKED = re.compile(rb"\r\ntransfer-encoding:[^\r\n]*chunked", re.IGNORECASE)


def request_complete(data: bytes) -> bool:
    """Whether ``data`` holds one whole HTTP/1 request, or enough to know it is malformed.

    A malformed head or body counts as complete: gunicorn's parser (or the webhook) then
    refuses it at once instead of waiting for bytes that will never make it valid.
    """
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return len(data) > MAX_HEAD
    head, body = data[: end + 2], data[end + 4 :]
    if _CHUNKED.search(head):
        return _chunks_complete(body)
    found = _CONTENT_LENGTH.search(head)
    if not found:
        return True
    try:
        length = int(found.group(1).strip())
    except ValueError:
        return True
    return length < 0 or len(body) >= length


def _chunks_complete(body: bytes) -> bool:
    position = 0
    while True:
        line_end = body.find(b"\r\n", position)
        if line_end < 0:
            return len(body) - position > 1024  # a chunk-size line this long is malformed
        size_text = body[position:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return True  # malformed: let the parser say so
        if size < 0:
            return True
        if size == 0:  # the last chunk, then optional trailers and an empty line
            rest = body[line_end + 2 :]
            return rest.startswith(b"\r\n") or b"\r\n\r\n" in rest
        data_end = line_end + 2 + size
        if len(body) < data_end + 2:
            return False
        if body[data_end : data_end + 2] != b"\r\n":
            return True  # malformed
        position = data_end + 2


class BufferingWorker(ThreadWorker):
    """gthread, except that a thread only ever gets a request that has fully arrived."""

    _quitting = False

    def handle_quit(self, sig: int, frame: Any) -> None:
        """Stop now (SIGINT, SIGQUIT), once, however many of them arrive.

        Ctrl-C in a terminal signals the whole process group: this worker gets SIGINT from the
        terminal and, a moment later, SIGQUIT from the master it also reached.  gthread's handler
        shuts the thread pool down under the pool's lock, which is not re-entrant: when the
        second signal landed while the first handler held it (a busy machine: 3 stops in 3 in a
        new-user trial, 3 in 5 here), the second handler waited for that lock forever, until the
        master killed the worker 30 s later («Perhaps out of memory?»).  The first handler
        finishes the stop; a second has nothing to add.
        """
        if self._quitting:
            return
        self._quitting = True
        super().handle_quit(sig, frame)

    def handle(self, conn: Any) -> Any:
        if self.cfg.is_ssl or (conn.initialized and conn.parser.unreader.buf.getvalue()):
            return super().handle(conn)  # TLS, or pipelined bytes already read ahead
        buffered: bytearray = getattr(conn, "buffered", None) or bytearray()
        conn.buffered = buffered
        closed = _read_available(conn.sock, buffered)
        if not buffered:
            return False if closed else _DEFER  # nothing yet: back to the poller, no thread held
        if not hasattr(conn, "request_started"):
            conn.request_started = time.monotonic()
        complete = request_complete(bytes(buffered)) or len(buffered) > MAX_BUFFER
        if not complete:
            if closed or time.monotonic() - conn.request_started > REQUEST_SECONDS:
                return False  # too slow, or gone: close without tying up a thread any longer
            return _DEFER
        conn.buffered = bytearray()
        del conn.request_started
        conn.data_ready = True
        conn.init()
        conn.parser.unreader.unread(bytes(buffered))
        return super().handle(conn)


def _read_available(sock: Any, into: bytearray) -> bool:
    """Append what the socket has without waiting; True if the peer closed its side."""
    sock.setblocking(False)
    try:
        while len(into) <= MAX_BUFFER:
            chunk = sock.recv(65536)
            if not chunk:
                return True
            into += chunk
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True
    return False
