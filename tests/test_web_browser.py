"""The web app in a real browser: Debian's Chromium driven by Playwright, one server and one browser per session.

Skipped (with the reason) only when /usr/bin/chromium or Playwright is missing; CI installs both.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from engage.store import Store
from engage.web import auth
from engage.web.app import create_app
from engage.web.screenshots import CHROMIUM, running_server, sign_in
from tests.helpers.browser import PASSWORD, db_row, record
from tests.helpers.web import NOW, example_config, label_all, seed

if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")

XSS = {
    "x:801": "<img src=x onerror=\"window.__xss=1;alert(1)\">",
    "x:802": "<script>window.__xss=2;alert(2)</script>",
    "x:803": "<svg onload=\"window.__xss=3;alert(3)\"></svg>",
    "x:804": "\"><a href=\"javascript:alert(4)\" id=\"jslink\">click</a>",
    "x:805": "<iframe srcdoc=\"<script>parent.__xss=5</script>\"></iframe>\u202e reversed",
}




@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("browser") / "engage.db"
    store = Store.open(db)
    seed(store, record)
    hostile = [record(uid.split(":")[1], parent_uid="x:100", root_uid="x:100", text=text,
                      created_at=NOW - timedelta(hours=1)) for uid, text in XSS.items()]
    with store.db.conn:
        store.upsert_records(hostile, now=NOW)
    label_all(store, {uid: {"urgent": "no", "needs_response": "no", "sentiment": "neutral", "topics": "other"}
                      for uid in XSS})
    hasher = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    auth.add_user(store, "ann", "responder", PASSWORD)
    store.close()
    app = create_app(example_config(), db, secret="browser-secret", clock=lambda: NOW, poll_seconds=1)
    try:
        with running_server(app) as base_url:
            yield base_url, db
    finally:
        auth._hasher = hasher


@pytest.fixture
def page(browser: Any, server: tuple[str, Path]) -> Iterator[Any]:  # noqa: ANN401
    """A signed-in page; dialogs (alert) and CSP violations are recorded to be asserted on."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    pg = context.new_page()
    pg.dialogs = []
    pg.csp_errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: pg.csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(pg, server[0], "ann", PASSWORD)
    yield pg
    context.close()




def selected(page: Any) -> str:  # noqa: ANN401
    return page.get_attribute("#rows tr.selected", "data-uid")


def test_login_redirect_wrong_password_then_inbox(browser: Any, server: tuple[str, Path]) -> None:
    base_url, _ = server
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(f"{base_url}/inbox")
    assert pg.url.startswith(f"{base_url}/login")
    pg.fill('input[name="name"]', "ann")
    pg.fill('input[name="password"]', "wrong password")
    pg.click('button[type="submit"]')
    assert "Wrong user name or password" in pg.inner_text(".error")
    sign_in(pg, base_url, "ann", PASSWORD)
    assert pg.locator("#rows tr.item").count() >= 5
    context.close()


def test_keyboard_triage(page: Any, server: tuple[str, Path]) -> None:  # noqa: ANN401
    _, db = server
    assert selected(page) == "x:201"  # the most urgent reply is selected on arrival
    page.keyboard.press("j")
    assert selected(page) == "x:202"
    page.keyboard.press("k")
    assert selected(page) == "x:201"
    page.keyboard.press("r")
    page.wait_for_selector('#rows tr.item.status-responded[data-uid="x:201"]')
    page.wait_for_function("document.querySelector('#rows tr.selected').dataset.uid === 'x:202'")
    assert db_row(db, "SELECT status, updated_by FROM triage WHERE uid = ?", ["x:201"]) == ("responded", "ann")
    page.keyboard.press("a")
    page.wait_for_selector('#rows tr.item.status-in_progress[data-uid="x:202"]')
    assert db_row(db, "SELECT assignee FROM triage WHERE uid = ?", ["x:202"]) == ("ann",)
    assert selected(page) == "x:202"  # still open: the selection stays on it
    assert page.csp_errors == []


def test_poll_brings_new_replies_without_losing_the_place(page: Any, server: tuple[str, Path]) -> None:  # noqa: ANN401
    _, db = server
    page.keyboard.press("j")
    page.keyboard.press("j")
    chosen = selected(page)
    with Store.open(db) as store:
        with store.db.conn:
            store.upsert_records([record("900", parent_uid="x:100", root_uid="x:100", text="new urgent reply")],
                                 now=NOW)
        label_all(store, {"x:900": {"urgent": "yes", "needs_response": "yes", "sentiment": "negative"}})
    page.wait_for_selector('#rows tr.item[data-uid="x:900"]', timeout=15_000)
    assert page.get_attribute("#rows tr.item", "data-uid") == "x:900"  # ranked first
    assert selected(page) == chosen


