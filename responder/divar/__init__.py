"""Everything that speaks Divar: the HTTP client, OAuth, and the post facts it reads."""

from responder.config import LIFECYCLE_SCOPES
from responder.divar.client import DAILY_QUOTA, DivarClient, SendResult, classify, is_daily_quota
from responder.divar.oauth import (
    ALL_POSTS_SCOPES, OAuthClient, OAuthError, TokenPair, all_posts_scopes, post_scopes,
)  # fmt: skip

__all__ = [
    "ALL_POSTS_SCOPES", "DAILY_QUOTA", "LIFECYCLE_SCOPES", "DivarClient", "OAuthClient", "OAuthError", "SendResult",
    "TokenPair", "all_posts_scopes", "classify", "is_daily_quota", "post_scopes",
]  # fmt: skip
