"""The X connector driven through the real tweepy.Client, with HTTP answered by a fake X API v2.

The fake (``FakeX``) serves the posts and users of ``fixtures/x/universe.json`` the way the
documented endpoints do: newest first, ``data``/``includes.users``/``meta`` (``result_count``,
``newest_id``, ``oldest_id``, ``next_token``), ``since_id``/``start_time``/``max_results`` honoured
(and their documented ranges enforced with 400), lookups reporting missing posts in ``errors``.
A pagination token is only accepted with the query it was issued for (400 otherwise), posts in
``unindexed`` are not yet visible to search and timelines (X's indexing lag), and a 200 can be
answered with a truncated body. Error bodies come from ``fixtures/x/*.json``. Every test asserts on
the rows in the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import responses

from connectors.base import AccountRef, CollectContext
from connectors.waits import stoppable
from connectors.x import XConnector
from engage.collect import reads_this_month, run_connector
from engage.store import Store
from tests.helpers.connectors import FakeX

from .conftest import CrashAfter, crash_at_every_page, decided, posts_by_uid

DEPT, TRAFFIC = "1402987715531431936", "1519023364481224704"
NOW = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)
A, B, C = "1844000000000000100", "1844000000000000200", "1844000000000000400"
CLOCK = 1_800_000_000.0






@pytest.fixture
def fake() -> Iterator[FakeX]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield FakeX(rsps)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def connector(sleeps: Sleeps | None = None, **kwargs: Any) -> XConnector:
    return XConnector("test-token", sleep=sleeps if sleeps is not None else Sleeps(), clock=lambda: CLOCK,
                      **{"max_results": 5, **kwargs})


def context(store: Store, *, now: datetime = NOW, budget: int | None = None) -> CollectContext:
    return CollectContext(
        account=AccountRef("x", "RivertonPD", DEPT),
        cursors=store.get_cursors("x", "RivertonPD"),
        watched=store.watched_threads("x", "RivertonPD", now - timedelta(days=7)),
        read_budget=budget,
        department_handles=frozenset({"rivertonpd", "rivertonpdtraffic"}),
        department_ids=frozenset({DEPT, TRAFFIC}),
        now=now,
        recheck=store.replies_in_threads("x", "RivertonPD", now - timedelta(days=7)),
    )


def x(native: str) -> str:
    return f"x:{native}"


def newest(store: Store) -> dict[str, str]:
    """The newest id each paged stream has seen, from its JSON cursor."""
    cursors = store.get_cursors("x", "RivertonPD")
    return {k: json.loads(v)["newest"] for k, v in cursors.items() if v.startswith("{")}


# -- a full first run -------------------------------------------------------------------------------


def test_first_run_collects_posts_mentions_and_conversations(store: Store, fake: FakeX) -> None:
    summary = run_connector(store, connector(), context(store))
    got = posts_by_uid(store)

    assert summary.outcome == "ok", summary.error
    # Department posts in the watch window (the Sept post is older than start_time), their replies,
    # the department's own replies (in its threads and elsewhere), mentions and a quote.
    assert x("1843000000000000050") not in got
    assert len(got) == 25
    post_a = got[x(A)]
    assert (post_a["kind"], post_a["is_department"], post_a["author_handle"]) == ("post", 1, "RivertonPD")
    assert (post_a["parent_uid"], post_a["root_uid"]) == (None, x(A))
    assert (post_a["likes"], post_a["replies"], post_a["reposts"], post_a["quotes"], post_a["views"]) == (
        25, 5, 12, 1, 4800)
    assert post_a["url"] == f"https://x.com/RivertonPD/status/{A}"
    assert json.loads(post_a["raw"])["conversation_id"] == A

    # A reply chain three deep under A: public -> department -> public -> public.
    chain = ["1844000000000000110", "1844000000000000120", "1844000000000000130", "1844000000000000140"]
    parents = [A, *chain[:-1]]
    for native, parent in zip(chain, parents, strict=True):
        assert got[x(native)]["parent_uid"] == x(parent)
        assert got[x(native)]["root_uid"] == x(A)
        assert got[x(native)]["kind"] == "reply"
    assert got[x(chain[1])]["is_department"] == 1
    assert got[x(chain[2])]["author_handle"] == "dan_k" and got[x(chain[2])]["is_department"] == 0
    # A sibling department account answering counts as the department.
    assert got[x("1844000000000000150")]["is_department"] == 1

    # Mentions outside any department thread: an original post and a reply in someone else's thread.
    fair = got[x("1844000000000000300")]
    assert (fair["kind"], fair["parent_uid"], fair["root_uid"]) == ("mention", None, x("1844000000000000300"))
    elsewhere = got[x("1844000000000000305")]
    assert (elsewhere["kind"], elsewhere["parent_uid"]) == ("mention", x("1844000000000000299"))
    assert got[x("1844000000000000210")]["kind"] == "quote"
    assert got[x("1844000000000000210")]["parent_uid"] == x(B)

    # Department answers found on X close the triage items they answer.
    triage = {r["uid"]: r["status"] for r in store.db.query("SELECT uid, status FROM triage")}
    assert triage[x("1844000000000000110")] == "responded"
    assert got[x("1844000000000000310")]["parent_uid"] == x("1844000000000000305")
    assert triage[x("1844000000000000130")] == "new"

    # Every post read is counted in the run, and the run says what it did.
    run = next(iter(store.db.query("SELECT * FROM runs")))
    assert (run["outcome"], run["fetched"], run["new"], run["reads"]) == ("ok", summary.fetched, 25, fake.posts_served)
    seen = newest(store)
    assert seen["tweets"] == C
    assert seen["mentions"] == "1844000000000000305"
    assert seen[f"conv:{A}"] == "1844000000000000150"
    assert seen[f"conv:{B}"] == "1844000000000000270"
    assert store.get_cursors("x", "RivertonPD")["refresh"] == "2026-10-10"
    assert json.loads(store.get_cursors("x", "RivertonPD")["mentions"])["pass_at"] == "2026-10-10T12:00:00Z"


def test_requests_ask_for_the_fields_that_fill_the_record(store: Store, fake: FakeX) -> None:
    run_connector(store, connector(), context(store))
    for endpoint in ("timeline", "mentions", "search", "lookup"):
        params = fake.requests_to(endpoint)[0]
        assert set(params["tweet.fields"].split(",")) >= {
            "created_at", "conversation_id", "in_reply_to_user_id", "referenced_tweets", "public_metrics",
            "author_id", "lang"}
        assert params["expansions"] == "author_id" and "username" in params["user.fields"]
    assert fake.requests_to("timeline")[0]["exclude"] == "retweets"
    # Conversations newest first: C, then B, then A.
    assert [p["query"] for p in fake.requests_to("search")[:3]] == [
        f"conversation_id:{C}", f"conversation_id:{B}", f"conversation_id:{B}"]


def test_pagination_follows_next_token_across_pages(store: Store, fake: FakeX) -> None:
    run_connector(store, connector(), context(store))
    timeline = fake.requests_to("timeline")
    assert len(timeline) == 2
    assert "pagination_token" not in timeline[0] and timeline[1]["pagination_token"] == "7140dibdnow9c7btw45"
    conv_b = [p for p in fake.requests_to("search") if p["query"] == f"conversation_id:{B}"]
    assert [p.get("next_token") for p in conv_b] == [None, "7140dibdnow9c7btw410"]
    assert store.count("posts", "root_uid = ?", [x(B)]) == 14  # root, 12 replies, 1 department answer


def test_second_run_resumes_from_cursors_and_adds_nothing(store: Store, fake: FakeX) -> None:
    run_connector(store, connector(), context(store))
    before = decided(store, "views")
    fake.calls.clear()
    second = run_connector(store, connector(), context(store, now=NOW + timedelta(minutes=15)))

    assert (second.outcome, second.counts.new, second.counts.updated, second.reads) == ("ok", 0, 0, 0)
    assert decided(store, "views") == before
    # Every stream reads from the last pass's start minus the 10-minute index overlap.
    assert fake.requests_to("timeline")[0]["start_time"] == "2026-10-10T11:50:00Z"
    assert fake.requests_to("mentions")[0]["start_time"] == "2026-10-10T11:50:00Z"
    assert {p["query"]: p["start_time"] for p in fake.requests_to("search")}[f"conversation_id:{A}"] == (
        "2026-10-10T11:50:00Z")
    assert all("since_id" not in p for _, p in fake.calls)
    assert fake.requests_to("lookup") == []  # refreshed once per UTC day


def test_new_reply_next_run_is_added_and_answered(store: Store, fake: FakeX) -> None:
    run_connector(store, connector(), context(store))
    late = dict(fake.tweets["1844000000000000110"], id="1844000000000000500", text="@RivertonPD still closed?",
                created_at="2026-10-10T12:05:00.000Z", edit_history_tweet_ids=["1844000000000000500"])
    fake.tweets[late["id"]] = late
    summary = run_connector(store, connector(), context(store, now=NOW + timedelta(minutes=15)))
    assert summary.counts.new == 1
    row = posts_by_uid(store)[x(late["id"])]
    assert (row["kind"], row["parent_uid"], row["root_uid"]) == ("reply", x(A), x(A))
    # Seen by both the mentions stream and the conversation search: one row, two post reads.
    assert summary.reads == 2


def test_duplicate_pages_do_not_duplicate_rows(store: Store, fake: FakeX) -> None:
    fake.repeat_first_page = True
    summary = run_connector(store, connector(), context(store))
    assert summary.outcome == "ok"
    got = posts_by_uid(store)
    assert len(got) == len({r["uid"] for r in got.values()})
    # The repeated page hid the second timeline page, but conversations still found those posts.
    assert x(C) in got and store.count("posts", "uid = ?", [x(C)]) == 1


def test_refresh_marks_deleted_post_and_updates_metrics(store: Store, fake: FakeX) -> None:
    run_connector(store, connector(), context(store))
    del fake.tweets[C]
    fake.tweets[A]["public_metrics"] = dict(fake.tweets[A]["public_metrics"], like_count=90)
    summary = run_connector(store, connector(), context(store, now=NOW + timedelta(days=1)))

    assert summary.counts.deleted == 1
    got = posts_by_uid(store)
    assert got[x(C)]["deleted_at"] is not None and got[x(C)]["text"] == "" and got[x(C)]["raw"] is None
    assert got[x(A)]["likes"] == 90 and got[x(A)]["deleted_at"] is None
    snapshots = [r["likes"] for r in store.db.query("SELECT likes FROM metric_snapshots WHERE uid = ? ORDER BY"
                                                     " observed_at", [x(A)])]
    assert snapshots == [25, 90]
    assert store.get_cursors("x", "RivertonPD")["refresh"] == "2026-10-11"


# -- errors and waits -------------------------------------------------------------------------------


def test_429_waits_for_rate_limit_reset_then_succeeds(store: Store, fake: FakeX) -> None:
    sleeps = Sleeps()
    fake.fail("mentions", 429, {"x-rate-limit-reset": str(int(CLOCK) + 300), "x-rate-limit-remaining": "0"})
    summary = run_connector(store, connector(sleeps), context(store))
    assert summary.outcome == "ok"
    assert sleeps == [301.0]
    first, retry = fake.requests_to("mentions")[:2]
    assert first == retry  # the same request again, after the wait
    assert x("1844000000000000300") in posts_by_uid(store)


def test_a_stopping_daemon_cuts_a_rate_limit_wait_short(store: Store, fake: FakeX) -> None:
    # The default sleep is connectors.waits.pause: a 5-minute 429 wait must not hold up a SIGTERM.
    fake.fail("mentions", 429, {"x-rate-limit-reset": str(int(CLOCK) + 300), "x-rate-limit-remaining": "0"})
    stopping = XConnector("test-token", clock=lambda: CLOCK)
    with stoppable(lambda: True):
        summary = run_connector(store, stopping, context(store))
    assert summary.outcome == "stopped"
    assert len(fake.requests_to("mentions")) == 1  # not asked again after the cut-short wait


def test_500_retries_with_capped_jittered_backoff(store: Store, fake: FakeX) -> None:
    sleeps = Sleeps()
    fake.fail("search", 503, times=3)
    summary = run_connector(store, connector(sleeps), context(store))
    assert summary.outcome == "ok"
    assert len(sleeps) == 3
    for attempt, wait in enumerate(sleeps, start=1):
        ceiling = 2.0 * 2 ** (attempt - 1)
        assert ceiling / 2 <= wait <= ceiling
    assert store.count("posts", "root_uid = ?", [x(C)]) == 1


def test_persistent_5xx_stops_the_account_with_one_line(store: Store, fake: FakeX) -> None:
    fake.fail("timeline", 503, times=5)
    summary = run_connector(store, connector(), context(store))
    assert summary.outcome == "error"
    assert "HTTP 503 on GET /2/users/:id/tweets" in (summary.error or "")
    assert store.count("posts") == 0


def test_401_names_the_credential_env_var(store: Store, fake: FakeX) -> None:
    fake.fail("timeline", 401)
    summary = run_connector(store, connector(bearer_env="RPD_X_TOKEN"), context(store))
    assert summary.outcome == "error"
    assert "RPD_X_TOKEN" in (summary.error or "") and "401" in (summary.error or "")
    assert "\n" not in (summary.error or "")
    run = next(iter(store.db.query("SELECT outcome, error FROM runs")))
    assert run["outcome"] == "error" and "RPD_X_TOKEN" in run["error"]
    assert store.count("posts") == 0 and store.get_cursors("x", "RivertonPD") == {}


def test_403_names_the_access_level_needed(store: Store, fake: FakeX) -> None:
    fake.fail("mentions", 403)
    summary = run_connector(store, connector(), context(store))
    assert summary.outcome == "error"
    assert "/2/users/:id/mentions" in (summary.error or "") and "Basic/Pro" in (summary.error or "")
    # The page committed before the failure stays, with its cursor; nothing half-written.
    assert newest(store) == {"tweets": C} and set(store.get_cursors("x", "RivertonPD")) == {"tweets"}
    assert store.count("posts", "account = 'RivertonPD' AND is_department = 1") == 6


def test_truncated_body_is_retried_like_a_5xx(store: Store, fake: FakeX) -> None:
    sleeps = Sleeps()
    fake.fail("mentions", 200, times=2)
    summary = run_connector(store, connector(sleeps), context(store))
    assert summary.outcome == "ok", summary.error
    assert len(sleeps) == 2
    assert x("1844000000000000300") in posts_by_uid(store)


def test_a_body_that_stays_truncated_is_one_line_naming_the_endpoint(store: Store, fake: FakeX) -> None:
    fake.fail("search", 200, times=5)
    summary = run_connector(store, connector(), context(store))
    assert (summary.outcome, summary.error) == (
        "error", "x: @RivertonPD: GET /2/tweets/search/recent answered HTTP 200 with a body that is not valid JSON"
                 " after retries")
    assert store.count("posts", "is_department = 1") == 6  # the timeline pages committed before it stay


# -- odd values -------------------------------------------------------------------------------------


def test_odd_counts_keep_the_record_and_flag_the_field(store: Store, fake: FakeX) -> None:
    fake.tweets["1844000000000000130"]["public_metrics"]["like_count"] = -3
    fake.tweets["1844000000000000120"]["public_metrics"]["retweet_count"] = "n/a"
    del fake.tweets["1844000000000000140"]["public_metrics"]
    summary = run_connector(store, connector(), context(store))
    got = posts_by_uid(store)

    assert (summary.outcome, summary.rejected) == ("ok", [])
    assert summary.flagged == 4  # each read twice: by mentions and by its conversation's search
    assert store.count("posts", "flags IS NOT NULL") == 2
    negative = got[x("1844000000000000130")]
    assert (negative["likes"], negative["views"], negative["text"]) == (
        None, 90, "@maria_rvt @RivertonPD thanks for the quick answer")
    assert json.loads(negative["flags"]) == ["metrics.likes: Input should be greater than or equal to 0 (got -3)"]
    assert json.loads(negative["raw"])["public_metrics"]["like_count"] == -3
    assert got[x("1844000000000000120")]["reposts"] is None and got[x("1844000000000000120")]["likes"] is not None
    missing = got[x("1844000000000000140")]  # no counts at all: nothing odd, nothing guessed
    assert (missing["likes"], missing["views"], missing["flags"]) == (None, None, None)


# -- what X's index and pagination really do --------------------------------------------------------


def stored_replies(store: Store) -> list[str]:
    """The ids of the public replies stored in the three department threads, newest first."""
    return [r["native_id"] for r in store.db.query(
        "SELECT native_id FROM posts WHERE is_public_reply = 1 AND root_uid IN (?, ?, ?)"
        " ORDER BY created_at DESC, uid DESC", [x(A), x(B), x(C)])]


def late_reply(fake: FakeX, native: str, created_at: str) -> str:
    """A public reply in A's conversation that names the account (so mentions sees it too)."""
    fake.tweets[native] = dict(fake.tweets["1844000000000000110"], id=native, text="@RivertonPD any update?",
                               created_at=created_at, edit_history_tweet_ids=[native])
    return native


