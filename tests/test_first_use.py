"""The first hour of a department that is not the demo's: `engage init`, doctor, the sample import, a report."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from engage.cli import app
from engage.config import load_config

LAKESIDE = ["--department", "Lakeside PD", "--timezone", "America/New_York",
            "--account", "x:LakesidePD", "--account", "reddit:LakesidePD_Official",
            "--account", "facebook:LakesidePD"]


@pytest.fixture
def no_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("X_BEARER_TOKEN", "REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET", "REDDIT_USERNAME", "REDDIT_PASSWORD",
                 "FB_PAGE_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.output


def test_init_with_flags_writes_that_departments_config(tmp_path: Path, no_secrets: None) -> None:
    path = tmp_path / "config.yaml"
    code, out = run("init", str(path), *LAKESIDE)
    assert code == 0, out
    text = path.read_text()
    assert "Riverton" not in text and "riverton" not in text.lower()
    cfg = load_config(path)
    assert cfg.department.name == "Lakeside PD" and cfg.department.timezone == "America/New_York"
    accounts = {(a.platform, a.handle): a.enabled for a in cfg.accounts}
    # No credentials in the environment: configured, but not collected (each platform's registry entry
    # says which variables it needs, and its README section; tests/test_registry.py: no live connector).
    assert accounts == {("x", "LakesidePD"): False, ("reddit", "LakesidePD_Official"): False,
                        ("facebook", "LakesidePD"): False, ("file", "inbox"): True}
    assert "set X_BEARER_TOKEN" in text and "set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET" in text
    assert 'set FB_PAGE_ACCESS_TOKEN (README, "Facebook Pages")' in text
    assert cfg.credentials.reddit.user_agent == "python:engage:0.1.0 (by /u/LakesidePD_Official)"
    assert cfg.credentials.reddit.username_env is None  # read-only until the department opts into a login
    assert [t.name for t in cfg.topics][-1] == "other"  # the documented rest of the example comes along


def test_init_enables_an_account_whose_credentials_are_set(tmp_path: Path, no_secrets: None,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", "token-from-the-environment")
    path = tmp_path / "config.yaml"
    assert run("init", str(path), *LAKESIDE)[0] == 0
    cfg = load_config(path)
    assert [a.enabled for a in cfg.accounts if a.platform == "x"] == [True]
    assert "token-from-the-environment" not in path.read_text()


def test_init_asks_what_it_was_not_told(tmp_path: Path, no_secrets: None) -> None:
    path = tmp_path / "config.yaml"
    code, out = run("init", str(path), input="Lakeside PD\nAmerica/New_York\nx:LakesidePD, mastodon:lakeside\n")
    assert code == 0, out
    assert "Department name" in out and "Time zone" in out
    cfg = load_config(path)
    assert cfg.department.name == "Lakeside PD"
    assert [(a.platform, a.handle) for a in cfg.accounts] == [("x", "LakesidePD"), ("mastodon", "lakeside"),
                                                              ("file", "inbox")]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--timezone", "Lakeside/Lake"], "--timezone: 'Lakeside/Lake': 'Lakeside/Lake' is not an IANA time zone"),
        (["--account", "twiter:LakesidePD"], "--account: 'twiter' is not one of x, reddit, bluesky"),
        (["--account", "LakesidePD"], "--account: 'LakesidePD' is not platform:handle"),
    ],
)
def test_init_refuses_bad_values_with_one_line(tmp_path: Path, args: list[str], expected: str) -> None:
    path = tmp_path / "config.yaml"
    code, out = run("init", str(path), "--department", "Lakeside PD", "--timezone", "UTC", "--account",
                    "x:LakesidePD", *args)
    assert code == 2 and expected in out and not path.exists()
    assert "Traceback" not in out


def test_doctor_does_not_count_a_disabled_accounts_missing_token(tmp_path: Path, no_secrets: None) -> None:
    path = tmp_path / "config.yaml"
    assert run("init", str(path), *LAKESIDE)[0] == 0
    code, out = run("doctor", "--config", str(path))
    assert code == 0, out
    assert "X_BEARER_TOKEN not set (not needed: no enabled x account)" in out
    data = yaml.safe_load(path.read_text())
    data["accounts"][0]["enabled"] = True  # the officer turns X on without setting the token
    path.write_text(yaml.safe_dump(data))
    code, out = run("doctor", "--config", str(path))
    assert code == 1 and "X_BEARER_TOKEN NOT SET" in out and "1 problem(s) found" in out


def readme_block(language: str) -> str:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = text[text.index("## Importing files"):text.index("## Platforms")]
    return section.split(f"```{language}\n", 1)[1].split("```", 1)[0]


@pytest.mark.parametrize(("language", "suffix"), [("csv", ".csv"), ("json", ".jsonl")])
def test_the_readme_samples_import_without_a_skipped_line(tmp_path: Path, language: str, suffix: str) -> None:
    from connectors.base import AccountRef, CollectContext
    from connectors.file import FileConnector
    from engage.collect import run_connector
    from engage.store import Store

    path = tmp_path / f"sample{suffix}"
    path.write_text(readme_block(language))
    with Store.open(tmp_path / "engage.db") as store:
        summary = run_connector(store, FileConnector(path), CollectContext(account=AccountRef("file", "inbox")))
        assert summary.rejected == [] and summary.counts.new == summary.fetched >= 2
        assert store.db["posts"].get("x:9100")["is_department"] == 1


def test_lakeside_first_use_init_import_its_sample_answer_by_phone_report(tmp_path: Path, no_secrets: None) -> None:
    """The README's first-use path for a department that is not the demo's, as a new user runs it."""
    path = tmp_path / "config.yaml"
    code, out = run("init", str(path), *LAKESIDE, "--sample-data")
    assert code == 0, out
    assert (tmp_path / "data" / "inbox" / "sample-replies.csv").is_file()
    assert (tmp_path / "sample-replies.jsonl").is_file()
    code, out = run("collect", "--config", str(path))  # only the enabled inbox: nobody's keys are needed
    assert code == 0, out
    assert "platform=file account=inbox outcome=ok fetched=7 new=7" in out
    # The officer phoned the resident who asked for a patrol, and records it.
    code, out = run("triage", "answered-elsewhere", "x:9103", "--via", "phone", "--at", "2026-11-17 12:10",
                    "--as", "ann", "--config", str(path))
    assert code == 0, out
    code, out = run("report", "weekly", "--week", "2026-W47", "--config", str(path))
    assert code == 0, out
    markdown = (tmp_path / "data" / "reports" / "weekly-2026-W47.md").read_text()
    assert markdown.startswith("# Lakeside PD: weekly summary 2026-W47")
    assert "America/New_York" in markdown and "Riverton" not in markdown
    assert "COLLECTION GAP" not in markdown and "imported data, collected elsewhere" in markdown
    assert "**Public replies:** 4 (1 actionable)" in markdown  # not classified yet: only the phoned reply
    assert "answered on the platform 0, answered elsewhere (phone, direct message, in person) 1" in markdown
    assert "LakesidePD" in markdown  # its own post heads the busiest posts
    assert "| 2026-W47 |" in markdown and "| 2026-W46 |" not in markdown  # no empty weeks before the data


def test_init_takes_a_mastodon_instance_from_the_handle_and_never_contradicts_itself() -> None:
    from engage.config import Config
    from engage.config_yaml import parse_yaml
    from engage.starter import StarterError, parse_account, render_config

    named = render_config("Harbor City Police", "America/Los_Angeles",
                          [parse_account("mastodon:@HarborCityPD@Police.Social")], environ={})
    config = Config.model_validate({**parse_yaml(named), "base_dir": Path(".")})
    (account,) = config.accounts_for("mastodon")
    assert account.handle == "HarborCityPD" and account.enabled  # anonymous reads need no token
    assert config.credentials_for("mastodon").api_base_url == "https://police.social"
    # Without an instance the account waits for one, and the file does not claim the demo's instance.
    bare = render_config("Harbor City Police", "America/Los_Angeles", [parse_account("mastodon:HarborCityPD")],
                         environ={})
    config = Config.model_validate({**parse_yaml(bare), "base_dir": Path(".")})
    assert config.credentials_for("mastodon").api_base_url is None and not config.accounts_for("mastodon")[0].enabled
    assert "to enable: set credentials.mastodon.api_base_url" in bare and "mastodon.social" not in bare
    with pytest.raises(StarterError, match="one instance per config"):
        render_config("H", "UTC", [parse_account("mastodon:@a@one.example"), parse_account("mastodon:@b@two.example")])
    with pytest.raises(StarterError, match="is not mastodon:@user@instance"):
        parse_account("mastodon:@a@nodot")
