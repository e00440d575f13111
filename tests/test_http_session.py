"""The worker's HTTP session reads the proxy and CA-bundle environment once per host."""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import urllib3.connection

from responder.divar.session import EnvironmentOnceSession, http_session
from tests.fake_divar import FakeDivar
from tests.test_rediss import _missing


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


def test_a_reserved_connection_is_connected_before_the_request_and_used_by_it(monkeypatch: pytest.MonkeyPatch) -> None:
    connected: list[urllib3.connection.HTTPConnection] = []
    real = urllib3.connection.HTTPConnection.connect
    monkeypatch.setattr(urllib3.connection.HTTPConnection, "connect", lambda conn: connected.append(conn) or real(conn))
    session = http_session(4)
    with FakeDivar() as divar:
        request = session.prepare_request(requests.Request("GET", f"{divar.url}/v1/open-platform/users"))
        release = session.reserve(request, 5.0)
        assert len(connected) == 1 and connected[0].sock is not None  # connected, nothing sent yet
        assert divar.requests == []
        settings = session.merge_environment_settings(request.url, {}, None, None, None)
        session.send(request, timeout=5, **settings)
        release()  # used: nothing to give back
        assert len(connected) == 1 and len(divar.requests) == 1  # the request went out on it
        release = session.reserve(request, 5.0)  # the fake keeps it alive (HTTP/1.1, as Divar): the same one
        release()  # not used: back to the pool, the next request takes it
        session.send(request, timeout=5, **settings)
        assert len(connected) == 1 and len(divar.requests) == 2


def test_a_host_out_of_reach_fails_the_reservation() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/x"
    session = http_session(4)
    with pytest.raises(requests.ConnectionError):
        session.reserve(session.prepare_request(requests.Request("GET", url)), 1.0)


@pytest.fixture
def https_divar(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A keep-alive HTTPS server with a self-signed certificate for 127.0.0.1, as Divar speaks."""
    openssl = shutil.which("openssl")
    if not openssl:
        _missing("openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)  # fmt: skip

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_port}/v2/x", cert
    server.shutdown()
    server.server_close()


def test_a_reserved_https_connection_is_verified_and_kept_alive(https_divar, monkeypatch: pytest.MonkeyPatch) -> None:
    url, cert = https_divar
    connected: list[urllib3.connection.HTTPSConnection] = []
    real = urllib3.connection.HTTPSConnection.connect
    monkeypatch.setattr(urllib3.connection.HTTPSConnection, "connect", lambda conn: connected.append(conn) or real(conn))
    untrusting = http_session(4)
    with pytest.raises(requests.ConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        untrusting.reserve(untrusting.prepare_request(requests.Request("POST", url, json={})), 5.0)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    session = http_session(4)
    for n in range(3):
        request = session.prepare_request(requests.Request("POST", url, json={"n": n}))
        release = session.reserve(request, 5.0)
        assert isinstance(connected[-1].sock, ssl.SSLSocket)  # the handshake is done before the request
        response = session.send(request, timeout=5, **session.merge_environment_settings(url, {}, None, None, None))
        release()
        assert response.status_code == 200
    assert len(connected) == 2  # the refused one, then one kept alive for all three


def test_a_request_is_prepared_as_requests_prepares_it(proxied: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The same method, URL, headers, body and auth as requests' own preparation; the
    ``.netrc`` is read once per host (environment, like the proxies); a session with
    cookies takes requests' own path."""
    (tmp_path / ".netrc").write_text("machine finder.example login me password secret\n")
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))
    plain, once = requests.Session(), EnvironmentOnceSession()
    reads: list[str] = []
    real = requests.sessions.get_netrc_auth
    monkeypatch.setattr("responder.divar.session.get_netrc_auth", lambda url: reads.append(url) or real(url))
    for url, headers in (("https://api.divar.ir/v2/open-platform/conversations/c%2F1/messages", {"x-api-key": "k", "Authorization": "Bearer t"}),
                         ("https://finder.example/v1/post/p", {"x-api-key": "k", "User-Agent": None}),
                         ("https://api.divar.ir/v1/x?a=1", {"Accept": "text/plain"})):  # fmt: skip
        request = requests.Request("POST", url, headers=headers, json={"type": "TEXT", "message": "سلام"})
        mine, theirs = once.prepare_request(request), plain.prepare_request(request)
        assert (mine.method, mine.url, dict(mine.headers), mine.body) == (theirs.method, theirs.url, dict(theirs.headers), theirs.body)
        assert mine.hooks == theirs.hooks and mine._cookies is not None and "Cookie" not in mine.headers
    assert "Basic " in once.prepare_request(requests.Request("GET", "https://finder.example/v1/y")).headers["Authorization"]
    assert reads == ["https://api.divar.ir/v2/open-platform/conversations/c%2F1/messages", "https://finder.example/v1/post/p"]
    once.cookies.set("session", "s1")
    assert once.prepare_request(requests.Request("GET", "https://api.divar.ir/v1/z")).headers["Cookie"] == "session=s1"
