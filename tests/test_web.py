"""The web app over HTTP (no browser): sign-in, sessions, CSRF, roles, hostile text, actions, polling."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from connectors.base import Record
from engage.store import Store
from engage.web import auth
from engage.web.app import create_app
from engage.web.cli import users_app
from engage.web.security import SESSION_COOKIE
from tests.helpers.web import NOW, PASSWORD, csrf, example_config, login

pytestmark = pytest.mark.usefixtures("fast_hashing")

HOSTILE = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1></circle></svg>",
    "<svg><script>alert(1)</script></svg>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "javascript:alert(document.cookie)",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<body onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "{{ 7*7 }} {% raw %}{{ config }}{% endraw %}",
    "<template><script>alert(1)</script></template>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "\u202egnp.exe <b>bidi override</b> \u2066isolate\u2069",
    "null\x00byte<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt; already-escaped",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<style>*{display:none}</style>",
    "A" * 100_000 + "<script>alert('big')</script>",
]


@dataclass
class Page(HTMLParser):
    """Every element and attribute of a page, to check that nothing active came from public text."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page












def status_of(store: Store, uid: str) -> str:
    return store.db.execute("SELECT status FROM triage WHERE uid = ?", [uid]).fetchone()[0]


# -- authentication -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("GET", "/inbox"), ("GET", "/inbox/rows"), ("GET", "/thread?uid=x:201"), ("GET", "/dashboard"),
     ("GET", "/reports"), ("GET", "/nonexistent"), ("POST", "/act/status"), ("POST", "/logout")],
)
def test_unauthenticated_requests_redirect_to_login(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_htmx_request_without_session_is_told_to_navigate_to_login(client: TestClient) -> None:
    response = client.get("/inbox/rows", headers={"HX-Request": "true"})
    assert response.status_code == 401 and response.headers["HX-Redirect"] == "/login"


def test_login_sets_a_hardened_session_cookie_and_logout_ends_it(client: TestClient, app_store: Store) -> None:
    response = login(client, next_url="/dashboard")
    assert response.status_code == 303 and response.headers["location"] == "/dashboard"
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback; see the secure_cookies test
    assert client.get("/inbox").status_code == 200
    # The database keeps a hash of the session token, never the token itself.
    stored = app_store.db.execute("SELECT token_hash FROM sessions").fetchone()[0]
    assert stored not in cookie
    assert client.post("/logout", data={"csrf_token": csrf(client)}, follow_redirects=False).status_code == 303
    assert client.get("/inbox", follow_redirects=False).status_code == 303


def test_secure_cookie_when_configured(app_store: Store) -> None:
    base = example_config()
    config = base.model_copy(update={"web": base.web.model_copy(update={"secure_cookies": True})})
    app = create_app(config, app_store.path, secret="s", clock=lambda: NOW)
    with TestClient(app, base_url="https://127.0.0.1") as c:
        assert "Secure" in login(c).headers["set-cookie"]


def test_wrong_password_forged_cookie_and_open_redirect_are_refused(client: TestClient) -> None:
    assert login(client, password="wrong password!").status_code == 401
    assert login(client, name="nobody").status_code == 401
    client.cookies.set(SESSION_COOKIE, "forged.value")
    assert client.get("/inbox", follow_redirects=False).status_code == 303
    client.cookies.clear()
    assert login(client, next_url="//evil.example/x").headers["location"] == "/inbox"


def test_login_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"name": "ann", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403


def test_failed_logins_are_rate_limited_even_for_the_right_password(client: TestClient) -> None:
    for _ in range(auth.MAX_FAILS_PER_NAME):
        assert login(client, password="not the password").status_code == 401
    locked = login(client)
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.text
    assert login(client, name="vic").status_code == 303  # another user from the same client is not locked yet


# -- CSRF and roles -------------------------------------------------------------------------------


def test_forged_post_without_csrf_token_is_refused(client: TestClient, app_store: Store) -> None:
    login(client)
    response = client.post("/act/status", data={"uid": "x:201", "status": "responded"})
    assert response.status_code == 403
    wrong = client.post("/act/status", data={"uid": "x:201", "status": "responded", "csrf_token": "guess"})
    assert wrong.status_code == 403
    assert status_of(app_store, "x:201") == "new"


def test_viewer_can_read_but_not_change(client: TestClient, app_store: Store) -> None:
    login(client, name="vic")
    page = client.get("/inbox")
    assert page.status_code == 200 and "x:201" in page.text
    assert "/act/status" not in page.text  # no action buttons for a viewer
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    for path, data in [("/act/status", {"status": "responded"}), ("/act/assign", {"assignee": "me"}),
                       ("/act/note", {"note": "x"}), ("/act/label", {"task": "sentiment", "label": "positive"})]:
        response = client.post(path, data={"uid": "x:201", "csrf_token": token, **data})
        assert response.status_code == 403, path
    assert status_of(app_store, "x:201") == "new"
    assert app_store.db.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0


# -- pages and actions -----------------------------------------------------------------------------


def test_inbox_lists_open_replies_by_priority_with_explanations(client: TestClient) -> None:
    login(client)
    page = client.get("/inbox")
    uids = re.findall(r'<tr class="item[^"]*" data-uid="([^"]+)"', page.text)
    assert uids == ["x:201", "x:202", "x:204", "x:205", "x:203"]
    assert "Ranked by: 1. urgent: yes" in page.text
    assert "Road closed on Main St" in page.text  # the department post each reply answers
    assert 'href="https://x.com/i/web/status/201"' in page.text
    filtered = client.get("/inbox", params={"sentiment": "negative", "q": "road"})
    assert re.findall(r'data-uid="(x:\d+)"', filtered.text) == ["x:201", "x:204"]
    assert client.get("/inbox", params={"since": "not-a-date"}).status_code == 400


def test_htmx_action_returns_the_row_and_writes_the_audit_log(client: TestClient, app_store: Store) -> None:
    login(client)
    token = csrf(client)
    response = client.post("/act/status", data={"uid": "x:201", "status": "responded"},
                           headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert response.status_code == 200 and response.text.lstrip().startswith("<tr class=\"item status-responded")
    assert status_of(app_store, "x:201") == "responded"
    audit = app_store.db.execute("SELECT actor, field, before, after FROM audit_log WHERE uid = 'x:201'").fetchall()
    assert audit == [("ann", "status", "new", "responded")]
    assign = client.post("/act/assign", data={"uid": "x:202", "assignee": "me", "csrf_token": token},
                         follow_redirects=False)
    assert assign.status_code == 303
    assert app_store.db.execute("SELECT assignee, status FROM triage WHERE uid = 'x:202'").fetchone() == (
        "ann", "in_progress")
    bad = client.post("/act/status", data={"uid": "x:202", "status": "bogus", "csrf_token": token})
    assert bad.status_code == 400


def test_label_correction_persists_and_shows_in_the_thread(client: TestClient, app_store: Store) -> None:
    login(client)
    token = csrf(client)
    response = client.post("/act/label", data={"uid": "x:204", "task": "sentiment", "label": "positive",
                                               "csrf_token": token})
    assert response.status_code == 200  # followed the redirect back to the thread
    assert "sentiment (corrected)" in response.text
    topics = client.post("/act/label", data={"uid": "x:204", "task": "topics", "csrf_token": token,
                                             "label": ["traffic_and_roads", "crime_and_safety"]})
    assert topics.status_code == 200
    rows = app_store.db.execute("SELECT task, label, actor FROM corrections ORDER BY task, label").fetchall()
    assert rows == [("sentiment", "positive", "ann"), ("topics", "crime_and_safety", "ann"),
                    ("topics", "traffic_and_roads", "ann")]


def test_thread_view_marks_department_posts_and_hides_public_handles(client: TestClient) -> None:
    login(client)
    page = client.get("/thread", params={"uid": "x:206"})
    assert page.status_code == 200
    assert "department response" in page.text and "Tomorrow at 6am" in page.text
    assert "user206" not in page.text and "person A" in page.text
    assert client.get("/thread", params={"uid": "x:999"}).status_code == 404


def test_poll_answers_204_until_something_changes(client: TestClient) -> None:
    login(client)
    first = client.get("/inbox/rows", headers={"HX-Request": "true"})
    fp = re.search(r'data-fp="([0-9a-f]+)"', first.text).group(1)
    assert client.get("/inbox/rows", params={"fp": fp}).status_code == 204
    client.post("/act/note", data={"uid": "x:205", "note": "called", "csrf_token": csrf(client)})
    again = client.get("/inbox/rows", params={"fp": fp})
    assert again.status_code == 200 and 'id="rows"' in again.text


def test_every_page_has_a_strict_csp_and_no_inline_script(client: TestClient) -> None:
    login(client)
    # The dashboard (slow to build: numpy, charts) is checked in the browser tests.
    for path in ("/inbox", "/thread?uid=x:201", "/reports", "/login"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        page = parse(response.text)
        scripts = [a for t, a in page.tags if t == "script"]
        assert scripts and all(a.get("src", "").startswith("/static/") for a in scripts), path
        assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")], path
        assert " style=" not in response.text, path


# -- hostile text --------------------------------------------------------------------------------


def test_hostile_payloads_render_inert(store: Store, make_record: Callable[..., Record]) -> None:
    assert len(HOSTILE) >= 20
    texts = {f"x:{500 + i}": payload for i, payload in enumerate(HOSTILE)}
    records = [make_record("100", is_department=True, kind="post", text="<b>dept</b><script>x()</script>",
                           created_at=NOW, root_uid="x:100")]
    records += [make_record(uid.split(":")[1], parent_uid="x:100", root_uid="x:100", text=text, created_at=NOW,
                            url="javascript:alert(1)") for uid, text in texts.items()]
    # A hostile id too (the file connector takes ids from files): it lands in attributes and URLs.
    records.append(make_record('"><svg onload=alert(1)>', platform="file", parent_uid="x:100", root_uid="x:100",
                               text="hostile id", created_at=NOW))
    with store.db.conn:
        store.upsert_records(records, now=NOW)
    auth.add_user(store, "ann", "responder", PASSWORD)
    app = create_app(example_config(), store.path, secret="s", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        login(client)
        pages = [client.get("/inbox", params={"status": "all"}), client.get("/thread", params={"uid": "x:500"}),
                 client.get("/thread", params={"uid": 'file:"><svg onload=alert(1)>'})]
        for i in range(len(HOSTILE)):
            pages.append(client.get("/inbox", params={"q": HOSTILE[i][:50]}))
    for response in pages:
        assert response.status_code == 200
        page = parse(response.text)
        tags = [t for t, _ in page.tags]
        assert tags.count("script") == 2  # htmx and app.js, nothing else
        for forbidden in ("svg", "img", "iframe", "object", "math", "details", "template", "base", "style"):
            assert forbidden not in tags, forbidden
        assert "meta" not in tags[2:] or all(a.get("name") in ("viewport", "htmx-config") or "charset" in a
                                             for t, a in page.tags if t == "meta")
        for _, attrs in page.tags:
            assert not any(name.startswith("on") for name in attrs)
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").strip().lower().startswith(("javascript:", "data:"))
        assert "\x00" not in response.text
    inbox = pages[0].text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in inbox
    assert "&amp;lt;script&amp;gt;" in inbox  # already-escaped text is shown as typed, not unescaped
    assert "{{ 7*7 }}" in inbox and ">49<" not in inbox  # public text is never a template
    assert "null\ufffdbyte" in inbox
    big = pages[1].text
    assert "A" * 100_000 in big and "&lt;script&gt;alert(&#39;big&#39;)" in big  # the thread shows full text


# -- users and the session secret -------------------------------------------------------------------


def test_users_cli_add_list_remove(app_store: Store) -> None:
    runner = CliRunner()
    db = ["--db", str(app_store.path), "--config", str(example_config().base_dir / "config.example.yaml")]
    added = runner.invoke(users_app, ["add", "bob", "--role", "admin", "--password-stdin", *db],
                          input="a long enough password\n")
    assert added.exit_code == 0, added.output
    assert "bob\tadmin" in runner.invoke(users_app, ["list", *db]).output
    hashed = app_store.db.execute("SELECT password_hash FROM users WHERE name = 'bob'").fetchone()[0]
    assert hashed.startswith("$argon2id$") and "long enough" not in hashed
    assert runner.invoke(users_app, ["add", "bob", "--password-stdin", *db], input="another password\n").exit_code == 1
    assert runner.invoke(users_app, ["add", "eve", "--password-stdin", *db], input="short\n").exit_code == 1
    assert runner.invoke(users_app, ["add", "eve", "--role", "root", "--password-stdin", *db],
                         input="a long enough password\n").exit_code == 1
    prompted = runner.invoke(users_app, ["add", "cat", *db], input="a long enough password\na long enough password\n")
    assert prompted.exit_code == 0 and "a long enough password" not in prompted.output
    assert runner.invoke(users_app, ["remove", "bob", *db]).exit_code == 0
    assert runner.invoke(users_app, ["remove", "bob", *db]).exit_code == 1


def test_session_secret_comes_from_env_or_a_private_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENGAGE_TEST_SECRET", raising=False)
    first = auth.session_secret("ENGAGE_TEST_SECRET", tmp_path)
    path = tmp_path / auth.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(first) >= 32
    assert auth.session_secret("ENGAGE_TEST_SECRET", tmp_path) == first
    monkeypatch.setenv("ENGAGE_TEST_SECRET", "from-env")
    assert auth.session_secret("ENGAGE_TEST_SECRET", tmp_path) == "from-env"


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    import typer

    from engage.web.cli import serve

    app = typer.Typer()
    app.command()(serve)
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "missing.db"),
                                      "--config", str(example_config().base_dir / "config.example.yaml")])
    assert result.exit_code == 1 and "no database yet" in result.output
    assert not (tmp_path / "missing.db").exists()
