"""The issue's acceptance test: an export of the demo database leaks no public identity or contact.

The demo records are loaded through the file connector exactly as ``engage demo`` loads them (from
the committed JSONL files, or generated into a temporary folder when they are not there yet);
labels are inserted directly so no model runs. Every byte of every output file is then scanned
for every public handle and author id in the database and every e-mail address and phone number
in its texts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.base import AccountRef, CollectContext
from connectors.file import FileConnector
from engage.collect import run_connector
from engage.demo_data import DATA_DIR, DATA_FILES
from engage.export.exporter import ExportOptions, run_export
from engage.store import Store
from tests.helpers.export import KEY, all_text, config, read_csv

# Deliberately looser than the redaction patterns, so this test does not merely agree with them.
LOOSE_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
LOOSE_PHONE = re.compile(r"\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}|\+\d[\d ()-]{8,}\d")


def demo_files(tmp_path: Path) -> Path:
    if all((DATA_DIR / name).is_file() for name in DATA_FILES):
        return DATA_DIR
    from engage.demo_data.generate import write

    folder = tmp_path / "demo_data"
    write(folder)
    return folder


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp = tmp_path_factory.mktemp("demo")
    store = Store.open(tmp / "engage.db")
    folder = demo_files(tmp)
    for name in DATA_FILES:
        ctx = CollectContext(account=AccountRef("file", "demo"))
        summary = run_connector(store, FileConnector(folder / name, move_done=False), ctx)
        assert summary.outcome == "ok" and summary.counts.new > 100, summary.line()
    replies = [r[0] for r in store.db.execute("SELECT uid FROM posts WHERE is_public_reply = 1 ORDER BY uid")]
    rows = [
        {"uid": uid, "task": task, "model_id": f"demo-{task}", "label": label, "scores": {label: 0.9}}
        for i, uid in enumerate(replies)
        for task, label in (("needs_response", "yes" if i % 3 else "no"), ("topics", "traffic_and_roads"))
    ]
    store.activate_model("needs_response", "demo-needs_response", ["yes", "no"])
    store.activate_model("topics", "demo-topics", ["traffic_and_roads"])
    store.save_classifications(rows)
    yield store
    store.close()


def forbidden(store: Store) -> tuple[set[str], set[str]]:
    """(strings, numeric ids) that must not appear: public handles and ids, e-mails, phone numbers."""
    strings: set[str] = set()
    numbers: set[str] = set()
    for handle, author_id in store.db.execute(
        "SELECT DISTINCT author_handle, author_id FROM posts WHERE is_department = 0"
    ):
        if handle:
            strings.add(handle)
        if author_id:
            (numbers if author_id.isdigit() else strings).add(author_id)
    for (text,) in store.db.execute("SELECT text FROM posts WHERE is_department = 0"):
        strings.update(LOOSE_EMAIL.findall(text))
        strings.update(m.strip() for m in LOOSE_PHONE.findall(text))
    # The department's own posts keep the numbers it published (a public reply quoting one is still redacted).
    return strings - department_contacts(store), numbers


def department_contacts(store: Store) -> set[str]:
    found: set[str] = set()
    for (text,) in store.db.execute("SELECT text FROM posts WHERE is_department = 1"):
        found.update(LOOSE_EMAIL.findall(text))
        found.update(m.strip() for m in LOOSE_PHONE.findall(text))
    return found


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_demo_export_leaks_no_public_identity_or_contact(demo_store: Store, tmp_path: Path, fmt: str) -> None:
    strings, numbers = forbidden(demo_store)
    assert len(strings) > 100 and any("555" in s for s in strings)
    out = tmp_path / "export"
    result = run_export(demo_store, config(tmp_path), ExportOptions(out=out, fmt=fmt, snapshots=True),
                        key=KEY.encode())
    assert result.rows["posts"] > 1000
    blob = all_text(out).lower()
    leaked = sorted(s for s in strings if s.lower() in blob)
    # A numeric author id only counts when it stands alone, not as digits inside a longer post id.
    standalone_numbers = set(re.findall(r"\d+", blob))
    leaked += sorted(numbers & standalone_numbers)
    assert not leaked
    published = department_contacts(demo_store)
    assert any("@" in c for c in published) and all(c.lower() in blob for c in published)


def test_demo_export_loads_with_every_column_in_the_codebook(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "export"
    run_export(demo_store, config(tmp_path), ExportOptions(out=out), key=KEY.encode())
    book = json.loads((out / "codebook.json").read_text())
    for table in book["tables"]:
        frame = read_csv(out / table["file"])
        assert frame.column_names == [c["name"] for c in table["columns"]]
        assert frame.num_rows == table["rows"]
    ids = read_csv(out / "posts.csv").column("post_id").to_pylist()
    roles = set(read_csv(out / "posts.csv").column("role").to_pylist())
    assert len(set(ids)) == len(ids)
    assert roles >= {"public_reply", "department_post", "department_response"}
