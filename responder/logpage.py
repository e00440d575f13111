"""The seller's page: recent outcomes and connected posts, at ``/logs``.

Sellers who never open a terminal still need to see what was answered, what was not and
why (a post whose token expired, a buyer who blocked the chat), and whether their last
edit of a rule file was rejected, with the same ``file:line: message`` lines as
``responder check``.  Read-only, behind HTTP Basic auth with ``LOG_PASSWORD``; off when
that is not set.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timezone

from flask import Blueprint, Response, render_template_string, request

from responder.engine.reloader import RuleCheck
from responder.store import QUOTA_HOLD, Store

PAGE = """<!doctype html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="refresh" content="30"><title>گزارش پاسخ‌گوی خودکار</title>
<style>body{font-family:Tahoma,sans-serif;margin:1rem;font-size:14px}table{border-collapse:collapse;width:100%;margin-bottom:2rem}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:right;vertical-align:top}
.replied,.dry_run{color:#1b6e20}.failed{color:#b3261e}.skipped,.no_match{color:#666}.ltr{direction:ltr;unicode-bidi:embed}</style></head>
<body><h1>گزارش پاسخ‌گوی خودکار</h1>
{% if rules.ok %}<p class="replied">فایل‌های قانون سالم‌اند: {{ rules.rules.rules | length }} قانون در {{ rules.rules.files | length }} فایل.</p>
{% else %}<div class="failed"><h2>فایل‌های قانون {{ rules.problems | length }} ایراد دارند</h2>
<p>تا وقتی درستشان نکنید، پاسخ‌گو با آخرین نسخه‌ی سالم قانون‌ها جواب می‌دهد (این نسخه در پایگاه داده نگه داشته می‌شود، پس بعد از راه‌اندازی دوباره هم همان‌ها جواب می‌دهند) و فایل‌ها را مرتب دوباره بررسی می‌کند.
هر خط: فایل، شماره‌ی خط، و ایراد.</p>
<ul class="ltr">{% for problem in rules.problems %}<li>{{ problem }}</li>{% endfor %}</ul></div>{% endif %}
{% if quota %}<p class="failed">سهمیه‌ی روزانه‌ی برنامه در دیوار تمام شده است: ارسال پاسخ‌ها تا
<span class="ltr">{{ quota[0].strftime('%Y-%m-%d %H:%M') }} UTC</span> متوقف است و بعد از آن خودکار ادامه می‌یابد (پیامی از دست نمی‌رود).</p>{% endif %}
<h2>آگهی‌ها</h2>
<table><tr><th>آگهی</th><th>وضعیت</th><th>انقضای توکن (UTC)</th><th>آخرین پیام (UTC)</th></tr>
{% for p in posts %}<tr><td class="ltr"><a href="?post={{ p.post_token }}">{{ p.post_token }}</a></td>
<td class="{{ p.status.split(':')[0] }}">{{ STATUS.get(p.status, p.status) }}</td>
<td class="ltr">{{ p.expires_at.strftime('%Y-%m-%d %H:%M') if p.expires_at else '-' }}</td>
<td class="ltr">{{ p.last_message_at.strftime('%Y-%m-%d %H:%M') if p.last_message_at else '-' }}</td></tr>
{% else %}<tr><td colspan="4">هنوز آگهی‌ای وصل نشده است.</td></tr>{% endfor %}</table>
<h2>پیام‌ها{% if post %} — آگهی <span class="ltr">{{ post }}</span> (<a href="?">همه</a>){% endif %}</h2>
<table><tr><th>زمان (UTC)</th><th>آگهی</th><th>فرستنده</th><th>پیام</th><th>قانون</th><th>پاسخ</th><th>نتیجه</th></tr>
{% for r in rows %}<tr><td class="ltr">{{ r.received_at.strftime('%m-%d %H:%M:%S') }}</td><td class="ltr">{{ r.post_token }}</td>
<td>{{ 'خریدار' if r.sender_role == 'buyer' else 'فروشنده' }}</td><td>{{ r.text }}</td><td>{{ r.rule or '-' }}</td>
<td>{{ r.reply or '' }}</td><td class="ltr {{ r.outcome.split(':')[0] }}" title="{{ r.detail or '' }}">{{ r.outcome }}</td></tr>
{% else %}<tr><td colspan="7">هنوز پیامی نرسیده است.</td></tr>{% endfor %}</table></body></html>"""

STATUS = {
    "active": "فعال",
    "failed:token_expired": "توکن منقضی شده؛ آگهی را دوباره وصل کنید",
    "skipped:post_retired": "آگهی بسته یا بایگانی شده",
    "skipped:access_revoked": "دسترسی لغو شده",
}


def blueprint(store: Store, password: str, rules_dir: str) -> Blueprint:
    page = Blueprint("logs", __name__)
    rule_check = RuleCheck(rules_dir)  # the same files the workers read (same deploy or volume)

    @page.get("/logs")
    def logs() -> Response | tuple[str, int, dict[str, str]] | tuple[str, int]:
        if not password:
            return "The log page is off: set LOG_PASSWORD to turn it on.", 404
        given = request.authorization.password if request.authorization else None
        if not given or not hmac.compare_digest(given.encode(), password.encode()):
            return "login required", 401, {"WWW-Authenticate": 'Basic realm="responder", charset="UTF-8"'}
        post = (request.args.get("post") or "").strip()[:100] or None
        html = render_template_string(
            PAGE, rules=rule_check.result(), posts=store.all_posts(), rows=store.recent(200, post), post=post, STATUS=STATUS,
            quota=store.send_hold(QUOTA_HOLD, datetime.now(timezone.utc)),
        )  # fmt: skip
        return Response(html, headers={"Cache-Control": "no-store"})

    return page
