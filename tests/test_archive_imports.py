"""Archive imports (twarc2, Reddit dumps, mapped CSV): mapped as the formats mean, resumable, idempotent.

The fixtures in tests/fixtures/archives are written from the formats' documentation: twarc2 pages as
the X API v2 returns them (``twarc2_flat.jsonl`` is those pages through twarc's own flatten), the
Reddit dumps as Pushshift/Arctic Shift NDJSON (compressed here with a 2 GiB window, as the real
dumps are), 4CAT's CSV columns, and an inbox tool's CSV with a byte-order mark and CRLF.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
import zstandard
from typer.testing import CliRunner

from connectors.archives import Department
from connectors.archives.reddit_dump import RedditDumpReader, zst_lines
from connectors.archives.twarc2 import Twarc2Reader
from connectors.base import AccountRef, CollectContext
from connectors.file import FileConnector
from engage.cli import app
from engage.store import Store

from .conftest import REPO, crash_at_every_page, posts_by_uid

FIXTURES = REPO / "tests" / "fixtures" / "archives"
X_DEPT = Department.of([("RivertonPD", "1402987715531431936")])
REDDIT_DEPT = Department.of([("RivertonPD_Official", None)])
runner = CliRunner()


def ctx(store: Store) -> CollectContext:
    return CollectContext(account=AccountRef("file", "import"), cursors=store.get_cursors("file", "import"))


def compress(source: Path, target: Path) -> Path:
    """The NDJSON as a dump file: zstandard, long window, no content size (a streaming writer)."""
    params = zstandard.ZstdCompressionParameters.from_level(19, window_log=31)
    with target.open("wb") as fh, zstandard.ZstdCompressor(compression_params=params).stream_writer(fh) as out:
        out.write(source.read_bytes())
    return target


def config(tmp_path: Path) -> Path:
    data = yaml.safe_load((REPO / "engage" / "config.example.yaml").read_text())
    data["data_dir"] = str(tmp_path / "data")
    data["accounts"] = [
        {"platform": "x", "handle": "RivertonPD", "user_id": "1402987715531431936"},
        {"platform": "reddit", "handle": "RivertonPD_Official"},
    ]
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def run(path: Path, reader, store: Store, **kw):  # noqa: ANN001, ANN201
    from engage.collect import run_connector

    return run_connector(store, FileConnector(path, reader=reader, move_done=False, **kw), ctx(store))


# -- twarc2 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["twarc2_pages.jsonl", "twarc2_flat.jsonl"])
def test_twarc2_collected_and_flattened_give_the_same_threads(name: str, store: Store) -> None:
    run(FIXTURES / name, Twarc2Reader(X_DEPT), store)
    rows = posts_by_uid(store)
    root, reply, answer = rows["x:1850000000000000000"], rows["x:1850000000000000101"], rows["x:1850000000000000102"]
    # The department post, present only as an expanded referenced tweet, is stored as the root.
    assert (root["kind"], root["is_department"], root["root_uid"]) == ("post", 1, "x:1850000000000000000")
    assert (reply["kind"], reply["is_department"], reply["parent_uid"], reply["root_uid"], reply["account"]) == (
        "reply", 0, "x:1850000000000000000", "x:1850000000000000000", "RivertonPD")
    assert (reply["author_handle"], reply["likes"], reply["replies"], reply["views"]) == ("jdoe_riverton", 3, 1, 120)
    assert (answer["kind"], answer["is_department"], answer["parent_uid"]) == ("reply", 1, "x:1850000000000000101")
    assert rows["x:1850000000000000103"]["kind"] == "quote"
    assert rows["x:1850000000000000103"]["parent_uid"] == "x:1850000000000000000"
    mention = rows["x:1850000000000000104"]
    assert (mention["kind"], mention["account"]) == ("mention", "RivertonPD")
    assert reply["collected_at"].startswith("2026-10-03T00:00:00")
    assert "author" not in json.loads(reply["raw"])  # twarc's inlined expansions are not stored twice
    assert len(rows) == 5


def test_twarc2_bad_lines_are_named_and_the_rest_stored(store: Store) -> None:
    path = FIXTURES / "twarc2_pages.jsonl"
    summary = run(path, Twarc2Reader(X_DEPT), store)
    assert summary.rejected == [
        f"{path}:3: post 1850000000000000105: missing created_at",
        f"{path}:4: invalid JSON (Unterminated string starting at, column 18)",
    ]
    assert summary.outcome == "partial"
    flat = FIXTURES / "twarc2_flat.jsonl"
    assert run(flat, Twarc2Reader(X_DEPT), store).rejected == [
        f"{flat}:5: expected a twarc2 page or post object, got list"]


def test_twarc2_resumes_after_a_crash_at_every_page_and_reimport_changes_nothing(tmp_path: Path) -> None:
    # The fixture's good pages only: the shared contract requires a clean run to skip nothing.
    lines = (FIXTURES / "twarc2_pages.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "twarc2_good_pages.jsonl"
    path.write_text("".join(line for n, line in enumerate(lines, start=1) if n not in (3, 4)), encoding="utf-8")
    # A file is read from disk: no faults to inject, no billable reads.
    pages = crash_at_every_page(tmp_path, lambda: FileConnector(path, page_size=1, reader=Twarc2Reader(X_DEPT)),
                                ctx, "views", arm=lambda: None, reads_served=lambda: 0)
    assert len(pages) >= 3
    with Store.open(tmp_path / "clean.db") as store:
        again = run(path, Twarc2Reader(X_DEPT), store)
        assert (again.counts.new, again.counts.updated, again.fetched) == (0, 0, 0)


# -- Reddit dumps ---------------------------------------------------------------------------------


def test_reddit_dumps_keep_the_department_threads_and_tombstone_deleted(tmp_path: Path, store: Store) -> None:
    submissions = compress(FIXTURES / "RS_2026-09.ndjson", tmp_path / "RS_2026-09.zst")
    comments = compress(FIXTURES / "RC_2026-09.ndjson", tmp_path / "RC_2026-09.zst")
    with pytest.raises(zstandard.ZstdError):  # the long window is what the default decoder refuses
        zstandard.ZstdDecompressor().stream_reader(submissions.open("rb")).read()
    reader = RedditDumpReader(REDDIT_DEPT)
    run(submissions, reader, store)
    summary = run(comments, reader, store)
    rows = posts_by_uid(store)
    assert set(rows) == {"reddit:t3_1fabc01", "reddit:t3_1fabc03", "reddit:t1_lq0c001", "reddit:t1_lq0c002",
                         "reddit:t1_lq0c003", "reddit:t1_lq0c005", "reddit:t1_lq0c006"}
    question = rows["reddit:t1_lq0c001"]
    assert question["text"] == "Will the café on 4th still be reachable? ☕ — asking for my mum"
    assert question["created_at"].startswith("2026-09-21T")  # created_utc given as a string
    assert (question["parent_uid"], question["root_uid"], question["account"]) == (
        "reddit:t3_1fabc01", "reddit:t3_1fabc01", "RivertonPD_Official")
    answer = rows["reddit:t1_lq0c002"]
    assert (answer["is_department"], answer["parent_uid"]) == (1, "reddit:t1_lq0c001")
    # Replies under a department comment in someone else's thread are kept; a negative score is no count.
    assert rows["reddit:t1_lq0c006"]["parent_uid"] == "reddit:t1_lq0c005"
    for gone in ("reddit:t1_lq0c003", "reddit:t3_1fabc03"):
        assert rows[gone]["deleted_at"] is not None and rows[gone]["text"] == ""
    assert summary.rejected == [
        f"{comments}:7: t1_lq0c007: created_utc 'yesterday' is not a Unix time",
        f"{comments}:8: invalid JSON (Expecting value, column 1)",
    ]


def test_reddit_comments_file_alone_uses_the_stored_department_submissions(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    submissions = compress(FIXTURES / "RS_2026-09.ndjson", tmp_path / "RS_2026-09.zst")
    comments = compress(FIXTURES / "RC_2026-09.ndjson", tmp_path / "RC_2026-09.zst")
    for dump in (submissions, comments):  # two separate commands: the second knows RS_ only from the DB
        result = runner.invoke(app, ["import", str(dump), "--format", "reddit-dump", "--config", str(cfg),
                                     "--allow-partial"])
        assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "data" / "engage.db") as store:
        assert store.db["posts"].get("reddit:t1_lq0c001")["root_uid"] == "reddit:t3_1fabc01"


def test_zst_lines_reassemble_characters_split_across_chunks(tmp_path: Path, monkeypatch) -> None:
    text = "☕ café — ünïcødé\n" * 50
    source = tmp_path / "lines.ndjson"
    source.write_text(text, encoding="utf-8")
    path = compress(source, tmp_path / "lines.zst")
    monkeypatch.setattr("connectors.archives.reddit_dump.CHUNK", 7)  # cut inside multi-byte characters
    lines = list(zst_lines(path))
    assert [n for n, _ in lines] == list(range(1, 51))
    assert {line.decode("utf-8") for _, line in lines} == {"☕ café — ünïcødé"}
    assert [n for n, _ in zst_lines(path, start=48)] == [49, 50]


def test_reddit_invalid_utf8_is_one_bad_line(tmp_path: Path, store: Store) -> None:
    source = tmp_path / "RC_bad.ndjson"
    good = (FIXTURES / "RS_2026-09.ndjson").read_bytes().splitlines()[0]
    source.write_bytes(b'{"id": "x", "body": "\xff\xfe"}\n' + good + b"\n")
    path = compress(source, tmp_path / "RS_bad.zst")
    summary = run(path, RedditDumpReader(REDDIT_DEPT), store)
    assert summary.rejected == [f"{path}:1: invalid UTF-8 at byte 21"]
    assert store.db["posts"].count == 1


# -- mapped CSV -----------------------------------------------------------------------------------


def test_mapped_csv_dry_run_shows_rows_and_stores_nothing(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    args = ["import", str(FIXTURES / "inbox_tool.csv"), "--format", "mapped-csv", "--platform", "x", "--map",
            "id=Message ID,text=Message,created_at=Sent Date,author=From,likes=Likes,parent_id=Reply To",
            "--dry-run", "--config", str(cfg)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    first = json.loads(lines[0])
    assert first["uid"] == "x:9001" and first["text"] == "Loud party on Birch, again.\r\nSecond night in a row."
    assert first["created_at"] == "2026-10-04T14:15:00Z" and first["metrics"] == {"likes": 3}
    assert first["kind"] == "mention" and first["account"] == "RivertonPD"
    second = json.loads(lines[1])
    assert (second["is_department"], second["kind"], second["parent_uid"]) == (True, "reply", "x:9001")
    assert lines[2].startswith("skip ") and "inbox_tool.csv:5: Sent Date: created_at '04/10/2026 11:00'" in lines[2]
    with Store.open(tmp_path / "data" / "engage.db") as store:
        assert store.db["posts"].count == 0
    stored = runner.invoke(app, args[:-3] + ["--config", str(cfg), "--allow-partial"])
    assert stored.exit_code == 0 and "new=2" in stored.stdout and "skipped=1" in stored.stdout


def test_4cat_csv_with_unix_timestamps(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    path = FIXTURES / "4cat_reddit.csv"
    result = runner.invoke(app, ["import", str(path), "--format", "mapped-csv", "--platform", "reddit", "--map",
                                 "id=id,text=body,created_at=unix_timestamp,author=author,root_id=thread_id,"
                                 "likes=score,url=url", "--config", str(cfg)])
    assert result.exit_code == 1, result.output  # one line skipped: exit 1 with the count
    assert "new=2" in result.stdout and "skipped=1" in result.stdout
    with Store.open(tmp_path / "data" / "engage.db") as store:
        answer = store.db["posts"].get("reddit:lq0d002")
    assert answer["text"] == 'Yes, all day. Thanks, "officer"!' and answer["is_department"] == 1
    assert answer["root_uid"] == "reddit:1fabc01" and answer["created_at"].startswith("2026-09-22T14:10:00")


@pytest.mark.parametrize(("spec", "message"), [
    ("id=Message ID,text=Message", "--map needs created_at"),
    ("id=Message ID,text=Body,created_at=Sent Date", "--map text=Body: no such column (the header has Message ID,"),
    ("id=Message ID,text=Message,created_at=Sent Date,mood=Likes", "unknown target 'mood'"),
])
def test_mapped_csv_bad_map_is_one_line(tmp_path: Path, spec: str, message: str) -> None:
    result = runner.invoke(app, ["import", str(FIXTURES / "inbox_tool.csv"), "--format", "mapped-csv", "--map", spec,
                                 "--dry-run", "--config", str(config(tmp_path))])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_twarc2_without_x_accounts_in_config_is_one_line(tmp_path: Path) -> None:
    data = yaml.safe_load(config(tmp_path).read_text())
    data["accounts"] = [a for a in data["accounts"] if a["platform"] != "x"]
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(data))
    result = runner.invoke(app, ["import", str(FIXTURES / "twarc2_flat.jsonl"), "--format", "twarc2",
                                 "--config", str(tmp_path / "config.yaml")])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("engage: no x account in the config: add the department's x accounts (they "
                                     "decide which records are the department's) or pass --account HANDLE")
