"""Divar's data rules applied to what the store keeps: keys, old rows, events, retention.

kenar-docs ``docs/misc/policies.md`` («ذخیره‌سازی داده‌ها»): keep no personal data you can
avoid, chat messages above all; what must be kept is kept encrypted, as briefly as
possible, then deleted, and users are told what, for how long and why (README, «What this
service stores»).  :mod:`responder.store` is the one place rows are written and read; it
calls these helpers, which know its tables only through their arguments:

* :func:`encryption_keys` — ``TOKEN_ENCRYPTION_KEY``, or in a dry run without it, a key
  the database generates and keeps for itself (see its docstring for why);
* :func:`upgrade` — the one-time upgrade of a database written before encryption (and
  the move from a generated key to the configured one), safe with several processes
  doing it at once: every write is compare-and-set;
* :func:`minimal_event` — what is kept of a non-message event: its kind, never its payload;
* :func:`open_send_record` — the send journal's records, sealed in the database or Redis;
* :class:`Retention` — clears chat text older than ``CHAT_RETENTION_DAYS``, hourly.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Column, Table, and_, delete, insert, not_, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from responder.config import ConfigError
from responder.crypto import SEALED, UNREADABLE, CipherError, Sealer, key_id, new_key, sealed, split_keys

log = logging.getLogger(__name__)

GENERATED_KEY = "generated_key"  # meta row: the key a keyless dry run made for this database
CONFIGURED_KEY_ID = "configured_key_id"  # meta row: fingerprint of the TOKEN_ENCRYPTION_KEY in use
UPGRADED = "sealed_v1"  # meta row: plain rows of older versions sealed, their event payloads trimmed
BATCH = 500
PURGE_INTERVAL = 3600.0  # seconds between retention runs: text goes at most an hour late


KEY_MISMATCH = (
    "TOKEN_ENCRYPTION_KEY does not hold the key this database was encrypted with: set that key; to rotate, "
    "put the new key first and the old one after it, comma-separated (TOKEN_ENCRYPTION_KEY=NEW,OLD); if the old "
    "key is lost, `responder forget-key --yes` clears what it sealed and disconnects the posts (sellers reconnect)"
)


@dataclass(frozen=True)
class KeyRing:
    """The keys to read with, the one to write with first; ``rekey``: some rows may be
    sealed with a later key (a generated one, or the old key of a rotation) and are to be
    re-sealed with the first; ``lost``: the database's key is not among them
    (``responder forget-key`` only, see :func:`forget_unreadable`)."""

    keys: list[str]
    rekey: bool = False
    lost: bool = False


def encryption_keys(engine: Engine, meta: Table, configured: str, forget: bool = False) -> KeyRing:
    """The keys to read with, the one to write with first.

    With ``TOKEN_ENCRYPTION_KEY`` (required whenever real sends are on) its keys (several,
    comma-separated, while rotating), plus a key the database generated earlier, if any,
    until :func:`upgrade` has moved every row off it.  The database keeps the fingerprint
    of the key it is encrypted with: a set of keys without it is refused (a typo must not
    make every row unreadable), unless ``forget``.  Without a key (a dry run), the
    database makes one once and keeps it in its ``meta`` table: every process using the
    database (``responder serve``, ``responder logs``, workers) reads the same log, and
    nothing is written in plain text.  A key kept beside the data protects little, which
    is acceptable only because a dry run sends nothing and is not connected to real
    buyers; start-up says so loudly.  A database already encrypted with a configured key
    refuses to run without it.
    """
    stored = _meta(engine, meta)
    keys = split_keys(configured)
    if keys:
        fingerprints = [key_id(key) for key in keys]
        current = stored.get(CONFIGURED_KEY_ID) or put_meta(engine, meta, CONFIGURED_KEY_ID, fingerprints[0])
        lost = current not in fingerprints
        if lost and not forget:
            raise ConfigError(KEY_MISMATCH)
        generated = [stored[GENERATED_KEY]] if GENERATED_KEY in stored else []
        return KeyRing(keys + generated, rekey=bool(generated) or current != fingerprints[0], lost=lost)
    if CONFIGURED_KEY_ID in stored:
        raise ConfigError("TOKEN_ENCRYPTION_KEY is not set, but this database's log is encrypted with it: set it")
    key = stored.get(GENERATED_KEY) or put_meta(engine, meta, GENERATED_KEY, new_key())
    _warn_once("TOKEN_ENCRYPTION_KEY is not set: chat text in the reply log is encrypted with a key this database "
               "generated and keeps itself (fine for a dry run; set TOKEN_ENCRYPTION_KEY before going live)")  # fmt: skip
    return KeyRing([key])


_WARNED: set[str] = set()


def _warn_once(text: str) -> None:
    """Once per process: the embedded server opens the database for its web and worker sides."""
    if text not in _WARNED:
        _WARNED.add(text)
        log.warning(text)


def settle_key(engine: Engine, meta: Table, fingerprint: str) -> None:
    """Record the key the database is encrypted with (after a rotation, or a forgotten key)."""
    with engine.begin() as conn:
        conn.execute(update(meta).where(meta.c.key == CONFIGURED_KEY_ID).values(value=fingerprint))


def retire_generated_key(engine: Engine, meta: Table) -> None:
    """Forget the dry run's key once every row is sealed with the configured one."""
    with engine.begin() as conn:
        conn.execute(delete(meta).where(meta.c.key == GENERATED_KEY))


