"""Encryption at rest with ``TOKEN_ENCRYPTION_KEY``: sellers' tokens and the chat text we keep.

One key, Fernet (AES-128-CBC + HMAC-SHA256, from the ``cryptography`` package), for both:
an operator has one secret to guard and back up.  :class:`Cipher` is the plain codec (the
token store uses it); :class:`Sealer` marks what it writes with :data:`SEALED`, so the
database upgrade can tell old plain text from ciphertext without trying keys, and reads
with older keys too while a database moves from a generated key to the configured one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

SEALED = "fernet:"  # prefix of every sealed column value
UNREADABLE = "[unreadable: encrypted with another TOKEN_ENCRYPTION_KEY]"


class CipherError(Exception):
    """A stored value does not decrypt with the keys we have."""


class Cipher:
    """Fernet with one key (``TOKEN_ENCRYPTION_KEY``, validated by ``Settings.from_env``)."""

    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key.encode())

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise CipherError("cannot be decrypted with TOKEN_ENCRYPTION_KEY") from None


class Sealer:
    """Column values: ``fernet:<token>`` written with the first key, read with any of them.

    Empty strings and None are stored as they are (nothing to hide), so a purged row's
    text stays an honest ``''``.
    """

    def __init__(self, keys: Sequence[str]) -> None:
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def seal(self, value: str | None) -> str | None:
        if not value:
            return value
        return SEALED + self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        """The plain value; an unsealed (pre-upgrade) value as it is; :data:`UNREADABLE` for a
        value sealed with a key we no longer have (raising would hide every other row)."""
        if not value or not value.startswith(SEALED):
            return value
        try:
            return self._fernet.decrypt(value[len(SEALED) :].encode()).decode()
        except InvalidToken:
            return UNREADABLE

    def reseal(self, value: str) -> str:
        """A sealed value re-encrypted with the first key (raises :class:`CipherError`)."""
        try:
            return SEALED + self._fernet.rotate(value[len(SEALED) :].encode()).decode()
        except InvalidToken:
            raise CipherError("cannot be decrypted with the keys given") from None


def sealed(value: str | None) -> bool:
    return bool(value) and value.startswith(SEALED)  # type: ignore[union-attr]


def key_id(key: str) -> str:
    """A fingerprint of a key, kept in the database to notice a missing or different key."""
    return hashlib.sha256(b"responder-key-id:" + key.encode()).hexdigest()[:16]


def new_key() -> str:
    return Fernet.generate_key().decode()
