"""The HTTP session the worker sends through: keep-alive, and the environment read once.

requests looks up the proxy variables (``HTTPS_PROXY``, ``NO_PROXY`` …) and the CA-bundle
variables in ``os.environ`` on every request: about 0.3 ms of CPU per send, walking the
whole environment, which was a tenth of a worker's cost per message (``bench/README.md``).
The environment of a running process does not change, so :class:`EnvironmentOnceSession`
asks requests once per scheme and host and reuses the answer: the same proxies and CA
bundle, read at the first request to each host instead of at every one.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests
import requests.adapters

MAX_ORIGINS = 64  # Divar's API, its legacy API, OAuth: a handful; bounded all the same


class EnvironmentOnceSession(requests.Session):
    """A :class:`requests.Session` whose environment settings are worked out once per origin."""

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[str, str], dict[str, Any]] = {}

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


def http_session(connections: int) -> requests.Session:
    """A keep-alive session holding as many connections per host as sends run at once
    (requests keeps 10 by default and closes the rest after each use)."""
    session = EnvironmentOnceSession()
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=connections)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
