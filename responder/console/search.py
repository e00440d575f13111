"""Text search over the reply log, in Python.

Message and reply text may be stored encrypted (it is decoded in one place inside
:class:`~responder.store.Store`), so SQL cannot look inside it: ``LIKE`` would search
ciphertext.  Instead the other filters (post, outcome, rule, dates) select candidate rows
in SQL, the newest :data:`WINDOW` of them are read through the store, and their text is
matched here on the same normalized form the rules use (:func:`responder.text.fold`:
ی/ي, digits, ZWNJ and spacing do not matter).  The page says when the window was full,
i.e. when older messages were not searched.
"""

from __future__ import annotations

from dataclasses import dataclass

from responder.store import LogQuery, LogRow, Store
from responder.text import fold

WINDOW = 2000  # newest candidate rows read (and decrypted) per search: bounds the page's cost


@dataclass(frozen=True)
class Found:
    rows: list[LogRow]  # newest first
    scanned: int
    complete: bool  # False: the window was full, older rows were not searched


def matches(needle: str, row: LogRow) -> bool:
    """``needle`` already folded; it matches the message or the reply."""
    return needle in fold(row.text) or (bool(row.reply) and needle in fold(row.reply or ""))


def search(store: Store, query: LogQuery, text: str, window: int = WINDOW) -> Found:
    needle = fold(text)
    candidates = store.rows(query, window)
    found = [row for row in candidates if matches(needle, row)] if needle else candidates
    return Found(found, len(candidates), len(candidates) < window)
