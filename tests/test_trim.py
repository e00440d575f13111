"""The malloc trimmer that keeps a worker's RSS bounded (responder.trim)."""

from __future__ import annotations

import sys
import threading

import pytest

from responder.trim import malloc_trim, start_trimming


@pytest.mark.parametrize("first_fails", [False, True])
def test_the_trimmer_trims_every_interval_until_stopped(first_fails):
    """A failing trim does not end the thread; setting the event does."""
    calls: list[int] = []
    three = threading.Event()

    def trim() -> bool:
        calls.append(1)
        if len(calls) == 3:
            three.set()
        if first_fails and len(calls) == 1:
            raise OSError("no")
        return True

    others = set(threading.enumerate())  # trimmers other tests started (a served app's) run on
    stop = start_trimming(0.01, trim)
    assert stop is not None and three.wait(5)
    trimmers = [t for t in threading.enumerate() if t.name == "responder-malloc-trim" and t not in others]
    stop.set()
    for thread in trimmers:
        thread.join(5)
    assert trimmers and not any(t.is_alive() for t in trimmers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_glibc_trim_is_found_and_runs():
    trim = malloc_trim()
    assert trim is not None and isinstance(trim(), bool)
