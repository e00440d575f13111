"""Who may use the console, and the headers every HTML page carries.

``LOG_PASSWORD`` stays the one setting: the session cookie is signed with a key made from
it and a random secret the database keeps (so changing the password signs everyone out,
every web process agrees on the key, and a cookie — anyone gets one from the login page —
cannot be used to guess the password offline).  Without the password the console is off.  Failed logins are counted in Redis, per client address and for the whole app, so
every web process shares the count: a guesser gets a few tries, then waits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import redis

SESSION_HOURS = 24 * 7  # a seller on a phone should not log in every day

# A page may be framed by no one, load nothing from elsewhere and run only our own script.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
HTML_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def session_key(password: str, secret: str) -> bytes:
    """The cookie-signing key: the password keyed with the database's secret."""
    return hmac.new(secret.encode(), b"responder console session\0" + password.encode(), hashlib.sha256).digest()


def password_ok(given: str, password: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), password.encode())


def new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class LoginLimits:
    per_address: int = 5  # failed tries per address per window
    everyone: int = 50  # failed tries from all addresses per window (a guesser with many addresses)
    window: int = 15 * 60  # seconds


class LoginGuard:
    """Counts failed logins; :meth:`wait` says how long a client must wait before trying again."""

    def __init__(self, client: redis.Redis, limits: LoginLimits = LoginLimits(), prefix: str = "responder:login:") -> None:
        self.redis = client
        self.limits = limits
        self.prefix = prefix

    def _keys(self, address: str) -> list[tuple[str, int]]:
        return [(f"{self.prefix}fail:{address}", self.limits.per_address), (f"{self.prefix}fail:*", self.limits.everyone)]

    def wait(self, address: str, known_device: bool = False) -> int:
        """Seconds until ``address`` may try again (0: it may try now).

        A browser that logged in before (``known_device``) is held only by its own address's
        count, so guessers elsewhere cannot lock the seller out by filling the shared one.
        """
        longest = 0
        for key, limit in self._keys(address)[: 1 if known_device else 2]:
            count = self.redis.get(key)
            if count is not None and int(count) >= limit:
                longest = max(longest, int(self.redis.ttl(key)), 1)
        return longest

    def failed(self, address: str) -> None:
        for key, _limit in self._keys(address):
            with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, self.limits.window, nx=True)  # the window starts at the first failure
                pipe.execute()

    def succeeded(self, address: str) -> None:
        self.redis.delete(self._keys(address)[0][0])
