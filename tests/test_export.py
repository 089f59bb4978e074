"""Research exports: no public identity in any byte, stable keyed pseudonyms, formats, codebook, manifest."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from engage.export.cli import export_app
from engage.export.exporter import ExportError, pseudonym_key
from engage.store import Store
from tests.helpers.export import (
    KEY,
    KEY_ENV,
    PUBLIC,
    all_text,
    config,
    export,
    forbidden_values,
    populate,
    read_csv,
    read_jsonl,
    rows,
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "engage.db")
    populate(store)
    yield store
    store.close()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_contains_no_public_handle_id_email_or_phone(db: Store, tmp_path: Path, fmt: str) -> None:
    out = export(db, tmp_path, f"out-{fmt}", fmt=fmt, snapshots=True)
    blob = all_text(out)
    for value in forbidden_values(db):
        assert value.lower() not in blob.lower(), f"{value!r} leaked into the {fmt} export"
    assert "[email]" in blob and "[phone]" in blob and "p_" in blob


def test_same_key_same_pseudonyms_other_key_other_pseudonyms(db: Store, tmp_path: Path) -> None:
    first = rows(export(db, tmp_path, "a"), "posts")
    second = rows(export(db, tmp_path, "b"), "posts")
    other = rows(export(db, tmp_path, "c", key="a-completely-different-key"), "posts")
    authors = [r["author"] for r in first]
    assert authors == [r["author"] for r in second]
    public = [(a, b["author"]) for a, b in zip(first, other, strict=True) if a["is_department"] == "false"]
    assert public and all(a["author"] != b and b.startswith("p_") for a, b in public)
    # The same person links across rows: jane wrote x:1001 and x:1003.
    by_id = {r["post_id"]: r for r in first}
    assert by_id["x:1001"]["author"] == by_id["x:1003"]["author"] != by_id["x:1002"]["author"]
    # ...and a mention of her is her pseudonym, so conversations can be followed.
    assert by_id["x:1002"]["text"].startswith("@" + by_id["x:1001"]["author"] + " ")
    # Department accounts keep their handles, and their own mentions stay.
    assert by_id["x:1000"]["author"] == "RivertonPD"
    assert by_id["x:1001"]["text"].startswith("@RivertonPD ")
    # The department's own published number stays in its own post; public text is redacted.
    assert by_id["x:1000"]["text"].endswith("Call 311 or (312) 744-5000.")


def test_missing_key_is_refused_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    with pytest.raises(ExportError) as err:
        pseudonym_key(config(tmp_path))
    assert KEY_ENV in str(err.value) and "\n" not in str(err.value)
    monkeypatch.setenv(KEY_ENV, KEY)
    assert pseudonym_key(config(tmp_path)) == KEY.encode()


def test_deleted_content_is_never_exported_but_counts_in_response_times(db: Store, tmp_path: Path) -> None:
    out = export(db, tmp_path, "out")
    assert "x:1004" not in all_text(out)
    times = rows(out, "response_times")
    deleted = [r for r in times if r["deleted"] == "true"]
    assert len(deleted) == 1 and deleted[0]["post_id"] == "" and deleted[0]["topics"] == ""
    assert deleted[0]["actionable"] == "true"  # still in the response-rate denominator


def test_response_times_follow_the_metric_definitions(db: Store, tmp_path: Path) -> None:
    out = export(db, tmp_path, "out")
    times = {r["post_id"]: r for r in rows(out, "response_times")}
    answered = times["x:1001"]
    assert answered["answered"] == "true" and answered["first_response_id"] == "x:1005"
    assert float(answered["frt_s"]) == 7200.0 == float(answered["time_s"])
    assert answered["within_sla"] == "true" and answered["needs_response"] == "yes"
    waiting = times["x:1003"]
    assert waiting["answered"] == "false" and waiting["frt_s"] == "" and waiting["within_sla"] == "false"
    assert float(waiting["time_s"]) > 40 * 86400  # censored at the export's as-of time
    assert waiting["topics"] == "none"
    assert len(times) == 6  # every public reply, answered or not


def test_business_hours_response_time(db: Store, tmp_path: Path) -> None:
    hours = {"response": {"sla_hours": 1, "business_hours": {"days": ["mon"], "start": "09:00", "end": "17:00"}}}
    out = export(db, tmp_path, "out", config=hours)
    answered = {r["post_id"]: r for r in rows(out, "response_times")}["x:1001"]
    # Mon 5 Oct 10:10 -> 12:10 Chicago time, all inside business hours; SLA of one hour missed.
    assert float(answered["frt_business_s"]) == pytest.approx(7200.0, abs=0.01)
    assert answered["within_sla"] == "false"


def test_dehydrated_x_rows_have_no_content(db: Store, tmp_path: Path) -> None:
    out = export(db, tmp_path, "dry", mode="dehydrated", snapshots=True)
    posts = rows(out, "posts")
    x_rows = [r for r in posts if r["platform"] == "x"]
    assert x_rows and all(r["text"] == "" and r["url"] == "" and r["likes"] == "" for r in x_rows)
    assert all(r["created_at"] and r["root_id"] and r["author"] for r in x_rows)
    assert all(r["text"] for r in posts if r["platform"] != "x")
    assert (out / "ids_x.txt").read_text().split() == [r["native_id"] for r in x_rows]
    assert not [r for r in rows(out, "metric_snapshots") if r["post_id"].startswith("x:")]
    assert "twarc2 hydrate ids_x.txt > tweets.jsonl" in (out / "README.md").read_text()
    assert json.loads((out / "manifest.json").read_text())["query"]["mode"] == "dehydrated"
    labels = rows(out, "labels")
    assert any(r["post_id"] == "x:1001" for r in labels)  # derived labels stay


def test_no_text_option_drops_every_text(db: Store, tmp_path: Path) -> None:
    out = export(db, tmp_path, "out", include_text=False)
    assert all(r["text"] == "" for r in rows(out, "posts"))
    assert "reopen" not in all_text(out)


def test_manifest_hashes_verify_and_tampering_fails(db: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = export(db, tmp_path, "out")
    runner = CliRunner()
    result = runner.invoke(export_app, ["verify", str(out)])
    assert result.exit_code == 0, result.output
    assert "files match" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["files"]) == {p.name for p in out.iterdir()} - {"manifest.json"}
    assert manifest["models"] == {t: f"test-{t}@abc123" for t in ("needs_response", "sentiment", "topics")}
    assert manifest["rows"] == {"posts": 9, "labels": 16, "response_times": 6}
    assert len(manifest["config_sha256"]) == 64 and manifest["metrics_version"] == "v2"
    assert KEY not in (out / "manifest.json").read_text()
    with (out / "posts.csv").open("a", encoding="utf-8") as fh:
        fh.write("x:9,x,9\r\n")
    result = runner.invoke(export_app, ["verify", str(out)])
    assert result.exit_code != 0
    assert "posts.csv" in result.output


def test_config_hash_changes_with_config_but_not_with_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engage.export.manifest import config_hash

    base = config_hash(config(tmp_path))
    monkeypatch.setenv(KEY_ENV, "some-other-secret-value")
    assert config_hash(config(tmp_path)) == base
    assert config_hash(config(tmp_path, retention_days=30)) != base




def test_csv_is_rfc4180_and_loads_with_inferred_types(db: Store, tmp_path: Path) -> None:
    out = export(db, tmp_path, "out")
    raw = (out / "posts.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")
    header, _, body = raw.partition(b"\r\n")
    assert header.decode().split(",")[:3] == ["post_id", "platform", "native_id"]
    assert body.endswith(b"\r\n")
    assert b'"@p_' in body and b'""detour""' in body  # quoted field with a doubled quote and a newline
    table = read_csv(out / "posts.csv")
    texts = dict(zip(table.column("post_id").to_pylist(), table.column("text").to_pylist(), strict=True))
    text = texts["x:1002"]
    assert '"detour" is\na mess' in text and "case 2026-001234 on 2026-10-05 at 14:05" in text
    assert any("🚧" in t for pid, t in texts.items() if pid.startswith("bluesky:h_"))
    assert str(table.schema.field("is_department").type) == "bool"
    assert str(table.schema.field("likes").type) == "int64"
    times = read_csv(out / "response_times.csv")
    assert str(times.schema.field("created_at").type).endswith("tz=UTC]")
    assert table.num_rows == 9


def test_jsonl_and_parquet_round_trip(db: Store, tmp_path: Path) -> None:
    jsonl = read_jsonl(export(db, tmp_path, "j", fmt="jsonl") / "posts.jsonl")
    table = pq.read_table(export(db, tmp_path, "p", fmt="parquet") / "posts.parquet")
    assert str(table.schema.field("created_at").type) == "timestamp[ms, tz=UTC]"
    assert str(table.schema.field("is_department").type) == "bool"
    assert str(table.schema.field("likes").type) == "int64"
    times = pq.read_table(export(db, tmp_path, "p2", fmt="parquet") / "response_times.parquet")
    assert times.num_rows - times.column("frt_s").null_count == 1
    assert [r["post_id"] for r in jsonl] == table.column("post_id").to_pylist()
    assert [r["text"] for r in jsonl] == table.column("text").to_pylist()
    assert jsonl[0]["is_department"] is True and jsonl[1]["lang"] is None


def test_codebook_describes_every_column(db: Store, tmp_path: Path) -> None:
    out = export(db, tmp_path, "out", snapshots=True)
    book = json.loads((out / "codebook.json").read_text())
    markdown = (out / "codebook.md").read_text()
    described = {t["file"]: [c["name"] for c in t["columns"]] for t in book["tables"]}
    for path in out.glob("*.csv"):
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert header == described[path.name]
        for column in header:
            assert f"`{column}`" in markdown
    assert all(c["type"] and c["description"] for t in book["tables"] for c in t["columns"])
    assert "First response time" in markdown and "Kaplan-Meier" in markdown
    assert {t["name"] for t in book["tables"]} == {"posts", "labels", "response_times", "metric_snapshots"}


def test_topic_platform_and_time_filters(db: Store, tmp_path: Path) -> None:
    out = export(db, tmp_path, "topics", topics=("praise_and_thanks",))
    posts = rows(out, "posts")
    public = [r for r in posts if r["role"] == "public_reply"]
    assert {r["platform"] for r in public} == {"reddit", "bluesky"}
    assert {r["role"] for r in posts} == {"public_reply", "department_post"}  # thread roots come along
    assert {r["post_id"] for r in rows(out, "response_times")} == {r["post_id"] for r in public}
    out = export(db, tmp_path, "platform", platforms=("reddit",))
    assert {r["platform"] for r in rows(out, "posts")} == {"reddit"}
    from tests.helpers.export import T0

    out = export(db, tmp_path, "window", since=T0, until=T0.replace(hour=16))
    assert [r["post_id"] for r in rows(out, "posts")] == ["x:1000", "x:1001", "x:1002", "x:1003"]
    # The answer came after --until, and still counts as the reply's first response.
    assert {r["post_id"]: r for r in rows(out, "response_times")}["x:1001"]["answered"] == "true"


def test_refuses_occupied_folder_and_bad_options(db: Store, tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="not empty"):
        export(db, tmp_path, "busy")
    with pytest.raises(ExportError, match="--format"):
        export(db, tmp_path, "x", fmt="xlsx")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_cli_export_needs_the_key_and_filters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: Store) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(json.dumps(config(tmp_path).model_dump(mode="json")), encoding="utf-8")
    runner = CliRunner()
    monkeypatch.delenv(KEY_ENV, raising=False)
    result = runner.invoke(export_app, ["--out", str(tmp_path / "x"), "--config", str(cfg), "--db", str(db.path)])
    assert result.exit_code == 1 and KEY_ENV in result.output
    monkeypatch.setenv(KEY_ENV, KEY)
    result = runner.invoke(
        export_app,
        ["--out", str(tmp_path / "cli"), "--format", "jsonl", "--platform", "x,reddit", "--config", str(cfg),
         "--db", str(db.path)],
    )
    assert result.exit_code == 0, result.output
    posts = read_jsonl(tmp_path / "cli" / "posts.jsonl")
    assert {p["platform"] for p in posts} == {"x", "reddit"} and len(posts) == 7
    assert not any(h in json.dumps(posts) for h in PUBLIC)


def test_chunked_export_equals_single_chunk(db: Store, tmp_path: Path) -> None:
    small = export(db, tmp_path, "small", chunk_size=2, fmt="parquet", snapshots=True)
    large = export(db, tmp_path, "large", chunk_size=10_000, fmt="parquet", snapshots=True)
    for name in ("posts", "labels", "response_times", "metric_snapshots"):
        # observed_until and time_s depend on the moment of export.
        clock = ["observed_until", "time_s"] if name == "response_times" else []
        a = pq.read_table(small / f"{name}.parquet").drop_columns(clock)
        b = pq.read_table(large / f"{name}.parquet").drop_columns(clock)
        assert a.equals(b), name
    assert pq.ParquetFile(small / "posts.parquet").num_row_groups == 5


R_CHECK = """
suppressMessages(library(readr))
for (f in list.files(commandArgs(TRUE)[1], pattern = "csv$", full.names = TRUE)) {
  d <- read_csv(f, show_col_types = FALSE, progress = FALSE)
  if (nrow(problems(d)) > 0) stop(paste("parse problems in", f))
  cat(basename(f), nrow(d), ncol(d), "\\n")
}
d <- read_csv(file.path(commandArgs(TRUE)[1], "posts.csv"), show_col_types = FALSE, progress = FALSE)
cat("created_at", class(d$created_at)[1], "is_department", class(d$is_department), "\\n")
cat("newline", grepl("\\n", d$text[d$post_id == "x:1002"], fixed = TRUE), "\\n")
"""


def test_csv_loads_in_r_readr(db: Store, tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (apt-get install r-base-core r-cran-readr)")
    out = export(db, tmp_path, "out", snapshots=True)
    script = tmp_path / "check.R"
    script.write_text(R_CHECK, encoding="utf-8")
    done = subprocess.run(["Rscript", str(script), str(out)], capture_output=True, text=True, timeout=120)
    if "there is no package called" in done.stderr:
        pytest.skip("the R package readr is not installed (apt-get install r-cran-readr)")
    assert done.returncode == 0, done.stderr
    assert "posts.csv 9 24" in done.stdout and "response_times.csv 6 19" in done.stdout
    assert "created_at POSIXct is_department logical" in done.stdout
    assert "newline TRUE" in done.stdout


def test_answer_stamped_before_the_reply_counts_as_immediate(tmp_path: Path, make_record: Any) -> None:
    from tests.helpers.export import T0

    store = Store.open(tmp_path / "skew.db")
    reply = make_record("2001", created_at=T0)
    answer = make_record("2002", created_at=T0 - timedelta(seconds=1), parent_uid="x:2001", is_department=True,
                         author_handle="RivertonPD", author_id="1402987715531431936")
    with store.db.conn:
        store.upsert_records([reply, answer])
    out = export(store, tmp_path, "skew")
    times = rows(out, "response_times")
    assert len(times) == 1 and times[0]["answered"] == "true" and float(times[0]["frt_s"]) == 0.0
    store.close()


def test_a_reddit_score_is_exported_signed_and_apart_from_likes(db: Store, tmp_path: Path) -> None:
    from tests.helpers.export import T0, rec

    with db.db.conn:
        db.upsert_records([rec("reddit", "t1_neg", text="not convinced", created_at=T0 + timedelta(minutes=30),
                                parent_uid="x:1000", root_uid="x:1000", metrics={"score": -6, "replies": 0})])
    out = export(db, tmp_path, "s", snapshots=True)
    rows = {r["native_id"]: r for r in csv.DictReader((out / "posts.csv").open(encoding="utf-8"))}
    assert (rows["t1_neg"]["score"], rows["t1_neg"]["likes"], rows["t1_neg"]["engagement"]) == ("-6", "", "0")
    snapshots = list(csv.DictReader((out / "metric_snapshots.csv").open(encoding="utf-8")))
    assert [r["score"] for r in snapshots if r["post_id"] == rows["t1_neg"]["post_id"]] == ["-6"]
