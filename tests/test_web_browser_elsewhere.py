"""The thread view's "answered elsewhere" control, clicked in a real browser, on a desktop and a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from engage.store import Store
from engage.web import auth
from engage.web.app import create_app
from engage.web.screenshots import CHROMIUM, launch_browser, running_server, sign_in
from tests.test_web_helpers import NOW, example_config, seed

if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")

PASSWORD = "browser test password"
VIEWPORTS = {"desktop": {"width": 1300, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from tests.test_web_browser import record

    db = tmp_path_factory.mktemp("elsewhere") / "engage.db"
    store = Store.open(db)
    seed(store, record)
    hasher = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    auth.add_user(store, "ann", "responder", PASSWORD)
    store.close()
    app = create_app(example_config(), db, secret="browser-secret", clock=lambda: NOW)
    try:
        with running_server(app) as base_url:
            yield base_url, db
    finally:
        auth._hasher = hasher


@pytest.fixture(scope="module")
def browser(server: tuple[str, Path]) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()


@pytest.mark.parametrize(("viewport", "uid"), [("desktop", "x:202"), ("phone", "x:204")])
def test_answered_elsewhere_is_recorded_by_clicking(browser: Any, server: tuple[str, Path], viewport: str,
                                                    uid: str) -> None:
    base_url, db = server
    context = browser.new_context(viewport=VIEWPORTS[viewport], has_touch=viewport == "phone")
    page = context.new_page()
    try:
        sign_in(page, base_url, "ann", PASSWORD)
        page.goto(f"{base_url}/thread?uid={uid}")
        form = page.locator("#answered-elsewhere")
        form.locator("select").select_option("in_person")
        form.locator("input[type=datetime-local]").fill("2026-10-06T06:30")
        button = form.get_by_role("button", name="answered elsewhere")
        if viewport == "phone":
            button.tap()
        else:
            button.click()
        page.wait_for_selector("#elsewhere-record")
        assert page.inner_text("#elsewhere-record") == "Answered elsewhere: in person, 2026-10-06 06:30 (ann)"
        assert page.inner_text("#status") == "responded"
        with Store.open(db) as store:
            assert store.db.execute("SELECT channel, answered_at, actor FROM answers_elsewhere WHERE uid = ?",
                                    [uid]).fetchone() == ("in_person", "2026-10-06T11:30:00.000+00:00", "ann")
    finally:
        context.close()
