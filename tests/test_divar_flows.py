"""Working against Divar as documented, end to end with the strict fake: the all-posts grant
(consent → one token → posts answered → refresh → re-subscribe), every documented webhook
shape through the webhook and the worker, the post lifecycle, Divar's limits, post facts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from responder import cli
from responder.engine import load_texts
from responder.events import parse
from responder.onboarding import Onboarding
from responder.store import QUOTA_HOLD
from responder.wiring import build_responder
from responder.worker import Delivery, Responder, RetryLater
from tests.conftest import APP, write_rules
from tests.docs_payloads import DOC_EXAMPLES
from tests.fake_divar import DAILY_QUOTA_429, FINDER_PATH, FakeDivar
from tests.payloads import new_message
from tests.test_console import log_in
from tests.test_onboarding import GLOBAL_KEY, POST, Site, make_settings

RULES = """
rules:
  - name: car-price
    categories: [cars]
    keywords: [قیمت]
    reply: "{{ post.title }} در {{ post.city }}، {{ post.price | money }} تومان، {{ post.mileage }} کیلومتر."
  - name: price
    keywords: [قیمت]
    reply: قیمت در آگهی هست.
  - name: photo
    message_types: [IMAGE]
    reply: ممنون از عکس.
"""


@pytest.fixture
def fake_divar():
    with FakeDivar(check_tokens=True, **APP) as fake:
        yield fake


@pytest.fixture
def site(fake_divar, tmp_path) -> Site:
    return Site(make_settings(fake_divar.url, tmp_path, rules_dir=str(write_rules(tmp_path / "rules", RULES))))


def consent(site: Site, query: str) -> requests.Response:
    """The seller opens /oauth/start, allows on Divar's consent screen, comes back."""
    divar = site.client.get(f"/oauth/start?{query}").headers["Location"]
    back = urlsplit(requests.get(divar, allow_redirects=False, timeout=5).headers["Location"])
    return site.client.get(f"{back.path}?{back.query}")


def deliver(body: dict, attempt: int = 0) -> Delivery:
    message = parse(body)
    return Delivery(message, f"owner-{message.id}", datetime.now(timezone.utc), attempt=attempt)


def grant_message(text: str, grant: str, post: str, message_id: str, conversation: str) -> dict:
    body = new_message(text, message_id=message_id, post=post, conversation=conversation)
    body["metadata"] = {"grant": grant}  # what Divar echoes from the all-posts subscription
    return body


# -- one consent for all posts --------------------------------------------------------------


def test_all_posts_consent_one_token_two_posts_refresh_and_resubscribe(site, fake_divar):
    response = consent(site, "posts=all")
    assert response.status_code == 200 and "همه‌ی آگهی‌های شما وصل شد" in response.get_data(as_text=True)
    [auth] = [r for r in fake_divar.requests if r.route == "/oauth2/auth"]
    assert auth.body["scope"].split() == [
        "CHAT_SUPPLIER_ALL_CONVERSATIONS_READ", "CHAT_SUPPLIER_ALL_CONVERSATIONS_MESSAGE_SEND", "offline_access",
        "USER_POSTS_GET", "NOTIFICATION_ACCESS_REVOCATION", "USER_ID",
    ]  # fmt: skip
    messages, updates = fake_divar.subscriptions()
    grant = messages.body["metadata"]["grant"]
    assert messages.body == {"event_type": "NEW_MESSAGE_ON_POST", "metadata": {"grant": grant}}  # no event_resource_id
    assert updates.body == {"event_type": "POST_UPDATE", "event_resource_id": "", "metadata": {"grant": grant}}
    assert [messages.status, updates.status] == [200, 200]
    key = f"all:{grant}"
    assert site.services.store.post(key).seller_id == "seller-1"
    token = site.services.tokens.token_for(key)

    fake_divar.add_post("postA", category="cars", city="tehran", data={"title": "پژو", "price": {"value": 1}, "mileage": 5})
    responder = build_responder(site.services)
    # postB was never seen before: a post published after the consent is answered with no new step
    for post, conversation in (("postA", "conv-a"), ("postB", "conv-b")):
        body = grant_message("قیمت؟", grant, post, f"m-{post}", conversation)
        assert site.client.post("/webhook", json=body, headers={"Authorization": GLOBAL_KEY}).status_code == 200
    for delivery in site.queue.messages:
        assert responder.handle(delivery) == "replied"
    sends = fake_divar.sends()
    assert [s.route for s in sends] == ["/v2/open-platform/conversations/conv-a/messages", "/v2/open-platform/conversations/conv-b/messages"]
    assert {s.access_token for s in sends} == {token} and [s.status for s in sends] == [200, 200]
    assert len(fake_divar.token_requests()) == 1  # the one exchange: one token for every post

    site.services.store.save_post(key, expires_at=datetime.now(timezone.utc))  # the hour is up
    assert responder.handle(deliver(grant_message("قیمت؟", grant, "postC", "m-postC", "conv-c"))) == "replied"
    [refresh] = fake_divar.refreshes()
    assert refresh.body["code"] == token  # docs/oauth/ReadMe.md step 5
    new_token = site.services.tokens.token_for(key)
    assert new_token != token and fake_divar.sends()[-1].access_token == new_token
    again = fake_divar.subscriptions()[2:]
    assert [s.body["event_type"] for s in again] == ["NEW_MESSAGE_ON_POST", "POST_UPDATE"]
    assert {s.access_token for s in again} == {new_token} and all(s.status == 200 for s in again)
    assert len(fake_divar.refreshes()) == 1


