"""The Bluesky connector driven through the real atproto SDK, with only its httpx transport replaced.

``tests/helpers/bluesky.py`` serves the XRPC responses as the lexicons shape them (every required
field and ``$type``; the SDK parses strictly): an author feed with a pinned post and a repost, a
thread tree five deep with a ``notFoundPost`` or ``blockedPost`` where the test puts one, quote
posts, notifications behind a session. Every test asserts on the rows in the database.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from connectors.base import AccountRef, CollectContext
from connectors.bluesky import (
    PLATFORM,
    BlueskyConnector,
    BlueskyCredentials,
    Login,
    SessionPool,
    permalink,
)
from engage.collect import run_connector
from engage.store import Store
from tests.helpers.bluesky import DEPT, DEPT_DID, NOW, FakeBluesky, serve, uri

from .conftest import crash_at_every_page, decided, posts_by_uid

CLOCK = 1_800_000_000.0
PASSWORD = "abcd-efgh-ijkl-mnop"


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def fake() -> FakeBluesky:
    return FakeBluesky()


@pytest.fixture
def sessions() -> SessionPool:
    return SessionPool()


def bs(at: str) -> str:
    return f"bluesky:{at}"


def connector(fake: FakeBluesky, sleeps: Sleeps | None = None, *, login: bool = False,
              sessions: SessionPool | None = None, **kwargs: Any) -> BlueskyConnector:
    return BlueskyConnector(
        transport=httpx.MockTransport(fake.handle), sleep=sleeps if sleeps is not None else Sleeps(),
        clock=lambda: CLOCK, sessions=sessions or SessionPool(),
        login=Login(DEPT, PASSWORD, "RPD_BSKY_APP_PASSWORD") if login else None, **kwargs,
    )


def context(store: Store, *, now: datetime = NOW) -> CollectContext:
    return CollectContext(
        account=AccountRef("bluesky", DEPT, DEPT_DID),
        cursors=store.get_cursors("bluesky", DEPT),
        watched=store.watched_threads("bluesky", DEPT, now - timedelta(days=7)),
        department_handles=frozenset({DEPT}),
        department_ids=frozenset({DEPT_DID}),
        now=now,
        recheck=store.replies_in_threads("bluesky", DEPT, now - timedelta(days=7)),
    )


# -- a full first run -------------------------------------------------------------------------------


def test_first_run_collects_posts_threads_and_quotes(store: Store, fake: FakeBluesky) -> None:
    summary = run_connector(store, connector(fake), context(store))
    got = posts_by_uid(store)
    assert (summary.outcome, summary.rejected) == ("ok", []), summary.error

    post_a = got[bs(fake.a)]
    assert (post_a["kind"], post_a["is_department"], post_a["author_id"], post_a["author_handle"]) == (
        "post", 1, DEPT_DID, DEPT)
    assert (post_a["parent_uid"], post_a["root_uid"]) == (None, bs(fake.a))
    assert (post_a["likes"], post_a["replies"], post_a["reposts"], post_a["quotes"], post_a["views"]) == (
        25, 5, 12, 1, None)
    assert post_a["url"] == "https://bsky.app/profile/did:plc:rvtnpd6x3k2m4qz7w5j8h1ab/post/3m2aaa0000001"
    assert json.loads(post_a["raw"])["record"]["$type"] == "app.bsky.feed.post"

    # A reply chain four deep under A: public (no displayName) -> department -> public -> public.
    chain = [fake.a1, fake.answer, fake.a1a, fake.a1a1]
    for at, parent in zip(chain, [fake.a, *chain[:-1]], strict=True):
        assert (got[bs(at)]["kind"], got[bs(at)]["parent_uid"], got[bs(at)]["root_uid"]) == (
            "reply", bs(parent), bs(fake.a))
    assert got[bs(fake.answer)]["is_department"] == 1 and got[bs(fake.a1)]["author_handle"] == "maria-rvt.bsky.social"
    assert got[bs(fake.b1)]["parent_uid"] == bs(fake.b)

    # The quote post points at the post it quotes; the repost and the pinned (old) post are not ours to store.
    quote = got[bs(fake.quote)]
    assert (quote["kind"], quote["parent_uid"], quote["root_uid"]) == ("quote", bs(fake.a), bs(fake.quote))
    assert bs(fake.others) not in got and bs(fake.old) not in got
    # Without a login the mention outside the department's threads is not seen.
    assert bs(fake.mention) not in got
    assert len(got) == 9

    # The department's answer closes the reply it answers.
    triage = {r["uid"]: r["status"] for r in store.db.query("SELECT uid, status FROM triage")}
    assert triage[bs(fake.a1)] == "responded" and triage[bs(fake.a1a)] == "new"
    run = next(iter(store.db.query("SELECT * FROM runs")))
    assert (run["outcome"], run["new"], run["reads"]) == ("ok", 9, fake.served)
    assert store.get_cursors("bluesky", DEPT) == {"posts": "2026-10-09T09:00:00Z"}


def test_requests_ask_for_the_whole_tree_and_replies_in_the_feed(store: Store, fake: FakeBluesky) -> None:
    run_connector(store, connector(fake), context(store))
    (feed,) = fake.requests_to("app.bsky.feed.getAuthorFeed")
    assert (feed["actor"], feed["filter"], feed["limit"]) == ([DEPT_DID], ["posts_with_replies"], ["100"])
    threads = fake.requests_to("app.bsky.feed.getPostThread")
    assert [t["uri"] for t in threads] == [[fake.b], [fake.a]]  # newest first
    assert all(t["depth"] == ["1000"] and t["parentHeight"] == ["0"] for t in threads)
    # Quotes are asked for only where the post's quoteCount says there are some.
    assert [q["uri"] for q in fake.requests_to("app.bsky.feed.getQuotes")] == [[fake.a]]


def test_created_at_is_the_earlier_of_created_at_and_indexed_at_and_an_odd_one_is_flagged(
    store: Store, fake: FakeBluesky
) -> None:
    backdated = fake.add("dan-k.bsky.social", "3m2aaa6000001", "posting this from my archive", NOW - timedelta(hours=1),
                         parent=fake.a, created="2019-05-01T08:00:00.000Z")
    unreadable = fake.add("dan-k.bsky.social", "3m2aaa7000001", "clock says what", NOW - timedelta(hours=1),
                          parent=fake.a, created="yesterday-ish")
    summary = run_connector(store, connector(fake), context(store))
    got = posts_by_uid(store)
    assert (summary.outcome, summary.rejected) == ("ok", [])

    future = got[bs(fake.future)]  # createdAt a year ahead: kept, at the AppView's indexedAt, flagged
    assert future["created_at"] == fake.posts[fake.future]["indexedAt"].replace("Z", "+00:00")
    assert json.loads(future["flags"]) == [
        "created_at: record.createdAt is after indexedAt, indexedAt used (got '2027-10-08T09:00:00.000Z')"]
    assert json.loads(future["raw"])["record"]["createdAt"] == "2027-10-08T09:00:00.000Z"
    assert got[bs(backdated)]["created_at"] == "2019-05-01T08:00:00.000+00:00"
    assert "backdated" in got[bs(backdated)]["flags"]
    assert got[bs(unreadable)]["created_at"] == fake.posts[unreadable]["indexedAt"].replace("Z", "+00:00")
    assert "not a usable time" in got[bs(unreadable)]["flags"]
    # A negative count is emptied and flagged; a missing one is simply unknown.
    odd = got[bs(fake.a1a1)]
    assert (odd["likes"], json.loads(odd["flags"])) == (
        None, ["metrics.likes: Input should be greater than or equal to 0 (got -3)"])
    assert (got[bs(fake.b1)]["likes"], got[bs(fake.b1)]["flags"]) == (None, None)


def test_a_record_with_odd_fields_is_kept_and_flagged(store: Store, fake: FakeBluesky) -> None:
    # The record is whatever the posting app wrote: here too long for the lexicon, with a wrong-typed
    # language list, and (another one) a number for text. The SDK keeps such a record as a plain dict.
    long_one = fake.add("dan-k.bsky.social", "3m2aaa6000001", "x" * 3100, NOW - timedelta(hours=1), parent=fake.a)
    fake.posts[long_one]["record"]["langs"] = "en"
    numeric = fake.add("dan-k.bsky.social", "3m2aaa7000001", "", NOW - timedelta(hours=1), parent=fake.a)
    fake.posts[numeric]["record"]["text"] = 42
    summary = run_connector(store, connector(fake), context(store))
    got = posts_by_uid(store)
    assert (summary.outcome, summary.rejected) == ("ok", [])
    long_row = got[bs(long_one)]
    assert (long_row["text"], long_row["lang"], long_row["flags"]) == ("x" * 3100, None, None)
    assert (got[bs(numeric)]["text"], got[bs(numeric)]["parent_uid"]) == ("", bs(fake.a))
    assert json.loads(got[bs(numeric)]["flags"]) == ["text: Input should be a valid string (got 42)"]
    assert json.loads(got[bs(numeric)]["raw"])["record"]["text"] == 42


def test_second_run_adds_nothing(store: Store, fake: FakeBluesky) -> None:
    run_connector(store, connector(fake, login=True), context(store))
    before = decided(store, "quotes")
    again = run_connector(store, connector(fake, login=True), context(store, now=NOW + timedelta(minutes=15)))
    assert (again.outcome, again.counts.new, again.counts.updated, again.counts.deleted) == ("ok", 0, 0, 0)
    assert decided(store, "quotes") == before


def test_a_new_reply_deep_in_an_old_thread_is_found_while_the_thread_is_watched(
    store: Store, fake: FakeBluesky
) -> None:
    run_connector(store, connector(fake), context(store))
    deep = fake.add("eastgate-elle.bsky.social", "3m2aaa8000001", "still closed at 7", NOW + timedelta(days=3),
                    parent=fake.a1a1)
    later = run_connector(store, connector(fake), context(store, now=NOW + timedelta(days=3, minutes=5)))
    row = posts_by_uid(store)[bs(deep)]
    assert later.counts.new == 1
    assert (row["kind"], row["parent_uid"], row["root_uid"], row["is_department"]) == (
        "reply", bs(fake.a1a1), bs(fake.a), 0)

    # Past the watch window the thread is no longer read.
    fake.add("eastgate-elle.bsky.social", "3m2aaa9000001", "and now?", NOW + timedelta(days=8), parent=fake.a1a1)
    fake.calls.clear()
    run_connector(store, connector(fake), context(store, now=NOW + timedelta(days=8)))
    assert fake.requests_to("app.bsky.feed.getPostThread") == []


def test_deleted_replies_and_a_deleted_post_are_tombstoned(store: Store, fake: FakeBluesky) -> None:
    run_connector(store, connector(fake), context(store))
    fake.deleted |= {fake.a1a, fake.future, fake.b}  # a1a still has a reply: the tree shows notFoundPost
    fake.calls.clear()
    summary = run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=15)))
    got = posts_by_uid(store)

    assert summary.outcome == "ok" and summary.counts.deleted == 3
    for at in (fake.a1a, fake.future, fake.b):
        assert (got[bs(at)]["deleted_at"] is not None, got[bs(at)]["text"], got[bs(at)]["raw"]) == (True, "", None)
    assert got[bs(fake.a1a1)]["deleted_at"] is None  # its reply is still there
    assert got[bs(fake.b1)]["deleted_at"] is None  # the root went; nobody deleted the reply
    # The stored replies the tree no longer shows (gone, or under the notFoundPost) were looked up in one
    # call, newest first, to tell deleted from not shown.
    assert [p["uris"] for p in fake.requests_to("app.bsky.feed.getPosts")] == [[fake.future, fake.a1a1]]


def test_a_thread_answered_as_not_found_post_tombstones_its_root(store: Store, fake: FakeBluesky) -> None:
    run_connector(store, connector(fake), context(store))
    fake.gone_as_not_found_post.add(fake.a)
    summary = run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=15)))
    assert (summary.outcome, summary.counts.deleted) == ("ok", 1)
    assert posts_by_uid(store)[bs(fake.a)]["deleted_at"] is not None


def test_a_blocked_post_is_neither_stored_new_nor_tombstoned(store: Store, fake: FakeBluesky) -> None:
    fake.blocked.add(fake.a1a)
    run_connector(store, connector(fake), context(store))
    assert bs(fake.a1a) not in posts_by_uid(store) and bs(fake.a1a1) not in posts_by_uid(store)
    fake.blocked.clear()
    run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=15)))
    fake.blocked.add(fake.a1a)
    summary = run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=30)))
    assert summary.counts.deleted == 0
    assert posts_by_uid(store)[bs(fake.a1a)]["deleted_at"] is None


# -- the optional login -----------------------------------------------------------------------------


def test_with_an_app_password_notifications_bring_mentions_and_the_session_is_reused(
    store: Store, fake: FakeBluesky, sessions: SessionPool, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        first = run_connector(store, connector(fake, login=True, sessions=sessions), context(store))
        fake.add("eastgate-elle.bsky.social", "3m2mmm1000001", "@rivertonpd.bsky.social thank you!",
                 NOW + timedelta(minutes=10))
        fake.notifications.insert(0, (uri("eastgate-elle.bsky.social", "3m2mmm1000001"), "mention"))
        second = run_connector(store, connector(fake, login=True, sessions=sessions),
                               context(store, now=NOW + timedelta(minutes=15)))
    got = posts_by_uid(store)
    assert (first.outcome, second.outcome, second.counts.new) == ("ok", "ok", 1)
    mention = got[bs(fake.mention)]
    assert (mention["kind"], mention["parent_uid"], mention["is_department"]) == ("mention", None, 0)
    assert got[bs(uri("eastgate-elle.bsky.social", "3m2mmm1000001"))]["kind"] == "mention"
    assert fake.sessions == 1  # one createSession for both runs (30 per 5 minutes, 300 a day)
    assert store.get_cursors("bluesky", DEPT)["notifications"] == "2026-10-10T12:10:02Z"
    everything = caplog.text + json.dumps(list(store.db.query("SELECT * FROM posts"))) + json.dumps(
        list(store.db.query("SELECT * FROM runs")))
    assert PASSWORD not in everything and "eyJhbGciOiJub25lIn0" not in everything
    assert PASSWORD not in repr(connector(fake, login=True).login)


def test_a_session_the_pds_no_longer_accepts_is_created_anew_once(
    store: Store, fake: FakeBluesky, sessions: SessionPool
) -> None:
    run_connector(store, connector(fake, login=True, sessions=sessions), context(store))
    fake.fail("app.bsky.notification.listNotifications", 401)  # revoked, or expired past its refresh
    summary = run_connector(store, connector(fake, login=True, sessions=sessions),
                            context(store, now=NOW + timedelta(minutes=15)))
    assert summary.outcome == "ok", summary.error
    assert fake.sessions == 2
    assert len(fake.requests_to("app.bsky.notification.listNotifications")) == 3


def test_a_refused_app_password_is_one_line_naming_its_variable(store: Store, fake: FakeBluesky) -> None:
    bad = BlueskyConnector(transport=httpx.MockTransport(fake.handle), sessions=SessionPool(), sleep=Sleeps(),
                           login=Login(DEPT, "wrong-pass-word-here", "RPD_BSKY_APP_PASSWORD"))
    summary = run_connector(store, bad, context(store))
    assert summary.outcome == "error"
    assert summary.error == (
        f"bluesky: {DEPT}: HTTP 401 on com.atproto.server.createSession: the app password in RPD_BSKY_APP_PASSWORD "
        "was refused or revoked (AuthenticationRequired: Invalid identifier or password)")
    assert "wrong-pass-word-here" not in summary.error
    assert store.count("posts", "is_department = 1") == 3  # the public reads before it stay


# -- errors and waits -------------------------------------------------------------------------------


def test_429_waits_for_ratelimit_reset_then_succeeds(store: Store, fake: FakeBluesky) -> None:
    sleeps = Sleeps()
    fake.fail("app.bsky.feed.getPostThread", 429, {"ratelimit-limit": "3000", "ratelimit-remaining": "0",
                                                   "ratelimit-reset": str(int(CLOCK) + 120),
                                                   "ratelimit-policy": "3000;w=300"})
    summary = run_connector(store, connector(fake, sleeps), context(store))
    assert summary.outcome == "ok", summary.error
    assert sleeps == [121.0]
    first, retry = fake.requests_to("app.bsky.feed.getPostThread")[:2]
    assert first == retry
    assert bs(fake.b1) in posts_by_uid(store)


def test_a_429_with_a_reset_hours_away_ends_the_run_with_one_line(
    store: Store, fake: FakeBluesky, sessions: SessionPool
) -> None:
    sleeps = Sleeps()
    fake.fail("com.atproto.server.createSession", 429, {"ratelimit-limit": "300", "ratelimit-remaining": "0",
                                                        "ratelimit-reset": str(int(CLOCK) + 6 * 3600),
                                                        "ratelimit-policy": "300;w=86400"})
    summary = run_connector(store, connector(fake, sleeps, login=True, sessions=sessions), context(store))
    assert (summary.outcome, sleeps) == ("error", [])
    assert summary.error == (f"bluesky: {DEPT}: com.atproto.server.createSession is rate limited until "
                             "2027-01-15 14:00 UTC (ratelimit-reset); a later run goes on from here")
    assert store.count("posts") == 9  # the public reads before it stay


def test_5xx_is_retried_with_capped_jittered_backoff(store: Store, fake: FakeBluesky) -> None:
    sleeps = Sleeps()
    fake.fail("app.bsky.feed.getQuotes", 503, times=2)
    fake.fail("app.bsky.feed.getAuthorFeed", 502)  # the SDK raises NetworkError for a 502
    summary = run_connector(store, connector(fake, sleeps), context(store))
    assert summary.outcome == "ok", summary.error
    assert len(sleeps) == 3
    assert 1.0 <= sleeps[0] <= 2.0 and 1.0 <= sleeps[1] <= 2.0 and 2.0 <= sleeps[2] <= 4.0
    assert bs(fake.quote) in posts_by_uid(store)


def test_persistent_5xx_is_one_line_naming_the_endpoint(store: Store, fake: FakeBluesky) -> None:
    fake.fail("app.bsky.feed.getPostThread", 500, times=5)
    summary = run_connector(store, connector(fake), context(store))
    assert (summary.outcome, summary.error) == (
        "error", f"bluesky: {DEPT}: app.bsky.feed.getPostThread failed after 5 attempts (HTTP 500)")
    assert store.count("posts", "is_department = 1") == 3  # the author feed committed before it stays


def test_truncated_body_is_retried_and_one_that_stays_cut_off_is_one_line(store: Store, fake: FakeBluesky) -> None:
    sleeps = Sleeps()
    fake.fail("app.bsky.feed.getAuthorFeed", 200, times=2)
    assert run_connector(store, connector(fake, sleeps), context(store)).outcome == "ok"
    assert len(sleeps) == 2 and store.count("posts") == 9

    fake.fail("app.bsky.feed.getQuotes", 200, times=5)
    summary = run_connector(store, connector(fake), context(store))
    assert summary.error == (
        f"bluesky: {DEPT}: app.bsky.feed.getQuotes failed after 5 attempts (a body that is not valid JSON)")


def test_an_unknown_account_is_one_line(store: Store, fake: FakeBluesky) -> None:
    fake.fail("app.bsky.feed.getAuthorFeed", 400)
    summary = run_connector(store, connector(fake), context(store))
    assert summary.error == (f"bluesky: {DEPT}: HTTP 400 on app.bsky.feed.getAuthorFeed: BadRequest: Bad Request "
                             "(handle renamed, deactivated or suspended?)")


# -- crash safety -----------------------------------------------------------------------------------


def test_crash_at_any_page_then_rerun_gives_the_same_rows(
    tmp_path: Path, fake: FakeBluesky, sessions: SessionPool
) -> None:
    def arm() -> None:  # the first answer of every endpoint, in every run, arrives cut off
        fake.failures.clear()
        for endpoint in ("app.bsky.feed.getAuthorFeed", "app.bsky.feed.getPostThread", "app.bsky.feed.getQuotes",
                         "app.bsky.notification.listNotifications", "app.bsky.feed.getPosts"):
            fake.fail(endpoint, 200)

    pages = crash_at_every_page(
        tmp_path, lambda: connector(fake, login=True, sessions=sessions, page_limit=2), context, "quotes",
        arm=arm, reads_served=lambda: fake.served,
    )
    streams = [p.stream for p in pages]
    # Pages of 2: the feed's third page (a repost, then a post older than the window) ends it.
    assert streams == ["posts", "posts", "posts", f"thread:{fake.b}", f"thread:{fake.a}", f"quotes:{fake.a}",
                       "notifications", "notifications"]
    assert {r.uid for p in pages for r in p.records if r.flags} == {bs(fake.a1a1), bs(fake.future)}


# -- settings, registry entry, CLI ------------------------------------------------------------------


def test_settings_keep_todays_fields_and_refuse_plain_http_off_this_machine() -> None:
    assert BlueskyCredentials().appview_url == "https://public.api.bsky.app"
    assert BlueskyCredentials(handle_env="BSKY_HANDLE", app_password_env="BSKY_APP_PASSWORD").login_configured
    assert BlueskyCredentials(appview_url="http://127.0.0.1:8123/").appview_url == "http://127.0.0.1:8123"
    with pytest.raises(ValidationError, match="plain http:// only for 127.0.0.1"):
        BlueskyCredentials(appview_url="http://appview.example.org")
    with pytest.raises(ValidationError, match="must be the name of an environment variable"):
        BlueskyCredentials(app_password_env="my password")
    with pytest.raises(ValueError, match="plain http"):
        BlueskyConnector(appview_url="http://10.0.0.5")


def test_permalink_matches_the_inbox_rule_and_doctor_says_the_mode() -> None:
    from engage.web.links import original_link

    for native in (uri(DEPT, "3m2aaa0000001"), "at://did:web:pd.example/app.bsky.feed.post/3m2x",
                   "at://did:plc:x/app.bsky.feed.like/3m2", "https://bsky.app/x"):
        assert permalink(native, None, BlueskyCredentials()) == original_link("bluesky", native, None)
    public = BlueskyCredentials()
    logged_in = BlueskyCredentials(app_password_env="BSKY_APP_PASSWORD")
    assert "mentions outside the department's threads" in PLATFORM.doctor(public, {})[0]
    assert "missed" in PLATFORM.doctor(logged_in, {})[0]
    assert "notifications" in PLATFORM.doctor(logged_in, {"BSKY_APP_PASSWORD": "x"})[0]


@pytest.fixture
def local_appview(fake: FakeBluesky) -> Iterator[str]:
    with serve(fake) as base:
        yield base


def test_engage_collect_platform_bluesky_fills_the_db_from_a_local_appview(
    tmp_path: Path, fake: FakeBluesky, local_appview: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from connectors import bluesky
    from engage.cli import app

    monkeypatch.setattr(bluesky, "SESSIONS", SessionPool())
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "department: {name: Riverton Police Department, timezone: America/Chicago}\n"
        f"data_dir: {tmp_path}\n"
        "accounts:\n"
        f"  - {{platform: bluesky, handle: {DEPT}, user_id: '{DEPT_DID}'}}\n"
        "  - {platform: x, handle: RivertonPD, user_id: '1402987715531431936'}\n"
        "credentials:\n"
        f"  bluesky: {{appview_url: '{local_appview}', pds_url: '{local_appview}', handle_env: RPD_BSKY_HANDLE,"
        " app_password_env: RPD_BSKY_APP_PASSWORD}\n"
        "collection: {watch_days: 90}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("RPD_BSKY_HANDLE", DEPT)
    monkeypatch.setenv("RPD_BSKY_APP_PASSWORD", PASSWORD)
    db = tmp_path / "engage.db"
    runner = CliRunner()
    first = runner.invoke(app, ["collect", "--config", str(cfg), "--db", str(db), "--platform", "bluesky"])
    assert first.exit_code == 0, first.output
    with Store.open(db) as store:
        kinds = {r["kind"]: r["n"] for r in store.db.query("SELECT kind, COUNT(*) AS n FROM posts GROUP BY kind")}
        snapshot = decided(store, "quotes")
    # 90-day window: the September post too; the mention comes from the notifications.
    assert kinds == {"post": 3, "reply": 6, "quote": 1, "mention": 1}
    assert f"platform=bluesky account={DEPT} outcome=ok fetched=" in first.output
    assert "platform=x" not in first.output
    second = runner.invoke(app, ["collect", "--config", str(cfg), "--db", str(db), "--platform", "bluesky"])
    assert second.exit_code == 0, second.output
    assert " new=0 updated=0 " in second.output
    assert fake.sessions == 1
    with Store.open(db) as store:
        assert decided(store, "quotes") == snapshot
        assert PASSWORD not in json.dumps(list(store.db.query("SELECT * FROM runs")))


def test_a_plain_http_appview_off_this_machine_is_one_line_from_collect(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from engage.cli import app

    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "department: {name: Riverton Police Department}\n"
        f"data_dir: {tmp_path}\n"
        f"accounts: [{{platform: bluesky, handle: {DEPT}}}]\n"
        "credentials: {bluesky: {appview_url: 'http://appview.example.org'}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["collect", "--config", str(cfg)])
    assert result.exit_code == 2 and "Traceback" not in result.output  # a config error, before any account runs
    assert ("credentials.bluesky.appview_url: 'http://appview.example.org' must be an https:// URL "
            "(plain http:// only for 127.0.0.1 or localhost)") in result.output
