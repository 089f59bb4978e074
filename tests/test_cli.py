"""The CLI's contract: one-line failures with the right exit codes, and working basics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from engage.cli import app

from .conftest import REPO

runner = CliRunner()


def config_with_inbox(tmp_path: Path) -> Path:
    data = yaml.safe_load((REPO / "engage" / "config.example.yaml").read_text())
    data["data_dir"] = str(tmp_path / "data")
    data["accounts"] = [{"platform": "file", "handle": "inbox", "path": str(tmp_path / "inbox")}]
    (tmp_path / "inbox").mkdir()
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_bad_config_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "config.yaml"
    bad.write_text("department: {name: X}\naccounts: [{platform: twiter, handle: a}]\n")
    result = runner.invoke(app, ["collect", "--config", str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"engage: {bad}: accounts[0].platform: 'twiter' is not one of x, reddit, bluesky, "
                     "mastodon, facebook, instagram, file"]


def test_init_writes_a_loadable_config_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "config.yaml"
    flags = ["--department", "Lakeside PD", "--timezone", "UTC", "--account", "x:LakesidePD"]
    assert runner.invoke(app, ["init", str(target), *flags]).exit_code == 0
    assert "Lakeside PD" in target.read_text()
    again = runner.invoke(app, ["init", str(target), *flags])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_collect_from_inbox_then_nothing_new(tmp_path: Path) -> None:
    cfg = config_with_inbox(tmp_path)
    record = {
        "uid": "x:1", "platform": "x", "native_id": "1", "account": "RivertonPD", "kind": "reply",
        "text": "hello", "created_at": "2026-10-01T12:00:00+00:00",
    }
    (tmp_path / "inbox" / "a.jsonl").write_text(json.dumps(record) + "\n")
    first = runner.invoke(app, ["collect", "--config", str(cfg)])
    assert first.exit_code == 0, first.output
    assert "new=1" in first.stdout
    second = runner.invoke(app, ["collect", "--config", str(cfg)])
    assert "new=0" in second.stdout and "fetched=0" in second.stdout
    assert (tmp_path / "data" / "engage.db").exists()


def test_db_that_is_not_sqlite(tmp_path: Path) -> None:
    cfg = config_with_inbox(tmp_path)
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello " * 1000)
    result = runner.invoke(app, ["collect", "--config", str(cfg), "--db", str(bogus)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"engage: {bogus}: not a usable SQLite database (file is not a database)"


def test_doctor_names_env_vars_without_values(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", "super-secret-token-value")
    monkeypatch.delenv("REDDIT_CLIENT_ID", raising=False)
    result = runner.invoke(app, ["doctor", "--config", str(REPO / "config.yaml"), "--db", str(tmp_path / "e.db")])
    assert "X_BEARER_TOKEN set" in result.stdout
    assert "REDDIT_CLIENT_ID NOT SET" in result.stdout
    assert "super-secret-token-value" not in result.output
    assert result.exit_code == 1  # missing Reddit credentials are a problem worth a non-zero exit


def test_an_import_that_skipped_lines_exits_1_with_the_count_unless_allow_partial(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    cfg = config_with_inbox(tmp_path)
    sample = (REPO / "engage" / "sample_data" / "replies.csv").read_text().splitlines()
    header, rows = sample[0], sample[1:]
    bad = [rows[1].replace(",2,1,0,0,", ",lots,1,0,0,"), rows[3].replace(",7,0,1,0,", ",7,0,1,0,,extra")]
    (tmp_path / "inbox" / "a.csv").write_text("\n".join([header, rows[0], *bad, *rows[4:]]) + "\n")
    result = runner.invoke(app, ["collect", "--config", str(cfg)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("engage: 1 line(s) skipped")
    assert "a.csv:4: bad CSV value: more fields than header columns" in caplog.text
    # A count that is not a number costs only its cell: the record is kept, the column named in its flags.
    assert "with odd field(s): metrics.likes: column 'likes': 'lots' is not a whole number" in caplog.text
    assert "skipped=1" in result.stdout and "new=5" in result.stdout  # the good lines are stored

    (tmp_path / "inbox" / "done" / "a.csv").rename(tmp_path / "inbox" / "b.csv")
    again = runner.invoke(app, ["collect", "--config", str(cfg), "--allow-partial"])
    assert again.exit_code == 0, again.output
    assert "skipped=1" in again.stdout