def test_label_correction_persists(page: Any, server: tuple[str, Path]) -> None:  # noqa: ANN401
    base_url, db = server
    page.goto(f"{base_url}/thread?uid=x:204")
    page.select_option("#label-sentiment select", "positive")
    page.click("#label-sentiment button")
    page.wait_for_load_state()
    page.reload()
    assert page.input_value("#label-sentiment select") == "positive"
    assert "(corrected)" in page.inner_text("#label-sentiment")
    assert db_row(db, "SELECT label, actor FROM corrections WHERE uid = ? AND task = 'sentiment'", ["x:204"]) == (
        "positive", "ann")


def test_thread_view_from_the_keyboard(page: Any, server: tuple[str, Path]) -> None:  # noqa: ANN401
    base_url, _ = server
    page.goto(f"{base_url}/inbox?q=reopen&status=all")
    assert selected(page) == "x:206"
    page.keyboard.press("o")
    page.wait_for_url(f"{base_url}/thread?uid=x%3A206")
    posts = page.locator("li.post")
    assert "department post" in posts.nth(0).inner_text()
    answer = page.locator("li.post.dept", has_text="Tomorrow at 6am")
    assert "department response" in answer.inner_text()
    assert page.locator("li.post.focus").inner_text().endswith("when does it reopen?")


def test_xss_payloads_are_inert(page: Any, server: tuple[str, Path]) -> None:  # noqa: ANN401
    base_url, _ = server
    for path in ("/inbox?status=all", "/thread?uid=x:801", "/thread?uid=x:805", "/inbox?q=script"):
        page.goto(base_url + path)
        page.wait_for_timeout(300)  # let any (wrongly) injected handler fire
        assert page.evaluate("window.__xss === undefined"), path
    assert page.dialogs == []
    assert page.locator("#jslink").count() == 0
    page.goto(f"{base_url}/inbox?status=all")
    assert "<img src=x onerror=" in page.inner_text('tr[data-uid="x:801"] .reply')


def test_dashboard_renders_its_charts(page: Any, server: tuple[str, Path]) -> None:  # noqa: ANN401
    base_url, _ = server
    page.goto(f"{base_url}/dashboard", timeout=180_000)
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
    sizes = page.evaluate("Array.from(document.querySelectorAll('img.chart')).map(i => i.naturalWidth)")
    assert len(sizes) >= 2 and all(w > 100 for w in sizes), sizes
    assert "Public replies" in page.inner_text("#headline")
    assert page.csp_errors == [], json.dumps(page.csp_errors)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_answered_elsewhere_is_recorded_by_clicking_or_tapping(browser: Any, server: tuple[str, Path],  # noqa: ANN401
                                                               viewport: str) -> None:
    """The thread view's "answered elsewhere" control, on a desktop and a 390x844 phone (tapped)."""
    base_url, db = server
    uid = f"x:9{len(viewport)}0"  # a reply of its own, so the other tests' inbox is unchanged
    with Store.open(db) as store, store.db.conn:
        store.upsert_records([record(uid.split(":")[1], parent_uid="x:100", root_uid="x:100",
                                     created_at=NOW - timedelta(hours=3))], now=NOW)
    phone = viewport == "phone"
    size = {"width": 390, "height": 844} if phone else {"width": 1300, "height": 900}
    context = browser.new_context(viewport=size, has_touch=phone)
    page = context.new_page()
    try:
        sign_in(page, base_url, "ann", PASSWORD)
        page.goto(f"{base_url}/thread?uid={uid}")
        form = page.locator("#answered-elsewhere")
        form.locator("select").select_option("in_person")
        form.locator("input[type=datetime-local]").fill("2026-10-06T06:30")
        button = form.get_by_role("button", name="answered elsewhere")
        button.tap() if phone else button.click()
        page.wait_for_selector("#elsewhere-record")
        assert page.inner_text("#elsewhere-record") == "Answered elsewhere: in person, 2026-10-06 06:30 (ann)"
        assert page.inner_text("#status") == "responded"
        assert db_row(db, "SELECT channel, answered_at, actor FROM answers_elsewhere WHERE uid = ?", [uid]) == (
            "in_person", "2026-10-06T11:30:00.000+00:00", "ann")
    finally:
        context.close()


# -- what works ------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [{"width": 1300, "height": 900}, {"width": 390, "height": 844}])
def test_a_viewer_opens_what_works_from_the_menu(browser: Any, tmp_path: Path, viewport: dict[str, int]) -> None:  # noqa: ANN401
    from engage.analysis.definitions import STATEMENT
    from engage.analysis.synthetic import Planted, synthetic_department, to_store, window

    db = tmp_path / "engage.db"
    rec = synthetic_department(80, Planted(), seed=12)
    hasher = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        with Store.open(db) as store:
            to_store(store, rec)
            auth.add_user(store, "vic", "viewer", PASSWORD)
    finally:
        auth._hasher = hasher
    until = window(rec)[1]
    app = create_app(example_config(), db, secret="ww-secret", clock=lambda: until)
    with running_server(app) as base_url:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
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
        context.close()