def test_reply_indexed_late_is_read_in_the_overlap_window(store: Store, fake: FakeX) -> None:
    older = late_reply(fake, "1844000000000000600", "2026-10-10T11:57:00.000Z")
    newer = late_reply(fake, "1844000000000000610", "2026-10-10T11:58:00.000Z")
    fake.unindexed.add(older)  # visible to search only after the newer one was read
    run_connector(store, connector(), context(store))
    assert x(older) not in posts_by_uid(store) and x(newer) in posts_by_uid(store)

    fake.unindexed.clear()
    served = fake.posts_served
    summary = run_connector(store, connector(), context(store, now=NOW + timedelta(minutes=15)))
    assert x(older) in posts_by_uid(store)
    assert posts_by_uid(store)[x(older)]["parent_uid"] == x(A)
    # The overlap's cost, counted: both replies by mentions and by A's search (the newer one again).
    assert summary.counts.new == 1
    assert summary.reads == fake.posts_served - served == 4


def test_resuming_a_first_run_after_a_crash_resends_the_tokens_own_query(store: Store, fake: FakeX) -> None:
    # Crash while the second timeline page is being committed; resume two hours later.
    with pytest.raises(RuntimeError):
        run_connector(store, CrashAfter(connector(), 1), context(store))
    fake.calls.clear()
    summary = run_connector(store, connector(), context(store, now=NOW + timedelta(hours=2)))
    assert summary.outcome == "ok", summary.error
    first = fake.requests_to("timeline")[0]
    assert (first["pagination_token"], first["start_time"]) == ("7140dibdnow9c7btw45", "2026-10-03T12:00:00Z")
    # 6 posts on the timeline: 5 + 1 read before the crash, the uncommitted 1 again; no restarted pass.
    assert fake.served_by["timeline"] == 7


