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
from typing import Any

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

    def send_reply(self, message: Message, reply: Reply) -> SendResult:
        if message.conversation_id:
            url = f"{self.api_url}/v2/open-platform/conversations/{message.conversation_id}/messages"
            headers = {"x-api-key": self.api_key, "Authorization": f"Bearer {self.access_token}"}
            body: dict[str, Any] = {"type": "TEXT", "message": reply.text}
            if reply.buttons:
                body["receiver_buttons"] = _button_rows(reply.buttons)
        else:
            url = f"{self.legacy_api_url}/v2/open-platform/chat/conversation"
            headers = {"x-api-key": self.api_key, "x-access-token": self.access_token}
            body = {
                "user_id": message.seller_id, "post_token": message.post_token, "peer_id": message.buyer_id,
                "type": "TEXT", "message": reply.text,
            }  # fmt: skip
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
