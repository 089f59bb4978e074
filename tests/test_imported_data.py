"""Back-filled imports are imported data, collected elsewhere: no collection gap, no days-long "delay"."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from connectors.base import AccountRef, CollectContext, Page, Record
from connectors.file import FileConnector
from engage.collect import run_connector
from engage.config import Config
from engage.metrics import iso_week
from engage.reports.render import render_html, render_markdown
from engage.reports.weekly import build_weekly
from engage.store import Store

CHI = ZoneInfo("America/Chicago")
W47 = datetime(2026, 11, 17, 10, tzinfo=CHI).astimezone(UTC)
LATER = datetime(2026, 11, 30, 15, tzinfo=UTC)  # the import runs a week after the replies were posted


def config(tmp_path: Path) -> Config:
    return Config.model_validate({
        "department": {"name": "Lakeside PD", "timezone": "America/Chicago"},
        "accounts": [{"platform": "file", "handle": "inbox", "path": str(tmp_path / "inbox")},
                     {"platform": "x", "handle": "LakesidePD"}],
        "data_dir": str(tmp_path / "data"),
    })


def record(native: str, **extra: object) -> dict:
    return {"uid": f"x:{native}", "platform": "x", "native_id": native, "account": "LakesidePD", "kind": "reply",
            "text": f"reply {native}", "created_at": W47.isoformat(), "parent_uid": "x:1", **extra}


class OnePage:
    """A live connector's page (no ``collected_elsewhere``), for the contrast."""

    platform = "x"

    def __init__(self, records: list[Record]) -> None:
        self.records = records

    def collect(self, ctx: CollectContext):
        yield Page("mentions", self.records)


def import_file(store: Store, path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    run_connector(store, FileConnector(path, move_done=False), CollectContext(account=AccountRef("file", "inbox")))


def test_only_imports_without_collected_at_are_flagged(tmp_path: Path, store: Store,
                                                       make_record: Callable[..., Record]) -> None:
    import_file(store, tmp_path / "a.jsonl", [
        record("1", kind="post", is_department=True, parent_uid=None),
        record("2"),
        record("3", collected_at=(W47 + timedelta(minutes=5)).isoformat()),
    ])
    run_connector(store, OnePage([make_record("4", created_at=W47)]), CollectContext(account=AccountRef("x", "a")))
    flags = dict(store.db.execute("SELECT uid, collected_elsewhere FROM posts"))
    assert flags == {"x:1": 1, "x:2": 1, "x:3": 0, "x:4": 0}


def test_a_back_filled_week_reports_imported_data_not_a_gap_or_a_delay(tmp_path: Path, store: Store) -> None:
    """Every reply of W47 came in one import on 30 Nov, without collected_at. The old report said
    "COLLECTION GAP THIS WEEK" and a collection delay of 13 days."""
    import_file(store, tmp_path / "a.jsonl", [record("1", kind="post", is_department=True, parent_uid=None),
                                              record("2"), record("3")])
    report = build_weekly(store, config(tmp_path), iso_week("2026-W47", CHI), now=LATER)
    assert report.this.row.imported == 2 and report.this.row.collection_delay_median_h is None
    markdown, html = render_markdown(report), render_html(report)
    for text in (markdown, html):
        assert "COLLECTION GAP" not in text.upper().replace("NO COLLECTION GAP CAN BE CHECKED", "")
        assert "Imported data, collected elsewhere:" in text
    assert "none: imported data, collected elsewhere" in markdown
    assert "| file/inbox | 0 | 0 | imported data, collected elsewhere |" in markdown  # the import ran later


def test_records_that_carry_collected_at_keep_their_collection_delay(tmp_path: Path, store: Store) -> None:
    import_file(store, tmp_path / "a.jsonl", [
        record("2", collected_at=(W47 + timedelta(minutes=30)).isoformat()),
        record("3", collected_at=(W47 + timedelta(minutes=90)).isoformat()),
        record("4"),
    ])
    row = build_weekly(store, config(tmp_path), iso_week("2026-W47", CHI), now=LATER).this.row
    assert row.imported == 1
    assert row.collection_delay_median_h == 1.0  # 30 and 90 minutes; the reply without collected_at is left out
