"""The fake refuses what Divar refuses (so the rest of the suite can trust it), and our client
speaks to it as kenar-docs says: the right host paths, headers, and bodies."""

from __future__ import annotations

import pytest
import requests

from responder.divar import DivarClient, OAuthClient, OAuthError
from responder.engine import Button, Reply
from responder.events import parse
from tests.fake_divar import (
    EVENTS_SUBSCRIPTION_PATH, LEGACY_REGISTER_PATH, LEGACY_SEND_PATH, TOKEN_PATH, FakeDivar,
)  # fmt: skip
from tests.conftest import APP
from tests.payloads import legacy, new_message

CALLBACK = "https://responder.example/oauth/callback"
POST = "gZd7omnS"
CHAT = f"CHAT_POST_CONVERSATIONS_READ.{POST} CHAT_POST_CONVERSATIONS_MESSAGE_SEND.{POST}"


@pytest.fixture
def fake():
    with FakeDivar(check_tokens=True, **APP) as fake:
        yield fake


def post(fake: FakeDivar, path: str, body: object = None, **headers: str) -> requests.Response:
    return requests.post(f"{fake.url}{path}", json=body, headers=headers, timeout=5)


def test_unknown_paths_and_methods_are_refused(fake):
    token = fake.grant(CHAT)["access_token"]
    auth = {"x-api-key": "k", "Authorization": f"Bearer {token}"}
    for path in ("/v1/open-platform/nowhere", "/v2/open-platform/chat/conversations", "/oauth2/other"):
        answer = post(fake, path, {}, **auth)
        assert answer.status_code == 404 and set(answer.json()) == {"code", "message", "details"}, path
    assert requests.get(f"{fake.url}{EVENTS_SUBSCRIPTION_PATH}", headers=auth, timeout=5).status_code == 405


def test_api_key_and_bearer_header_are_required(fake):
    token = fake.grant(CHAT)["access_token"]
    body = {"event_type": "NEW_MESSAGE_ON_POST", "event_resource_id": POST}
    assert post(fake, EVENTS_SUBSCRIPTION_PATH, body, Authorization=f"Bearer {token}").status_code == 401  # no x-api-key
    old_header = post(fake, EVENTS_SUBSCRIPTION_PATH, body, **{"x-api-key": "k", "x-access-token": token})
    assert old_header.status_code == 401 and "Bearer" in old_header.json()["message"]
    assert post(fake, EVENTS_SUBSCRIPTION_PATH, body, **{"x-api-key": "k", "Authorization": "Bearer nope"}).status_code == 401
    ok = post(fake, EVENTS_SUBSCRIPTION_PATH, body, **{"x-api-key": "k", "Authorization": f"Bearer {token}"})
    assert (ok.status_code, ok.json()) == (200, {})


def test_subscriptions_check_event_type_fields_and_scope(fake):
    token = fake.grant(CHAT)["access_token"]
    auth = {"x-api-key": "k", "Authorization": f"Bearer {token}"}
    for bad in ({"event_type": "NEW_MESSAGE"}, {"event_type": "USER_ACCESS_REVOCATION"},
                {"event_type": "NEW_MESSAGE_ON_POST", "meta_data": {}}):  # fmt: skip
        assert post(fake, EVENTS_SUBSCRIPTION_PATH, bad, **auth).status_code == 400, bad
    # all posts needs CHAT_SUPPLIER_ALL_CONVERSATIONS_READ; POST_UPDATE needs USER_POSTS_GET
    assert post(fake, EVENTS_SUBSCRIPTION_PATH, {"event_type": "NEW_MESSAGE_ON_POST"}, **auth).status_code == 403
    assert post(fake, EVENTS_SUBSCRIPTION_PATH, {"event_type": "POST_UPDATE", "event_resource_id": POST}, **auth).status_code == 403
    other = {"event_type": "NEW_MESSAGE_ON_POST", "event_resource_id": "otherPost"}
    assert post(fake, EVENTS_SUBSCRIPTION_PATH, other, **auth).status_code == 403


def test_the_seeds_registration_url_is_refused_and_the_corrected_one_works(fake):
    token = fake.grant(CHAT)["access_token"]
    auth = {"x-api-key": "k", "Authorization": f"Bearer {token}"}
    registration = {"post_token": POST, "endpoint": "https://responder.example/webhook", "identification_key": "secret"}
    assert post(fake, LEGACY_SEND_PATH, registration, **auth).status_code == 400  # the seed's URL (before d74e0696)
    assert post(fake, LEGACY_REGISTER_PATH, registration, **auth).status_code == 200


def test_sends_check_message_buttons_and_icons(fake):
    token = fake.grant(CHAT)["access_token"]
    auth = {"x-api-key": "k", "Authorization": f"Bearer {token}"}
    path = "/v2/open-platform/conversations/c-1/messages"
    button = {"action": {"open_direct_link": "https://x.example"}, "caption": "c"}
    assert post(fake, path, {"type": "TEXT"}, **auth).status_code == 400  # message is required
    assert post(fake, path, {"message": "hi", "receiver_buttons": {"rows": [{"buttons": [button] * 4}]}}, **auth).status_code == 400
    bad_icon = {"message": "hi", "receiver_buttons": {"rows": [{"buttons": [{**button, "icon": "location"}]}]}}
    assert post(fake, path, bad_icon, **auth).status_code == 400
    ok = post(fake, path, {"message": "hi", "receiver_buttons": {"rows": [{"buttons": [{**button, "icon": "PLACE"}]}]}}, **auth)
    assert ok.status_code == 200 and set(ok.json()) == {"status", "message"}


def test_oauth_checks_client_secret_redirect_uri_and_offline_access(fake):
    def client(secret: str = "s3cret", redirect: str = CALLBACK) -> OAuthClient:
        return OAuthClient(fake.url, "my-app", secret, redirect, timeout=5)

    fake.issue_code("c1", CHAT)
    with pytest.raises(OAuthError) as refused:
        client(secret="wrong").exchange_code("c1")
    assert refused.value.permanent and "401" in str(refused.value)
    with pytest.raises(OAuthError):
        client(redirect="https://elsewhere.example/cb").exchange_code("c1")
    pair = client().exchange_code("c1")
    assert pair.refresh_token is None  # no offline_access, no refresh token
    fake.issue_code("c2", f"{CHAT} offline_access")
    pair = client().exchange_code("c2")
    assert pair.refresh_token is not None
    stranger = requests.post(f"{fake.url}{TOKEN_PATH}", timeout=5, data={
        "grant_type": "refresh_token", "refresh_token": pair.refresh_token, "client_id": "my-app",
        "client_secret": "s3cret", "redirect_uri": CALLBACK})  # fmt: skip
    assert stranger.status_code == 400  # no code = current access token
    again = client().refresh(pair.refresh_token, pair.access_token)
    assert again.access_token != pair.access_token and again.scope == pair.scope


def test_our_client_sends_what_the_fake_accepts(fake):
    token = fake.grant(CHAT)["access_token"]
    client = DivarClient(fake.url, fake.url, "api-key", token, timeout=5)
    reply = Reply("r", "سلام", (Button("نقشه", "https://maps.example", "PLACE"),))
    assert client.send_reply(parse(new_message("قیمت؟")), reply).status == 200
    assert client.send_reply(parse(legacy("قیمت؟")), reply).status == 200
    assert client.subscribe("NEW_MESSAGE_ON_POST", token, POST, {"post_token": POST}).ok
    assert client.subscribe_legacy(POST, "https://responder.example/webhook", "key", token).ok
    assert all(r.status == 200 for r in fake.requests)
