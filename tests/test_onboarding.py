"""Connecting posts: the OAuth web flow (one post, or all the seller's posts), the events
API by default and the legacy stream on request, the per-post webhook key,
`responder subscribe`/`posts`.

Flask's test client drives the web routes; the fake Divar is a real HTTP server that
plays both the OAuth server and the API, and refuses what Divar refuses (a wrong
client secret or redirect_uri, an unknown or under-scoped token).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy
from cryptography.fernet import Fernet

from responder import cli
from responder.config import Settings
from responder.store import posts
from responder.tokens import key_hash
from responder.webhook import create_app
from responder.wiring import build_services
from responder.worker import Delivery
from tests.conftest import APP
from tests.fake_divar import LEGACY_REGISTER_PATH, FakeDivar
from tests.payloads import legacy

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "https://responder.example"
POST = "gZd7omnS"
GLOBAL_KEY = "global-key"
LEGACY_PATH = LEGACY_REGISTER_PATH
EVENTS_PATH = "/v1/open-platform/events/subscriptions"
CALLBACK = f"{PUBLIC}/oauth/callback"
LIFECYCLE = ["USER_POSTS_GET", "NOTIFICATION_ACCESS_REVOCATION", "USER_ID"]
POST_SCOPE = f"CHAT_POST_CONVERSATIONS_READ.{POST} CHAT_POST_CONVERSATIONS_MESSAGE_SEND.{POST} offline_access"


@pytest.fixture
def fake_divar():
    """Divar with this app registered: its slug, secret and redirect URL are checked, and tokens too."""
    with FakeDivar(check_tokens=True, **APP) as fake:
        yield fake


class RecordingQueue:
    def __init__(self) -> None:
        self.messages: list[Delivery] = []
        self.events: list[tuple[str, dict[str, Any], datetime]] = []

    def enqueue_message(self, delivery: Delivery, note: Any = None) -> None:
        if note is not None:
            note(None)
        self.messages.append(delivery)

    def enqueue_event(self, kind: str, payload: dict[str, Any], received_at: datetime) -> None:
        self.events.append((kind, payload, received_at))


def make_settings(fake_url: str, tmp_path: Path, redis_url: str = "", **overrides: Any) -> Settings:
    settings = Settings(
        divar_api_key="api-key", identification_key=GLOBAL_KEY,
        divar_api_url=fake_url, divar_legacy_api_url=fake_url, oauth_url=fake_url,
        app_slug="my-app", client_secret="s3cret", public_url=PUBLIC,
        token_encryption_key=Fernet.generate_key().decode(),
        database_url=f"sqlite:///{tmp_path}/responder.db", rules_dir=str(ROOT / "rules"), redis_url=redis_url,
    )  # fmt: skip
    return replace(settings, **overrides)


class Site:
    """The web app with its services and a recording queue."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.services = build_services(settings)
        self.queue = RecordingQueue()
        self.app = create_app(settings, queue=self.queue, services=self.services)
        self.client = self.app.test_client()

    def start(self, post: str = POST) -> dict[str, list[str]]:
        response = self.client.get(f"/oauth/start?post={post}")
        assert response.status_code == 302, response.get_data(as_text=True)
        return parse_qs(urlsplit(response.headers["Location"]).query)

    def connect(self, fake, post: str = POST, code: str = "good-code", lifecycle: bool = True):
        """The whole seller's journey: start, Divar's consent (a code for what was asked), callback."""
        asked = self.start(post)
        scope = f"CHAT_POST_CONVERSATIONS_READ.{post} CHAT_POST_CONVERSATIONS_MESSAGE_SEND.{post} offline_access"
        fake.issue_code(code, scope=asked["scope"][0] if lifecycle else scope, redirect_uri=CALLBACK)
        return self.client.get(f"/oauth/callback?state={asked['state'][0]}&code={code}")

    def row(self, post: str = POST) -> dict[str, Any]:
        with self.services.store.engine.connect() as conn:
            return dict(conn.execute(sqlalchemy.select(posts).where(posts.c.post_token == post)).mappings().one())


@pytest.fixture
def site(fake_divar, tmp_path) -> Site:
    return Site(make_settings(fake_divar.url, tmp_path))


# -- /oauth/start ---------------------------------------------------------------------------


