"""The Bluesky writer through the real atproto SDK, with only HTTP replaced (``httpx.MockTransport``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from connectors.base import ConnectorError
from connectors.bluesky import PLATFORM, BlueskyCredentials
from connectors.bluesky_writer import BlueskyWriter, graphemes
from connectors.writing import ReplyTarget, WriteError, Writer
from tests.helpers.bluesky import ACCESS_TOKEN, DEPT, DEPT_DID, FakeBluesky, cid, profile
from tests.helpers.writers import account, writer_for

PASSWORD = "abcd-efgh-ijkl-mnop"
SENT_AT = datetime(2026, 10, 10, 12, 0, 3, 456789, tzinfo=UTC)
NEW_URI = f"at://{DEPT_DID}/app.bsky.feed.post/3m2new0000001"


class WritableBluesky(FakeBluesky):
    """The collector tests' fake, plus ``createRecord`` and ``getProfile`` as the PDS answers them."""

    def __init__(self) -> None:
        super().__init__()
        self.created: list[dict[str, Any]] = []
        self.create_answer: tuple[int, dict[str, Any]] | Exception | None = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("createRecord") and isinstance(self.create_answer, Exception):
            raise self.create_answer
        return super().handle(request)

    def _answer(self, endpoint: str, params: dict[str, list[str]], auth: str | None,
                content: bytes) -> tuple[int, dict[str, Any]]:
        if endpoint == "app.bsky.actor.getProfile":
            return 200, {**profile(DEPT), "followersCount": 1, "followsCount": 1, "postsCount": 1}
        if endpoint == "com.atproto.repo.createRecord":
            assert auth == f"Bearer {ACCESS_TOKEN}"
            self.created.append(json.loads(content))
            if isinstance(self.create_answer, tuple):
                status, body = self.create_answer
                self.create_answer = None
                return status, body
            return 200, {"uri": NEW_URI, "cid": cid(NEW_URI), "commit": {"cid": cid("commit"), "rev": "3m2rev"}}
        return super()._answer(endpoint, params, auth, content)


def strong(at: str) -> dict[str, str]:
    return {"$type": "com.atproto.repo.strongRef", "uri": at, "cid": cid(at)}


def make(fake: WritableBluesky, sessions: dict[Any, Any] | None = None) -> BlueskyWriter:
    return BlueskyWriter(DEPT, PASSWORD, password_env="BSKY_WRITE_PASSWORD", pds_url="https://bsky.social",
                         sessions={} if sessions is None else sessions, transport=httpx.MockTransport(fake.handle),
                         clock=lambda: SENT_AT)


def test_reply_to_a_reply_names_its_root_and_parent_by_uri_and_cid_looked_up() -> None:
    fake = WritableBluesky()
    text = "We hear you — café update: https://riverton.example/roads."  # bytes != characters before the link
    sent = make(fake).reply(ReplyTarget(account("bluesky"), fake.a1a), text)
    assert sent.native_id == NEW_URI and sent.created_at == SENT_AT.replace(microsecond=456000)
    [body] = fake.created
    assert (body["repo"], body["collection"]) == (DEPT_DID, "app.bsky.feed.post")
    record = body["record"]
    assert record["reply"] == {"$type": "app.bsky.feed.post#replyRef", "root": strong(fake.a),
                               "parent": strong(fake.a1a)}
    assert record["createdAt"] == "2026-10-10T12:00:03.456Z"
    [link] = record["facets"]
    assert record["text"] == text
    assert text.encode()[link["index"]["byteStart"]:link["index"]["byteEnd"]] == b"https://riverton.example/roads"
    assert link["features"][0]["uri"] == "https://riverton.example/roads"
    assert fake.requests_to("app.bsky.feed.getPosts")[0]["uris"] == [fake.a1a]


def test_refs_the_application_has_save_the_lookup_and_a_session_is_reused() -> None:
    fake, sessions = WritableBluesky(), {}
    target = ReplyTarget(account("bluesky"), fake.b1, root_native_id=fake.b,
                         refs=(("cid", cid(fake.b1)), ("root_cid", cid(fake.b))))
    make(fake, sessions).reply(target, "No donuts, but coffee.")
    make(fake, sessions).reply(target, "And tea.")
    assert fake.sessions == 1 and not fake.requests_to("app.bsky.feed.getPosts")
    assert fake.created[0]["record"]["reply"]["root"] == strong(fake.b)
    assert "facets" not in fake.created[0]["record"]
    assert list(sessions) == [("https://bsky.social", f"write:{DEPT}")]


def test_a_reply_to_a_top_level_post_uses_it_as_root() -> None:
    fake = WritableBluesky()
    make(fake).reply(ReplyTarget(account("bluesky"), fake.b), "Thanks all")
    assert fake.created[0]["record"]["reply"]["root"] == fake.created[0]["record"]["reply"]["parent"]


