"""The console in a real browser (Debian's headless Chromium through Selenium), at a
phone's width (390 px) and a desktop's (1280 px): log in, open a conversation, filter,
search, retry a failure against the fake Divar, pause a conversation and see the next
message skipped (arriving live, without a reload), and use the playground.

One server and one browser for the module; screenshots go to ``tests/artifacts/``.
Skipped with a one-line reason when Chromium is not installed (``.ci/run`` installs it),
failing instead under ``RESPONDER_REQUIRE_SERVICES=1``.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import time

import pytest
import requests
from cryptography.fernet import Fernet

from responder.config import Settings
from responder.store import LogQuery
from responder.webhook import create_app
from responder.wiring import build_queue, build_services
from tests.conftest import ROOT, _unavailable
from tests.console_data import fill, message_json, row
from tests.fake_divar import FakeDivar
from tests.payloads import legacy
from tests.test_integration import wait_until

ARTIFACTS = ROOT / "tests" / "artifacts"
PASSWORD = "s3cret-console"
KEY = "ident-key"
# Outcome codes and English words that have a Persian label on the page.
ENGLISH = re.compile(r"\b(replied|dry_run|no_match|failed|skipped|gave_up|hourly_cap|paused|Login|Password|Search|Next|Page|"
                     r"Retry|Pause|Resume|Today|Messages|Conversations|Submit|Logout|Error|Not Found)\b", re.I)  # fmt: skip
VISIBLE_LATIN = """
const skip = el => el.closest('bdi, .detail, .problems, option, script, style, svg title');
const out = []; const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walk.nextNode()) { const n = walk.currentNode; if (n.textContent.trim() && !skip(n.parentElement)) out.push(n.textContent); }
return out.join(' ');
"""


def _browser_tools() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        _unavailable("Chromium and chromedriver (apt-get install chromium chromium-driver)", FileNotFoundError("chromium"))
    return chromium, driver  # type: ignore[return-value]


@pytest.fixture(scope="module")
def browser():
    chromium, driver_path = _browser_tools()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=fa-IR",
                 "--hide-scrollbars", "--force-device-scale-factor=1"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the page's console: a failed request shows there
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The whole app on a real port: embedded queue, sending to a fake Divar."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access lines from the server thread
    tmp = tmp_path_factory.mktemp("console")
    with FakeDivar() as fake:
        settings = Settings(
            divar_api_key="api-key", divar_access_token="static-token", identification_key=KEY,
            divar_api_url=fake.url, divar_legacy_api_url=fake.url, database_url=f"sqlite:///{tmp}/console.db",
            rules_dir=str(ROOT / "rules"), log_password=PASSWORD, rate_limit_per_minute=0, max_attempts=1,
            token_encryption_key=Fernet.generate_key().decode(),  # chat text sealed in the log, as in production
        )  # fmt: skip
        services = build_services(settings)
        fill(services.store, 120)
        app = create_app(settings, build_queue(services), services)
        app.config["CONSOLE_LIVE_POLL_MS"] = 500  # the page asks for new rows ten times as often as it ships (5 s)
        http = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=http.serve_forever, daemon=True).start()
        yield {"url": f"http://127.0.0.1:{http.server_port}", "store": services.store, "fake": fake}
        http.shutdown()


def _shot(driver, width: int, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height, 600), 2400))
    driver.save_screenshot(str(ARTIFACTS / f"console-{width}-{name}.png"))
    driver.set_window_size(width, 860)


def _check_page(driver, width: int, name: str) -> None:
    """No sideways scrolling on a phone, no English where Persian exists; then a screenshot."""
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the {width}px screen"
    visible = driver.execute_script(VISIBLE_LATIN)
    english = ENGLISH.findall(visible)
    assert not english, f"{name}: English where a Persian label exists: {english}"
    latin_digits = re.findall(r"\S*[0-9]\S*", visible)
    assert not latin_digits, f"{name}: Latin digits outside ids and technical details: {latin_digits}"
    assert driver.execute_script("return document.documentElement.dir") == "rtl"
    _shot(driver, width, name)


def _wait(predicate, timeout: float = 20.0, what: str = "condition"):
    assert wait_until(predicate, timeout), f"timed out waiting for {what}"


def _submit(driver, element) -> None:
    """Click and wait until the next page has replaced this one and finished loading.

    The old page is marked before the click; the wait ends only when a page without the
    mark says it is complete. (Waiting for the old node to go stale was not enough: under
    load chromedriver can fail to answer about a node that is still there, and the test
    then read the old page.)"""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__responderOldPage = true")
    element.click()

    def replaced(_driver) -> bool:
        try:
            return bool(driver.execute_script(
                "return !window.__responderOldPage && document.readyState === 'complete'"))
        except WebDriverException:  # mid-navigation: no document to ask yet
            return False

    WebDriverWait(driver, 30).until(replaced)


def _text(driver) -> str:
    return driver.find_element("tag name", "body").text


@pytest.mark.parametrize("width", [390, 1280])
def test_console_in_a_real_browser(browser, server, width):
    driver, base, store, fake = browser, server["url"], server["store"], server["fake"]
    driver.delete_all_cookies()
    driver.set_window_size(width, 860)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    # An unauthenticated visit gets the login page; a wrong password is refused in Persian.
    driver.get(f"{base}/logs/messages?outcome=failed")
    assert "/logs/login" in driver.current_url and "ورود" in driver.title
    driver.find_element(By.NAME, "password").send_keys("wrong")
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stack button"))
    assert "رمز درست نیست" in _text(driver)
    _check_page(driver, width, "login")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stack button"))
    assert driver.current_url.endswith("/logs/messages?outcome=failed")  # back where the visit started

    # Filter by outcome: every message shown failed, and the filter stays in the URL.
    driver.get(f"{base}/logs/messages")
    driver.find_element(By.CSS_SELECTOR, "details.more summary").click()  # the filters fold away on a phone
    Select(driver.find_element(By.NAME, "outcome")).select_by_visible_text("همه‌ی ناموفق‌ها")
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button"))
    assert "outcome=failed" in driver.current_url
    badges = [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".item .badge")]
    assert badges and all(b.startswith("نرسید") for b in badges), badges
    assert re.search(r"از [۰-۹٬]+ پیام", _text(driver))
    outcome_labels = [o.text for o in Select(driver.find_element(By.NAME, "outcome")).options]
    assert not [label for label in outcome_labels if re.search(r"[A-Za-z]", label)]
    _check_page(driver, width, "messages-failed")

    # Search: Arabic ي and no ZWNJ still find «آدرس کجاست؟».
    box = driver.find_element(By.NAME, "q")
    box.clear()
    box.send_keys("ادرس كجاست")
    Select(driver.find_element(By.NAME, "outcome")).select_by_index(0)
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button"))
    snippets = [s.text for s in driver.find_elements(By.CSS_SELECTOR, ".item .snippet")]
    assert snippets and all("آدرس کجاست" in s for s in snippets)
    _check_page(driver, width, "search")

    # Conversations, then one conversation drawn as a chat, photos shown as photos.
    driver.get(f"{base}/logs/")
    _check_page(driver, width, "conversations")
    _submit(driver, driver.find_element(By.CSS_SELECTOR, ".item .row-link"))
    assert "/logs/conversation" in driver.current_url
    assert driver.find_elements(By.CSS_SELECTOR, ".bubble.buyer") and driver.find_elements(By.CSS_SELECTOR, ".bubble.bot")
    _check_page(driver, width, "conversation")
    driver.get(f"{base}/logs/conversation?c=AaBb1234:buyer-5")  # message 5 of the fill is a photo
    assert "📷 عکس" in _text(driver)

    # Retry a failure: the fake Divar accepts it, and the page says so.
    buyer = f"retry-{width}"
    failed = row(f"retry-{width}", "failed:gave_up", conversation=f"gZd7omnS:{buyer}", rule="price", reply="قیمت ۴۵",
                 detail="failed:http_503 after 6 attempt(s)",
                 message=message_json(f"retry-{width}", "gZd7omnS", buyer, "قیمتش چنده؟", row("x").received_at))  # fmt: skip
    store.record(failed)
    driver.get(f"{base}/logs/conversation?c=gZd7omnS:{buyer}")
    assert "نرسید: دیوار در دسترس نبود" in _text(driver) and "failed:http_503" in _text(driver)  # the reason, visible
    sends_before = len(fake.sends())
    _submit(driver, driver.find_element(By.XPATH, "//button[text()='ارسال دوباره']"))
    assert "دوباره در صف ارسال" in _text(driver)
    _wait(lambda: store.outcome_of(f"retry-{width}") == "replied", what="the retried message to be replied")
    assert len(fake.sends()) == sends_before + 1
    driver.refresh()
    assert "پاسخ داده شد" in _text(driver)
    _check_page(driver, width, "retried")

    # Pause this conversation; the buyer's next message is logged skipped:paused and shows up live.
    _submit(driver, driver.find_element(By.XPATH, "//button[text()='توقف پاسخ خودکار این گفتگو']"))
    assert "متوقف شد" in _text(driver)
    assert store.is_paused("gZd7omnS", f"gZd7omnS:{buyer}")
    sends_before = len(fake.sends())
    body = legacy("هنوز موجوده؟", message_id=f"after-pause-{width}", buyer_id=buyer)
    answer = requests.post(f"{base}/webhook", data=json.dumps(body), headers={"Authorization": KEY,
                           "Content-Type": "application/json"}, timeout=5)  # fmt: skip
    assert answer.status_code == 200
    _wait(lambda: store.outcome_of(f"after-pause-{width}") == "skipped:paused", what="the paused message's row")
    _wait(lambda: "هنوز موجوده" in _text(driver), timeout=25, what="the new message to appear without a reload")
    assert "بی‌پاسخ: پاسخ خودکار متوقف است" in _text(driver)
    assert len(fake.sends()) == sends_before  # nothing was sent
    _check_page(driver, width, "paused")
    _submit(driver, driver.find_element(By.XPATH, "//button[text()='ادامه‌ی پاسخ خودکار این گفتگو']"))
    assert not store.is_paused("gZd7omnS", f"gZd7omnS:{buyer}")

    # The playground: the same engine's rule and exact reply; nothing sent or logged.
    rows_before = store.count(LogQuery())
    driver.get(f"{base}/logs/playground")
    driver.find_element(By.NAME, "text").send_keys("قیمتش چنده؟")
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button"))
    assert driver.find_element(By.CSS_SELECTOR, ".rule-name").text == "price"
    assert driver.find_element(By.ID, "reply").text == "قیمت را خودم دقیق برایتان می‌نویسم."  # starter settings: no price
    assert store.count(LogQuery()) == rows_before and len(fake.sends()) == sends_before
    _check_page(driver, width, "playground")
    # A reply of two lines (a greeting, then the answer) is drawn in two lines, as the buyer gets it
    # (the new-user trial saw it joined into one paragraph).
    driver.get(f"{base}/logs/playground")
    driver.find_element(By.NAME, "text").send_keys("سلام قیمتش چنده؟")
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button"))
    assert driver.find_element(By.ID, "reply").text.split("\n")[1:] == ["قیمت را خودم دقیق برایتان می‌نویسم."]

    driver.get(f"{base}/logs/today")
    assert "نرخ پاسخ" in _text(driver) and driver.find_elements(By.CSS_SELECTOR, "svg.chart")
    _check_page(driver, width, "today")

    # Unanswered questions, grouped: the fill's «آدرس کجاست؟» got no rule; «آزمایش» opens the playground with it.
    driver.get(f"{base}/logs/unanswered")
    faces = [f.text for f in driver.find_elements(By.CSS_SELECTOR, ".unanswered .face")]
    assert "آدرس کجاست؟" in faces, faces
    _check_page(driver, width, "unanswered")
    _submit(driver, driver.find_elements(By.CSS_SELECTOR, ".unanswered .actions .button")[faces.index("آدرس کجاست؟")])
    assert "/logs/playground" in driver.current_url and "آدرس کجاست" in driver.find_element(By.NAME, "text").get_attribute("value")

    driver.get(f"{base}/logs/no-such-page")
    assert "صفحه پیدا نشد" in _text(driver)
    _check_page(driver, width, "not-found")


def _console_errors(driver) -> list[str]:
    """The browser console's errors since the last call (reading the log empties it)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


