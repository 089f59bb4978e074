"""A fake Meta Graph API for the Facebook and Instagram connector tests.

It answers ``httpx`` requests the way the Graph reference documents them: cursor-paged edges
(``data`` plus ``paging.cursors.before/after`` and a ``paging.next`` URL that, like Graph's,
echoes the access token), an empty page that still has ``next`` (privacy filtering), ``since`` on
Page posts, ``filter``/``order`` on comments, Instagram's inline ``replies{...}`` expansion and
``/{ig-comment-id}/replies``, usage headers on every response, and error objects
``{"error": {message, type, code, error_subcode, fbtrace_id}}``. The same handler serves
``httpx.MockTransport`` and a real HTTP server on 127.0.0.1 (for the CLI tests).
"""

from __future__ import annotations

import base64
import copy
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

TOKEN = "EAAGtestPageToken0123456789"
VERSION = "v26.0"
PAGE_ID = "104857300000001"
IG_ID = "17841400000000001"

ERRORS: dict[int, dict[str, Any]] = {
    190: {"message": "Error validating access token: Session has expired on Friday, 09-Oct-26 10:00:00 PDT.",
          "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "AXk2dTTp1aB"},
    4: {"message": "(#4) Application request limit reached", "type": "OAuthException", "code": 4,
        "error_subcode": 2446079, "is_transient": True, "fbtrace_id": "A4hT0pZx9"},
    17: {"message": "(#17) User request limit reached", "type": "OAuthException", "code": 17,
         "error_subcode": 2446079, "is_transient": True, "fbtrace_id": "A17aaQw"},
    32: {"message": "(#32) Page request limit reached", "type": "OAuthException", "code": 32,
         "fbtrace_id": "A32bbRt"},
    613: {"message": "(#613) Calls to this api have exceeded the rate limit.", "type": "OAuthException",
          "code": 613, "fbtrace_id": "A613ccEr"},
    80001: {"message": "(#80001) There have been too many calls to this Page account. Wait a bit and try again.",
            "type": "OAuthException", "code": 80001, "fbtrace_id": "A80001dd"},
    80002: {"message": "(#80002) There have been too many calls to this Instagram account. Wait a bit and try"
                       " again.", "type": "OAuthException", "code": 80002, "fbtrace_id": "A80002ee"},
    100: {"message": "Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to missing"
                     " permissions, or does not support this operation.", "type": "GraphMethodException",
          "code": 100, "error_subcode": 33, "fbtrace_id": "A100ffGh"},
    10: {"message": "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content"
                    " Access' feature.", "type": "OAuthException", "code": 10, "fbtrace_id": "A10ggHi"},
    1: {"message": "An unknown error occurred", "type": "OAuthException", "code": 1, "error_subcode": 99,
        "is_transient": True, "fbtrace_id": "A1hhIj"},
}


def fb_time(value: str) -> str:
    """``2026-10-09T08:00:00Z`` as Graph writes it: ``2026-10-09T08:00:00+0000``."""
    return value.replace("Z", "+0000")


def _cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str) -> int:
    return int(base64.b64decode(cursor).decode().split(":")[1])


