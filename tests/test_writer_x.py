"""The X writer through the real tweepy, with only HTTP replaced (``responses``): request shapes, answers, errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import requests
import responses

from connectors.base import ConnectorError
from connectors.writing import ReplyTarget, WriteError, Writer
from connectors.x import PLATFORM, XCredentials
from connectors.x_writer import TWEPOCH_MS
from tests.helpers.writers import account, writer_for

API = "https://api.twitter.com/2"
CREDS = XCredentials(write_consumer_key_env="X_W_KEY", write_consumer_secret_env="X_W_SECRET",
                     write_access_token_env="X_W_TOKEN", write_access_token_secret_env="X_W_TOKEN_SECRET")
ENV = {"X_BEARER_TOKEN": "read-bearer-xyz", "X_W_KEY": "ck-abc", "X_W_SECRET": "cs-def", "X_W_TOKEN": "at-ghi",
       "X_W_TOKEN_SECRET": "ats-jkl"}
SENT_AT = datetime(2026, 10, 10, 12, 34, 56, 789000, tzinfo=UTC)
NEW_ID = str(((int(SENT_AT.timestamp() * 1000) - TWEPOCH_MS) << 22) | 4242)
TARGET = ReplyTarget(account("x"), "1844000000000000001", root_native_id="1843000000000000000")


@pytest.fixture
def writer() -> Writer:
    return writer_for(PLATFORM, CREDS, ENV)


@responses.activate
def test_reply_posts_in_reply_to_with_user_context_and_reads_the_time_from_the_id(writer: Writer) -> None:
    responses.post(f"{API}/tweets", status=201, json={"data": {"id": NEW_ID, "text": "Thanks, passed on.",
                                                                "edit_history_tweet_ids": [NEW_ID]}})
    sent = writer.reply(TARGET, "Thanks, passed on.")
    assert (sent.native_id, sent.created_at) == (NEW_ID, SENT_AT)
    [call] = responses.calls
    assert json.loads(call.request.body) == {"text": "Thanks, passed on.",
                                             "reply": {"in_reply_to_tweet_id": TARGET.native_id}}
    auth = call.request.headers["Authorization"]
    assert auth.startswith("OAuth ") and 'oauth_consumer_key="ck-abc"' in auth and 'oauth_token="at-ghi"' in auth
    assert "read-bearer-xyz" not in auth
    assert (writer.platform, writer.max_chars, writer.can_hide) == ("x", 280, True)
    assert isinstance(writer, Writer)  # the contract in connectors.writing


@responses.activate
@pytest.mark.parametrize("hidden", [True, False])
def test_hide_and_unhide_put_the_hidden_flag(writer: Writer, hidden: bool) -> None:
    responses.put(f"{API}/tweets/1844000000000000001/hidden", json={"data": {"hidden": hidden}})
    writer.set_hidden("1844000000000000001", hidden)
    [call] = responses.calls
    assert json.loads(call.request.body) == {"hidden": hidden}
    assert call.request.headers["Authorization"].startswith("OAuth ")


@responses.activate
@pytest.mark.parametrize(("status", "body", "kind", "words"), [
    (429, {"title": "Too Many Requests", "detail": "Too Many Requests"}, "rate_limited", "rate limited"),
    (403, {"detail": "You are not allowed to create a Tweet with duplicate content."}, "duplicate", "duplicate"),
    (403, {"detail": "You attempted to reply to a Tweet that is deleted or not visible to you."}, "parent_gone",
     "deleted"),
    (403, {"detail": "Reply to this conversation is not allowed because you have not been mentioned or otherwise "
                     "engaged by the author of the post you are replying to."}, "unsupported", "limits who may reply"),
    (403, {"detail": "Your client app is not configured with the appropriate oauth1 app permissions"},
     "permission", "Read and write"),
    (401, {"title": "Unauthorized", "detail": "Unauthorized"}, "permission", "X_W_KEY/X_W_SECRET/X_W_TOKEN"),
    (503, {"title": "Service Unavailable"}, "other", "outcome unknown"),
])
def test_refusals_are_one_line_of_the_right_kind_and_never_retried(
    writer: Writer, status: int, body: dict[str, str], kind: str, words: str
) -> None:
    responses.post(f"{API}/tweets", status=status, json=body)
    with pytest.raises(WriteError) as caught:
        writer.reply(TARGET, "Thanks")
    assert caught.value.kind == kind and words in str(caught.value)
    assert "\n" not in str(caught.value) and not any(v in str(caught.value) for v in ENV.values())
    assert len(responses.calls) == 1


@responses.activate
def test_a_timeout_after_sending_is_outcome_unknown_not_a_retry(writer: Writer) -> None:
    responses.post(f"{API}/tweets", body=requests.ReadTimeout("read timed out"))
    with pytest.raises(WriteError, match="outcome unknown; it will be matched when collected") as caught:
        writer.reply(TARGET, "Thanks")
    assert caught.value.kind == "other" and len(responses.calls) == 1


@responses.activate
def test_hiding_outside_the_accounts_conversations_is_unsupported(writer: Writer) -> None:
    responses.put(f"{API}/tweets/77/hidden", status=403,
                  json={"detail": "You can only hide or unhide replies to conversations you authored."})
    with pytest.raises(WriteError) as caught:
        writer.set_hidden("77", True)
    assert caught.value.kind == "unsupported"


@responses.activate
def test_too_long_is_refused_before_any_request(writer: Writer) -> None:
    with pytest.raises(WriteError) as caught:
        writer.reply(TARGET, "x" * 281)
    assert caught.value.kind == "too_long" and "281" in str(caught.value)
    assert not responses.calls


def test_the_read_bearer_token_alone_cannot_send() -> None:
    with pytest.raises(ConnectorError, match="credentials.x.write_consumer_key_env") as caught:
        writer_for(PLATFORM, XCredentials(), {"X_BEARER_TOKEN": "read-bearer-xyz"})
    assert "read-bearer-xyz" not in str(caught.value)


def test_a_named_but_unset_write_variable_is_named() -> None:
    with pytest.raises(ConnectorError, match="X_W_TOKEN_SECRET"):
        writer_for(PLATFORM, CREDS, {k: v for k, v in ENV.items() if k != "X_W_TOKEN_SECRET"})


@responses.activate
def test_nothing_secret_reaches_the_logs(writer: Writer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    responses.post(f"{API}/tweets", status=201, json={"data": {"id": NEW_ID, "text": "Thanks"}})
    writer.reply(TARGET, "Thanks")
    assert caplog.records and not any(v in caplog.text for v in ENV.values())
