"""Connecting a post: OAuth consent, token storage, and registering where messages go.

Used by the web flow (``/oauth/start`` → Divar → ``/oauth/callback``) and by the
operators' ``responder subscribe``.  Identification keys are generated here, shown once,
and stored only as a SHA-256 hash.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from flask import Blueprint, redirect, render_template_string, request
from flask.typing import ResponseReturnValue

from responder.divar import OAuthClient, OAuthError, post_scopes
from responder.tokens import TokenUnavailable, key_hash
from responder.wiring import Services

log = logging.getLogger(__name__)

STATE_TTL = 600  # seconds a seller has to finish Divar's consent screen


class OnboardingError(Exception):
    """Something the seller or operator must fix; the message says what, in plain words."""


@dataclass(frozen=True)
class Subscription:
    post_token: str
    via: str  # legacy | events
    endpoint: str
    identification_key: str | None  # legacy only; shown once, stored hashed


class Onboarding:
    def __init__(self, services: Services) -> None:
        self.services = services

    def start(self, post_token: str) -> str:
        """The Divar consent URL for the post, with a random single-use ``state``."""
        oauth = self._oauth()
        state = secrets.token_urlsafe(24)
        self.services.state.put_once(f"oauth:{state}", post_token, STATE_TTL)
        return oauth.authorize_url(post_scopes(post_token), state)

    def finish(self, state: str, code: str | None) -> Subscription:
        post_token = self.services.state.take_once(f"oauth:{state}") if state else None
        if post_token is None:
            raise OnboardingError("این لینک منقضی شده یا قبلاً استفاده شده است؛ لطفاً دوباره از ابتدا شروع کنید.")
        if not code:
            raise OnboardingError("اجازه‌ی دسترسی در دیوار داده نشد؛ بدون آن نمی‌توانیم به پیام‌ها پاسخ دهیم.")
        try:
            pair = self._oauth().exchange_code(code)
        except OAuthError as exc:
            log.error("post %s: exchanging the OAuth code failed: %s", post_token, exc)
            raise OnboardingError("دیوار کد دسترسی را نپذیرفت؛ لطفاً دوباره تلاش کنید.") from None
        self.services.tokens.save(post_token, pair)
        return self.subscribe(post_token, events=False)

    def subscribe(self, post_token: str, events: bool, key: str | None = None, endpoint: str | None = None) -> Subscription:
        """Register the post's messages with Divar (legacy stream, or the events API)."""
        divar = self.services.divar
        if divar is None:
            raise OnboardingError("DIVAR_API_KEY is not set: registering a post needs the app's API key")
        try:
            token = self.services.tokens.token_for(post_token)
        except TokenUnavailable as exc:
            raise OnboardingError(f"no usable access token for post {post_token}: {exc}") from None
        if events:
            result = divar.subscribe_events(post_token, token)
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
        log.info("post %s subscribed via %s", post_token, subscription.via)
        return subscription

    def _oauth(self) -> OAuthClient:
        if self.services.oauth is None or not self.services.settings.oauth_enabled:
            raise OnboardingError("OAuth is not configured: set DIVAR_APP_SLUG, DIVAR_CLIENT_SECRET, PUBLIC_URL and TOKEN_ENCRYPTION_KEY")
        return self.services.oauth


PAGE = """<!doctype html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>پاسخ‌گوی خودکار دیوار</title>
<style>body{font-family:Tahoma,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.9}
.ok{color:#1b6e20}.bad{color:#b3261e}code{direction:ltr;display:inline-block}</style></head>
<body><h1 class="{{ 'ok' if ok else 'bad' }}">{{ title }}</h1>
{% for line in lines %}<p>{{ line }}</p>{% endfor %}</body></html>"""


def blueprint(onboarding: Onboarding) -> Blueprint:
    routes = Blueprint("oauth", __name__)

    def page(status: int, ok: bool, title: str, *lines: str) -> tuple[str, int]:
        return render_template_string(PAGE, ok=ok, title=title, lines=lines), status

    @routes.get("/oauth/start")
    def start() -> ResponseReturnValue:
        post_token = (request.args.get("post") or "").strip()
        if not post_token or len(post_token) > 100:
            return page(400, False, "توکن آگهی مشخص نیست", "آدرس را به شکل /oauth/start?post=توکن‌آگهی باز کنید.")
        try:
            return redirect(onboarding.start(post_token), code=302)
        except OnboardingError as exc:
            return page(503, False, "اتصال فعلاً ممکن نیست", str(exc))

    @routes.get("/oauth/callback")
    def callback() -> tuple[str, int]:
        try:
            done = onboarding.finish(request.args.get("state", ""), request.args.get("code"))
        except OnboardingError as exc:
            return page(400, False, "اتصال انجام نشد", str(exc))
        return page(
            200, True, "آگهی شما وصل شد ✅",
            f"آگهی {done.post_token} به پاسخ‌گوی خودکار وصل شد و دسترسی‌ها ذخیره شد.",
            "یک قدم مانده: در پنل کنار دیوار یک تیکت ثبت کنید و فعال‌سازی نهایی دریافت پیام‌های این آگهی را درخواست کنید.",
            "پس از فعال‌سازی، پاسخ‌ها به‌طور خودکار برای خریداران فرستاده می‌شود.",
        )  # fmt: skip

    return routes
