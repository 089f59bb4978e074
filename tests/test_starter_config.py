"""The config and samples `engage init` writes for a department that is not the demo's.

Found by a department following the README ("Harbor City Police", America/Los_Angeles, Mastodon,
Bluesky, Facebook): only X had a `user_id` hint, the collection settings the README names were not
in the file, the alert comment spoke of the demo, and the samples were stamped -05:00.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import yaml

from engage.config import Config
from engage.config_yaml import parse_yaml
from engage.platforms import platforms
from engage.starter import parse_account, render_config, sample_records

from .conftest import REPO

HARBOR = [parse_account(a) for a in ("mastodon:HarborCityPD", "bluesky:harborcitypd.bsky.social",
                                     "facebook:HarborCityPD")]


def harbor_config() -> str:
    return render_config("Harbor City Police", "America/Los_Angeles", HARBOR, environ={})


def account_block(text: str, platform: str) -> str:
    start = text.index(f"  - platform: {platform}\n")
    end = text.index("\n  - platform:", start + 1)
    return text[start:end]


def test_each_account_gets_a_user_id_hint_naming_its_readme_section() -> None:
    text = harbor_config()
    for account in HARBOR:
        block = account_block(text, account.platform)
        assert "    # user_id: " in block, block
        assert f'(README, "{platforms()[account.platform].title}")' in block
    assert "did:plc:" in account_block(text, "bluesky") and "Page id" in account_block(text, "facebook")


def test_collection_sections_of_the_configured_platforms_hold_each_setting_and_default() -> None:
    text = harbor_config()
    collection = text[text.index("\ncollection:\n"):text.index("\nresponse:\n")]
    for account in HARBOR:
        model = platforms()[account.platform].collection
        assert f"\n  # {account.platform}:\n" in collection
        for name, info in model.model_fields.items():
            line = next(li for li in collection.splitlines() if li.startswith(f"  #   {name}: "))
            assert info.description is None or info.description in line
    # Uncommented, the sections are the platform's settings at their defaults.
    sections = re.sub(r"^  # (mastodon|bluesky|facebook):$", r"  \1:", collection, flags=re.M)
    uncommented = text.replace(collection, re.sub(r"^  #   (\w+): ", r"    \1: ", sections, flags=re.M))
    config = Config.model_validate({**parse_yaml(uncommented), "base_dir": Path(".")})
    for account in HARBOR:
        model = platforms()[account.platform].collection
        assert set(parse_yaml(uncommented)["collection"][account.platform]) == set(model.model_fields)
        assert config.collection_for(account.platform) == model()


def test_the_alert_comment_does_not_speak_of_the_demo() -> None:
    text = harbor_config()
    assert "demo" not in text.lower()
    assert "Until ENGAGE_ALERT_WEBHOOK_URL is set" in text


def test_the_samples_are_stamped_in_the_departments_zone_at_the_same_wall_clock_times() -> None:
    shipped = (REPO / "engage" / "sample_data" / "replies.csv").read_text(encoding="utf-8")
    shipped_times = [datetime.fromisoformat(r["created_at"]) for r in csv.DictReader(io.StringIO(shipped))]
    csv_text, jsonl_text = sample_records(HARBOR[0], "America/Los_Angeles")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    records = [json.loads(line) for line in jsonl_text.splitlines()]
    assert len(rows) == len(shipped_times) and records
    for row, shipped_at in zip(rows, shipped_times, strict=True):
        stamped = datetime.fromisoformat(row["created_at"])
        assert row["created_at"].endswith("-08:00")  # PST in November
        assert stamped.replace(tzinfo=None) == shipped_at.replace(tzinfo=None)
    assert all(r["created_at"].endswith("-08:00") for r in records)
    utc_csv, _ = sample_records(HARBOR[0], "UTC")
    assert all(r["created_at"].endswith("+00:00") for r in csv.DictReader(io.StringIO(utc_csv)))


def test_the_cli_logs_to_stderr_in_iso_8601_utc_as_the_readme_shows(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.jsonl").write_text("not json\n" + json.dumps({
        "uid": "x:1", "platform": "x", "native_id": "1", "account": "inbox", "kind": "reply", "text": "hi",
        "created_at": "2026-10-01T12:00:00+00:00"}) + "\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "department": {"name": "Harbor City Police", "timezone": "America/Los_Angeles"},
        "data_dir": str(tmp_path / "data"),
        "accounts": [{"platform": "file", "handle": "inbox", "path": str(inbox)}],
    }))
    env = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "America/Los_Angeles"}
    result = subprocess.run([sys.executable, "-c", "from engage.cli import main; main()", "collect",
                             "--config", str(config), "--allow-partial"],
                            capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    logged = [line for line in result.stderr.splitlines() if " WARNING engage.collect skipped " in line]
    assert logged, result.stderr
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 WARNING engage\.collect skipped ", logged[0])
