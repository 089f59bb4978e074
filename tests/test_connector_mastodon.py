"""The Mastodon connector driven through the real Mastodon.py, with HTTP answered by a fake instance.

``FakeMastodon`` serves Account, Status, Context and Notification entities shaped as the Mastodon
API documents them (https://docs.joinmastodon.org/entities/), from an in-memory instance: account
statuses newest first with ``min_id``/``since_id``/``max_id``/``limit`` and ``exclude_reblogs``
honoured, contexts capped at 60 descendants and 20 levels for a caller without a token (the
oldest branches first, as Mastodon walks the tree), notifications only with a token, 404 for a
deleted status. ``fail`` queues answers an endpoint gives before its real one (429 with
``X-RateLimit-Reset``, 5xx, a truncated body). Every test asserts on the rows in the database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from connectors.base import AccountRef, CollectContext, ConnectorError
from connectors.mastodon import (
    PLATFORM,
    MastodonConnector,
    MastodonCredentials,
    html_to_text,
    reset_in,
    status_id_at,
)
from connectors.waits import WaitInterrupted, pause, stoppable
from engage.collect import run_connector
from engage.store import Store

from .conftest import crash_at_every_page, decided, posts_by_uid

BASE = "https://police.example"
NOW = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)
DEPT_ID = "109000000000000001"
TOKEN = "test-token"


def sid(at: datetime, n: int = 0) -> str:
    """A status id as Mastodon makes them: milliseconds since the epoch, shifted 16 bits, plus a sequence."""
    return str(int(at.timestamp() * 1000) << 16 | n)


def account(acct: str, account_id: str, **extra: Any) -> dict[str, Any]:
    username = acct.split("@")[0]
    domain = acct.split("@")[1] if "@" in acct else "police.example"
    return {
        "id": account_id, "username": username, "acct": acct, "display_name": username.title(),
        "locked": False, "bot": False, "discoverable": True, "group": False,
        "created_at": "2022-11-01T00:00:00.000Z", "note": "<p></p>", "url": f"https://{domain}/@{username}",
        "uri": f"https://{domain}/users/{username}", "avatar": f"https://{domain}/a.png",
        "avatar_static": f"https://{domain}/a.png", "header": f"https://{domain}/h.png",
        "header_static": f"https://{domain}/h.png", "followers_count": 10, "following_count": 2,
        "statuses_count": 5, "last_status_at": "2026-10-09", "emojis": [], "fields": [], "indexable": True,
        "hide_collections": False, **extra,
    }


DEPT = account("lakeside", DEPT_ID)
ALICE = account("alice@other.example", "110000000000000002")
BOB = account("bob", "110000000000000003")


class FakeMastodon:
    """An instance at ``BASE``: statuses by id, deletions, queued faults, and the calls it served."""

    def __init__(self, rsps: responses.RequestsMock) -> None:
        self.rsps = rsps
        self.accounts = {"lakeside": DEPT, "alice@other.example": ALICE, "bob": BOB}
        self.statuses: dict[str, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.deleted: set[str] = set()
        self.faults: dict[str, list[Callable[[], tuple[int, dict[str, str], str]]]] = {}
        self.served = 0
        for pattern, handler in (
            (r"/api/v1/accounts/lookup", self._lookup),
            (r"/api/v1/accounts/(\d+)/statuses", self._account_statuses),
            (r"/api/v1/statuses/(\d+)/context", self._context),
            (r"/api/v1/statuses/(\d+)", self._status),
            (r"/api/v1/notifications", self._notifications),
        ):
            rsps.add_callback(responses.GET, re.compile(re.escape(BASE) + pattern + r"(\?.*)?$"),
                              callback=self._answer(pattern, handler))

    # -- building the instance --------------------------------------------------------------------

    def post(self, at: datetime, n: int, author: dict[str, Any], html: str, *, parent: str | None = None,
             visibility: str = "public", **extra: Any) -> str:
        native = sid(at, n)
        parent_account = self.statuses[parent]["account"]["id"] if parent in self.statuses else None
        self.statuses[native] = {
            "id": native, "uri": f"https://police.example/users/x/statuses/{native}",
            "created_at": at.isoformat().replace("+00:00", ".000Z"), "account": author, "content": html,
            "visibility": visibility, "sensitive": False, "spoiler_text": "", "media_attachments": [],
            "application": None, "mentions": [], "tags": [], "emojis": [], "reblogs_count": 0,
            "favourites_count": 1, "replies_count": 0, "url": f"https://police.example/@x/{native}",
            "in_reply_to_id": parent, "in_reply_to_account_id": parent_account,
            "reblog": None, "poll": None, "card": None, "language": "en", "text": None, "edited_at": None, **extra,
        }
        return native

    def mention(self, status_id: str, n: int) -> None:
        status = self.statuses[status_id]
        self.notifications.append({"id": str(1000 + n), "type": "mention", "group_key": f"ungrouped-{1000 + n}",
                                   "created_at": status["created_at"], "account": status["account"],
                                   "status": status})

    def fail(self, pattern: str, *answers: Callable[[], tuple[int, dict[str, str], str]]) -> None:
        self.faults.setdefault(pattern, []).extend(answers)

    # -- serving ----------------------------------------------------------------------------------

    def _answer(self, pattern: str, handler: Callable[..., Any]) -> Callable[[Any], tuple[int, dict[str, str], str]]:
        def callback(request: Any) -> tuple[int, dict[str, str], str]:
            self.served += 1
            url = urlsplit(request.url)
            key = next((p for p in self.faults if re.fullmatch(p, url.path) and self.faults[p]), None)
            if key is not None:
                return self.faults[key].pop(0)()
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            query["types[]"] = parse_qs(url.query).get("types[]", [])
            match = re.fullmatch(pattern, url.path)
            assert match is not None
            authed = request.headers.get("Authorization") == f"Bearer {TOKEN}"
            status, body = handler(query, authed, *match.groups())
            return status, {"Content-Type": "application/json", "X-RateLimit-Limit": "300",
                            "X-RateLimit-Remaining": "250"}, json.dumps(body)
        return callback

    def _visible(self, status: dict[str, Any]) -> bool:
        return status["id"] not in self.deleted and status["visibility"] in ("public", "unlisted")

    def _lookup(self, query: dict[str, Any], authed: bool) -> tuple[int, Any]:
        found = self.accounts.get(query["acct"].lstrip("@"))
        return (200, found) if found else (404, {"error": "Record not found"})

    def _account_statuses(self, query: dict[str, Any], authed: bool, account_id: str) -> tuple[int, Any]:
        mine = sorted((s for s in self.statuses.values() if s["account"]["id"] == account_id
                       and s["id"] not in self.deleted), key=lambda s: int(s["id"]))
        if query.get("exclude_reblogs") in ("1", "true"):
            mine = [s for s in mine if s["reblog"] is None]
        limit = min(int(query.get("limit", 20)), 40)
        for key, keep in (("min_id", lambda s, v: int(s["id"]) > v), ("since_id", lambda s, v: int(s["id"]) > v),
                          ("max_id", lambda s, v: int(s["id"]) < v)):
            if key in query:
                mine = [s for s in mine if keep(s, int(query[key]))]
        page = mine[:limit] if "min_id" in query else mine[-limit:]  # min_id: the page just after it
        return 200, list(reversed(page))

    def _status(self, query: dict[str, Any], authed: bool, status_id: str) -> tuple[int, Any]:
        status = self.statuses.get(status_id)
        if status is None or not self._visible(status):
            return 404, {"error": "Record not found"}
        return 200, status

    def _context(self, query: dict[str, Any], authed: bool, status_id: str) -> tuple[int, Any]:
        if status_id not in self.statuses or status_id in self.deleted:
            return 404, {"error": "Record not found"}
        limit, depth_limit = (4096, None) if authed else (60, 20)
        out: list[dict[str, Any]] = []

        def walk(parent: str, depth: int) -> None:
            for child in sorted((s for s in self.statuses.values() if s["in_reply_to_id"] == parent),
                                key=lambda s: int(s["id"])):
                if len(out) >= limit or (depth_limit is not None and depth > depth_limit):
                    return
                if child["id"] not in self.deleted:
                    out.append(child)
                    walk(child["id"], depth + 1)

        walk(status_id, 1)
        return 200, {"ancestors": [], "descendants": [s for s in out if s["visibility"] != "direct"]}

    def _notifications(self, query: dict[str, Any], authed: bool) -> tuple[int, Any]:
        if not authed:
            return 401, {"error": "The access token is invalid"}
        notes = sorted((n for n in self.notifications if n["type"] in (query["types[]"] or [n["type"]])),
                       key=lambda n: int(n["id"]))
        for key in ("min_id", "since_id"):
            if key in query:
                notes = [n for n in notes if int(n["id"]) > int(query[key])]
        if "max_id" in query:
            notes = [n for n in notes if int(n["id"]) < int(query["max_id"])]
        limit = min(int(query.get("limit", 40)), 80)
        page = notes[:limit] if "min_id" in query else notes[-limit:]
        return 200, list(reversed(page))


def too_many(reset: str, *, date: datetime | None = None) -> Callable[[], tuple[int, dict[str, str], str]]:
    headers = {"Content-Type": "application/json", "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
               "X-RateLimit-Reset": reset}
    if date is not None:
        headers["Date"] = format_datetime(date, usegmt=True)
    return lambda: (429, headers, json.dumps({"error": "Too many requests"}))


def server_error(status: int = 503) -> Callable[[], tuple[int, dict[str, str], str]]:
    return lambda: (status, {"Content-Type": "text/html"}, "<html>Service Unavailable</html>")


def truncated() -> tuple[int, dict[str, str], str]:
    return 200, {"Content-Type": "application/json"}, '[{"id": "1100", "content": "<p>cut'


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield FakeMastodon(rsps)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def connector(sleeps: Sleeps | None = None, *, token: str | None = None, **kwargs: Any) -> MastodonConnector:
    return MastodonConnector(BASE, token, sleep=sleeps if sleeps is not None else Sleeps(), **kwargs)


def context(store: Store, *, now: datetime = NOW) -> CollectContext:
    return CollectContext(
        account=AccountRef("mastodon", "lakeside"),
        cursors=store.get_cursors("mastodon", "lakeside"),
        watched=store.watched_threads("mastodon", "lakeside", now - timedelta(days=7)),
        department_handles=frozenset({"lakeside"}),
        now=now,
        recheck=store.replies_in_threads("mastodon", "lakeside", now - timedelta(days=7)),
        parent_of=store.parent_of,
    )


def m(native: str) -> str:
    return f"mastodon:{native}"


def collect(store: Store, conn: MastodonConnector, *, now: datetime = NOW) -> Any:
    return run_connector(store, conn, context(store, now=now))


LINK = ('<a href="https://www.lakeside.example/road-closures/main-street" rel="nofollow noopener" target="_blank">'
        '<span class="invisible">https://www.</span><span class="ellipsis">lakeside.example/road-closu</span>'
        '<span class="invisible">res/main-street</span></a>')


@pytest.fixture
def thread(fake: FakeMastodon) -> dict[str, str]:
    """A department post two days old with public, unlisted, private and direct replies and an answer."""
    day = NOW - timedelta(days=2)
    ids = {"post": fake.post(day, 1, DEPT, f"<p>Main St is closed until 6pm.<br>Detour: Elm St.</p><p>{LINK}</p>",
                             replies_count=3, reblogs_count=4, favourites_count=9)}
    ids["alice"] = fake.post(day + timedelta(minutes=5), 1, ALICE,
                             '<p><span class="h-card"><a href="https://police.example/@lakeside" class="u-url '
                             'mention">@<span>lakeside</span></a></span> is the bridge open? &amp; the bus?</p>',
                             parent=ids["post"])
    ids["answer"] = fake.post(day + timedelta(minutes=20), 1, DEPT, "<p>Yes, the bridge is open.</p>",
                              parent=ids["alice"])
    ids["bob"] = fake.post(day + timedelta(minutes=30), 1, BOB, "<p>thanks!</p>", parent=ids["answer"],
                           visibility="unlisted")
    ids["private"] = fake.post(day + timedelta(minutes=40), 1, BOB, "<p>followers only</p>", parent=ids["post"],
                               visibility="private")
    ids["direct"] = fake.post(day + timedelta(minutes=50), 1, ALICE, "<p>a direct message</p>", parent=ids["post"],
                              visibility="direct")
    ids["dept_private"] = fake.post(day + timedelta(hours=1), 1, DEPT, "<p>staff only</p>", visibility="private")
    return ids


def test_first_run_collects_the_departments_statuses_and_its_threads(
    store: Store, fake: FakeMastodon, thread: dict[str, str]
) -> None:
    summary = collect(store, connector())
    assert summary.outcome == "ok", summary.error
    rows = posts_by_uid(store)
    assert set(rows) == {m(thread[k]) for k in ("post", "alice", "answer", "bob")}  # never private or direct
    post, alice, answer, bob = (rows[m(thread[k])] for k in ("post", "alice", "answer", "bob"))
    assert (post["kind"], post["is_department"], post["root_uid"]) == ("post", 1, m(thread["post"]))
    assert post["text"] == "Main St is closed until 6pm.\nDetour: Elm St.\n\nlakeside.example/road-closu…"
    assert (post["likes"], post["replies"], post["reposts"]) == (9, 3, 4)
    assert "span class=\"invisible\"" in json.loads(post["raw"])["content"]  # the HTML stays in raw
    assert (alice["author_handle"], alice["kind"], alice["is_department"]) == ("alice@other.example", "reply", 0)
    assert alice["text"] == "@lakeside is the bridge open? & the bus?"
    assert (alice["parent_uid"], alice["root_uid"]) == (m(thread["post"]), m(thread["post"]))
    assert (answer["is_department"], answer["parent_uid"], answer["root_uid"]) == (
        1, m(thread["alice"]), m(thread["post"]))
    assert (bob["author_handle"], bob["root_uid"]) == ("bob", m(thread["post"]))
    assert "private" not in " ".join(r["raw"] for r in rows.values())
    status = store.db.execute("SELECT status FROM triage WHERE uid = ?", [m(thread["alice"])]).fetchone()[0]
    assert status == "responded"  # the department's answer closed it
    assert store.get_cursors("mastodon", "lakeside") == {"statuses": thread["dept_private"]}


def test_requests_go_to_the_configured_instance_with_the_documented_parameters(
    store: Store, fake: FakeMastodon, thread: dict[str, str]
) -> None:
    collect(store, connector())
    urls = [call.request.url for call in fake.rsps.calls]
    assert all(url.startswith(BASE + "/api/v1/") for url in urls)
    assert urls[0] == f"{BASE}/api/v1/accounts/lookup?acct=lakeside"
    first = parse_qs(urlsplit(urls[1]).query)
    assert first == {"exclude_reblogs": ["1"], "min_id": [status_id_at(NOW - timedelta(days=7))], "limit": ["40"]}
    assert f"{BASE}/api/v1/statuses/{thread['post']}/context" in urls
    assert not any("Authorization" in call.request.headers for call in fake.rsps.calls)  # anonymous


def test_second_run_resumes_from_the_cursor_and_adds_nothing(
    store: Store, fake: FakeMastodon, thread: dict[str, str]
) -> None:
    collect(store, connector())
    before = decided(store, "likes")
    served = fake.served
    second = collect(store, connector())
    assert (second.counts.new, second.counts.updated, second.counts.deleted) == (0, 0, 0)
    assert decided(store, "likes") == before
    calls = [c.request.url for c in fake.rsps.calls][served:]
    assert f"min_id={thread['dept_private']}" in calls[1]  # forward from the newest status read
    assert second.reads == len(calls) == 4  # lookup, statuses, the watched post, its context


def test_statuses_page_forward_and_each_page_moves_the_cursor(store: Store, fake: FakeMastodon) -> None:
    posts = [fake.post(NOW - timedelta(hours=30 - h), 1, DEPT, f"<p>update {h}</p>") for h in range(7)]
    pages = []
    run_connector(store, connector(page_size=3), context(store), on_page=lambda p, _c: pages.append(p))
    statuses = [p for p in pages if p.stream == "statuses"]
    assert [p.cursor for p in statuses] == [posts[2], posts[5], posts[6]]
    assert {m(p) for p in posts} <= set(posts_by_uid(store))


def test_a_new_reply_deep_in_an_old_thread_is_found_while_it_is_watched(store: Store, fake: FakeMastodon) -> None:
    old = NOW - timedelta(days=6)
    parent = root = fake.post(old, 1, DEPT, "<p>Community meeting Thursday.</p>")
    for depth in range(5):
        parent = fake.post(old + timedelta(hours=depth + 1), 1, ALICE if depth % 2 else BOB, f"<p>level {depth}</p>",
                           parent=parent)
    collect(store, connector())
    late = fake.post(NOW + timedelta(hours=1), 1, ALICE, "<p>late question at the bottom</p>", parent=parent)
    summary = collect(store, connector(), now=NOW + timedelta(hours=2))
    assert summary.counts.new == 1
    row = posts_by_uid(store)[m(late)]
    assert (row["root_uid"], row["parent_uid"], row["kind"]) == (m(root), m(parent), "reply")
    # Once the thread is older than watch_days it is no longer polled.
    fake.post(NOW + timedelta(days=2), 1, BOB, "<p>too late</p>", parent=parent)
    assert collect(store, connector(), now=NOW + timedelta(days=2, hours=1)).counts.new == 0


def test_a_deleted_watched_status_and_a_deleted_reply_are_tombstoned(
    store: Store, fake: FakeMastodon, thread: dict[str, str]
) -> None:
    second_post = fake.post(NOW - timedelta(days=1), 1, DEPT, "<p>Lost dog found near the park.</p>")
    reply = fake.post(NOW - timedelta(hours=20), 1, ALICE, "<p>that's my neighbour's dog</p>", parent=second_post)
    collect(store, connector())
    fake.deleted |= {thread["post"], reply}
    summary = collect(store, connector(), now=NOW + timedelta(minutes=15))
    assert summary.counts.deleted == 2
    rows = posts_by_uid(store)
    assert rows[m(thread["post"])]["deleted_at"] is not None and rows[m(thread["post"])]["text"] == ""
    assert rows[m(reply)]["deleted_at"] is not None
    assert rows[m(second_post)]["deleted_at"] is None
    assert f"{BASE}/api/v1/statuses/{reply}" in [c.request.url for c in fake.rsps.calls]  # 404 confirmed it


def test_anonymous_context_is_capped_and_a_token_reads_the_whole_thread(store: Store, fake: FakeMastodon) -> None:
    root = fake.post(NOW - timedelta(days=1), 1, DEPT, "<p>Road works on Main St next week.</p>")
    replies = [fake.post(NOW - timedelta(hours=20, minutes=-n), 1, ALICE, f"<p>question {n}</p>", parent=root)
               for n in range(65)]
    collect(store, connector())
    stored = {u for u in posts_by_uid(store) if u != m(root)}
    assert stored == {m(r) for r in replies[:60]}  # Mastodon's 60 oldest, without a token
    collect(store, connector(token=TOKEN))
    assert {m(r) for r in replies} <= set(posts_by_uid(store))
    assert all(c.request.headers["Authorization"] == f"Bearer {TOKEN}" for c in fake.rsps.calls[-4:])


def test_a_token_reads_public_mentions_and_never_direct_ones(
    store: Store, fake: FakeMastodon, thread: dict[str, str]
) -> None:
    elsewhere = fake.post(NOW - timedelta(hours=3), 1, BOB, "<p>@lakeside there is a pothole on 5th</p>")
    secret = fake.post(NOW - timedelta(hours=2), 1, ALICE, "<p>@lakeside private tip</p>", visibility="direct")
    fake.mention(elsewhere, 1)
    fake.mention(secret, 2)
    fake.mention(thread["alice"], 0)
    collect(store, connector(token=TOKEN))
    rows = posts_by_uid(store)
    assert rows[m(elsewhere)]["kind"] == "mention" and rows[m(elsewhere)]["author_handle"] == "bob"
    assert m(secret) not in rows and "private tip" not in " ".join(r["raw"] for r in rows.values())
    assert rows[m(thread["alice"])]["kind"] == "reply"
    assert store.get_cursors("mastodon", "lakeside")["mentions"] == "1002"
    fake.post(NOW + timedelta(minutes=5), 1, ALICE, "<p>@lakeside another</p>")
    fake.mention(sid(NOW + timedelta(minutes=5), 1), 3)
    collect(store, connector(token=TOKEN), now=NOW + timedelta(minutes=15))
    notes = [c.request.url for c in fake.rsps.calls if "/notifications" in c.request.url]
    assert "min_id=1002" in notes[-1] and "types%5B%5D=mention" in notes[-1]
    assert m(sid(NOW + timedelta(minutes=5), 1)) in posts_by_uid(store)


def test_429_waits_for_x_ratelimit_reset_as_an_iso_time_or_an_integer(
    store: Store, fake: FakeMastodon, thread: dict[str, str]
) -> None:
    server_now = datetime.now(UTC).replace(microsecond=0)
    fake.fail(r"/api/v1/accounts/\d+/statuses",
              too_many((server_now + timedelta(seconds=40)).isoformat().replace("+00:00", ".000Z"), date=server_now),
              too_many("25"))
    sleeps = Sleeps()
    summary = collect(store, connector(sleeps))
    assert summary.outcome == "ok"
    assert sleeps == [41.0, 26.0]  # until the reset by the server's clock, plus a second; then seconds from now
    assert m(thread["post"]) in posts_by_uid(store)
    assert summary.reads == fake.served  # the refused requests count too


def test_reset_header_forms() -> None:
    now = 1_800_000_000.0
    assert reset_in({"X-RateLimit-Reset": "2027-01-15T08:00:30.000Z", "Date": "Fri, 15 Jan 2027 08:00:00 GMT"},
                    now) == 30
    assert reset_in({"X-RateLimit-Reset": str(int(now) + 12)}, now) == 12  # epoch seconds
    assert reset_in({"X-RateLimit-Reset": "7"}, now) == 7  # seconds from now
    assert reset_in({"X-RateLimit-Reset": "soon"}, now) is None and reset_in({}, now) is None


def test_no_requests_left_waits_for_the_reset_before_asking_again(store: Store, fake: FakeMastodon) -> None:
    reset = (datetime.now(UTC) + timedelta(seconds=90)).replace(microsecond=0)
    fake.fail(r"/api/v1/accounts/lookup", lambda: (200, {
        "Content-Type": "application/json", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": reset.isoformat(), "Date": format_datetime(reset - timedelta(seconds=90), usegmt=True),
    }, json.dumps(DEPT)))
    sleeps = Sleeps()
    assert collect(store, connector(sleeps)).outcome == "ok"
    assert sleeps == [91.0] and fake.served == 2  # waited instead of drawing a 429


def test_5xx_is_retried_with_capped_backoff_then_one_line_naming_the_endpoint(
    store: Store, fake: FakeMastodon, thread: dict[str, str]
) -> None:
    fake.fail(r"/api/v1/statuses/\d+/context", server_error(502), server_error(503))
    sleeps = Sleeps()
    assert collect(store, connector(sleeps)).outcome == "ok"
    assert len(sleeps) == 2 and 1.0 <= sleeps[0] <= 2.0 and 2.0 <= sleeps[1] <= 4.0
    fake.fail(r"/api/v1/statuses/\d+/context", *[server_error(500)] * 5)
    summary = collect(store, connector())
    assert summary.outcome == "error"
    assert summary.error == (f"mastodon: GET /api/v1/statuses/:id/context on {BASE} failed after 5 attempts "
                             "(HTTP 500)")


def test_a_truncated_body_is_retried_and_one_that_stays_cut_is_one_line(store: Store, fake: FakeMastodon,
                                                                        thread: dict[str, str]) -> None:
    fake.fail(r"/api/v1/accounts/\d+/statuses", truncated)
    assert collect(store, connector()).outcome == "ok"
    assert m(thread["answer"]) in posts_by_uid(store)
    fake.fail(r"/api/v1/accounts/lookup", *[truncated] * 5)
    summary = collect(store, connector())
    assert summary.error == (f"mastodon: GET /api/v1/accounts/lookup on {BASE} failed after 5 attempts "
                             "(HTTP 200 with a body that is not valid JSON)")


def test_odd_fields_keep_the_status_and_flag_them(store: Store, fake: FakeMastodon) -> None:
    root = fake.post(NOW - timedelta(days=1), 1, DEPT, "<p>Bike registration day.</p>", favourites_count=-3)
    odd = fake.post(NOW - timedelta(hours=5), 1, {"id": "110000000000000009"}, None, parent=root,  # type: ignore[arg-type]
                    language=7, reblogs_count=None)
    assert collect(store, connector()).outcome == "ok"
    rows = posts_by_uid(store)
    assert rows[m(root)]["likes"] is None and "metrics.likes" in rows[m(root)]["flags"]
    assert (rows[m(odd)]["author_handle"], rows[m(odd)]["text"], rows[m(odd)]["lang"]) == (None, "", None)
    assert "lang" in rows[m(odd)]["flags"]


def test_unknown_and_suspended_accounts_are_one_line_errors(store: Store, fake: FakeMastodon) -> None:
    fake.accounts.pop("lakeside")
    summary = collect(store, connector())
    assert summary.error == f"mastodon: account @lakeside not found on {BASE} (renamed or moved?)"
    fake.accounts["lakeside"] = account("lakeside", DEPT_ID, suspended=True, display_name="", note="", fields=[],
                                        emojis=[], statuses_count=0)
    assert collect(store, connector()).error == f"mastodon: account @lakeside is suspended on {BASE}"


def test_a_revoked_token_names_its_env_var(store: Store, fake: FakeMastodon, thread: dict[str, str]) -> None:
    summary = collect(store, connector(token="revoked"))
    assert summary.error == (f"mastodon: GET /api/v1/notifications: 401 Unauthorized: the token in "
                             f"MASTODON_ACCESS_TOKEN is revoked, expired or not from {BASE}")
    assert TOKEN not in summary.error and "revoked" in summary.error


def test_crash_at_any_page_then_rerun_gives_the_same_rows(tmp_path: Path, fake: FakeMastodon) -> None:
    day = NOW - timedelta(days=3)
    roots = [fake.post(day + timedelta(hours=h), 1, DEPT, f"<p>notice {h}</p>", favourites_count=-1 if h else None)
             for h in range(4)]
    for n, root in enumerate(roots):
        reply = fake.post(day + timedelta(hours=n, minutes=10), 1, ALICE, f"<p>q {n}</p>", parent=root)
        fake.post(day + timedelta(hours=n, minutes=20), 1, DEPT, f"<p>a {n}</p>", parent=reply)
        fake.post(day + timedelta(hours=n, minutes=30), 1, BOB, "<p>dm</p>", parent=root, visibility="direct")
        fake.mention(reply, n)

    def arm() -> None:
        for pattern in (r"/api/v1/accounts/\d+/statuses", r"/api/v1/statuses/\d+/context", r"/api/v1/notifications"):
            fake.fail(pattern, truncated)

    pages = crash_at_every_page(tmp_path, lambda: connector(token=TOKEN, page_size=3), context, "likes",
                                arm=arm, reads_served=lambda: fake.served)
    streams = [p.stream for p in pages]
    assert streams[:4] == ["statuses"] * 3 + ["mentions"]  # 8 department statuses, 3 a page
    assert streams[4:] == [f"thread:{r}" for r in reversed(roots)]


def test_html_to_text_keeps_breaks_and_link_text_and_drops_hidden_parts() -> None:
    assert html_to_text("<p>one<br />two</p><p>three</p>") == "one\ntwo\n\nthree"
    assert html_to_text('<p><a href="https://x.example/a"><span class="invisible">https://</span>'
                        '<span class="">x.example/a</span><span class="invisible"></span></a></p>') == "x.example/a"
    assert html_to_text("https://bare.example/link") == "https://bare.example/link"
    assert html_to_text("<p>&lt;script&gt; stays text</p>") == "<script> stays text"


def test_credentials_keep_todays_fields_and_refuse_plain_http_off_this_machine() -> None:
    assert MastodonCredentials().model_dump() == {"api_base_url": None, "access_token_env": "MASTODON_ACCESS_TOKEN",
                                                  "write_access_token_env": None}
    assert MastodonCredentials(api_base_url="mastodon.social/").api_base_url == "https://mastodon.social"
    assert MastodonCredentials(api_base_url="http://127.0.0.1:8089").api_base_url == "http://127.0.0.1:8089"
    with pytest.raises(ValueError, match="plain http:// is only allowed for 127.0.0.1/localhost"):
        MastodonCredentials(api_base_url="http://police.example")
    with pytest.raises(ValueError, match="must be the name of an environment variable"):
        MastodonCredentials(access_token_env="my token")
    # A token pasted where the instance belongs is refused without being echoed (no dotted host name).
    with pytest.raises(ValueError, match="does not look like a host name") as pasted:
        MastodonCredentials(api_base_url="8f3kQz_Xy9-aBcDeFgHiJkLmNoPq")
    assert "8f3kQz" not in pasted.value.errors()[0]["msg"]  # what a config error shows (engage.config)


def test_platform_spec_links_and_doctor_notes() -> None:
    creds = MastodonCredentials(api_base_url=BASE)
    assert PLATFORM.name == "mastodon" and PLATFORM.credentials is MastodonCredentials
    assert PLATFORM.permalink("1099", None, creds) == f"{BASE}/web/statuses/1099"
    assert PLATFORM.permalink("../x", None, creds) is None
    assert PLATFORM.permalink("1099", None, MastodonCredentials(api_base_url="http://127.0.0.1:9")) is None
    assert "anonymous mode" in PLATFORM.doctor(creds, {})[0]
    assert "60 replies" in PLATFORM.doctor(creds, {})[0]
    assert "token mode" in PLATFORM.doctor(creds, {"MASTODON_ACCESS_TOKEN": "x"})[0]
    assert "not set" in PLATFORM.doctor(MastodonCredentials(), {})[0]


def test_a_wait_ends_as_soon_as_the_run_is_asked_to_stop() -> None:
    asked = iter([False, False, True])
    slept: list[float] = []
    with stoppable(lambda: next(asked)), pytest.raises(WaitInterrupted):
        pause(300, sleep=slept.append, clock=lambda: 0.0)
    assert slept == [0.25, 0.25]  # it looked at should_stop every quarter second, not after 300 s
    pause(0.0)  # outside a stoppable run a wait is a plain sleep


def test_stop_during_a_rate_limit_wait_ends_the_run_as_stopped(store: Store, fake: FakeMastodon) -> None:
    from engage.collect import collect_account
    from engage.config import Config

    post = fake.post(datetime.now(UTC) - timedelta(hours=1), 1, DEPT, "<p>Power cut on the east side.</p>")
    fake.fail(r"/api/v1/statuses/\d+/context", too_many("200"))
    config = Config.model_validate({
        "department": {"name": "Lakeside PD"}, "accounts": [{"platform": "mastodon", "handle": "lakeside"}],
        "credentials": {"mastodon": {"api_base_url": BASE}},
    })
    checks = iter([False] * 8 + [True] * 100)
    summary = collect_account(store, config, config.accounts[0], should_stop=lambda: next(checks))
    assert summary.outcome == "stopped", summary.line()
    assert m(post) in posts_by_uid(store)  # what was committed before the wait stays


def test_engage_collect_platform_mastodon_fills_the_db_then_adds_nothing(
    tmp_path: Path, fake: FakeMastodon, thread: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from engage.cli import app

    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "department: {name: Lakeside Police Department, timezone: America/Chicago}\n"
        f"data_dir: {tmp_path}\n"
        "accounts:\n  - {platform: mastodon, handle: lakeside}\n"
        f"credentials:\n  mastodon: {{api_base_url: '{BASE}'}}\n"
        "collection: {watch_days: 90}\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("MASTODON_ACCESS_TOKEN", raising=False)
    db = tmp_path / "engage.db"
    runner = CliRunner()
    first = runner.invoke(app, ["collect", "--platform", "mastodon", "--config", str(cfg), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "platform=mastodon account=lakeside outcome=ok" in first.output
    second = runner.invoke(app, ["collect", "--platform", "mastodon", "--config", str(cfg), "--db", str(db)])
    assert second.exit_code == 0, second.output
    assert " new=0 updated=0 " in second.output
    with Store.open(db) as store:
        assert set(posts_by_uid(store)) == {m(thread[k]) for k in ("post", "alice", "answer", "bob")}


def test_building_without_an_instance_url_is_a_one_line_error() -> None:
    from connectors.registry import BuildContext

    build = BuildContext("lakeside", None, None, None, MastodonCredentials(), PLATFORM.collection(), 7, 0.0,
                         lambda env: "", lambda env: None)
    with pytest.raises(ConnectorError, match="set credentials.mastodon.api_base_url"):
        PLATFORM.build(build)


class RateLimitedInstance:
    """A Mastodon instance on 127.0.0.1 that finds the account, then answers 429 for five minutes."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.paths: list[str] = []
        seen = self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server hook
                seen.append(self.path)
                if self.path.startswith("/api/v1/accounts/lookup"):
                    status, body, headers = 200, DEPT, {"X-RateLimit-Remaining": "299"}
                else:
                    reset = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
                    status, body = 429, {"error": "Too many requests"}
                    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
                data = json.dumps(body).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_sigterm_during_a_rate_limit_wait_stops_the_daemon_cleanly(
    tmp_path: Path, daemons: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal
    import time

    from tests.helpers.daemon_process import query, wait_for

    instance = RateLimitedInstance()
    try:
        (tmp_path / "data").mkdir()
        config = tmp_path / "config.yaml"
        config.write_text(json.dumps({
            "department": {"name": "Lakeside PD", "timezone": "America/Chicago"}, "data_dir": "data",
            "accounts": [{"platform": "mastodon", "handle": "lakeside"}],
            "credentials": {"mastodon": {"api_base_url": instance.url}},
        }), encoding="utf-8")
        monkeypatch.delenv("MASTODON_ACCESS_TOKEN", raising=False)
        daemon = daemons(config, "--no-classify")
        wait_for(lambda: any("/statuses" in p for p in instance.paths), "the rate-limited statuses request", daemon)
        asked = time.monotonic()
        daemon.proc.send_signal(signal.SIGTERM)
        code = daemon.proc.wait(120)  # generous under load; a clean stop takes well under the daemon's 8 s
        print(f"\nSIGTERM during a 5-minute rate-limit wait: exited {code} in {time.monotonic() - asked:.2f} s")
    finally:
        instance.close()
    log_text = (tmp_path / "data" / "logs" / "engage.log").read_text(encoding="utf-8")
    assert code == 0, daemon.output()
    # Not the hard exit a stuck job forces after 8 s: the wait itself ended and the run closed as stopped.
    assert "daemon stopped cleanly" in log_text, log_text
    assert "HTTP 429 on GET /api/v1/accounts/:id/statuses; retry 1 in" in log_text
    assert "platform=mastodon account=lakeside outcome=stopped" in log_text
    db = tmp_path / "data" / "engage.db"
    assert query(db, "SELECT outcome FROM runs WHERE kind = 'collect'") == [("stopped",)]


def mastodon_config(tmp_path: Path, base_url: str) -> Path:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "department: {name: Lakeside Police Department, timezone: America/Chicago}\n"
        f"data_dir: {tmp_path}\n"
        "accounts:\n  - {platform: mastodon, handle: lakeside}\n"
        f"credentials:\n  mastodon: {{api_base_url: '{base_url}'}}\n",
        encoding="utf-8",
    )
    return cfg


