"""The partitioned Parquet dataset export: the same rows as the single-file Parquet, laid out for panel tools."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from engage.export.manifest import verify_export
from engage.store import Store
from tests.helpers.export import export, populate


@pytest.fixture
def db(tmp_path: Path):  # noqa: ANN201
    store = Store.open(tmp_path / "engage.db")
    populate(store)
    yield store
    store.close()


def hive(folder: Path) -> ds.Dataset:
    return ds.dataset(folder, format="parquet", partitioning="hive")


def test_dataset_has_the_rows_of_the_single_file_export_by_month_and_platform(db: Store, tmp_path: Path) -> None:
    single = export(db, tmp_path, "single", fmt="parquet", snapshots=True, chunk_size=2)
    dataset = export(db, tmp_path, "dataset", fmt="parquet-dataset", snapshots=True, chunk_size=2)
    posts = pq.read_table(single / "posts.parquet")
    parts = hive(dataset / "posts").to_table()
    key = ["post_id"]
    expected = posts.sort_by([(k, "ascending") for k in key])
    got = parts.sort_by([(k, "ascending") for k in key])
    for name in posts.column_names:
        assert got.column(name).to_pylist() == expected.column(name).to_pylist(), name
    # Each file holds one month of one platform, and says so in its path.
    for path in (dataset / "posts").rglob("*.parquet"):
        month, platform = path.parent.parent.name.removeprefix("month="), path.parent.name.removeprefix("platform=")
        table = pq.read_table(path)
        assert "platform" not in table.column_names
        assert {t.strftime("%Y-%m") for t in table.column("created_at").to_pylist()} == {month}
        assert {p for p in expected.filter(ds.field("post_id").isin(table.column("post_id"))).column("platform")
                .to_pylist()} == {platform}
    labels = pq.read_table(single / "labels.parquet")
    assert pq.read_table(dataset / "labels" / "part-0.parquet").equals(labels)
    assert hive(dataset / "response_times").count_rows() == pq.read_metadata(single / "response_times.parquet").num_rows


def test_dataset_export_is_verified_file_by_file(db: Store, tmp_path: Path) -> None:
    out = export(db, tmp_path, "dataset", fmt="parquet-dataset")
    result = verify_export(out)
    assert result.ok and result.checked > 6 and not result.unlisted
    part = next((out / "posts").rglob("*.parquet"))
    part.write_bytes(part.read_bytes() + b"x")
    name = part.relative_to(out).as_posix()
    assert verify_export(out).problems == [f"{name}: SHA-256 does not match the manifest (changed or corrupted)"]
    (out / "posts" / "stray.txt").write_text("added later")
    assert verify_export(out).unlisted == ["posts/stray.txt"]
    assert "posts/**/*.parquet', hive_partitioning=true" in (out / "README.md").read_text()


def test_duckdb_reads_the_dataset(db: Store, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = export(db, tmp_path, "dataset", fmt="parquet-dataset")
    rows = duckdb.connect().execute(
        "SELECT platform, month, count(*) FROM read_parquet(?, hive_partitioning = true) GROUP BY ALL ORDER BY ALL",
        [f"{out}/posts/**/*.parquet"]).fetchall()
    assert sum(n for _, _, n in rows) == hive(out / "posts").count_rows() > 0
    assert {p for p, _, _ in rows} <= {"x", "reddit", "bluesky", "mastodon", "facebook", "instagram", "file"}


def test_verify_refuses_manifest_paths_outside_the_export(db: Store, tmp_path: Path) -> None:
    import json

    out = export(db, tmp_path, "dataset", fmt="parquet-dataset")
    (tmp_path / "outside.txt").write_text("not part of the export")
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["files"]["../outside.txt"] = {"sha256": "0" * 64, "bytes": 22}
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert verify_export(out).problems == ["../outside.txt: missing"]
