"""The seller's console at ``/logs``: conversations, search, today, retry, pause, playground.

Phone-first, Persian, right to left, drawn on the server (templates in ``templates/``,
one stylesheet and one small script in ``static/``; nothing from another site, so it
works offline).  This module wires it into the Flask app: the login and its session,
CSRF on every change, the security headers of every HTML page (the OAuth pages and error
pages included), and the Persian error pages.  Off without ``LOG_PASSWORD``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Blueprint, Flask, Response, abort, current_app, redirect, render_template, request, session, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from flask.typing import ResponseReturnValue

from responder.console import auth, persian
from responder.divar.subscriptions import grant_of
from responder.engine import Engine
from responder.engine.reloader import RuleBook, RuleCheck, RuleError, shared_check
from responder.queues import Queue
from responder.wiring import Services

LIVE_POLL_MS = 5000  # how often an open page asks /logs/live for a new row (app.config["CONSOLE_LIVE_POLL_MS"]: tests wait less)

ERRORS = {
    400: ("درخواست نادرست", "این درخواست را نمی‌توانیم بخوانیم."),
    401: ("باید وارد شوید", "برای دیدن این صفحه اول با رمز وارد شوید."),
    403: ("اجازه ندارید", "این کار از این صفحه مجاز نیست. صفحه را دوباره باز کنید و از نو امتحان کنید."),
    404: ("صفحه پیدا نشد", "نشانی این صفحه درست نیست یا این مورد دیگر وجود ندارد."),
    405: ("این کار ممکن نیست", "این نشانی این نوع درخواست را نمی‌پذیرد."),
    429: ("کمی صبر کنید", "تعداد تلاش‌ها زیاد بود؛ کمی بعد دوباره امتحان کنید."),
    500: ("خطای داخلی", "مشکلی پیش آمد و ثبت شد. لطفاً کمی بعد دوباره امتحان کنید."),
}


@dataclass
class Console:
    """What the console's routes share: the services, the queue and the rule files."""

    services: Services
    queue: Queue
    password: str
    rule_check: RuleCheck
    guard: auth.LoginGuard
    _book: RuleBook | None = None

    def engine(self) -> Engine | None:
        """The workers' rules, hot-reloaded; None while the files have never loaded."""
        if self._book is None:
            try:
                self._book = RuleBook(self.services.settings.rules_dir)
            except RuleError:
                return None  # the pages say so, from rule_check
        return self._book.engine()


def register(app: Flask, services: Services, queue: Queue) -> None:
    """Add the console, the HTML headers and the Persian templates' helpers to ``app``."""
    settings = services.settings
    bp = Blueprint("console", __name__, url_prefix="/logs", template_folder="templates",
                   static_folder="static", static_url_path="/static")  # fmt: skip
    console = Console(services, queue, settings.log_password, shared_check(settings.rules_dir), auth.LoginGuard(services.state.redis))
    if settings.log_password:
        app.secret_key = auth.session_key(settings.log_password, services.store.secret("console-session"))
        app.config.update(
            SESSION_COOKIE_NAME="responder_console", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
            SESSION_COOKIE_SECURE=settings.public_url.startswith("https://"),  # served behind HTTPS
            PERMANENT_SESSION_LIFETIME=timedelta(hours=auth.SESSION_HOURS),
        )  # fmt: skip
    app.config.setdefault("CONSOLE_LIVE_POLL_MS", LIVE_POLL_MS)
    app.jinja_env.globals.update(fa=persian, csrf_token=_csrf_token, reconnect=_reconnect, oauth_enabled=settings.oauth_enabled,
                                 is_grant=lambda connection: grant_of(connection) is not None)  # fmt: skip
    app.jinja_env.filters.update(fa=persian.persian_digits, num=persian.number, when=persian.when)
    bp.before_request(lambda: _guard(console))
    _auth_routes(bp, console)
    from responder.console import actions, pages

    pages.routes(bp, console)
    actions.routes(bp, console)
    app.register_blueprint(bp)
    app.after_request(_headers)


def _headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        for name, value in auth.HTML_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _reconnect(connection: str) -> str:
    """The consent link that renews a post's (or an all-posts grant's) access."""
    if grant_of(connection) is not None:
        return url_for("oauth.start", posts="all")
    return url_for("oauth.start", post=connection)


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = auth.new_token()
    return str(session["csrf"])


def _guard(console: Console) -> ResponseReturnValue | None:
    """Before every console request: off without a password, login first, CSRF on POSTs."""
    if request.endpoint == "console.static":
        return None
    if not console.password:
        # 404, not 403: a service without a console does not advertise that one could be there.
        return render_template("off.html"), 404
    if request.method == "POST":
        given = request.form.get("csrf", "")
        if not given or not auth.password_ok(given, str(session.get("csrf", ""))):
            return error_page(403)
    if request.endpoint != "console.login" and not session.get("in"):
        if request.endpoint == "console.live":
            abort(401)
        return redirect(url_for("console.login", next=request.full_path if request.args else request.path))
    return None


def _auth_routes(bp: Blueprint, console: Console) -> None:
    @bp.route("/login", methods=["GET", "POST"])
    def login() -> ResponseReturnValue:
        target = request.values.get("next", "")
        if not target.startswith("/logs") or target.startswith("//"):
            target = url_for("console.conversations")
        problem, status = "", 200
        if request.method == "POST":
            address = request.remote_addr or "?"
            wait = console.guard.wait(address, known_device=_known_device())
            if wait:
                minutes = persian.number(max(1, round(wait / 60)))
                problem, status = f"تلاش‌های نادرست زیاد بود؛ {minutes} دقیقه‌ی دیگر دوباره امتحان کنید.", 429
            elif auth.password_ok(request.form.get("password", ""), console.password):
                console.guard.succeeded(address)
                session.clear()
                session.permanent = True
                session["in"] = True
                response = redirect(target)
                response.set_cookie(DEVICE_COOKIE, _devices().dumps("seller"), max_age=DEVICE_DAYS * 86400, httponly=True,
                                    samesite="Lax", secure=console.services.settings.public_url.startswith("https://"))  # fmt: skip
                return response
            else:
                console.guard.failed(address)
                problem, status = "رمز درست نیست.", 401
        return render_template("login.html", problem=problem, next=target), status

    @bp.post("/logout")
    def logout() -> ResponseReturnValue:
        session.clear()
        return redirect(url_for("console.login"))


DEVICE_COOKIE, DEVICE_DAYS = "responder_device", 365


def _devices() -> URLSafeSerializer:
    """Signs the cookie that marks a browser that has logged in (same key as the session)."""
    return URLSafeSerializer(current_app.secret_key, salt="responder console device")


def _known_device() -> bool:
    try:
        return _devices().loads(request.cookies.get(DEVICE_COOKIE, "")) == "seller"
    except BadSignature:
        return False


def error_page(code: int, detail: str = "") -> tuple[str, int]:
    """A Persian error page (used for every HTML path; ``/webhook`` keeps its JSON)."""
    title, text = ERRORS.get(code, ERRORS[500] if code >= 500 else ERRORS[400])
    return render_template("error.html", code=code, title=title, text=detail or text), code


def wants_page() -> bool:
    """Does this request get a Persian HTML error page, not JSON?

    The console's and OAuth's pages always do; other paths when a browser asks (its
    ``Accept`` names HTML).  ``/webhook`` and ``/healthz`` answer machines: JSON.
    """
    path = request.path
    if path.startswith(("/webhook", "/healthz")):
        return False
    return path.startswith(("/logs", "/oauth")) or "text/html" in request.headers.get("Accept", "")