def test_reads_of_a_page_that_never_committed_are_counted(store: Store, fake: FakeX) -> None:
    with pytest.raises(RuntimeError):
        run_connector(store, CrashAfter(connector(), 1), context(store))
    assert fake.posts_served == 6
    assert store.db.execute("SELECT SUM(reads) FROM runs").fetchone()[0] == 6
    assert reads_this_month(store, "x", NOW) == 6


def test_refresh_tombstones_a_public_reply_deleted_on_x(store: Store, fake: FakeX) -> None:
    run_connector(store, connector(), context(store))
    deleted = "1844000000000000130"
    del fake.tweets[deleted]
    fake.calls.clear()
    fake.served_by.clear()
    summary = run_connector(store, connector(), context(store, now=NOW + timedelta(days=1)))
    row = posts_by_uid(store)[x(deleted)]
    assert (row["deleted_at"] is not None, row["text"], row["author_handle"]) == (True, "", None)
    assert summary.counts.deleted == 1
    # One batched lookup: the watched department posts newest first, then their stored public replies newest first.
    (lookup,) = fake.requests_to("lookup")
    replies = stored_replies(store)
    assert lookup["ids"].split(",") == [C, B, A, *replies]
    assert summary.reads == fake.served_by["lookup"] == 3 + len(replies) - 1  # all but the deleted reply


