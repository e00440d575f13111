"""The console's read-only pages: conversations, one conversation, messages, today, unanswered, live.

Each page is one or two bounded queries (see ``bench/console_bench.py``): a page of rows
or conversations and its total, never the whole log.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from flask import Blueprint, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from responder import insights
from responder.console import charts, filters, persian, search
from responder.console.summary import Summary, summarize
from responder.divar.subscriptions import grant_of
from responder.store import QUOTA_HOLD, ConversationLine, LogQuery, LogRow, Post, Store
from responder.tokens import connection_states

if TYPE_CHECKING:
    from responder.console import Console

CHAT_LIMIT = 300  # newest messages drawn in one conversation
UNANSWERED_WINDOW = 500  # newest unanswered messages grouped for the page (grouping is ~0.3 s at 500)
UNANSWERED_DAYS = (1, 7, 30)
UNANSWERED_SHOWN = 30  # groups listed


@dataclass(frozen=True)
class Paging:
    total: int
    first: int  # 1-based number of the first item on the page (0 when empty)
    last: int
    page: int
    pages: int


def paging(total: int, page: int, shown: int) -> Paging:
    first = (page - 1) * filters.PAGE_SIZE + 1 if shown else 0
    pages = max(1, -(-total // filters.PAGE_SIZE))
    return Paging(total, first, first + shown - 1 if shown else 0, page, pages)


def buyer_of(conversation: str) -> str:
    """A short handle for the buyer: the legacy key is ``post:buyer``, events keys are ids."""
    who = conversation.rsplit(":", 1)[-1]
    return who if len(who) <= 10 else "…" + who[-8:]


def post_titles(store: Store, posts: list[Post]) -> dict[str, str]:
    """Post token → what to call it: the title from its facts, else the token; an all-posts
    grant is a connection, not a post."""
    titles = store.post_titles()
    return {p.post_token: "همه‌ی آگهی‌های فروشنده" if grant_of(p.post_token) is not None
            else titles.get(p.post_token, p.post_token) for p in posts}  # fmt: skip


def post_states(console: Console, posts: list[Post]) -> dict[str, str]:
    """Post token → whether it can be answered, as ``responder posts`` says it (one piece of
    logic, :func:`responder.tokens.connection_states`): "active" only when it has a token
    this key reads, a live all-posts grant or ``DIVAR_ACCESS_TOKEN``."""
    services = console.services
    return connection_states(posts, bool(services.settings.divar_access_token), services.tokens.cipher)


def choices(console: Console) -> dict[str, Any]:
    """What the filter form offers: posts, outcomes in Persian, the current rule names."""
    posts = [p for p in console.services.store.all_posts() if grant_of(p.post_token) is None]
    outcomes = [(code, label) for code, label in persian.GROUPS.items()]
    outcomes += [(o.code, o.label) for o in persian.OUTCOMES.values() if o.code != "replied"]
    engine = console.engine()
    return {"posts": posts, "titles": post_titles(console.services.store, posts), "outcomes": outcomes,
            "rule_names": [rule.name for rule in engine.ruleset.rules] if engine else []}  # fmt: skip


def routes(bp: Blueprint, console: Console) -> None:
    store = console.services.store

    @bp.get("/")
    def conversations() -> ResponseReturnValue:
        view = filters.read(request.args)
        found = None
        if view.text:  # search: match in Python, group the matching rows by conversation
            found = search.search(store, view.query, view.text)
            by_conversation: dict[str, list[LogRow]] = {}
            for row in found.rows:
                by_conversation.setdefault(row.conversation, []).append(row)
            total = len(by_conversation)
            chosen = list(by_conversation.items())[view.offset : view.offset + filters.PAGE_SIZE]
            lines = [ConversationLine(key, len(rows), rows[0]) for key, rows in chosen]
        else:
            total, lines = store.conversations(view.query, filters.PAGE_SIZE, view.offset)
        return render_template(
            "conversations.html", active="conversations", view=view, lines=lines, found=found,
            paging=paging(total, view.page, len(lines)), paused=store.paused_targets(), buyer_of=buyer_of,
            rules=console.rule_check.result(), last_id=store.last_row_id(), **choices(console),
        )  # fmt: skip

    @bp.get("/messages")
    def messages() -> ResponseReturnValue:
        view = filters.read(request.args)
        found = None
        if view.text:
            found = search.search(store, view.query, view.text)
            total, rows = len(found.rows), found.rows[view.offset : view.offset + filters.PAGE_SIZE]
        else:
            total, rows = store.count(view.query), store.rows(view.query, filters.PAGE_SIZE, view.offset)
        return render_template(
            "messages.html", active="messages", view=view, rows=rows, found=found, buyer_of=buyer_of,
            paging=paging(total, view.page, len(rows)), last_id=store.last_row_id(), **choices(console),
        )  # fmt: skip

    @bp.get("/conversation")
    def conversation() -> ResponseReturnValue:
        from responder.console import error_page

        key = (request.args.get("c") or "").strip()
        query = LogQuery(conversation=key)
        total = store.count(query) if key else 0
        if not total:
            return error_page(404, "این گفتگو پیدا نشد.")
        rows = list(reversed(store.rows(query, CHAT_LIMIT)))  # the newest CHAT_LIMIT, drawn oldest first
        post_token = rows[-1].post_token
        posts = {p.post_token: p for p in store.all_posts()}
        return render_template(
            "conversation.html", active="conversations", key=key, rows=rows, total=total, buyer=buyer_of(key),
            post=posts.get(post_token), post_state=post_states(console, list(posts.values())).get(post_token), post_token=post_token, title=post_titles(store, list(posts.values())).get(post_token, post_token),
            paused=store.paused_targets(), last_id=store.last_row_id(),
        )  # fmt: skip

    @bp.get("/today")
    def today() -> ResponseReturnValue:
        now = datetime.now(timezone.utc)
        start = persian.today_start(now)
        summary = summarize(store.day_figures(start, start + timedelta(days=1)))
        posts = store.all_posts()
        return render_template(
            "today.html", active="today", s=summary, day=persian.jalali(persian.tehran(now).date()),
            charts=day_charts(summary), posts=posts, states=post_states(console, posts), titles=post_titles(store, posts), paused=store.paused_targets(),
            rules=console.rule_check.result(), last_id=store.last_row_id(), quota=store.send_hold(QUOTA_HOLD, now),
        )  # fmt: skip

    @bp.get("/unanswered")
    def unanswered() -> ResponseReturnValue:
        """What buyers ask that no rule answers, grouped and counted: the rules worth writing next."""
        asked = request.args.get("days", "")
        days = int(asked) if asked.isdigit() and int(asked) in UNANSWERED_DAYS else 7
        engine = console.engine()
        since = datetime.now(timezone.utc) - timedelta(days=days)
        rows = store.unanswered_rows(since, insights.fallback_rules(engine), UNANSWERED_WINDOW)
        groups, asked = insights.unanswered_questions(rows)
        return render_template(
            "unanswered.html", active="unanswered", groups=groups[:UNANSWERED_SHOWN], more=max(0, len(groups) - UNANSWERED_SHOWN),
            total=asked, days=days, choices=UNANSWERED_DAYS, full=len(rows) == UNANSWERED_WINDOW, window=UNANSWERED_WINDOW,
            rules_known=engine is not None, last_id=store.last_row_id(),
        )  # fmt: skip

    @bp.get("/live")
    def live() -> ResponseReturnValue:
        """The newest row's number: the page's script reloads its content when it grows."""
        return jsonify(last=store.last_row_id())


def day_charts(summary: Summary) -> dict[str, Any]:
    hours = [persian.persian_digits(h) for h in range(24)]
    reasons: Counter[str] = summary.failures + summary.held
    return {
        "hours": charts.columns(summary.hours, hours, "پیام‌ها در هر ساعت"),
        "rules": charts.bars(summary.rules.most_common(12), "پاسخ‌های هر قانون") if summary.rules else None,
        "reasons": charts.bars([(persian.outcome(code).label.split(": ", 1)[-1], n) for code, n in reasons.most_common(12)],
                              "دلیل‌ها")  # fmt: skip
        if reasons else None,
    }  # fmt: skip
