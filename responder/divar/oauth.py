"""Divar's OAuth server (``docs/oauth/ReadMe.md``): consent URL, code exchange, refresh.

What the responder asks a seller for:

* one post: ``CHAT_POST_CONVERSATIONS_READ.<post>`` and ``CHAT_POST_CONVERSATIONS_MESSAGE_SEND.<post>``;
* every post of the seller, with one consent: ``CHAT_SUPPLIER_ALL_CONVERSATIONS_READ`` and
  ``CHAT_SUPPLIER_ALL_CONVERSATIONS_MESSAGE_SEND`` (``docs/events/ReadMe.md``,
  ``docs/chat/users_conversations.md``);
* always ``offline_access`` (no refresh token without it), plus the lifecycle scopes the
  app has (``DIVAR_LIFECYCLE_SCOPES``): ``USER_POSTS_GET`` for ``POST_UPDATE`` events,
  ``NOTIFICATION_ACCESS_REVOCATION`` and ``USER_ID`` for ``USER_ACCESS_REVOCATION``
  (``docs/events/auth.md``: that one needs no subscription, only these scopes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import requests
ALL_POSTS_SCOPES = ("CHAT_SUPPLIER_ALL_CONVERSATIONS_READ", "CHAT_SUPPLIER_ALL_CONVERSATIONS_MESSAGE_SEND")


def post_scopes(post_token: str, lifecycle: tuple[str, ...] = ()) -> list[str]:
    """What the responder needs on one post: read its chats, answer them, keep access."""
    chat = [f"CHAT_POST_CONVERSATIONS_READ.{post_token}", f"CHAT_POST_CONVERSATIONS_MESSAGE_SEND.{post_token}"]
    return [*chat, "offline_access", *lifecycle]


def all_posts_scopes(lifecycle: tuple[str, ...] = ()) -> list[str]:
    """One consent for every chat of every post of the seller, including posts published later."""
    return [*ALL_POSTS_SCOPES, "offline_access", *lifecycle]


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str | None
    expires_at: datetime
    scope: str = ""

    def has_scope(self, scope: str) -> bool:
        return scope in self.scope.split()


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
        """Step 3: ``code``, ``client_id``, ``client_secret``, ``grant_type``, ``redirect_uri``."""
        return self._token({"code": code, "grant_type": "authorization_code"})

    def refresh(self, refresh_token: str, access_token: str) -> TokenPair:
        """Step 5: the same, plus ``refresh_token`` and ``code`` = the current access token."""
        return self._token({"code": access_token, "grant_type": "refresh_token", "refresh_token": refresh_token})

    def _token(self, form: dict[str, str]) -> TokenPair:
        form = {**form, "client_id": self.client_id, "client_secret": self.client_secret, "redirect_uri": self.redirect_uri}
        try:
            response = self.session.post(f"{self.oauth_url}/oauth2/token", data=form, timeout=self.timeout)
        except requests.RequestException as exc:
            raise OAuthError(f"{type(exc).__name__}: {exc}"[:300], permanent=False) from None
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
