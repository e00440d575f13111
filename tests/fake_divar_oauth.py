"""The OAuth half of the fake Divar (``docs/oauth/ReadMe.md``): the consent screen and the token endpoint.

Mixed into :class:`tests.fake_divar.FakeDivar`, which holds the state these methods use
(``_codes``, ``_access``, ``_refresh``, ``_serial``, ``client_id``, …) and calls them under its lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

TOKEN_PATH = "/oauth2/token"
AUTHORIZE_PATH = "/oauth2/auth"


@dataclass
class Scripted:
    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    path: str | None = None  # None: the next POST (sends, subscriptions, tokens), whatever its path
    passthrough: bool = False  # only delay, then answer as unscripted (slow_next)

    def applies_to(self, method: str, path: str) -> bool:
        return method == "POST" if self.path is None else urlsplit(path).path == self.path


@dataclass
class _Token:
    scope: str
    user_id: str
    refresh_token: str | None = None


class FakeOAuth:
    """Divar's OAuth server: codes for what the seller allowed, rotating token pairs."""

    _lock: Any
    _codes: dict[str, tuple[str, str, str | None]]  # code → (scope, user id, redirect_uri)
    _access: dict[str, _Token]  # live access tokens
    _refresh: dict[str, tuple[str, _Token]]  # live refresh token → (its access token, grant)
    _serial: Any
    client_id: str | None
    client_secret: str | None
    redirect_uris: tuple[str, ...]
    refuse_consent: bool
    user_id: str
    expires_in: int

    def issue_code(self, code: str, scope: str = "", user_id: str | None = None, redirect_uri: str | None = None) -> str:
        """Register an authorization code the token endpoint will accept once."""
        with self._lock:
            self._codes[code] = (scope, user_id or self.user_id, redirect_uri)
        return code

    def grant(self, scope: str = "offline_access", user_id: str | None = None) -> dict[str, Any]:
        """Mint a live token pair directly (no request recorded), as if a code had been exchanged."""
        with self._lock:
            return self._mint(scope, user_id or self.user_id)

    def revoke(self, access_token: str) -> None:
        """Divar no longer accepts this access token (matters with ``check_tokens``)."""
        with self._lock:
            self._access.pop(access_token, None)

    def live_refresh_tokens(self) -> set[str]:
        with self._lock:
            return set(self._refresh)

    def scope_of(self, access_token: str) -> str | None:
        with self._lock:
            token = self._access.get(access_token)
            return token.scope if token else None

    def _mint(self, scope: str, user_id: str) -> dict[str, Any]:
        n = next(self._serial)
        pair: dict[str, Any] = {"access_token": f"access-{n}", "expires_in": self.expires_in, "scope": scope, "token_type": "bearer"}
        refresh = f"refresh-{n}" if "offline_access" in scope.split() else None
        self._access[pair["access_token"]] = _Token(scope, user_id, refresh)
        if refresh:
            pair["refresh_token"] = refresh
            self._refresh[refresh] = (pair["access_token"], self._access[pair["access_token"]])
        return pair

    def _client_ok(self, client_id: str | None, secret: str | None = "", check_secret: bool = False) -> bool:
        if not client_id or (self.client_id and client_id != self.client_id):
            return False
        return not check_secret or bool(secret) and (not self.client_secret or secret == self.client_secret)

    def _redirect_ok(self, uri: str | None) -> bool:
        return bool(uri) and (not self.redirect_uris or uri in self.redirect_uris)

    def _authorize(self, query: dict[str, str]) -> Scripted:
        """The consent screen: back to ``redirect_uri`` with ``state`` and (if allowed) a code."""
        uri = query.get("redirect_uri")
        if query.get("response_type") != "code" or not self._client_ok(query.get("client_id")) or not self._redirect_ok(uri):
            return Scripted(400, {"error": "invalid_request", "error_description": "unknown client or redirect_uri"})
        answer = {"state": query.get("state", "")}
        if not self.refuse_consent:  # the seller pressed "allow": a code for exactly the asked scopes
            code = f"code-{next(self._serial)}"
            self._codes[code] = (query.get("scope", ""), self.user_id, uri)
            answer["code"] = code
        return Scripted(302, headers={"Location": f"{uri}?{urlencode(answer)}"})

    def _token(self, form: dict[str, str]) -> Scripted:
        if not self._client_ok(form.get("client_id"), form.get("client_secret"), check_secret=True):
            return Scripted(401, {"error": "invalid_client", "error_description": "client authentication failed"})
        if not self._redirect_ok(form.get("redirect_uri")):
            return Scripted(400, {"error": "invalid_request", "error_description": "redirect_uri is missing or not registered"})
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code" and form.get("code") in self._codes:
            scope, user_id, uri = self._codes[form["code"]]
            if uri is not None and uri != form.get("redirect_uri"):
                return Scripted(400, {"error": "invalid_grant", "error_description": "redirect_uri differs from the consent's"})
            del self._codes[form["code"]]
            return Scripted(200, self._mint(scope, user_id))
        if grant_type == "refresh_token" and form.get("refresh_token") in self._refresh:
            access, grant = self._refresh[form["refresh_token"]]
            if form.get("code") != access:
                return Scripted(400, {"error": "invalid_request", "error_description": "code must be the current access token"})
            del self._refresh[form["refresh_token"]]
            self._access.pop(access, None)
            return Scripted(200, self._mint(grant.scope, grant.user_id))
        return Scripted(400, {"error": "invalid_grant", "error_description": "unknown or used code/token"})

