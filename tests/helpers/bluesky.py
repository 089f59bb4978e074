"""A fake Bluesky AppView and PDS answering the XRPC calls the connector makes, as the lexicons shape them.

``FakeBluesky`` holds post views by AT URI and builds every response from them: the author feed
(newest by sortAt first, the pinned post on top, a repost among them, ``cursor`` paging), post
threads (``threadViewPost`` trees; a deleted post with replies left becomes a ``notFoundPost``,
one without disappears; uris in ``blocked`` become ``blockedPost``), ``getPosts``, ``getQuotes``,
``listNotifications`` (only with the bearer token ``createSession`` handed out) and
``createSession``. Every object a union holds carries its ``$type``, as the AppView sends it,
because the atproto SDK parses strictly. ``fail`` queues failures per endpoint (status 200: the
real body cut off halfway). ``handle`` is an ``httpx.MockTransport`` handler; ``serve`` puts the
same fake on a 127.0.0.1 port for the CLI.
"""

from __future__ import annotations

import base64
import copy
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

DEPT_DID, DEPT = "did:plc:rvtnpd6x3k2m4qz7w5j8h1ab", "rivertonpd.bsky.social"
NOW = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)
POST_VIEW = "app.bsky.feed.defs#postView"
ACCESS_TOKEN = "eyJhbGciOiJub25lIn0." + base64.urlsafe_b64encode(
    json.dumps({"scope": "com.atproto.appPass", "sub": DEPT_DID, "exp": 4_102_444_800}).encode()
).decode().rstrip("=") + ".c2ln"

PEOPLE = {
    DEPT: (DEPT_DID, "Riverton Police Department"),
    "maria-rvt.bsky.social": ("did:plc:maria2rvt5k3m4qz7w5j8h1a", None),  # no displayName set
    "dan-k.bsky.social": ("did:plc:dank3rvt5k3m4qz7w5j8h1abc", "Dan K"),
    "eastgate-elle.bsky.social": ("did:plc:elle4rvt5k3m4qz7w5j8h1ab", "Elle"),
    "copwatch-rvt.bsky.social": ("did:plc:cpwt5rvt5k3m4qz7w5j8h1ab", "Copwatch Riverton"),
    "rivertonledger.bsky.social": ("did:plc:ldgr6rvt5k3m4qz7w5j8h1ab", "Riverton Ledger"),
}


def uri(handle: str, rkey: str) -> str:
    return f"at://{PEOPLE[handle][0]}/app.bsky.feed.post/{rkey}"


def cid(value: str) -> str:
    return "bafyrei" + base64.b32encode(value.encode()).decode().lower().rstrip("=")[:52].ljust(52, "a")


