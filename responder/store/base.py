"""What every part of :class:`Store <responder.store.Store>` shares: its engine and
sealer, the one way reply-log rows go in (masked, then sealed) and come out (opened) —
:meth:`StoreBase._sealed_row`, :meth:`StoreBase._log_rows`, :meth:`StoreBase._log_row` —
and the keyed-row helpers (:meth:`StoreBase._put`, :meth:`StoreBase._seal_json`).  The
mixins in this package derive from it, so each reads on its own.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from sqlalchemy import Column, delete, insert
from sqlalchemy.engine import Engine

from responder.crypto import UNREADABLE, Sealer, sealed
from responder.masking import mask
from responder.store.rows import LogRow, _aware
from responder.store.tables import MASKED, SEALED_ONLY

_LOG_ROW_FIELDS = tuple(field.name for field in fields(LogRow))


class StoreBase:
    """The state and helpers the store's parts share; :class:`Store <responder.store.Store>` sets them."""

    engine: Engine
    sealer: Sealer

    # -- the one way rows come in and out (see responder.store's docstring) ---------------

    def _sealed_row(self, row: LogRow) -> dict[str, Any]:
        values = {name: getattr(row, name) for name in _LOG_ROW_FIELDS}  # scalars: asdict's deep copy is wasted work
        for name in MASKED:
            values[name] = self.sealer.seal(mask(values[name]))
        for name in SEALED_ONLY:
            values[name] = self.sealer.seal(values[name])
        return values

    def _log_rows(self, query: Any) -> list[LogRow]:
        """Run a ``select(*_log_columns())`` query; plain :class:`LogRow` objects."""
        with self.engine.connect() as conn:
            return [self._log_row(row._asdict()) for row in conn.execute(query)]

    def _log_row(self, values: dict[str, Any]) -> LogRow:
        """A stored row as callers see it: opened, and masked if an old version wrote it."""
        for name in MASKED + SEALED_ONLY:
            stored = values[name]
            values[name] = self.sealer.open(stored)
            if name in MASKED and stored and not sealed(stored):
                values[name] = mask(stored)
        if values["message"] == UNREADABLE:
            values["message"] = None
        return LogRow(**_aware(values))

    def _put(self, key: Column[str], value: str, **columns: Any) -> None:
        """Insert the row keyed ``key == value``, replacing any earlier one, in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(delete(key.table).where(key == value))
            conn.execute(insert(key.table).values({key.name: value, **columns}))

    def _seal_json(self, value: dict[str, Any]) -> str:
        return self.sealer.seal(json.dumps(value, ensure_ascii=False)) or ""
