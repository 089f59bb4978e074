"""Fakes of the platform client libraries' HTTP side, shared by the connector tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import responses

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "x"


API = "https://api.twitter.com/2"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeX:
    """Answers tweepy's requests like X API v2 would; records every request and the posts served."""

    def __init__(self, rsps: responses.RequestsMock) -> None:
        universe = fixture("universe.json")
        self.users = {u["id"]: u for u in universe["users"]}
        self.tweets = {t["id"]: t for t in universe["tweets"]}
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.posts_served = 0
        self.served_by: dict[str, int] = {}
        self.repeat_first_page = False
        self.unindexed: set[str] = set()
        self.tokens_issued: set[tuple[str, tuple[str | None, ...]]] = set()
        for pattern, handler in (
            (r"/users/(\d+)/tweets", self._timeline),
            (r"/users/(\d+)/mentions", self._mentions),
            (r"/tweets/search/recent", self._search),
            (r"/tweets(\?|$)", self._lookup),
        ):
            rsps.add_callback(responses.GET, re.compile(re.escape(API) + pattern), callback=self._wrap(handler))

    def fail(self, endpoint: str, status: int, headers: dict[str, str] | None = None, times: int = 1) -> None:
        """The next ``times`` requests to ``endpoint`` (e.g. 'mentions') answer ``status``.

        ``status`` 200 answers the real body cut off halfway (a connection dropped mid-transfer);
        nothing it held counts as served.
        """
        self.failures.setdefault(endpoint, []).extend([(status, headers or {})] * times)

    def requests_to(self, endpoint: str) -> list[dict[str, str]]:
        return [params for name, params in self.calls if name == endpoint]

    def _wrap(self, handler: Any) -> Any:
        def callback(request: Any) -> tuple[int, dict[str, str], str]:
            url = urlparse(request.url)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            name = handler.__name__.strip("_")
            self.calls.append((name, params))
            assert request.headers["Authorization"] == "Bearer test-token"
            pending = self.failures.get(name)
            if pending:
                status, headers = pending.pop(0)
                if status == 200:
                    text = json.dumps(handler(url.path, params)[1])
                    return 200, {"content-type": "application/json"}, text[: len(text) // 2]
                return status, {"content-type": "application/json", **headers}, json.dumps(fixture(f"{status}.json"))
            status, body = handler(url.path, params)
            if status == 200:
                self.posts_served += len(body.get("data", []))
                self.served_by[name] = self.served_by.get(name, 0) + len(body.get("data", []))
            return status, {"content-type": "application/json"}, json.dumps(body)

        callback.__name__ = handler.__name__
        return callback

    # -- endpoints --------------------------------------------------------------------------------

    def _indexed(self) -> list[dict[str, Any]]:
        return [t for t in self.tweets.values() if t["id"] not in self.unindexed]

    def _timeline(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        user = path.split("/")[-2]
        found = [t for t in self._indexed() if t["author_id"] == user]
        return self._page(found, params, lo=5, hi=100, token="pagination_token")

    def _mentions(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        user = self.users[path.split("/")[-2]]
        at = "@" + user["username"].lower()
        found = [
            t for t in self._indexed()
            if t["author_id"] != user["id"] and re.search(re.escape(at) + r"\b", t["text"].lower())
        ]
        return self._page(found, params, lo=5, hi=100, token="pagination_token")

    def _search(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        match = re.fullmatch(r"conversation_id:(\d+)", params["query"])
        assert match, params["query"]
        found = [t for t in self._indexed() if t["conversation_id"] == match.group(1)]
        return self._page(found, params, lo=10, hi=100, token="next_token")

    def _lookup(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        ids = params["ids"].split(",")
        data = [self._fields(self.tweets[i], params) for i in ids if i in self.tweets]
        body: dict[str, Any] = {"data": data} if data else {}
        if data:
            body["includes"] = self._includes(data, params)
        missing = [i for i in ids if i not in self.tweets]
        if missing:
            body["errors"] = [
                {
                    "value": i, "detail": f"Could not find tweet with ids: [{i}].", "title": "Not Found Error",
                    "resource_type": "tweet", "parameter": "ids", "resource_id": i,
                    "type": "https://api.twitter.com/2/problems/resource-not-found",
                }
                for i in missing
            ]
        return 200, body

    def _page(
        self, found: list[dict[str, Any]], params: dict[str, str], *, lo: int, hi: int, token: str
    ) -> tuple[int, dict[str, Any]]:
        size = int(params.get("max_results", 10))
        if not lo <= size <= hi:
            message = f"The `max_results` query parameter value [{size}] is not between {lo} and {hi}"
            return 400, {"errors": [{"parameters": {"max_results": [str(size)]}, "message": message}],
                         "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
                         "type": "https://api.twitter.com/2/problems/invalid-request"}
        query = tuple(params.get(k) for k in ("query", "since_id", "start_time"))
        if token in params and (params[token], query) not in self.tokens_issued:
            return 400, {"errors": [{"parameters": {token: [params[token]]}, "message": "Invalid pagination token"}],
                         "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
                         "type": "https://api.twitter.com/2/problems/invalid-request"}
        if "since_id" in params:
            found = [t for t in found if int(t["id"]) > int(params["since_id"])]
        if "start_time" in params:
            found = [t for t in found if t["created_at"] >= params["start_time"].replace("Z", ".000Z")]
        found.sort(key=lambda t: int(t["id"]), reverse=True)
        offset = int(params[token].removeprefix("7140dibdnow9c7btw4")) if token in params else 0
        if self.repeat_first_page and offset == size:
            offset = 0  # the second request repeats the first page, next_token and all
        chunk = [self._fields(t, params) for t in found[offset : offset + size]]
        if not chunk:
            return 200, {"meta": {"result_count": 0}}
        meta: dict[str, Any] = {"newest_id": chunk[0]["id"], "oldest_id": chunk[-1]["id"], "result_count": len(chunk)}
        if offset + size < len(found):
            meta["next_token"] = f"7140dibdnow9c7btw4{offset + size}"
            self.tokens_issued.add((meta["next_token"], query))
        return 200, {"data": chunk, "includes": self._includes(chunk, params), "meta": meta}

    def _fields(self, tweet: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        wanted = set(params.get("tweet.fields", "").split(",")) | {"id", "text", "edit_history_tweet_ids"}
        return {k: v for k, v in tweet.items() if k in wanted}

    def _includes(self, tweets: list[dict[str, Any]], params: dict[str, str]) -> dict[str, Any]:
        if "author_id" not in params.get("expansions", ""):
            return {}
        ids = dict.fromkeys(t["author_id"] for t in tweets)
        return {"users": [self.users[i] for i in ids]}


