"""``engage doctor`` says, per enabled account, whether answers can be sent from engage (write credentials)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from engage.cli import app

runner = CliRunner()
SECRETS = {"X_BEARER_TOKEN": "read-bearer-value", "X_W_KEY": "ck-value", "X_W_SECRET": "cs-value",
           "X_W_TOKEN": "at-value", "X_W_TOKEN_SECRET": "ats-value", "MASTODON_ACCESS_TOKEN": "masto-read-value",
           "FB_PAGE_ACCESS_TOKEN": "fb-read-value"}


def write_config(tmp_path: Path) -> Path:
    config = {
        "department": {"name": "Riverton Police Department", "timezone": "America/Chicago"},
        "data_dir": "data",
        "accounts": [{"platform": "x", "handle": "RivertonPD"},
                     {"platform": "mastodon", "handle": "rivertonpd"},
                     {"platform": "facebook", "handle": "rivertonpd", "user_id": "104857300000001"}],
        "credentials": {
            "x": {"write_consumer_key_env": "X_W_KEY", "write_consumer_secret_env": "X_W_SECRET",
                  "write_access_token_env": "X_W_TOKEN", "write_access_token_secret_env": "X_W_TOKEN_SECRET"},
            "mastodon": {"api_base_url": "https://police.example"},
            "facebook": {"write_page_access_token_env": "FB_WRITE_TOKEN"},
        },
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_doctor_shows_which_accounts_can_send_and_why_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("FB_WRITE_TOKEN", raising=False)
    monkeypatch.setattr("connectors.facebook.probe", lambda *a, **k: [])  # no Graph calls from this test
    result = runner.invoke(app, ["doctor", "--config", str(write_config(tmp_path)), "--db", str(tmp_path / "e.db")])
    lines = [line for line in result.stdout.splitlines() if line.startswith("answers")]
    assert "answers  x RivertonPD: can send (write credentials set)" in lines
    assert any(line.startswith("answers  mastodon rivertonpd: cannot send") and
               "credentials.mastodon.write_access_token_env" in line for line in lines), lines
    assert any(line.startswith("answers  facebook rivertonpd: cannot send") and "FB_WRITE_TOKEN is not set" in line
               for line in lines), lines
    assert "secret   facebook: FB_WRITE_TOKEN not set (optional)" in result.stdout
    assert not any(value in result.output for value in SECRETS.values())


def test_every_live_platform_offers_a_writer_and_file_imports_do_not() -> None:
    from connectors.registry import platforms

    offered = {name for name, spec in platforms().items() if spec.writer is not None}
    assert offered == {"x", "reddit", "bluesky", "mastodon", "facebook", "instagram"}