class FakeGraph:
    """One Facebook Page and one Instagram account, served as Graph would; records every request.

    ``posts``/``comments`` (Facebook) and ``media``/``ig_comments`` (Instagram) are plain dicts the
    tests edit between runs. ``fail(name, ...)`` makes the next requests to an endpoint answer an
    error object, a 5xx, or (status 200) the real body cut off halfway. ``usage`` sets the usage
    headers every response carries.
    """

    def __init__(self, universe: dict[str, Any]) -> None:
        data = copy.deepcopy(universe)
        self.posts: dict[str, dict[str, Any]] = {p["id"]: p for p in data.get("posts", [])}
        self.comments: dict[str, list[dict[str, Any]]] = data.get("comments", {})
        self.media: dict[str, dict[str, Any]] = {m["id"]: m for m in data.get("media", [])}
        self.ig_comments: dict[str, list[dict[str, Any]]] = data.get("ig_comments", {})
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.urls: list[str] = []
        self.failures: dict[str, list[tuple[int, dict[str, Any] | None]]] = {}
        self.app_usage: dict[str, Any] = {"call_count": 4, "total_cputime": 2, "total_time": 3}
        self.buc_usage: dict[str, Any] | None = None
        self.empty_first_page = True
        self.inline_replies = 2
        self.lock = threading.Lock()

    # -- test controls ----------------------------------------------------------------------------

    def fail(self, name: str, status: int, error_code: int | None = None, times: int = 1) -> None:
        error = dict(ERRORS[error_code]) if error_code is not None else None
        self.failures.setdefault(name, []).extend([(status, error)] * times)

    def requests_to(self, name: str) -> list[dict[str, str]]:
        return [params for n, params in self.calls if n == name]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # -- the HTTP side ------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            status, body = self._answer(request)
        headers = {"content-type": "application/json", "x-app-usage": json.dumps(self.app_usage)}
        if self.buc_usage is not None:
            headers["x-business-use-case-usage"] = json.dumps({PAGE_ID: [self.buc_usage]})
        return httpx.Response(status, headers=headers, content=body.encode())

    def _answer(self, request: httpx.Request) -> tuple[int, str]:
        url = urlparse(str(request.url))
        self.urls.append(str(request.url))
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = url.path.strip("/").split("/")
        assert parts[0] == VERSION, url.path
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return 400, json.dumps({"error": {**ERRORS[190], "message": "Invalid OAuth access token."}})
        name, status, body = self._route(parts[1:], params)
        self.calls.append((name, params))
        pending = self.failures.get(name)
        if pending:
            fail_status, error = pending.pop(0)
            if error is not None:
                if "{id}" in error["message"]:
                    error["message"] = error["message"].replace("{id}", parts[1])
                return fail_status, json.dumps({"error": error})
            if fail_status == 200:
                text = json.dumps(body)
                return 200, text[: len(text) // 2]
            return fail_status, "<html><body>Service Unavailable</body></html>"
        return status, json.dumps(body)

    def _route(self, parts: list[str], params: dict[str, str]) -> tuple[str, int, Any]:
        if parts == ["me"]:
            if "instagram_business_account" in params.get("fields", ""):
                return "me", 200, {"instagram_business_account": {"id": IG_ID, "username": "rivertonpd"},
                                   "id": PAGE_ID}
            return "me", 200, {"id": PAGE_ID, "name": "Riverton Police Department"}
        if len(parts) == 2 and parts[0] in (PAGE_ID, "me") and parts[1] in ("posts", "feed"):
            found = [p for p in self.posts.values() if parts[1] == "feed" or p["from"]["id"] == PAGE_ID]
            if "since" in params:
                found = [p for p in found if _ts(p["created_time"]) >= int(params["since"])]
            found.sort(key=lambda p: p["created_time"], reverse=True)
            return parts[1], 200, self._page(parts, found, params)
        if len(parts) == 2 and parts[1] == "comments" and parts[0] in self.posts:
            assert params.get("filter") == "stream", params
            found = sorted(self.comments.get(parts[0], []), key=lambda c: (c["created_time"], c["id"]))
            if params.get("order") == "reverse_chronological":
                found.reverse()
            return "comments", 200, self._page(parts, found, params)
        if len(parts) == 2 and parts[1] == "comments" and parts[0] in (self.posts.keys() | self.comments.keys()):
            return "comments", 400, {"error": {**ERRORS[100], "message": ERRORS[100]["message"].replace(
                "{id}", parts[0])}}
        if parts == [IG_ID, "media"]:
            found = sorted(self.media.values(), key=lambda m: m["timestamp"], reverse=True)
            return "media", 200, self._page(parts, found, params)
        if len(parts) == 2 and parts[1] == "comments" and parts[0] in self.media:
            top = [c for c in self.ig_comments.get(parts[0], []) if not c.get("parent_id")]
            return "ig_comments", 200, self._page(parts, [self._with_replies(parts[0], c) for c in top], params)
        if len(parts) == 2 and parts[1] == "replies":
            replies = self._replies_of(parts[0])
            return "replies", 200, self._page(parts, replies, params)
        return "unknown", 400, {"error": {**ERRORS[100], "message": ERRORS[100]["message"].replace("{id}", parts[0])}}

    def _replies_of(self, comment_id: str) -> list[dict[str, Any]]:
        for comments in self.ig_comments.values():
            found = [c for c in comments if c.get("parent_id") == comment_id]
            if found:
                return sorted(found, key=lambda c: c["timestamp"])
        return []

    def _with_replies(self, media_id: str, comment: dict[str, Any]) -> dict[str, Any]:
        replies = self._replies_of(comment["id"])
        if not replies:
            return comment
        shown = replies[: self.inline_replies]
        inline: dict[str, Any] = {"data": shown}
        if len(replies) > len(shown):
            after = _cursor(len(shown))
            inline["paging"] = {"cursors": {"before": _cursor(0), "after": after},
                                "next": f"https://graph.facebook.com/{VERSION}/{comment['id']}/replies?"
                                        f"access_token={TOKEN}&after={after}"}
        return {**comment, "replies": inline}

    def _page(self, parts: list[str], found: list[dict[str, Any]], params: dict[str, str]) -> dict[str, Any]:
        """One cursor page; a listing's first page is empty but has ``next`` when ``empty_first_page``."""
        limit = int(params.get("limit", 25))

        def next_url(after: str) -> str:  # Graph's own next link carries the token: never to be followed
            return f"https://graph.facebook.com/{VERSION}/{'/'.join(parts)}?access_token={TOKEN}&limit={limit}&after={after}"

        if "after" not in params and self.empty_first_page and found:
            return {"data": [], "paging": {"cursors": {"before": _cursor(0), "after": _cursor(0)},
                                           "next": next_url(_cursor(0))}}
        start = _offset(params["after"]) if "after" in params else 0
        chunk = found[start : start + limit]
        end = start + len(chunk)
        body: dict[str, Any] = {"data": chunk}
        if chunk:
            body["paging"] = {"cursors": {"before": _cursor(start), "after": _cursor(end)}}
            if end < len(found):
                body["paging"]["next"] = next_url(_cursor(end))
        return body


def _ts(graph_time: str) -> int:
    return int(datetime.fromisoformat(graph_time).timestamp())


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGraph

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        request = httpx.Request("GET", f"http://127.0.0.1{self.path}", headers=dict(self.headers))
        response = self.fake.handle(request)
        self.send_response(response.status_code)
        for key, value in response.headers.items():
            if key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("content-length", str(len(response.content)))
        self.end_headers()
        self.wfile.write(response.content)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        return


@contextmanager
def serve(fake: FakeGraph) -> Iterator[str]:
    """``fake`` on a real HTTP server on 127.0.0.1; yields its base URL."""
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=60)


