"""Hostile input, as an attacker or a broken export would send it (issue 17's probe, one test per category).

Each test feeds the real entry point (the file connector through ``run_connector``, the CLI, the web
app over HTTP, the report renderer through real Markdown renderers) and checks the outcome a user
sees: a one-line ``file:line: reason`` or a 400, the good data stored, nothing active in the output.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from connectors.base import AccountRef, CollectContext, Record, make_uid
from connectors.file import FileConnector
from engage.collect import run_connector
from engage.store import Store
from engage.web.app import create_app
from engage.web.security import LOGIN_CSRF_COOKIE, SESSION_COOKIE
from tests.helpers.web import NOW, PASSWORD, csrf, example_config, login

# The web tests' cheap password hashing (their fixtures, like ``make_daemon``, come from tests/helpers).
pytestmark = pytest.mark.usefixtures("fast_hashing")


def good(i: int, **extra: object) -> dict[str, object]:
    return {
        "uid": f"bluesky:{i}", "platform": "bluesky", "native_id": str(i), "account": "lakesidepd.bsky.social",
        "author_id": f"did:plc:{i}", "author_handle": f"h{i}.bsky.social", "kind": "reply",
        "text": f"reply number {i}", "created_at": "2026-10-01T12:00:00Z", "metrics": {"likes": i}, **extra,
    }


def file_ctx(store: Store) -> CollectContext:
    return CollectContext(account=AccountRef("file", "inbox"), cursors=store.get_cursors("file", "inbox"))


def stored_texts(store: Store) -> dict[str, str]:
    return {r["uid"]: r["text"] for r in store.db.query("SELECT uid, text FROM posts")}


# -- 1. a malformed file is reported line by line, the good lines stored ------------------------------


def test_jsonl_hostile_lines_each_cost_only_their_own_line(tmp_path: Path, store: Store) -> None:
    lines = [
        json.dumps(good(1)).encode(),
        json.dumps(good(2, text="half a pair \ud800 here")).encode(),  # json.dumps escapes it as \ud800
        json.dumps(good(3, text="caf\u00e9")).encode().replace(b"\\u00e9", b"\xe9"),  # Latin-1 byte
        json.dumps(good(4, created_at="9999-12-31T23:00:00-05:00")).encode(),
        json.dumps(good(5, created_at="0001-01-01T00:30:00+05:00")).encode(),
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps(good(7, raw={"nested": "\udc00 key", "\ud83d\ude00": 1})).encode(),
        json.dumps(good(8)).encode(),
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    summary = run_connector(store, FileConnector(path), file_ctx(store))
    reasons = "\n".join(summary.rejected)
    assert f"{path}:3: not valid UTF-8 (byte 0xe9 at column" in reasons
    assert f"{path}:4: created_at: Value error, 9999-12-31T23:00:00-05:00 is outside the supported range" in reasons
    assert f"{path}:5: created_at: Value error, 0001-01-01T00:30:00+05:00 is outside the supported range" in reasons
    assert f"{path}:6: invalid JSON (nested too deeply)" in reasons
    assert len(summary.rejected) == 4
    texts = stored_texts(store)
    assert sorted(texts) == ["bluesky:1", "bluesky:2", "bluesky:7", "bluesky:8"]
    assert texts["bluesky:2"] == "half a pair \ufffd here"  # stored, the unencodable half replaced
    raw = json.loads(store.db["posts"].get("bluesky:7")["raw"])
    assert raw == {"nested": "\ufffd key", "\U0001f600": 1}  # a proper pair in two halves is joined


def test_csv_hostile_rows_each_cost_only_their_own_line(tmp_path: Path, store: Store) -> None:
    header = b"uid,platform,native_id,account,kind,text,created_at\n"

    def row(i: int, text: bytes) -> bytes:
        return b"bluesky:%d,bluesky,%d,lakesidepd.bsky.social,reply,%s,2026-10-01T12:00:00Z\n" % (i, i, text)

    path = tmp_path / "hostile.csv"
    path.write_bytes(header + row(1, b"fine") + row(2, b"caf\xe9") + row(3, b"x" * 200_000) + row(4, b"also fine"))
    summary = run_connector(store, FileConnector(path), file_ctx(store))
    reasons = "\n".join(summary.rejected)
    assert f"{path}:3: not valid UTF-8 (byte 0xe9 in column 'text')" in reasons
    assert f"{path}:4: bad CSV line: field larger than field limit" in reasons
    assert len(summary.rejected) == 2
    assert sorted(stored_texts(store)) == ["bluesky:1", "bluesky:4"]


def test_live_connector_text_with_lone_surrogates_is_stored(store: Store) -> None:
    """Any platform's Record is encodable: the sanitising sits at the normalised-record boundary."""
    for platform in ("x", "reddit", "bluesky", "mastodon", "facebook"):
        record = Record(
            uid=make_uid(platform, "1"), platform=platform, native_id="1", account="dept", kind="reply",
            text="\udfff tail", author_handle="\ud800x", created_at="2026-10-01T12:00:00Z",
            raw={"list": ["\ud800"]},
        )
        with store.db.atomic():
            store.upsert_records([record])
        row = store.db["posts"].get(record.uid)
        assert (row["text"], row["author_handle"], json.loads(row["raw"])) == (
            "\ufffd tail", "\ufffdx", {"list": ["\ufffd"]})


