"""Encryption at rest with ``TOKEN_ENCRYPTION_KEY``: sellers' tokens and the chat text we keep.

One key, Fernet (AES-128-CBC + HMAC-SHA256, from the ``cryptography`` package), for both:
an operator has one secret to guard and back up.  To rotate it, ``TOKEN_ENCRYPTION_KEY``
lists the new key first and the old one after it (:func:`split_keys`); the store re-seals
everything with the first (:mod:`responder.privacy`).  :class:`Cipher` is the plain codec (the
token store uses it); :class:`Sealer` marks what it writes with :data:`SEALED`, so the
database upgrade can tell old plain text from ciphertext without trying keys, and reads
with older keys too while a database moves from a generated key to the configured one.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SEALED = "fernet:"  # prefix of every sealed column value
QUICK = "gcm:"  # prefix of a short-lived record sealed by Sealer.seal_quick (Redis send records)
_QUICK_CONTEXT = b"responder-quick-seal"  # bound into every quick seal as associated data
UNREADABLE = "[unreadable: encrypted with another TOKEN_ENCRYPTION_KEY]"


class CipherError(Exception):
    """A stored value does not decrypt with the keys we have."""


def split_keys(value: str) -> list[str]:
    """``TOKEN_ENCRYPTION_KEY`` as a list: several keys may be given, comma-separated, to
    rotate (the new one first, the old ones after it)."""
    return [key.strip() for key in value.split(",") if key.strip()]


class Cipher:
    """Fernet with ``TOKEN_ENCRYPTION_KEY`` (validated by ``Settings.from_env``): writes with
    the first key, reads with any (cryptography's MultiFernet), so keys can be rotated."""

    def __init__(self, keys: str | Sequence[str]) -> None:
        keys = split_keys(keys) if isinstance(keys, str) else list(keys)
        self.keys = keys  # first writes, all read
        self.key_id = key_id(keys[0])  # the fingerprint of the key it writes with
        self._first = Fernet(keys[0].encode())
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise CipherError("cannot be decrypted with TOKEN_ENCRYPTION_KEY") from None

    def rotate(self, token: str) -> str:
        """The token encrypted with the first key: itself if it already is (nothing to write),
        else re-encrypted (raises :class:`CipherError` if no key reads it)."""
        try:
            self._first.decrypt(token.encode())
            return token
        except InvalidToken:
            pass
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise CipherError("cannot be decrypted with the keys given") from None


class Sealer:
    """Column values: ``fernet:<token>`` written with the first key, read with any of them.

    Empty strings and None are stored as they are (nothing to hide), so a purged row's
    text stays an honest ``''``.

    :meth:`seal_quick` is for records that live minutes, not years (the send journal in
    Redis, two writes per message): AES-GCM with a key derived from each configured key,
    one call into OpenSSL instead of Fernet's CBC, HMAC and a new cipher object per value
    (about a quarter of the CPU; ``bench/README.md``).  Rotation reads them as it reads
    Fernet values: written with the first key, opened with any.  The database keeps Fernet.
    """

    def __init__(self, keys: Sequence[str]) -> None:
        self.cipher = Cipher(keys)
        self._quick = [AESGCM(_quick_key(key)) for key in self.cipher.keys]

    def seal(self, value: str | None) -> str | None:
        if not value:
            return value
        return SEALED + self.cipher.encrypt(value)

    def seal_quick(self, value: str) -> str:
        """``gcm:<nonce + ciphertext>`` under the first key, for a short-lived record."""
        nonce = os.urandom(12)
        return QUICK + base64.urlsafe_b64encode(nonce + self._quick[0].encrypt(nonce, value.encode(), _QUICK_CONTEXT)).decode()

    def open(self, value: str | None) -> str | None:
        """The plain value; an unsealed (pre-upgrade) value as it is; :data:`UNREADABLE` for a
        value sealed with a key we no longer have (raising would hide every other row)."""
        if value and value.startswith(QUICK):
            return self._open_quick(value)
        if not value or not value.startswith(SEALED):
            return value
        try:
            return self.cipher.decrypt(value[len(SEALED) :])
        except CipherError:
            return UNREADABLE

    def _open_quick(self, value: str) -> str:
        try:
            sealed_bytes = base64.urlsafe_b64decode(value[len(QUICK) :])
        except ValueError:
            return UNREADABLE
        nonce, ciphertext = sealed_bytes[:12], sealed_bytes[12:]
        for aead in self._quick:
            try:
                return aead.decrypt(nonce, ciphertext, _QUICK_CONTEXT).decode()
            except (InvalidTag, ValueError):  # another key's, altered, or cut short
                continue
        return UNREADABLE

    def reseal(self, value: str) -> str:
        """A sealed value under the first key (raises :class:`CipherError`); see :meth:`Cipher.rotate`."""
        return SEALED + self.cipher.rotate(value[len(SEALED) :])


def sealed(value: str | None) -> bool:
    return bool(value) and value.startswith(SEALED)  # type: ignore[union-attr]


def _quick_key(key: str) -> bytes:
    """The AES-256 key :meth:`Sealer.seal_quick` uses for a configured Fernet key: derived,
    so the same secret never serves two ciphers."""
    return hashlib.sha256(b"responder-quick-seal-key:" + key.encode()).digest()


def key_id(key: str) -> str:
    """A fingerprint of a key, kept in the database to notice a missing or different key."""
    return hashlib.sha256(b"responder-key-id:" + key.encode()).hexdigest()[:16]


def new_key() -> str:
    return Fernet.generate_key().decode()