FIXTURE_NOW = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)


def universe(now: datetime | None = None) -> dict[str, Any]:
    """The Page, its posts and comments, and the Instagram account's media and comments (fixtures/graph).

    The fixture is written as seen at ``FIXTURE_NOW``; with ``now`` every time moves by the same
    amount, for tests that run against the real clock (the CLI).
    """
    path = Path(__file__).resolve().parent.parent / "fixtures" / "graph" / "universe.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if now is None:
        return data
    shift = now - FIXTURE_NOW

    def moved(value: Any) -> Any:  # noqa: ANN401 - any JSON value
        if isinstance(value, dict):
            return {k: (_moved_time(v, shift) if k in ("created_time", "timestamp") else moved(v))
                    for k, v in value.items()}
        return [moved(v) for v in value] if isinstance(value, list) else value

    return moved(data)


def _moved_time(value: str, shift: timedelta) -> str:
    return (datetime.fromisoformat(value) + shift).strftime("%Y-%m-%dT%H:%M:%S+0000")


class Sleeps(list[float]):
    """An injectable ``sleep`` that records the waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def collect_twice(tmp_path: Path, platform: str, account: str) -> tuple[str, str, Path]:
    """``engage collect --platform <platform>`` twice against this fake on 127.0.0.1 (real clock, real SQLite).

    ``account`` is the YAML flow mapping of the one account; returns both runs' output and the database.
    """
    from typer.testing import CliRunner

    from engage.cli import app

    fake = FakeGraph(universe(datetime.now(UTC)))
    db = tmp_path / "engage.db"
    outputs = []
    with serve(fake) as base:
        cfg = tmp_path / "config.yaml"
        cfg.write_text(
            "department: {name: Riverton Police Department, timezone: America/Chicago}\n"
            f"data_dir: {tmp_path}\naccounts:\n  - {account}\n"
            f"credentials:\n  {platform}: {{graph_base_url: '{base}'}}\ncollection: {{watch_days: 90}}\n",
            encoding="utf-8",
        )
        for _ in range(2):
            result = CliRunner().invoke(app, ["collect", "--config", str(cfg), "--db", str(db), "--platform", platform],
                                        env={"FB_PAGE_ACCESS_TOKEN": TOKEN})
            assert result.exit_code == 0, result.output
            outputs.append(result.output)
    return outputs[0], outputs[1], db
