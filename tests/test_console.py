"""The console through Flask's test client: access, security headers, pages, filters,
search, actions and error pages (the browser drives the same in test_console_browser)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet

from responder.config import Settings
from responder.console import auth
from responder.console import persian as fa
from responder.store import LogQuery
from responder.webhook import create_app
from responder.wiring import build_services
from tests.conftest import ROOT, write_rules
from tests.console_data import fill, message_json, row

PASSWORD = "s3cret"


class RecordingQueue:
    def __init__(self) -> None:
        self.messages: list = []

    def enqueue_message(self, delivery, note=None) -> None:
        if note is not None:
            note(None)
        self.messages.append(delivery)

    def enqueue_event(self, kind, payload, received_at) -> None:  # pragma: no cover - pages never send events
        raise AssertionError("no event expected")


def make(tmp_path, password: str = PASSWORD, rows: int = 0, **settings_values):
    values = dict(identification_key="k", rules_dir=str(ROOT / "rules"), database_url=f"sqlite:///{tmp_path}/c.db",
                  log_password=password) | settings_values  # fmt: skip
    settings = Settings(**values)
    services = build_services(settings)
    if rows:
        fill(services.store, rows)
    queue = RecordingQueue()
    return create_app(settings, queue, services).test_client(), services, queue


def csrf(client, path: str = "/logs/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def log_in(client, password: str = PASSWORD, address: str = "10.0.0.1"):
    return client.post("/logs/login", data={"csrf": csrf(client), "password": password},
                       environ_base={"REMOTE_ADDR": address})  # fmt: skip


@pytest.fixture
def console(tmp_path):
    client, services, queue = make(tmp_path, rows=60)
    assert log_in(client).status_code == 302
    return client, services, queue


def with_oauth(tmp_path):
    """A logged-in console whose service has the web flow (/oauth/start) set up."""
    tmp_path.mkdir(exist_ok=True)
    client, services, _ = make(tmp_path, rows=10, app_slug="app", client_secret="s", public_url="https://x.example",
                               token_encryption_key=Fernet.generate_key().decode())  # fmt: skip
    log_in(client)
    return client, services


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


# -- access ------------------------------------------------------------------------------


def test_console_is_off_without_a_password_and_says_so_in_persian(tmp_path):
    client, _, _ = make(tmp_path, password="")
    for path in ("/logs/", "/logs/today"):
        response = client.get(path, follow_redirects=True)
        text = response.get_data(as_text=True)
        assert response.status_code == 404 and "صفحه‌ی گزارش خاموش است" in text and "LOG_PASSWORD" in text
        assert "دوباره راه‌اندازی" in text and "پیدا نشد" not in text  # how to turn it on, not "page not found"
        assert not re.search(r'<a [^>]*href="/logs', text)  # no link back to this same off page
    assert response.headers["X-Frame-Options"] == "DENY"


def test_unauthenticated_visits_get_the_login_page_and_come_back_after(tmp_path):
    client, _, _ = make(tmp_path, rows=5)
    response = client.get("/logs/messages?outcome=failed")
    assert response.status_code == 302 and "/logs/login?next=" in response.headers["Location"]
    login = client.get(response.headers["Location"])
    assert "ورود" in login.get_data(as_text=True)
    token = csrf(client)
    done = client.post("/logs/login", data={"csrf": token, "password": PASSWORD, "next": "/logs/messages?outcome=failed"})
    assert done.status_code == 302 and done.headers["Location"] == "/logs/messages?outcome=failed"
    assert client.get("/logs/live").status_code == 200
    page = client.get("/logs/messages").get_data(as_text=True)  # the page polls /logs/live every 5 s (the browser test, 0.5 s)
    assert 'data-live="/logs/live" data-every="5000"' in page


def test_login_ignores_a_next_that_leaves_the_console(tmp_path):
    client, _, _ = make(tmp_path)
    done = client.post("/logs/login", data={"csrf": csrf(client), "password": PASSWORD, "next": "//evil.example/logs"})
    assert done.headers["Location"] == "/logs/"


def test_live_endpoint_answers_401_not_a_redirect_when_signed_out(tmp_path):
    client, _, _ = make(tmp_path)
    assert client.get("/logs/live").status_code == 401


def test_session_cookie_is_httponly_samesite_and_secure_behind_https(tmp_path):
    client, _, _ = make(tmp_path)
    cookie = log_in(client).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    (tmp_path / "https").mkdir()
    client, _, _ = make(tmp_path / "https", public_url="https://responder.example.com")
    assert "Secure" in log_in(client).headers["Set-Cookie"]


def test_changing_the_password_signs_everyone_out(tmp_path):
    client, services, queue = make(tmp_path)
    log_in(client)
    cookie = client.get_cookie("responder_console")
    settings = Settings(identification_key="k", rules_dir=str(ROOT / "rules"), database_url=f"sqlite:///{tmp_path}/c.db",
                        log_password="new-password")  # fmt: skip
    other = create_app(settings, queue, build_services(settings)).test_client()
    other.set_cookie("responder_console", cookie.value)
    assert other.get("/logs/").status_code == 302


def test_web_processes_on_one_database_share_sessions_and_other_databases_do_not(tmp_path):
    """The signing key mixes in a secret the database keeps: not guessable from the password."""
    client, _, queue = make(tmp_path)
    log_in(client)
    cookie = client.get_cookie("responder_console").value
    second, _, _ = make(tmp_path)  # another gunicorn process, same DATABASE_URL and password
    second.set_cookie("responder_console", cookie)
    assert second.get("/logs/").status_code == 200
    (tmp_path / "other").mkdir()
    stranger, _, _ = make(tmp_path / "other")  # same password, another database
    stranger.set_cookie("responder_console", cookie)
    assert stranger.get("/logs/").status_code == 302


def test_posts_without_the_csrf_token_are_refused(console):
    client, services, queue = console
    response = client.post("/logs/pause", data={"kind": "post", "key": "gZd7omnS", "action": "pause"})
    assert response.status_code == 403 and "اجازه ندارید" in response.get_data(as_text=True)
    assert not services.store.paused_targets()


def test_failed_logins_are_rate_limited_per_address(tmp_path):
    client, _, _ = make(tmp_path)
    for _ in range(auth.LoginLimits().per_address):
        response = log_in(client, "wrong", "10.0.0.9")
        assert response.status_code == 401 and "رمز درست نیست" in response.get_data(as_text=True)
    locked = log_in(client, PASSWORD, "10.0.0.9")  # even the right password waits now
    assert locked.status_code == 429 and "دقیقه‌ی دیگر" in locked.get_data(as_text=True)
    assert log_in(client, PASSWORD, "10.0.0.10").status_code == 302  # another address is not locked out


def test_a_browser_that_logged_in_before_is_not_locked_out_by_guessers_elsewhere(tmp_path):
    client, _, _ = make(tmp_path)
    assert log_in(client, PASSWORD, "10.0.0.1").status_code == 302
    client.post("/logs/logout", data={"csrf": csrf(client, "/logs/")})
    guesser = client.application.test_client()  # the same app (and login counts), another browser
    for n in range(auth.LoginLimits().everyone):
        log_in(guesser, "wrong", f"10.1.{n // 250}.{n % 250}")
    assert log_in(guesser, PASSWORD, "10.9.9.9").status_code == 429  # a new browser waits
    assert log_in(client, PASSWORD, "10.0.0.1").status_code == 302  # the seller's own browser does not


def test_login_guard_limits_everyone_together_and_forgets_after_the_window():
    import fakeredis

    guard = auth.LoginGuard(fakeredis.FakeRedis(), auth.LoginLimits(per_address=100, everyone=3, window=60))
    for n in range(3):
        assert guard.wait(f"10.0.0.{n}") == 0
        guard.failed(f"10.0.0.{n}")
    assert 0 < guard.wait("10.9.9.9") <= 60  # a fresh address waits too: many addresses guessing
    guard.redis.flushall()
    assert guard.wait("10.9.9.9") == 0


@pytest.mark.parametrize("path", ["/logs/login", "/logs/nope", "/oauth/callback?state=x", "/oauth/start"])
def test_every_html_page_carries_the_security_headers(tmp_path, path):
    client, _, _ = make(tmp_path)
    response = client.get(path)
    assert response.mimetype == "text/html"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_error_pages_are_persian_html_for_browsers_and_json_for_the_webhook(tmp_path, monkeypatch):
    client, services, _ = make(tmp_path)
    assert "صفحه پیدا نشد" in client.get("/logs/nope").get_data(as_text=True)
    assert "صفحه پیدا نشد" in client.get("/nope", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert client.get("/nope").get_json()["error"] == "not_found"
    assert client.post("/webhook", data="x").get_json()["error"] == "unauthorized"
    log_in(client)
    monkeypatch.setattr(services.store, "conversations", lambda *a, **k: 1 / 0)
    failed = client.get("/logs/")
    assert failed.status_code == 500 and "خطای داخلی" in failed.get_data(as_text=True)
    assert "ZeroDivisionError" not in failed.get_data(as_text=True)


def test_oauth_result_pages_offer_to_try_again(tmp_path):
    client, _, _ = make(tmp_path)
    expired = client.get("/oauth/callback?state=unknown&code=c")
    text = expired.get_data(as_text=True)
    assert expired.status_code == 400 and "دوباره امتحان کنید" in text and 'href="/logs/today"' in text
    unconfigured = client.get("/oauth/start?post=gZd7omnS")
    assert unconfigured.status_code == 503 and 'href="/oauth/start?post=gZd7omnS"' in unconfigured.get_data(as_text=True)


# -- pages -------------------------------------------------------------------------------


def test_conversations_page_counts_and_pages_with_totals(console):
    client, services, _ = console
    text = page(client, "/logs/")
    assert "۱ تا ۲۰ از ۴۶ گفتگو" in text
    assert "۲۱ تا ۴۰ از ۴۶ گفتگو" in page(client, "/logs/?page=2")
    assert "۴۱ تا ۴۶ از ۴۶ گفتگو" in page(client, "/logs/?page=3")
    total, lines = services.store.conversations(LogQuery(), 20)
    assert total == 46 and lines[0].last.message_id == "m59" and lines[0].messages == 2


def test_filters_are_kept_in_the_url_and_in_the_paging_links(console):
    client, _, _ = console
    text = page(client, "/logs/messages?outcome=failed&post=gZd7omnS")
    assert 'value="failed" selected' in text
    rows = re.findall(r'<span class="badge (\w+)">', text)
    assert rows and set(rows) == {"bad"}
    text = page(client, "/logs/messages?outcome=replied")
    assert "۱ تا ۲۰ از ۲۰ پیام" in text
    text = page(client, "/logs/messages?since=1404/01/01")
    assert "۱ تا ۲۰ از ۶۰ پیام" in text and "since=1404%2F01%2F01" in re.search(r'href="[^"]*page=2[^"]*"', text).group()
    assert "۲۱ تا ۴۰ از ۶۰ پیام" in page(client, "/logs/messages?since=1404/01/01&page=2")


def test_an_empty_filter_says_nothing_matched_not_that_nothing_arrived(console):
    client, _, _ = console
    text = page(client, "/logs/messages?rule=nonexistent")
    assert "هیچ پیامی با این فیلترها پیدا نشد" in text and "هنوز پیامی نرسیده" not in text


def test_dates_are_jalali_or_gregorian_and_a_bad_one_is_reported(console):
    client, services, _ = console
    services.store.record(row("old", received_at=datetime(2026, 1, 1, 12, tzinfo=timezone.utc)))
    text = page(client, "/logs/messages?since=1404/10/11&until=1404/10/11")  # 2026-01-01 in Tehran
    assert "۱ تا ۱ از ۱ پیام" in text
    assert "۱ تا ۱ از ۱ پیام" in page(client, "/logs/messages?since=2026-01-01&until=۲۰۲۶-۰۱-۰۱")
    bad = page(client, "/logs/messages?since=tomorrow")
    assert "«tomorrow» تاریخ نیست" in bad and "از ۶۱ پیام" in bad


def test_search_matches_normalized_text_in_messages_and_replies(console):
    client, services, _ = console
    expected = sum(r.text == "آدرس کجاست؟" for r in services.store.rows(LogQuery(), 1000))
    text = page(client, "/logs/messages?q=ادرس+كجاست")  # no madda, Arabic kaf
    assert expected > 1 and f"از {fa.number(expected)} پیام" in text and text.count("آدرس کجاست؟") == expected
    assert "از ۲۰ پیام" in page(client, "/logs/messages?q=۴۵+ميليون&outcome=replied")  # the reply's text
    assert "گفتگو" in page(client, "/logs/?q=آدرس")


def test_search_reads_a_bounded_window_and_says_so(tmp_path):
    from responder.console import search

    _, services, _ = make(tmp_path, rows=30)
    found = search.search(services.store, LogQuery(), "قیمت", window=12)
    assert found.scanned == 12 and not found.complete and all("قیمت" in r.text or "قیمت" in (r.reply or "") for r in found.rows)
    assert search.search(services.store, LogQuery(), "قیمت", window=100).complete


def test_conversation_is_drawn_as_a_chat_with_reasons_types_and_escaped_text(console):
    client, services, _ = console
    services.store.record(row("x1", "skipped:hourly_cap", conversation="c-1", text="<script>alert(1)</script> قیمت؟", rule="price"))
    services.store.record(row("x2", "no_match", conversation="c-1", message_type="VOICE", text=""))
    services.store.record(row("x3", "skipped:own_message", conversation="c-1", sender_role="seller", text="سلام، بله"))
    text = page(client, "/logs/conversation?c=c-1")
    assert "&lt;script&gt;" in text and "<script>alert" not in text
    assert "بی‌پاسخ: سقف پاسخ در ساعت" in text and "به سقف پاسخ‌های یک ساعت رسیده" in text  # label and reason
    assert "بی‌پاسخ: قانونی نخورد" in text and "🎤 پیام صوتی" in text
    assert 'class="bubble seller"' in text and "سلام، بله" in text
    assert client.get("/logs/conversation?c=nope").status_code == 404


def test_a_stopped_post_gets_a_reconnect_link_when_the_web_flow_is_set_up(tmp_path):
    client, services, _ = make(tmp_path, rows=10)
    log_in(client)
    services.store.save_post("gZd7omnS", status="failed:token_expired")
    assert "اتصال از راه وب روی این سرویس تنظیم نشده" in page(client, "/logs/today")  # no OAuth settings
    client, services = with_oauth(tmp_path / "oauth")
    services.store.save_post("gZd7omnS", status="failed:token_expired")
    text = page(client, "/logs/conversation?c=gZd7omnS:buyer-0")
    assert 'href="/oauth/start?post=gZd7omnS"' in text and "اتصال منقضی شده" in text
    assert 'href="/oauth/start?post=gZd7omnS"' in page(client, "/logs/today")


def test_the_console_calls_active_only_posts_it_can_answer(tmp_path):
    """As `responder posts` does (tokens.connection_states): a post never connected, one
    whose token this key cannot read, one left to an all-posts grant that is not there."""
    from responder.crypto import Cipher

    client, services = with_oauth(tmp_path)
    store, key = services.store, services.settings.token_encryption_key
    store.save_post("seenOnly", last_message_at=datetime.now(timezone.utc))
    store.save_post("viaGrant", via="all-posts")
    store.save_post("gZd7omnS", via="events", access_token=Cipher(Fernet.generate_key().decode()).encrypt("t"))
    store.save_post("good", via="events", access_token=Cipher(key).encrypt("t"))
    badges = dict(re.findall(r'<bdi>(\w+)</bdi></a>\s*<span class="badge \w+">([^<]+)</span>', page(client, "/logs/today")))
    assert {token: badges[token] for token in ("seenOnly", "viaGrant", "gZd7omnS", "good")} == {
        "seenOnly": fa.POST_STATUS["not connected"], "viaGrant": fa.POST_STATUS["not connected"],
                      "gZd7omnS": fa.POST_STATUS["unreadable: other key"], "good": "فعال"}  # fmt: skip
    others = {badges[t] for t in badges if t not in ("seenOnly", "viaGrant", "gZd7omnS", "good")}
    assert others == {fa.POST_STATUS["not connected"]}  # the log's other posts were only seen in messages
    text = page(client, "/logs/conversation?c=gZd7omnS:buyer-0")
    assert fa.POST_STATUS["unreadable: other key"] in text and 'href="/oauth/start?post=gZd7omnS"' in text
    store.save_post("all:g1", via="events", access_token=Cipher(key).encrypt("grant"))  # the grant arrives
    badges = dict(re.findall(r'<bdi>([\w:]+)</bdi></a>\s*<span class="badge \w+">([^<]+)</span>', page(client, "/logs/today")))
    assert badges["viaGrant"] == "فعال" and badges["seenOnly"] == fa.POST_STATUS["not connected"]


def test_today_counts_rates_reasons_rules_and_latency(console):
    client, services, _ = console
    text = page(client, "/logs/today")
    assert "<svg" in text and "نرخ پاسخ" in text and "صدک ۹۵" in text
    assert re.search(r"<b>۶۰</b>پیام خریدار", text) and "آزمایشی" not in text  # no dry runs, no tile


def test_today_shows_dry_runs_apart_from_replies(console):
    client, services, _ = console
    for n in range(40):  # 60 rows hold 20 replies; 40 dry runs would have made it 60 "replies" (100%)
        services.store.record(row(f"dry{n}", "dry_run", rule="price", reply="قیمت ۴۵ میلیون"))
    text = page(client, "/logs/today")
    assert re.search(r"<b>۲۰</b>پاسخ</a>", text) and re.search(r"<b>۴۰</b>پاسخ آزمایشی \(فرستاده نشد\)", text)
    assert re.search(r"<b>۲۰٪</b>نرخ پاسخ<small class=\"sub\">با پاسخ‌های آزمایشی: ۶۰٪</small>", text)  # sent, and sent or dry run


def test_unanswered_page_groups_what_only_the_fallback_or_nothing_answered(tmp_path):
    client, services, _ = make(tmp_path)
    log_in(client)
    assert "پیام بی‌جوابی نمانده" in page(client, "/logs/unanswered")
    store, old = services.store, datetime.now(timezone.utc) - timedelta(days=3)
    for n, (text, outcome, rule) in enumerate([
        ("چرا میفروشی؟", "no_match", None), ("چرا ميفروشيد؟", "replied", "fallback"), ("چرا میفروشین", "dry_run", "fallback"),
        ("گارانتی داره؟", "no_match", None), ("قیمتش چنده؟", "replied", "price"),  # a real rule answered: not listed
        ("چرا میفروشی؟", "no_match", None), ("", "no_match", None),  # purged text: not listed
    ]):  # fmt: skip
        store.record(row(f"u{n}", outcome, text=text, rule=rule, received_at=old))
    store.record(row("seller", "skipped:seller", text="چرا میفروشی؟", sender_role="seller", received_at=old))
    text = page(client, "/logs/unanswered")
    assert "۵ پیام در ۲ سؤال" in text
    counts = re.findall(r'<b class="count">([^<]+)</b> «<bdi class="face">([^<]+)</bdi>»', text)
    assert counts == [("۴", "چرا میفروشی؟"), ("۱", "گارانتی داره؟")]  # most frequent first, the commonest phrasing as its face
    assert "قیمتش" not in text and 'href="/logs/playground?text=' in text
    assert "پیام بی‌جوابی نمانده" in page(client, "/logs/unanswered?days=1")  # three days ago is outside one day
    assert "۵ پیام" in page(client, "/logs/unanswered?days=9999")  # an unknown period reads as the default week


def test_a_rejected_rule_edit_is_shown_until_it_is_fixed(tmp_path):
    rules = write_rules(tmp_path / "rules", "rules:\n  - name: price\n    keywords: [قیمت]\n    reply: ok\n")
    client, _, _ = make(tmp_path, rules_dir=str(rules))
    log_in(client)
    assert "سالم‌اند: ۱ قانون در ۱ فایل" in page(client, "/logs/today")
    (rules / "rules.yaml").write_text("rules:\n  - name: price\n    keywrds: [قیمت]\n    reply: ok\n", encoding="utf-8")
    assert "ایراد دارند" in page(client, "/logs/")
    assert "rules.yaml:3: rule &#39;price&#39;: unknown key &#39;keywrds&#39;" in page(client, "/logs/today")
    (rules / "rules.yaml").write_text("rules:\n  - name: price\n    keywords: [قیمت, چند]\n    reply: ok\n", encoding="utf-8")
    assert "ایراد دارند" not in page(client, "/logs/") and "سالم‌اند" in page(client, "/logs/today")


def test_one_yaml_slip_is_one_problem_on_the_page_with_what_it_breaks_under_it(tmp_path):
    """The trial's open quote in the settings counted as 2 problems: the slip, and the replies using its var."""
    rules = write_rules(tmp_path / "rules", "rules:\n  - name: price\n    keywords: [قیمت]\n    reply: '{{ vars.price }}'\n")
    (rules / "00-settings.yaml").write_text('vars:\n  price: "45000000\n  area: x\n', encoding="utf-8")
    client, _, _ = make(tmp_path, rules_dir=str(rules))
    log_in(client)
    text = page(client, "/logs/today")
    assert "۱ ایراد دارند" in text and text.count("<li>") >= 1
    assert ('00-settings.yaml:2: YAML syntax: this line opens a quote (&#34;) that is never closed on this line' in text
            and '<br><span class="then">→ because of it, vars.price is not read, so the reply of rule &#39;price&#39;' in text), text


