"""What a seller can do from the console: retry a failed message, pause or resume
auto-replies, and try a message in the playground.

Every change is a POST carrying the session's CSRF token (checked before any route
runs, in :func:`responder.console._guard`).  The playground changes nothing and sends
nothing, so it is a GET whose URL can be shared.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from responder.console.pages import choices
from responder.engine import RenderError, Rule, Situation, alternatives
from responder.engine.render import required_attributes
from responder.events import MESSAGE_TYPES, Message
from responder.worker import Delivery

if TYPE_CHECKING:
    from responder.console import Console

RETRY_GUARD = 120  # seconds a message cannot be retried again (a double tap sends once)
TIERS = {"exact": "دقیق", "typo": "با وجود غلط تایپی", "fallback": "پیش‌فرض (قانون دیگری نخورد)",
         "intent": "بی کلمه‌ی کلیدی؛ مدل موضوع پیام را تشخیص داد"}


def _back() -> str:
    target = request.form.get("back", "")
    return target if target.startswith("/logs") and not target.startswith("//") else url_for("console.conversations")


def routes(bp: Blueprint, console: Console) -> None:
    store, state = console.services.store, console.services.state

    @bp.post("/retry")
    def retry() -> ResponseReturnValue:
        row = store.row(request.form.get("message_id", ""))
        if row is None or not row.outcome.startswith("failed:") or not row.message:
            flash("این پیام را نمی‌شود دوباره فرستاد (پیدا نشد یا ناموفق نیست).", "bad")
        elif not state.redis.set(f"responder:console-retry:{row.message_id}", 1, nx=True, ex=RETRY_GUARD):
            flash("این پیام همین حالا دوباره فرستاده شد؛ نتیجه‌اش به‌زودی همین‌جا دیده می‌شود.", "held")
        else:
            console.queue.enqueue_message(Delivery.resend_of(row))
            flash("دوباره در صف ارسال قرار گرفت؛ نتیجه چند لحظه بعد همین‌جا دیده می‌شود.", "ok")
        return redirect(_back())

    @bp.post("/pause")
    def pause() -> ResponseReturnValue:
        kind, key, action = (request.form.get(name, "") for name in ("kind", "key", "action"))
        if kind not in ("post", "conversation") or not key or len(key) > 300 or action not in ("pause", "resume"):
            flash("درخواست توقف نادرست بود.", "bad")
            return redirect(_back())
        target = f"{kind}:{key}"
        what = "این آگهی" if kind == "post" else "این گفتگو"
        if action == "pause":
            store.pause(target)
            flash(f"پاسخ خودکار {what} متوقف شد؛ پیام‌های تازه پاسخ نمی‌گیرند و «متوقف» ثبت می‌شوند.", "held")
        else:
            store.resume(target)
            flash(f"پاسخ خودکار {what} دوباره روشن شد.", "ok")
        return redirect(_back())

    @bp.get("/playground")
    def playground() -> ResponseReturnValue:
        text = (request.args.get("text") or "")[:4000]
        post = (request.args.get("post") or "").strip()[:100] or "TRYPOST"
        kind = (request.args.get("type") or "TEXT").upper()
        kind = kind if kind in MESSAGE_TYPES else "TEXT"
        result = trial(console, text, post, kind) if (text or kind != "TEXT") else None
        return render_template("playground.html", active="playground", text=text, post=post, kind=kind, result=result,
                               types=sorted(MESSAGE_TYPES), **choices(console))  # fmt: skip


def trial(console: Console, text: str, post: str, kind: str) -> dict[str, object]:
    """Which rule would answer, and its exact reply, from the engine the workers use.

    Like the worker, the post's stored facts fill ``post.*`` and a rule whose reply needs
    a fact the post lacks is passed over.  Unlike it, throttles (once per conversation,
    cooldown, hourly cap) are not applied and Divar is not asked for missing facts:
    nothing is claimed, fetched, logged or sent.
    """
    now = datetime.now(timezone.utc)
    stored = console.services.store.post_facts(post)
    facts = stored[0] if stored else {}
    message = Message(id=uuid.uuid4().hex, post_token=post, text=text, type=kind, role="buyer", sent_at=now,
                      source="legacy", sender_id="buyer", receiver_id="seller",
                      title=str(facts.get("title") or ""), category=str(facts.get("category") or ""))  # fmt: skip
    engine = console.engine()
    if engine is None:
        return {"rule": None, "error": "فایل‌های قانون ایراد دارند؛ صفحه‌ی «امروز» ایرادها را نشان می‌دهد.", "where": ""}
    known = {"token", *facts, *(name for name in ("title", "category") if getattr(message, name))}
    usable, lacking = [], []
    for match in engine.matches(message, Situation(now, first_in_conversation=True)):
        missing = sorted(set().union(*(required_attributes(source, "post") for source in match.rule.reply_sources)) - known)
        (lacking if missing else usable).append((match, missing))
    if not usable:
        return {"rule": None, "lacking": [(m.rule.name, missing) for m, missing in lacking]}
    first = usable[0][0]
    try:
        reply = engine.render(first, message, now, facts)
    except RenderError as exc:
        return {"rule": first.rule.name, "error": str(exc), "where": _where(first.rule)}
    return {"rule": reply.rule, "reply": reply.text, "buttons": reply.buttons, "tier": TIERS.get(first.tier, first.tier),
            "where": _where(first.rule), "others": alternatives([m for m, _ in usable], reply),
            "lacking": [(m.rule.name, missing) for m, missing in lacking]}  # fmt: skip


def _where(rule: Rule) -> str:
    """``10-common.yaml:89``: the file the seller edits, without the server's folders."""
    return f"{Path(rule.file).name}:{rule.line}"
