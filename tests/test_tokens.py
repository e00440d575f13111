"""Sellers' OAuth tokens in use: refresh ahead of expiry, one refresh at a time, what a
refused refresh / 401 / revocation / retirement does to replies, the app-wide rate limit
and resending failed messages.  Real Redis, SQLite (and PostgreSQL), the HTTP fake Divar.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import redis
from cryptography.fernet import Fernet

from responder.config import Settings
from responder.divar import DivarClient, OAuthClient, TokenPair
from responder.engine.reloader import RuleBook
from responder.events import Message, parse
from responder.state import State
from responder.store import Store
from responder.tokens import TOKEN_EXPIRED, Cipher, TokenManager, TokenUnavailable
from responder.wiring import build_services
from responder.worker import MAX_SEND_ATTEMPTS, Delivery, Responder, RetryLater
from tests.conftest import write_rules
from tests.fake_divar import TOKEN_PATH
from tests.payloads import legacy

POST = "gZd7omnS"
REDIRECT = "https://responder.example/oauth/callback"
LEGACY_PATH = "/v2/open-platform/chat/conversation"
EVENTS_PATH = "/v1/open-platform/events/subscriptions"
ENCRYPTION_KEY = Fernet.generate_key().decode()

RULES = """
rules:
  - name: price
    keywords: [قیمت]
    reply: قیمتش ۱۰ میلیون است