def test_refresh_spends_what_budget_is_left_on_the_newest_posts(store: Store, fake: FakeX) -> None:
    run_connector(store, connector(), context(store))
    fake.calls.clear()
    # Next day: the streams find nothing new; 12 reads are left for the 3 posts and their stored replies.
    summary = run_connector(store, connector(), context(store, now=NOW + timedelta(days=1), budget=12))
    assert summary.outcome == "budget"
    (lookup,) = fake.requests_to("lookup")
    replies = stored_replies(store)
    assert lookup["ids"].split(",") == [C, B, A, *replies][:12]  # the oldest replies wait for tomorrow
    assert store.get_cursors("x", "RivertonPD")["refresh"] == "2026-10-10"


# -- the read budget --------------------------------------------------------------------------------


def test_budget_runs_out_mid_run_and_resumes_next_month(store: Store, fake: FakeX) -> None:
    # 6 timeline posts + 17 mentions = 23; 30 leaves 7, too few for one search page (min 10).
    summary = run_connector(store, connector(), context(store, budget=30))
    assert summary.outcome == "budget"
    assert summary.reads == 23 == fake.posts_served
    assert fake.requests_to("search") == []
    assert set(store.get_cursors("x", "RivertonPD")) == {"tweets", "mentions"}
    # Root, the department's answer (timeline) and the two replies that mention us; not the fourth.
    assert store.count("posts", "root_uid = ?", [x(A)]) == 4

    fake.calls.clear()
    resumed = run_connector(store, connector(), context(store, now=NOW + timedelta(days=1), budget=15000))
    assert resumed.outcome == "ok"
    assert fake.requests_to("timeline")[0]["start_time"] == "2026-10-10T11:50:00Z"
    assert store.count("posts", "root_uid = ?", [x(A)]) == 6


