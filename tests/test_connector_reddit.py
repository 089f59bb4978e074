"""The Reddit connector driven through the real praw.Reddit, with HTTP answered by a fake Reddit API.

Payloads in ``fixtures/reddit`` are shaped like Reddit's: ``Listing`` objects of ``t3``/``t1``
things, comment trees with nested ``replies`` listings and ``more`` stubs, ``/api/morechildren``
returning ``json.data.things`` (and ``/api/info`` a Listing) for any comment in ``pool``, and the
OAuth token response. A failure with status 200 answers the real body cut off halfway. Every test
asserts on DB rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import praw
import pytest
import responses

from connectors.base import AccountRef, CollectContext
from connectors.reddit import RedditConnector
from engage.collect import run_connector
from engage.store import Store

from .conftest import crash_at_every_page, decided, posts_by_uid

FIXTURES = Path(__file__).parent / "fixtures" / "reddit"
OAUTH = "https://oauth.reddit.com"
NOW = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)
S1, S2, OTHER = "t3_1o0aaa", "t3_1o0bbb", "t3_1nzzzz"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeReddit:
    """Serves the fixtures at the URLs praw requests; records calls; can fail the next N requests."""

    def __init__(self, rsps: responses.RequestsMock) -> None:
        self.calls: list[tuple[str, str, dict[str, str]]] = []
        self.failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.files = {"S1": "comments_S1.json", "S2": "comments_S2.json"}
        self.threads: dict[str, Any] = {}  # a payload served instead of the file (tests that edit one)
        self.scores: dict[str, Any] = {}  # fullname -> the score every payload carries for it
        self.pool = {t["data"]["name"]: t for t in fixture("morechildren_S1.json")["json"]["data"]["things"]}
        rsps.add_callback(responses.POST, "https://www.reddit.com/api/v1/access_token",
                          callback=self._wrap("token", lambda p: fixture("access_token.json")))
        rsps.add_callback(responses.GET, re.compile(OAUTH + r"/user/[^/]+/submitted"),
                          callback=self._wrap("submitted", lambda p: self._listing("user_submitted.json", p)))
        rsps.add_callback(responses.GET, re.compile(OAUTH + r"/user/[^/]+/comments"),
                          callback=self._wrap("user_comments", lambda p: self._listing("user_comments.json", p)))
        rsps.add_callback(responses.GET, re.compile(OAUTH + r"/comments/1o0aaa/?\?"),
                          callback=self._wrap("thread_S1", lambda p: self.thread("S1")))
        rsps.add_callback(responses.GET, re.compile(OAUTH + r"/comments/1o0bbb/?\?"),
                          callback=self._wrap("thread_S2", lambda p: self.thread("S2")))
        rsps.add_callback(responses.GET, re.compile(OAUTH + r"/api/info"),
                          callback=self._wrap("info", self._info))
        rsps.add_callback(responses.GET, re.compile(OAUTH + r"/comments/1nzzzz/_/nq3001"),
                          callback=self._wrap("context", lambda p: fixture("context_D2.json")))
        rsps.add_callback(responses.POST, re.compile(OAUTH + r"/api/morechildren"),
                          callback=self._wrap("morechildren", self._morechildren))

    def fail(self, name: str, status: int, headers: dict[str, str] | None = None, times: int = 1) -> None:
        self.failures.setdefault(name, []).extend([(status, headers or {})] * times)

    def requests_to(self, name: str) -> list[dict[str, str]]:
        return [params for n, _, params in self.calls if n == name]

    def _wrap(self, name: str, body: Any) -> Any:
        def callback(request: Any) -> tuple[int, dict[str, str], str]:
            params = {k: v[0] for k, v in parse_qs(urlparse(request.url).query).items()}
            if isinstance(request.body, str):
                params.update({k: v[0] for k, v in parse_qs(request.body).items()})
            self.calls.append((name, request.url, params))
            if name != "token":
                assert request.headers["Authorization"].startswith("bearer ")
                assert request.headers["User-Agent"].startswith("python:engage-test:0.1.0 (by /u/RivertonPD_Official)")
            pending = self.failures.get(name)
            if pending:
                status, headers = pending.pop(0)
                if status == 200:
                    text = json.dumps(body(params))
                    return 200, {"content-type": "application/json"}, text[: len(text) // 2]
                return status, {"content-type": "application/json", **headers}, json.dumps(
                    {"message": HTTPStatus(status).phrase, "error": status})
            return 200, {"content-type": "application/json"}, json.dumps(self._rescore(body(params)))

        return callback

    def _rescore(self, payload: Any) -> Any:
        """Overwrite (or, for ``...``, remove) the score of the things named in ``scores``, wherever they are."""
        if isinstance(payload, list):
            for item in payload:
                self._rescore(item)
        elif isinstance(payload, dict):
            if payload.get("name") in self.scores:
                value = self.scores[payload["name"]]
                payload.pop("score", None) if value is ... else payload.update(score=value)
            for value in payload.values():
                self._rescore(value)
        return payload

    def thread(self, key: str) -> Any:
        return self.threads.get(key) or fixture(self.files[key])

    def _morechildren(self, params: dict[str, str]) -> dict[str, Any]:
        wanted = [f"t1_{c}" for c in params["children"].split(",")]
        return {"json": {"errors": [], "data": {"things": [self.pool[n] for n in wanted if n in self.pool]}}}

    def _info(self, params: dict[str, str]) -> dict[str, Any]:
        things = [self.pool[n] for n in params["id"].split(",") if n in self.pool]
        return {"kind": "Listing", "data": {"after": None, "dist": len(things), "children": things}}

    def _listing(self, name: str, params: dict[str, str]) -> dict[str, Any]:
        """A user listing page: ``limit`` items (at most 100) after the ``after`` fullname."""
        listing = fixture(name)
        children = listing["data"]["children"]
        start = 0
        if "after" in params:
            start = 1 + next(i for i, c in enumerate(children) if c["data"]["name"] == params["after"])
        limit = min(int(params.get("limit", 25)), 100)
        page = children[start : start + limit]
        more = start + limit < len(children)
        listing["data"].update(children=page, dist=len(page), after=page[-1]["data"]["name"] if more else None)
        return listing


@pytest.fixture
def fake() -> Iterator[FakeReddit]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield FakeReddit(rsps)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def connector(sleeps: Sleeps | None = None, **kwargs: Any) -> RedditConnector:
    reddit = praw.Reddit(
        client_id="test-client", client_secret="test-secret",
        user_agent="python:engage-test:0.1.0 (by /u/RivertonPD_Official)",
        check_for_updates=False, check_for_async=False,
    )
    return RedditConnector(reddit, credential_envs="REDDIT_CLIENT_ID/REDDIT_CLIENT_SECRET",
                           sleep=sleeps if sleeps is not None else Sleeps(), **kwargs)


def context(store: Store, *, now: datetime = NOW) -> CollectContext:
    return CollectContext(
        account=AccountRef("reddit", "RivertonPD_Official"),
        cursors=store.get_cursors("reddit", "RivertonPD_Official"),
        watched=store.watched_threads("reddit", "RivertonPD_Official", now - timedelta(days=7)),
        department_handles=frozenset({"rivertonpd_official"}),
        now=now,
    )


def rd(native: str) -> str:
    return f"reddit:{native}"


def test_first_run_collects_submissions_forests_and_replies_elsewhere(store: Store, fake: FakeReddit) -> None:
    summary = run_connector(store, connector(), context(store))
    got = posts_by_uid(store)
    assert summary.outcome == "ok", summary.error

    s1 = got[rd(S1)]
    assert (s1["kind"], s1["is_department"], s1["author_handle"], s1["root_uid"]) == (
        "post", 1, "RivertonPD_Official", rd(S1))
    assert s1["text"].startswith("Main St closed for water main repair\n\nMain St between")
    assert (s1["likes"], s1["score"], s1["replies"], s1["views"]) == (None, 42, 7, None)
    assert s1["url"] == "https://www.reddit.com/r/Riverton/comments/1o0aaa/main_st_closed_for_w/"
    assert json.loads(got[rd(S2)]["raw"])["distinguished"] == "moderator"

    # A reply chain three deep: public -> department -> public -> public, parent/root from fullnames.
    chain = [("t1_nq1000", S1), ("t1_nq1001", "t1_nq1000"), ("t1_nq1002", "t1_nq1001"), ("t1_nq1003", "t1_nq1002")]
    for native, parent in chain:
        assert (got[rd(native)]["parent_uid"], got[rd(native)]["root_uid"], got[rd(native)]["kind"]) == (
            rd(parent), rd(S1), "reply")
    assert got[rd("t1_nq1001")]["is_department"] == 1 and got[rd("t1_nq1000")]["is_department"] == 0
    assert got[rd("t1_nq1000")]["author_id"] == "t2_maria_"

    # A deleted account: author gone, words kept. A removed comment: tombstoned, not dropped.
    gone_author = got[rd("t1_nq1004")]
    assert (gone_author["author_handle"], gone_author["author_id"], gone_author["deleted_at"]) == (None, None, None)
    assert gone_author["text"] == "I drove past, it's a big hole."
    removed = got[rd("t1_nq1005")]
    assert removed["deleted_at"] is not None and removed["text"] == ""

    # 'more' stubs expanded through /api/morechildren.
    assert fake.requests_to("morechildren")[0]["children"] == "nq1006,nq1007"
    assert got[rd("t1_nq1006")]["parent_uid"] == rd(S1)

    # Replies under a department comment in someone else's thread; its parent is not collected.
    assert got[rd("t1_nq3001")]["is_department"] == 1
    assert (got[rd("t1_nq3002")]["parent_uid"], got[rd("t1_nq3002")]["root_uid"]) == (rd("t1_nq3001"), rd(OTHER))
    assert rd("t1_nq3000") not in got and rd(OTHER) not in got

    assert len(got) == 13
    triage = {r["uid"]: r["status"] for r in store.db.query("SELECT uid, status FROM triage")}
    assert triage[rd("t1_nq1000")] == "responded" and triage[rd("t1_nq1002")] == "new"
    run = next(iter(store.db.query("SELECT * FROM runs")))
    assert (run["outcome"], run["new"], run["reads"]) == ("ok", 13, 0)
    assert store.get_cursors("reddit", "RivertonPD_Official") == {
        "submissions": f"1791561600:{S2}", "comments": "1791470700:t1_nq1001"}


def test_second_run_adds_nothing(store: Store, fake: FakeReddit) -> None:
    run_connector(store, connector(), context(store))
    before = decided(store, "replies")
    again = run_connector(store, connector(), context(store, now=NOW + timedelta(minutes=15)))
    assert (again.outcome, again.counts.new, again.counts.updated) == ("ok", 0, 0)
    assert decided(store, "replies") == before


def test_edited_comment_updates_text_and_keeps_metric_history(store: Store, fake: FakeReddit) -> None:
    run_connector(store, connector(), context(store))
    fake.files["S2"] = "comments_S2_edited.json"
    again = run_connector(store, connector(), context(store, now=NOW + timedelta(minutes=15)))
    row = posts_by_uid(store)[rd("t1_nq2000")]
    assert again.counts.updated == 1
    assert row["text"] == "Will there be donuts? (edit: and coffee for kids?)" and row["score"] == 5
    assert json.loads(row["raw"])["edited"] == 1791565200.0
    assert store.count("metric_snapshots", "uid = ?", [rd("t1_nq2000")]) == 2


def test_listing_pages_follow_after(store: Store, fake: FakeReddit) -> None:
    run_connector(store, connector(listing_limit=1), context(store))
    pages = fake.requests_to("submitted")
    assert [p.get("after") for p in pages] == [None, S2]
    assert all(p["limit"] == "1" for p in pages)
    assert store.count("posts", "kind = 'post'") == 2


def test_replace_more_limit_zero_leaves_more_for_later(store: Store, fake: FakeReddit) -> None:
    run_connector(store, connector(replace_more_limit=0), context(store))
    assert fake.requests_to("morechildren") == []
    assert rd("t1_nq1006") not in posts_by_uid(store) and rd("t1_nq1000") in posts_by_uid(store)


def test_429_waits_as_reddit_asks_then_succeeds(store: Store, fake: FakeReddit) -> None:
    sleeps = Sleeps()
    fake.fail("thread_S1", 429, {"retry-after": "7"})
    summary = run_connector(store, connector(sleeps), context(store))
    assert summary.outcome == "ok"
    assert sleeps == [7.0]
    assert rd("t1_nq1003") in posts_by_uid(store)


def test_500_is_retried_without_real_sleeps(store: Store, fake: FakeReddit) -> None:
    sleeps = Sleeps()
    fake.fail("thread_S2", 500, times=4)  # prawcore retries twice, then our backoff, then prawcore again
    summary = run_connector(store, connector(sleeps), context(store))
    assert summary.outcome == "ok"
    assert len(fake.requests_to("thread_S2")) == 5
    assert len(sleeps) == 4 and all(0 <= s <= 4 for s in sleeps)
    assert rd("t1_nq2000") in posts_by_uid(store)


def test_401_at_login_names_the_env_vars(store: Store, fake: FakeReddit) -> None:
    fake.fail("token", 401)
    summary = run_connector(store, connector(), context(store))
    assert summary.outcome == "error"
    assert "REDDIT_CLIENT_ID/REDDIT_CLIENT_SECRET" in (summary.error or "") and "401" in (summary.error or "")
    assert store.count("posts") == 0


def test_404_redditor_is_a_clear_message(store: Store, fake: FakeReddit) -> None:
    fake.fail("submitted", 404)
    summary = run_connector(store, connector(), context(store))
    assert summary.outcome == "error"
    assert summary.error == "reddit: u/RivertonPD_Official not found (account renamed, deleted or suspended?)"


def test_negative_scores_are_kept_as_a_signed_score_not_likes(store: Store, fake: FakeReddit) -> None:
    fake.scores = {"t1_nq1001": -4, "t1_nq1002": -11, "t1_nq2000": ...}  # a department answer, a reply, one without
    summary = run_connector(store, connector(), context(store))
    got = posts_by_uid(store)

    assert (summary.outcome, summary.rejected) == ("ok", [])
    assert (got[rd("t1_nq1001")]["score"], got[rd("t1_nq1001")]["likes"], got[rd("t1_nq1001")]["flags"]) == (
        -4, None, None)
    assert got[rd("t1_nq1002")]["score"] == -11 and got[rd("t1_nq1003")]["parent_uid"] == rd("t1_nq1002")
    assert got[rd("t1_nq2000")]["score"] is None
    # The department answer still closes the reply it answers, and the comments cursor is the stored answer.
    triage = {r["uid"]: r["status"] for r in store.db.query("SELECT uid, status FROM triage")}
    assert triage[rd("t1_nq1000")] == "responded"
    assert store.get_cursors("reddit", "RivertonPD_Official")["comments"] == "1791470700:t1_nq1001"
    assert len(got) == 13


def test_truncated_body_is_retried_like_a_5xx(store: Store, fake: FakeReddit) -> None:
    sleeps = Sleeps()
    fake.fail("thread_S1", 200, times=2)
    fake.fail("token", 200)
    summary = run_connector(store, connector(sleeps), context(store))
    assert summary.outcome == "ok", summary.error
    assert len(sleeps) == 3
    assert rd("t1_nq1003") in posts_by_uid(store)


def test_a_body_that_stays_truncated_is_one_line_naming_where(store: Store, fake: FakeReddit) -> None:
    fake.fail("thread_S2", 200, times=4)
    summary = run_connector(store, connector(), context(store))
    assert (summary.outcome, summary.error) == (
        "error", f"reddit: thread {S2}: HTTP 200 with a body that is not valid JSON, after retries")


def wide_thread(fake: FakeReddit, stubs: int, per_stub: int) -> set[str]:
    """S1 with its three comment trees and ``stubs`` "load more" stubs of ``per_stub`` comments each."""
    payload = fixture("comments_S1.json")
    template = fake.pool["t1_nq1006"]
    children = [c for c in payload[1]["data"]["children"] if c["kind"] == "t1"]
    hidden: set[str] = set()
    for n in range(stubs):
        ids = [f"w{n:02d}{i:03d}" for i in range(per_stub)]
        for i, id36 in enumerate(ids):
            data = dict(template["data"], id=id36, name=f"t1_{id36}", body=f"comment {id36}",
                        created_utc=1791478800.0 + n * 1000 + i, permalink=f"/r/Riverton/comments/1o0aaa/_/{id36}/")
            fake.pool[f"t1_{id36}"] = {"kind": "t1", "data": data}
        children.append({"kind": "more", "data": {"count": per_stub, "name": f"t1_{ids[0]}", "id": ids[0],
                                                  "parent_id": S1, "depth": 0, "children": ids}})
        hidden |= {f"reddit:t1_{i}" for i in ids}
    payload[1]["data"]["children"] = children
    fake.threads["S1"] = payload
    return hidden


def test_comments_behind_stubs_beyond_the_limit_arrive_on_later_polls(store: Store, fake: FakeReddit) -> None:
    hidden = wide_thread(fake, stubs=6, per_stub=40)
    polls = []
    for n in range(3):
        fake.calls.clear()
        run_connector(store, connector(replace_more_limit=1), context(store, now=NOW + timedelta(minutes=15 * n)))
        stored = {uid for uid in posts_by_uid(store) if uid.startswith("reddit:t1_w")}
        polls.append((len(stored), len(fake.requests_to("morechildren")), len(fake.requests_to("info"))))
    # Each poll: one stub expanded by praw, and at most one by-id request of 100 for the rest.
    assert polls == [(140, 1, 1), (240, 1, 1), (240, 1, 0)]
    assert stored == hidden
    assert all(posts_by_uid(store)[uid]["parent_uid"] == rd(S1) for uid in hidden)


def test_crash_at_any_page_then_rerun_gives_the_same_rows(tmp_path: Path, fake: FakeReddit) -> None:
    fake.scores = {"t1_nq1001": -4, "t1_nq1002": -11, "t1_nq2000": ...}

    def arm() -> None:  # the first answer of every endpoint, in every run, arrives cut off
        fake.failures.clear()
        for endpoint in ("submitted", "user_comments", "thread_S1", "thread_S2", "context"):
            fake.fail(endpoint, 200)

    pages = crash_at_every_page(tmp_path, connector, context, "replies", arm=arm, reads_served=lambda: 0)
    assert [p.stream for p in pages] == [
        "submissions", "comments", f"thread:{S2}", f"thread:{S1}", "replies:t1_nq3001"]


def test_engage_collect_cli_against_the_fakes_then_again_adds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from engage.cli import app
    from tests.helpers.connectors import FakeX

    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "department: {name: Riverton Police Department, timezone: America/Chicago}\n"
        f"data_dir: {tmp_path}\n"
        "accounts:\n"
        "  - {platform: x, handle: RivertonPD, user_id: '1402987715531431936'}\n"
        "  - {platform: reddit, handle: RivertonPD_Official}\n"
        "credentials:\n"
        "  reddit: {user_agent: 'python:engage-test:0.1.0 (by /u/RivertonPD_Official)'}\n"
        "collection: {watch_days: 90}\n",
        encoding="utf-8",
    )
    for name, value in (("X_BEARER_TOKEN", "test-token"), ("REDDIT_CLIENT_ID", "id"), ("REDDIT_CLIENT_SECRET", "s")):
        monkeypatch.setenv(name, value)
    db = tmp_path / "engage.db"
    runner = CliRunner()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        FakeX(rsps)
        FakeReddit(rsps)
        first = runner.invoke(app, ["collect", "--config", str(cfg), "--db", str(db)])
        assert first.exit_code == 0, first.output
        with Store.open(db) as store:
            counts = {r["platform"]: r["n"] for r in store.db.query(
                "SELECT platform, COUNT(*) AS n FROM posts GROUP BY platform")}
            snapshot = decided(store, "replies")
        second = runner.invoke(app, ["collect", "--config", str(cfg), "--db", str(db)])
        assert second.exit_code == 0, second.output
    assert counts == {"x": 26, "reddit": 13}  # 90-day window: the September X post too
    assert "platform=x account=RivertonPD outcome=ok" in first.output
    assert second.output.count(" new=0 updated=0 ") == 2
    with Store.open(db) as store:
        assert decided(store, "replies") == snapshot
        assert [r["outcome"] for r in store.db.query("SELECT outcome FROM runs ORDER BY id")] == ["ok"] * 4
