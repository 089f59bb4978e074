"""The Reddit writer through the real praw/prawcore, with only HTTP replaced (``responses``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
import responses

from connectors.base import ConnectorError
from connectors.reddit import PLATFORM, RedditCredentials
from connectors.writing import ReplyTarget, WriteError, Writer
from tests.helpers.writers import account, writer_for

TOKEN_URL = "https://www.reddit.com/api/v1/access_token"
COMMENT_URL = "https://oauth.reddit.com/api/comment/"
CREDS = RedditCredentials(write_username_env="REDDIT_WRITE_USER", write_password_env="REDDIT_WRITE_PASSWORD")
ENV = {"REDDIT_CLIENT_ID": "app-id", "REDDIT_CLIENT_SECRET": "app-secret", "REDDIT_WRITE_USER": "RivertonPD",
       "REDDIT_WRITE_PASSWORD": "hunter2-write"}
CREATED = 1791633600.0  # 2026-10-10 12:00:00 UTC


def new_comment(parent: str) -> dict[str, Any]:
    return {"json": {"errors": [], "data": {"things": [{"kind": "t1", "data": {
        "id": "k9new1", "name": "t1_k9new1", "parent_id": parent, "link_id": "t3_1abcde", "author": "RivertonPD",
        "body": "Thanks", "created_utc": CREATED, "subreddit": "Riverton", "permalink": "/r/Riverton/c/k9new1/"}}]}}}


def api_error(error: str, message: str) -> dict[str, Any]:
    return {"json": {"errors": [[error, message, "text"]]}}


@pytest.fixture
def writer() -> Writer:
    responses.post(TOKEN_URL, json={"access_token": "user-token-123", "token_type": "bearer", "expires_in": 86400,
                                    "scope": "*"})
    return writer_for(PLATFORM, CREDS, ENV)


@responses.activate
@pytest.mark.parametrize("parent", ["t1_k8old1", "t3_1abcde"])
def test_reply_logs_in_as_the_write_account_and_posts_one_comment(writer: Writer, parent: str) -> None:
    responses.post(COMMENT_URL, json=new_comment(parent))
    sent = writer.reply(ReplyTarget(account("reddit"), parent), "Thanks & we'll look.")
    assert (sent.native_id, sent.created_at) == ("t1_k9new1", datetime(2026, 10, 10, 12, tzinfo=UTC))
    token, post = responses.calls
    assert parse_qs(token.request.body)["grant_type"] == ["password"]
    assert parse_qs(token.request.body)["username"] == ["RivertonPD"]
    form = parse_qs(post.request.body)
    assert (form["thing_id"], form["text"]) == ([parent], ["Thanks & we'll look."])
    assert post.request.headers["Authorization"] == "bearer user-token-123"
    assert (writer.max_chars, writer.can_hide) == (10_000, False)
    assert isinstance(writer, Writer)  # the contract in connectors.writing


@responses.activate
@pytest.mark.parametrize(("status", "payload", "kind", "words"), [
    (200, api_error("RATELIMIT", "Looks like you've been doing that a lot. Take a break for 5 minutes."),
     "rate_limited", "RATELIMIT"),
    (200, api_error("TOO_LONG", "this is too long (max: 10000)"), "too_long", "TOO_LONG"),
    (200, api_error("DELETED_COMMENT", "that comment has been deleted"), "parent_gone", "DELETED_COMMENT"),
    (200, api_error("THREAD_LOCKED", "that thread is locked"), "parent_gone", "locked"),
    (403, {"message": "Forbidden", "error": 403}, "permission", "REDDIT_WRITE_USER"),
    (429, {"message": "Too Many Requests", "error": 429}, "rate_limited", "429"),
    (503, {"message": "Service Unavailable", "error": 503}, "other", "outcome unknown; it will be matched"),
])
def test_refusals_are_one_line_of_the_right_kind_and_never_retried(
    writer: Writer, status: int, payload: dict[str, Any], kind: str, words: str
) -> None:
    responses.post(COMMENT_URL, status=status, json=payload)
    with pytest.raises(WriteError) as caught:
        writer.reply(ReplyTarget(account("reddit"), "t1_k8old1"), "Thanks")
    assert caught.value.kind == kind and words in str(caught.value), str(caught.value)
    assert "\n" not in str(caught.value) and not any(v in str(caught.value) for v in ("hunter2-write", "app-secret"))
    assert len([c for c in responses.calls if c.request.url.startswith(COMMENT_URL)]) == 1


@responses.activate
def test_a_timeout_after_sending_is_outcome_unknown_and_not_repeated(writer: Writer) -> None:
    responses.post(COMMENT_URL, body=requests.ConnectionError("connection reset"))
    with pytest.raises(WriteError, match="outcome unknown") as caught:
        writer.reply(ReplyTarget(account("reddit"), "t1_k8old1"), "Thanks")
    assert caught.value.kind == "other"
    assert len([c for c in responses.calls if c.request.url.startswith(COMMENT_URL)]) == 1


@responses.activate
def test_a_refused_login_names_the_write_variables(writer: Writer) -> None:
    responses.replace(responses.POST, TOKEN_URL, json={"error": "invalid_grant"})
    with pytest.raises(WriteError, match="REDDIT_WRITE_USER/REDDIT_WRITE_PASSWORD") as caught:
        writer.reply(ReplyTarget(account("reddit"), "t1_k8old1"), "Thanks")
    assert caught.value.kind == "permission"


@responses.activate
def test_hiding_and_too_long_are_refused_without_a_request(writer: Writer) -> None:
    with pytest.raises(WriteError) as hide:
        writer.set_hidden("t1_k8old1", True)
    with pytest.raises(WriteError) as long:
        writer.reply(ReplyTarget(account("reddit"), "t1_k8old1"), "a" * 10_001)
    assert (hide.value.kind, long.value.kind) == ("unsupported", "too_long") and not responses.calls


def test_the_read_login_alone_cannot_send() -> None:
    read_only = RedditCredentials(username_env="REDDIT_USER", password_env="REDDIT_PASSWORD")
    with pytest.raises(ConnectorError, match="credentials.reddit.write_username_env") as caught:
        writer_for(PLATFORM, read_only, {**ENV, "REDDIT_USER": "RivertonPD", "REDDIT_PASSWORD": "read-pw"})
    assert "read-pw" not in str(caught.value)
    with pytest.raises(ConnectorError, match="REDDIT_WRITE_PASSWORD"):
        writer_for(PLATFORM, CREDS, {k: v for k, v in ENV.items() if k != "REDDIT_WRITE_PASSWORD"})


@responses.activate
def test_nothing_secret_reaches_the_logs(writer: Writer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    responses.post(COMMENT_URL, json=new_comment("t1_k8old1"))
    writer.reply(ReplyTarget(account("reddit"), "t1_k8old1"), "Thanks")
    assert caplog.records and not any(v in caplog.text for v in (*ENV.values(), "user-token-123"))