"""


def now() -> datetime:
    return datetime.now(timezone.utc)


class Worker:
    """What one worker process holds: its own Redis client, DB engine and TokenManager."""

    def __init__(self, fake, redis_url: str, database_url: str, on_refresh=None) -> None:
        self.state = State(redis.Redis.from_url(redis_url))
        self.store = Store(database_url)
        self.cipher = Cipher(ENCRYPTION_KEY)
        self.oauth = OAuthClient(fake.url, "my-app", "s3cret", REDIRECT, timeout=5)
        self.tokens = TokenManager(self.store, self.state, "", self.cipher, self.oauth, on_refresh)

    def connect(self, fake, post: str = POST, expires_in: float = 3600, via: str = "legacy") -> dict:
        """Store a live pair from the fake for the post, as the OAuth callback would."""
        pair = fake.grant(scope=f"CHAT_POST_CONVERSATIONS_READ.{post} CHAT_POST_CONVERSATIONS_MESSAGE_SEND.{post} offline_access")
        self.tokens.save(post, TokenPair(pair["access_token"], pair["refresh_token"], now() + timedelta(seconds=expires_in)), via=via)
        return pair

    def responder(self, fake, rules: Path, rate_limit_per_minute: int = 0, static_token: str = "") -> Responder:
        client = DivarClient(fake.url, fake.url, "api-key", static_token, timeout=5)
        tokens = TokenManager(self.store, self.state, static_token, self.cipher, self.oauth) if static_token else self.tokens
        return Responder(RuleBook(rules), self.state, self.store, client, tokens, rate_limit_per_minute)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    return write_rules(tmp_path / "rules", RULES)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/responder.db"


@pytest.fixture
def worker(fake_divar, redis_url, database_url) -> Worker:
    return Worker(fake_divar, redis_url, database_url)


def deliver(payload: dict, owner: str = "owner-1", attempt: int = 0, resend: bool = False) -> Delivery:
    return Delivery(parse(payload), owner, now(), attempt, resend)


# -- refresh ahead of expiry ----------------------------------------------------------------


@pytest.mark.parametrize("expires_in", [3600, 6 * 60])
def test_fresh_token_is_used_as_is(worker, fake_divar, expires_in):
    pair = worker.connect(fake_divar, expires_in=expires_in)
    assert worker.tokens.token_for(POST) == pair["access_token"]
    assert worker.tokens.token_for(POST) == pair["access_token"]
    assert fake_divar.requests == []


@pytest.mark.parametrize("expires_in", [4 * 60, 10, -600])
def test_token_due_within_five_minutes_is_refreshed_and_the_rotated_pair_stored(worker, fake_divar, expires_in):
    old = worker.connect(fake_divar, expires_in=expires_in)
    new = worker.tokens.token_for(POST)
    assert new != old["access_token"]
    [refresh] = fake_divar.refreshes()
    # exactly the fields docs/oauth/ReadMe.md step 5 lists, with code = the current access token
    assert refresh.body == {
        "code": old["access_token"], "grant_type": "refresh_token", "refresh_token": old["refresh_token"],
        "client_id": "my-app", "client_secret": "s3cret", "redirect_uri": REDIRECT,
    }  # fmt: skip
    post = worker.store.post(POST)
    assert post.status == "active" and post.via == "legacy"
    assert worker.cipher.decrypt(post.access_token) == new
    [live_refresh] = fake_divar.live_refresh_tokens()  # the old one is dead at Divar now
    assert worker.cipher.decrypt(post.refresh_token) == live_refresh != old["refresh_token"]
    assert timedelta(minutes=59) < post.expires_at - now() <= timedelta(hours=1)
    assert worker.tokens.token_for(POST) == new and len(fake_divar.refreshes()) == 1


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_concurrent_refresh_runs_once_and_everyone_gets_the_new_token(fake_divar, redis_url, database_url, request, database):
    url = database_url if database == "sqlite" else request.getfixturevalue("postgres_url")
    old = Worker(fake_divar, redis_url, url).connect(fake_divar, expires_in=60)
    workers = [Worker(fake_divar, redis_url, url) for _ in range(8)]
    fake_divar.slow_next(0.3, path=TOKEN_PATH)  # a slow OAuth server: everyone else arrives meanwhile
    barrier = threading.Barrier(len(workers))
    results: list[str] = []
    errors: list[BaseException] = []

    def run(w: Worker) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(w.tokens.token_for(POST))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(fake_divar.refreshes()) == 1
    assert len(results) == 8 and len(set(results)) == 1 and results[0] != old["access_token"]
    assert workers[0].cipher.decrypt(workers[0].store.post(POST).access_token) == results[0]


@pytest.mark.parametrize("via, resubscribed", [("events", True), ("legacy", False)])
def test_refresh_renews_the_events_subscription(fake_divar, redis_url, tmp_path, via, resubscribed):
    settings = Settings(
        divar_api_key="api-key", identification_key="k", divar_api_url=fake_divar.url,
        divar_legacy_api_url=fake_divar.url, oauth_url=fake_divar.url, app_slug="my-app", client_secret="s3cret",
        public_url="https://responder.example", token_encryption_key=ENCRYPTION_KEY,
        database_url=f"sqlite:///{tmp_path}/responder.db", redis_url=redis_url,
    )  # fmt: skip
    services = build_services(settings)
    pair = fake_divar.grant()
    services.tokens.save(POST, TokenPair(pair["access_token"], pair["refresh_token"], now() + timedelta(minutes=2)), via=via)
    new = services.tokens.token_for(POST)
    subscriptions = fake_divar.subscriptions()
    if not resubscribed:
        assert subscriptions == []
        return
    [subscription] = subscriptions
    assert subscription.path == EVENTS_PATH
    assert subscription.headers["authorization"] == f"Bearer {new}"
    assert subscription.body["event_resource_id"] == POST
    assert services.tokens.token_for(POST) == new and len(fake_divar.subscriptions()) == 1  # not on every use


# -- a refresh that fails --------------------------------------------------------------------


@pytest.mark.parametrize("how", ["scripted_400", "unknown_refresh_token"])
def test_refresh_refused_for_good_stops_the_post(worker, fake_divar, rules, how):
    if how == "scripted_400":
        worker.connect(fake_divar, expires_in=60)
        fake_divar.fail_next_refresh(400)
    else:
        worker.tokens.save(POST, TokenPair("access-x", "refresh-never-issued", now() + timedelta(seconds=60)), via="legacy")
    with pytest.raises(TokenUnavailable) as refused:
        worker.tokens.token_for(POST)
    assert refused.value.outcome == TOKEN_EXPIRED == "failed:token_expired" and not refused.value.retryable
    post = worker.store.post(POST)
    assert post.status == TOKEN_EXPIRED and post.access_token is None and post.refresh_token is None

    responder = worker.responder(fake_divar, rules)
    assert responder.handle(deliver(legacy("قیمت؟", message_id="later"))) == TOKEN_EXPIRED
    assert fake_divar.sends() == []
    [row] = responder.store.recent()
    assert (row.message_id, row.outcome) == ("later", TOKEN_EXPIRED)
    assert len(fake_divar.refreshes()) == 1  # the stopped post is not refreshed again


def test_message_that_meets_a_refused_refresh_is_logged_token_expired(worker, fake_divar, rules):
    worker.connect(fake_divar, expires_in=60)
    fake_divar.fail_next_refresh(400)
    responder = worker.responder(fake_divar, rules)
    assert responder.handle(deliver(legacy("قیمت؟"))) == TOKEN_EXPIRED
    assert fake_divar.sends() == []
    assert worker.store.post(POST).status == TOKEN_EXPIRED


def test_oauth_server_down_retries_later_and_keeps_the_tokens(worker, fake_divar, rules):
    old = worker.connect(fake_divar, expires_in=60)
    fake_divar.fail_next_refresh(503)
    responder = worker.responder(fake_divar, rules)
    with pytest.raises(RetryLater) as retry:
        responder.handle(deliver(legacy("قیمت؟")))
    assert retry.value.counts
    post = worker.store.post(POST)
    assert post.status == "active" and worker.cipher.decrypt(post.refresh_token) == old["refresh_token"]
    assert fake_divar.sends() == [] and responder.store.recent() == []
    assert responder.handle(deliver(legacy("قیمت؟"), attempt=1)) == "replied"
    assert len(fake_divar.refreshes()) == 2 and len(fake_divar.sends()) == 1


# -- 401 on send -----------------------------------------------------------------------------


def test_401_on_send_refreshes_once_and_resends(worker, fake_divar, rules):
    fake_divar.check_tokens = True
    old = worker.connect(fake_divar)  # looks fresh to us...
    fake_divar.revoke(old["access_token"])  # ...but Divar no longer takes it
    responder = worker.responder(fake_divar, rules)
    assert responder.handle(deliver(legacy("قیمت؟"))) == "replied"
    first, second = fake_divar.sends()
    assert first.access_token == old["access_token"]
    assert second.access_token != old["access_token"]
    assert second.access_token == worker.cipher.decrypt(worker.store.post(POST).access_token)
    assert len(fake_divar.refreshes()) == 1
    [row] = responder.store.recent()
    assert (row.outcome, row.divar_status) == ("replied", 200)


def test_401_twice_is_failed_unauthorized(worker, fake_divar, rules):
    worker.connect(fake_divar)
    fake_divar.fail_next(401, times=2, path=LEGACY_PATH)
    responder = worker.responder(fake_divar, rules)
    assert responder.handle(deliver(legacy("قیمت؟"))) == "failed:unauthorized"
    assert len(fake_divar.sends()) == 2 and len(fake_divar.refreshes()) == 1
    [row] = responder.store.recent()
    assert row.divar_status == 401 and row.message is not None


def test_401_with_the_static_token_is_failed_unauthorized_without_refresh(worker, fake_divar, rules):
    fake_divar.fail_next(401, path=LEGACY_PATH)
    responder = worker.responder(fake_divar, rules, static_token="static-token")
    assert responder.handle(deliver(legacy("قیمت؟"))) == "failed:unauthorized"
    assert [s.access_token for s in fake_divar.sends()] == ["static-token"]
    assert fake_divar.refreshes() == []


# -- events that stop replies ----------------------------------------------------------------


@pytest.mark.parametrize("payload", [
    {"type": "USER_ACCESS_REVOCATION", "metadata": {}, "user_access_revocation": {"user_id": "seller-1"}},
    {"type": "USER_ACCESS_REVOCATION", "user_id": "seller-1"},
])  # fmt: skip
def test_access_revocation_stops_the_sellers_posts(worker, fake_divar, rules, payload):
    worker.connect(fake_divar, post=POST)
    worker.connect(fake_divar, post="otherSellersPost")
    responder = worker.responder(fake_divar, rules)
    assert responder.handle(deliver(legacy("قیمت؟", message_id="m1", seller_id="seller-1"))) == "replied"
    assert responder.handle(deliver(legacy("قیمت؟", message_id="o1", post="otherSellersPost", seller_id="seller-2"))) == "replied"

    responder.handle_event("USER_ACCESS_REVOCATION", payload, now())
    post = worker.store.post(POST)
    assert post.status == "skipped:access_revoked" and post.access_token is None and post.refresh_token is None
    assert worker.store.recent_events()[0]["type"] == "USER_ACCESS_REVOCATION"

    assert responder.handle(deliver(legacy("قیمت؟", message_id="m2", buyer_id="buyer-2"))) == "skipped:access_revoked"
    assert responder.handle(deliver(legacy("قیمت؟", message_id="o2", post="otherSellersPost", seller_id="seller-2",
                                            buyer_id="buyer-2"))) == "replied"  # fmt: skip
    assert [s.body["post_token"] for s in fake_divar.sends()] == [
        POST, "otherSellersPost", "otherSellersPost",
    ]  # fmt: skip
    assert {r.message_id: r.outcome for r in responder.store.recent()}["m2"] == "skipped:access_revoked"


@pytest.mark.parametrize("kind, stops", [("RETIRE", True), ("ARCHIVE", True), ("PUBLISH", False)])
def test_post_update_retire_stops_the_post(worker, fake_divar, rules, kind, stops):
    worker.connect(fake_divar)
    responder = worker.responder(fake_divar, rules)
    event = {"type": "POST_UPDATE", "post_update": {"type": kind, "post": {"token": POST}}}
    responder.handle_event("POST_UPDATE", event, now())
    outcome = responder.handle(deliver(legacy("قیمت؟")))
    assert outcome == ("skipped:post_retired" if stops else "replied")
    assert len(fake_divar.sends()) == (0 if stops else 1)


# -- the app-wide rate limit -------------------------------------------------------------------


def test_app_wide_rate_limit_holds_back_without_using_an_attempt(worker, fake_divar, rules, redis_url, database_url):
    into_minute = time.time() % 60
    if into_minute > 58:  # the three sends must fall in one minute window
        time.sleep(60 - into_minute + 0.05)
    worker.connect(fake_divar)
    responder = worker.responder(fake_divar, rules, rate_limit_per_minute=2)
    assert responder.handle(deliver(legacy("قیمت؟", message_id="m1", buyer_id="b1"))) == "replied"
    assert responder.handle(deliver(legacy("قیمت؟", message_id="m2", buyer_id="b2"))) == "replied"
    third = deliver(legacy("قیمت؟", message_id="m3", buyer_id="b3"))
    with pytest.raises(RetryLater) as held:
        responder.handle(third)
    assert held.value.counts is False
    assert 0 < held.value.countdown <= 60
    assert third.next_attempt(held.value).attempt == 0
    assert len(fake_divar.sends()) == 2
    assert sorted(r.message_id for r in responder.store.recent()) == ["m1", "m2"]  # m3 not settled yet
    # Another worker (own Redis client) sees the same app-wide count.
    other = Worker(fake_divar, redis_url, database_url).responder(fake_divar, rules, rate_limit_per_minute=2)
    with pytest.raises(RetryLater):
        other.handle(deliver(legacy("قیمت؟", message_id="m4", buyer_id="b4")))


# -- retry-failed -------------------------------------------------------------------------------


def test_resend_of_a_gave_up_message_replaces_its_row(worker, fake_divar, rules):
    worker.connect(fake_divar)
    responder = worker.responder(fake_divar, rules)
    fake_divar.fail_next(500, path=LEGACY_PATH)
    first = deliver(legacy("قیمت؟", message_id="m1"), owner="first-owner", attempt=MAX_SEND_ATTEMPTS - 1)
    assert responder.handle(first) == "failed:gave_up"
    [failed] = responder.store.retryable_failures()
    assert failed.message_id == "m1"

    # what `responder retry-failed` queues: the stored message, a new owner, resend=True
    again = Delivery(Message.from_dict(json.loads(failed.message)), "retry-owner", failed.received_at, resend=True)
    assert responder.handle(again) == "replied"
    [row] = responder.store.recent()
    assert (row.message_id, row.outcome, row.divar_status) == ("m1", "replied", 200)
    assert len(fake_divar.sends()) == 2
    assert responder.store.retryable_failures() == []
    # Resending again, or a late delivery of the original, sends nothing more.
    assert responder.handle(Delivery(again.message, "third-owner", failed.received_at, resend=True)) is None
    assert responder.handle(first) is None
    assert len(fake_divar.sends()) == 2 and len(responder.store.recent()) == 1


# -- a refresh racing an event that stops the post ------------------------------------------------


@pytest.mark.parametrize("event", [
    ("POST_UPDATE", {"type": "POST_UPDATE", "post_update": {"type": "RETIRE", "post": {"token": POST}}}),
    ("USER_ACCESS_REVOCATION", {"type": "USER_ACCESS_REVOCATION", "user_access_revocation": {"user_id": "seller-1"}}),
])  # fmt: skip
def test_refresh_in_flight_does_not_reactivate_a_stopped_post(worker, fake_divar, rules, event):
    worker.connect(fake_divar, expires_in=60)
    worker.store.save_post(POST, seller_id="seller-1")
    responder = worker.responder(fake_divar, rules)
    fake_divar.slow_next(0.5, path=TOKEN_PATH)
    raised: list[TokenUnavailable] = []

    def refresh() -> None:
        try:
            worker.tokens.token_for(POST)
        except TokenUnavailable as exc:
            raised.append(exc)

    refreshing = threading.Thread(target=refresh)
    refreshing.start()
    deadline = time.monotonic() + 5
    while not fake_divar.refreshes() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fake_divar.refreshes(), "the refresh request should be in flight"
    responder.handle_event(event[0], event[1], now())  # arrives while Divar answers the refresh
    refreshing.join(timeout=10)
    stopped = worker.store.post(POST).status
    assert stopped in ("skipped:post_retired", "skipped:access_revoked")
    assert [exc.outcome for exc in raised] == [stopped]  # the refreshed pair was not stored
    assert worker.store.post(POST).access_token is None or stopped == "skipped:post_retired"
    assert responder.handle(deliver(legacy("قیمت؟"))) == stopped
    assert fake_divar.sends() == []
