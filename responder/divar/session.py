"""The HTTP session the worker sends through: keep-alive, the environment read once, and a
connection checked out before the send is recorded as under way.

requests looks up the proxy variables (``HTTPS_PROXY``, ``NO_PROXY`` …) and the CA-bundle
variables in ``os.environ`` on every request: about 0.3 ms of CPU per send, walking the
whole environment, which was a tenth of a worker's cost per message (``bench/README.md``).
The environment of a running process does not change, so :class:`EnvironmentOnceSession`
asks requests once per scheme and host and reuses the answer: the same proxies and CA
bundle, read at the first request to each host instead of at every one.  Preparing a
request likewise re-merged the session's (empty) cookies, parameters and auth and looked
for a ``~/.netrc`` each time (~40 % of building a send): :meth:`EnvironmentOnceSession.prepare_request`
does requests' own steps without them, and the ``.netrc`` lookup once per host.

A send is recorded as under way just before it goes out (``responder.worker``), and a send
cut off by a dead worker is never sent again.  So the window must hold the request and
nothing else: :meth:`EnvironmentOnceSession.reserve` takes a connection from the pool and
connects it (TCP, TLS) *before* the record is written; the send then goes out on it.  In
the load bench, connecting was three quarters of that window (``bench/README.md``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests
import requests.adapters
import urllib3.exceptions
from requests.cookies import RequestsCookieJar
from requests.sessions import merge_hooks
from requests.structures import CaseInsensitiveDict
from requests.utils import get_netrc_auth, select_proxy
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

MAX_ORIGINS = 64  # Divar's API, its legacy API, OAuth: a handful; bounded all the same


class EnvironmentOnceSession(requests.Session):
    """A :class:`requests.Session` whose environment settings are worked out once per origin."""

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[str, str], dict[str, Any]] = {}
        self._netrc: dict[tuple[str, str], Any] = {}

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        """requests' preparation, the same request, minus the merging that cannot change it.

        Our requests carry headers and a JSON body, and the session holds no cookies, auth
        or parameters: then merging them yields nothing, and the ``.netrc`` (environment,
        read once per host like the proxies) gives what it gave before.  Anything else
        takes requests' own path.
        """
        if (self.cookies or self.auth or self.params or not self.trust_env or request.cookies or request.auth
                or request.params or request.files or request.data or not request.method or not request.url):  # fmt: skip
            return super().prepare_request(request)
        url = str(request.url)
        headers = CaseInsensitiveDict(self.headers)
        headers.update(request.headers or {})
        prepared = requests.PreparedRequest()
        prepared.prepare_method(request.method.upper())
        prepared.prepare_url(url, None)
        prepared.prepare_headers({name: value for name, value in headers.items() if value is not None})
        prepared._cookies = RequestsCookieJar()  # no Cookie header: the session has none (redirects read the jar)
        prepared.prepare_body(None, None, request.json)
        prepared.prepare_auth(self._netrc_auth(url), url)
        prepared.prepare_hooks(merge_hooks(request.hooks, self.hooks))
        return prepared

    def _netrc_auth(self, url: str) -> Any:
        parts = urlsplit(url)
        origin = (parts.scheme, parts.netloc)
        if origin not in self._netrc:
            auth = get_netrc_auth(url)
            if len(self._netrc) >= MAX_ORIGINS:
                return auth
            self._netrc[origin] = auth
        return self._netrc[origin]

    def merge_environment_settings(
        self, url: str, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:  # fmt: skip
        if proxies or stream is not None or verify is not None or cert is not None:
            return super().merge_environment_settings(url, proxies, stream, verify, cert)  # a caller's own settings
        parts = urlsplit(url)
        origin = (parts.scheme, parts.netloc)
        settings = self._environment.get(origin)
        if settings is None:
            settings = super().merge_environment_settings(url, {}, None, None, None)
            if len(self._environment) < MAX_ORIGINS:
                self._environment[origin] = settings
        return {**settings, "proxies": dict(settings["proxies"])}  # requests may add to the dict it gets

    def reserve(self, request: requests.PreparedRequest, connect_timeout: float) -> Callable[[], None]:
        """Check out a connection for this thread's next request to ``request``'s host and
        connect it now; returns what gives it back if that request is not made.

        Raises :class:`requests.ConnectTimeout` or :class:`requests.ConnectionError` when the
        host cannot be reached (nothing was sent).  Through a proxy, or on an adapter that
        is not :func:`http_session`'s, nothing is reserved: the request connects itself.
        """
        url = request.url or ""
        settings = self.merge_environment_settings(url, {}, None, None, None)
        if select_proxy(url, settings["proxies"]):
            return nothing_reserved
        adapter = self.get_adapter(url)
        if not isinstance(adapter, ReservingAdapter):
            return nothing_reserved
        pool = adapter.get_connection_with_tls_context(request, settings["verify"], None, settings["cert"])
        if not isinstance(pool, _Reserving):
            return nothing_reserved
        adapter.cert_verify(pool, url, settings["verify"], settings["cert"])
        try:
            pool.reserve(connect_timeout)
        except urllib3.exceptions.NewConnectionError as exc:  # refused, unreachable (a ConnectTimeoutError too)
            raise requests.ConnectionError(exc, request=request) from None
        except urllib3.exceptions.ConnectTimeoutError as exc:
            raise requests.ConnectTimeout(exc, request=request) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise requests.ConnectionError(exc, request=request) from None
        return pool.unreserve


def nothing_reserved() -> None:
    """What :meth:`EnvironmentOnceSession.reserve` returns when it reserved nothing."""


class _Reserving(HTTPConnectionPool):
    """A connection pool that can hand a thread a connection it checked out earlier."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reserved = threading.local()

    def reserve(self, connect_timeout: float) -> None:
        self.unreserve()
        conn = super()._get_conn()
        if conn.is_closed:
            conn.timeout = connect_timeout
            try:
                conn.connect()
            except BaseException:
                conn.close()
                self._put_conn(conn)
                raise
        self._reserved.conn = conn

    def unreserve(self) -> None:
        conn = getattr(self._reserved, "conn", None)
        if conn is not None:
            self._reserved.conn = None
            self._put_conn(conn)

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = getattr(self._reserved, "conn", None)
        if conn is not None:
            self._reserved.conn = None
            return conn
        return super()._get_conn(timeout)


class _ReservingHTTPS(_Reserving, HTTPSConnectionPool):
    pass


class ReservingAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter on pools whose connections :meth:`EnvironmentOnceSession.reserve` can check out early."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Reserving, "https": _ReservingHTTPS}


def http_session(connections: int) -> requests.Session:
    """A keep-alive session holding as many connections per host as sends run at once
    (requests keeps 10 by default and closes the rest after each use)."""
    session = EnvironmentOnceSession()
    adapter = ReservingAdapter(pool_connections=4, pool_maxsize=connections)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