def test_a_deleted_parent_is_found_before_anything_is_posted() -> None:
    fake = WritableBluesky()
    fake.deleted.add(fake.b1)
    with pytest.raises(WriteError) as caught:
        make(fake).reply(ReplyTarget(account("bluesky"), fake.b1), "Thanks")
    assert caught.value.kind == "parent_gone" and not fake.created


def test_an_expired_session_is_created_anew_and_the_record_sent_once_more() -> None:
    fake = WritableBluesky()
    fake.create_answer = (400, {"error": "ExpiredToken", "message": "Token has expired"})
    sent = make(fake).reply(ReplyTarget(account("bluesky"), fake.b1), "Thanks")
    assert sent.native_id == NEW_URI and fake.sessions == 2 and len(fake.created) == 2


@pytest.mark.parametrize(("status", "body", "kind", "words"), [
    (429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, "rate_limited", "rate limited"),
    (400, {"error": "InvalidRequest", "message": "Invalid app.bsky.feed.post record: Record/text must not be longer "
                                                 "than 300 graphemes"}, "too_long", "300 graphemes"),
    (403, {"error": "Forbidden", "message": "no"}, "permission", "BSKY_WRITE_PASSWORD"),
    (500, {"error": "InternalServerError", "message": "Internal Server Error"}, "other", "outcome unknown"),
])
def test_refusals_are_one_line_of_the_right_kind_and_sent_once(
    status: int, body: dict[str, str], kind: str, words: str
) -> None:
    fake = WritableBluesky()
    fake.create_answer = (status, body)
    with pytest.raises(WriteError) as caught:
        make(fake).reply(ReplyTarget(account("bluesky"), fake.b1), "Thanks")
    assert caught.value.kind == kind and words in str(caught.value), str(caught.value)
    assert "\n" not in str(caught.value) and PASSWORD not in str(caught.value) and len(fake.created) == 1


def test_a_timeout_after_sending_is_outcome_unknown() -> None:
    fake = WritableBluesky()
    fake.create_answer = httpx.ReadTimeout("timed out")
    with pytest.raises(WriteError, match="outcome unknown; it will be matched when collected") as caught:
        make(fake).reply(ReplyTarget(account("bluesky"), fake.b1), "Thanks")
    assert caught.value.kind == "other"


def test_a_refused_app_password_names_its_variable() -> None:
    fake = WritableBluesky()
    writer = BlueskyWriter(DEPT, "wrong-pass-word-0000", password_env="BSKY_WRITE_PASSWORD",
                           pds_url="https://bsky.social", sessions={}, transport=httpx.MockTransport(fake.handle))
    with pytest.raises(WriteError, match="BSKY_WRITE_PASSWORD was refused") as caught:
        writer.reply(ReplyTarget(account("bluesky"), fake.b1), "Thanks")
    assert caught.value.kind == "permission" and "wrong-pass" not in str(caught.value)


def test_the_limit_counts_graphemes_and_hiding_is_unsupported() -> None:
    fake = WritableBluesky()
    family = "\U0001F468\u200D\U0001F469\u200D\U0001F467"  # one grapheme, five code points
    assert graphemes(family * 300) == 300
    make(fake).reply(ReplyTarget(account("bluesky"), fake.b1), family * 300)
    with pytest.raises(WriteError) as long:
        make(fake).reply(ReplyTarget(account("bluesky"), fake.b1), family * 301)
    with pytest.raises(WriteError) as hide:
        make(fake).set_hidden(fake.b1, True)
    assert (long.value.kind, hide.value.kind, len(fake.created)) == ("too_long", "unsupported", 1)


def test_the_read_app_password_alone_cannot_send() -> None:
    read_only = BlueskyCredentials(app_password_env="BSKY_APP_PASSWORD")
    with pytest.raises(ConnectorError, match="credentials.bluesky.write_app_password_env"):
        writer_for(PLATFORM, read_only, {"BSKY_APP_PASSWORD": PASSWORD})
    creds = BlueskyCredentials(write_app_password_env="BSKY_WRITE_PASSWORD")
    with pytest.raises(ConnectorError, match="BSKY_WRITE_PASSWORD"):
        writer_for(PLATFORM, creds, {"BSKY_APP_PASSWORD": PASSWORD})
    writer = writer_for(PLATFORM, creds, {"BSKY_WRITE_PASSWORD": PASSWORD})
    assert isinstance(writer, Writer) and writer.max_chars == 300


def test_nothing_secret_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    caplog.set_level("DEBUG", logger="httpx")  # its request lines carry the URL; engage's CLI quiets it
    fake = WritableBluesky()
    make(fake).reply(ReplyTarget(account("bluesky"), fake.b1), "Thanks")
    assert caplog.records and PASSWORD not in caplog.text and ACCESS_TOKEN not in caplog.text