def test_start_redirects_to_divar_consent_with_the_post_scopes(site, fake_divar):
    response = site.client.get(f"/oauth/start?post={POST}")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}" == fake_divar.url and location.path == "/oauth2/auth"
    query = parse_qs(location.query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["my-app"]
    assert query["redirect_uri"] == [f"{PUBLIC}/oauth/callback"]
    assert query["scope"][0].split(" ") == [
        f"CHAT_POST_CONVERSATIONS_READ.{POST}", f"CHAT_POST_CONVERSATIONS_MESSAGE_SEND.{POST}", "offline_access", *LIFECYCLE,
    ]  # fmt: skip
    assert len(query["state"][0]) >= 20
    assert site.start()["state"] != query["state"], "every start gets its own state"
    assert fake_divar.requests == []  # nothing is asked of Divar before the seller consents


def test_start_without_a_post_is_400(site):
    for url in ("/oauth/start", "/oauth/start?post=", "/oauth/start?post=%20%20", "/oauth/start?post=" + "x" * 101):
        response = site.client.get(url)
        assert response.status_code == 400, url
        assert "توکن آگهی" in response.get_data(as_text=True)


@pytest.mark.parametrize("missing", ["app_slug", "client_secret", "public_url", "token_encryption_key"])
def test_start_without_oauth_settings_is_a_503_page(fake_divar, tmp_path, missing):
    site = Site(make_settings(fake_divar.url, tmp_path, **{missing: ""}))
    response = site.client.get(f"/oauth/start?post={POST}")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert 'dir="rtl"' in page and "OAuth is not configured" in page
    assert fake_divar.requests == []


# -- /oauth/callback ------------------------------------------------------------------------


@pytest.fixture
def legacy_site(fake_divar, tmp_path) -> Site:
    """An app that only has the legacy per-post stream (DIVAR_STREAM=legacy)."""
    return Site(make_settings(fake_divar.url, tmp_path, stream="legacy"))


def test_callback_connects_the_post_on_the_events_api_by_default(site, fake_divar):
    response = site.connect(fake_divar)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "وصل شد" in page and POST in page and "تیکت" not in page  # no manual activation on the events API
    first, updates = fake_divar.subscriptions()
    assert first.path == EVENTS_PATH and first.headers["authorization"] == "Bearer access-1"
    assert "x-access-token" not in first.headers and first.headers["x-api-key"] == "api-key"
    assert first.body == {"event_type": "NEW_MESSAGE_ON_POST", "event_resource_id": POST, "metadata": {"post_token": POST}}
    assert updates.body == {"event_type": "POST_UPDATE", "event_resource_id": POST}  # USER_POSTS_GET was granted
    assert [r.status for r in fake_divar.subscriptions()] == [200, 200]
    row = site.row()
    assert (row["status"], row["via"], row["seller_id"], row["key_hash"]) == ("active", "events", "seller-1", None)


def test_without_lifecycle_scopes_only_messages_are_subscribed(fake_divar, tmp_path):
    site = Site(make_settings(fake_divar.url, tmp_path, lifecycle_scopes=()))
    assert site.start()["scope"][0].split() == POST_SCOPE.split()
    assert site.connect(fake_divar, lifecycle=False).status_code == 200
    [subscription] = fake_divar.subscriptions()
    assert subscription.body["event_type"] == "NEW_MESSAGE_ON_POST"
    assert not any(r.path == "/v1/open-platform/users" for r in fake_divar.requests)  # no USER_ID: not asked
    assert site.row()["seller_id"] is None


def test_callback_connects_the_post_and_subscribes_the_legacy_stream(legacy_site, fake_divar, tmp_path):
    site = legacy_site
    response = site.connect(fake_divar)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'lang="fa"' in page and "وصل شد" in page
    assert "تیکت" in page and "پنل کنار" in page  # the manual activation step is spelled out
    assert POST in page

    [exchange] = fake_divar.token_requests()
    assert exchange.body == {
        "grant_type": "authorization_code", "code": "good-code", "client_id": "my-app", "client_secret": "s3cret",
        "redirect_uri": f"{PUBLIC}/oauth/callback",
    }  # fmt: skip
    assert exchange.headers["content-type"] == "application/x-www-form-urlencoded"
    [subscription] = fake_divar.subscriptions()
    assert subscription.path == "/v1/open-platform/notify/chat/post-conversations"  # kenar-docs d74e0696
    assert subscription.headers["x-api-key"] == "api-key"
    assert subscription.headers["authorization"] == "Bearer access-1"  # the token just exchanged
    assert subscription.status == 200
    assert set(subscription.body) == {"post_token", "endpoint", "identification_key"}
    assert subscription.body["post_token"] == POST and subscription.body["endpoint"] == f"{PUBLIC}/webhook"
    key = subscription.body["identification_key"]
    assert len(key) >= 32 and key != GLOBAL_KEY
    assert fake_divar.sends() == []  # a subscription is not a chat message

    row = site.row()
    assert row["status"] == "active" and row["via"] == "legacy"
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest() == key_hash(key)
    assert row["expires_at"] is not None
    # Tokens are stored encrypted: no plaintext token (nor the key) anywhere in the row or the file.
    stored = json.dumps(row, default=str)
    for secret in ("access-1", "refresh-1", key):
        assert secret not in stored
    database = (tmp_path / "responder.db").read_bytes()
    for secret in ("access-1", "refresh-1", key):
        assert secret.encode() not in database
    cipher = Fernet(site.settings.token_encryption_key.encode())
    assert cipher.decrypt(row["access_token"].encode()) == b"access-1"
    assert cipher.decrypt(row["refresh_token"].encode()) == b"refresh-1"
    assert site.services.tokens.token_for(POST) == "access-1"


def test_each_post_gets_its_own_random_key(legacy_site, fake_divar):
    site = legacy_site
    assert site.connect(fake_divar, post="postA", code="code-a").status_code == 200
    assert site.connect(fake_divar, post="postB", code="code-b").status_code == 200
    keys = [s.body["identification_key"] for s in fake_divar.subscriptions()]
    assert len(set(keys)) == 2
    assert site.row("postA")["key_hash"] != site.row("postB")["key_hash"]


def test_state_is_single_use(site, fake_divar):
    state = site.start()["state"][0]
    fake_divar.issue_code("good-code", POST_SCOPE)
    fake_divar.issue_code("second-code", POST_SCOPE)
    assert site.client.get(f"/oauth/callback?state={state}&code=good-code").status_code == 200
    again = site.client.get(f"/oauth/callback?state={state}&code=second-code")
    assert again.status_code == 400
    assert "منقضی" in again.get_data(as_text=True)
    assert len(fake_divar.token_requests()) == 1 and len(fake_divar.subscriptions()) == 1


def test_unknown_or_missing_state_is_400(site, fake_divar):
    fake_divar.issue_code("good-code")
    for url in ("/oauth/callback?state=made-up&code=good-code", "/oauth/callback?code=good-code", "/oauth/callback"):
        response = site.client.get(url)
        assert response.status_code == 400, url
        assert "منقضی" in response.get_data(as_text=True)
    assert fake_divar.requests == []
    assert site.services.store.post(POST) is None


def test_refused_consent_without_code_is_400(site, fake_divar):
    state = site.start()["state"][0]
    response = site.client.get(f"/oauth/callback?state={state}&error=access_denied")
    assert response.status_code == 400
    assert "اجازه" in response.get_data(as_text=True)
    assert fake_divar.requests == []
    assert site.services.store.post(POST) is None


def test_code_divar_refuses_is_400_and_stores_nothing(site, fake_divar):
    state = site.start()["state"][0]
    response = site.client.get(f"/oauth/callback?state={state}&code=never-issued")
    assert response.status_code == 400
    assert "کد دسترسی" in response.get_data(as_text=True)
    assert len(fake_divar.token_requests()) == 1 and fake_divar.subscriptions() == []
    assert site.services.store.post(POST) is None


def test_subscription_divar_refuses_is_400_and_no_key_is_stored(legacy_site, fake_divar):
    site = legacy_site
    fake_divar.fail_next(403, {"code": 7, "message": "permission denied"}, path=LEGACY_PATH)
    response = site.connect(fake_divar)
    assert response.status_code == 400
    assert "failed:forbidden" in response.get_data(as_text=True)
    assert site.services.store.key_hashes() == {}


# -- the webhook with a per-post key ---------------------------------------------------------


def test_events_subscription_divar_refuses_is_400(site, fake_divar):
    fake_divar.fail_next(403, {"code": 7, "message": "permission denied"}, path=EVENTS_PATH)
    response = site.connect(fake_divar)
    assert response.status_code == 400 and "failed:forbidden" in response.get_data(as_text=True)


def test_webhook_accepts_the_posts_own_key_for_that_post_only(legacy_site, fake_divar):
    site = legacy_site
    assert site.connect(fake_divar).status_code == 200
    key = fake_divar.subscriptions()[0].body["identification_key"]

    ok = site.client.post("/webhook", json=legacy("قیمت؟", message_id="m1", post=POST), headers={"Authorization": key})
    assert ok.status_code == 200 and ok.get_json() == {"status": "queued", "message_id": "m1"}
    assert [d.message.id for d in site.queue.messages] == ["m1"]
    assert site.queue.messages[0].message.post_token == POST

    other = legacy("قیمت؟", message_id="m2", post="otherPost")
    assert site.client.post("/webhook", json=other, headers={"Authorization": key}).status_code == 401
    wrong = site.client.post("/webhook", json=legacy("قیمت؟", message_id="m3", post=POST), headers={"Authorization": key + "x"})
    assert wrong.status_code == 401
    event = {"type": "POST_UPDATE", "post_update": {"type": "RETIRE", "post": {"token": POST}}}
    assert site.client.post("/webhook", json=event, headers={"Authorization": key}).status_code == 401
    assert len(site.queue.messages) == 1 and site.queue.events == []

    for post in (POST, "otherPost"):
        response = site.client.post("/webhook", json=legacy("سلام", message_id=f"g-{post}", post=post),
                                    headers={"Authorization": GLOBAL_KEY})  # fmt: skip
        assert response.status_code == 200
    assert [d.message.id for d in site.queue.messages] == ["m1", f"g-{POST}", "g-otherPost"]


# -- the CLI --------------------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch, fake_divar, tmp_path):
    """`responder` configured from the environment, against the fake, in embedded mode."""
    static = fake_divar.grant(f"{POST_SCOPE} CHAT_POST_CONVERSATIONS_READ.otherPost CHAT_SUPPLIER_ALL_CONVERSATIONS_READ")
    env = {
        "DIVAR_API_KEY": "api-key", "DIVAR_IDENTIFICATION_KEY": GLOBAL_KEY, "DIVAR_ACCESS_TOKEN": static["access_token"],
        "DIVAR_API_URL": fake_divar.url, "DIVAR_LEGACY_API_URL": fake_divar.url, "DIVAR_OAUTH_URL": fake_divar.url,
        "DIVAR_APP_SLUG": "my-app", "DIVAR_CLIENT_SECRET": "s3cret", "PUBLIC_URL": PUBLIC,
        "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(), "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db",
    }  # fmt: skip
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("REDIS_URL", "RULES_DIR", "DIVAR_TIMEOUT", "DIVAR_RATE_LIMIT", "PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(ROOT)  # the default RULES_DIR, `rules`, is relative
    return env


def test_cli_subscribe_legacy_prints_the_key_and_registers_it(cli_env, fake_divar, capsys):
    assert cli.main(["subscribe", POST, "--legacy"]) == 0
    out = capsys.readouterr().out
    [subscription] = fake_divar.subscriptions()
    assert subscription.path == LEGACY_PATH and subscription.status == 200
    assert subscription.headers["authorization"] == f"Bearer {cli_env['DIVAR_ACCESS_TOKEN']}"
    key = subscription.body["identification_key"]
    assert subscription.body == {"post_token": POST, "endpoint": f"{PUBLIC}/webhook", "identification_key": key}
    assert f"key:       {key}" in out and "legacy chat stream" in out and "Kenar" in out
    settings = Settings.from_env()
    from responder.store import Store

    stored = Store(settings.database_url, settings.token_encryption_key).post(POST)
    assert stored is not None and stored.via == "legacy" and stored.key_hash == key_hash(key)


def test_cli_subscribe_with_explicit_key_and_endpoint(cli_env, fake_divar, capsys):
    assert cli.main(["subscribe", POST, "--legacy", "--key", "chosen-key", "--endpoint", "https://other.example/hook"]) == 0
    [subscription] = fake_divar.subscriptions()
    assert subscription.body["identification_key"] == "chosen-key"
    assert subscription.body["endpoint"] == "https://other.example/hook"
    assert "chosen-key" in capsys.readouterr().out


@pytest.mark.parametrize("flags", [[], ["--events"]], ids=["default", "--events (old scripts)"])
def test_cli_subscribe_uses_the_events_api_by_default(cli_env, fake_divar, capsys, flags):
    assert cli.main(["subscribe", POST, *flags]) == 0
    out = capsys.readouterr().out
    subscription = fake_divar.subscriptions()[0]
    assert subscription.path == EVENTS_PATH and subscription.status == 200
    assert subscription.headers["authorization"] == f"Bearer {cli_env['DIVAR_ACCESS_TOKEN']}"
    assert subscription.headers["x-api-key"] == "api-key"
    assert subscription.body["event_type"] == "NEW_MESSAGE_ON_POST"
    assert subscription.body["event_resource_id"] == POST
    assert "events API" in out and "key:" not in out


def test_cli_subscribe_refused_by_divar_exits_1(cli_env, fake_divar, capsys):
    fake_divar.fail_next(403, path=EVENTS_PATH)
    assert cli.main(["subscribe", POST]) == 1
    assert "refused" in capsys.readouterr().err


def test_cli_subscribe_uses_the_token_from_the_web_flow(cli_env, fake_divar, capsys, monkeypatch):
    monkeypatch.delenv("DIVAR_ACCESS_TOKEN")
    site = Site(Settings.from_env())
    assert site.connect(fake_divar).status_code == 200
    token = site.services.tokens.token_for(POST)
    assert cli.main(["subscribe", POST]) == 0
    messages = [s for s in fake_divar.subscriptions() if s.body["event_type"] == "NEW_MESSAGE_ON_POST"]
    assert [s.headers["authorization"] for s in messages] == [f"Bearer {token}"] * 2  # the web flow's, then ours
    assert site.services.store.post(POST).via == "events"


def test_cli_subscribe_without_any_token_explains(cli_env, fake_divar, capsys, monkeypatch):
    monkeypatch.delenv("DIVAR_ACCESS_TOKEN")
    assert cli.main(["subscribe", POST]) == 1
    assert "no usable access token" in capsys.readouterr().err
    assert fake_divar.requests == []


def test_cli_posts_lists_the_posts_with_their_status(cli_env, fake_divar, capsys):
    assert cli.main(["posts"]) == 0
    assert "no posts yet" in capsys.readouterr().out
    assert cli.main(["subscribe", POST]) == 0
    assert cli.main(["subscribe", "otherPost", "--legacy"]) == 0
    from responder.store import Store

    settings = Settings.from_env()
    Store(settings.database_url, settings.token_encryption_key).save_post("otherPost", status="failed:token_expired")
    capsys.readouterr()
    assert cli.main(["posts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["post", "status", "via"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert rows[POST][1:3] == ["active", "events"]
    assert rows["otherPost"][1:3] == ["failed:token_expired", "legacy"]


def test_cli_posts_shows_times_in_tehran_time_as_logs_does(cli_env, capsys):
    from responder.store import Store

    store = Store(cli_env["DATABASE_URL"], cli_env["TOKEN_ENCRYPTION_KEY"])
    store.save_post("seenOnly", last_message_at=datetime(2026, 11, 25, 20, 45, tzinfo=timezone.utc))
    assert cli.main(["posts"]) == 0
    out = capsys.readouterr().out
    assert "last message (Tehran)" in out and "UTC" not in out
    assert "2026-11-26 00:15" in out  # UTC+3:30, past midnight: the seller's own date


def test_cli_posts_says_when_a_token_was_stored_with_another_key(cli_env, capsys, monkeypatch):
    """README's try-out makes a new TOKEN_ENCRYPTION_KEY in every shell: started with another
    key, responder refuses in one line (tests/test_key_rotation.py); a token that still does
    not decrypt (sealed by a process that had another key) cannot send (failed:token_expired),
    and `responder posts` must not call it active."""
    from responder.crypto import Cipher
    from responder.store import Store

    old_key = cli_env["TOKEN_ENCRYPTION_KEY"]
    store = Store(cli_env["DATABASE_URL"], old_key)
    store.save_post(POST, status="active", via="events", access_token=Cipher(old_key).encrypt("seller-token"))
    assert cli.main(["posts"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[1] == "active"
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", Fernet.generate_key().decode())
    assert cli.main(["posts"]) == 2
    assert "TOKEN_ENCRYPTION_KEY does not hold the key this database was encrypted with" in capsys.readouterr().err
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", old_key)
    store.save_post(POST, access_token=Cipher(Fernet.generate_key().decode()).encrypt("seller-token"))
    assert cli.main(["posts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:4] == [POST, "unreadable:", "other", "key"]
    assert "does not decrypt with this TOKEN_ENCRYPTION_KEY" in lines[-1]


def test_cli_posts_does_not_call_a_post_it_cannot_answer_active(cli_env, capsys, monkeypatch):
    """A post seen only in a dry run's messages (or a message with no token for it) is not connected."""
    from responder.crypto import Cipher
    from responder.store import Store

    store = Store(cli_env["DATABASE_URL"], cli_env["TOKEN_ENCRYPTION_KEY"])
    store.save_post("seenOnly", last_message_at=datetime.now(timezone.utc))
    store.save_post("viaGrant", via="all-posts", last_message_at=datetime.now(timezone.utc))
    monkeypatch.delenv("DIVAR_ACCESS_TOKEN")
    assert cli.main(["posts"]) == 0
    rows = {line.split()[0]: line.split()[1:3] for line in capsys.readouterr().out.splitlines()[1:]}
    assert rows == {"seenOnly": ["not", "connected"], "viaGrant": ["not", "connected"]}  # no live grant either
    store.save_post("all:g1", via="events", access_token=Cipher(cli_env["TOKEN_ENCRYPTION_KEY"]).encrypt("grant-token"))
    assert cli.main(["posts"]) == 0
    rows = {line.split()[0]: line.split()[1] for line in capsys.readouterr().out.splitlines()[1:]}
    assert (rows["viaGrant"], rows["seenOnly"], rows["all:g1"]) == ("active", "not", "active")
    monkeypatch.setenv("DIVAR_ACCESS_TOKEN", "static")  # DIVAR_ACCESS_TOKEN answers any post
    assert cli.main(["posts"]) == 0
    assert "not connected" not in capsys.readouterr().out


def test_start_and_callback_may_hit_different_web_processes(fake_divar, tmp_path, redis_url):
    """With REDIS_URL the state lives in Redis: gunicorn's second process finishes the flow."""
    settings = make_settings(fake_divar.url, tmp_path, redis_url=redis_url)
    first, second = Site(settings), Site(settings)
    state = first.start()["state"][0]
    fake_divar.issue_code("good-code", POST_SCOPE)
    assert second.client.get(f"/oauth/callback?state={state}&code=good-code").status_code == 200
    assert first.client.get(f"/oauth/callback?state={state}&code=good-code").status_code == 400
    assert second.services.store.post(POST).via == "events"


def test_reconnecting_a_stopped_post_makes_it_active_again(legacy_site, fake_divar):
    site = legacy_site
    assert site.connect(fake_divar, code="first").status_code == 200
    site.services.store.save_post(POST, status="failed:token_expired", access_token=None, refresh_token=None)
    assert site.connect(fake_divar, code="second").status_code == 200
    post = site.services.store.post(POST)
    assert post.status == "active" and site.services.tokens.token_for(POST) == "access-2"
    first_key, second_key = (s.body["identification_key"] for s in fake_divar.subscriptions())
    assert first_key != second_key and post.key_hash == key_hash(second_key)  # the old key stops working


# -- the whole round trip through Divar's consent screen ------------------------------------


def follow_consent(site, fake_divar) -> str:
    """Seller opens /oauth/start, Divar's consent screen redirects back: the callback path."""
    import requests

    divar_consent = site.client.get(f"/oauth/start?post={POST}").headers["Location"]
    back = requests.get(divar_consent, allow_redirects=False, timeout=5)
    assert back.status_code == 302
    location = urlsplit(back.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{PUBLIC}/oauth/callback"
    return f"{location.path}?{location.query}"


def test_seller_consents_and_the_post_is_connected(site, fake_divar):
    response = site.client.get(follow_consent(site, fake_divar))
    assert response.status_code == 200 and "وصل شد" in response.get_data(as_text=True)
    [exchange] = [r for r in fake_divar.requests if r.path == "/oauth2/token"]
    assert exchange.body["grant_type"] == "authorization_code" and exchange.body["code"].startswith("code-")
    assert [s.status for s in fake_divar.subscriptions()] == [200, 200]
    assert fake_divar.subscriptions()[0].body["event_resource_id"] == POST
    assert site.row()["status"] == "active"


def test_consent_with_a_redirect_uri_divar_does_not_know_is_refused(fake_divar, tmp_path):
    site = Site(make_settings(fake_divar.url, tmp_path, public_url="https://elsewhere.example"))
    import requests

    consent = site.client.get(f"/oauth/start?post={POST}").headers["Location"]
    assert requests.get(consent, allow_redirects=False, timeout=5).status_code == 400


def test_seller_denies_and_nothing_is_stored(site, fake_divar):
    fake_divar.refuse_consent = True
    response = site.client.get(follow_consent(site, fake_divar))
    assert response.status_code == 400 and "اجازه" in response.get_data(as_text=True)
    assert [r.path for r in fake_divar.requests if r.method == "POST"] == []
    assert site.services.store.post(POST) is None
