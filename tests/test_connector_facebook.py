"""The Facebook Page connector through the real Graph client, with only httpx's transport replaced.

``FakeGraph`` (tests/helpers/graph.py) serves ``fixtures/graph/universe.json`` as the Graph
reference documents it: cursor pages that can be empty and still have ``next``, ``paging.next``
links carrying the token (never to be followed), usage headers on every response, and error objects.
Every test asserts on the rows in the database.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from connectors.base import AccountRef, CollectContext
from connectors.facebook import HIDDEN_FLAG, FacebookConnector
from connectors.graph import PAUSE_STREAM, GraphClient
from engage.collect import run_connector
from engage.store import Store
from tests.helpers.graph import PAGE_ID, TOKEN, FakeGraph, Sleeps, collect_twice, universe

from .conftest import crash_at_every_page, decided, posts_by_uid

NOW = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)
CLOCK = NOW.timestamp()
P1, P2, OLD, VISITOR = (f"{PAGE_ID}_{n}" for n in ("900000000000001", "900000000000002", "900000000000000",
                                                    "900000000000010"))


def fb(native: str) -> str:
    return f"facebook:{native}"


def c1(n: int) -> str:
    return fb(f"900000000000001_{n}")


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph(universe())


def connector(
    fake: FakeGraph, sleeps: Sleeps | None = None, *, clock: float = CLOCK, **kwargs: Any
) -> FacebookConnector:
    client = GraphClient(TOKEN, token_env="RPD_FB_TOKEN", platform="facebook", transport=fake.transport(),
                         sleep=sleeps if sleeps is not None else Sleeps(), clock=lambda: clock)
    return FacebookConnector(client, **{"page_size": 2, **kwargs})


def context(store: Store, *, now: datetime = NOW) -> CollectContext:
    return CollectContext(
        account=AccountRef("facebook", "RivertonPD", PAGE_ID),
        cursors=store.get_cursors("facebook", "RivertonPD"),
        watched=store.watched_threads("facebook", "RivertonPD", now - timedelta(days=7)),
        department_handles=frozenset({"rivertonpd"}),
        department_ids=frozenset({PAGE_ID}),
        now=now,
        recheck=store.replies_in_threads("facebook", "RivertonPD", now - timedelta(days=7)),
    )


# -- a first run ------------------------------------------------------------------------------------


def test_first_run_stores_posts_comments_and_the_pages_answers(store: Store, fake: FakeGraph,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # the CLI quietens it; this test wants every line
    summary = run_connector(store, connector(fake), context(store))
    assert "HTTP Request: GET" in caplog.text and TOKEN not in caplog.text  # httpx logs URLs; none holds it
    got = posts_by_uid(store)

    assert (summary.outcome, summary.rejected) == ("ok", [])
    assert fb(OLD) not in got  # older than the watch window (since=)
    post = got[fb(P1)]
    assert (post["kind"], post["is_department"], post["author_handle"], post["root_uid"]) == (
        "post", 1, "RivertonPD", fb(P1))
    assert (post["likes"], post["replies"], post["reposts"]) == (40, 7, 5)
    assert got[fb(P2)]["reposts"] is None  # Graph sent no shares: not guessed as 0
    # The Page's reply is a department response and closes the triage item it answers.
    answer = got[c1(10002)]
    assert (answer["is_department"], answer["parent_uid"], answer["root_uid"]) == (1, c1(10001), fb(P1))
    triage = {r["uid"]: r["status"] for r in store.db.query("SELECT uid, status FROM triage")}
    assert triage[c1(10001)] == "responded" and triage[c1(10007)] == "new"
    # A reply to a reply keeps its own parent.
    assert got[c1(10003)]["parent_uid"] == c1(10002)
    # No `from` (withheld without a moderating role): stored, author unknown.
    withheld = got[c1(10004)]
    assert (withheld["author_id"], withheld["author_handle"], withheld["text"]) == (
        None, None, "Who is paying for the repairs, the city or the water company?")
    # An odd count keeps the comment and flags the field.
    odd = got[c1(10006)]
    assert odd["likes"] is None and json.loads(odd["flags"])[0].startswith("metrics.likes:")
    assert got[fb("900000000000002_20003")]["kind"] == "reply"
    assert json.loads(got[fb("900000000000002_20003")]["raw"])["message_tags"][0]["name"] == "Sam Lee"


def test_a_hidden_and_a_deleted_comment_are_tombstoned_differently(store: Store, fake: FakeGraph) -> None:
    run_connector(store, connector(fake), context(store))
    hidden = posts_by_uid(store)[c1(10005)]
    assert (hidden["text"], hidden["author_handle"], hidden["raw"]) == ("", None, None)
    assert hidden["tombstoned_at"] is not None and hidden["deleted_at"] is None
    assert json.loads(hidden["flags"]) == [HIDDEN_FLAG]

    fake.comments[P1] = [c for c in fake.comments[P1] if c["id"] != "900000000000001_10007"]
    summary = run_connector(store, connector(fake), context(store, now=NOW + timedelta(days=1)))
    deleted = posts_by_uid(store)[c1(10007)]
    assert summary.counts.deleted == 1
    assert deleted["deleted_at"] is not None and deleted["text"] == "" and deleted["author_handle"] is None
    assert posts_by_uid(store)[c1(10005)]["deleted_at"] is None  # still hidden, not deleted
    tombstones = store.db.query("SELECT uid, after FROM audit_log WHERE field = 'tombstone'")
    reasons = {r["uid"]: r["after"] for r in tombstones}
    assert reasons == {c1(10005): "hidden by the account", c1(10007): "deleted on platform"}


def test_paging_follows_cursors_past_an_empty_page_and_never_the_next_url(store: Store, fake: FakeGraph) -> None:
    run_connector(store, connector(fake), context(store))
    comments = fake.requests_to("comments")
    # P1 has 7 comments at 2 a page: the empty first page (with next), then 4 pages by cursor.
    p1 = [url for url in fake.urls if f"/{P1}/comments" in url]
    assert ["after=" in url for url in p1] == [False, True, True, True, True]
    assert all(p["filter"] == "stream" and p["order"] == "chronological" for p in comments)
    assert all("is_hidden" in p["fields"] and "parent{id}" in p["fields"] for p in comments)
    assert store.count("posts", "root_uid = ?", [fb(P1)]) == 8
    # The token travels only in the Authorization header: no URL carries it.
    assert fake.urls and all(TOKEN not in url and "access_token" not in url for url in fake.urls)


def test_visitor_posts_come_from_the_feed_when_asked(store: Store, fake: FakeGraph) -> None:
    run_connector(store, connector(fake, include_feed=True), context(store))
    got = posts_by_uid(store)
    visitor = got[fb(VISITOR)]
    assert (visitor["kind"], visitor["is_department"], visitor["author_handle"]) == ("mention", 0, "Maria Alvarez")
    answer = got[fb("900000000000010_30001")]
    assert (answer["is_department"], answer["parent_uid"]) == (1, fb(VISITOR))


# -- resuming ---------------------------------------------------------------------------------------


def test_second_run_reads_only_the_newest_comments_and_adds_nothing(store: Store, fake: FakeGraph) -> None:
    run_connector(store, connector(fake), context(store))
    before = decided(store, "replies")
    fake.calls.clear()
    fake.urls.clear()
    second = run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=15)))
    assert (second.outcome, second.counts.new, second.counts.updated) == ("ok", 0, 0)
    assert decided(store, "replies") == before
    comments = fake.requests_to("comments")
    assert comments and all(p["order"] == "reverse_chronological" for p in comments)
    # Each post is read newest first only until it passes its newest stored comment minus the overlap:
    # the empty first page, then one page of 2 (P1 has 7 comments, 4 pages of them in full).
    assert len([url for url in fake.urls if f"/{P1}/comments" in url]) == 2
    assert len(comments) == 4


def test_a_new_comment_is_added_on_the_next_cycle(store: Store, fake: FakeGraph) -> None:
    run_connector(store, connector(fake), context(store))
    late = {**fake.comments[P1][0], "id": "900000000000001_10008", "created_time": "2026-10-10T12:05:00+0000",
            "message": "Any update on the reopening?"}
    fake.comments[P1].append(late)
    summary = run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=15)))
    assert summary.counts.new == 1
    assert posts_by_uid(store)[c1(10008)]["parent_uid"] == fb(P1)


def test_a_watched_post_deleted_from_the_page_is_tombstoned(store: Store, fake: FakeGraph) -> None:
    run_connector(store, connector(fake), context(store))
    del fake.posts[P2]
    summary = run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=15)))
    assert summary.outcome == "ok", summary.error
    assert posts_by_uid(store)[fb(P2)]["deleted_at"] is not None


def test_crash_at_any_page_then_rerun_gives_the_same_rows(tmp_path: Path, fake: FakeGraph) -> None:
    def arm() -> None:  # the first answer of every endpoint, in every run, arrives cut off
        fake.failures.clear()
        for endpoint in ("posts", "comments"):
            fake.fail(endpoint, 200)

    pages = crash_at_every_page(tmp_path, lambda: connector(fake), context, "replies", arm=arm,
                                reads_served=lambda: len(fake.calls))
    streams = [p.stream for p in pages]
    assert streams.count("posts") >= 2 and f"comments:{P1}" in streams and f"comments:{P2}" in streams
    assert {r.uid for p in pages for r in p.records if r.flags} == {c1(10005), c1(10006)}


# -- throttling and errors --------------------------------------------------------------------------


def test_usage_above_75_percent_slows_down_and_is_counted(store: Store, fake: FakeGraph) -> None:
    sleeps = Sleeps()
    fake.app_usage = {"call_count": 80, "total_cputime": 10, "total_time": 12}
    pages: list[Any] = []
    summary = run_connector(store, connector(fake, sleeps), context(store), on_page=lambda p, _c: pages.append(p))
    assert summary.outcome == "ok"
    calls = len(fake.calls)
    assert len(sleeps) == calls - 1  # every call after the first one that saw 80%
    assert all(s == pytest.approx(60 * 5 / 25) for s in sleeps)
    assert sum(p.rate_limit_waits for p in pages) == len(sleeps)
    assert sum(p.rate_limit_wait_s for p in pages) == pytest.approx(sum(sleeps))


def test_usage_at_100_percent_stops_the_account_until_the_regain_time(store: Store, fake: FakeGraph) -> None:
    fake.empty_first_page = False
    fake.buc_usage = {"type": "pages", "call_count": 100, "total_cputime": 20, "total_time": 30,
                      "estimated_time_to_regain_access": 25}
    summary = run_connector(store, connector(fake), context(store))
    assert summary.outcome == "error"
    assert "paused until 2026-10-10 12:25 UTC" in (summary.error or "")
    assert len(fake.calls) == 1  # the answer that said 100% is kept; nothing after it is asked
    assert store.get_cursors("facebook", "RivertonPD")[PAUSE_STREAM] == "2026-10-10T12:25:00+00:00"
    assert store.count("posts", "kind = 'post'") == 2

    fake.buc_usage = None
    fake.calls.clear()
    paused = run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=15)))
    assert paused.outcome == "error" and "paused until" in (paused.error or "") and fake.calls == []
    resumed = run_connector(store, connector(fake, clock=CLOCK + 1800), context(store, now=NOW + timedelta(minutes=30)))
    assert resumed.outcome == "ok" and store.count("posts", "kind = 'reply'") > 0


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001])
def test_each_throttling_code_stops_the_account(store: Store, fake: FakeGraph, code: int) -> None:
    fake.fail("comments", 400, code)
    summary = run_connector(store, connector(fake), context(store))
    assert summary.outcome == "error" and f"Graph error {code}" in (summary.error or "")
    assert "paused until 2026-10-10 13:00 UTC" in (summary.error or "")  # no regain estimate: an hour
    requests = len(fake.calls)
    assert fake.requests_to("comments") and fake.calls[-1][0] == "comments"
    assert store.count("posts", "kind = 'post'") == 2  # the pages before the stop are kept
    run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=30)))
    assert len(fake.calls) == requests  # still paused: no request


def test_expired_token_is_one_line_naming_the_env_var(store: Store, fake: FakeGraph,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    fake.fail("posts", 400, 190)
    summary = run_connector(store, connector(fake), context(store))
    assert summary.outcome == "error"
    assert "RPD_FB_TOKEN" in (summary.error or "") and "190" in (summary.error or "")
    assert "\n" not in (summary.error or "") and TOKEN not in (summary.error or "")
    assert TOKEN not in caplog.text
    assert store.count("posts") == 0


def test_5xx_and_transient_codes_are_retried_with_backoff(store: Store, fake: FakeGraph) -> None:
    sleeps = Sleeps()
    fake.fail("posts", 503)
    fake.fail("comments", 500, 1)
    summary = run_connector(store, connector(fake, sleeps), context(store))
    assert summary.outcome == "ok", summary.error
    assert len(sleeps) == 2 and all(1.0 <= s <= 2.0 for s in sleeps)
    assert store.count("posts", "root_uid = ?", [fb(P1)]) == 8


def test_a_missing_permission_names_the_endpoint(store: Store, fake: FakeGraph) -> None:
    fake.fail("comments", 403, 10)
    summary = run_connector(store, connector(fake), context(store))
    assert summary.outcome == "error"
    assert "GET /{post-id}/comments" in (summary.error or "") and "pages_read_engagement" in (summary.error or "")


# -- the command line -------------------------------------------------------------------------------


def test_engage_collect_platform_facebook_against_a_local_graph(tmp_path: Path) -> None:
    account = f"{{platform: facebook, handle: RivertonPD, user_id: '{PAGE_ID}'}}"
    first, second, db = collect_twice(tmp_path, "facebook", account)
    assert "platform=facebook account=RivertonPD outcome=ok" in first
    assert " new=0 updated=0 " in second
    with Store.open(db) as store:
        assert store.count("posts", "platform = 'facebook' AND kind = 'post'") == 3  # 90 days: the September post too
        assert store.count("posts", "platform = 'facebook' AND kind = 'reply'") == 10


# -- engage doctor ------------------------------------------------------------------------------------


def test_doctor_names_the_page_and_a_refused_permission(fake: FakeGraph) -> None:
    from connectors.facebook import PLATFORM, FacebookCredentials
    from tests.helpers.graph import serve

    fake.fail("feed", 403, 10)
    with serve(fake) as base:
        creds = FacebookCredentials(page_access_token_env="RPD_FB_TOKEN", graph_base_url=base)
        lines = PLATFORM.doctor(creds, {"RPD_FB_TOKEN": TOKEN})
        unset = PLATFORM.doctor(creds, {})
    assert lines[0] == f"the token in RPD_FB_TOKEN is for Riverton Police Department (id {PAGE_ID})"
    assert len(lines) == 2 and "GET /me/feed refused" in lines[1] and lines[1].endswith("grant pages_read_user_content")
    assert unset == ["RPD_FB_TOKEN is not set; nothing checked"]  # doctor prefixes "platform facebook:"
    assert all(TOKEN not in line for line in lines)
