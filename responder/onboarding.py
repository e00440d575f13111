"""Connecting posts: OAuth consent, token storage, and registering where messages go.

Used by the web flow (``/oauth/start`` → Divar → ``/oauth/callback``) and by the
operators' ``responder subscribe``.  Two kinds of connection:

* one post (``/oauth/start?post=TOKEN``): the post's own token, subscribed on the events
  API (the default) or, with ``DIVAR_STREAM=legacy``, on the deprecated per-post stream;
* all the seller's posts (``/oauth/start?posts=all``): one consent and one token for every
  chat of every post, including posts published later, kept as the connection
  ``all:<grant id>``; events API only.

Legacy identification keys are generated here, shown once, stored only as a SHA-256 hash.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from responder.divar import OAuthClient, OAuthError, TokenPair, all_posts_scopes, post_scopes
from responder.divar.subscriptions import ALL_POSTS, grant_of, subscribe_connection
from responder.tokens import TokenUnavailable, key_hash
from responder.wiring import Services

log = logging.getLogger(__name__)

STATE_TTL = 600  # seconds a seller has to finish Divar's consent screen


class OnboardingError(Exception):
    """Something the seller or operator must fix; the message says what, in plain words.

    ``post_token`` is set when the post (or ``ALL_POSTS``) is known, so the page can offer
    to start again.
    """

    def __init__(self, message: str, post_token: str | None = None) -> None:
        super().__init__(message)
        self.post_token = post_token


@dataclass(frozen=True)
class Subscription:
    post_token: str  # the connection: a post token, or all:<grant id> for all the seller's posts
    via: str  # legacy | events
    endpoint: str
    identification_key: str | None  # legacy only; shown once, stored hashed

    @property
    def all_posts(self) -> bool:
        return grant_of(self.post_token) is not None


class Onboarding:
    def __init__(self, services: Services) -> None:
        self.services = services

    def start(self, post_token: str | None) -> str:
        """The Divar consent URL for one post (or, with None, all the seller's posts), with a
        random single-use ``state``."""
        oauth = self._oauth()
        state = secrets.token_urlsafe(24)
        self.services.state.put_once(f"oauth:{state}", post_token or ALL_POSTS, STATE_TTL)
        lifecycle = self.services.settings.lifecycle_scopes
        scopes = post_scopes(post_token, lifecycle) if post_token else all_posts_scopes(lifecycle)
        return oauth.authorize_url(scopes, state)

    def finish(self, state: str, code: str | None) -> Subscription:
        wanted = self.services.state.take_once(f"oauth:{state}") if state else None
        if wanted is None:
            raise OnboardingError("این لینک منقضی شده یا قبلاً استفاده شده است؛ لطفاً دوباره از ابتدا شروع کنید.")
        if not code:
            raise OnboardingError("اجازه‌ی دسترسی در دیوار داده نشد؛ بدون آن نمی‌توانیم به پیام‌ها پاسخ دهیم.", wanted)
        try:
            pair = self._oauth().exchange_code(code)
        except OAuthError as exc:
            log.error("%s: exchanging the OAuth code failed: %s", wanted, exc)
            raise OnboardingError("دیوار کد دسترسی را نپذیرفت؛ لطفاً دوباره تلاش کنید.", wanted) from None
        all_posts = wanted == ALL_POSTS
        seller = self._seller(pair)
        key = self._grant_key(seller.get("seller_id")) if all_posts else wanted
        events = all_posts or self.services.settings.stream == "events"
        self.services.tokens.save(key, pair, via="events" if events else "legacy", **seller)
        return self.subscribe(key, events=events, scope=pair.scope)

    def _grant_key(self, seller_id: str | None) -> str:
        """The seller's existing all-posts connection (consenting again renews it), else a new one."""
        for key in self.services.store.posts_of_seller(seller_id) if seller_id else []:
            if grant_of(key) is not None:
                return key
        return f"{ALL_POSTS}{secrets.token_hex(8)}"

    def _seller(self, pair: TokenPair) -> dict[str, str]:
        """The seller's Divar id (``GET /v1/open-platform/users``, scope USER_ID), so a
        ``USER_ACCESS_REVOCATION`` finds this connection; {} when not granted or not answered."""
        divar = self.services.divar
        if divar is None or not pair.has_scope("USER_ID"):
            return {}
        result = divar.get_user(pair.access_token)
        user = result.body.get("user_id") if result.ok and isinstance(result.body, dict) else None
        if not user:
            log.warning("could not learn the seller's id (%s %s): a revocation will not find this connection",
                        result.outcome, result.detail)  # fmt: skip
            return {}
        return {"seller_id": str(user)}

    def subscribe(
        self, post_token: str, events: bool, key: str | None = None, endpoint: str | None = None, scope: str | None = None
    ) -> Subscription:
        """Register the connection's messages with Divar (the events API, or the legacy stream)."""
        divar = self.services.divar
        if divar is None:
            raise OnboardingError("DIVAR_API_KEY is not set: registering a post needs the app's API key")
        if grant_of(post_token) is not None and not events:
            raise OnboardingError("the all-posts grant works on the events API only")
        try:
            token = self.services.tokens.token_for(post_token)
        except TokenUnavailable as exc:
            raise OnboardingError(f"no usable access token for {post_token}: {exc}") from None
        if events:
            result = subscribe_connection(divar, post_token, token, scope, self.services.settings.lifecycle_scopes)
            subscription = Subscription(post_token, "events", "(the new events URL set in the Kenar panel)", None)
        else:
            endpoint = endpoint or (f"{self.services.settings.public_url}/webhook" if self.services.settings.public_url else "")
            if not endpoint:
                raise OnboardingError("set PUBLIC_URL (or pass --endpoint): Divar needs the webhook's public address")
            key = key or secrets.token_urlsafe(32)
            result = divar.subscribe_legacy(post_token, endpoint, key, token)
            subscription = Subscription(post_token, "legacy", endpoint, key)
        if not result.ok:
            raise OnboardingError(f"Divar refused the subscription for {post_token}: {result.outcome} {result.detail}".strip())
        values: dict[str, object] = {"via": subscription.via, "status": "active"}
        if subscription.identification_key:
            values["key_hash"] = key_hash(subscription.identification_key)
        self.services.store.save_post(post_token, **values)
        log.info("%s subscribed via %s", post_token, subscription.via)
        return subscription

    def all_posts_grants(self) -> list[str]:
        """The stored all-posts connections (``all:<grant id>``)."""
        return [p.post_token for p in self.services.store.all_posts() if grant_of(p.post_token) is not None]

    def _oauth(self) -> OAuthClient:
        if self.services.oauth is None or not self.services.settings.oauth_enabled:
            raise OnboardingError("OAuth is not configured: set DIVAR_APP_SLUG, DIVAR_CLIENT_SECRET, PUBLIC_URL and TOKEN_ENCRYPTION_KEY")
        return self.services.oauth


def blueprint(onboarding: Onboarding) -> Blueprint:
    routes = Blueprint("oauth", __name__)

    def page(status: int, ok: bool, title: str, *lines: str, again: str = "") -> tuple[str, int]:
        """The console's look (responder/console/templates/oauth.html), with a "try again" link."""
        return render_template("oauth.html", ok=ok, title=title, lines=lines, again=again), status

    def start_again(wanted: str | None) -> str:
        """Where "try again" leads: the same consent, or the console's posts when unknown."""
        if wanted == ALL_POSTS:
            return url_for("oauth.start", posts="all")
        return url_for("oauth.start", post=wanted) if wanted else url_for("console.today")

    @routes.get("/oauth/start")
    def start() -> ResponseReturnValue:
        post_token = (request.args.get("post") or "").strip()
        all_posts = (request.args.get("posts") or "").strip() == "all"
        if not all_posts and (not post_token or len(post_token) > 100 or post_token.startswith(ALL_POSTS)):
            return page(400, False, "توکن آگهی مشخص نیست",
                        "آدرس را به شکل /oauth/start?post=توکن‌آگهی باز کنید، یا /oauth/start?posts=all برای همه‌ی آگهی‌ها.")  # fmt: skip
        try:
            return redirect(onboarding.start(None if all_posts else post_token), code=302)
        except OnboardingError as exc:
            return page(503, False, "اتصال فعلاً ممکن نیست", str(exc), again=start_again(None if all_posts else post_token))

    @routes.get("/oauth/callback")
    def callback() -> tuple[str, int]:
        try:
            done = onboarding.finish(request.args.get("state", ""), request.args.get("code"))
        except OnboardingError as exc:
            return page(400, False, "اتصال انجام نشد", str(exc), again=start_again(exc.post_token))
        if done.all_posts:
            return page(
                200, True, "همه‌ی آگهی‌های شما وصل شد ✅",
                "پاسخ‌گوی خودکار به گفت‌وگوهای همه‌ی آگهی‌های شما، از جمله آگهی‌هایی که بعداً منتشر می‌کنید، پاسخ می‌دهد.",
                "کار دیگری لازم نیست؛ پیام‌های خریداران از همین حالا پاسخ داده می‌شود.",
            )  # fmt: skip
        if done.via == "events":
            return page(
                200, True, "آگهی شما وصل شد ✅",
                f"آگهی {done.post_token} به پاسخ‌گوی خودکار وصل شد و دسترسی‌ها ذخیره شد.",
                "پیام‌های خریداران این آگهی از همین حالا پاسخ داده می‌شود.",
            )  # fmt: skip
        return page(
            200, True, "آگهی شما وصل شد ✅",
            f"آگهی {done.post_token} به پاسخ‌گوی خودکار وصل شد و دسترسی‌ها ذخیره شد.",
            "یک قدم مانده: در پنل کنار دیوار یک تیکت ثبت کنید و فعال‌سازی نهایی دریافت پیام‌های این آگهی را درخواست کنید.",
            "پس از فعال‌سازی، پاسخ‌ها به‌طور خودکار برای خریداران فرستاده می‌شود.",
        )  # fmt: skip

    return routes
