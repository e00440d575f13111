"""Settings.from_env with an explicit dict environment (never os.environ)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from responder.config import ConfigError, Settings
from tests.conftest import ENCRYPTION_KEY as KEY
from tests.conftest import ROOT


@pytest.fixture
def rules(tmp_path: Path) -> str:
    folder = tmp_path / "rules"
    folder.mkdir()
    return str(folder)


def settings(rules: str, **env: str) -> Settings:
    return Settings.from_env({"RULES_DIR": rules, **env})


def config_error(rules: str, **env: str) -> str:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"RULES_DIR": rules, **env})
    message = str(caught.value)
    assert "\n" not in message  # one line for the operator
    return message


# -- defaults -----------------------------------------------------------------------------


def test_defaults(rules: str) -> None:
    s = settings(rules)
    assert s.dry_run is True
    assert s.embedded is True
    assert s.divar_api_key == ""
    assert s.divar_access_token == ""
    assert s.identification_key_generated is True
    assert len(s.identification_key) >= 24
    assert s.divar_api_url == "https://open-api.divar.ir"
    assert s.divar_legacy_api_url == "https://open-api.divar.ir"  # every Kenar host moved (migrations/2025-04-27)
    assert s.redis_url == ""
    assert s.database_url == "sqlite:///responder.db"
    assert s.rules_dir == rules
    assert s.port == 8000
    assert s.send_timeout == 10.0


def test_generated_identification_key_is_random(rules: str) -> None:
    assert settings(rules).identification_key != settings(rules).identification_key


def test_blank_values_count_as_unset(rules: str) -> None:
    s = settings(rules, DIVAR_API_KEY="   ", REDIS_URL=" ", PORT="")
    assert s.dry_run and s.embedded and s.port == 8000


def test_explicit_identification_key_without_api_key(rules: str) -> None:
    s = settings(rules, DIVAR_IDENTIFICATION_KEY="  secret-key ")
    assert s.identification_key == "secret-key"
    assert s.identification_key_generated is False
    assert s.dry_run is True


def test_live_settings(rules: str) -> None:
    s = settings(
        rules, DIVAR_API_KEY="api", DIVAR_IDENTIFICATION_KEY="ident", DIVAR_ACCESS_TOKEN="tok", TOKEN_ENCRYPTION_KEY=KEY,
        REDIS_URL="redis://localhost:6379/0", PORT="9000", DIVAR_TIMEOUT="2.5",
    )  # fmt: skip
    assert s.dry_run is False
    assert s.embedded is False
    assert (s.divar_api_key, s.identification_key, s.divar_access_token) == ("api", "ident", "tok")
    assert s.identification_key_generated is False
    assert s.port == 9000
    assert s.send_timeout == 2.5


# -- required combinations ----------------------------------------------------------------


def test_api_key_without_identification_key(rules: str) -> None:
    message = config_error(rules, DIVAR_API_KEY="api", DIVAR_ACCESS_TOKEN="tok")
    assert message.startswith("DIVAR_IDENTIFICATION_KEY")


def test_api_key_requires_the_encryption_key(rules: str) -> None:
    """Real sends mean real buyers' messages in the log: they are never kept unencrypted."""
    for access_token in ("", "tok"):
        message = config_error(rules, DIVAR_API_KEY="api", DIVAR_IDENTIFICATION_KEY="ident", DIVAR_ACCESS_TOKEN=access_token)
        assert message.startswith("TOKEN_ENCRYPTION_KEY is not set") and "Fernet.generate_key()" in message


def test_chat_retention_days(rules: str) -> None:
    assert settings(rules).chat_retention_days == 7
    assert settings(rules, CHAT_RETENTION_DAYS="0.5").chat_retention_days == 0.5
    for bad in ("0", "-1", "x", "nan", "inf", "4000"):
        assert config_error(rules, CHAT_RETENTION_DAYS=bad).startswith(f"CHAT_RETENTION_DAYS={bad!r} must be a positive number")


# -- Redis ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["redis://localhost:6379/0", "rediss://:pw@cache.example:6380/1", "unix:///tmp/redis.sock"])
def test_redis_url_accepted(rules: str, url: str) -> None:
    s = settings(rules, REDIS_URL=url)
    assert s.redis_url == url
    assert s.embedded is False


@pytest.mark.parametrize("url", ["http://localhost:6379", "localhost:6379", "amqp://guest@rabbit//"])
def test_bad_redis_url_scheme(rules: str, url: str) -> None:
    assert config_error(rules, REDIS_URL=url).startswith("REDIS_URL=")


def test_redis_password_is_redacted(rules: str) -> None:
    message = config_error(rules, REDIS_URL="http://user:s3cret-pw@cache:6379/0")
    assert "s3cret-pw" not in message
    assert "user:***@cache" in message


