"""The Instagram connector through the real Graph client, with only httpx's transport replaced (FakeGraph)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from connectors.base import AccountRef, CollectContext
from connectors.graph import PAUSE_STREAM, GraphClient
from connectors.instagram import HIDDEN_FLAG, InstagramConnector
from engage.collect import run_connector
from engage.store import Store
from tests.helpers.graph import IG_ID, TOKEN, FakeGraph, Sleeps, collect_twice, universe

from .conftest import crash_at_every_page, decided, posts_by_uid

NOW = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)
M1, M2, OLD = "17900000000000001", "17900000000000002", "17900000000000000"


def ig(native: str) -> str:
    return f"instagram:{native}"


def c(n: str) -> str:
    return ig(f"179500000000000{n}")


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph(universe())


def connector(fake: FakeGraph, **kwargs: Any) -> InstagramConnector:
    client = GraphClient(TOKEN, token_env="RPD_IG_TOKEN", platform="instagram", transport=fake.transport(),
                         sleep=Sleeps(), clock=lambda: NOW.timestamp())
    return InstagramConnector(client, **{"page_size": 2, **kwargs})


def context(store: Store, *, now: datetime = NOW, user_id: str | None = IG_ID) -> CollectContext:
    return CollectContext(
        account=AccountRef("instagram", "rivertonpd", user_id),
        cursors=store.get_cursors("instagram", "rivertonpd"),
        watched=store.watched_threads("instagram", "rivertonpd", now - timedelta(days=7)),
        department_handles=frozenset({"rivertonpd"}),
        department_ids=frozenset({IG_ID}),
        now=now,
        recheck=store.replies_in_threads("instagram", "rivertonpd", now - timedelta(days=7)),
    )


def test_first_run_stores_media_comments_replies_and_the_accounts_answers(store: Store, fake: FakeGraph) -> None:
    summary = run_connector(store, connector(fake), context(store, user_id=None))
    got = posts_by_uid(store)

    assert (summary.outcome, summary.rejected) == ("ok", [])
    assert ig(OLD) not in got and {ig(M1), ig(M2)} <= set(got)
    media = got[ig(M1)]
    assert (media["kind"], media["is_department"], media["likes"], media["replies"]) == ("post", 1, 120, 6)
    answer = got[c("02")]
    assert (answer["is_department"], answer["parent_uid"], answer["root_uid"]) == (1, c("01"), ig(M1))
    status = {r["uid"]: r["status"] for r in store.db.query("SELECT uid, status FROM triage")}
    assert status[c("01")] == "responded"
    # Replies are one level deep: a reply to a reply is filed under the top-level comment, as Instagram does.
    assert got[c("04")]["parent_uid"] == c("01") and got[c("04")]["author_handle"] == "maria_rvt"
    # The third reply is beyond the two expanded inline: read from /{ig-comment-id}/replies by cursor.
    (replies,) = fake.requests_to("replies")
    assert replies["after"] and "parent_id" in replies["fields"]
    odd = got[c("06")]
    assert odd["likes"] is None and json.loads(odd["flags"])[0].startswith("metrics.likes:")
    assert fake.requests_to("me")  # no user_id in config: looked up from the token's Page


def test_a_hidden_and_a_deleted_comment_are_tombstoned_differently(store: Store, fake: FakeGraph) -> None:
    run_connector(store, connector(fake), context(store))
    hidden = posts_by_uid(store)[c("05")]
    assert (hidden["text"], hidden["tombstoned_at"] is not None, hidden["deleted_at"]) == ("", True, None)
    assert json.loads(hidden["flags"]) == [HIDDEN_FLAG]

    fake.ig_comments[M2] = []
    summary = run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=15)))
    gone = posts_by_uid(store)[c("11")]
    assert summary.counts.deleted == 1 and gone["deleted_at"] is not None and gone["text"] == ""
    assert posts_by_uid(store)[c("05")]["deleted_at"] is None


def test_second_run_adds_nothing(store: Store, fake: FakeGraph) -> None:
    run_connector(store, connector(fake), context(store))
    before = decided(store, "likes")
    second = run_connector(store, connector(fake), context(store, now=NOW + timedelta(minutes=15)))
    assert (second.outcome, second.counts.new, second.counts.updated) == ("ok", 0, 0)
    assert decided(store, "likes") == before


def test_crash_at_any_page_then_rerun_gives_the_same_rows(tmp_path: Path, fake: FakeGraph) -> None:
    def arm() -> None:
        fake.failures.clear()
        for endpoint in ("media", "ig_comments", "replies"):
            fake.fail(endpoint, 200)

    pages = crash_at_every_page(tmp_path, lambda: connector(fake), context, "likes", arm=arm,
                                reads_served=lambda: len(fake.calls))
    assert [p.stream for p in pages][:2] == ["media", "media"]
    assert {r.uid for p in pages for r in p.records if r.flags} == {c("05"), c("06")}


def test_instagram_throttling_code_pauses_the_account(store: Store, fake: FakeGraph) -> None:
    fake.fail("ig_comments", 400, 80002)
    summary = run_connector(store, connector(fake), context(store))
    assert summary.outcome == "error" and "Graph error 80002" in (summary.error or "")
    assert PAUSE_STREAM in store.get_cursors("instagram", "rivertonpd")
    assert store.count("posts", "kind = 'post'") == 2


def test_engage_collect_platform_instagram_against_a_local_graph(tmp_path: Path) -> None:
    first, second, db = collect_twice(tmp_path, "instagram", "{platform: instagram, handle: rivertonpd}")
    assert "platform=instagram account=rivertonpd outcome=ok" in first
    assert " new=0 updated=0 " in second
    with Store.open(db) as store:
        counts = {r["kind"]: r["n"] for r in store.db.query(
            "SELECT kind, COUNT(*) AS n FROM posts WHERE platform = 'instagram' GROUP BY kind")}
    assert counts == {"post": 3, "reply": 7}  # 90 days: the September post too