@pytest.mark.parametrize("when", ["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+05:00", "1969-12-31T23:59:59Z"])
def test_created_at_at_the_edge_of_the_calendar_is_a_validation_error(when: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="outside the supported range"):
        Record.model_validate(good(1, created_at=when))


# -- 2. one bad file never blocks the inbox folder ------------------------------------------------------


def test_unreadable_file_moves_to_failed_and_the_daemon_carries_on(tmp_path: Path, make_daemon) -> None:
    """An Excel "Unicode text" export (UTF-16) cannot be read at all: parked in failed/, the next file imports."""
    import os

    from engage.daemon.__main__ import app as daemon_app
    from tests.helpers.daemon import fire, write_config, write_records

    inbox = tmp_path / "data" / "inbox"
    inbox.mkdir(parents=True)
    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}])
    bad = inbox / "excel.csv"
    bad.write_text("uid,platform,native_id\nx:1,x,1\n", encoding="utf-16")
    good_uids = write_records(inbox / "later.jsonl", 10, 3)
    os.utime(bad, (1, 1))  # oldest first: the bad file is read before the good one
    daemon = make_daemon(config_path)
    fire(daemon, "collect:file:inbox")
    assert daemon.failures["collect:file:inbox"] == 0
    failed = inbox / "failed"
    assert sorted(p.name for p in failed.iterdir()) == ["excel.csv", "excel.csv.error"]
    error = (failed / "excel.csv.error").read_text(encoding="utf-8")
    assert error.startswith(f"{bad}: no line could be read as a record; first: {bad}:")
    assert "not valid UTF-8 (byte 0xff in the header)" in error
    assert [p.name for p in (inbox / "done").iterdir()] == ["later.jsonl"]
    with Store.open(daemon.db_path) as store:
        assert {r["uid"] for r in store.db.query("SELECT uid FROM posts")} == good_uids

    result = CliRunner().invoke(daemon_app, ["status", "--config", str(config_path)])
    assert result.exit_code == 1
    assert "file:inbox: 1 file(s) could not be imported" in " ".join(result.output.split())


def test_file_of_the_wrong_format_is_failed_not_done(tmp_path: Path, store: Store) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "notes.jsonl").write_text("just some notes\nnot records\n", encoding="utf-8")
    summary = run_connector(store, FileConnector(inbox), file_ctx(store))
    assert summary.outcome == "partial" and len(summary.rejected) == 2
    assert (inbox / "failed" / "notes.jsonl").exists() and not (inbox / "done").exists()


# -- 3. errors that should be one line: deep YAML, duplicate keys, a damaged database ---------------


