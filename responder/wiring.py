"""Builds the running parts from :class:`Settings`: one place that knows how they connect."""

from __future__ import annotations

import logging
import ssl
from datetime import timedelta
from dataclasses import dataclass

import redis
from celery import Celery

from responder.config import ConfigError, Settings
from responder.divar import DivarClient, OAuthClient, TokenPair
from responder.divar.postfacts import PostFacts
from responder.divar.session import http_session
from responder.divar.subscriptions import subscribe_connection
from responder.engine.reloader import RuleBook, say_warnings_once_with
from responder.guard import TASK_SOFT_TIME_LIMIT, TASK_TIME_LIMIT, install_bounded_json
from responder.privacy import Retention
from responder.queues import CeleryQueue, LocalQueue, Queue
from responder.state import State, connect
from responder.store import Store
from responder.tokens import Cipher, TokenManager
from responder.trim import start_trimming
from responder.worker import Responder

log = logging.getLogger(__name__)


def make_celery(redis_url: str) -> Celery:
    install_bounded_json()  # a poison body reaches the task as a marker, not the pool's pickler
    app = Celery("responder", broker=redis_url or "memory://")
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,  # a worker killed mid-task leaves the message for another
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options(Settings.visibility_timeout),
        # A runaway task is stopped: SoftTimeLimitExceeded is logged failed:time_limit, and a
        # task still running at the hard limit has its pool process killed (responder.guard).
        # Only pools with processes (prefork) enforce these: `responder worker` runs threads,
        # where a run is bounded by what it calls (render and regex limits, HTTP timeouts).
        task_soft_time_limit=TASK_SOFT_TIME_LIMIT,
        task_time_limit=TASK_TIME_LIMIT,
    )
    if redis_url:
        app.conf.broker_transport = "responder.transport:Transport"  # kombu's Redis transport, minus a lost-message gap
    if redis_url.startswith("rediss://") and "ssl_cert_reqs" not in redis_url:
        app.conf.broker_use_ssl = {"ssl_cert_reqs": ssl.CERT_NONE}  # Heroku's self-signed certs
    return app


def pool_size(settings: Settings) -> int:
    """Connections each pool keeps: one per concurrent send, plus the web's threads and the
    worker's own (retry mover, consumer).  Fewer would make sends queue for a connection;
    more would only be idle."""
    return settings.worker_concurrency + 8


def transport_options(visibility_timeout: int) -> dict[str, int]:
    """A message a dead worker never acknowledged is handed out again after
    ``visibility_timeout`` seconds (swept every 5 s).  It can be short because waiting
    retries are not in the broker (:mod:`responder.broker`), and a run that outlasts it
    keeps its message by a lease (:class:`responder.broker.RunLeases`)."""
    return {
        "visibility_timeout": visibility_timeout, "unacked_restore_interval": 5, "unacked_restore_throttle": 1,
        "priority_steps": [0],  # one list to take from (responder.transport); no task uses priorities
    }  # fmt: skip