# -- database ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:pw@db:5432/app", "postgresql+psycopg://u:pw@db:5432/app"),
        ("postgresql://u:pw@db/app", "postgresql+psycopg://u:pw@db/app"),
        ("postgresql+psycopg://u@db/app", "postgresql+psycopg://u@db/app"),
        ("sqlite:////var/lib/responder.db", "sqlite:////var/lib/responder.db"),
    ],
)
def test_database_url(rules: str, given: str, expected: str) -> None:
    assert settings(rules, DATABASE_URL=given).database_url == expected


@pytest.mark.parametrize("url", ["not a url", "post gres://db/app"])
def test_bad_database_url(rules: str, url: str) -> None:
    assert config_error(rules, DATABASE_URL=url).startswith("DATABASE_URL=")


def test_bad_database_url_redacts_password(rules: str) -> None:
    message = config_error(rules, DATABASE_URL="//admin:s3cret-pw@db/app")
    assert "s3cret-pw" not in message
    assert "admin:***@db" in message


def test_database_url_with_bad_port_is_a_config_error(rules: str) -> None:
    assert config_error(rules, DATABASE_URL="postgres://u:pw@db:abc/app").startswith("DATABASE_URL=")


def test_malformed_database_url_without_scheme_separator_redacts_password(rules: str) -> None:
    message = config_error(rules, DATABASE_URL="postgres//admin:s3cret-pw@db/app")
    assert "s3cret-pw" not in message


# -- rules dir, port, URLs, timeout --------------------------------------------------------


def test_rules_dir_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    message = config_error(str(missing))
    assert message.startswith(f"RULES_DIR={str(missing)!r}")


def test_rules_dir_must_be_a_directory(tmp_path: Path) -> None:
    file = tmp_path / "rules.yaml"
    file.write_text("rules: []\n")
    assert config_error(str(file)).startswith("RULES_DIR=")


@pytest.mark.parametrize("port", ["0", "65536", "abc", "-1", "80.5", "8080x"])
def test_port_invalid(rules: str, port: str) -> None:
    assert config_error(rules, PORT=port) == f"PORT={port!r} is not a port number (1 to 65535)"


@pytest.mark.parametrize(("port", "expected"), [("1", 1), ("65535", 65535), (" 8080 ", 8080)])
def test_port_valid(rules: str, port: str, expected: int) -> None:
    assert settings(rules, PORT=port).port == expected


def test_url_trailing_slash_stripped(rules: str) -> None:
    s = settings(rules, DIVAR_API_URL="http://127.0.0.1:8081/", DIVAR_LEGACY_API_URL="http://fake.local/base//")
    assert s.divar_api_url == "http://127.0.0.1:8081"
    assert s.divar_legacy_api_url == "http://fake.local/base"


@pytest.mark.parametrize("url", ["ftp://divar.ir", "open-api.divar.ir", "https://"])
def test_api_url_must_be_http(rules: str, url: str) -> None:
    assert config_error(rules, DIVAR_API_URL=url).startswith("DIVAR_API_URL=")


@pytest.mark.parametrize("value", ["0", "-3", "soon"])
def test_timeout_must_be_positive(rules: str, value: str) -> None:
    assert config_error(rules, DIVAR_TIMEOUT=value).startswith("DIVAR_TIMEOUT=")


def test_timeout_nan_rejected(rules: str) -> None:
    assert config_error(rules, DIVAR_TIMEOUT="nan").startswith("DIVAR_TIMEOUT=")


# -- webhook sources ----------------------------------------------------------------------


def test_source_ips_default_to_any(rules: str) -> None:
    s = settings(rules)
    assert s.webhook_sources == () and s.trusted_proxies == 0


def test_source_ips_divar_and_own(rules: str) -> None:
    s = settings(rules, DIVAR_SOURCE_IPS=" Divar , 10.0.0.0/8,192.0.2.7 ", TRUSTED_PROXIES="1")
    assert s.webhook_sources == (
        "78.111.6.41/32", "78.111.6.42/32", "78.111.6.43/32", "31.214.250.128/27", "10.0.0.0/8", "192.0.2.7/32",
    )  # fmt: skip
    assert s.trusted_proxies == 1


@pytest.mark.parametrize("value", ["78.111.6.500", "divar.ir", "10.0.0.0/33"])
def test_bad_source_ip(rules: str, value: str) -> None:
    message = config_error(rules, DIVAR_SOURCE_IPS=value)
    assert message.startswith("DIVAR_SOURCE_IPS:") and repr(value) in message


def test_bad_trusted_proxies(rules: str) -> None:
    assert config_error(rules, TRUSTED_PROXIES="yes") == "TRUSTED_PROXIES='yes' must be a whole number (0 = no proxy in front)"


