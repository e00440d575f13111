"""A bounded memo of per-word readings: the Finglish reader and the misspelling reader keep what they read.

Buyers reuse few words, so a word is read once and its reading kept; the memo is emptied when it holds
:data:`KEPT` words, so a worker's memory stays flat whatever it reads.
"""

from __future__ import annotations

from collections.abc import Callable

KEPT = 20_000


def kept_reading(kept: dict[str, str], word: str, read: Callable[[str], str]) -> str:
    """``read(word)``, from ``kept`` when it was read before (one lookup: another thread may empty it between two)."""
    found = kept.get(word)
    if found is None:
        if len(kept) >= KEPT:
            kept.clear()
        found = kept[word] = read(word)
    return found