def write_file_config(tmp_path: Path, inbox: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(json.dumps({"department": {"name": "Lakeside PD"}, "data_dir": str(tmp_path / "data"),
                                "accounts": [{"platform": "file", "handle": "inbox", "path": str(inbox)}]}))
    (tmp_path / "data").mkdir(exist_ok=True)
    return path


def one_line_error(result: object, code: int) -> str:
    assert result.exit_code == code, result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    return lines[0]


def test_yaml_nested_50000_deep_is_one_line(tmp_path: Path) -> None:
    from engage.cli import app

    path = tmp_path / "config.yaml"
    path.write_text("department: " + "[" * 50_000 + "]" * 50_000 + "\n")
    line = one_line_error(CliRunner().invoke(app, ["doctor", "--config", str(path)]), 2)
    assert line == f"engage: {path}: nested too deeply to be a config file"


def test_duplicate_yaml_keys_are_refused_with_both_lines(tmp_path: Path) -> None:
    from engage.config import ConfigError, load_config

    path = tmp_path / "config.yaml"
    path.write_text("department:\n  name: Lakeside PD\naccounts:\n  - {platform: file, handle: a, path: in}\n"
                    "web:\n  secure_cookies: true\naccounts:\n  - {platform: file, handle: b, path: in}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == f"{path}: line 7: duplicate key 'accounts' (first given at line 3)"
    path.write_text("base: &base {platform: file, path: in}\ndepartment: {name: Lakeside PD}\n"
                    "accounts:\n  - {<<: *base, handle: a}\n")
    with pytest.raises(ConfigError, match="base: unknown key"):  # a merge key is not a duplicate
        load_config(path)


def damage_posts_table(db: Path) -> None:
    """Overwrite the pages of the posts table (not the schema), as a failing disk would."""
    conn = __import__("sqlite3").connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'posts' AND pagetype = 'leaf'")]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert pages
    with db.open("r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * size)
            fh.write(b"\xde\xad" * (size // 2))


def test_damaged_database_is_one_line_from_collect_and_doctor_finds_it(tmp_path: Path) -> None:
    from engage.cli import app

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = write_file_config(tmp_path, inbox)
    (inbox / "a.jsonl").write_text("\n".join(json.dumps(good(i, text="x" * 300)) for i in range(1, 200)) + "\n")
    runner = CliRunner()
    assert runner.invoke(app, ["collect", "--config", str(config)]).exit_code == 0
    db = tmp_path / "data" / "engage.db"
    result = runner.invoke(app, ["doctor", "--config", str(config)])
    assert "quick_check ok in" in result.stdout and "199 records" in result.stdout

    damage_posts_table(db)
    (inbox / "b.jsonl").write_text("\n".join(json.dumps(good(i)) for i in range(1, 50)) + "\n")
    line = one_line_error(runner.invoke(app, ["collect", "--config", str(config)]), 1)
    assert line.startswith(f"engage: {db}: database error (database disk image is malformed)")
    result = runner.invoke(app, ["doctor", "--config", str(config)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"database {db}: schema" in result.stdout and "quick_check DAMAGED:" in result.stdout


def test_doctor_reads_the_database_and_never_creates_it(tmp_path: Path) -> None:
    from engage.cli import app

    config = write_file_config(tmp_path, tmp_path)
    db = tmp_path / "data" / "engage.db"
    result = CliRunner().invoke(app, ["doctor", "--config", str(config)])
    assert f"database {db}: no such database" in result.stdout
    assert not db.exists() and not list((tmp_path / "data").iterdir())
    db.write_bytes(b"")
    result = CliRunner().invoke(app, ["doctor", "--config", str(config)])
    assert f"database {db}: an empty file, not an engage database" in result.stdout and result.exit_code == 1
    assert db.stat().st_size == 0


# -- 4. every query parameter bounded; error responses carry the security headers ------------------


def assert_secured(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert headers["Cache-Control"] == "no-store" and headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/inbox", "/inbox/rows"])
@pytest.mark.parametrize(("query", "message"), [
    ("until=9999-12-31", "to: 9999-12-31 is not between 1970-01-01 and 2199-12-31"),
    ("since=0001-01-01", "from: 0001-01-01 is not between"),
    ("page=9223372036854775807", "page: '9223372036854775807' is not a page number from 1 to 100000"),
    ("page=-1", "page: '-1' is not a page number"),
    ("page=1e3", "page: '1e3' is not a page number"),
    ("q=" + "a" * 501, "q: at most 500 characters"),
    ("account=" + "b" * 201, "account: at most 200 characters"),
    ("status=%00", "status '\\x00' is not one of"),
])
def test_bad_query_parameters_are_a_400_with_security_headers(
    client: TestClient, path: str, query: str, message: str
) -> None:
    login(client)
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400, response.text[:200]
    assert message in html.unescape(response.text)
    assert_secured(response)


def test_largest_valid_bounds_still_answer(client: TestClient) -> None:
    login(client)
    for query in ("until=2199-12-31&since=1970-01-01", "page=100000", "q=" + "a " * 250):
        assert client.get(f"/inbox?{query}").status_code == 200, query


def test_a_server_error_page_carries_the_security_headers(app_store: Store) -> None:
    app = create_app(example_config(), app_store.path, secret="test-secret", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        login(c)
        app_store.db.execute("DROP TABLE posts_fts")  # the search index lost, as a half-restored backup would
        response = c.get("/inbox?q=road")
    assert response.status_code == 500 and "Traceback" not in response.text and "posts_fts" not in response.text
    assert_secured(response)


# -- 7. form fields that must be text refuse file uploads -------------------------------------------


def test_a_note_posted_as_a_file_upload_is_refused(client: TestClient, app_store: Store) -> None:
    login(client)
    token = csrf(client)
    response = client.post("/act/note", data={"uid": "x:201", "csrf_token": token},
                           files={"note": ("note.txt", b"call back", "text/plain")}, follow_redirects=False)
    assert response.status_code == 400 and "note: must be text, not a file upload" in response.text
    assert_secured(response)
    assert app_store.db.execute("SELECT note FROM triage WHERE uid = 'x:201'").fetchone()[0] is None
    response = client.post("/act/note", data={"uid": "x:201", "csrf_token": token, "note": "call back"},
                           files={"attachment": ("a.bin", b"\0", "application/octet-stream")})
    assert response.status_code == 400
    response = client.post("/act/note", data={"uid": "x:201", "csrf_token": token, "note": "call back"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert app_store.db.execute("SELECT note FROM triage WHERE uid = 'x:201'").fetchone()[0] == "call back"


def test_login_refuses_a_file_upload_as_the_password(client: TestClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"name": "ann", "csrf_token": token},
                           files={"password": ("p.txt", PASSWORD.encode(), "text/plain")}, follow_redirects=False)
    assert response.status_code == 400 and SESSION_COOKIE not in response.headers.get("set-cookie", "")


# -- observations: login CSRF cookie rotation, X-Forwarded-For only from trusted proxies -------------


def test_a_planted_login_csrf_cookie_is_never_reused(client: TestClient) -> None:
    planted = "A" * 43
    client.cookies.set(LOGIN_CSRF_COOKIE, planted, path="/login")
    page = client.get("/login")
    issued = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert issued != planted and f"{LOGIN_CSRF_COOKIE}={issued}" in page.headers["set-cookie"]
    assert issued != re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)


@pytest.mark.parametrize(("trusted", "recorded"), [([], "127.0.0.1"), (["127.0.0.1"], "203.0.113.9")])
def test_x_forwarded_for_is_believed_only_from_trusted_proxies(
    app_store: Store, trusted: list[str], recorded: str
) -> None:
    import httpx

    from engage.web.cli import proxy_options
    from engage.web.screenshots import running_server

    base = example_config()
    config = base.model_copy(update={"web": base.web.model_copy(update={"trusted_proxies": trusted})})
    app = create_app(config, app_store.path, secret="s", clock=lambda: NOW)
    with running_server(app, **proxy_options(config.web)) as url, httpx.Client(base_url=url) as http:
        token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text).group(1)
        response = http.post("/login", data={"name": "ann", "password": "wrong", "csrf_token": token},
                             headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 401
    assert [r["client"] for r in app_store.db.query("SELECT client FROM login_attempts")] == [recorded]


def test_trusted_proxies_must_be_addresses(tmp_path: Path) -> None:
    from engage.config import ConfigError, load_config

    path = tmp_path / "config.yaml"
    path.write_text("department: {name: Lakeside PD}\naccounts: [{platform: x, handle: LakesidePD}]\n"
                    "web: {trusted_proxies: [127.0.0.1, 'localhost']}\n")
    with pytest.raises(ConfigError, match="web.trusted_proxies: 'localhost' is not an IP address or network"):
        load_config(path)


# -- 5. the Markdown report makes no link, tag or markup of public text, in CommonMark or GFM -------

MARKDOWN_ATTACKS = [
    "Log in at https://rivert\u03bfn-pd.login.example/verify to keep your account",  # homoglyph host
    "see www.riverton-pd-login.com now", "bare host evil.com/login and EVIL.CO.UK", "mail chief@riverton.gov",
    "mailto:chief@riverton.gov xmpp:chief@riverton.gov", "<https://evil.example>", "[click](https://evil.example)",
    "![pixel](https://evil.example/p.png)", "[ref]: https://evil.example", "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>", "</p><a href=javascript:alert(1)>x</a>", "&lt;b&gt; &#106;avascript &amp;",
    "# not a heading", "> not a quote", "- not a list", "10. not a list", "3) not a list", "---", "***",
    "*not bold* __not bold__ ~~not struck~~ `not code`", "a | table | cell", "back\\slash \\*", "call (555) 123-4567",
    "https://x.example:8080/a_(b)?c=d#e", "ftp://files.example/x", "line one\nline two\n\n# two", "www.evil",
]


def rendered_text(html_text: str) -> str:
    """What a reader sees: the text content of the rendered HTML, word joiners being invisible."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).replace("\u2060", "").strip()


@pytest.mark.parametrize("text", MARKDOWN_ATTACKS)
@pytest.mark.parametrize("place", ["{}", "1. {}", "> {}", '- a member of the public: "{}": handled'])
def test_markdown_report_text_is_inert_and_shown_as_posted(text: str, place: str) -> None:
    import cmarkgfm
    from markdown_it import MarkdownIt

    from engage.reports.render import md

    line = place.format(md(text))
    outer = place.format("\x00").split("\x00")
    expected = "".join([outer[0].split(" ", 1)[-1] if place != "{}" else "", " ".join(text.split()), outer[1]])
    renderers = {
        "GFM (cmark-gfm: autolink, tagfilter)": cmarkgfm.github_flavored_markdown_to_html(line),
        "CommonMark (markdown-it, raw HTML on)": MarkdownIt("commonmark").render(line),
        "markdown-it linkify": MarkdownIt("gfm-like", {"linkify": True}).enable("linkify").render(line),
    }
    for name, out in renderers.items():
        tags = {t.lower() for t in re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", out)}
        assert tags <= {"p", "ol", "ul", "li", "blockquote"}, (name, out)
        assert "raw HTML omitted" not in out, (name, out)
        assert rendered_text(out) == expected.strip(), (name, out)


def test_markdown_report_reads_as_posted_in_plain_text() -> None:
    """Issue 15: the Markdown (an e-mail body, often read unrendered) showed ``\\(555\\)``."""
    from engage.reports.render import md

    for text in ("Call (555) 123-4567, ask for #7 + more!", "Thanks {team} 100% :) 10.5 km", "Is it 3 + 4 = 7?"):
        assert md(text) == text


# -- 6. a reply-chain cycle neither hides a reply nor gets in through import -------------------------


def test_thread_view_shows_every_post_of_a_parent_cycle(client: TestClient, app_store: Store, make_record) -> None:
    from engage import triage

    cycle = [make_record("901", parent_uid="x:902", root_uid="x:100", text="first of the loop"),
             make_record("902", parent_uid="x:901", root_uid="x:100", text="second of the loop"),
             make_record("903", parent_uid="x:903", text="its own parent"),
             make_record("904", parent_uid="x:gone", root_uid="x:gone", text="parent never collected")]
    with app_store.db.atomic():
        app_store.upsert_records(cycle, now=NOW)  # records a store already holds, as an older import left them
    login(client)
    for uid, text in (("x:901", "first of the loop"), ("x:902", "second of the loop"), ("x:903", "its own parent"),
                      ("x:904", "parent never collected")):
        posts = triage.thread(app_store, uid)
        assert [p.uid for p in posts].count(uid) == 1 and len({p.uid for p in posts}) == len(posts)
        page = client.get("/thread", params={"uid": uid})
        assert page.status_code == 200 and text in page.text
    assert {"x:100", "x:201", "x:901", "x:902"} <= {p.uid for p in triage.thread(app_store, "x:901")}


def test_import_refuses_a_record_whose_parent_chain_loops(tmp_path: Path, store: Store) -> None:
    lines = [good(1, parent_uid="bluesky:2"), good(2, parent_uid="bluesky:3"), good(3, parent_uid="bluesky:1"),
             good(4, parent_uid="bluesky:4"), good(5, parent_uid="bluesky:1"), good(2, parent_uid=None, text="edited")]
    path = tmp_path / "loop.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    summary = run_connector(store, FileConnector(path), file_ctx(store))
    assert summary.rejected == [
        f"{path}:3: parent_uid: the reply chain loops back to this record "
        "(bluesky:3 -> bluesky:1 -> bluesky:2 -> bluesky:3)",
    ]  # bluesky:4, its own parent, is stored: the thread view shows it at the top level
    assert sorted(stored_texts(store)) == ["bluesky:1", "bluesky:2", "bluesky:4", "bluesky:5"]


# -- observation: no length limit on public text: classify a bounded prefix, store all of it --------


def test_a_huge_reply_is_stored_whole_and_classified_from_a_bounded_prefix(tmp_path: Path, store: Store) -> None:
    from engage.classify import CLASSIFY_CHARS, classify_pending
    from tests.helpers.daemon import FakeSuite

    class Spy(FakeSuite):
        """The daemon tests' stand-in suite, also keeping the longest text it was given."""

        longest = 0

        def predict(self, texts: list[str]) -> dict[str, list[object]]:
            self.longest = max([self.longest, *map(len, texts)])
            return super().predict(texts)

    huge = "please help " * 1_700_000  # 20 MB, as the probe imported
    path = tmp_path / "huge.jsonl"
    path.write_text(json.dumps(good(1, text=huge)) + "\n" + json.dumps(good(2)) + "\n", encoding="utf-8")
    assert run_connector(store, FileConnector(path), file_ctx(store)).counts.new == 2
    suite = Spy("fake@1")
    summary = classify_pending(store, suite)
    assert summary.classified == {"sentiment": 2}
    assert suite.longest == CLASSIFY_CHARS
    assert store.db["posts"].get("bluesky:1")["text"] == huge


# -- observation: formula prefixes, javascript: URLs and NUL bytes in a CSV export -------------------


def test_spreadsheet_safe_export_neutralises_formulas_urls_and_nul(tmp_path: Path, store: Store, make_record,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import csv

    from engage.export.cli import export_app
    from tests.helpers.export import KEY, KEY_ENV, config

    texts = {"x:41": '=HYPERLINK("http://evil.example","click")', "x:42": "+plus first", "x:43": "-2 degrees",
             "x:44": "@ 9am SUM(A1)", "x:45": "nul\x00byte", "x:46": "\tTAB first", "x:47": "plain reply"}
    records = [make_record("40", kind="post", is_department=True, author_id="1402987715531431936",
                           author_handle="RivertonPD", text="=cmd|' /C calc'!A0", url="javascript:alert(1)",
                           root_uid="x:40")]
    records += [make_record(uid[2:], parent_uid="x:40", root_uid="x:40", text=text) for uid, text in texts.items()]
    with store.db.atomic():
        store.upsert_records(records)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(json.dumps(config(tmp_path).model_dump(mode="json")), encoding="utf-8")
    monkeypatch.setenv(KEY_ENV, KEY)

    def exported(name: str, *flags: str) -> dict[str, dict[str, str]]:
        result = CliRunner().invoke(export_app, ["--out", str(tmp_path / name), *flags, "--config", str(cfg),
                                                 "--db", str(store.path)])
        assert result.exit_code == 0, result.output
        with (tmp_path / name / "posts.csv").open(encoding="utf-8", newline="") as fh:
            return {row["text"][:12]: row for row in csv.DictReader(fh)}

    as_posted = {row["text"] for row in exported("plain").values()}
    assert {texts["x:41"], texts["x:45"], texts["x:46"], "=cmd|' /C calc'!A0"} <= as_posted  # default: as posted
    safe = exported("safe", "--spreadsheet-safe")
    safe_texts = {row["text"] for row in safe.values()}
    assert {"'" + texts["x:41"], "'+plus first", "'-2 degrees", "'@ 9am SUM(A1)", "'\tTAB first", "nul\ufffdbyte",
            "plain reply", "'=cmd|' /C calc'!A0"} == safe_texts
    assert safe["'=cmd|' /C c"]["url"] == "'javascript:alert(1)"
    manifest = json.loads((tmp_path / "safe" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["query"]["spreadsheet_safe"] is True
    result = CliRunner().invoke(export_app, ["--out", str(tmp_path / "j"), "--format", "jsonl", "--spreadsheet-safe",
                                             "--config", str(cfg), "--db", str(store.path)])
    assert result.exit_code == 1 and "--spreadsheet-safe is for --format csv, not jsonl" in result.output


# -- the probe's other categories: traversal, fixation, injection, YAML bombs, bad lines, secrets -----


@pytest.mark.parametrize("path", [
    "/reports/0/..%2Fsecret.html", "/reports/0/%2e%2e%2fsecret.html", "/reports/0/../secret.html",
    "/reports/0/....//secret.html", "/reports/1/weekly-2026-W47.html", "/reports/-1/weekly-2026-W47.html",
    "/reports/99999999999999999999999/weekly-2026-W47.html", "/reports/0/.secret.html", "/reports/0/%00.html",
    "/reports/0/weekly-2026-W47.html%00.txt", "/reports/0/link.html",
])
def test_reports_route_reads_nothing_outside_the_reports_folder(client: TestClient, app_store: Store,
                                                                path: str) -> None:
    folder = app_store.path.parent / "reports"
    folder.mkdir(exist_ok=True)
    (folder / "weekly-2026-W47.html").write_text("the report", encoding="utf-8")
    (app_store.path.parent / "secret.html").write_text("TOP SECRET", encoding="utf-8")
    (folder / "link.html").symlink_to(app_store.path.parent / "secret.html")
    login(client)
    assert client.get("/reports/0/weekly-2026-W47.html").text == "the report"
    response = client.get(path)
    assert response.status_code in (404, 422) and "TOP SECRET" not in response.text
    assert_secured(response)


def test_a_planted_session_is_never_upgraded_by_signing_in(client: TestClient) -> None:
    login(client, "vic")  # the attacker's own (viewer) session, planted in the victim's browser
    planted = client.cookies.get(SESSION_COOKIE)
    with TestClient(client.app, base_url="http://127.0.0.1") as victim:
        victim.cookies.set(SESSION_COOKIE, planted, domain="127.0.0.1", path="/")
        victim.get("/login")
        token = victim.cookies.get(LOGIN_CSRF_COOKIE)  # the login form carries the same token
        response = victim.post("/login", data={"name": "ann", "password": PASSWORD, "csrf_token": token},
                               follow_redirects=False)
        assert response.status_code == 303 and victim.cookies.get(SESSION_COOKIE) != planted
    token = csrf(client)
    refused = client.post("/act/status", data={"uid": "x:201", "status": "no_action", "csrf_token": token})
    assert refused.status_code == 403  # the planted cookie is still the viewer's session, not ann's


INJECTIONS = ["' OR 1=1 --", '" OR ""="', "x'); DROP TABLE posts; --", "road OR reply", "NEAR(road reply)",
              "text:road", "*", '"road', "road) OR (1", "^road", "\\", "%", "_", "\u0000", "ｒｏａｄ' --"]


@pytest.mark.parametrize("param", ["status", "platform", "account", "topic", "sentiment", "assignee", "q", "since"])
def test_inbox_parameters_are_never_sql_or_fts_syntax(client: TestClient, app_store: Store, param: str) -> None:
    """SQL and FTS5 syntax in any filter is a value to compare or words to search: a 200 or a 400, no change."""
    login(client)
    before = app_store.db.execute("SELECT count(*) FROM posts").fetchone()[0]
    for payload in INJECTIONS:  # /inbox/rows reads its filters through the same code
        response = client.get("/inbox", params={param: payload, "status": "all"} if param != "status"
                              else {param: payload})
        assert response.status_code in (200, 400), (param, payload, response.status_code)
        if param != "q":  # no platform, account, topic... is named like that: nothing matches
            assert 'data-uid="x:' not in response.text, (param, payload)
    assert app_store.db.execute("SELECT count(*) FROM posts").fetchone()[0] == before


def test_a_yaml_bomb_is_refused_at_once(tmp_path: Path) -> None:
    from engage.config import ConfigError, load_config

    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{chr(c)}: &{chr(c)} [{', '.join([f'*{chr(c - 1)}'] * 9)}]" for c in range(ord("b"), ord("j") + 1)]
    path = tmp_path / "config.yaml"
    path.write_text("\n".join(lines) + "\ndepartment: {name: Lakeside PD}\naccounts: [{platform: x, handle: L}]\n"
                    "topics: [{name: a, description: b, examples: *j}]\n")
    with pytest.raises(ConfigError, match=r"^.*config.yaml: topics\[0\].examples\[0\]: Input should be a valid string"):
        load_config(path)


BAD_JSONL = {
    "{not json": "invalid JSON", '["a list"]': "expected a JSON object, got list", "42": "expected a JSON object",
    "null": "expected a JSON object, got NoneType", '{"uid": "x:1"}': "Field required",
    json.dumps(good(0, kind="tweet")): "kind", json.dumps(good(0, created_at="yesterday")): "created_at",
    json.dumps(good(0, created_at="2026-10-01T12:00:00")): "timezone", json.dumps(good(0, uid="x:0")): "uid",
    json.dumps(good(0, native_id="")): "native_id",
}
# Odd values outside a record's identity: the record is kept, the field emptied and flagged (#16.1).
ODD_JSONL = {
    json.dumps(good(10, metrics={"likes": -1})): "metrics.likes",
    json.dumps(good(11, metrics={"likes": "many"})): "metrics.likes", json.dumps(good(12, surprise=1)): "surprise",
    json.dumps(good(13, raw=[1, 2])): "raw", json.dumps(good(14, text=None)): "text",
}


def test_fifteen_kinds_of_bad_jsonl_line_each_cost_only_their_line(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "bad.jsonl"
    lines = [json.dumps(good(1)), *BAD_JSONL, *ODD_JSONL, json.dumps(good(2))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run_connector(store, FileConnector(path), file_ctx(store))
    assert len(BAD_JSONL) + len(ODD_JSONL) == 15 and len(summary.rejected) == len(BAD_JSONL)
    for line_no, (reason, expected) in enumerate(zip(summary.rejected, BAD_JSONL.values(), strict=True), start=2):
        assert reason.startswith(f"{path}:{line_no}: ") and expected in reason, reason
    rows = store.db.query("SELECT uid, flags FROM posts WHERE flags IS NOT NULL")
    flags = {r["uid"]: json.loads(r["flags"]) for r in rows}
    assert sorted(stored_texts(store)) == ["bluesky:1", "bluesky:10", "bluesky:11", "bluesky:12", "bluesky:13",
                                           "bluesky:14", "bluesky:2"]
    for n, expected in enumerate(ODD_JSONL.values(), start=10):
        assert any(flag.startswith(expected) for flag in flags[f"bluesky:{n}"]), flags


def test_six_kinds_of_bad_csv_row_each_cost_only_their_line(tmp_path: Path, store: Store) -> None:
    head = "uid,platform,native_id,account,kind,text,created_at,likes,raw"
    rows = ["bluesky:1,bluesky,1,dept,reply,fine,2026-10-01T12:00:00Z,1,",
            "bluesky:3,bluesky,3,dept,reply,extra,2026-10-01T12:00:00Z,1,,surplus",  # more fields than columns
            "bluesky:4,bluesky,4,dept,reply,count,2026-10-01T12:00:00Z,lots,",  # not a number
            "bluesky:5,bluesky,5,dept,reply,raw,2026-10-01T12:00:00Z,1,{broken",  # raw not JSON
            "bluesky:6,bluesky,6,dept,reply,short",  # missing created_at and kind of the rest
            "bluesky:7,bluesky,7,dept,reply,naive,2026-10-01 12:00,1,",  # no time zone
            'bluesky:8,bluesky,8,dept,reply,"unterminated,2026-10-01T12:00:00Z,1,']  # swallows the rest
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([head, *rows[:1], *rows[1:6], "bluesky:2,bluesky,2,dept,reply,fine too,"
                               "2026-10-01T12:00:00Z,2,", rows[6]]) + "\n", encoding="utf-8")
    summary = run_connector(store, FileConnector(path), file_ctx(store))
    assert [r.split(": ", 1)[0] for r in summary.rejected] == [f"{path}:{n}" for n in (3, 6, 7, 9)]
    # A bad count or raw cell costs only that cell: the record is kept and the column named in its flags.
    assert sorted(stored_texts(store)) == ["bluesky:1", "bluesky:2", "bluesky:4", "bluesky:5"]
    rows = store.db.query("SELECT uid, flags FROM posts WHERE flags IS NOT NULL")
    flags = {r["uid"]: json.loads(r["flags"]) for r in rows}
    assert flags == {"bluesky:4": ["metrics.likes: column 'likes': 'lots' is not a whole number"],
                     "bluesky:5": ["raw: column 'raw': not valid JSON (Expecting property name enclosed in double "
                                   "quotes at character 2)"]}


def test_fake_secrets_in_every_credential_variable_appear_nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from engage.cli import app
    from engage.config import load_config

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.jsonl").write_text(json.dumps(good(1)) + "\n", encoding="utf-8")
    config_path = write_file_config(tmp_path, inbox)
    secrets = {}
    for names in load_config(config_path).credentials.env_names().values():
        for name in names:
            secrets[name] = f"FAKE-{name}-s3cr3t"
            monkeypatch.setenv(name, secrets[name])
    runner = CliRunner()
    with caplog.at_level(logging.DEBUG):
        outputs = [runner.invoke(app, [*cmd, "--config", str(config_path)]) for cmd in
                   (["collect"], ["doctor"], ["report", "weekly", "--week", "2026-W40"], ["status"])]
    everything = "".join(r.output for r in outputs) + caplog.text
    everything += "".join(p.read_bytes().decode("utf-8", "replace") for p in (tmp_path / "data").rglob("*")
                          if p.is_file())
    assert secrets and not [s for s in secrets.values() if s in everything]


def test_import_refuses_a_loop_closed_with_a_record_stored_earlier(tmp_path: Path) -> None:
    from engage.cli import app

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = write_file_config(tmp_path, inbox)
    (inbox / "first.jsonl").write_text(json.dumps(good(2, parent_uid="bluesky:1")) + "\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["collect", "--config", str(config)]).exit_code == 0
    (inbox / "second.jsonl").write_text(json.dumps(good(1, parent_uid="bluesky:2")) + "\n"
                                        + json.dumps(good(3, parent_uid="bluesky:2")) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["collect", "--config", str(config)])
    assert "skipped=1" in result.stdout
    with Store.open(tmp_path / "data" / "engage.db") as store:
        assert sorted(stored_texts(store)) == ["bluesky:2", "bluesky:3"]
        [run] = store.db.query("SELECT details FROM runs ORDER BY id DESC LIMIT 1")
    assert f"{inbox / 'second.jsonl'}:1: parent_uid: the reply chain loops back to this record " \
           "(bluesky:1 -> bluesky:2 -> bluesky:1)" in json.loads(run["details"])["rejected"]