def test_budget_stop_mid_stream_resumes_at_the_next_page(store: Store, fake: FakeX) -> None:
    # 5 posts on the first timeline page leaves 2: less than a page, so stop with a resumable cursor.
    summary = run_connector(store, connector(), context(store, budget=7))
    assert (summary.outcome, summary.reads) == ("budget", 5)
    state = json.loads(store.get_cursors("x", "RivertonPD")["tweets"])
    assert state == {"newest": C, "next_token": "7140dibdnow9c7btw45", "pass_at": "2026-10-10T12:00:00Z",
                     "query": {"start_time": "2026-10-03T12:00:00Z"}}

    fake.calls.clear()
    run_connector(store, connector(), context(store, budget=100))
    assert fake.requests_to("timeline")[0]["pagination_token"] == "7140dibdnow9c7btw45"
    assert newest(store)["tweets"] == C
    assert x("1844000000000000100") in posts_by_uid(store)


def test_page_never_asks_for_more_posts_than_the_budget_left(store: Store, fake: FakeX) -> None:
    run_connector(store, connector(max_results=100), context(store, budget=12))
    sizes = [int(p["max_results"]) for _, p in fake.calls]
    assert sizes[0] == 12 and all(s <= 12 for s in sizes)
    assert fake.posts_served <= 12


# -- crash safety -----------------------------------------------------------------------------------


def test_crash_at_any_page_then_rerun_gives_the_same_rows(tmp_path: Path, fake: FakeX) -> None:
    fake.tweets["1844000000000000130"]["public_metrics"]["like_count"] = -3
    del fake.tweets["1844000000000000140"]["public_metrics"]

    def arm() -> None:  # the first answer of every endpoint, in every run, arrives cut off
        fake.failures.clear()
        for endpoint in ("timeline", "mentions", "search", "lookup"):
            fake.fail(endpoint, 200)

    pages = crash_at_every_page(tmp_path, connector, context, "views", arm=arm,
                                reads_served=lambda: fake.posts_served)
    assert len(pages) == 11  # timeline 2, mentions 4, conversations C 1, B 2, A 1, refresh 1
    assert {r.uid for p in pages for r in p.records if r.flags} == {x("1844000000000000130")}
