"""The file connector: bad lines reported with file:line and skipped, good lines stored, resumable."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from connectors.base import AccountRef, CollectContext
from connectors.file import FileConnector
from engage.collect import run_connector
from engage.store import Store


def good(i: int, **extra) -> dict:
    return {
        "uid": f"bluesky:{i}", "platform": "bluesky", "native_id": str(i), "account": "rivertonpd.bsky.social",
        "author_id": f"did:plc:{i}", "author_handle": f"h{i}.bsky.social", "kind": "reply",
        "text": f"reply number {i}", "created_at": f"2026-10-0{1 + i % 9}T12:00:00Z",
        "metrics": {"likes": i}, **extra,
    }


def ctx(store: Store) -> CollectContext:
    return CollectContext(account=AccountRef("file", "test"), cursors=store.get_cursors("file", "test"))


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_lines_reported_and_skipped(tmp_path: Path, store: Store) -> None:
    lines = [
        json.dumps(good(1)),
        json.dumps({k: v for k, v in good(2).items() if k != "kind"}),          # missing field
        json.dumps(good(3, created_at="2026-10-03T12:00:00")),                   # naive timestamp
        "{not json",
        json.dumps(good(5)),
        json.dumps(good(6, platform="myspace", uid="myspace:6")),                # unknown platform
    ]
    path = write_jsonl(tmp_path / "in.jsonl", lines)
    summary = run_connector(store, FileConnector(path), ctx(store))
    assert summary.fetched == 2 and summary.counts.new == 2
    assert summary.outcome == "partial"
    reasons = "\n".join(summary.rejected)
    assert f"{path}:2: kind: Field required" in reasons
    assert f"{path}:3: created_at: Input should have timezone info" in reasons
    assert f"{path}:4: invalid JSON" in reasons
    assert f"{path}:6: platform" in reasons
    assert store.db["posts"].count == 2
    run = store.db["runs"].get(summary.run_id)
    assert (run["fetched"], run["skipped"], run["outcome"]) == (2, 4, "partial")


def test_resume_after_crash_gives_same_rows(tmp_path: Path, store: Store, tmp_path_factory) -> None:
    path = write_jsonl(tmp_path / "big.jsonl", [json.dumps(good(i)) for i in range(1, 51)])

    class Crash(Exception):
        pass

    pages = 0

    def crash_after_two(page, counts) -> None:
        nonlocal pages
        pages += 1
        if pages == 2:
            raise Crash

    try:
        run_connector(store, FileConnector(path, page_size=10), ctx(store), on_page=crash_after_two)
    except Crash:
        pass
    assert store.db["posts"].count == 20
    assert store.get_cursors("file", "test")["file:big.jsonl"].endswith(":20")
    summary = run_connector(store, FileConnector(path, page_size=10), ctx(store))
    assert summary.fetched == 30  # resumed after the 20 committed lines, not from the start
    other = Store.open(tmp_path_factory.mktemp("clean") / "engage.db")
    run_connector(other, FileConnector(path, page_size=10), ctx(other))
    rows = "SELECT uid, text, created_at, likes FROM posts ORDER BY uid"
    assert list(store.db.query(rows)) == list(other.db.query(rows))
    # and a third run finds nothing new
    assert run_connector(store, FileConnector(path, page_size=10), ctx(store)).fetched == 0


def test_csv_with_the_same_columns(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "in.csv"
    cols = ["uid", "platform", "native_id", "account", "author_id", "author_handle", "is_department", "kind",
            "text", "lang", "created_at", "parent_uid", "root_uid", "url", "likes", "replies", "reposts",
            "quotes", "views", "raw"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        w.writerow(["x:10", "x", "10", "RivertonPD", "1", "RivertonPD", "true", "post", 'Road closed,\n"5th St"',
                    "en", "2026-10-01T10:00:00+00:00", "", "x:10", "", "5", "1", "", "", "100", '{"id": "10"}'])
        w.writerow(["x:11", "x", "11", "RivertonPD", "2", "someone", "false", "reply", "when?", "en",
                    "2026-10-01 05:00:00-05:00", "x:10", "x:10", "", "0", "", "", "", "", ""])
        w.writerow(["x:12", "x", "12", "RivertonPD", "2", "someone", "false", "reply", "bad likes", "en",
                    "2026-10-01T10:00:00Z", "x:10", "x:10", "", "many", "", "", "", "", ""])
        w.writerow(["x:13", "x", "13", "RivertonPD", "2", "someone", "false", "reply", "bad raw", "en",
                    "2026-10-01T10:00:00Z", "x:10", "x:10", "", "", "", "", "", "", "{oops"])
    summary = run_connector(store, FileConnector(path), ctx(store))
    # A cell that cannot be read is emptied and flagged, naming its column; the record is kept.
    assert summary.fetched == 4 and summary.rejected == []
    assert json.loads(store.db["posts"].get("x:12")["flags"]) == [
        "metrics.likes: column 'likes': 'many' is not a whole number"]
    assert store.db["posts"].get("x:12")["likes"] is None
    assert json.loads(store.db["posts"].get("x:13")["flags"]) == [
        "raw: column 'raw': not valid JSON (Expecting property name enclosed in double quotes at character 2)"]
    post = store.db["posts"].get("x:10")
    assert post["text"] == 'Road closed,\n"5th St"' and post["is_department"] == 1 and post["views"] == 100
    assert store.db["posts"].get("x:11")["created_at"] == "2026-10-01T10:00:00.000+00:00"


def test_folder_mode_moves_finished_files(tmp_path: Path, store: Store) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_jsonl(inbox / "a.jsonl", [json.dumps(good(1))])
    write_jsonl(inbox / "b.jsonl", [json.dumps(good(2)), json.dumps(good(1))])
    (inbox / "notes.txt").write_text("ignored")
    summary = run_connector(store, FileConnector(inbox), ctx(store))
    assert summary.counts.new == 2 and summary.counts.unchanged == 1
    assert sorted(p.name for p in (inbox / "done").iterdir()) == ["a.jsonl", "b.jsonl"]
    assert (inbox / "notes.txt").exists()


def _odd_records() -> list[dict]:
    """Replies with a negative, a missing and a non-numeric count beside ordinary ones (kept, flagged)."""
    return [good(1), good(2, metrics={"likes": -3}), good(3, metrics={}), good(4, metrics={"likes": "many"}),
            good(5, parent_uid="bluesky:1"), good(6)]


def test_jsonl_import_passes_the_crash_at_every_page_contract(tmp_path: Path) -> None:
    from tests.conftest import crash_at_every_page

    path = write_jsonl(tmp_path / "replies.jsonl", [json.dumps(r) for r in _odd_records()])
    # A file is read from disk: no faults to inject, no billable reads.
    pages = crash_at_every_page(tmp_path, lambda: FileConnector(path, page_size=2), ctx, "likes",
                                arm=lambda: None, reads_served=lambda: 0)
    assert len(pages) >= 3
    with Store.open(tmp_path / "clean.db") as store:
        flagged = {r["uid"] for r in store.db.query("SELECT uid FROM posts WHERE flags IS NOT NULL")}
    assert flagged == {"bluesky:2", "bluesky:4"}


def test_csv_import_passes_the_crash_at_every_page_contract(tmp_path: Path) -> None:
    from tests.conftest import crash_at_every_page

    path = tmp_path / "replies.csv"
    columns = ["uid", "platform", "native_id", "account", "kind", "text", "created_at", "parent_uid", "likes"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for r in _odd_records():
            likes = r["metrics"].get("likes")
            writer.writerow([r["uid"], r["platform"], r["native_id"], r["account"], r["kind"], r["text"],
                             r["created_at"], r.get("parent_uid", ""), "" if likes is None else likes])
    pages = crash_at_every_page(tmp_path, lambda: FileConnector(path, page_size=2), ctx, "likes",
                                arm=lambda: None, reads_served=lambda: 0)
    assert len(pages) >= 3
