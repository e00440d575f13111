"""Builds the running parts from :class:`Settings`: one place that knows how they connect."""

from __future__ import annotations

import ssl

import redis
from celery import Celery

from responder.config import ConfigError, Settings
from responder.divar import DivarClient
from responder.engine.reloader import RuleBook
from responder.queues import CeleryQueue, LocalQueue, Queue
from responder.state import State, connect
from responder.store import Store
from responder.worker import Responder


def make_celery(redis_url: str) -> Celery:
    app = Celery("responder", broker=redis_url or "memory://")
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,  # a worker killed mid-task leaves the message for another
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 3600},
    )
    if redis_url.startswith("rediss://") and "ssl_cert_reqs" not in redis_url:
        app.conf.broker_use_ssl = {"ssl_cert_reqs": ssl.CERT_NONE}  # Heroku's self-signed certs
    return app


def build_responder(settings: Settings, rulebook: RuleBook | None = None) -> Responder:
    if settings.embedded:
        import fakeredis  # in-process Redis: the embedded mode has no server to talk to

        redis_client = fakeredis.FakeRedis()
    else:
        redis_client = connect(settings.redis_url)
    client = None
    if not settings.dry_run:
        client = DivarClient(
            settings.divar_api_url, settings.divar_legacy_api_url, settings.divar_api_key,
            settings.divar_access_token, settings.send_timeout,
        )  # fmt: skip
    return Responder(rulebook or RuleBook(settings.rules_dir), State(redis_client), Store(settings.database_url), client)


def build_queue(settings: Settings) -> Queue:
    """The embedded in-process queue without ``REDIS_URL``; Celery on Redis with it."""
    if settings.embedded:
        return LocalQueue(build_responder(settings))
    check_redis(settings.redis_url)
    return CeleryQueue(make_celery(settings.redis_url))


def check_redis(url: str) -> None:
    """Fail at start-up, in one line, if ``REDIS_URL`` does not answer."""
    try:
        connect(url).ping()
    except redis.RedisError as exc:
        raise ConfigError(f"REDIS_URL does not answer ({type(exc).__name__}: {exc})") from None