def test_docker_compose_passes_what_the_readme_puts_in_env():
    """Compose reads .env only to fill ${...} in the file: a setting not named there never
    reaches the containers (the web flow said 'OAuth is not configured')."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("**docker compose**"):].split("\n\n")[0]
    named = set(re.findall(r"`([A-Z][A-Z_]+)`", paragraph))
    assert {"DIVAR_API_KEY", "DIVAR_APP_SLUG", "PUBLIC_URL", "LOG_PASSWORD"} <= named
    for service in ("web", "worker"):
        environment = compose["services"][service]["environment"]
        missing = [name for name in sorted(named) if not re.match(rf"\$\{{{name}:[-?]", str(environment.get(name, "")))]
        assert missing == [], f"{service}: .env's {missing} would not reach the container"


def test_worker_concurrency_visibility_timeout_and_backlog(rules: str) -> None:
    settings = Settings.from_env({"RULES_DIR": rules, "WORKER_CONCURRENCY": "8", "BROKER_VISIBILITY_TIMEOUT": "20",
                                  "MAX_BACKLOG": "50"})  # fmt: skip
    assert (settings.worker_concurrency, settings.visibility_timeout, settings.max_backlog) == (8, 20, 50)
    defaults = Settings.from_env({"RULES_DIR": rules})
    assert (defaults.worker_concurrency, defaults.visibility_timeout, defaults.max_backlog) == (32, 30, 2000)


def test_echo_wait(rules: str) -> None:
    """DIVAR_ECHO_WAIT: seconds a cut-off send waits for its echo (responder.echo.ECHO_WAIT by default)."""
    assert Settings.from_env({"RULES_DIR": rules}).echo_wait == 20.0
    assert Settings.from_env({"RULES_DIR": rules, "DIVAR_ECHO_WAIT": "7"}).echo_wait == 7.0


@pytest.mark.parametrize(("name", "value"), [("WORKER_CONCURRENCY", "0"), ("WORKER_CONCURRENCY", "many"),
                                             ("BROKER_VISIBILITY_TIMEOUT", "5"), ("MAX_BACKLOG", "-1"),
                                             ("DIVAR_ECHO_WAIT", "0"), ("DIVAR_ECHO_WAIT", "soon")])  # fmt: skip
def test_bad_worker_settings_name_the_variable(rules: str, name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({"RULES_DIR": rules, name: value})


def test_docker_compose_has_no_default_for_a_secret():
    """A .env without DIVAR_IDENTIFICATION_KEY must stop `docker compose up`, not run with a
    well-known key; no other secret from .env gets a value it did not give."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    for service in ("web", "worker"):
        environment = compose["services"][service]["environment"]
        assert environment["DIVAR_IDENTIFICATION_KEY"] == "${DIVAR_IDENTIFICATION_KEY:?set DIVAR_IDENTIFICATION_KEY in .env}"
        secrets = [n for n in environment if re.search(r"KEY|SECRET|TOKEN|PASSWORD", n) and n != "DIVAR_IDENTIFICATION_KEY"]
        assert {n: environment[n] for n in secrets} == {n: f"${{{n}:-}}" for n in secrets}  # empty: off, or a dry run


def test_serve_listens_on_this_machine_unless_told_or_on_a_platform(rules: str) -> None:
    """`responder serve` on a seller's laptop listened on every address (a dry run's webhook and
    console open to the café's Wi-Fi); a platform that gives $PORT routes from outside, so there it
    listens on every address; RESPONDER_HOST says it outright."""
    assert settings(rules).host == "127.0.0.1"
    assert settings(rules, PORT="5000").host == "0.0.0.0"
    assert settings(rules, PORT="5000", RESPONDER_HOST="127.0.0.1").host == "127.0.0.1"
    assert settings(rules, RESPONDER_HOST="0.0.0.0").host == "0.0.0.0"
    assert settings(rules, RESPONDER_HOST="[::]").host == "::"
    assert settings(rules, RESPONDER_HOST="web.internal").host == "web.internal"
    assert config_error(rules, RESPONDER_HOST="0.0.0.0:80") == (
        "RESPONDER_HOST='0.0.0.0:80' is not an address to listen on (127.0.0.1, 0.0.0.0, :: or a host name)")


def test_the_containers_listen_on_every_address() -> None:
    """The image and compose name the host outright: `responder serve`'s own default (127.0.0.1)
    inside a container would make the published port 8000 reach nothing."""
    import yaml

    assert '"--host", "0.0.0.0"' in (ROOT / "Dockerfile").read_text(encoding="utf-8").split("\nCMD ")[-1]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    command = compose["services"]["web"]["command"]
    assert command[:2] == ["responder", "serve"] and command[command.index("--host") + 1] == "0.0.0.0"
    assert "--bind 0.0.0.0:$PORT" in (ROOT / "Procfile").read_text(encoding="utf-8")
