"""Divar's Kenar API over HTTP: send a reply in the seller's name, subscribe, read posts and users.

Every path, host and header here follows divar-ir/kenar-docs (``../shared/divar-api.md``
cites each): all hosts are ``https://open-api.divar.ir`` and user tokens go in
``Authorization: Bearer`` (``docs/migrations/2025-04-27.md``).

* Events API (the default): subscribe with ``POST /v1/open-platform/events/subscriptions``
  (``docs/events/ReadMe.md``), reply with
  ``POST /v2/open-platform/conversations/{id}/messages`` (``docs/chat/users_conversations.md``).
* Legacy per-post stream (deprecated, ``docs/migrations/002_send_message_v2+events.md``):
  register with ``POST /v1/open-platform/notify/chat/post-conversations`` (kenar-docs
  commit d74e0696 "Fix endpoint"), reply with the old ``POST /v2/open-platform/chat/conversation``
  send (seller as ``user_id``, buyer as ``peer_id``): a legacy message has no conversation id.
* Post facts: ``GET /v1/open-platform/finder/post/{token}``, API key only (``docs/post/get_post.md``).
* The seller's id: ``GET /v1/open-platform/users`` with scope ``USER_ID`` (OpenAPI ``Finder_GetUser``).

Every result is classified once, here, so the worker only asks "done, retry, or give up":

* 2xx → ``replied``.
* 429 → retryable; a *daily quota* 429 (the body says which, ``docs/scopes/README.md``) is
  ``failed:daily_quota`` and holds every send until the quota resets.
* 5xx, connection refused/reset, connect timeout → retryable, honouring ``Retry-After``.
* A *read* timeout is ambiguous (Divar may have delivered it) and Divar's send API has no
  idempotency key: it is not retried, so a buyer never gets the same answer twice.
* Everything else (412 recipient restriction, 401, other 4xx) → permanent failure.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import quote

import requests

from responder.divar.session import nothing_reserved
from responder.engine import Button, Reply
from responder.events import Message

EVENTS_SUBSCRIPTIONS = "/v1/open-platform/events/subscriptions"
LEGACY_REGISTER = "/v1/open-platform/notify/chat/post-conversations"
LEGACY_SEND = "/v2/open-platform/chat/conversation"
FINDER_POST = "/v1/open-platform/finder/post/{token}"
USERS = "/v1/open-platform/users"
DAILY_QUOTA = "failed:daily_quota"
# Divar documents that a 429's body names the limit, not its wording: these words mark the daily one.
_DAILY_WORDS = ("daily", "quota", "per day", "روزانه", "سهمیه")


@dataclass(frozen=True)
class SendResult:
    outcome: str  # "replied" or "failed:<reason>"
    status: int | None = None
    retryable: bool = False
    retry_after: float | None = None
    detail: str = ""
    body: Any = field(default=None, compare=False)  # the decoded JSON answer, when there is one

    @property
    def ok(self) -> bool:
        return self.outcome == "replied"


class DivarClient:
    def __init__(
        self, api_url: str, legacy_api_url: str, api_key: str, access_token: str, timeout: float = 10.0,
        session: requests.Session | None = None,
    ) -> None:  # fmt: skip
        self.api_url = api_url.rstrip("/")
        self.legacy_api_url = (legacy_api_url or api_url).rstrip("/")
        self.api_key = api_key
        self.access_token = access_token
        self.timeout = (min(timeout, 5.0), timeout)  # (connect, read)
        self.session = session or requests.Session()  # pooled keep-alive connections

    def _headers(self, access_token: str | None) -> dict[str, str]:
        headers = {"x-api-key": self.api_key}
        if access_token:
            headers["Authorization"] = f"Bearer {access_token}"
        return headers

    def send_reply(self, message: Message, reply: Reply, access_token: str | None = None) -> SendResult:
        """Send ``reply`` in the seller's name, with the given token (default: the static one)."""
        with self.prepare_reply(message, reply, access_token) as call:
            return call.send()

    def prepare_reply(self, message: Message, reply: Reply, access_token: str | None = None) -> Call:
        """The send of :meth:`send_reply`, ready to go: see :class:`Call`."""
        headers = self._headers(access_token or self.access_token)
        if message.conversation_id:
            url = f"{self.api_url}/v2/open-platform/conversations/{quote(message.conversation_id, safe='')}/messages"
            body: dict[str, Any] = {"type": "TEXT", "message": reply.text}
            if reply.buttons:
                body["receiver_buttons"] = _button_rows(reply.buttons)
        else:
            url = f"{self.legacy_api_url}{LEGACY_SEND}"
            body = {
                "user_id": message.seller_id, "post_token": message.post_token, "peer_id": message.buyer_id,
                "type": "TEXT", "message": reply.text,
            }  # fmt: skip
        return self._prepare("POST", url, headers, body)

    def subscribe_legacy(self, post_token: str, endpoint: str, identification_key: str, access_token: str) -> SendResult:
        """Register ``endpoint`` for every message of the post (the deprecated per-post stream)."""
        body = {"post_token": post_token, "endpoint": endpoint, "identification_key": identification_key}
        return self._call("POST", f"{self.legacy_api_url}{LEGACY_REGISTER}", self._headers(access_token), body)

    def subscribe(
        self, event_type: str, access_token: str, resource_id: str | None, metadata: dict[str, str] | None = None
    ) -> SendResult:
        """One events-API subscription; it lives as long as the token, so it is renewed on refresh.

        ``resource_id`` None leaves ``event_resource_id`` out (all the seller's posts, for
        ``NEW_MESSAGE_ON_POST``); ``""`` sends it empty (all posts, for ``POST_UPDATE``,
        ``docs/events/post.md``).  Divar echoes ``metadata`` back in every event.
        """
        body: dict[str, Any] = {"event_type": event_type}
        if resource_id is not None:
            body["event_resource_id"] = resource_id
        if metadata:
            body["metadata"] = metadata
        return self._call("POST", f"{self.api_url}{EVENTS_SUBSCRIPTIONS}", self._headers(access_token), body)

    def get_post(self, post_token: str) -> SendResult:
        """The post as the finder API shows it (``result.body``); API key only, no user token."""
        url = f"{self.api_url}{FINDER_POST.format(token=quote(post_token, safe=''))}"
        return self._call("GET", url, self._headers(None))

    def get_user(self, access_token: str) -> SendResult:
        """The seller behind a token (``result.body["user_id"]``; needs scope ``USER_ID``)."""
        return self._call("GET", f"{self.api_url}{USERS}", self._headers(access_token))

    def _call(self, method: str, url: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> SendResult:
        with self._prepare(method, url, headers, body) as call:
            return call.send()

    def _prepare(self, method: str, url: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> Call:
        request = self.session.prepare_request(requests.Request(method, url, headers=headers, json=body))
        reserve = getattr(self.session, "reserve", None)  # responder.divar.session's; a plain Session connects as it sends
        try:
            release = reserve(request, self.timeout[0]) if reserve is not None else nothing_reserved
        except requests.RequestException as exc:  # Divar cannot be reached: nothing was sent
            return Call(self.session, request, self.timeout, nothing_reserved, failed=_failure(exc))
        return Call(self.session, request, self.timeout, release)


@dataclass
class Call:
    """One request to Divar with everything done but sending it: built, and its connection
    checked out and connected (through :func:`responder.divar.session.http_session`).

    The worker records a send as under way between building it and :meth:`send`, so that
    window holds the request alone.  ``failed``: Divar could not be reached, nothing was
    sent (do not :meth:`send`).  Use it as a context manager: a connection that was not
    used goes back to the pool.
    """

    session: requests.Session
    request: requests.PreparedRequest
    timeout: tuple[float, float]
    release: Callable[[], None]
    failed: SendResult | None = None

    def send(self) -> SendResult:
        if self.failed is not None:
            return self.failed
        url = self.request.url or ""
        settings = self.session.merge_environment_settings(url, {}, None, None, None)
        try:
            response = self.session.send(self.request, timeout=self.timeout, allow_redirects=True, **settings)
        except requests.RequestException as exc:
            return _failure(exc)
        finally:
            self.release()
        result = classify(response.status_code, response.headers.get("Retry-After"), response.text)
        try:
            decoded = response.json() if response.content else None
        except ValueError:
            decoded = None
        return SendResult(result.outcome, result.status, result.retryable, result.retry_after, result.detail, decoded)

    def __enter__(self) -> Call:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None) -> None:
        self.release()


def _failure(exc: requests.RequestException) -> SendResult:
    """A request that got no answer, classified (see the module docstring)."""
    if isinstance(exc, requests.ConnectTimeout):
        return SendResult("failed:timeout", retryable=True, detail="connect timeout")
    if isinstance(exc, requests.ReadTimeout):
        return SendResult("failed:timeout_unconfirmed", detail="sent, but Divar did not answer in time; not retried")
    if isinstance(exc, requests.ConnectionError):
        return SendResult("failed:network", retryable=True, detail=_short(exc))
    return SendResult("failed:network", detail=_short(exc))


def classify(status: int, retry_after: str | None, text: str = "") -> SendResult:
    if 200 <= status < 300:
        return SendResult("replied", status)
    detail = text[:300]
    if status == 412:
        return SendResult("failed:recipient_restricted", status, detail=detail)
    if status == 429:
        reason = DAILY_QUOTA if is_daily_quota(text) else "failed:rate_limited"
        return SendResult(reason, status, retryable=True, retry_after=_seconds(retry_after), detail=detail)
    if status >= 500:
        return SendResult("failed:divar_unavailable", status, retryable=True, retry_after=_seconds(retry_after), detail=detail)
    if status == 401:
        return SendResult("failed:unauthorized", status, detail=detail)
    if status == 403:
        return SendResult("failed:forbidden", status, detail=detail)
    return SendResult(f"failed:http_{status}", status, detail=detail)


def is_daily_quota(text: str) -> bool:
    """Whether a 429's body speaks of the daily quota rather than the per-minute limit."""
    try:
        decoded = json.loads(text)
        words = json.dumps(decoded, ensure_ascii=False) if decoded is not None else ""
    except ValueError:
        words = text
    folded = words.casefold()
    return any(word in folded for word in _DAILY_WORDS)


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
