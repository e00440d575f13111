"""Where a send's "under way" window goes: timestamps of every send in every worker process.

Python imports this at start-up when this folder is on ``PYTHONPATH``; it does anything only
with ``SEND_WINDOW_TRACE=1``.  It wraps, without changing what they do, the send journal's
writes (``State.start_sending``, ``remember_sent``, ``forget_send``) and the HTTP
connection's connect, send and response, and appends one line per send to
``/tmp/send-window/<pid>.log``.  Works on the code before and after the window was narrowed
(``bench/README.md``, "The under-way window")::

    rm -rf /tmp/send-window
    PYTHONPATH=bench/send_window SEND_WINDOW_TRACE=1 python bench/load.py --rate 100 --messages 2000 --fail-ratio 0.2
    python bench/send_window/analyze.py
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

FOLDER = "/tmp/send-window"
_local = threading.local()  # the current send's marks, per thread
_lock = threading.Lock()
_out: list[TextIO] = []


def _mark(name: str, once: bool = False) -> None:
    marks = getattr(_local, "marks", None)
    if marks is None or (once and name in marks):
        return
    marks[name] = time.time()
    if name.startswith("done_"):
        with _lock:
            if not _out:
                os.makedirs(FOLDER, exist_ok=True)
                _out.append(open(f"{FOLDER}/{os.getpid()}.log", "a", buffering=1))  # noqa: SIM115 - for the process's life
            _out[0].write(" ".join(f"{k}={v:.6f}" for k, v in marks.items()) + "\n")
        _local.marks = None


def _around(cls: type, name: str, before: str | None, after: str | None, start: bool = False) -> None:
    real: Callable[..., Any] = getattr(cls, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if start:
            _local.marks = {}
        if before:
            _mark(before, once=True)
        result = real(*args, **kwargs)
        if after:
            _mark(after, once=True)
        return result

    setattr(cls, name, wrapper)


def _patch_state(module: Any) -> None:
    _around(module.State, "start_sending", "start0", "start1", start=True)
    _around(module.State, "remember_sent", "sent0", "done_sent")
    _around(module.State, "forget_send", "forget0", "done_forget")


class _AfterImport(importlib.abc.MetaPathFinder):
    """Patches ``responder.state`` right after it is imported."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "responder.state":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        execute = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            execute(module)
            _patch_state(module)

        spec.loader.exec_module = exec_module
        return spec


_gc_started: list[float] = []


def _gc(phase: str, info: dict[str, int]) -> None:
    """Collections of the older generations stop every thread: written as ``gc=<gen>:<ms>``."""
    if phase == "start":
        _gc_started[:] = [time.perf_counter()]
    elif _gc_started and info["generation"] > 0:
        with _lock:
            if _out:
                _out[0].write(f"gc={info['generation']}:{1000 * (time.perf_counter() - _gc_started[0]):.3f}\n")


if os.environ.get("SEND_WINDOW_TRACE") == "1":
    import gc
    import http.client

    gc.callbacks.append(_gc)

    import urllib3.connection

    _around(http.client.HTTPConnection, "send", "wire0", None)
    _around(http.client.HTTPConnection, "getresponse", None, "response")
    _around(urllib3.connection.HTTPConnection, "connect", "connect0", "connect1")
    sys.meta_path.insert(0, _AfterImport())
