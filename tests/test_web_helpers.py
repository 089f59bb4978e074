"""Tests of the web helpers: original links and display text."""

from __future__ import annotations

import pytest

from connectors.mastodon import MastodonCredentials
from engage.config import credentials_model
from engage.web.links import original_link
from engage.web.text import clean_text, one_line


def test_links_are_built_from_ids_and_refuse_other_shapes() -> None:
    assert original_link("x", "1234567890", None) == "https://x.com/i/web/status/1234567890"
    assert original_link("x", "javascript:alert(1)", None) is None
    assert original_link("reddit", "t1_abc12", "reddit:t3_xyz9") == "https://www.reddit.com/comments/xyz9/_/abc12/"
    assert original_link("reddit", "t1_abc12", "reddit:t3_x/../evil") is None
    uri = "at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3kabcdefghi22"
    assert original_link("bluesky", uri, None) == (
        "https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx/post/3kabcdefghi22"
    )
    assert original_link("bluesky", 'at://did:plc:x"onmouseover=1/app.bsky.feed.post/1', None) is None
    def instance(url: str) -> object:
        return credentials_model().model_validate({"mastodon": {"api_base_url": url}})

    assert original_link("mastodon", "1099", None) is None  # no instance configured: no link
    with pytest.raises(ValueError):  # the config refuses it, and a link is never built from it anyway
        instance("javascript:alert(1)//")
    slipped = credentials_model().model_validate({}).model_copy(
        update={"mastodon": MastodonCredentials.model_construct(api_base_url="javascript:alert(1)//")})
    assert original_link("mastodon", "1099", None, credentials=slipped) is None
    assert original_link("mastodon", "1099", None, credentials=instance("https://social.example")) == (
        "https://social.example/web/statuses/1099"
    )
    assert original_link("file", "1", None) is None


def test_control_characters_are_neutralised_for_display() -> None:
    assert clean_text("a\x00b\x1b[31mc\nd") == "a\ufffdb\ufffd[31mc\nd"
    assert one_line("x\u202ey  z\n\nw") == "x\ufffdy z w"
    assert one_line("a" * 10, limit=5) == "aaaa…"
