"""The Facebook and Instagram writers through the real Graph client, only HTTP replaced (httpx.MockTransport)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from connectors import facebook, instagram
from connectors.base import ConnectorError
from connectors.graph import GraphClient
from connectors.graph_writer import FACEBOOK, INSTAGRAM, GraphWriter, GraphWriteRules
from connectors.writing import ReplyTarget, WriteError, Writer
from tests.helpers.graph import ERRORS
from tests.helpers.writers import account, writer_for

WRITE_TOKEN = "EAAGwriteToken9876543210"
READ_TOKEN = "EAAGtestPageToken0123456789"
COMMENT = "104857300000001_900000000000001"
NEW_ID = "104857300000001_900000000000777"
SENT_AT = datetime(2026, 10, 10, 12, 0, 5, tzinfo=UTC)
RULES = {"facebook": FACEBOOK, "instagram": INSTAGRAM}
TIMES = {"facebook": ("created_time", "2026-10-10T12:00:05+0000"),
         "instagram": ("timestamp", "2026-10-10T12:00:05+0000")}


class FakeGraph:
    """Answers POSTs and the read-back GET as Graph documents them; records every request."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.requests: list[httpx.Request] = []
        self.post_answer: tuple[int, dict[str, Any]] | Exception = (200, {"id": NEW_ID})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.method == "GET":
            field, value = TIMES[self.platform]
            return httpx.Response(200, json={field: value, "id": NEW_ID})
        if isinstance(self.post_answer, Exception):
            raise self.post_answer
        status, body = self.post_answer
        return httpx.Response(status, json=body)

    def form(self, n: int = 0) -> dict[str, list[str]]:
        return parse_qs(self.requests[n].content.decode())


def make(platform: str) -> tuple[GraphWriter, FakeGraph]:
    fake = FakeGraph(platform)
    client = GraphClient(WRITE_TOKEN, token_env="FB_WRITE_TOKEN", platform=platform,
                         transport=httpx.MockTransport(fake), sleep=lambda s: None)
    return GraphWriter(client, RULES[platform]), fake


@pytest.mark.parametrize(("platform", "edge"), [("facebook", "comments"), ("instagram", "replies")])
def test_reply_posts_the_message_as_a_form_and_reads_the_creation_time_back(platform: str, edge: str) -> None:
    writer, fake = make(platform)
    sent = writer.reply(ReplyTarget(account(platform), COMMENT), "We've passed this on & will reply.")
    assert (sent.native_id, sent.created_at) == (NEW_ID, SENT_AT)
    post, get = fake.requests
    assert (post.method, post.url.path) == ("POST", f"/v26.0/{COMMENT}/{edge}")
    assert fake.form() == {"message": ["We've passed this on & will reply."]}
    assert "message" not in str(post.url) and WRITE_TOKEN not in str(post.url)
    assert post.headers["Authorization"] == f"Bearer {WRITE_TOKEN}"
    assert (get.method, get.url.path, get.url.params["fields"]) == ("GET", f"/v26.0/{NEW_ID}", TIMES[platform][0])


@pytest.mark.parametrize(("platform", "field"), [("facebook", "is_hidden"), ("instagram", "hide")])
@pytest.mark.parametrize("hidden", [True, False])
def test_hide_and_unhide_post_the_platforms_flag(platform: str, field: str, hidden: bool) -> None:
    writer, fake = make(platform)
    fake.post_answer = (200, {"success": True})
    writer.set_hidden(COMMENT, hidden)
    [post] = fake.requests
    assert (post.method, post.url.path) == ("POST", f"/v26.0/{COMMENT}")
    assert fake.form() == {field: ["true" if hidden else "false"]}
    assert writer.can_hide


def _error(code: int) -> dict[str, Any]:
    return {"error": ERRORS[code]} if code in ERRORS else {"error": {
        "message": "(#506) Duplicate status message", "type": "OAuthException", "code": code, "fbtrace_id": "A506"}}


