"""The normalised-record boundary: an odd field is emptied and flagged, the record is kept.

Only what a record cannot be stored or placed without (its ids, platform, account, kind and time)
still rejects it. Checked on :func:`build_record` itself and through the file connector into SQLite.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from connectors.base import AccountRef, CollectContext, build_record
from connectors.file import FileConnector
from engage.collect import run_connector
from engage.store import Store

from .conftest import posts_by_uid


def fields(**overrides: Any) -> dict[str, Any]:
    return {"uid": "reddit:t1_a", "platform": "reddit", "native_id": "t1_a", "account": "LakesidePD_Official",
            "kind": "reply", "text": "downvoted but here", "created_at": datetime(2026, 10, 1, tzinfo=UTC),
            **overrides}


def test_odd_counts_and_fields_are_emptied_and_flagged() -> None:
    record = build_record(**fields(metrics={"score": -7, "likes": -1, "replies": "lots"}, lang=5))
    assert (record.metrics.score, record.metrics.likes, record.metrics.replies, record.lang) == (-7, None, None, None)
    assert record.text == "downvoted but here"
    assert record.flags == [
        "lang: Input should be a valid string (got 5)",
        "metrics.likes: Input should be greater than or equal to 0 (got -1)",
        "metrics.replies: Input should be a valid integer, unable to parse string as an integer (got 'lots')",
    ]


def test_a_clean_record_has_no_flags() -> None:
    assert build_record(**fields(metrics={"score": 3})).flags == []


@pytest.mark.parametrize("odd", [{"created_at": "yesterday"}, {"kind": "like"}, {"uid": "reddit:t1_b"}])
def test_identity_fields_still_reject(odd: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        build_record(**fields(**odd))


def test_imported_line_with_a_negative_count_is_stored_and_flagged(tmp_path: Path, store: Store) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    line = {**fields(), "created_at": "2026-10-01T12:00:00Z", "metrics": {"likes": -2, "replies": 4}}
    (inbox / "a.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    ctx = CollectContext(account=AccountRef("file", "inbox"), cursors=store.get_cursors("file", "inbox"))
    summary = run_connector(store, FileConnector(inbox), ctx)

    assert (summary.outcome, summary.rejected, summary.flagged) == ("ok", [], 1)
    row = posts_by_uid(store)["reddit:t1_a"]
    assert (row["likes"], row["replies"], row["text"]) == (None, 4, "downvoted but here")
    assert json.loads(row["flags"]) == ["metrics.likes: Input should be greater than or equal to 0 (got -2)"]
    assert store.count("triage", "uid = ?", ["reddit:t1_a"]) == 1  # in the inbox like any reply


def test_a_count_beyond_sqlite_integers_is_flagged_and_the_record_stored(store: Store) -> None:
    record = build_record(**fields(metrics={"likes": 2**63, "score": -(2**63), "replies": 2}))
    assert (record.metrics.likes, record.metrics.score, record.metrics.replies) == (None, None, 2)
    assert [flag.split(":")[0] for flag in record.flags] == ["metrics.likes", "metrics.score"]
    with store.db.conn:
        store.upsert_records([record])
    assert posts_by_uid(store)["reddit:t1_a"]["replies"] == 2
