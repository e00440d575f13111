"""Persian wording for the console and the CLI: outcomes, message types, numbers, dates.

Pure (no Flask, no database): the pages, ``responder stats`` and the tests all call it.
A seller reads the reply log in Persian, so every outcome code gets a plain label, a tone
(answered, held back, not answered, failed) and a reason that is shown next to it —
never only in a hover tooltip, which a phone does not show.  Times are Tehran time (the
rules' ``hours`` are too) with Jalali dates from ``jdatetime``, digits always Persian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import jdatetime

from responder.text import persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")
MONTHS = jdatetime.date.j_months_fa  # فروردین … اسفند


@dataclass(frozen=True)
class Outcome:
    """How an outcome code reads: ``tone`` is ok | held | none | bad | own (CSS classes)."""

    code: str
    label: str
    tone: str
    reason: str


_OUTCOMES = [
    Outcome("replied", "پاسخ داده شد", "ok", "دیوار پاسخ را پذیرفت و برای خریدار فرستاد."),
    Outcome("dry_run", "پاسخ ساخته شد، فرستاده نشد", "ok",
            "حالت آزمایشی: کلید API دیوار تنظیم نشده، پس پاسخ فقط ثبت شد."),
    Outcome("no_match", "بی‌پاسخ: قانونی نخورد", "none",
            "هیچ قانونی با این پیام جور نبود. اگر سؤال رایجی است، برایش قانون بنویسید."),
    Outcome("skipped:paused", "بی‌پاسخ: پاسخ خودکار متوقف است", "held",
            "پاسخ خودکار این آگهی یا این گفتگو را خودتان متوقف کرده‌اید."),
    Outcome("skipped:once_per_conversation", "بی‌پاسخ: فقط یک بار در هر گفتگو", "held",
            "قانونی که جور بود قبلاً در همین گفتگو پاسخ داده بود."),
    Outcome("skipped:cooldown", "بی‌پاسخ: فاصله‌ی تکرار قانون", "held",
            "قانونی که جور بود به‌تازگی در همین گفتگو پاسخ داده بود و هنوز زمان تکرارش نرسیده."),
    Outcome("skipped:hourly_cap", "بی‌پاسخ: سقف پاسخ در ساعت", "held",
            "در این گفتگو به سقف پاسخ‌های یک ساعت رسیده بودیم."),
    Outcome("skipped:own_message", "پیام خود شما", "own", "پیام‌های فروشنده پاسخ خودکار نمی‌گیرند."),
    Outcome("skipped:echo", "پاسخ ربات", "own", "همان پاسخی که ربات فرستاده بود و دیوار برگرداند."),
    Outcome("skipped:post_retired", "بی‌پاسخ: آگهی بسته یا بایگانی شده", "held",
            "آگهی در دیوار بسته یا بایگانی شده است."),
    Outcome("skipped:access_revoked", "بی‌پاسخ: دسترسی لغو شده", "held",
            "فروشنده دسترسی برنامه را در دیوار لغو کرده است؛ آگهی را دوباره وصل کنید."),
    Outcome("failed:recipient_restricted", "نرسید: خریدار گفتگو را بسته", "bad",
            "دیوار گفت خریدار گفتگو را مسدود کرده است؛ دوباره فرستاده نمی‌شود."),
    Outcome("failed:gave_up", "نرسید: دیوار در دسترس نبود", "bad",
            "دیوار چند بار خطا داد یا جواب نداد؛ پس از چند تلاش رها شد. می‌توانید دوباره بفرستید."),
    Outcome("failed:timeout_unconfirmed", "نامعلوم: دیوار به‌موقع جواب نداد", "bad",
            "شاید رسیده باشد؛ برای این‌که دو بار نرسد، دوباره فرستاده نشد."),
    Outcome("failed:interrupted", "نامعلوم: ارسال نیمه‌کاره ماند", "bad",
            "پاسخ‌گو وسط ارسال متوقف شد؛ شاید رسیده باشد، پس خودکار دوباره فرستاده نشد."),
    Outcome("failed:render", "خطا در متن پاسخ", "bad", "قالب پاسخ این قانون خطا داد (مثلاً متغیری که این آگهی ندارد)."),
    Outcome("failed:token_expired", "نرسید: اتصال آگهی منقضی شده", "bad",
            "دسترسی به این آگهی تمام شده است؛ آگهی را دوباره وصل کنید."),
    Outcome("failed:no_token", "نرسید: آگهی وصل نیست", "bad", "این آگهی به پاسخ‌گو وصل نشده است؛ آن را وصل کنید."),
    Outcome("failed:unauthorized", "نرسید: دیوار کلید را نپذیرفت", "bad", "دیوار کلید یا توکن را نپذیرفت."),
    Outcome("failed:forbidden", "نرسید: دیوار اجازه نداد", "bad", "دیوار اجازه‌ی فرستادن در این گفتگو را نداد."),
    Outcome("failed:network", "نرسید: خطای شبکه", "bad", "اتصال به دیوار برقرار نشد یا قطع شد."),
    Outcome("failed:timeout", "نرسید: دیوار به‌موقع وصل نشد", "bad", "اتصال به دیوار در زمان مقرر برقرار نشد؛ پیام نرسیده است."),
    Outcome("failed:rate_limited", "نرسید: سقف ارسال دیوار", "bad", "دیوار گفت پیام‌ها زیاد فرستاده شده‌اند (۴۲۹)."),
    Outcome("failed:daily_quota", "نرسید: سهمیه‌ی روزانه‌ی دیوار تمام شد", "bad",
            "سهمیه‌ی روزانه‌ی ارسال در دیوار تمام شده؛ ارسال‌ها تا شروع سهمیه‌ی بعد نگه داشته می‌شوند."),
    Outcome("failed:divar_unavailable", "نرسید: خطای سرور دیوار", "bad", "دیوار خطای سرور داد (کد ۵۰۰ به بالا)."),
    Outcome("failed:oauth_unavailable", "نرسید: تمدید اتصال ممکن نشد", "bad", "توکن آگهی تمدید نشد چون دیوار جواب نداد."),
    Outcome("failed:poison", "نرسید: پیام پاسخ‌گو را از کار انداخت", "bad",
            "پاسخ‌گو سه بار هنگام پردازش این پیام از کار افتاد؛ دیگر امتحان نمی‌شود."),
    Outcome("failed:internal_error", "خطای داخلی پاسخ‌گو", "bad", "پاسخ‌گو هنگام پردازش این پیام خطا داد؛ جزئیات در لاگ است."),
    Outcome("failed:time_limit", "نرسید: پردازش بیش از حد طول کشید", "bad", "پردازش این پیام از سقف زمانی گذشت و متوقف شد."),
]  # fmt: skip
OUTCOMES: dict[str, Outcome] = {outcome.code: outcome for outcome in _OUTCOMES}

# Groups a seller filters by, beside the single outcomes (``?outcome=failed`` = every failure).
GROUPS = {"failed": "همه‌ی ناموفق‌ها", "skipped": "همه‌ی بی‌پاسخ‌های نگه‌داشته", "replied": "پاسخ داده شد"}

POST_STATUS = {
    "active": "فعال",
    "not connected": "وصل نشده؛ آگهی را وصل کنید",  # responder.tokens.NOT_CONNECTED
    "unreadable: other key": "اتصال با کلید رمزگذاری فعلی خوانده نمی‌شود؛ دوباره وصل کنید",  # tokens.UNREADABLE_TOKEN
    "failed:token_expired": "اتصال منقضی شده؛ دوباره وصل کنید",
    "skipped:post_retired": "آگهی بسته یا بایگانی شده",
    "skipped:access_revoked": "دسترسی لغو شده؛ دوباره وصل کنید",
}

NO_OAUTH = "اتصال از راه وب روی این سرویس تنظیم نشده است؛ از کسی که سرویس را راه انداخته بخواهید آگهی را دوباره وصل کند."

MESSAGE_TYPES = {
    "TEXT": "متن", "IMAGE": "📷 عکس", "VOICE": "🎤 پیام صوتی", "FILE": "📎 فایل",
    "LOCATION": "📍 موقعیت مکانی", "VIDEO": "🎬 ویدیو", "CONTACT": "👤 شماره‌ی تماس",
}  # fmt: skip


def outcome(code: str) -> Outcome:
    """The Persian reading of any outcome code, including ones added after this table."""
    known = OUTCOMES.get(code)
    if known:
        return known
    kind, _, why = code.partition(":")
    if kind == "failed" and why.startswith("http_"):
        return Outcome(code, f"نرسید: خطای {persian_digits(why[5:])} از دیوار", "bad", "دیوار درخواست را نپذیرفت.")
    if kind == "failed":
        return Outcome(code, "نرسید", "bad", f"کد خطا: {why or code}")
    if kind == "skipped":
        return Outcome(code, "بی‌پاسخ", "held", f"کد: {why or code}")
    return Outcome(code, code, "none", "")


def message_type(kind: str) -> str:
    return MESSAGE_TYPES.get(kind, f"پیام از نوع {kind}")


def number(value: float | int, decimals: int = 0) -> str:
    """Persian digits with the Persian thousands separator: 12345 → ۱۲٬۳۴۵."""
    text = f"{value:,.{decimals}f}"
    return persian_digits(text).replace(",", "٬").replace(".", "٫")


def percent(part: int, whole: int) -> str:
    return number(round(100 * part / whole)) + "٪" if whole else "—"


def tehran(moment: datetime) -> datetime:
    return moment.astimezone(TEHRAN)


def jalali(day: date) -> str:
    """۴ آذر ۱۴۰۵"""
    j = jdatetime.date.fromgregorian(date=day)
    return f"{persian_digits(j.day)} {MONTHS[j.month - 1]} {persian_digits(j.year)}"


def when(moment: datetime, now: datetime | None = None) -> str:
    """Tehran time, with the Jalali date unless it is today: «۱۴:۳۰» or «۲ آذر ۱۴۰۵، ۰۹:۰۵»."""
    local = tehran(moment)
    clock = persian_digits(f"{local:%H:%M}")
    today = tehran(now or datetime.now(timezone.utc)).date()
    if local.date() == today:
        return clock
    if local.date() == today - timedelta(days=1):
        return f"دیروز {clock}"
    return f"{jalali(local.date())}، {clock}"


def jalali_input(day: date) -> str:
    """The form value for a date field: ۱۴۰۵/۰۹/۰۴."""
    j = jdatetime.date.fromgregorian(date=day)
    return persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")


_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DAY = re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$")


def parse_day(text: str) -> date:
    """A day typed by a seller: Jalali (۱۴۰۵/۹/۴) or Gregorian (2026-11-25), any digits.

    Raises ``ValueError`` with a Persian message for anything else.
    """
    found = _DAY.match(text.translate(_LATIN))
    if not found:
        raise ValueError(f"«{text}» تاریخ نیست؛ مثلاً ۱۴۰۵/۰۹/۰۴ بنویسید.")
    year, month, day = (int(part) for part in found.groups())
    try:
        if year < 1700:
            return jdatetime.date(year, month, day).togregorian()
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"«{text}» تاریخ درستی نیست.") from None


def day_start(day: date) -> datetime:
    """Midnight in Tehran at the start of ``day``, in UTC (what the log stores)."""
    return datetime.combine(day, time(0), TEHRAN).astimezone(timezone.utc)


def today_start(now: datetime | None = None) -> datetime:
    return day_start(tehran(now or datetime.now(timezone.utc)).date())
