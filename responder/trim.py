"""Give freed memory back to the system now and then: a worker's RSS stays where its work needs it.

Measured (``bench/worker_memory.py``, bench/README.md "Worker memory"): over many messages
a worker's Python objects stay flat, but glibc's malloc keeps what the 32 send threads
free in its heaps, scattered between chunks still in use, and returns it only when the top
of a heap is free.  The freed-but-kept part grows slowly for as long as the worker runs —
the issue's "1.5 MB per 10,000 messages".  ``malloc_trim(0)`` hands every whole free page
of every arena back (``madvise``), so a thread that trims once a minute bounds RSS by what
is actually in use.  It takes a few milliseconds with malloc's locks held; elsewhere than
glibc (musl, macOS) there is nothing to call and the thread is not started.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

TRIM_INTERVAL_SECONDS = 60.0


def malloc_trim() -> Callable[[], bool] | None:
    """glibc's ``malloc_trim(0)`` as a function returning whether memory was released; None elsewhere."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own symbols: no ldconfig run to find libc
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return lambda: bool(trim(0))


def start_trimming(interval: float = TRIM_INTERVAL_SECONDS, trim: Callable[[], bool] | None = None) -> threading.Event | None:
    """Trim in this process (a worker, or the embedded server) every ``interval`` seconds, on a
    daemon thread, until the returned event is set; None if malloc has no trim."""
    trim = trim or malloc_trim()
    if trim is None:
        return None
    stop = threading.Event()
    threading.Thread(target=_trim_every, args=(trim, interval, stop), name="responder-malloc-trim", daemon=True).start()
    return stop


def _trim_every(trim: Callable[[], bool], interval: float, stop: threading.Event) -> None:
    while not stop.wait(interval):
        try:
            trim()
        except Exception:  # never let housekeeping take the worker down
            log.exception("malloc_trim failed")