@pytest.mark.parametrize("width", [390, 1280])
def test_no_request_fails_in_the_browser_console(browser, server, width):
    """A seller who opens the browser's console sees no red line: the page names its icon
    (Chromium asked for /favicon.ico, which answered 404, on every page)."""
    from selenium.webdriver.common.by import By

    driver, base = browser, server["url"]
    driver.delete_all_cookies()
    driver.set_window_size(width, 860)
    driver.get(f"{base}/logs/login")
    _console_errors(driver)  # whatever an earlier test left
    for path in ("/logs/login", "/logs/today"):
        driver.get(f"{base}{path}")
        if path == "/logs/login":
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stack button"))
        assert wait_until(lambda: driver.execute_script("return document.readyState") == "complete", 10)
        time.sleep(0.5)  # the icon is asked for after the page has loaded
        errors = _console_errors(driver)
        assert not errors, f"{path}: {errors}"
        icon = driver.execute_script("const i = new Image(); i.src = document.querySelector('link[rel=icon]')?.href || ''; "
                                     "return i.decode().then(() => i.naturalWidth, () => 0);")  # fmt: skip
        assert icon > 0, f"{path}: no icon the browser can draw"


@pytest.mark.parametrize("width", [390, 1280])
def test_playground_keeps_file_and_line_whole(browser, server, width):
    """«rules/10-questions.yaml:437» is one thing to a seller looking for it: on a phone it went to
    the next line whole, not split at its hyphen (a browser may break after a hyphen); a location
    longer than the screen still wraps inside the page rather than widen it."""
    from selenium.webdriver.common.by import By

    driver, base = browser, server["url"]
    driver.delete_all_cookies()
    driver.set_window_size(width, 860)
    driver.get(f"{base}/logs/login")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stack button"))
    driver.get(f"{base}/logs/playground?text=" + requests.utils.quote("سلام قیمتش چنده؟"))
    where = driver.find_element(By.CSS_SELECTOR, ".where")
    assert re.fullmatch(r"10-questions\.yaml:\d+", where.text), where.text
    lines = driver.execute_script("return arguments[0].getClientRects().length", where)
    height = driver.execute_script("return arguments[0].getBoundingClientRect().height", where)
    line = driver.execute_script("return parseFloat(getComputedStyle(arguments[0]).lineHeight)", where)
    assert lines == 1 and height < 1.5 * line, f"the location is drawn on {height / line:.1f} lines"
    _check_page(driver, width, "playground-where")
    # A location longer than the screen wraps, inside the page.
    driver.execute_script("arguments[0].textContent = 'a-very-long-file-name-of-rules-'.repeat(6) + '.yaml:12'", where)
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"a long location makes the page {overflow}px wider than the screen"