def _meta(engine: Engine, meta: Table) -> dict[str, str]:
    with engine.connect() as conn:
        return {key: value for key, value in conn.execute(select(meta.c.key, meta.c.value))}


def put_meta(engine: Engine, meta: Table, key: str, value: str) -> str:
    """Insert ``key`` unless another process did first; the value that won."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(meta).values(key=key, value=value))
        return value
    except IntegrityError:
        return _meta(engine, meta)[key]


def upgrade(engine: Engine, meta: Table, plan: dict[Column[Any], dict[str, Callable[[str], str]]],
            resealer: Sealer | None, tokens: dict[Column[Any], list[str]] | None = None) -> bool:  # fmt: skip
    """Bring a database written by an older version up to these rules; whether rows changed.

    ``plan`` maps each table's key column to its sealed columns and what a plain value
    becomes.  Plain values are sealed once per database (a ``meta`` row remembers it); a
    row an older process still running writes later stays plain until the retention
    clears it, and is masked whenever it is read.  ``resealer`` (given while a generated
    key is retired or a configured key rotated, :attr:`KeyRing.rekey`) re-encrypts every
    value with its first key, the sealed columns and the ``tokens`` ones (sellers' OAuth
    tokens, Fernet without the :data:`SEALED` mark); the database's key fingerprint moves
    to the first key only once every value reads with it.
    """
    changed = 0
    if UPGRADED not in _meta(engine, meta):
        changed = sum(seal_plain_rows(engine, key, columns) for key, columns in plan.items())
        if changed:
            log.warning("upgraded the database: %d row(s) of chat text and event payloads encrypted or trimmed", changed)
        put_meta(engine, meta, UPGRADED, "done")
    if resealer is not None:
        unreadable: list[str] = []
        for key, columns in plan.items():
            changed += reseal_rows(engine, key, list(columns), resealer.reseal, True, unreadable)
        for key, names in (tokens or {}).items():
            changed += reseal_rows(engine, key, names, resealer.cipher.rotate, False, unreadable)
        if GENERATED_KEY in _meta(engine, meta):
            retire_generated_key(engine, meta)
            log.warning("the reply log is now encrypted with TOKEN_ENCRYPTION_KEY; the dry run's generated key is gone")
        if unreadable:
            log.warning("%d stored value(s) read with none of TOKEN_ENCRYPTION_KEY's keys: keep the old key after the new "
                        "one, or clear them with `responder forget-key --yes`", len(unreadable))  # fmt: skip
        elif (before := _meta(engine, meta).get(CONFIGURED_KEY_ID)) is not None:
            settle_key(engine, meta, resealer.cipher.key_id)
            if before != resealer.cipher.key_id:  # a rotation, not only the dry run's key retired: one key set says nothing of "older keys"
                log.warning("every stored value is now encrypted with the first TOKEN_ENCRYPTION_KEY: the older keys after "
                            "it can be removed once every process runs with the new setting")  # fmt: skip
    return changed > 0


def seal_plain_rows(engine: Engine, key: Column[Any], columns: dict[str, Callable[[str], str]]) -> int:
    """Seal every value of ``columns`` still in plain text; the count of rows changed.

    ``columns`` maps a column name to what its plain value becomes (masked, trimmed, then
    sealed).  Each update applies only if the row still holds the values read: processes
    upgrading the same database at once never seal a value twice, and a value changed in
    the meantime (cleared by the retention, a send record moved on) is never overwritten.
    """
    table = key.table
    plain = or_(*(and_(table.c[name].is_not(None), table.c[name] != "", not_(table.c[name].startswith(SEALED)))
                  for name in columns))  # fmt: skip

    def change(row: Any) -> dict[str, str]:
        return {name: to(row[name]) for name, to in columns.items() if row[name] and not sealed(row[name])}

    return _rewrite(engine, key, list(columns), plain, change)


def reseal_rows(engine: Engine, key: Column[Any], columns: list[str], reseal: Callable[[str], str], marked: bool,
                unreadable: list[str]) -> int:  # fmt: skip
    """Re-encrypt every encrypted value of ``columns`` with the first key (``reseal``
    returns a value already under it unchanged: nothing is written); ``marked``: the
    columns carry :data:`SEALED` (else every non-empty value is a token).  A value no key
    reads is left as it is and its row key added to ``unreadable``."""
    table = key.table
    if marked:
        anything = or_(*(table.c[name].startswith(SEALED) for name in columns))
    else:
        anything = or_(*(and_(table.c[name].is_not(None), table.c[name] != "") for name in columns))

    def change(row: Any) -> dict[str, str]:
        changed = {}
        for name in columns:
            value = row[name]
            if value and (sealed(value) or not marked):
                try:
                    new = reseal(value)
                except CipherError:  # sealed with a key we do not have: leave it (shown as unreadable)
                    unreadable.append(str(row[key.name]))
                    continue
                if new != value:
                    changed[name] = new
        return changed

    return _rewrite(engine, key, columns, anything, change)


DROP = object()  # in a forget plan: a row whose value no key reads is deleted (a held job)


def forget_unreadable(engine: Engine, key: Column[Any], columns: dict[str, Any], sealer: Sealer, marked: bool,
                      also: dict[str, Any] | None = None) -> int:  # fmt: skip
    """``responder forget-key``: replace each value of ``columns`` that no configured key
    reads by what ``columns`` maps it to (``also`` set beside it; :data:`DROP` deletes the
    row); the count of rows changed.  Values that read are kept as they are."""
    table = key.table
    present = or_(*(and_(table.c[name].is_not(None), table.c[name] != "") for name in columns))

    def lost(value: str | None) -> bool:
        if not value or (marked and not sealed(value)):
            return False
        try:
            sealer.cipher.decrypt(value[len(SEALED) :] if marked else value)
        except CipherError:
            return True
        return False

    def change(row: Any) -> dict[str, Any] | None:
        gone = [name for name in columns if lost(row[name])]
        if any(columns[name] is DROP for name in gone):
            return None
        return {**{name: columns[name] for name in gone}, **(also or {})} if gone else {}

    return _rewrite(engine, key, list(columns), present, change)


def _rewrite(engine: Engine, key: Column[Any], names: list[str], where: Any,
             change: Callable[[Any], dict[str, Any] | None]) -> int:  # fmt: skip
    """Apply ``change`` to every row matching ``where``, in batches; each update only if the
    row still holds the values read (compare-and-set); ``None`` deletes the row."""
    table = key.table
    done, after = 0, None
    while True:
        query = select(key, *(table.c[name] for name in names)).where(where)
        if after is not None:
            query = query.where(key > after)
        with engine.connect() as conn:
            rows = conn.execute(query.order_by(key).limit(BATCH)).mappings().all()
        if not rows:
            return done
        with engine.begin() as conn:
            for row in rows:
                values = change(row)
                same = [table.c[name] == row[name] for name in names if values is None or name in values]
                if values is None:
                    done += conn.execute(delete(table).where(key == row[key.name], *same)).rowcount
                elif values:
                    done += conn.execute(update(table).where(key == row[key.name], *same).values(values)).rowcount
        after = rows[-1][key.name]


def open_send_record(sealer: Sealer | None, raw: str | bytes | None) -> dict[str, Any] | None:
    """A send record as the journal stored it (sealed, or plain from an older version).

    One sealed with a key we no longer have counts as under way: Divar may have the reply,
    so it is logged ``failed:interrupted`` and never sent twice."""
    if not raw:
        return None
    text = raw.decode() if isinstance(raw, bytes) else raw
    if sealer is not None:
        text = sealer.open(text) or ""
    if text == UNREADABLE:
        return {"phase": "sending", "rule": None, "reply": None}
    return json.loads(text)


# Fields of an event that say what happened without saying who or what was written: its
# kind, the post it concerns, a state.  Everything else (metadata, user ids, post data,
# amounts, texts) is dropped before anything is stored.
KEPT_EVENT_FIELDS = frozenset({"type", "token", "post_token", "state"})


def trimmed_event(payload: str) -> str:
    """An event payload an older version stored whole (JSON), cut down to what is kept now."""
    try:
        return json.dumps(minimal_event(json.loads(payload)), ensure_ascii=False)
    except (ValueError, AttributeError):  # not a JSON object: keep nothing of it
        return "{}"


def minimal_event(payload: dict[str, Any]) -> dict[str, Any]:
    """The event with only :data:`KEPT_EVENT_FIELDS` left, at any depth (idempotent)."""
    kept: dict[str, Any] = {}
    for name, value in payload.items():
        if isinstance(value, dict):
            inner = minimal_event(value)
            if inner:
                kept[name] = inner
        elif name in KEPT_EVENT_FIELDS and isinstance(value, (str, int, bool)):
            kept[name] = value
    return kept


class Retention:
    """Clears chat text older than ``days`` by calling ``purge(cutoff)`` now and every hour.

    Runs as a daemon thread in the process that handles messages: ``responder serve`` in
    the embedded mode, each Celery worker's main process otherwise; no scheduler to run.
    Several at once are harmless (the purge is one idempotent UPDATE).  ``responder
    purge`` runs it once by hand.
    """

    def __init__(self, purge: Callable[[datetime], int], days: float, interval: float = PURGE_INTERVAL,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:  # fmt: skip
        self.purge = purge
        self.days = days
        self.interval = interval
        self.clock = clock

    def run_once(self) -> int:
        cleared = self.purge(self.clock() - timedelta(days=self.days))
        if cleared:
            log.info("retention: cleared the chat text of %d log row(s) older than %g day(s)", cleared, self.days)
        return cleared

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._loop, name="responder-retention", daemon=True)
        thread.start()
        return thread

    def _loop(self) -> None:
        while True:
            try:
                self.run_once()
            except Exception:  # the database is away: try again at the next round
                log.exception("retention: clearing old chat text failed; trying again in %.0f s", self.interval)
            time.sleep(self.interval)
