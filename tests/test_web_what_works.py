"""The "What works" page: signed-in roles only, the figures of `engage report what-works`, in a real browser
on a desktop and a phone viewport."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from engage.analysis.definitions import STATEMENT
from engage.analysis.synthetic import Planted, synthetic_department, to_store, window
from engage.store import Store
from engage.web import auth
from engage.web.app import create_app
from engage.web.screenshots import CHROMIUM, launch_browser, running_server, sign_in
from tests.test_web_helpers import example_config

PASSWORD = "what works password"


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    db = tmp_path_factory.mktemp("whatworks") / "engage.db"
    rec = synthetic_department(80, Planted(), seed=12)
    hasher = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        with Store.open(db) as store:
            to_store(store, rec)
            auth.add_user(store, "vic", "viewer", PASSWORD)
    finally:
        auth._hasher = hasher
    return db, window(rec)[1]


def test_the_page_needs_a_session(synthetic_db: tuple[Path, Any]) -> None:
    db, until = synthetic_db
    app = create_app(example_config(), db, secret="s", clock=lambda: until, warm_dashboard=False)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        response = client.get("/what-works", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"browser tests need Chromium at {CHROMIUM}")
@pytest.mark.parametrize("viewport", [{"width": 1300, "height": 900}, {"width": 390, "height": 844}])
def test_a_viewer_opens_what_works_from_the_menu(synthetic_db: tuple[Path, Any], viewport: dict[str, int]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    db, until = synthetic_db
    app = create_app(example_config(), db, secret="s", clock=lambda: until, warm_dashboard=False)
    with running_server(app) as base_url, sync_api.sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            page = browser.new_context(viewport=viewport).new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
            sign_in(page, base_url, "vic", PASSWORD)
            page.click("nav >> text=What works")
            page.wait_for_url(f"{base_url}/what-works", timeout=120_000)
            assert STATEMENT in page.inner_text("#statement")
            assert "after an answer" in page.inner_text("#verdict").lower()
            assert page.locator("img.chart").count() >= 2
            # The page's own content fits the screen (wide tables scroll inside their box).
            assert page.evaluate("document.querySelector('main').scrollWidth") <= viewport["width"]
            assert errors == []
        finally:
            browser.close()