def test_rule_warnings_are_listed_with_the_problems_and_the_rules_still_answer(tmp_path):
    """«توافقی» as the price, in «…», loads, but the reply would read «قیمت توافقی تومان»: the seller who
    edits while the service runs sees it on the page, as `responder check` would print it."""
    rules = write_rules(tmp_path / "rules", "vars:\n  price: «توافقی»\nrules:\n  - name: price\n    keywords: [قیمت]\n"
                                            "    reply: 'قیمت {{ vars.price | money }} تومان'\n")  # fmt: skip
    client, _, _ = make(tmp_path, rules_dir=str(rules))
    log_in(client)
    text = page(client, "/logs/today")
    assert "سالم‌اند: ۱ قانون در ۱ فایل" in text and "۲ هشدار" in text
    assert "rules.yaml:2: vars.price: the value is wrapped in «…»" in text
    assert "rules.yaml:2: vars.price: &#39;«توافقی»&#39; is not a number" in text
    (rules / "rules.yaml").write_text("vars:\n  price: 45000000\nrules:\n  - name: price\n    keywords: [قیمت]\n"
                                      "    reply: 'قیمت {{ vars.price | money }} تومان'\n", encoding="utf-8")  # fmt: skip
    assert "هشدار" not in page(client, "/logs/today")


