"""The console's reads of the reply log (filters, paging, conversation lists, the day's
figures), as a mixin of :class:`Store <responder.store.Store>`.  Every row comes back
through :meth:`StoreBase._log_rows <responder.store.base.StoreBase._log_rows>`, so it is
opened and masked like any other read; counts and groupings are done in SQL.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from collections.abc import Collection

from sqlalchemy import and_, desc, false, func, literal, or_, select, union_all

from responder.store.base import StoreBase
from responder.store.rows import ANSWERED, ConversationLine, DayFigures, LogQuery, LogRow, _log_columns
from responder.store.tables import replies


class LogReads(StoreBase):
    """The reply log as the console and ``responder logs`` read it."""

    # -- the console's reads (filters, paging, totals) ------------------------------------

    def count(self, query: LogQuery) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(replies).where(*query.conditions())).scalar() or 0

    def rows(self, query: LogQuery, limit: int, offset: int = 0, oldest_first: bool = False) -> list[LogRow]:
        order = (replies.c.received_at, replies.c.id) if oldest_first else (desc(replies.c.received_at), desc(replies.c.id))
        return self._log_rows(select(*_log_columns()).where(*query.conditions()).order_by(*order).limit(limit).offset(offset))

    def unanswered_rows(self, since: datetime, fallback_rules: Collection[str], limit: int) -> list[LogRow]:
        """Buyers' text messages since ``since`` that only a fallback rule answered, or none; newest first.

        Selected in SQL so the read stays bounded however busy the log is (``limit`` rows
        are opened at most); :func:`responder.insights.unanswered_questions` groups them.
        """
        c = replies.c
        by_fallback = and_(c.outcome.in_(ANSWERED), c.rule.in_(sorted(fallback_rules))) if fallback_rules else false()
        query = (
            select(*_log_columns())
            .where(c.sender_role == "buyer", c.message_type == "TEXT", c.received_at >= since, or_(c.outcome == "no_match", by_fallback))
            .order_by(desc(c.received_at), desc(c.id)).limit(limit)
        )  # fmt: skip
        return self._log_rows(query)

    def row(self, message_id: str) -> LogRow | None:
        found = self._log_rows(select(*_log_columns()).where(replies.c.message_id == message_id))
        return found[0] if found else None

    def conversations(self, query: LogQuery, limit: int, offset: int = 0) -> tuple[int, list[ConversationLine]]:
        """Conversations with a matching message, newest first: (how many in all, this page)."""
        conditions = query.conditions()
        # Unfiltered, the (conversation, id) index answers the grouping alone.  Filtered, SQLite
        # would still walk that index and look up every row (10x slower): grouping by an
        # expression makes it scan and filter first.
        key = (replies.c.conversation + "") if conditions else replies.c.conversation
        grouped = (
            select(key.label("conversation"), func.max(replies.c.id).label("last_id"), func.count().label("n"))
            .where(*conditions).group_by(key)
        )  # fmt: skip
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(grouped.subquery())).scalar() or 0
            page = conn.execute(grouped.order_by(desc("last_id")).limit(limit).offset(offset)).all()
        ids = [line.last_id for line in page]  # newest first, as the page: the rows come back in its order
        last = self._log_rows(select(*_log_columns()).where(replies.c.id.in_(ids)).order_by(desc(replies.c.id)))
        return total, [ConversationLine(line.conversation, line.n, row) for line, row in zip(page, last, strict=True)]

    def outcomes_after(self, message_ids: list[str], row_id: int) -> dict[str, str]:
        """The outcome of each message whose row was written after row ``row_id`` (a resend's)."""
        query = select(replies.c.message_id, replies.c.outcome).where(replies.c.message_id.in_(message_ids), replies.c.id > row_id)
        with self.engine.connect() as conn:
            return {message_id: outcome for message_id, outcome in conn.execute(query)}

    def outcomes_seen(self) -> set[str]:
        with self.engine.connect() as conn:
            return {outcome for (outcome,) in conn.execute(select(replies.c.outcome).distinct())}

    def last_row_id(self) -> int:
        """Grows with every new row: the console's live view polls it."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(replies.c.id))).scalar() or 0

    def day_figures(self, since: datetime, until: datetime, step: timedelta = timedelta(hours=1)) -> DayFigures:
        """The buyers' messages in the window, counted in SQL (a day can hold 100,000 rows)."""
        c = replies.c
        window = (c.received_at >= since, c.received_at < until, c.sender_role == "buyer")
        edges = [since + step * n for n in range(max(1, -(-(until - since) // step)))]
        # One count per hour, each an index range on received_at (a CASE per row is 10x slower on SQLite).
        hours = union_all(*(
            select(literal(n).label("n"), func.count().label("count"))
            .where(c.received_at >= edge, c.received_at < min(edge + step, until), c.sender_role == "buyer")
            for n, edge in enumerate(edges)
        ))  # fmt: skip
        with self.engine.connect() as conn:
            groups = conn.execute(select(c.outcome, c.rule, func.count()).where(*window).group_by(c.outcome, c.rule)).all()
            counts = dict(conn.execute(hours).all())
            latencies = conn.execute(  # as (ms, how many): a fraction of the rows a sorted list would be
                select(c.latency_ms, func.count()).where(*window, c.outcome.in_(ANSWERED), c.latency_ms.is_not(None))
                .group_by(c.latency_ms).order_by(c.latency_ms)
            ).all()  # fmt: skip
        return DayFigures([(o, r, n) for o, r, n in groups], [counts.get(n, 0) for n in range(len(edges))],
                          [(ms, n) for ms, n in latencies])  # fmt: skip