def test_doctor_says_which_mode_mastodon_runs_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from engage.cli import app

    cfg = mastodon_config(tmp_path, BASE)
    monkeypatch.delenv("MASTODON_ACCESS_TOKEN", raising=False)
    anonymous = CliRunner().invoke(app, ["doctor", "--config", str(cfg), "--db", str(tmp_path / "e.db")])
    assert "problem" not in anonymous.output  # the token is optional
    assert f"platform mastodon: anonymous mode (MASTODON_ACCESS_TOKEN not set) on {BASE}" in anonymous.output
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "secret-value")
    token = CliRunner().invoke(app, ["doctor", "--config", str(cfg), "--db", str(tmp_path / "e.db")])
    assert "platform mastodon: token mode (MASTODON_ACCESS_TOKEN set)" in token.output
    assert "secret-value" not in token.output


def test_plain_http_to_another_host_is_one_line_from_doctor_and_collect(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from engage.cli import app

    cfg = mastodon_config(tmp_path, "http://police.example")
    line = ("credentials.mastodon.api_base_url: 'http://police.example': plain http:// is only allowed for "
            "127.0.0.1/localhost; use https://")
    doctor = CliRunner().invoke(app, ["doctor", "--config", str(cfg), "--db", str(tmp_path / "e.db")])
    assert doctor.exit_code == 2 and line in doctor.output and "Traceback" not in doctor.output  # a config error
    collect = CliRunner().invoke(app, ["collect", "--config", str(cfg), "--db", str(tmp_path / "e.db")])
    assert line in collect.output and "Traceback" not in collect.output


def test_the_demo_config_has_a_live_mastodon_account_switched_off(fake: FakeMastodon) -> None:
    from engage.config import load_config
    from engage.connectors_factory import build_connector

    from .conftest import REPO

    config = load_config(REPO / "engage" / "config.example.yaml")
    (mastodon,) = config.accounts_for("mastodon")
    assert not mastodon.enabled  # the demo runs on its shipped files, without network
    text = (REPO / "engage" / "config.example.yaml").read_text(encoding="utf-8")
    assert "disabled: the demo runs without network" in text
    built = build_connector(config, mastodon)  # it is a real, buildable live account; building asks nothing
    assert isinstance(built, MastodonConnector) and built.base_url == "https://mastodon.social"
    assert fake.served == 0


def test_mentions_page_back_to_the_watch_window_once_then_forward(store: Store, fake: FakeMastodon) -> None:
    for n in range(170):  # one mention every 2 hours for two weeks: the watch window is 7 days
        fake.mention(fake.post(NOW - timedelta(hours=2 * (170 - n)), 1, BOB, f"<p>@lakeside note {n}</p>"), n)
    pages = []
    run_connector(store, connector(token=TOKEN), context(store), on_page=lambda p, _c: pages.append(p))
    # Newest first, the cursor committed with the last page; the page reaching past the window is the last.
    assert [p.cursor for p in pages if p.stream == "mentions"] == [None, "1169"]
    assert len(posts_by_uid(store)) == 160
    fake.mention(fake.post(NOW + timedelta(minutes=1), 1, ALICE, "<p>@lakeside new</p>"), 170)
    collect(store, connector(token=TOKEN), now=NOW + timedelta(minutes=15))
    notes = [c.request.url for c in fake.rsps.calls if "/notifications" in c.request.url]
    assert len(notes) == 3 and "max_id=1090" in notes[1] and "min_id=1169" in notes[2]
    assert store.get_cursors("mastodon", "lakeside")["mentions"] == "1170"


def test_a_reply_deeper_than_an_anonymous_context_goes_is_not_taken_for_deleted(
    store: Store, fake: FakeMastodon
) -> None:
    parent = root = fake.post(NOW - timedelta(days=1), 1, DEPT, "<p>Lost and found hours change.</p>")
    chain = []
    for depth in range(22):
        parent = fake.post(NOW - timedelta(hours=20, minutes=-depth), 1, ALICE if depth % 2 else BOB,
                           f"<p>level {depth + 1}</p>", parent=parent)
        chain.append(parent)
    collect(store, connector(token=TOKEN))  # with a token the whole chain is read
    served = fake.served
    summary = collect(store, connector(), now=NOW + timedelta(minutes=15))  # anonymous: 20 levels shown
    assert summary.counts.deleted == 0
    assert all(posts_by_uid(store)[m(n)]["deleted_at"] is None for n in chain)
    looked_up = [c.request.url for c in fake.rsps.calls[served:] if c.request.url.endswith(tuple(chain[20:]))]
    assert looked_up == [f"{BASE}/api/v1/statuses/{n}" for n in reversed(chain[20:])]  # newest first, 200: kept
    assert m(root) in posts_by_uid(store)


def test_a_reset_too_far_away_ends_the_run_in_one_line(
    store: Store, fake: FakeMastodon, thread: dict[str, str]
) -> None:
    fake.fail(r"/api/v1/accounts/\d+/statuses", too_many("3600"))
    sleeps = Sleeps()
    summary = collect(store, connector(sleeps))
    assert sleeps == []  # no hour-long wait inside a run: the next run tries again
    assert summary.error == ("mastodon: GET /api/v1/accounts/:id/statuses: rate limited for 3600 s more; "
                             "the next run resumes")


@pytest.mark.parametrize(("token", "requests_per_cycle"), [(None, 42), (TOKEN, 43)])
def test_a_cycle_for_20_posts_a_week_costs_what_the_readme_says(
    store: Store, fake: FakeMastodon, token: str | None, requests_per_cycle: int
) -> None:
    for n in range(20):  # 20 posts over the week, 10 public replies each, 2 of them answered
        post = fake.post(NOW - timedelta(hours=8 * n + 1), 1, DEPT, f"<p>notice {n}</p>")
        for k in range(10):
            reply = fake.post(NOW - timedelta(hours=8 * n, minutes=-k), 1, ALICE if k % 2 else BOB, "<p>q</p>",
                              parent=post)
            if k < 2:
                fake.post(NOW - timedelta(hours=8 * n, minutes=-k - 30), 1, DEPT, "<p>a</p>", parent=reply)
    collect(store, connector(token=token))
    served = fake.served
    summary = collect(store, connector(token=token), now=NOW + timedelta(minutes=15))
    assert fake.served - served == summary.reads == requests_per_cycle  # README, "Mastodon": about 42