def test_the_playground_says_when_the_rules_never_loaded(tmp_path):
    rules = write_rules(tmp_path / "rules", "rules:\n  - name: price\n    keywrds: [قیمت]\n    reply: ok\n")
    client, _, _ = make(tmp_path, rules_dir=str(rules))
    log_in(client)
    assert "ایراد دارند" in page(client, "/logs/playground?text=قیمت")


# -- actions -----------------------------------------------------------------------------


def test_retry_queues_a_resend_once_even_when_tapped_twice(console):
    client, services, queue = console
    when = datetime.now(timezone.utc) - timedelta(minutes=5)
    services.store.record(row("f1", "failed:gave_up", message=message_json("f1", "gZd7omnS", "b", "قیمت؟", when)))
    token = csrf(client, "/logs/")
    for _ in range(2):
        response = client.post("/logs/retry", data={"csrf": token, "message_id": "f1", "back": "/logs/messages"})
        assert response.status_code == 302 and response.headers["Location"] == "/logs/messages"
    [delivery] = queue.messages
    assert delivery.resend and delivery.message.id == "f1" and delivery.message.text == "قیمت؟"
    client.post("/logs/retry", data={"csrf": token, "message_id": "m0"})  # replied: nothing to retry
    assert len(queue.messages) == 1
    assert "نمی‌شود دوباره فرستاد" in page(client, "/logs/")