def test_cli_subscribe_all_posts_resubscribes_and_consenting_again_keeps_one_grant(site, fake_divar, monkeypatch, capsys):
    assert consent(site, "posts=all").status_code == 200
    settings = site.settings
    for name, value in {"DIVAR_API_KEY": "api-key", "DIVAR_IDENTIFICATION_KEY": GLOBAL_KEY, "DIVAR_API_URL": fake_divar.url,
                        "DIVAR_OAUTH_URL": fake_divar.url, "DIVAR_APP_SLUG": "my-app", "DIVAR_CLIENT_SECRET": "s3cret",
                        "PUBLIC_URL": "https://responder.example", "TOKEN_ENCRYPTION_KEY": settings.token_encryption_key,
                        "DATABASE_URL": settings.database_url, "RULES_DIR": settings.rules_dir}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    for name in ("REDIS_URL", "DIVAR_ACCESS_TOKEN", "DIVAR_LEGACY_API_URL"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["subscribe", "--all-posts"]) == 0
    assert "all the seller's posts (grant all:" in capsys.readouterr().out
    grant = fake_divar.subscriptions()[0].body["metadata"]["grant"]
    fake_divar.add_post("newPost", category="cars", data={"title": "x"})
    assert build_responder(site.services).handle(deliver(grant_message("قیمت؟", grant, "newPost", "n1", "cn"))) == "replied"
    assert cli.main(["posts"]) == 0
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[1:]}
    assert rows["newPost"][1:4] == ["active", "all-posts", "(the"] and rows[f"all:{grant}"][1:3] == ["active", "events"]
    assert [s.status for s in fake_divar.subscriptions()] == [200] * 4
    assert cli.main(["subscribe", "--all-posts", "--legacy"]) == 2
    assert consent(site, "posts=all").status_code == 200  # consenting again renews the same grant
    assert {s.body["metadata"]["grant"] for s in fake_divar.subscriptions()} == {grant}
    assert len(Onboarding(site.services).all_posts_grants()) == 1


# -- every documented shape: 2xx and the right outcome ---------------------------------------


@pytest.mark.parametrize("example", DOC_EXAMPLES, ids=[e.name for e in DOC_EXAMPLES])
def test_every_documented_shape_gets_2xx_and_the_right_outcome(site, fake_divar, example):
    assert consent(site, f"post={POST}").status_code == 200
    response = site.client.post("/webhook", json=example.fresh(), headers={"Authorization": GLOBAL_KEY})
    assert response.status_code == 200, response.get_json()
    responder = build_responder(site.services)
    if example.role is None:
        [(kind, payload, received_at)] = site.queue.events
        responder.handle_event(kind, payload, received_at)
        assert site.services.store.recent_events()[0]["type"] == example.body["type"]
        assert fake_divar.sends() == []  # an event is never answered in the chat
        return
    [delivery] = site.queue.messages
    outcome = responder.handle(delivery)
    kind = delivery.message.type
    expected = "skipped:own_message" if example.role == "seller" else "replied" if kind in ("TEXT", "IMAGE") else "no_match"
    assert outcome == expected


