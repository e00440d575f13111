"""The worker's HTTP session reads the proxy and CA-bundle environment once per host."""

from __future__ import annotations

import pytest
import requests

from responder.divar.session import EnvironmentOnceSession, http_session


@pytest.fixture
def proxied(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "oauth.example")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ca.pem")


def test_the_same_settings_as_requests_reads_from_the_environment(proxied: None) -> None:
    plain, once = requests.Session(), EnvironmentOnceSession()
    for url in ("https://api.divar.ir/v1/x", "https://oauth.example/token", "http://127.0.0.1:8000/v2/y"):
        assert once.merge_environment_settings(url, {}, None, None, None) == \
            plain.merge_environment_settings(url, {}, None, None, None)  # fmt: skip
    settings = once.merge_environment_settings("https://api.divar.ir/a", {}, None, None, None)
    assert settings["proxies"]["https"] == "http://proxy.example:3128" and settings["verify"] == "/etc/ca.pem"
    assert "https" not in once.merge_environment_settings("https://oauth.example/t", {}, None, None, None)["proxies"]


def test_the_environment_is_read_once_per_host(proxied: None, monkeypatch: pytest.MonkeyPatch) -> None:
    session = http_session(4)
    first = session.merge_environment_settings("https://api.divar.ir/a", {}, None, None, None)
    first["proxies"]["extra"] = "changed by a caller"  # each request gets its own copy
    monkeypatch.setenv("HTTPS_PROXY", "http://other:1")
    again = session.merge_environment_settings("https://api.divar.ir/b", {}, None, None, None)
    assert again["proxies"]["https"] == "http://proxy.example:3128" and "extra" not in again["proxies"]
    other_host = session.merge_environment_settings("https://finder.divar.ir/b", {}, None, None, None)
    assert other_host["proxies"]["https"] == "http://other:1"


def test_a_callers_own_settings_take_requests_own_path(proxied: None) -> None:
    session = EnvironmentOnceSession()
    settings = session.merge_environment_settings("https://api.divar.ir/a", {"https": "http://mine:1"}, None, False, None)
    assert settings["proxies"]["https"] == "http://mine:1" and settings["verify"] is False
    assert session._environment == {}