def test_pause_and_resume_a_post_and_a_conversation(console):
    client, services, _ = console
    token = csrf(client, "/logs/")
    client.post("/logs/pause", data={"csrf": token, "kind": "conversation", "key": "gZd7omnS:buyer-0", "action": "pause"})
    assert services.store.is_paused("gZd7omnS", "gZd7omnS:buyer-0") and not services.store.is_paused("gZd7omnS", "other")
    assert "متوقف" in page(client, "/logs/conversation?c=gZd7omnS:buyer-0")
    client.post("/logs/pause", data={"csrf": token, "kind": "post", "key": "gZd7omnS", "action": "pause"})
    assert services.store.is_paused("gZd7omnS", "other")
    for kind, key in (("post", "gZd7omnS"), ("conversation", "gZd7omnS:buyer-0")):
        client.post("/logs/pause", data={"csrf": token, "kind": kind, "key": key, "action": "resume"})
    assert not services.store.paused_targets()
    client.post("/logs/pause", data={"csrf": token, "kind": "everything", "key": "x", "action": "pause"})
    assert not services.store.paused_targets()


def test_playground_shows_the_rule_and_exact_reply_and_logs_nothing(console):
    client, services, queue = console
    before = services.store.count(LogQuery())
    text = page(client, "/logs/playground?text=قیمتش+چنده؟&post=gZd7omnS")
    assert 'class="rule-name">price<' in text and "قیمت را خودم دقیق برایتان می‌نویسم." in text  # no price known
    services.store.save_post_facts("gZd7omnS", {"price": 1100000}, datetime.now(timezone.utc))  # as Divar's finder gave it
    assert "قیمت ۱,۱۰۰,۰۰۰ تومان است." in page(client, "/logs/playground?text=قیمتش+چنده؟&post=gZd7omnS")
    assert "پیام از نوع" not in text
    both = page(client, "/logs/playground?text=سلام+قیمتش+چنده؟&post=gZd7omnS")  # one reply answers both parts
    assert "«<bdi>price-how-much</bdi>»" in both  # as `responder try` lists it: the reply's own parts are no alternatives
    assert "«<bdi>price</bdi>»" not in both and "«<bdi>greeting</bdi>»" not in both
    photo = page(client, "/logs/playground?type=IMAGE")
    assert "photo-received" in photo
    assert services.store.count(LogQuery()) == before and not queue.messages


