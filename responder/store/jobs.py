"""What the service keeps beside the reply log so a restart loses nothing, as a mixin of
:class:`Store <responder.store.Store>`: the embedded queue's held jobs and their run counts,
the embedded mode's send journal, the last good rule files, and the received events (their
kind only).  Bodies and records are sealed on the way in and opened on the way out.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import delete, desc, insert, select, update

from responder import privacy
from responder.crypto import UNREADABLE
from responder.store.base import StoreBase
from responder.store.rows import _aware
from responder.store.tables import events, good_rules, held, sends

log = logging.getLogger("responder.store")  # the name it logged under before the split


class JobRecords(StoreBase):
    """Held jobs, the send journal, the last good rule files and the received events."""

    def record_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(events).values(type=kind, payload=self._seal_json(privacy.minimal_event(payload)), received_at=received_at))

    def hold(self, job_id: str, kind: str, body: dict[str, Any]) -> None:
        """Keep a job until :meth:`release`; holding it again replaces its body (a retry)."""
        self._put(held.c.id, job_id, kind=kind, body=self._seal_json(body), held_at=datetime.now(timezone.utc))

    def start_run(self, job_id: str) -> int:
        """Count one run of a held job, committed before it runs; returns the count.

        The count goes when the job ends (:meth:`release`) or waits for a retry (:meth:`hold`
        again), so what is left counts the runs the process died in.  0: not held.
        """
        with self.engine.begin() as conn:
            conn.execute(update(held).where(held.c.id == job_id).values(runs=held.c.runs + 1))
            return int(conn.execute(select(held.c.runs).where(held.c.id == job_id)).scalar() or 0)

    def unfinished_runs(self) -> dict[str, int]:
        """Held jobs started and never ended (the process died running them), with their counts."""
        with self.engine.connect() as conn:
            return {row.id: row.runs for row in conn.execute(select(held.c.id, held.c.runs).where(held.c.runs > 0))}

    def release(self, job_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(held).where(held.c.id == job_id))

    def held_jobs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """``(id, kind, body)`` of every held job, oldest first (not those sealed with a lost key)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(held.c.id, held.c.kind, held.c.body).order_by(held.c.held_at, held.c.id)).all()
        jobs = []
        for row in rows:
            body = self.sealer.open(row.body)
            if body == UNREADABLE:
                log.error("held job %s is encrypted with another TOKEN_ENCRYPTION_KEY: kept, not resumed", row.id)
                continue
            jobs.append((row.id, row.kind, json.loads(body)))
        return jobs

    # -- the embedded mode's send journal (responder.worker.SendJournal) -----------------

    def start_sending(self, message_id: str, reply: dict[str, Any]) -> None:
        self._set_send(message_id, "sending", reply)

    def remember_sent(self, message_id: str, reply: dict[str, Any]) -> None:
        self._set_send(message_id, "sent", reply)

    def keep_unsent(self, message_id: str, reply: dict[str, Any]) -> None:
        self._set_send(message_id, "unsent", reply)

    def send_record(self, message_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            raw = conn.execute(select(sends.c.record).where(sends.c.message_id == message_id)).scalar()
        return privacy.open_send_record(self.sealer, raw)

    def forget_send(self, message_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sends).where(sends.c.message_id == message_id))

    def _set_send(self, message_id: str, phase: str, reply: dict[str, Any]) -> None:
        record = self._seal_json({"phase": phase, **reply})
        self._put(sends.c.message_id, message_id, record=record, updated_at=datetime.now(timezone.utc))

    # -- the last good rule files (responder.engine.reloader.RuleKeeper) -----------------

    def save_good_rules(self, directory: str, files: list[tuple[str, str]]) -> None:
        self._put(good_rules.c.directory, directory, files=json.dumps(files, ensure_ascii=False),
                  saved_at=datetime.now(timezone.utc))  # fmt: skip

    def good_rules(self, directory: str) -> tuple[list[tuple[str, str]], datetime] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(good_rules.c.files, good_rules.c.saved_at).where(good_rules.c.directory == directory)).first()
        if row is None:
            return None
        return [(str(name), str(text)) for name, text in json.loads(row.files)], _aware({"t": row.saved_at})["t"]

    def recent_events(self, limit: int = 50) -> list[dict[str, Any]]:
        """``{received_at, type, payload}``, newest first; ``payload`` is the JSON of what was kept."""
        query = select(events.c.received_at, events.c.type, events.c.payload).order_by(desc(events.c.id)).limit(limit)
        with self.engine.connect() as conn:
            rows = [_aware(row._asdict()) for row in conn.execute(query)]
        return [{**row, "payload": self.sealer.open(row["payload"])} for row in rows]

