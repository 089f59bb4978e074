"""The Mastodon writer through the real Mastodon.py, with only HTTP replaced (``responses``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
import responses

from connectors.base import ConnectorError
from connectors.mastodon import PLATFORM, MastodonCredentials
from connectors.writing import ReplyTarget, WriteError, Writer
from tests.helpers.writers import account, writer_for

BASE = "https://police.example"
CREDS = MastodonCredentials(api_base_url=BASE, write_access_token_env="MASTODON_WRITE_TOKEN")
ENV = {"MASTODON_ACCESS_TOKEN": "read-token-abc", "MASTODON_WRITE_TOKEN": "write-token-xyz"}
PARENT = "113300000000000001"
TARGET = ReplyTarget(account("mastodon"), PARENT)


def status(native: str, visibility: str = "public", **extra: Any) -> dict[str, Any]:
    return {"id": native, "uri": f"{BASE}/users/a/statuses/{native}", "url": f"{BASE}/@a/{native}",
            "created_at": "2026-10-10T12:00:07.123Z", "visibility": visibility, "content": "<p>hi</p>",
            "account": {"id": "1", "username": "a", "acct": "a", "url": f"{BASE}/@a"}, "mentions": [], "tags": [],
            "emojis": [], "media_attachments": [], "sensitive": False, "spoiler_text": "", **extra}


def body(call: Any) -> dict[str, Any]:
    raw = call.request.body
    raw = raw.decode() if isinstance(raw, bytes) else raw
    try:
        return json.loads(raw)
    except ValueError:
        return {k: v[0] for k, v in parse_qs(raw).items()}


@pytest.fixture
def writer() -> Writer:
    return writer_for(PLATFORM, CREDS, ENV)


@responses.activate
@pytest.mark.parametrize("visibility", ["public", "unlisted"])
def test_reply_keeps_the_parents_visibility_and_sends_an_idempotency_key(writer: Writer, visibility: str) -> None:
    responses.get(f"{BASE}/api/v1/statuses/{PARENT}", json=status(PARENT, visibility))
    responses.post(f"{BASE}/api/v1/statuses", json=status("113300000000000999", visibility))
    sent = writer.reply(TARGET, "@a Thanks, we're looking into it.")
    assert sent.native_id == "113300000000000999"
    assert sent.created_at == datetime(2026, 10, 10, 12, 0, 7, 123000, tzinfo=UTC)
    get, post = responses.calls
    sent_body = body(post)
    assert sent_body["status"] == "@a Thanks, we're looking into it."
    assert (str(sent_body["in_reply_to_id"]), sent_body["visibility"]) == (PARENT, visibility)
    assert len(post.request.headers["Idempotency-Key"]) == 64
    for call in (get, post):
        assert call.request.headers["Authorization"] == "Bearer write-token-xyz"


@responses.activate
@pytest.mark.parametrize("visibility", ["private", "direct"])
def test_a_non_public_parent_is_never_answered(writer: Writer, visibility: str) -> None:
    responses.get(f"{BASE}/api/v1/statuses/{PARENT}", json=status(PARENT, visibility))
    with pytest.raises(WriteError) as caught:
        writer.reply(TARGET, "Thanks")
    assert caught.value.kind == "unsupported" and len(responses.calls) == 1


@responses.activate
@pytest.mark.parametrize(("status_code", "error", "kind", "words"), [
    (429, "Too many requests", "rate_limited", "rate limited"),
    (404, "The post you are trying to reply to does not appear to exist.", "parent_gone", "no longer exists"),
    (403, "This action is outside the authorized scopes", "permission", "MASTODON_WRITE_TOKEN needs the scope "
                                                                        "write:statuses"),
    (401, "The access token is invalid", "permission", "MASTODON_WRITE_TOKEN is revoked"),
    (422, "Validation failed: Text character limit of 500 exceeded", "too_long", "character limit"),
    (422, "Validation failed: duplicate status", "duplicate", "duplicate"),
    (503, "unavailable", "other", "outcome unknown; it will be matched when collected"),
])
def test_refusals_are_one_line_of_the_right_kind_and_the_post_is_never_repeated(
    writer: Writer, status_code: int, error: str, kind: str, words: str
) -> None:
    responses.get(f"{BASE}/api/v1/statuses/{PARENT}", json=status(PARENT))
    responses.post(f"{BASE}/api/v1/statuses", status=status_code, json={"error": error})
    with pytest.raises(WriteError) as caught:
        writer.reply(TARGET, "Thanks")
    assert caught.value.kind == kind and words in str(caught.value), str(caught.value)
    assert "\n" not in str(caught.value) and "write-token-xyz" not in str(caught.value)
    assert [c.request.method for c in responses.calls] == ["GET", "POST"]


@responses.activate
def test_a_deleted_parent_is_found_before_anything_is_posted(writer: Writer) -> None:
    responses.get(f"{BASE}/api/v1/statuses/{PARENT}", status=404, json={"error": "Record not found"})
    with pytest.raises(WriteError) as caught:
        writer.reply(TARGET, "Thanks")
    assert caught.value.kind == "parent_gone" and len(responses.calls) == 1


@responses.activate
def test_a_timeout_after_posting_is_outcome_unknown(writer: Writer) -> None:
    responses.get(f"{BASE}/api/v1/statuses/{PARENT}", json=status(PARENT))
    responses.post(f"{BASE}/api/v1/statuses", body=requests.ReadTimeout("read timed out"))
    with pytest.raises(WriteError, match="outcome unknown") as caught:
        writer.reply(TARGET, "Thanks")
    assert caught.value.kind == "other" and len(responses.calls) == 2


@responses.activate
def test_too_long_and_hiding_are_refused_without_a_request(writer: Writer) -> None:
    with pytest.raises(WriteError) as long:
        writer.reply(TARGET, "a" * 501)
    with pytest.raises(WriteError) as hide:
        writer.set_hidden(PARENT, True)
    assert (long.value.kind, hide.value.kind, writer.can_hide) == ("too_long", "unsupported", False)
    assert isinstance(writer, Writer)  # the contract in connectors.writing
    assert not responses.calls


def test_the_read_token_alone_cannot_send() -> None:
    with pytest.raises(ConnectorError, match="credentials.mastodon.write_access_token_env") as caught:
        writer_for(PLATFORM, MastodonCredentials(api_base_url=BASE), ENV)
    assert "read-token-abc" not in str(caught.value)
    with pytest.raises(ConnectorError, match="MASTODON_WRITE_TOKEN"):
        writer_for(PLATFORM, CREDS, {"MASTODON_ACCESS_TOKEN": "read-token-abc"})
    with pytest.raises(ConnectorError, match="api_base_url"):
        writer_for(PLATFORM, MastodonCredentials(write_access_token_env="MASTODON_WRITE_TOKEN"), ENV)


@responses.activate
def test_nothing_secret_reaches_the_logs(writer: Writer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    responses.get(f"{BASE}/api/v1/statuses/{PARENT}", json=status(PARENT))
    responses.post(f"{BASE}/api/v1/statuses", json=status("113300000000000999"))
    writer.reply(TARGET, "Thanks")
    assert not any(v in caplog.text for v in ENV.values())
