"""Which accounts `engage collect` covers, and what `collect`/`import` say about skipped lines.

Found by a department following the README: a repeated --platform kept only the last, a disabled
account was reported as "account=None", `engage import` exited 0 after skipping lines, and the
advice after a partial inbox import did not say the file had moved to done/.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from engage.cli import app
from engage.store import Store

runner = CliRunner()

HEADER = "uid,platform,native_id,account,author_handle,is_department,kind,text,created_at,parent_uid,root_uid"
GOOD = [
    "mastodon:500,mastodon,500,HarborCityPD,HarborCityPD,true,post,Road closed on Pier Ave,"
    "2026-11-20T08:00:00-08:00,,mastodon:500",
    "mastodon:501,mastodon,501,HarborCityPD,resident1,false,reply,When does it reopen?,"
    "2026-11-20T08:30:00-08:00,mastodon:500,mastodon:500",
]
BAD = ('mastodon:503,mastodon,503,HarborCityPD,resident3,false,reply,"bad, row",2026-11-20T09:10:00-08:00,'
       "mastodon:500,mastodon:500,extra")


def write_config(tmp_path: Path, accounts: list[dict[str, object]]) -> Path:
    (tmp_path / "inbox").mkdir(exist_ok=True)
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "department": {"name": "Harbor City Police", "timezone": "America/Los_Angeles"},
        "data_dir": str(tmp_path / "data"),
        "accounts": [{"platform": "file", "handle": "inbox", "path": str(tmp_path / "inbox")}, *accounts],
    }))
    return config


def stored_uids(tmp_path: Path) -> list[str]:
    with Store.open(tmp_path / "data" / "engage.db") as store:
        return sorted(r["uid"] for r in store.db.query("SELECT uid FROM posts"))


def test_engage_import_that_skipped_lines_exits_1_with_the_count_unless_allow_partial(tmp_path: Path) -> None:
    config = write_config(tmp_path, [])
    mine = tmp_path / "mine2.csv"
    mine.write_text("\n".join([HEADER, *GOOD, BAD]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(mine), "--config", str(config)])
    assert result.exit_code == 1, result.output
    assert "skipped=1" in result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("engage: 1 line(s) skipped")
    assert stored_uids(tmp_path) == ["mastodon:500", "mastodon:501"]  # the good lines are stored

    mine.write_text("\n".join([HEADER, *GOOD, BAD.replace(",extra", "")]) + "\n", encoding="utf-8")
    fixed = runner.invoke(app, ["import", str(mine), "--config", str(config), "--allow-partial"])
    assert fixed.exit_code == 0, fixed.output
    assert "new=1 updated=0" in fixed.stdout and "skipped=0" in fixed.stdout  # the fixed line only
    assert stored_uids(tmp_path) == ["mastodon:500", "mastodon:501", "mastodon:503"]


def test_partial_inbox_import_advice_names_done_and_moving_it_back_adds_only_the_fixed_line(tmp_path: Path) -> None:
    config = write_config(tmp_path, [])
    (tmp_path / "inbox" / "mine2.csv").write_text("\n".join([HEADER, *GOOD, BAD]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["collect", "--config", str(config), "--platform", "file"])
    assert result.exit_code == 1
    advice = result.stderr.strip().splitlines()[-1]
    assert "Fix the skipped lines in done/mine2.csv and move it back into the inbox" in advice, advice
    assert "import the file again" not in advice

    done = tmp_path / "inbox" / "done" / "mine2.csv"
    done.write_text("\n".join([HEADER, *GOOD, BAD.replace(",extra", "")]) + "\n", encoding="utf-8")
    done.rename(tmp_path / "inbox" / "mine2.csv")
    again = runner.invoke(app, ["collect", "--config", str(config), "--platform", "file"])
    assert again.exit_code == 0, again.output
    assert "new=1 updated=0" in again.stdout  # the two good lines are not stored twice
    assert stored_uids(tmp_path) == ["mastodon:500", "mastodon:501", "mastodon:503"]


def test_a_repeated_platform_collects_each_of_them(tmp_path: Path) -> None:
    config = write_config(tmp_path, [{"platform": "bluesky", "handle": "harborcitypd.bsky.social"}])
    record = {"uid": "x:1", "platform": "x", "native_id": "1", "account": "inbox", "kind": "reply",
              "text": "hi", "created_at": "2026-10-01T12:00:00+00:00"}
    (tmp_path / "inbox" / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["collect", "--config", str(config), "--platform", "bluesky", "--platform", "file"])
    platforms = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("collect ")]
    assert platforms == ["platform=file", "platform=bluesky"], result.output


def test_account_matches_in_any_case_and_can_repeat(tmp_path: Path) -> None:
    config = write_config(tmp_path, [{"platform": "file", "handle": "Archive", "path": str(tmp_path / "inbox")}])
    result = runner.invoke(app, ["collect", "--config", str(config), "--account", "INBOX", "--account", "archive"])
    accounts = [line.split()[2] for line in result.stdout.splitlines() if line.startswith("collect ")]
    assert accounts == ["account=inbox", "account=Archive"], result.output


def test_a_platform_whose_accounts_are_all_disabled_names_them(tmp_path: Path) -> None:
    config = write_config(tmp_path, [{"platform": "mastodon", "handle": "HarborCityPD", "enabled": False}])
    result = runner.invoke(app, ["collect", "--config", str(config), "--platform", "mastodon"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"engage: no enabled account matches platform=mastodon in {config}; "
        f"mastodon:HarborCityPD is configured but enabled: false ({config})"
    )
