"""What a connection subscribes to on the events API, the same at connect time and after each refresh.

A subscription lives as long as the token that made it (``docs/events/ReadMe.md``), so
this runs again after every refresh.  A connection is one post (key = its token) or a
seller's all-posts grant (key ``all:<grant id>``):

* ``NEW_MESSAGE_ON_POST`` with ``event_resource_id`` = the post, or without it for all the
  seller's posts (scope ``CHAT_SUPPLIER_ALL_CONVERSATIONS_READ``); the metadata names the
  grant, and Divar echoes it in every message, so the worker knows whose token answers.
* ``POST_UPDATE`` for the post (or ``""``: all the seller's posts, ``docs/events/post.md``)
  when the token has ``USER_POSTS_GET``: retired posts stop, edited posts' facts refresh.
* ``USER_ACCESS_REVOCATION`` needs no subscription, only the scopes
  ``NOTIFICATION_ACCESS_REVOCATION`` and ``USER_ID`` on the token (``docs/events/auth.md``;
  the OpenAPI enum of subscribable events has only the two above).
"""

from __future__ import annotations

import logging

from responder.divar.client import DivarClient, SendResult

log = logging.getLogger(__name__)

ALL_POSTS = "all:"  # connection key prefix of a seller's all-posts grant


def grant_of(key: str) -> str | None:
    """The grant id of an all-posts connection key, None for a post's own connection."""
    return key[len(ALL_POSTS) :] if key.startswith(ALL_POSTS) else None


def subscribe_connection(client: DivarClient, key: str, access_token: str, scope: str | None, lifecycle: tuple[str, ...]) -> SendResult:
    """Subscribe the connection's messages (the result returned) and, where granted, its post updates.

    ``scope`` is what Divar granted (None when unknown: then ``POST_UPDATE`` is tried if
    ``USER_POSTS_GET`` is among the ``lifecycle`` scopes the app asks for, and a refusal is only logged).
    """
    grant = grant_of(key)
    if grant is not None:
        result = client.subscribe("NEW_MESSAGE_ON_POST", access_token, None, {"grant": grant})
    else:
        result = client.subscribe("NEW_MESSAGE_ON_POST", access_token, key, {"post_token": key})
    granted = scope.split() if scope is not None else list(lifecycle)
    if result.ok and "USER_POSTS_GET" in granted and "USER_POSTS_GET" in lifecycle:
        updates = client.subscribe("POST_UPDATE", access_token, "" if grant is not None else key, {"grant": grant} if grant else None)
        if not updates.ok:
            log.warning("%s: POST_UPDATE subscription refused (%s %s); retired posts will not stop on their own",
                        key, updates.outcome, updates.detail)  # fmt: skip
    return result
