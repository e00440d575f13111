"""The sellers' OAuth tokens: encrypted at rest, refreshed ahead of expiry, one refresh at a time.

Divar rotates both tokens on every refresh (the old pair works two more minutes), so two
workers refreshing the same grant at once would lock each other out.  A Redis lock per
post makes exactly one refresh run; the others wait, re-read the stored pair and use it.
A refresh Divar refuses for good stops replies on that post (``failed:token_expired``),
visible in ``responder posts`` and the log.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
from collections.abc import Callable
from typing import NoReturn
from datetime import datetime, timedelta, timezone

from responder import crypto
from responder.config import ConfigError
from responder.divar import OAuthClient, OAuthError, TokenPair
from responder.divar.subscriptions import ALL_POSTS
from responder.events import Message
from responder.state import State
from responder.store import Post, Store

log = logging.getLogger(__name__)

REFRESH_AHEAD = timedelta(minutes=5)
TOKEN_EXPIRED = "failed:token_expired"


def connection_key(message: Message) -> str:
    """Whose token answers the message: its all-posts grant (named in the subscription's
    metadata, which Divar echoes in every event), else the post's own connection."""
    return f"{ALL_POSTS}{message.grant}" if message.grant else message.post_token


class Unread(enum.Enum):
    """The type of :data:`UNREAD`."""

    UNREAD = "unread"


UNREAD = Unread.UNREAD  # token_for: the post was not read yet (None: read, and not there)


class TokenUnavailable(Exception):
    """No usable token for the post; ``outcome`` is what the log records."""

    def __init__(self, outcome: str, detail: str, retryable: bool = False) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.retryable = retryable


class Cipher(crypto.Cipher):
    """:class:`responder.crypto.Cipher`; a token that does not decrypt stops the post's replies."""

    def decrypt(self, token: str) -> str:
        try:
            return super().decrypt(token)
        except crypto.CipherError:
            raise TokenUnavailable(TOKEN_EXPIRED, "stored token cannot be decrypted (was TOKEN_ENCRYPTION_KEY changed?)") from None


NOT_CONNECTED = "not connected"  # a post seen only in buyers' messages: logged failed:no_token
UNREADABLE_TOKEN = "unreadable: other key"  # its sends fail as failed:token_expired


def connection_states(posts: list[Post], static_token: bool, cipher: crypto.Cipher | None) -> dict[str, str]:
    """Post token → whether it can be answered, for ``responder posts`` and the console: its
    stored status, except :data:`NOT_CONNECTED` for an "active" post with no token of its
    own, no ``DIVAR_ACCESS_TOKEN`` and no live all-posts grant to answer it, and
    :data:`UNREADABLE_TOKEN` for a token this ``TOKEN_ENCRYPTION_KEY`` does not decrypt."""
    grant_live = any(p.post_token.startswith(ALL_POSTS) and p.active and p.access_token and _reads(cipher, p.access_token)
                     for p in posts)  # fmt: skip
    states = {}
    for post in posts:
        status = post.status
        if post.active and not post.access_token and not static_token and not (post.via == "all-posts" and grant_live):
            status = NOT_CONNECTED
        if post.access_token and not _reads(cipher, post.access_token):
            status = UNREADABLE_TOKEN
        states[post.post_token] = status
    return states


def _reads(cipher: crypto.Cipher | None, token: str) -> bool:
    if cipher is None:  # no key: nothing stored can be read
        return False
    try:
        cipher.decrypt(token)
    except (crypto.CipherError, TokenUnavailable):  # the plain codec, or the token manager's (tokens.Cipher)
        return False
    return True


def key_hash(identification_key: str) -> str:
    """What is stored instead of a post's identification key."""
    return hashlib.sha256(identification_key.encode()).hexdigest()


def key_matches(given: str, stored_hash: str) -> bool:
    return hmac.compare_digest(key_hash(given), stored_hash)