# -- lifecycle ---------------------------------------------------------------------------------


def test_revocation_stops_the_sellers_posts_and_grant_in_events_mode(site, fake_divar):
    assert consent(site, f"post={POST}").status_code == 200
    assert consent(site, "posts=all").status_code == 200
    grant = fake_divar.subscriptions()[-1].body["metadata"]["grant"]
    event = {"type": "USER_ACCESS_REVOCATION", "user_access_revocation": {"user_id": "seller-1"}}
    assert site.client.post("/webhook", json=event, headers={"Authorization": GLOBAL_KEY}).status_code == 200
    responder = build_responder(site.services)
    responder.handle_event(*site.queue.events[0])
    assert site.services.store.post(POST).status == "skipped:access_revoked"
    assert site.services.store.post(f"all:{grant}").status == "skipped:access_revoked"
    assert responder.handle(deliver(grant_message("قیمت؟", grant, "postZ", "m-z", "conv-z"))) == "skipped:access_revoked"
    assert fake_divar.sends() == []


# -- limits ------------------------------------------------------------------------------------


def test_daily_quota_holds_every_send_until_reset_without_using_attempts(site, fake_divar, capsys, monkeypatch):
    assert consent(site, f"post={POST}").status_code == 200
    responder = build_responder(site.services)
    fake_divar.fail_next(429, DAILY_QUOTA_429, path="/v2/open-platform/conversations/c1/messages")
    with pytest.raises(RetryLater) as held:
        responder.handle(deliver(new_message("قیمت؟", message_id="q1", conversation="c1")))
    assert held.value.counts is False and 0 < held.value.countdown <= 600
    until, detail = site.services.store.send_hold(QUOTA_HOLD, datetime.now(timezone.utc))
    assert until > datetime.now(timezone.utc) and "daily quota" in detail
    sends = len(fake_divar.sends())
    with pytest.raises(RetryLater) as again:  # another message: not sent at all while the quota is out
        responder.handle(deliver(new_message("قیمت؟", message_id="q2", conversation="c2")))
    assert again.value.counts is False and len(fake_divar.sends()) == sends
    monkeypatch.setenv("DATABASE_URL", site.settings.database_url)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", site.settings.token_encryption_key)
    assert cli.main(["posts"]) == 0
    assert "daily quota is used up" in capsys.readouterr().out
    page = Site(make_settings(fake_divar.url, Path(site.settings.database_url[10:]).parent, log_password="pw",
                              rules_dir=site.settings.rules_dir, token_encryption_key=site.settings.token_encryption_key))  # fmt: skip
    log_in(page.client, "pw")
    html = page.client.get("/logs/today").get_data(as_text=True)
    assert "سهمیه‌ی روزانه" in html
    site.services.store.hold_sends(QUOTA_HOLD, datetime.now(timezone.utc) - timedelta(seconds=1), "reset")
    assert responder.handle(deliver(new_message("قیمت؟", message_id="q2", conversation="c2"), attempt=1)) == "replied"


def test_per_minute_429_is_an_ordinary_retry(site, fake_divar):
    assert consent(site, f"post={POST}").status_code == 200
    responder = build_responder(site.services)
    fake_divar.fail_next(429, path="/v2/open-platform/conversations/c1/messages")  # the per-minute body
    with pytest.raises(RetryLater) as retry:
        responder.handle(deliver(new_message("قیمت؟", message_id="r1", conversation="c1")))
    assert retry.value.counts is True
    assert site.services.store.send_hold(QUOTA_HOLD, datetime.now(timezone.utc)) is None


def test_check_refuses_an_icon_divar_does_not_have():
    rules = 'rules:\n  - name: map\n    keywords: [آدرس]\n    reply: x\n    buttons:\n      - {caption: نقشه, url: "https://m.example", icon: %s}\n'
    assert any("icon 'location'" in str(p) for p in load_texts([("r.yaml", rules % "location")]).problems)
    assert load_texts([("r.yaml", rules % "PLACE")]).problems == []


