"""The answering routes through the real app: CSRF and role checks on every new POST, hostile text inert,
the approval flow end to end in dry-run mode, the collision guard enforced on the server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from engage.config import Config
from engage.store import Store
from engage.web import auth
from engage.web.app import create_app
from tests.helpers.web import NOW, PASSWORD, example_config, login

pytestmark = pytest.mark.usefixtures("fast_hashing")

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
NEW_POSTS = ["/answer/save", "/answer/decide", "/answer/send", "/moderate", "/saved-replies"]


def dry_run_config(policy: str = "approval") -> Config:
    base = example_config()
    return base.model_copy(update={
        "accounts": [a.model_copy(update={"send_policy": policy}) for a in base.accounts],
        "answering": base.answering.model_copy(update={"dry_run": True}),
    })


@pytest.fixture
def desk(app_store: Store) -> Store:
    auth.add_user(app_store, "bob", "approver", PASSWORD)
    auth.add_user(app_store, "ada", "admin", PASSWORD)
    return app_store


def client_for(store: Store, name: str, policy: str = "approval") -> TestClient:
    app = create_app(dry_run_config(policy), store.path, secret="test-secret", clock=lambda: NOW)
    c = TestClient(app, base_url="http://127.0.0.1")
    login(c, name)
    return c


@pytest.fixture
def ann(desk: Store) -> Iterator[TestClient]:
    with client_for(desk, "ann") as c:
        yield c


def thread(c: TestClient, uid: str = "x:201") -> str:
    page = c.get("/thread", params={"uid": uid})
    assert page.status_code == 200
    return page.text


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def field(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


@pytest.mark.parametrize("path", NEW_POSTS)
def test_every_new_post_needs_the_csrf_token(ann: TestClient, path: str) -> None:
    response = ann.post(path, data={"uid": "x:201", "text": "hello", "draft_id": "1"}, follow_redirects=False)
    assert response.status_code == 403 and "CSRF" in response.text


@pytest.mark.parametrize("path", NEW_POSTS)
def test_a_viewer_changes_nothing_on_any_new_post(desk: Store, path: str) -> None:
    with client_for(desk, "vic") as vic:
        response = vic.post(path, data={"uid": "x:201", "text": "hi", "draft_id": "1", "key": "k", "title": "t",
                                         "csrf_token": token(thread(vic))}, follow_redirects=False)
    assert response.status_code == 403
    assert desk.count("answer_drafts") == 0 and desk.count("saved_replies") == 0


def test_responder_drafts_approver_approves_and_the_dry_run_answer_stops_the_clock(desk: Store, ann: TestClient
                                                                                   ) -> None:
    page = thread(ann)
    assert "0 / 280" in page
    ann.post("/answer/save", data={"csrf_token": token(page), "uid": "x:201", "text": "Call 311 please"})
    page = thread(ann)
    draft_id = re.search(r'id="draft-(\d+)"', page).group(1)
    # not approved yet: the page offers no send, and the server refuses one
    assert "send-draft" not in page
    refused = ann.post("/answer/send", data={"csrf_token": token(page), "draft_id": draft_id, "collision_ack": ""})
    assert refused.status_code == 409 and "must be approved" in refused.text
    ann.post("/answer/decide", data={"csrf_token": token(page), "draft_id": draft_id, "action": "submit"})
    own = ann.post("/answer/decide", data={"csrf_token": token(page), "draft_id": draft_id, "action": "approve"})
    assert own.status_code == 409  # a responder does not approve
    with client_for(desk, "bob") as bob:
        page = thread(bob)
        assert "approve-draft" in page
        bob.post("/answer/decide", data={"csrf_token": token(page), "draft_id": draft_id, "action": "approve"})
    page = thread(ann)
    sent = ann.post("/answer/send", data={"csrf_token": token(page), "draft_id": draft_id,
                                          "collision_ack": field(page, "collision_ack")})
    assert sent.status_code == 200
    page = sent.text
    assert "dept-badge" in page and "Call 311 please" in page and "dry-run-" in page
    assert desk.db.execute("SELECT status FROM triage WHERE uid = 'x:201'").fetchone()[0] == "responded"
    after = [r[0] for r in desk.db.execute("SELECT after FROM audit_log WHERE field = 'answer_sent'")]
    assert after == ["Call 311 please"]


def test_the_server_refuses_a_send_the_page_did_not_warn_about(desk: Store) -> None:
    with client_for(desk, "ann", "direct") as ann, client_for(desk, "bob", "direct") as bob:
        page = thread(ann)
        ann.post("/answer/save", data={"csrf_token": token(page), "uid": "x:201", "text": "ann's answer"})
        stale = thread(ann)  # ann's page, before bob starts
        bob_page = thread(bob)
        assert "ann" in bob_page and "has a draft draft" in bob_page
        bob.post("/answer/save", data={"csrf_token": token(bob_page), "uid": "x:201", "text": "bob's answer"})
        draft_id = re.search(r'id="draft-(\d+)"', stale).group(1)
        refused = ann.post("/answer/send", data={"csrf_token": token(stale), "draft_id": draft_id,
                                                 "collision_ack": field(stale, "collision_ack")})
        assert refused.status_code == 409 and "bob has a draft draft" in refused.text
        fresh = thread(ann)
        assert "send anyway" in fresh
        ok = ann.post("/answer/send", data={"csrf_token": token(fresh), "draft_id": draft_id,
                                            "collision_ack": field(fresh, "collision_ack")})
        assert ok.status_code == 200
        bob_page = thread(bob)
        bob_id = re.findall(r'id="draft-(\d+)"', bob_page)
        second = bob.post("/answer/send", data={"csrf_token": token(bob_page), "draft_id": max(bob_id),
                                                "collision_ack": field(bob_page, "collision_ack")})
        assert second.status_code == 409 and "already has an answer" in second.text
    assert desk.count("answer_drafts", "state = 'sent'") == 1


def test_hostile_text_in_drafts_and_saved_replies_is_inert(desk: Store, ann: TestClient) -> None:
    with client_for(desk, "ada") as ada:
        page = ada.get("/saved-replies").text
        ada.post("/saved-replies", data={"csrf_token": token(page), "key": "x1", "title": HOSTILE,
                                         "text": f"{HOSTILE} {{handle}}"})
        listing = ada.get("/saved-replies").text
    assert HOSTILE not in listing and "&lt;script&gt;" in listing
    page = thread(ann)
    ann.post("/answer/save", data={"csrf_token": token(page), "uid": "x:201", "text": "hi", "saved_key": "x1",
                                   "insert": "1"})
    page = thread(ann)
    assert HOSTILE not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; @user201" in page
    assert ann.get("/saved-replies").status_code == 403


def test_hiding_from_the_thread_view_takes_a_policy_reason(desk: Store) -> None:
    with client_for(desk, "bob") as bob:
        page = thread(bob, "x:204")
        bad = bob.post("/moderate", data={"csrf_token": token(page), "uid": "x:204", "hidden": "1",
                                          "reason": "rude to us"})
        assert bad.status_code == 409
        bob.post("/moderate", data={"csrf_token": token(page), "uid": "x:204", "hidden": "1", "reason": "spam or scam"})
        assert "unhide" in thread(bob, "x:204")