@pytest.mark.parametrize("platform", ["facebook", "instagram"])
@pytest.mark.parametrize(("status", "code", "kind", "words"), [
    (400, 4, "rate_limited", "paused until"),
    (400, 32, "rate_limited", "Graph error 32"),
    (400, 100, "parent_gone", "deleted"),
    (400, 506, "duplicate", "Duplicate"),
    (403, 10, "permission", "FB_WRITE_TOKEN needs"),
    (400, 190, "permission", "FB_WRITE_TOKEN is expired or revoked"),
    (500, 1, "other", "outcome unknown; it will be matched when collected"),
])
def test_graph_refusals_are_one_line_of_the_right_kind_and_never_repeated(
    platform: str, status: int, code: int, kind: str, words: str
) -> None:
    writer, fake = make(platform)
    fake.post_answer = (status, _error(code))
    with pytest.raises(WriteError) as caught:
        writer.reply(ReplyTarget(account(platform), COMMENT), "Thanks")
    assert caught.value.kind == kind and words in str(caught.value), str(caught.value)
    assert "\n" not in str(caught.value) and WRITE_TOKEN not in str(caught.value)
    assert len(fake.requests) == 1


def test_a_timeout_after_sending_is_outcome_unknown_and_sent_once() -> None:
    writer, fake = make("facebook")
    fake.post_answer = httpx.ReadTimeout("timed out")
    with pytest.raises(WriteError, match="outcome unknown") as caught:
        writer.reply(ReplyTarget(account("facebook"), COMMENT), "Thanks")
    assert caught.value.kind == "other" and len(fake.requests) == 1


def test_an_unreadable_creation_time_falls_back_to_the_send_time() -> None:
    fake = FakeGraph("facebook")
    now = datetime(2026, 10, 10, 12, 0, 9, tzinfo=UTC)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            fake.requests.append(request)
            return httpx.Response(400, json={"error": ERRORS[100]})
        return fake(request)

    client = GraphClient(WRITE_TOKEN, token_env="FB_WRITE_TOKEN", platform="facebook",
                         transport=httpx.MockTransport(handler))
    sent = GraphWriter(client, FACEBOOK, clock=lambda: now).reply(ReplyTarget(account("facebook"), COMMENT), "Hi")
    assert (sent.native_id, sent.created_at) == (NEW_ID, now)


@pytest.mark.parametrize(("rules", "limit"), [(FACEBOOK, 8000), (INSTAGRAM, 2200)])
def test_too_long_is_refused_before_any_request(rules: GraphWriteRules, limit: int) -> None:
    writer, fake = make(rules.platform)
    with pytest.raises(WriteError) as caught:
        writer.reply(ReplyTarget(account(rules.platform), COMMENT), "a" * (limit + 1))
    assert caught.value.kind == "too_long" and not fake.requests


@pytest.mark.parametrize(("module", "field"), [(facebook, "write_page_access_token_env"),
                                               (instagram, "write_access_token_env")])
def test_the_read_token_alone_cannot_send_and_the_write_token_is_the_one_used(module: Any, field: str) -> None:
    env = {"FB_PAGE_ACCESS_TOKEN": READ_TOKEN, "FB_WRITE_TOKEN": WRITE_TOKEN}
    with pytest.raises(ConnectorError, match=f"credentials.{module.PLATFORM.name}.{field}") as caught:
        writer_for(module.PLATFORM, module.PLATFORM.credentials(), env)
    assert READ_TOKEN not in str(caught.value)
    creds = module.PLATFORM.credentials(**{field: "FB_WRITE_TOKEN"})
    writer = writer_for(module.PLATFORM, creds, env)
    assert writer.client._http.headers["Authorization"] == f"Bearer {WRITE_TOKEN}"
    assert isinstance(writer, Writer) and writer.platform == module.PLATFORM.name
    with pytest.raises(ConnectorError, match="FB_WRITE_TOKEN"):
        writer_for(module.PLATFORM, creds, {"FB_PAGE_ACCESS_TOKEN": READ_TOKEN})


def test_error_bodies_are_not_echoed_with_the_token() -> None:
    writer, fake = make("facebook")
    fake.post_answer = (400, {"error": {"message": f"bad token {WRITE_TOKEN}", "type": "OAuthException",
                                        "code": 2500}})
    with pytest.raises(WriteError) as caught:
        writer.reply(ReplyTarget(account("facebook"), COMMENT), "Thanks")
    assert WRITE_TOKEN not in str(caught.value) and "bad token ***" in str(caught.value)


def test_nothing_secret_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    caplog.set_level("DEBUG", logger="httpx")  # its request lines carry the URL; engage's CLI quiets it
    writer, _ = make("facebook")
    writer.reply(ReplyTarget(account("facebook"), COMMENT), "Thanks")
    assert caplog.records and WRITE_TOKEN not in caplog.text
