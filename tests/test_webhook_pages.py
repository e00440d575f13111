"""The seller's log page and the health check, through the Flask app."""

from __future__ import annotations

import base64
from datetime import datetime, timezone

import pytest

from responder.config import Settings
from responder.store import LogRow
from responder.webhook import create_app
from responder.wiring import build_services
from tests.conftest import ROOT, write_rules


class NoQueue:
    def enqueue_message(self, delivery):  # pragma: no cover - pages never enqueue
        raise AssertionError("no message expected")

    def enqueue_event(self, kind, payload, received_at):  # pragma: no cover
        raise AssertionError("no event expected")


def app_with(tmp_path, password: str, rules_dir: str = str(ROOT / "rules")):
    settings = Settings(identification_key="k", rules_dir=rules_dir, database_url=f"sqlite:///{tmp_path}/l.db",
                        log_password=password)  # fmt: skip
    services = build_services(settings)
    return create_app(settings, NoQueue(), services).test_client(), services


def basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"seller:{password}".encode()).decode()}


def test_log_page_is_off_without_a_password(tmp_path):
    client, _ = app_with(tmp_path, "")
    assert client.get("/logs").status_code == 404


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic " + base64.b64encode(b"seller:wrong").decode()}])
def test_log_page_asks_for_the_password(tmp_path, headers):
    client, _ = app_with(tmp_path, "s3cret")
    response = client.get("/logs", headers=headers)
    assert response.status_code == 401 and "Basic" in response.headers["WWW-Authenticate"]


def test_log_page_shows_outcomes_posts_and_escapes_buyer_text(tmp_path):
    client, services = app_with(tmp_path, "s3cret")
    services.store.save_post("gZd7omnS", status="failed:token_expired")
    services.store.record(LogRow(
        received_at=datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc), message_id="m1", post_token="gZd7omnS",
        conversation="c", sender_role="buyer", message_type="TEXT", text="<script>alert(1)</script> قیمت؟",
        outcome="replied", rule="price", reply="۴۵ میلیون",
    ))  # fmt: skip
    response = client.get("/logs", headers=basic("s3cret"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "توکن منقضی شده" in page and "۴۵ میلیون" in page and "replied" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert client.get("/logs?post=other", headers=basic("s3cret")).get_data(as_text=True).count("۴۵ میلیون") == 0


def test_log_page_shows_a_rejected_rule_edit_until_it_is_fixed(tmp_path):
    rules = write_rules(tmp_path / "rules", "rules:\n  - name: price\n    keywords: [قیمت]\n    reply: ok\n")
    client, _ = app_with(tmp_path, "s3cret", str(rules))
    assert "فایل‌های قانون سالم‌اند: 1 قانون در 1 فایل" in client.get("/logs", headers=basic("s3cret")).get_data(as_text=True)

    (rules / "rules.yaml").write_text("rules:\n  - name: price\n    keywrds: [قیمت]\n    reply: ok\n", encoding="utf-8")
    page = client.get("/logs", headers=basic("s3cret")).get_data(as_text=True)
    assert "فایل‌های قانون 1 ایراد دارند" in page
    assert "rules.yaml:3: rule &#39;price&#39;: unknown key &#39;keywrds&#39; (did you mean &#39;keywords&#39;?)" in page

    (rules / "rules.yaml").write_text("rules:\n  - name: price\n    keywords: [قیمت, چند]\n    reply: ok\n", encoding="utf-8")
    assert "سالم‌اند" in client.get("/logs", headers=basic("s3cret")).get_data(as_text=True)
