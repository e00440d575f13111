"""The console's pure parts (Persian wording, Jalali dates, summary, charts, URL filters),
its store queries, and the worker's pause check."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import fakeredis
import pytest

from responder.console import charts, filters, persian
from responder.console.summary import percentile, summarize
from responder.engine.reloader import RuleBook
from responder.events import parse
from responder.state import State
from responder.store import DayFigures, LogQuery, Store
from responder.worker import Delivery, Responder
from tests.conftest import write_rules
from tests.console_data import fill, row
from tests.payloads import legacy

UTC = timezone.utc


@pytest.mark.parametrize("gregorian, jalali", [
    (date(2026, 11, 25), "۴ آذر ۱۴۰۵"),
    (date(2025, 3, 21), "۱ فروردین ۱۴۰۴"),  # Nowruz
    (date(2025, 3, 20), "۳۰ اسفند ۱۴۰۳"),  # 1403 is a leap year
    (date(2024, 3, 19), "۲۹ اسفند ۱۴۰۲"),
    (date(2000, 1, 1), "۱۱ دی ۱۳۷۸"),
])  # fmt: skip
def test_jalali_dates(gregorian, jalali):
    assert persian.jalali(gregorian) == jalali


def test_times_are_tehran_time_with_persian_digits():
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # 15:30 in Tehran
    assert persian.when(datetime(2026, 11, 25, 10, 5, tzinfo=UTC), now) == "۱۳:۳۵"
    assert persian.when(datetime(2026, 11, 24, 19, 0, tzinfo=UTC), now) == "دیروز ۲۲:۳۰"
    assert persian.when(datetime(2026, 11, 24, 20, 45, tzinfo=UTC), now) == "۰۰:۱۵"  # already the 25th in Tehran
    assert persian.when(datetime(2026, 11, 1, 6, 0, tzinfo=UTC), now) == "۱۰ آبان ۱۴۰۵، ۰۹:۳۰"


def test_days_typed_in_either_calendar_and_any_digits():
    assert persian.parse_day("۱۴۰۵/۰۹/۰۴") == date(2026, 11, 25)
    assert persian.parse_day("1405-9-4") == date(2026, 11, 25)
    assert persian.parse_day("2026-11-25") == date(2026, 11, 25)
    for bad in ("tomorrow", "1405/13/01", "2026-02-30", ""):
        with pytest.raises(ValueError, match="تاریخ"):
            persian.parse_day(bad)
    assert persian.day_start(date(2026, 11, 25)) == datetime(2026, 11, 24, 20, 30, tzinfo=UTC)
    assert persian.jalali_input(date(2026, 11, 25)) == "۱۴۰۵/۰۹/۰۴"


def test_numbers_and_outcomes_read_in_persian():
    assert persian.number(1234567) == "۱٬۲۳۴٬۵۶۷" and persian.number(1.25, 1) == "۱٫۲"
    assert persian.percent(1, 3) == "۳۳٪" and persian.percent(0, 0) == "—"
    assert persian.outcome("skipped:hourly_cap").tone == "held" and persian.outcome("no_match").tone == "none"
    assert persian.outcome("failed:http_503").label == "نرسید: خطای ۵۰۳ از دیوار"
    assert persian.outcome("failed:brand_new").tone == "bad" and "brand_new" in persian.outcome("failed:brand_new").reason
    assert "سه بار" in persian.outcome("failed:poison").reason  # a worker's own outcome reads in Persian
    assert persian.message_type("VOICE") == "🎤 پیام صوتی" and persian.message_type("STICKER") == "پیام از نوع STICKER"
    for known in persian.OUTCOMES.values():  # every label and reason is Persian, with no English code
        assert known.label and not any("a" <= c.lower() <= "z" for c in known.label + known.reason.replace("API", ""))


def test_summary_counts_rates_and_nearest_rank_percentiles():
    groups = [("replied", "price", 10), ("no_match", None, 1), ("skipped:hourly_cap", "price", 1), ("failed:gave_up", "price", 1)]
    s = summarize(DayFigures(groups, [0] * 9 + [13] + [0] * 14, [(100 * n, 1) for n in range(1, 11)]))
    assert (s.messages, s.replies, s.no_match) == (13, 10, 1)
    assert s.failures == {"failed:gave_up": 1} and s.held == {"skipped:hourly_cap": 1} and s.rules == {"price": 10}
    assert (s.latency_p50, s.latency_p95) == (500, 1000) and s.hours[9] == 13
    assert percentile([], 0.5) is None and percentile([(7, 1)], 0.95) == 7
    assert percentile([(10, 94), (20, 5), (30, 1)], 0.95) == 20 and percentile([(10, 94), (20, 5), (30, 1)], 0.5) == 10
    assert summarize(DayFigures([], [0] * 24, [])).reply_rate is None


def test_a_dry_run_is_counted_apart_and_never_as_a_reply():
    """Nothing reached Divar in a dry run: the reply rate must not say 100%."""
    s = summarize(DayFigures([("dry_run", "price", 3), ("replied", "price", 1)], [4] + [0] * 23, []))
    assert (s.messages, s.replies, s.dry_runs, s.reply_rate) == (4, 1, 3, 0.25) and s.rules == {"price": 4}


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path) -> str:
    """The console's queries on both stores the service runs on."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path}/console.db"