def stamp(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def profile(handle: str) -> dict[str, Any]:
    did, name = PEOPLE[handle]
    out: dict[str, Any] = {"did": did, "handle": handle, "labels": [], "createdAt": "2024-02-06T10:00:00.000Z"}
    if name is not None:
        out["displayName"] = name
    return out


class FakeBluesky:
    """The universe the tests collect, and the XRPC endpoints that serve it."""

    def __init__(self) -> None:
        self.posts: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []  # insertion order keeps sibling replies stable
        self.deleted: set[str] = set()
        self.blocked: set[str] = set()
        self.gone_as_not_found_post: set[str] = set()  # threads answered as a top-level notFoundPost
        self.pinned: str | None = None
        self.reposted: str | None = None
        self.notifications: list[tuple[str, str]] = []  # (uri, reason), newest first
        self.failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.calls: list[tuple[str, dict[str, list[str]]]] = []
        self.served = 0  # responses answered (what the connector must count as reads)
        self.sessions = 0
        self._seed()

    # -- the universe ---------------------------------------------------------------------------

    def add(self, handle: str, rkey: str, text: str, when: datetime, *, parent: str | None = None,
            quotes: str | None = None, indexed: datetime | None = None, created: str | None = None,
            likes: int | None = 0, **counts: int) -> str:
        """A post by ``handle``; ``parent`` makes it a reply (the root is found), ``quotes`` embeds a post."""
        at = uri(handle, rkey)
        record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": text, "langs": ["en"],
                                  "createdAt": created or stamp(when)}
        if parent is not None:
            root = self.root_of(parent)
            record["reply"] = {"root": {"uri": root, "cid": self.posts[root]["cid"]},
                               "parent": {"uri": parent, "cid": self.posts[parent]["cid"]}}
        view: dict[str, Any] = {
            "uri": at, "cid": cid(at), "author": profile(handle), "record": record,
            "replyCount": counts.get("replies", 0), "repostCount": counts.get("reposts", 0),
            "quoteCount": counts.get("quote_count", 0), "bookmarkCount": 0,
            "indexedAt": stamp(indexed or when + timedelta(seconds=2)), "labels": [],
        }
        if likes is not None:
            view["likeCount"] = likes
        if quotes is not None:
            target = self.posts[quotes]
            record["embed"] = {"$type": "app.bsky.embed.record", "record": {"uri": quotes, "cid": target["cid"]}}
            view["embed"] = {"$type": "app.bsky.embed.record#view", "record": {
                "$type": "app.bsky.embed.record#viewRecord", "uri": quotes, "cid": target["cid"],
                "author": target["author"], "value": target["record"], "indexedAt": target["indexedAt"],
                "labels": [], "likeCount": target.get("likeCount", 0), "replyCount": target["replyCount"],
                "repostCount": target["repostCount"], "quoteCount": target["quoteCount"]}}
        self.posts[at] = view
        self.order.append(at)
        return at

    def root_of(self, at: str) -> str:
        reply = self.posts[at]["record"].get("reply")
        return reply["root"]["uri"] if reply else at

    def parent_of(self, at: str) -> str | None:
        reply = self.posts[at]["record"].get("reply")
        return reply["parent"]["uri"] if reply else None

    def _seed(self) -> None:
        day = NOW.replace(hour=9)
        self.old = self.add(DEPT, "3lzold0000001", "September safety fair recap", NOW - timedelta(days=20), likes=30)
        self.a = self.add(DEPT, "3m2aaa0000001", "Main St is closed between 3rd and 5th for a water main repair.",
                          day - timedelta(days=2), likes=25, replies=5, reposts=12, quote_count=1)
        self.a1 = self.add("maria-rvt.bsky.social", "3m2aaa1000001", "How long will it be closed?",
                           day - timedelta(days=2, minutes=-20), parent=self.a, likes=2)
        self.answer = self.add(DEPT, "3m2aaa2000001", "Crews expect to reopen by 6 pm today.",
                               day - timedelta(days=2, minutes=-45), parent=self.a1, likes=4)
        self.a1a = self.add("dan-k.bsky.social", "3m2aaa3000001", "6 pm they said yesterday too",
                            day - timedelta(days=2, minutes=-90), parent=self.answer, likes=1)
        self.a1a1 = self.add("maria-rvt.bsky.social", "3m2aaa4000001", "lol fair",
                             day - timedelta(days=2, minutes=-95), parent=self.a1a, likes=-3)  # a negative count
        # A client with its clock a year ahead: stored at indexedAt, flagged.
        self.future = self.add("eastgate-elle.bsky.social", "3m2aaa5000001", "Is the bus detour still on?",
                               day - timedelta(days=1, hours=3), parent=self.a, created="2027-10-08T09:00:00.000Z")
        self.b = self.add(DEPT, "3m2bbb0000001", "Coffee with a Cop is Saturday at 10 am, Eastgate Library.",
                          day - timedelta(days=1), likes=35, replies=1)
        self.b1 = self.add("eastgate-elle.bsky.social", "3m2bbb1000001", "Will there be donuts?",
                           day - timedelta(hours=20), parent=self.b, likes=3)
        del self.posts[self.b1]["likeCount"]  # no count at all: nothing odd, nothing guessed
        self.quote = self.add("copwatch-rvt.bsky.social", "3m2qqq0000001", "Third closure this month.",
                              day - timedelta(days=1, hours=5), quotes=self.a, likes=8)
        self.mention = self.add("rivertonledger.bsky.social", "3m2mmm0000001",
                                "@rivertonpd.bsky.social any comment on the council vote?", day - timedelta(hours=2))
        self.others = self.add("dan-k.bsky.social", "3m2rrr0000001", "Great turnout at the fair",
                               NOW - timedelta(days=3))
        self.pinned = self.old
        self.reposted = self.others
        self.notifications = [(self.mention, "mention"), (self.b1, "reply"), (self.quote, "quote"),
                              (self.a1, "reply")]

    # -- XRPC -----------------------------------------------------------------------------------

    def fail(self, endpoint: str, status: int, headers: dict[str, str] | None = None, times: int = 1) -> None:
        self.failures.setdefault(endpoint, []).extend([(status, headers or {})] * times)

    def requests_to(self, endpoint: str) -> list[dict[str, list[str]]]:
        return [params for name, params in self.calls if name == endpoint]

    def handle(self, request: httpx.Request) -> httpx.Response:
        status, headers, body = self.answer_call(request.method, str(request.url),
                                                 request.headers.get("authorization"), request.content)
        return httpx.Response(status, headers=headers, content=body)

    def answer_call(self, method: str, url: str, auth: str | None, content: bytes) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        endpoint = parts.path.rsplit("/", 1)[-1]
        params = parse_qs(parts.query)
        self.calls.append((endpoint, params))
        json_type = {"content-type": "application/json; charset=utf-8"}
        pending = self.failures.get(endpoint)
        if pending:
            status, headers = pending.pop(0)
            if status == 200:
                text = json.dumps(self._answer(endpoint, params, auth, content)[1]).encode()
                return 200, json_type, text[: len(text) // 2]
            return status, {**json_type, **headers}, json.dumps(
                {"error": HTTPStatus(status).phrase.replace(" ", ""), "message": HTTPStatus(status).phrase}).encode()
        status, body = self._answer(endpoint, params, auth, content)
        self.served += 1
        return status, json_type, json.dumps(body).encode()

    def _answer(self, endpoint: str, params: dict[str, list[str]], auth: str | None,
                content: bytes) -> tuple[int, dict[str, Any]]:
        one = {k: v[0] for k, v in params.items()}
        if endpoint == "app.bsky.feed.getAuthorFeed":
            assert one["filter"] == "posts_with_replies" and one["actor"] in (DEPT_DID, DEPT)
            return 200, self._author_feed(int(one.get("limit", 50)), int(one.get("cursor", 0)))
        if endpoint == "app.bsky.feed.getPostThread":
            at = one["uri"]
            if at in self.gone_as_not_found_post:
                return 200, {"thread": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": at, "notFound": True}}
            if at not in self.posts or at in self.deleted:
                return 400, {"error": "NotFound", "message": f"Post not found: {at}"}
            return 200, {"thread": self._thread(at, int(one.get("depth", 6)))}
        if endpoint == "app.bsky.feed.getPosts":
            return 200, {"posts": [self._view(u) for u in params["uris"] if self._live(u)]}
        if endpoint == "app.bsky.feed.getQuotes":
            quoting = [u for u in self._newest_first() if self._quoted(u) == one["uri"]]
            start, limit = int(one.get("cursor", 0)), int(one.get("limit", 50))
            out: dict[str, Any] = {"uri": one["uri"], "posts": [self._view(u) for u in quoting[start : start + limit]]}
            if start + limit < len(quoting):
                out["cursor"] = str(start + limit)
            return 200, out
        if endpoint == "app.bsky.notification.listNotifications":
            if auth != f"Bearer {ACCESS_TOKEN}":
                return 401, {"error": "AuthenticationRequired", "message": "Authentication Required"}
            assert params["reasons"] == ["mention", "reply", "quote"]
            notes = [self._notification(u, r) for u, r in self.notifications if self._live(u)]
            start, limit = int(one.get("cursor", 0)), int(one.get("limit", 50))
            page = {"notifications": notes[start : start + limit], "priority": False}
            if start + limit < len(notes):
                page["cursor"] = str(start + limit)
            return 200, page
        if endpoint == "com.atproto.server.createSession":
            data = json.loads(content)
            if (data["identifier"], data["password"]) != (DEPT, "abcd-efgh-ijkl-mnop"):
                return 401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
            self.sessions += 1
            return 200, {"accessJwt": ACCESS_TOKEN, "refreshJwt": ACCESS_TOKEN, "handle": DEPT, "did": DEPT_DID,
                         "active": True, "email": "pio@riverton.example", "emailConfirmed": True}
        return 501, {"error": "MethodNotImplemented", "message": f"{endpoint} is not served here"}

    def _live(self, at: str) -> bool:
        return at in self.posts and at not in self.deleted

    def _view(self, at: str) -> dict[str, Any]:
        return copy.deepcopy(self.posts[at])

    def _quoted(self, at: str) -> str | None:
        embed = self.posts[at]["record"].get("embed") or {}
        return embed.get("record", {}).get("uri")

    def _sort_at(self, at: str) -> str:
        view = self.posts[at]
        return min(view["record"]["createdAt"], view["indexedAt"])

    def _newest_first(self) -> list[str]:
        return sorted((u for u in self.posts if self._live(u)), key=self._sort_at, reverse=True)

    def _author_feed(self, limit: int, start: int) -> dict[str, Any]:
        items: list[dict[str, Any]] = []
        if self.pinned and self._live(self.pinned):
            items.append({"post": self._view(self.pinned), "reason": {"$type": "app.bsky.feed.defs#reasonPin"}})
        for at in self._newest_first():
            if at == self.reposted:
                items.append({"post": self._view(at), "reason": {
                    "$type": "app.bsky.feed.defs#reasonRepost", "by": profile(DEPT), "indexedAt": stamp(NOW),
                    "uri": f"at://{DEPT_DID}/app.bsky.feed.repost/3m2rp00000001", "cid": cid("repost")}})
            if self.posts[at]["author"]["did"] != DEPT_DID:
                continue
            item: dict[str, Any] = {"post": self._view(at)}
            parent = self.parent_of(at)
            if parent is not None:
                item["reply"] = {"root": {"$type": POST_VIEW, **self._view(self.root_of(at))},
                                 "parent": {"$type": POST_VIEW, **self._view(parent)}}
            items.append(item)
        page: dict[str, Any] = {"feed": items[start : start + limit]}
        if start + limit < len(items):
            page["cursor"] = str(start + limit)
        return page

    def _thread(self, at: str, depth: int) -> dict[str, Any]:
        node: dict[str, Any] = {"$type": "app.bsky.feed.defs#threadViewPost", "post": self._view(at),
                                "threadContext": {}}
        if depth > 0:
            node["replies"] = [r for r in (self._reply(child, depth - 1) for child in self.order
                                           if self.parent_of(child) == at) if r is not None]
        return node

    def _reply(self, at: str, depth: int) -> dict[str, Any] | None:
        if at in self.blocked:
            author = self.posts[at]["author"]["did"]
            return {"$type": "app.bsky.feed.defs#blockedPost", "uri": at, "blocked": True,
                    "author": {"did": author, "viewer": {"blockedBy": True}}}
        if at in self.deleted:
            if any(self.parent_of(c) == at and self._live(c) for c in self.order):
                return {"$type": "app.bsky.feed.defs#notFoundPost", "uri": at, "notFound": True}
            return None
        return self._thread(at, depth)

    def _notification(self, at: str, reason: str) -> dict[str, Any]:
        view = self.posts[at]
        author = {k: v for k, v in view["author"].items() if k != "createdAt"}
        out = {"uri": at, "cid": view["cid"], "author": author, "reason": reason, "record": view["record"],
               "isRead": False, "indexedAt": view["indexedAt"], "labels": []}
        if reason in ("reply", "quote"):
            out["reasonSubject"] = self.parent_of(at) or self._quoted(at)
        return out


@contextmanager
def serve(fake: FakeBluesky) -> Iterator[str]:
    """The fake on an ephemeral 127.0.0.1 port, as a local AppView would be; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            status, headers, content = fake.answer_call(self.command, f"http://127.0.0.1{self.path}",
                                                        self.headers.get("authorization"), body)
            self.send_response(status)
            for key, value in {**headers, "content-length": str(len(content))}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = _reply

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
