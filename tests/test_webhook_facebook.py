"""The Facebook webhook receiver of ``engage serve``: handshake, signature, and the queue the connector reads.

Requests go through the real app (FastAPI's TestClient); the collection that follows goes through the
real Graph client against FakeGraph, so a queued post is seen to be re-read in full and cleared.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from connectors.base import AccountRef, CollectContext
from connectors.facebook import FacebookConnector
from connectors.graph import GraphClient
from engage.collect import run_connector
from engage.config import load_config
from engage.store import Store
from engage.web.app import create_app
from tests.helpers.graph import PAGE_ID, TOKEN, FakeGraph, Sleeps, universe

SECRET = "app-secret-for-tests-0123456789"
VERIFY = "riverton-verify-7f3a"
POST = f"{PAGE_ID}_900000000000001"
NOW = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("RPD_FB_APP_SECRET", SECRET)
    monkeypatch.setenv("RPD_FB_VERIFY", VERIFY)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "department: {name: Riverton Police Department}\n"
        f"data_dir: {tmp_path}\n"
        f"accounts:\n  - {{platform: facebook, handle: RivertonPD, user_id: '{PAGE_ID}'}}\n"
        "credentials:\n  facebook: {webhook_verify_token_env: RPD_FB_VERIFY, app_secret_env: RPD_FB_APP_SECRET}\n",
        encoding="utf-8",
    )
    app = create_app(load_config(cfg), tmp_path / "engage.db", secret="test-secret-test-secret")
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}


def change(verb: str, post_id: str = POST, page_id: str = PAGE_ID) -> bytes:
    """A ``feed`` change as Meta sends it for a comment."""
    return json.dumps({"object": "page", "entry": [{"id": page_id, "time": 1791633600, "changes": [{
        "field": "feed", "value": {
            "item": "comment", "verb": verb, "post_id": post_id, "comment_id": "900000000000001_10099",
            "parent_id": post_id, "created_time": 1791633600, "message": "hostile <b>text</b>",
            "from": {"id": "5550042", "name": "Someone"}}}]}]}).encode()


def queue(tmp_path: Path) -> dict[str, str]:
    with Store.open(tmp_path / "engage.db") as store:
        return {k: v for k, v in store.get_cursors("facebook", "RivertonPD").items() if k.startswith("webhook:")}


def test_the_subscription_handshake_echoes_the_challenge_only_for_the_verify_token(client: TestClient) -> None:
    ok = client.get("/webhooks/facebook", params={"hub.mode": "subscribe", "hub.verify_token": VERIFY,
                                                  "hub.challenge": "1158201444"})
    assert (ok.status_code, ok.text) == (200, "1158201444")
    wrong = client.get("/webhooks/facebook", params={"hub.mode": "subscribe", "hub.verify_token": "guess",
                                                     "hub.challenge": "1158201444"})
    assert wrong.status_code == 403 and "1158201444" not in wrong.text
    odd = client.get("/webhooks/facebook", params={"hub.mode": "subscribe", "hub.verify_token": VERIFY,
                                                   "hub.challenge": "<script>alert(1)</script>"})
    assert odd.status_code == 400 and "<script>" not in odd.text


def test_a_forged_signature_is_refused_and_logged_without_the_body(
    client: TestClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    body = change("add")
    for headers in (signed(body, "not-the-app-secret"), {"Content-Type": "application/json"}):
        response = client.post("/webhooks/facebook", content=body, headers=headers)
        assert response.status_code == 403
    assert "bad X-Hub-Signature-256" in caplog.text and "hostile" not in caplog.text and SECRET not in caplog.text
    assert queue(tmp_path) == {}


def test_a_signed_change_queues_the_post_and_the_next_collection_rereads_it(
    client: TestClient, tmp_path: Path
) -> None:
    for verb in ("add", "remove", "add"):  # a removal needs the full pass; a later add does not undo that
        body = change(verb)
        assert client.post("/webhooks/facebook", content=body, headers=signed(body)).status_code == 200
    other_page = change("add", post_id="777_1", page_id="777")
    assert client.post("/webhooks/facebook", content=other_page, headers=signed(other_page)).status_code == 200
    assert queue(tmp_path) == {f"webhook:{POST}": "full"}

    fake = FakeGraph(universe())
    with Store.open(tmp_path / "engage.db") as store:
        graph = GraphClient(TOKEN, token_env="FB_PAGE_ACCESS_TOKEN", platform="facebook",
                            transport=fake.transport(), sleep=Sleeps(), clock=lambda: NOW.timestamp())
        ctx = CollectContext(account=AccountRef("facebook", "RivertonPD", PAGE_ID),
                             cursors=store.get_cursors("facebook", "RivertonPD"), now=NOW,
                             department_ids=frozenset({PAGE_ID}))
        summary = run_connector(store, FacebookConnector(graph, watch_days=1), ctx)
        assert summary.outcome == "ok", summary.error
        # The queued post is older than the one-day window, yet its comments were read, in full.
        assert any(f"/{POST}/comments" in url and "order=chronological" in url for url in fake.urls)
        assert store.count("posts", "root_uid = ?", [f"facebook:{POST}"]) == 7
        # The payload's own text was never stored: the record came from the Graph read.
        assert store.count("posts", "text LIKE '%hostile%'") == 0
    assert queue(tmp_path) == {f"webhook:{POST}": ""}


def test_without_the_secrets_the_routes_do_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RPD_FB_APP_SECRET", raising=False)
    cfg = tmp_path / "config.yaml"
    cfg.write_text("department: {name: Riverton Police Department}\n"
                   f"accounts:\n  - {{platform: facebook, handle: RivertonPD, user_id: '{PAGE_ID}'}}\n"
                   "credentials:\n  facebook: {webhook_verify_token_env: RPD_FB_VERIFY, app_secret_env: "
                   "RPD_FB_APP_SECRET}\n", encoding="utf-8")
    app = create_app(load_config(cfg), tmp_path / "engage.db", secret="test-secret-test-secret")
    with TestClient(app, base_url="http://127.0.0.1") as c:
        body = change("add")
        assert c.post("/webhooks/facebook", content=body, headers=signed(body)).status_code == 404
        assert c.get("/webhooks/facebook", params={"hub.mode": "subscribe"}).status_code == 404



def test_a_queued_post_that_is_gone_clears_without_inventing_a_row(store: Store) -> None:
    missing = f"{PAGE_ID}_900000000000099"
    with store.db.atomic():
        store.set_cursor("facebook", "RivertonPD", f"webhook:{missing}", "full")
    graph = GraphClient(TOKEN, token_env="FB_PAGE_ACCESS_TOKEN", platform="facebook",
                        transport=FakeGraph(universe()).transport(), sleep=Sleeps(), clock=lambda: NOW.timestamp())
    ctx = CollectContext(account=AccountRef("facebook", "RivertonPD", PAGE_ID), now=NOW,
                         cursors=store.get_cursors("facebook", "RivertonPD"), department_ids=frozenset({PAGE_ID}))
    summary = run_connector(store, FacebookConnector(graph, watch_days=1), ctx)
    assert summary.outcome == "ok", summary.error
    assert store.count("posts", "uid = ?", [f"facebook:{missing}"]) == 0
    assert store.get_cursors("facebook", "RivertonPD")[f"webhook:{missing}"] == ""