def test_artifacts_are_not_committed():
    assert "tests/artifacts/" in (ROOT / ".gitignore").read_text()


WARNED_RULES = """
vars:
  pickup_note: «فقط حضوری»
example_threshold: 0.5
rules:
  - name: pickup
    keywords: [تحویل حضوری]
    examples: [کی میتونم بیام تحویل بگیرم, آدرس کجاست]
    reply: 'تحویل حضوری: {{ vars.pickup_note }}'
"""


@pytest.fixture(scope="module")
def warned_server(tmp_path_factory):
    """A dry run on the starter rules plus a file that loads with warnings: a value in «…» and
    an example another rule's keywords answer."""
    from werkzeug.serving import make_server

    tmp = tmp_path_factory.mktemp("warned")
    rules = tmp / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "20-mine.yaml").write_text(WARNED_RULES, encoding="utf-8")
    settings = Settings(database_url=f"sqlite:///{tmp}/console.db", rules_dir=str(rules), log_password=PASSWORD,
                        token_encryption_key=Fernet.generate_key().decode(), identification_key=KEY)  # fmt: skip
    services = build_services(settings)
    app = create_app(settings, build_queue(services), services)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{http.server_port}", "rules": rules}
    http.shutdown()


@pytest.mark.parametrize("width", [390, 1280])
def test_today_lists_rule_warnings_in_a_real_browser(browser, warned_server, width):
    """The example warnings `responder check` printed are on the Today page too; the long
    `file:line: message` lines scroll inside their box, not the page."""
    from selenium.webdriver.common.by import By

    driver, base, rules = browser, warned_server["url"], warned_server["rules"]
    driver.delete_all_cookies()
    driver.set_window_size(width, 860)
    driver.get(f"{base}/logs/today")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stack button"))
    text = _text(driver)
    assert "۳ هشدار" in text and "نمونه‌ای در examples که قانون دیگری جوابش را می‌دهد" in text, text
    warnings = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#rules ul.problems li")]
    assert any("example 'آدرس کجاست' is answered by location" in w for w in warnings), warnings
    assert any("vars.pickup_note: the value is wrapped in «…»" in w for w in warnings), warnings
    _check_page(driver, width, "today-warnings")

    # One slip in the settings: one problem, and what it breaks on a line of its own under it.
    settings = rules / "00-settings.yaml"
    shipped = settings.read_text(encoding="utf-8")
    settings.write_text(shipped.replace('  price: ""', '  price: "45000000', 1), encoding="utf-8")
    try:
        driver.get(f"{base}/logs/today")
        problems = driver.find_elements(By.CSS_SELECTOR, "#rules ul.problems")[0].find_elements(By.TAG_NAME, "li")
        assert len(problems) == 1 and "۱ ایراد دارند" in _text(driver)
        then = problems[0].find_element(By.CSS_SELECTOR, ".then")
        assert then.text.startswith("→ because of it, vars.price is not read, so ") and then.location["y"] > problems[0].location["y"]
        _check_page(driver, width, "today-problem")
    finally:
        settings.write_text(shipped, encoding="utf-8")
