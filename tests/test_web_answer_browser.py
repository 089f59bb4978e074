"""Answering in a real browser, clicked and tapped on a desktop and a 390x844 phone.

A responder drafts (the character count follows the typing), inserts a saved reply, submits; an
approver returns it with a comment, then approves the corrected text; the responder sends it in
dry-run mode; the answer appears in the thread as the department response and the item stops its
clock. An approver hides and unhides the comment with a policy reason. Two browser sessions show the
collision guard: the second officer is warned, and a send from a page that did not show a colleague's
newer draft is refused by the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from engage.config import Config
from engage.store import Store
from engage.web import auth
from engage.web.app import create_app
from engage.web.screenshots import CHROMIUM, running_server, sign_in
from tests.helpers.browser import PASSWORD, db_row, record
from tests.helpers.web import NOW, example_config, label_all, seed

if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")

DESKTOP = {"viewport": {"width": 1300, "height": 900}}
DESKTOP_TOUCH = {"viewport": {"width": 1300, "height": 900}, "has_touch": True}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 3}
PRESSES = [("desktop", DESKTOP, "click"), ("desktop-touch", DESKTOP_TOUCH, "tap"), ("phone", PHONE, "click"),
           ("phone", PHONE, "tap")]
every_press = pytest.mark.parametrize("press_no", range(len(PRESSES)), ids=[f"{d}-{h}" for d, _, h in PRESSES])


def config() -> Config:
    """The demo accounts in dry-run mode: the main account needs approval, the traffic unit sends directly."""
    base = example_config()
    accounts = [a.model_copy(update={"send_policy": "direct" if a.handle == "RivertonPDTraffic" else "approval"})
                for a in base.accounts]
    return base.model_copy(update={"accounts": accounts,
                                   "answering": base.answering.model_copy(update={"dry_run": True})})


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("answer") / "engage.db"
    store = Store.open(db)
    seed(store, record)
    approval = [record(f"8{n}", parent_uid="x:100", root_uid="x:100", text=f"when is the road open {n}?",
                       created_at=NOW - timedelta(hours=4)) for n in range(len(PRESSES))]
    direct = [record(f"86{n}", account="RivertonPDTraffic", parent_uid="x:100", root_uid="x:100",
                     text=f"lights out at Main {n}", created_at=NOW - timedelta(hours=2)) for n in range(len(PRESSES))]
    with store.db.conn:
        store.upsert_records([*approval, *direct], now=NOW)
        store.db["saved_replies"].insert({"key": "call", "title": "Non-emergency", "text": "{handle} please call 311.",
                                          "updated_by": "ada", "updated_at": "2026-10-01T00:00:00.000+00:00"})
    label_all(store, {r.uid: {"urgent": "no", "needs_response": "yes", "sentiment": "neutral", "topics": "other"}
                      for r in [*approval, *direct]})
    hasher = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    for name, role in (("ann", "responder"), ("rae", "responder"), ("bob", "approver"), ("ada", "admin")):
        auth.add_user(store, name, role, PASSWORD)
    store.close()
    app = create_app(config(), db, secret="answer-secret", clock=lambda: NOW, poll_seconds=600)
    try:
        with running_server(app) as base_url:
            yield base_url, db
    finally:
        auth._hasher = hasher


def open_page(browser: Any, base_url: str, options: dict[str, Any], user: str) -> Any:  # noqa: ANN401
    page = browser.new_context(**options).new_page()
    sign_in(page, base_url, user, PASSWORD)
    return page


def submit(page: Any, locator: Any, how: str) -> None:  # noqa: ANN401
    """Press a form's button and wait for the page the server answers with."""
    locator.scroll_into_view_if_needed()
    with page.expect_navigation():
        locator.tap() if how == "tap" else locator.click()


def draft_row(db: Path, uid: str) -> tuple[Any, ...]:
    return db_row(db, "SELECT state, text, approved_by, return_comment FROM answer_drafts WHERE uid = ?"
                      " ORDER BY id DESC", [uid])