class TokenManager:
    def __init__(
        self, store: Store, state: State, static_token: str = "", cipher: Cipher | None = None,
        oauth: OAuthClient | None = None, on_refresh: Callable[[str, TokenPair], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:  # fmt: skip
        self.store = store
        self.state = state
        self.static_token = static_token
        self.cipher = cipher
        self.oauth = oauth
        self.on_refresh = on_refresh  # (connection key, new pair): subscribe again (events API)
        self.clock = clock

    def save(self, post_token: str, pair: TokenPair, **post: object) -> None:
        """Store a pair the seller just granted (encrypted); the post answers again."""
        self.store.save_post(post_token, status="active", **self._encrypted(pair), **post)

    def _encrypted(self, pair: TokenPair, previous_refresh: str | None = None) -> dict[str, object]:
        cipher = self._cipher()
        refresh = cipher.encrypt(pair.refresh_token) if pair.refresh_token else previous_refresh
        return {"access_token": cipher.encrypt(pair.access_token), "refresh_token": refresh, "expires_at": pair.expires_at}

    def token_for(self, post_token: str, post: Post | None | Unread = UNREAD) -> str:
        """A token good for a few more minutes: the post's own (refreshed if due) or the static one.

        ``post``: the post as the caller just read it (the worker reads it for its stop
        check), so it is not read twice per message; a refresh reads it again under its lock.
        """
        if post is UNREAD:
            post = self.store.post(post_token)
        if post is None or not post.access_token:
            if self.static_token:
                return self.static_token
            raise TokenUnavailable("failed:no_token", f"post {post_token} is not connected and DIVAR_ACCESS_TOKEN is not set")
        if self._fresh(post):
            return self._cipher().decrypt(post.access_token)
        return self.refresh(post_token)

    def refresh(self, post_token: str, rejected: str | None = None) -> str:
        """Refresh the post's tokens, unless another worker already did while we waited.

        ``rejected`` is a token Divar just answered 401 to: refresh even if it looks fresh.
        """
        with self.state.lock(f"refresh:{post_token}"):
            post = self.store.post(post_token)
            if post is None or not post.access_token:
                if self.static_token and self.static_token != rejected:
                    return self.static_token
                raise TokenUnavailable("failed:unauthorized", "Divar refused the static DIVAR_ACCESS_TOKEN")
            current = self._cipher().decrypt(post.access_token)
            if current != rejected and self._fresh(post):
                return current  # someone refreshed while we waited for the lock
            if not post.refresh_token or self.oauth is None:
                self._stop(post_token, "no refresh token (or no DIVAR_CLIENT_SECRET) to renew the access token")
            try:
                pair = self.oauth.refresh(self._cipher().decrypt(post.refresh_token), current)
            except OAuthError as exc:
                if not exc.permanent:
                    raise TokenUnavailable("failed:oauth_unavailable", str(exc), retryable=True) from None
                self._stop(post_token, str(exc))
            # Only onto a post that is still active: a retirement or revocation that landed
            # while Divar answered must not be undone by our refresh.
            if not self.store.update_active_post(post_token, **self._encrypted(pair, post.refresh_token)):
                stopped = self.store.post(post_token)
                raise TokenUnavailable(stopped.status if stopped else TOKEN_EXPIRED, "the post was stopped during the refresh")
            log.info("refreshed the tokens of post %s (valid until %s)", post_token, pair.expires_at.isoformat())
        if self.on_refresh and post.via == "events":
            self.on_refresh(post_token, pair)
        return pair.access_token

    def _stop(self, post_token: str, why: str) -> NoReturn:
        self.store.save_post(post_token, status=TOKEN_EXPIRED, access_token=None, refresh_token=None, expires_at=None)
        log.error("post %s: token refresh failed for good (%s); replies stopped until the seller reconnects", post_token, why)
        raise TokenUnavailable(TOKEN_EXPIRED, why)

    def _fresh(self, post: Post) -> bool:
        return post.expires_at is not None and post.expires_at - self.clock() > REFRESH_AHEAD

    def _cipher(self) -> Cipher:
        if self.cipher is None:
            raise ConfigError("TOKEN_ENCRYPTION_KEY is not set: it is needed to store sellers' tokens")
        return self.cipher