def test_posts_are_named_by_their_titles_and_a_grant_reconnects_all_posts(tmp_path):
    client, services = with_oauth(tmp_path)
    services.store.save_post_facts("gZd7omnS", {"title": "گوشی سامسونگ A54"}, datetime.now(timezone.utc))
    services.store.save_post("all:abc", status="failed:token_expired", via="events")
    text = page(client, "/logs/today")
    assert "گوشی سامسونگ A54" in text and "همه‌ی آگهی‌های فروشنده" in text
    assert 'href="/oauth/start?posts=all"' in text
    assert "گوشی سامسونگ A54" in page(client, "/logs/conversation?c=gZd7omnS:buyer-0")
    assert 'value="all:abc"' not in page(client, "/logs/")  # a grant is not a post to filter by


def test_todays_page_says_when_the_daily_quota_holds_sends(console):
    from responder.store import QUOTA_HOLD

    client, services, _ = console
    services.store.hold_sends(QUOTA_HOLD, datetime.now(timezone.utc) + timedelta(hours=2), "daily quota")
    assert "سهمیه‌ی روزانه" in page(client, "/logs/today")


def test_playground_uses_the_posts_stored_facts_like_the_worker(tmp_path):
    rules = write_rules(tmp_path / "rules", "rules:\n  - name: model\n    keywords: [مدل]\n    reply: 'این {{ post.title }} است'\n"
                                            "  - name: any-model\n    keywords: [مدل]\n    reply: مدلش را در آگهی ببینید\n")
    client, services, _ = make(tmp_path, rules_dir=str(rules))
    log_in(client)
    services.store.save_post("known")
    services.store.save_post_facts("known", {"title": "گوشی A54"}, datetime.now(timezone.utc))
    text = page(client, "/logs/playground?text=مدلش+چیه&post=known")
    assert 'class="rule-name">model<' in text and "این گوشی A54 است" in text
    text = page(client, "/logs/playground?text=مدلش+چیه&post=unknown")  # no facts: passed over, as the worker does
    assert 'class="rule-name">any-model<' in text and "post.title" in text
