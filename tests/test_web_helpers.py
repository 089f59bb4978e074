"""Fixtures shared by the triage and web tests (a small labelled inbox), and tests of the web helpers."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from connectors.base import Record
from engage.config import Config, load_config
from engage.store import Store
from engage.web.links import original_link
from engage.web.text import clean_text, one_line
from tests.conftest import REPO

NOW = datetime(2026, 10, 6, 12, 0, tzinfo=UTC)
MODEL = "test-model@1"

# uid -> (hours old, labels, likes); labels per task (topics may have several).
INBOX = {
    "x:201": (2, {"urgent": "yes", "needs_response": "yes", "sentiment": "negative",
                  "topics": ["crime_and_safety"]}, 0),
    "x:202": (30, {"urgent": "no", "needs_response": "yes", "sentiment": "neutral", "topics": ["other"]}, 0),
    "x:203": (5, {"urgent": "no", "needs_response": "no", "sentiment": "positive", "topics": ["none"]}, 40),
    "x:204": (20, {"urgent": "no", "needs_response": "yes", "sentiment": "negative", "topics": ["other"]}, 1),
    "x:205": (3, {"urgent": "no", "needs_response": "yes", "sentiment": "neutral", "topics": ["other"]}, 0),
}
EXPECTED_ORDER = ["x:201", "x:202", "x:204", "x:205", "x:203"]


def example_config() -> Config:
    """The shipped example config (the demo department's accounts and topics)."""
    return load_config(REPO / "engage" / "config.example.yaml")


def seed(store: Store, make_record: Callable[..., Record], *, texts: dict[str, str] | None = None) -> None:
    """A department post, five labelled public replies, a department response to one more reply."""
    texts = texts or {}
    records = [
        make_record("100", is_department=True, kind="post", author_handle="RivertonPD", text="Road closed on Main St",
                    created_at=NOW - timedelta(days=2), root_uid="x:100"),
    ]
    for uid, (hours, _labels, likes) in INBOX.items():
        native = uid.split(":")[1]
        records.append(
            make_record(native, parent_uid="x:100", root_uid="x:100", created_at=NOW - timedelta(hours=hours),
                        text=texts.get(uid, f"public reply {native} about the road"),
                        metrics={"likes": likes, "replies": 0, "reposts": 0, "quotes": 0, "views": None})
        )
    records.append(make_record("206", parent_uid="x:100", root_uid="x:100", created_at=NOW - timedelta(hours=6),
                               text="when does it reopen?"))
    with store.db.conn:
        store.upsert_records(records, now=NOW)
        store.upsert_records(
            [make_record("300", is_department=True, parent_uid="x:206", root_uid="x:100", author_handle="RivertonPD",
                         text="Tomorrow at 6am", created_at=NOW - timedelta(hours=1))],
            now=NOW,
        )
    label_all(store, {uid: labels for uid, (_h, labels, _l) in INBOX.items()})


def label_all(store: Store, labels: dict[str, dict[str, object]]) -> None:
    """Insert model labels directly (no model run) and make MODEL the active model of every task."""
    rows = []
    for uid, tasks in labels.items():
        for task, value in tasks.items():
            for label in value if isinstance(value, list) else [value]:
                rows.append({"uid": uid, "task": task, "model_id": MODEL, "label": label,
                             "scores": json.dumps({label: 0.9})})
    with store.db.conn:
        store.db["classifications"].insert_all(rows, ignore=True)
        for task in ("urgent", "needs_response", "sentiment", "topics", "abusive"):
            store.activate_model(task, MODEL, [])


# -- tests of the helpers themselves --------------------------------------------------------------


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
    assert original_link("mastodon", "1099", None, mastodon_base="javascript:alert(1)//") is None
    assert original_link("mastodon", "1099", None, mastodon_base="https://social.example") == (
        "https://social.example/web/statuses/1099"
    )
    assert original_link("file", "1", None) is None


def test_control_characters_are_neutralised_for_display() -> None:
    assert clean_text("a\x00b\x1b[31mc\nd") == "a\ufffdb\ufffd[31mc\nd"
    assert one_line("x\u202ey  z\n\nw") == "x\ufffdy z w"
    assert one_line("a" * 10, limit=5) == "aaaa…"