# -- post facts --------------------------------------------------------------------------------


def test_post_facts_answer_categories_and_fill_the_reply(site, fake_divar):
    assert consent(site, f"post={POST}").status_code == 200
    fake_divar.add_post(POST, category="cars", city="tehran", district="nazi-abad", data={
        "title": "پژو ۲۰۶", "price": {"mode": "مقطوع", "value": 350000000}, "mileage": 120000, "images": ["x"]})
    responder = build_responder(site.services)
    assert responder.handle(deliver(new_message("قیمت؟", message_id="p1", conversation="c1"))) == "replied"
    assert fake_divar.sends()[-1].body["message"] == "پژو ۲۰۶ در tehran، 350,000,000 تومان، 120000 کیلومتر."
    assert responder.handle(deliver(new_message("قیمت؟", message_id="p2", conversation="c2"))) == "replied"
    assert len([r for r in fake_divar.requests if r.route.startswith(FINDER_PATH)]) == 1  # read once, then kept
    finder = [r for r in fake_divar.requests if r.route.startswith(FINDER_PATH)][0]
    assert "authorization" not in finder.headers and finder.headers["x-api-key"] == "api-key"
    update = {"type": "POST_UPDATE", "post_update": {"type": "PUBLISH", "post": {
        "token": POST, "category": "cars", "city": "karaj", "data": {"title": "پژو ۲۰۶", "price": {"value": 340000000}, "mileage": 1}}}}
    responder.handle_event("POST_UPDATE", update, datetime.now(timezone.utc))
    assert responder.handle(deliver(new_message("قیمت؟", message_id="p3", conversation="c3"))) == "replied"
    assert "karaj" in fake_divar.sends()[-1].body["message"] and "340,000,000" in fake_divar.sends()[-1].body["message"]


def two_workers_counting_fact_reads(site: Site, monkeypatch: pytest.MonkeyPatch) -> tuple[Responder, Responder, list[str]]:
    """Two worker processes' Responders on the same Redis and database, and the posts whose
    facts they read from the database."""
    reads: list[str] = []
    real = site.services.store.post_facts
    monkeypatch.setattr(site.services.store, "post_facts", lambda token: reads.append(token) or real(token))
    return build_responder(site.services), build_responder(site.services), reads


def test_post_facts_stay_in_memory_until_any_worker_hears_of_an_update(site, fake_divar, monkeypatch):
    assert consent(site, f"post={POST}").status_code == 200
    fake_divar.add_post(POST, category="cars", city="tehran", data={"title": "پژو ۲۰۶", "price": {"value": 350000000}, "mileage": 1})
    one, other, reads = two_workers_counting_fact_reads(site, monkeypatch)
    for n in range(3):
        assert one.handle(deliver(new_message("قیمت؟", message_id=f"k{n}", conversation=f"c{n}"))) == "replied"
    assert len(reads) == 2  # missing, then stored by the first message: then kept
    update = {"type": "POST_UPDATE", "post_update": {"type": "EDIT", "post": {
        "token": POST, "category": "cars", "city": "karaj", "data": {"title": "پژو ۲۰۶", "price": {"value": 340000000}, "mileage": 1}}}}
    other.handle_event("POST_UPDATE", update, datetime.now(timezone.utc))  # reaches the other worker only
    assert one.handle(deliver(new_message("قیمت؟", message_id="k3", conversation="c3"))) == "replied"
    assert "karaj" in fake_divar.sends()[-1].body["message"] and "340,000,000" in fake_divar.sends()[-1].body["message"]


def test_a_post_without_facts_is_not_looked_up_on_every_message_until_another_worker_finds_them(site, fake_divar,
                                                                                                 monkeypatch):
    assert consent(site, f"post={POST}").status_code == 200  # the finder does not know the post yet: 404
    one, other, reads = two_workers_counting_fact_reads(site, monkeypatch)
    for n in range(3):
        assert one.handle(deliver(new_message("قیمت؟", message_id=f"n{n}", conversation=f"c{n}"))) == "replied"
    assert len(reads) == 1 and "پژو" not in fake_divar.sends()[-1].body["message"]
    fake_divar.add_post(POST, category="cars", city="tehran", data={"title": "پژو ۲۰۶", "price": {"value": 5}, "mileage": 1})
    assert other.handle(deliver(new_message("قیمت؟", message_id="n3", conversation="c3"))) == "replied"  # reads the finder
    assert one.handle(deliver(new_message("قیمت؟", message_id="n4", conversation="c4"))) == "replied"
    assert fake_divar.sends()[-1].body["message"].startswith("پژو ۲۰۶")  # not after its own 5 minutes' wait


