"""Every setting, read once from the environment and checked at start-up.

The one place settings are defined; the README's configuration table mirrors it.  Settings
of the rules themselves (``max_replies_per_hour``, ``example_threshold``, ``intent_gate``: the
agreement gate on/off or its threshold, ``intent_route``: routing by the classifier, on at 0.95 unless the gate is off) are rule-file keys, read by responder.engine.loader.  A bad
value stops the process with one line naming the variable, instead of failing at the
first buyer message.

One variable is read outside :class:`Settings`, because every engine needs it, also the
commands that read no settings (``try``, ``check``, ``eval``): ``RESPONDER_CACHE_DIR``, where
the agreement gate's fitted weights are cached (default ``$XDG_CACHE_HOME/responder``, else
``~/.cache/responder``; read by :func:`responder.engine.gate_fit.cache_dir`). A directory that
cannot be written is no error: each process start then fits the gate again (~2 s).
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from responder.echo import ECHO_WAIT


class ConfigError(Exception):
    """A setting is missing or invalid; the message is one line for the operator."""


# OAuth scopes for a post's lifecycle (docs/events/ReadMe.md): POST_UPDATE events, and the
# USER_ACCESS_REVOCATION event with the seller's id.  Asked for where the app has them.
LIFECYCLE_SCOPES = ("USER_POSTS_GET", "NOTIFICATION_ACCESS_REVOCATION", "USER_ID")


@dataclass(frozen=True)
class Settings:
    divar_api_key: str = ""
    divar_access_token: str = ""
    identification_key: str = ""
    identification_key_generated: bool = False
    divar_api_url: str = "https://open-api.divar.ir"
    divar_legacy_api_url: str = "https://open-api.divar.ir"  # every Kenar host moved here (migrations/2025-04-27)
    stream: str = "events"  # how new connections receive messages: events | legacy (DIVAR_STREAM)
    lifecycle_scopes: tuple[str, ...] = LIFECYCLE_SCOPES
    post_facts_max_age_hours: float = 24.0
    redis_url: str = ""
    database_url: str = "sqlite:///responder.db"
    rules_dir: str = "rules"
    port: int = 8000
    host: str = "127.0.0.1"  # where `responder serve` listens: this machine only, unless told (RESPONDER_HOST, $PORT, --host)
    send_timeout: float = 10.0
    rate_limit_per_minute: int = 60
    max_attempts: int = 6
    app_slug: str = ""
    client_secret: str = ""
    oauth_url: str = "https://oauth.divar.ir"
    public_url: str = ""
    token_encryption_key: str = ""
    log_password: str = ""
    webhook_sources: tuple[str, ...] = ()  # networks allowed to POST /webhook; empty = any
    trusted_proxies: int = 0
    chat_retention_days: float = 7.0  # chat text in the reply log is cleared after this long
    worker_concurrency: int = 32  # sends at once per worker process (and in the embedded mode)
    visibility_timeout: int = 30  # seconds before Redis hands out a dead worker's messages again
    echo_wait: float = ECHO_WAIT  # seconds a cut-off send's echo is waited for before it is judged (responder.echo)
    max_backlog: int = 2000  # embedded mode: jobs waiting before the webhook answers 503

    @property
    def oauth_enabled(self) -> bool:
        """Sellers can connect posts through the web flow (``/oauth/start``)."""
        return bool(self.app_slug and self.client_secret and self.public_url and self.token_encryption_key)

    @property
    def dry_run(self) -> bool:
        """No API key: replies are rendered and logged as ``dry_run``, never sent."""
        return not self.divar_api_key

    @property
    def embedded(self) -> bool:
        """No Redis: the webhook runs the worker in-process (``responder serve``)."""
        return not self.redis_url

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str, default: str = "") -> str:
            return env.get(name, "").strip() or default

        api_key = get("DIVAR_API_KEY")
        ident = get("DIVAR_IDENTIFICATION_KEY")
        generated = False
        if not ident:
            if api_key:
                raise ConfigError(
                    "DIVAR_IDENTIFICATION_KEY is not set: with DIVAR_API_KEY set the webhook must verify "
                    "Divar's Authorization header (set it to the identification_key you registered)"
                )
            ident, generated = secrets.token_urlsafe(24), True
        encryption_key = get("TOKEN_ENCRYPTION_KEY")
        if encryption_key:
            _check_fernet_key(encryption_key)
        if api_key and not encryption_key:
            raise ConfigError(
                "TOKEN_ENCRYPTION_KEY is not set: with DIVAR_API_KEY set, buyers' messages in the reply log and "
                "sellers' tokens are encrypted with it (Divar's data rules); make one with: "
                "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
            )
        public_url = get("PUBLIC_URL")
        return cls(
            divar_api_key=api_key,
            divar_access_token=get("DIVAR_ACCESS_TOKEN"),
            identification_key=ident,
            identification_key_generated=generated,
            divar_api_url=_http_url("DIVAR_API_URL", get("DIVAR_API_URL", cls.divar_api_url)),
            divar_legacy_api_url=_http_url("DIVAR_LEGACY_API_URL", get("DIVAR_LEGACY_API_URL", get("DIVAR_API_URL", cls.divar_legacy_api_url))),
            stream=_choice("DIVAR_STREAM", get("DIVAR_STREAM", cls.stream), ("events", "legacy")),
            lifecycle_scopes=_scopes(env.get("DIVAR_LIFECYCLE_SCOPES", ",".join(cls.lifecycle_scopes))),
            post_facts_max_age_hours=_positive_float("POST_FACTS_MAX_AGE_HOURS", get("POST_FACTS_MAX_AGE_HOURS", "24")),
            redis_url=_redis_url(get("REDIS_URL")),
            database_url=_database_url(get("DATABASE_URL", cls.database_url)),
            rules_dir=_rules_dir(get("RULES_DIR", cls.rules_dir)),
            port=listen_port(get("PORT", str(cls.port))),
            host=listen_host(get("RESPONDER_HOST", "0.0.0.0" if get("PORT") else cls.host)),
            send_timeout=_positive_float("DIVAR_TIMEOUT", get("DIVAR_TIMEOUT", str(cls.send_timeout))),
            rate_limit_per_minute=_count("DIVAR_RATE_LIMIT", get("DIVAR_RATE_LIMIT", str(cls.rate_limit_per_minute))),
            max_attempts=_count("DIVAR_MAX_ATTEMPTS", get("DIVAR_MAX_ATTEMPTS", str(cls.max_attempts))) or 1,
            app_slug=get("DIVAR_APP_SLUG"),
            client_secret=get("DIVAR_CLIENT_SECRET"),
            oauth_url=_http_url("DIVAR_OAUTH_URL", get("DIVAR_OAUTH_URL", cls.oauth_url)),
            public_url=_http_url("PUBLIC_URL", public_url) if public_url else "",
            token_encryption_key=encryption_key,
            log_password=get("LOG_PASSWORD"),
            webhook_sources=_networks(get("DIVAR_SOURCE_IPS")),
            trusted_proxies=_count("TRUSTED_PROXIES", get("TRUSTED_PROXIES", "0"), zero="no proxy in front"),
            chat_retention_days=_positive_float(
                "CHAT_RETENTION_DAYS", get("CHAT_RETENTION_DAYS", "7"), "days, 3650 at most (e.g. 7, or 0.5 for 12 hours)", at_most=3650
            ),
            worker_concurrency=_at_least("WORKER_CONCURRENCY", get("WORKER_CONCURRENCY", str(cls.worker_concurrency)), 1),
            visibility_timeout=_at_least("BROKER_VISIBILITY_TIMEOUT",
                                         get("BROKER_VISIBILITY_TIMEOUT", str(cls.visibility_timeout)), 10),
            echo_wait=_positive_float("DIVAR_ECHO_WAIT", get("DIVAR_ECHO_WAIT", str(cls.echo_wait))),
            max_backlog=_at_least("MAX_BACKLOG", get("MAX_BACKLOG", str(cls.max_backlog)), 1),
        )  # fmt: skip


# Where Divar says its events come from (its Kenar documentation); DIVAR_SOURCE_IPS=divar.
DIVAR_NETWORKS = ("78.111.6.41/32", "78.111.6.42/32", "78.111.6.43/32", "31.214.250.128/27")


def _networks(value: str) -> tuple[str, ...]:
    networks: list[str] = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        if item.casefold() == "divar":
            networks.extend(DIVAR_NETWORKS)
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(
                f"DIVAR_SOURCE_IPS: {item!r} is not an IP address or network (e.g. divar, 78.111.6.41, 31.214.250.128/27)"
            ) from None
    return tuple(networks)


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value.casefold() not in allowed:
        raise ConfigError(f"{name}={value!r} must be one of: {', '.join(allowed)}")
    return value.casefold()


def _scopes(value: str) -> tuple[str, ...]:
    """The lifecycle scopes the Kenar app has (a production app gets each after a ticket)."""
    scopes = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [scope for scope in scopes if scope not in LIFECYCLE_SCOPES]
    if unknown:
        raise ConfigError(f"DIVAR_LIFECYCLE_SCOPES: {', '.join(unknown)} not among {', '.join(LIFECYCLE_SCOPES)} (empty = none)")
    return scopes


def _http_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{name}={value!r} is not an http(s) URL")
    return value.rstrip("/")


def _redis_url(value: str) -> str:
    if value and urlsplit(value).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(f"REDIS_URL={_redact(value)!r} must start with redis://, rediss:// or unix://")
    return value


def _database_url(value: str) -> str:
    # Heroku and docker images hand out postgres://; SQLAlchemy wants a driver name.
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            value = "postgresql+psycopg://" + value[len(prefix) :]
    try:
        make_url(value)
    except (ArgumentError, ValueError):
        raise ConfigError(f"DATABASE_URL={_redact(value)!r} is not a database URL (e.g. sqlite:///responder.db)") from None
    return value


def _rules_dir(value: str) -> str:
    if not Path(value).is_dir():
        raise ConfigError(f"RULES_DIR={value!r} is not a directory (run from the project folder, or set RULES_DIR)")
    return value


def listen_port(value: str, name: str = "PORT") -> int:
    """A TCP port to listen on, from $PORT or ``serve --port``."""
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ConfigError(f"{name}={value!r} is not a port number (1 to 65535)")
    return int(value)


def listen_host(value: str, name: str = "RESPONDER_HOST") -> str:
    """An address to listen on. Without RESPONDER_HOST, `responder serve` on a laptop listens on
    127.0.0.1 (a dry run's webhook and console are for this machine); a platform that gives $PORT
    (Heroku-style) routes to the container from outside, so there it listens on every address."""
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        pass
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?", value):
        raise ConfigError(f"{name}={value!r} is not an address to listen on (127.0.0.1, 0.0.0.0, :: or a host name)")
    return value


def _positive_float(name: str, value: str, unit: str = "seconds", at_most: float = math.inf) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1
    if not (0 < number < math.inf and number <= at_most):
        raise ConfigError(f"{name}={value!r} must be a positive number of {unit}")
    return number


def _count(name: str, value: str, zero: str = "no limit") -> int:
    if not value.isdigit():
        raise ConfigError(f"{name}={value!r} must be a whole number (0 = {zero})")
    return int(value)


def _at_least(name: str, value: str, minimum: int) -> int:
    if not value.isdigit() or int(value) < minimum:
        raise ConfigError(f"{name}={value!r} must be a whole number, at least {minimum}")
    return int(value)


def _check_fernet_key(value: str) -> None:
    """Each comma-separated key must be a Fernet key; the error names its position, never
    the key (start-up lines end up in logs)."""
    from cryptography.fernet import Fernet

    keys = [key.strip() for key in value.split(",")]
    for position, key in enumerate(keys, 1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            which = f"key {position} of {len(keys)} in TOKEN_ENCRYPTION_KEY" if len(keys) > 1 else "TOKEN_ENCRYPTION_KEY"
            raise ConfigError(
                f"{which} is not a valid Fernet key (several keys are separated by commas, the new one first); "
                "make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
            ) from None


def _redact(url: str) -> str:
    """A URL without its password, safe to print, even when the URL is malformed."""
    return re.sub(r":[^:@/]*@", ":***@", url)
