"""``responder forget-key``: the way out when the key a database was encrypted with is lost.

A lost ``TOKEN_ENCRYPTION_KEY`` makes the chat text it sealed and the sellers' tokens
unreadable for good; the store refuses to start with another key rather than pile new
rows on top (:data:`responder.privacy.KEY_MISMATCH`).  This command accepts the loss:
with the new key set, it clears what no configured key reads, disconnects the posts
whose tokens are gone (the seller connects again) and makes the new key the database's.
Kept out of :mod:`responder.cli`, which only registers it.
"""

from __future__ import annotations

import argparse

from responder.config import ConfigError, Settings


def register(commands: argparse._SubParsersAction) -> None:
    forget = commands.add_parser(
        "forget-key", help="the old TOKEN_ENCRYPTION_KEY is lost: clear what it sealed, disconnect its posts, use the new key"
    )
    forget.add_argument("--yes", action="store_true", help="really do it (without it: only say what would happen)")
    forget.set_defaults(run=run_forget_key)


def run_forget_key(args: argparse.Namespace) -> int:
    from responder.store import Store

    settings = Settings.from_env()
    if not settings.token_encryption_key:
        raise ConfigError("TOKEN_ENCRYPTION_KEY is not set: set the new key first, then run responder forget-key --yes")
    if not args.yes:
        print("responder forget-key clears the chat text, held jobs and event details that TOKEN_ENCRYPTION_KEY cannot "
              "decrypt, disconnects the posts whose tokens it cannot decrypt (their sellers connect again), and makes "
              "its first key the database's. Nothing readable is lost. Run it again with --yes to do it.")  # fmt: skip
        return 1
    store = Store(settings.database_url, settings.token_encryption_key, forget_lost_key=True)
    cleared = store.forget_lost_key()
    print("cleared what no key in TOKEN_ENCRYPTION_KEY decrypts: " + ", ".join(f"{what}: {n}" for what, n in cleared.items()))
    if cleared["posts"]:
        print("disconnected posts show as failed:token_expired in `responder posts`: connect them again (/oauth/start)")
    return 0