@every_press
def test_responder_drafts_approver_approves_and_the_sent_answer_stops_the_clock(
    browser: Any, server: tuple[str, Path], press_no: int  # noqa: ANN401
) -> None:
    base_url, db = server
    _, options, how = PRESSES[press_no]
    uid = f"x:8{press_no}"
    ann = open_page(browser, base_url, options, "ann")
    bob = open_page(browser, base_url, options, "bob")
    try:
        ann.goto(f"{base_url}/inbox?q=road+open+{press_no}")
        submit(ann, ann.locator(f'tr.item[data-uid="{uid}"] a.answer-link'), how)
        ann.locator("#answer-text").fill("We reopen Main St at 6am")
        assert ann.inner_text("#answer-count") == "24 / 280"
        submit(ann, ann.get_by_role("button", name="save draft"), how)
        ann.get_by_label("Saved reply").select_option("call")
        submit(ann, ann.get_by_role("button", name="insert"), how)
        assert draft_row(db, uid)[:2] == ("draft", f"We reopen Main St at 6am\n@user8{press_no} please call 311.")
        assert ann.locator("button.send-draft").count() == 0  # approval: nothing to send yet
        submit(ann, ann.get_by_role("button", name="submit for approval"), how)

        bob.goto(f"{base_url}/thread?uid={uid}")
        bob.get_by_label("Why return it").fill("drop the second line")
        submit(bob, bob.get_by_role("button", name="return"), how)
        assert draft_row(db, uid) == ("returned", f"We reopen Main St at 6am\n@user8{press_no} please call 311.",
                                      None, "drop the second line")

        ann.goto(f"{base_url}/thread?uid={uid}")
        assert "Returned: drop the second line" in ann.inner_text("#answer")
        ann.locator("#answer-text").fill("We reopen Main St at 6am.")
        submit(ann, ann.get_by_role("button", name="save draft"), how)
        submit(ann, ann.get_by_role("button", name="submit for approval"), how)
        bob.goto(f"{base_url}/thread?uid={uid}")
        submit(bob, bob.get_by_role("button", name="approve"), how)
        assert draft_row(db, uid)[:3] == ("approved", "We reopen Main St at 6am.", "bob")

        ann.goto(f"{base_url}/thread?uid={uid}")
        submit(ann, ann.get_by_role("button", name="send"), how)
        state, sent_uid, sent_at = db_row(db, "SELECT state, sent_uid, sent_at FROM answer_drafts WHERE uid = ?"
                                              " AND state = 'sent'", [uid])
        assert sent_uid.startswith("x:dry-run-") and sent_at == "2026-10-06T12:00:00.000+00:00"
        answer = ann.locator(f'li.post.dept[data-uid="{sent_uid}"]')
        assert "We reopen Main St at 6am." in answer.inner_text() and "department response" in answer.inner_text()
        assert db_row(db, "SELECT status FROM triage WHERE uid = ?", [uid]) == ("responded",)
        # the response clock: the first department response is the sent answer, at the platform's time
        assert db_row(db, "SELECT MIN(created_at) FROM posts WHERE parent_uid = ? AND is_department = 1",
                      [uid]) == (sent_at,)

        bob.goto(f"{base_url}/thread?uid={uid}")
        bob.get_by_label("Moderation policy reason").select_option("spam or scam")
        submit(bob, bob.get_by_role("button", name="hide comment"), how)
        bob.get_by_label("Why unhide").fill("hidden by mistake")
        submit(bob, bob.get_by_role("button", name="unhide"), how)
        assert db_row(db, "SELECT group_concat(hidden || ':' || reason, '|') FROM moderation_actions WHERE uid = ?",
                      [uid]) == ("1:spam or scam|0:hidden by mistake",)
    finally:
        ann.context.close()
        bob.context.close()


@every_press
def test_two_sessions_the_collision_guard_warns_and_the_server_refuses_an_unwarned_send(
    browser: Any, server: tuple[str, Path], press_no: int  # noqa: ANN401
) -> None:
    base_url, db = server
    _, options, how = PRESSES[press_no]
    uid = f"x:86{press_no}"
    ann = open_page(browser, base_url, options, "ann")
    rae = open_page(browser, base_url, options, "rae")
    try:
        ann.goto(f"{base_url}/thread?uid={uid}")
        ann.locator("#answer-text").fill("Crew on the way")
        submit(ann, ann.get_by_role("button", name="save draft"), how)
        rae.goto(f"{base_url}/thread?uid={uid}")
        assert "ann has a draft draft" in rae.inner_text("#collisions")
        rae.locator("#answer-text").fill("Thanks, passed to traffic")
        submit(rae, rae.get_by_role("button", name="save draft"), how)
        # ann's page was loaded before rae's draft: the server refuses her send and says why
        submit(ann, ann.get_by_role("button", name="send", exact=True), how)
        assert "rae has a draft draft" in ann.inner_text("body")
        ann.goto(f"{base_url}/thread?uid={uid}")
        submit(ann, ann.get_by_role("button", name="send anyway"), how)
        rae.goto(f"{base_url}/thread?uid={uid}")
        assert "answered from engage" in rae.inner_text("#collisions")
        submit(rae, rae.get_by_role("button", name="send anyway"), how)
        assert "already has an answer" in rae.inner_text("body")
        assert db_row(db, "SELECT count(*) FROM answer_drafts WHERE uid = ? AND state = 'sent'", [uid]) == (1,)
    finally:
        ann.context.close()
        rae.context.close()


def test_an_admin_adds_and_removes_a_saved_reply_on_the_phone(browser: Any, server: tuple[str, Path]) -> None:
    base_url, db = server
    ada = open_page(browser, base_url, PHONE, "ada")
    try:
        ada.goto(f"{base_url}/saved-replies")
        ada.get_by_label("Key").fill("online")
        ada.get_by_label("Title").fill("Report online")
        ada.get_by_label("Text").fill("Hi {handle}, report it at riverton.gov/report - {department}")
        submit(ada, ada.get_by_role("button", name="save saved reply"), "tap")
        assert db_row(db, "SELECT title FROM saved_replies WHERE key = 'online'") == ("Report online",)
        submit(ada, ada.locator('tr[data-key="online"] button.remove-saved'), "tap")
        assert db_row(db, "SELECT count(*) FROM saved_replies WHERE key = 'online'") == (0,)
    finally:
        ada.context.close()
