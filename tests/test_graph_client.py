"""The shared Graph client on its own: base URLs, usage headers, paging that cannot loop, the token kept out."""

from __future__ import annotations

import json

import httpx
import pytest

from connectors.graph import GraphClient, check_base_url, read_usage
from tests.helpers.graph import Sleeps


@pytest.mark.parametrize(
    "url", ["https://graph.facebook.com", "https://proxy.dept.example/graph/", "http://127.0.0.1:8123", "http://localhost"]
)
def test_https_or_a_local_server_is_accepted(url: str) -> None:
    assert check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://graph.facebook.com", "ftp://127.0.0.1", "graph.facebook.com", "https://"])
def test_plain_http_elsewhere_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="https://"):
        check_base_url(url)


def test_usage_is_the_highest_percentage_any_header_reports() -> None:
    headers = {
        "x-app-usage": json.dumps({"call_count": 12, "total_cputime": 3, "total_time": 40}),
        "x-business-use-case-usage": json.dumps({"104857300000001": [
            {"type": "pages", "call_count": 81, "total_cputime": 5, "total_time": 9,
             "estimated_time_to_regain_access": 0},
            {"type": "pages", "call_count": "n/a", "estimated_time_to_regain_access": 12}]}),
    }
    usage = read_usage(headers)
    assert (usage.percent, usage.regain_minutes) == (81.0, 12.0)
    assert read_usage({"x-app-usage": "{not json"}).percent == 0.0
    assert read_usage({}).percent == 0.0


def test_a_cursor_handed_back_twice_ends_the_listing() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        body = {"data": [{"id": str(len(calls))}], "paging": {"cursors": {"after": "QVFI"}, "next": "https://x"}}
        return httpx.Response(200, json=body)

    client = GraphClient("tok-secret", token_env="T", platform="facebook", transport=httpx.MockTransport(handler),
                         sleep=Sleeps())
    pages = list(client.pages("1/comments", {"limit": 1}))
    assert [p[0]["id"] for p in pages] == ["1", "2"] and len(calls) == 2
    assert all(r.headers["authorization"] == "Bearer tok-secret" and "tok-secret" not in str(r.url) for r in calls)


def test_an_error_message_never_carries_the_token() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        error = {"message": "Invalid parameter tok-secret", "type": "OAuthException", "code": 100,
                 "fbtrace_id": "AbC"}
        return httpx.Response(400, json={"error": error})

    client = GraphClient("tok-secret", token_env="T", platform="facebook", transport=httpx.MockTransport(handler),
                         sleep=Sleeps())
    with pytest.raises(Exception) as caught:
        client.get("me")
    assert "tok-secret" not in str(caught.value) and "code 100" in str(caught.value)