def test_finder_failure_never_blocks_a_reply_and_the_log_says_why(site, fake_divar):
    assert consent(site, f"post={POST}").status_code == 200  # the fake's finder does not know the post: 404
    responder = build_responder(site.services)
    assert responder.handle(deliver(new_message("قیمت؟", message_id="f1", conversation="c1"))) == "replied"
    [row] = site.services.store.recent()
    assert row.rule == "price"  # car-price needs the category the finder could not give
    assert "failed:http_404" in row.detail
    photo = new_message("", message_id="f2", conversation="c1", msg_type="IMAGE")
    assert responder.handle(deliver(photo)) == "replied"
    text = new_message("سلام", message_id="f3", conversation="c1")
    assert responder.handle(deliver(text)) == "no_match"
    row = site.services.store.recent(1)[0]
    assert "finder" in (row.detail or "") and "failed:http_404" in row.detail
    assert len([r for r in fake_divar.requests if r.route.startswith(FINDER_PATH)]) == 1  # not asked again at once


def test_rule_reading_a_fact_this_post_lacks_does_not_fire(site, fake_divar):
    assert consent(site, f"post={POST}").status_code == 200
    fake_divar.add_post(POST, category="cars", city="tehran", data={"title": "پژو", "price": {"value": 5}})  # no mileage
    responder = build_responder(site.services)
    assert responder.handle(deliver(new_message("قیمت؟", message_id="n1", conversation="c1"))) == "replied"
    [row] = site.services.store.recent()
    assert row.rule == "price" and row.detail == "rule 'car-price' needs post.mileage"


def test_old_post_facts_are_read_again(site, fake_divar):
    assert consent(site, f"post={POST}").status_code == 200
    fake_divar.add_post(POST, category="cars", city="tehran", data={"title": "پژو", "price": {"value": 5}, "mileage": 1})
    site.services.store.save_post_facts(POST, {"category": "cars", "title": "old"}, datetime.now(timezone.utc) - timedelta(days=2))
    responder = build_responder(site.services)
    assert responder.handle(deliver(new_message("قیمت؟", message_id="o1", conversation="c1"))) == "replied"
    assert fake_divar.sends()[-1].body["message"].startswith("پژو ")


# -- settings ----------------------------------------------------------------------------------


def test_divar_settings_are_checked(tmp_path):
    from responder.config import ConfigError, Settings

    base = {"RULES_DIR": str(write_rules(tmp_path / "r", RULES)), "DIVAR_API_URL": "https://divar.test"}
    settings = Settings.from_env(base)
    assert (settings.stream, settings.divar_legacy_api_url) == ("events", "https://divar.test")  # one host for all
    assert settings.lifecycle_scopes == ("USER_POSTS_GET", "NOTIFICATION_ACCESS_REVOCATION", "USER_ID")
    assert Settings.from_env({**base, "DIVAR_STREAM": "Legacy", "DIVAR_LIFECYCLE_SCOPES": ""}).stream == "legacy"
    assert Settings.from_env({**base, "DIVAR_LIFECYCLE_SCOPES": ""}).lifecycle_scopes == ()
    assert Settings.from_env({**base, "DIVAR_LIFECYCLE_SCOPES": " USER_ID ,USER_ID"}).lifecycle_scopes == ("USER_ID",)
    for name, value in (("DIVAR_STREAM", "webhook"), ("DIVAR_LIFECYCLE_SCOPES", "USER_ID,USER_PHONE"),
                        ("POST_FACTS_MAX_AGE_HOURS", "0")):  # fmt: skip
        with pytest.raises(ConfigError) as refused:
            Settings.from_env({**base, name: value})
        assert str(refused.value).startswith(name)