def test_day_figures_count_buyers_per_tehran_hour_in_sql(database):
    store = Store(database)
    start = persian.day_start(date(2026, 11, 25))  # 20:30 UTC the day before
    for n, (minutes, outcome, role) in enumerate([(5, "replied", "buyer"), (65, "replied", "buyer"), (70, "no_match", "buyer"),
                                                  (80, "skipped:own_message", "seller"), (60 * 24 + 1, "replied", "buyer")]):
        store.record(row(f"d{n}", outcome, received_at=start + timedelta(minutes=minutes), sender_role=role, rule="price",
                         latency_ms=100 * (n + 1)))  # fmt: skip
    store.record(row("before", received_at=start - timedelta(seconds=1)))
    figures = store.day_figures(start, start + timedelta(days=1))
    assert figures.buckets[:3] == [1, 2, 0] and sum(figures.buckets) == 3 and len(figures.buckets) == 24
    assert sorted(figures.groups) == [("no_match", "price", 1), ("replied", "price", 2)]
    assert figures.latencies == [(100, 1), (200, 1)]


def test_charts_are_escaped_svg_sized_to_their_data():
    svg = charts.bars([("<b>x</b>", 3), ("price", 1)], "t")
    assert svg.startswith("<svg") and "&lt;b&gt;" in svg and "<b>" not in svg and "۳" in svg
    assert charts.columns([0] * 24, [str(h) for h in range(24)], "t").count("<rect") == 24


def test_filters_read_from_the_url_and_write_back():
    view = filters.read({"outcome": "failed", "since": "۱۴۰۵/۰۹/۰۴", "until": "۱۴۰۵/۰۹/۰۴", "page": "3", "q": " قیمت "})
    assert view.query.outcome == "failed" and view.text == "قیمت" and view.page == 3 and view.offset == 40
    assert view.query.since == datetime(2026, 11, 24, 20, 30, tzinfo=UTC)
    assert view.query.until == datetime(2026, 11, 25, 20, 30, tzinfo=UTC)  # the whole day
    assert "page=4" in view.url_args(page=4) and "outcome=failed" in view.url_args(page=4)
    assert "page" not in filters.read({"page": "-1"}).url_args()
    assert filters.read({"since": "nope"}).problems


def test_store_queries_filter_page_and_group(database):
    store = Store(database)
    fill(store, 100, conversations=10)
    assert store.count(LogQuery()) == 100 and store.count(LogQuery(outcome="failed")) == 16
    assert store.count(LogQuery(outcome="skipped:hourly")) == store.count(LogQuery(outcome="skipped:hourly_cap")) == 17
    assert store.count(LogQuery(outcome="failed_")) == 0  # LIKE wildcards are taken literally
    assert store.count(LogQuery(rule="price")) == 50 and store.count(LogQuery(post="gZd7omnS", conversation="gZd7omnS:buyer-0")) == 10
    newest = store.rows(LogQuery(), 3)
    assert [r.message_id for r in newest] == ["m99", "m98", "m97"]
    assert [r.message_id for r in store.rows(LogQuery(), 2, offset=1, oldest_first=True)] == ["m1", "m2"]
    total, lines = store.conversations(LogQuery(outcome="failed"), limit=3, offset=0)
    assert total == len({r.conversation for r in store.rows(LogQuery(outcome="failed"), 100)})
    assert [line.last.outcome for line in lines] == ["failed:gave_up"] * 3
    assert lines[0].last.message_id == store.rows(LogQuery(outcome="failed"), 1)[0].message_id
    assert store.row("m5").message_type == "IMAGE" and store.row("nope") is None
    assert store.last_row_id() == 100
    assert store.outcomes_seen() == {"replied", "no_match", "skipped:hourly_cap", "failed:gave_up", "skipped:once_per_conversation"}
    assert store.outcomes_after(["m4", "m5"], 5) == {"m5": "skipped:once_per_conversation"}  # rows 1..5 are m0..m4
    store.pause("conversation:gZd7omnS:buyer-0")
    store.pause("conversation:gZd7omnS:buyer-0")  # twice is once
    assert store.paused_targets() == {"conversation:gZd7omnS:buyer-0"} and store.is_paused("x", "gZd7omnS:buyer-0")


def test_pauses_stop_auto_replies_and_log_skipped_paused(tmp_path, fake_divar):
    from responder.divar import DivarClient

    rules = write_rules(tmp_path / "rules", "rules:\n  - name: price\n    keywords: [قیمت]\n    reply: ۴۵ میلیون\n")
    store = Store(f"sqlite:///{tmp_path}/p.db")
    client = DivarClient(fake_divar.url, fake_divar.url, "api-key", "token-1", 5)
    responder = Responder(RuleBook(rules), State(fakeredis.FakeRedis()), store, client)

    def handle(message_id: str, buyer: str = "buyer-1") -> str | None:
        return responder.handle(Delivery(parse(legacy("قیمت؟", message_id=message_id, buyer_id=buyer)), "o", datetime.now(UTC)))

    store.pause("conversation:gZd7omnS:buyer-1")
    assert handle("a") == "skipped:paused" and not fake_divar.sends()
    assert handle("b", "buyer-2") == "replied"  # other conversations still answered
    store.pause("post:gZd7omnS")
    assert handle("c", "buyer-3") == "skipped:paused"
    store.resume("post:gZd7omnS")
    store.resume("conversation:gZd7omnS:buyer-1")
    assert handle("d") == "replied" and len(fake_divar.sends()) == 2
    assert store.row("a").outcome == "skipped:paused" and store.row("a").text == "قیمت؟"


def test_a_failed_row_can_be_sent_again_only_with_its_stored_message(tmp_path):
    with pytest.raises(ValueError, match="no stored copy"):
        Delivery.resend_of(row("x", "failed:gave_up"))