def configure_worker(app: Celery, settings: Settings, concurrency: int | None = None) -> list[str]:
    """Worker-side settings, and the ``celery worker`` arguments to start it with.

    Sends wait on Divar, not the CPU, so threads overlap them (bench/README.md measures
    threads against prefork).  A warm shutdown (SIGTERM) lets running tasks finish and
    returns the reserved ones to the queue.

    No remote control, gossip, mingle or heartbeat events: nothing here uses ``celery
    inspect`` or watches workers through events, and each keeps a subscription the event
    loop polls on every turn (bench/README.md, "Celery's side of a message")."""
    app.conf.update(
        worker_pool="threads", worker_concurrency=concurrency or settings.worker_concurrency,
        broker_transport_options=transport_options(settings.visibility_timeout),
        worker_enable_remote_control=False,
    )  # fmt: skip
    # Celery's "received" and "succeeded" lines, two per message, say less than the worker's
    # own outcome line and cost CPU and log volume at load; failures are still logged.
    for name in ("celery.worker.strategy", "celery.app.trace"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return ["worker", "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]


@dataclass
class Services:
    """The stateful parts one process shares: web routes, the worker and the CLI."""

    settings: Settings
    state: State
    store: Store
    divar: DivarClient | None  # None without DIVAR_API_KEY (dry run)
    oauth: OAuthClient | None  # None unless the OAuth settings are all there
    tokens: TokenManager


def build_services(settings: Settings) -> Services:
    redis_client: redis.Redis
    if settings.embedded:
        import fakeredis  # in-process Redis: the embedded mode has no server to talk to

        redis_client = fakeredis.FakeRedis()
    else:
        redis_client = connect(settings.redis_url, max_connections=pool_size(settings))
    store = Store.from_settings(settings, pool_size=pool_size(settings))
    state = State(redis_client, sealer=store.sealer)
    divar = None
    if not settings.dry_run:
        divar = DivarClient(
            settings.divar_api_url, settings.divar_legacy_api_url, settings.divar_api_key,
            settings.divar_access_token, settings.send_timeout, session=http_session(pool_size(settings)),
        )  # fmt: skip
    oauth = None
    if settings.app_slug and settings.client_secret:
        redirect = f"{settings.public_url}/oauth/callback" if settings.public_url else ""
        oauth = OAuthClient(settings.oauth_url, settings.app_slug, settings.client_secret, redirect, timeout=settings.send_timeout)
    cipher = Cipher(settings.token_encryption_key) if settings.token_encryption_key else None

    def resubscribe(key: str, pair: TokenPair) -> None:
        """A subscription lives as long as its token: subscribe again with the new one."""
        if divar is None:
            return
        result = subscribe_connection(divar, key, pair.access_token, pair.scope or None, settings.lifecycle_scopes)
        if not result.ok:
            log.error("%s: re-subscribing after the token refresh failed: %s %s", key, result.outcome, result.detail)

    tokens = TokenManager(store, state, settings.divar_access_token, cipher, oauth, resubscribe)
    return Services(settings, state, store, divar, oauth, tokens)


def build_responder(services: Services, rulebook: RuleBook | None = None) -> Responder:
    settings = services.settings
    return Responder(
        rulebook or RuleBook(settings.rules_dir, keeper=services.store), services.state, services.store, services.divar,
        services.tokens, settings.rate_limit_per_minute, settings.max_attempts,
        journal=services.store if settings.embedded else services.state,  # marks that outlive the process
        facts=PostFacts(services.store, services.divar, timedelta(hours=settings.post_facts_max_age_hours)),
        echo_wait=settings.echo_wait,
    )  # fmt: skip


def build_queue(services: Services) -> Queue:
    """The embedded in-process queue without ``REDIS_URL``; Celery on Redis with it.

    The embedded mode's worker side also clears old chat text and trims malloc's free memory
    (the Celery workers do both themselves: ``responder.tasks``)."""
    if services.settings.embedded:
        Retention(services.store.purge, services.settings.chat_retention_days).start()
        start_trimming()  # as a Celery worker does (responder.trim)
        return LocalQueue(build_responder(services), services.settings.worker_concurrency, services.settings.max_backlog)
    check_redis(services.settings.redis_url)
    return CeleryQueue(services.state.redis)


def say_rule_warnings_once(settings: Settings) -> None:
    """With Redis, the first process (the web's or a worker's) to load a set of rule files logs
    their warnings, the others one line saying so (:func:`responder.engine.reloader._log_warnings`).
    The embedded mode is one process: nothing to share."""
    if settings.embedded:
        return
    say_warnings_once_with(State(connect(settings.redis_url)).first_to_say)


def check_redis(url: str) -> None:
    """Fail at start-up, in one line, if ``REDIS_URL`` does not answer."""
    try:
        connect(url).ping()
    except redis.RedisError as exc:
        raise ConfigError(f"REDIS_URL does not answer ({type(exc).__name__}: {exc})") from None
