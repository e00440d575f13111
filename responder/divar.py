"""Divar HTTP client: send a reply in the seller's name and classify what happened.

Two send endpoints (``../shared/divar-api.md``): the legacy per-post chat stream replies
with ``POST {legacy}/v2/open-platform/chat/conversation`` (seller as ``user_id``, buyer as
``peer_id``); the events API with ``POST {api}/v2/open-platform/conversations/{id}/messages``.

Every result is classified once, here, so the worker only asks "done, retry, or give up":

* 2xx → ``replied``.
* 429, 5xx, connection refused/reset, connect timeout → retryable (nothing was delivered,
  or Divar asked us to come back), honouring ``Retry-After``.
* A *read* timeout is ambiguous (Divar may have delivered it) and Divar's send API has no
  idempotency key: it is not retried, so a buyer never gets the same answer twice.
* Everything else (412 recipient restriction, 401, other 4xx) → permanent failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

import requests

from responder.engine import Button, Reply
from responder.events import Message


@dataclass(frozen=True)
class SendResult:
    outcome: str  # "replied" or "failed:<reason>"
    status: int | None = None
    retryable: bool = False
    retry_after: float | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == "replied"


class DivarClient:
    def __init__(
        self, api_url: str, legacy_api_url: str, api_key: str, access_token: str, timeout: float = 10.0,
        session: requests.Session | None = None,
    ) -> None:  # fmt: skip
        self.api_url = api_url.rstrip("/")
        self.legacy_api_url = legacy_api_url.rstrip("/")
        self.api_key = api_key
        self.access_token = access_token
        self.timeout = (min(timeout, 5.0), timeout)  # (connect, read)
        self.session = session or requests.Session()  # pooled keep-alive connections

    def send_reply(self, message: Message, reply: Reply, access_token: str | None = None) -> SendResult:
        """Send ``reply`` in the seller's name, with the post's token (default: the static one)."""
        token = access_token or self.access_token
        if message.conversation_id:
            url = f"{self.api_url}/v2/open-platform/conversations/{message.conversation_id}/messages"
            headers = {"x-api-key": self.api_key, "Authorization": f"Bearer {token}"}
            body: dict[str, Any] = {"type": "TEXT", "message": reply.text}
            if reply.buttons:
                body["receiver_buttons"] = _button_rows(reply.buttons)
        else:
            url = f"{self.legacy_api_url}/v2/open-platform/chat/conversation"
            headers = {"x-api-key": self.api_key, "x-access-token": token}
            body = {
                "user_id": message.seller_id, "post_token": message.post_token, "peer_id": message.buyer_id,
                "type": "TEXT", "message": reply.text,
            }  # fmt: skip
        return self._post(url, headers, body)

    def subscribe_legacy(self, post_token: str, endpoint: str, identification_key: str, access_token: str) -> SendResult:
        """Register ``endpoint`` for every message of the post (the seed's stream)."""
        url = f"{self.legacy_api_url}/v2/open-platform/chat/conversation"
        headers = {"x-api-key": self.api_key, "x-access-token": access_token}
        body = {"post_token": post_token, "endpoint": endpoint, "identification_key": identification_key}
        return self._post(url, headers, body)

    def subscribe_events(self, post_token: str, access_token: str) -> SendResult:
        """Subscribe to NEW_MESSAGE_ON_POST; lives as long as the token, so renewed on refresh."""
        url = f"{self.api_url}/v1/open-platform/events/subscriptions"
        headers = {"x-api-key": self.api_key, "Authorization": f"Bearer {access_token}"}
        body = {"event_type": "NEW_MESSAGE_ON_POST", "event_resource_id": post_token, "metadata": {"post_token": post_token}}
        return self._post(url, headers, body)

    def _post(self, url: str, headers: dict[str, str], body: dict[str, Any]) -> SendResult:
        try:
            response = self.session.post(url, json=body, headers=headers, timeout=self.timeout)
        except requests.ConnectTimeout:
            return SendResult("failed:timeout", retryable=True, detail="connect timeout")
        except requests.ReadTimeout:
            return SendResult("failed:timeout_unconfirmed", detail="sent, but Divar did not answer in time; not retried")
        except requests.ConnectionError as exc:
            return SendResult("failed:network", retryable=True, detail=_short(exc))
        except requests.RequestException as exc:
            return SendResult("failed:network", detail=_short(exc))
        return classify(response.status_code, response.headers.get("Retry-After"), response.text)


def classify(status: int, retry_after: str | None, text: str = "") -> SendResult:
    if 200 <= status < 300:
        return SendResult("replied", status)
    detail = text[:300]
    if status == 412:
        return SendResult("failed:recipient_restricted", status, detail=detail)
    if status == 429 or status >= 500:
        reason = "rate_limited" if status == 429 else "divar_unavailable"
        return SendResult(f"failed:{reason}", status, retryable=True, retry_after=_seconds(retry_after), detail=detail)
    if status == 401:
        return SendResult("failed:unauthorized", status, detail=detail)
    if status == 403:
        return SendResult("failed:forbidden", status, detail=detail)
    return SendResult(f"failed:http_{status}", status, detail=detail)


def _button_rows(buttons: tuple[Button, ...]) -> dict[str, Any]:
    def one(b: Button) -> dict[str, Any]:
        item: dict[str, Any] = {"action": {"open_direct_link": b.url}, "caption": b.caption}
        if b.icon:
            item["icon"] = b.icon
        return item

    return {"rows": [{"buttons": [one(b) for b in buttons[i : i + 3]]} for i in range(0, len(buttons), 3)]}


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP-date Retry-After: fall back to our own backoff


def _short(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


# -- OAuth ------------------------------------------------------------------------------


def post_scopes(post_token: str) -> list[str]:
    """What the responder needs on one post: read its chats, answer them, keep access."""
    return [f"CHAT_POST_CONVERSATIONS_READ.{post_token}", f"CHAT_POST_CONVERSATIONS_MESSAGE_SEND.{post_token}", "offline_access"]


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str | None
    expires_at: datetime
    scope: str = ""


class OAuthError(Exception):
    """Divar's OAuth server refused (``permanent``) or could not be reached (not permanent)."""

    def __init__(self, message: str, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class OAuthClient:
    def __init__(
        self, oauth_url: str, client_id: str, client_secret: str, redirect_uri: str,
        session: requests.Session | None = None, timeout: float = 10.0,
    ) -> None:  # fmt: skip
        self.oauth_url = oauth_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.session = session or requests.Session()
        self.timeout = timeout

    def authorize_url(self, scopes: list[str], state: str) -> str:
        query = {"response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect_uri,
                 "scope": " ".join(scopes), "state": state}  # fmt: skip
        return f"{self.oauth_url}/oauth2/auth?{urlencode(query)}"

    def exchange_code(self, code: str) -> TokenPair:
        return self._token({"grant_type": "authorization_code", "code": code})

    def refresh(self, refresh_token: str) -> TokenPair:
        return self._token({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def _token(self, form: dict[str, str]) -> TokenPair:
        form = {**form, "client_id": self.client_id, "client_secret": self.client_secret, "redirect_uri": self.redirect_uri}
        try:
            response = self.session.post(f"{self.oauth_url}/oauth2/token", data=form, timeout=self.timeout)
        except requests.RequestException as exc:
            raise OAuthError(_short(exc), permanent=False) from None
        if response.status_code >= 500 or response.status_code == 429:
            raise OAuthError(f"OAuth server answered {response.status_code}", permanent=False)
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code != 200 or not isinstance(data, dict) or not data.get("access_token"):
            error = data.get("error", "") if isinstance(data, dict) else ""
            raise OAuthError(f"OAuth server refused ({response.status_code} {error})".strip(), permanent=True)
        try:
            seconds = float(data.get("expires_in", 3600))
        except (TypeError, ValueError):
            seconds = 3600.0
        return TokenPair(
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]) if data.get("refresh_token") else None,
            expires_at=datetime.now(timezone.utc) + timedelta(seconds=seconds),
            scope=str(data.get("scope", "")),
        )
