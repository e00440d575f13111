"""The malloc trimmer that keeps a worker's RSS bounded (responder.trim)."""

from __future__ import annotations

import sys
import threading

import pytest

from responder.trim import MemoryTrimmer, malloc_trim


def test_the_trimmer_trims_every_interval_and_stops():
    calls: list[int] = []
    three = threading.Event()

    def trim() -> bool:
        calls.append(1)
        if len(calls) == 3:
            three.set()
        return True

    trimmer = MemoryTrimmer(trim, interval=0.01).start()
    assert three.wait(5)
    trimmer.stop()
    stopped_at = len(calls)
    assert not trimmer._thread.is_alive() and len(calls) == stopped_at


def test_a_failing_trim_does_not_end_the_thread():
    calls: list[int] = []
    second = threading.Event()

    def trim() -> bool:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("no")
        second.set()
        return False

    trimmer = MemoryTrimmer(trim, interval=0.01).start()
    assert second.wait(5)
    trimmer.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_glibc_trim_is_found_and_runs():
    trim = malloc_trim()
    assert trim is not None
    blocks = [bytearray(64 * 1024) for _ in range(200)]  # freed below: something to hand back
    del blocks
    assert trim() in (True, False)
