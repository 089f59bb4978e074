"""Fixtures (no tests): a small hostile conversation set for the export and retention tests.

Public replies carry handles, @mentions, e-mail addresses, phone numbers and quoting/newline edge
cases; a Bluesky reply's id embeds its author's DID; one reply is deleted on the platform; labels
and an active model are inserted directly (the models are not run).
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from connectors.base import Record, make_uid
from engage.config import Config
from engage.export.exporter import ExportOptions, run_export
from engage.store import Store
from engage.timeutil import to_db

T0 = datetime(2026, 10, 5, 15, 0, tzinfo=UTC)
KEY_ENV = "ENGAGE_PSEUDONYM_KEY"
KEY = "test-key-0123456789abcdef"
DEPT_DID = "did:plc:rvtnpd6x3k2m4qz7w5j8h1ab"
PUBLIC_DID = "did:plc:janeq7w2k4m6p8r0t2v4x6z8"

PUBLIC = {
    # handle: (author id, platform)
    "jane_doe77": ("1100000000000000077", "x"),
    "MarcusTheGreat": ("1100000000000000088", "x"),
    "concerned_citizen_42": ("t2_7fj3k9q2", "reddit"),
    "jane.bsky.social": (PUBLIC_DID, "bluesky"),
}
EMAIL = "jane.doe77@example.com"
PHONE = "(312) 555-0142"
PHONE_INTL = "+44 20 7946 0958"


def config(tmp_path: Path, **overrides: Any) -> Config:
    data: dict[str, Any] = {
        "department": {"name": "Riverton Police Department", "timezone": "America/Chicago"},
        "data_dir": str(tmp_path),
        "accounts": [
            {"platform": "x", "handle": "RivertonPD", "user_id": "1402987715531431936"},
            {"platform": "reddit", "handle": "RivertonPD_Official"},
            {"platform": "bluesky", "handle": "rivertonpd.bsky.social", "user_id": DEPT_DID},
        ],
        "response": {"sla_hours": 24},
        "topics": [
            {"name": "traffic_and_roads", "description": "traffic"},
            {"name": "praise_and_thanks", "description": "praise"},
        ],
    }
    data.update(overrides)
    return Config.model_validate(data)


def rec(platform: str, native: str, **kw: Any) -> Record:
    base: dict[str, Any] = {
        "uid": make_uid(platform, native), "platform": platform, "native_id": native, "account": "RivertonPD",
        "kind": "reply", "created_at": T0, "metrics": {"likes": 2, "replies": 1, "reposts": 0, "quotes": 0},
    }
    base.update(kw)
    return Record.model_validate(base)


def records() -> list[Record]:
    """A department post with four public replies (one deleted), answers, and a Bluesky thread."""
    dept = {"author_id": "1402987715531431936", "author_handle": "RivertonPD", "is_department": True}
    jane = {"author_id": PUBLIC["jane_doe77"][0], "author_handle": "jane_doe77"}
    marcus = {"author_id": PUBLIC["MarcusTheGreat"][0], "author_handle": "MarcusTheGreat"}
    root = rec("x", "1000", kind="post", text="Main St closed for the parade. Call 311 or (312) 744-5000.",
                created_at=T0, url="https://x.com/RivertonPD/status/1000", root_uid="x:1000",
                metrics={"likes": 40, "replies": 3, "reposts": 5, "quotes": 1, "views": 900}, **dept)
    r1 = rec("x", "1001", text=f"@RivertonPD when does it reopen? my number is {PHONE}, email {EMAIL}",
              created_at=T0 + timedelta(minutes=10), parent_uid="x:1000", root_uid="x:1000",
              url="https://x.com/jane_doe77/status/1001", raw={"author_id": jane["author_id"]}, **jane)
    r2 = rec("x", "1002", text='@jane_doe77 agreed, "detour" is\na mess, case 2026-001234 on 2026-10-05 at 14:05',
              created_at=T0 + timedelta(minutes=20), parent_uid="x:1001", root_uid="x:1000",
              url="https://x.com/MarcusTheGreat/status/1002", **marcus)
    r3 = rec("x", "1003", text=f"call me on {PHONE_INTL}, I'm @MarcusTheGreat's neighbour at 1234 Main St",
              created_at=T0 + timedelta(minutes=30), parent_uid="x:1000", root_uid="x:1000", **jane)
    gone = rec("x", "1004", text="this reply was deleted", created_at=T0 + timedelta(minutes=40),
                parent_uid="x:1000", root_uid="x:1000", author_id="1100000000000000099",
                author_handle="deleted_person", deleted=True)
    answer = rec("x", "1005", text="@jane_doe77 @MarcusTheGreat It reopens at 6pm. Thanks!",
                  created_at=T0 + timedelta(hours=2, minutes=10), parent_uid="x:1001", root_uid="x:1000",
                  url="https://x.com/RivertonPD/status/1005", **dept)
    reddit_root = rec("reddit", "t3_abc", kind="post", account="RivertonPD_Official", author_id="t2_8qm4rx2kz",
                       author_handle="RivertonPD_Official", is_department=True, text="Coffee with a cop Saturday",
                       created_at=T0 + timedelta(days=1), root_uid="reddit:t3_abc")
    reddit_reply = rec("reddit", "t1_def", account="RivertonPD_Official", author_id="t2_7fj3k9q2",
                        author_handle="concerned_citizen_42",
                        text="u/RivertonPD_Official will u/jane_doe77 be there? ,commas, \"quotes\"",
                        created_at=T0 + timedelta(days=1, hours=1), parent_uid="reddit:t3_abc",
                        root_uid="reddit:t3_abc")
    bsky_root_uri = f"at://{DEPT_DID}/app.bsky.feed.post/3lbroot"
    bsky_reply_uri = f"at://{PUBLIC_DID}/app.bsky.feed.post/3lbreply"
    bsky_root = rec("bluesky", bsky_root_uri, kind="post", account="rivertonpd.bsky.social", author_id=DEPT_DID,
                     author_handle="rivertonpd.bsky.social", is_department=True, text="Road work on 5th Ave",
                     created_at=T0 + timedelta(days=2), root_uid=make_uid("bluesky", bsky_root_uri))
    bsky_reply = rec("bluesky", bsky_reply_uri, account="rivertonpd.bsky.social", author_id=PUBLIC_DID,
                      author_handle="jane.bsky.social", text="Thanks! 🚧 see you there",
                      created_at=T0 + timedelta(days=2, hours=1), parent_uid=make_uid("bluesky", bsky_root_uri),
                      root_uid=make_uid("bluesky", bsky_root_uri))
    return [root, r1, r2, r3, gone, answer, reddit_root, reddit_reply, bsky_root, bsky_reply]


LABELS = {
    "x:1001": {"needs_response": "yes", "topics": ["traffic_and_roads"], "sentiment": "neutral"},
    "x:1002": {"needs_response": "no", "topics": ["traffic_and_roads"], "sentiment": "negative"},
    "x:1003": {"needs_response": "yes", "topics": ["none"], "sentiment": "neutral"},
    "x:1004": {"needs_response": "yes", "topics": ["traffic_and_roads"], "sentiment": "negative"},
    "reddit:t1_def": {"needs_response": "yes", "topics": ["praise_and_thanks"], "sentiment": "positive"},
    f"bluesky:at://{PUBLIC_DID}/app.bsky.feed.post/3lbreply": {
        "needs_response": "no", "topics": ["praise_and_thanks", "traffic_and_roads"], "sentiment": "positive"},
}


def populate(store: Store) -> None:
    """Store the records and insert labels from one active model per task."""
    with store.db.conn:
        store.upsert_records(records(), now=T0 + timedelta(days=3))
    rows = []
    for uid, tasks in LABELS.items():
        for task, labels in tasks.items():
            model_id = f"test-{task}@abc123"
            for label in labels if isinstance(labels, list) else [labels]:
                rows.append({"uid": uid, "task": task, "model_id": model_id, "label": label,
                             "scores": {label: 0.8}, "classified_at": to_db(T0 + timedelta(days=3))})
    for task in ("needs_response", "topics", "sentiment"):
        store.activate_model(task, f"test-{task}@abc123", [])
    store.save_classifications(rows)


def forbidden_values(store: Store) -> list[str]:
    """Every public handle and author id in the database, plus the planted e-mail and phone numbers."""
    values = {EMAIL, PHONE, PHONE_INTL, "555-0142", "7946 0958", "this reply was deleted", "deleted_person",
              "1100000000000000099"}
    for handle, author_id in store.db.execute(
        "SELECT author_handle, author_id FROM posts WHERE is_department = 0"
    ):
        values.update(v for v in (handle, author_id) if v)
    for handle, (author_id, _) in PUBLIC.items():
        values.update((handle, author_id))
    return sorted(values)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def all_text(folder: Path) -> str:
    """Every byte of an export as text; Parquet files decoded value by value (they are compressed)."""
    parts = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            parts.append(json.dumps(table.to_pylist(), default=str, ensure_ascii=False))
            parts.append(str(table.schema))
        else:
            parts.append(path.read_bytes().decode("utf-8"))
    return "\n".join(parts)


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_csv(path: Path) -> Any:
    """``path`` through Arrow's CSV reader (the engine of ``pandas.read_csv(engine="pyarrow")``, polars-like
    type inference): RFC 4180 quoting with newlines inside quoted values, types inferred from the text."""
    return pacsv.read_csv(path, parse_options=pacsv.ParseOptions(newlines_in_values=True))


def export(store: Store, tmp_path: Path, name: str, key: str = KEY, **opts: Any) -> Path:
    """Run a research export of ``store`` into ``tmp_path/name`` with the test key and config."""
    out = tmp_path / name
    run_export(store, config(tmp_path, **opts.pop("config", {})), ExportOptions(out=out, **opts), key=key.encode())
    return out
