"""config.yaml validation: the shipped example loads, and every mistake is one line naming key and value."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from engage.config import ConfigError, load_config

from .conftest import REPO

EXAMPLE = REPO / "engage" / "config.example.yaml"


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data)
    return path


def base() -> dict:
    return yaml.safe_load(EXAMPLE.read_text())


def test_shipped_example_and_root_config_load() -> None:
    cfg = load_config(REPO / "config.yaml")
    assert cfg.department.name == "Riverton Police Department"
    assert cfg.department.timezone == "America/Chicago"
    assert {a.platform for a in cfg.accounts} >= {"x", "reddit", "bluesky", "file"}
    assert cfg.response.business_hours is not None
    assert [t.name for t in cfg.topics][-1] == "other"
    # relative paths resolve against the config file's folder, not the working directory
    assert cfg.default_db == REPO / "data" / "engage.db"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["accounts"][1].__setitem__("platform", "twiter"),
         "config.yaml: accounts[1].platform: 'twiter' is not one of x, reddit, bluesky, mastodon, facebook, instagram,"
         " file"),
        (lambda d: d["department"].__setitem__("timezone", "Mars/Olympus"),
         "department.timezone: 'Mars/Olympus' is not an IANA time zone"),
        (lambda d: d.__setitem__("retention_dayz", 30), "retention_dayz: unknown key"),
        (lambda d: d["response"].__setitem__("sla_hours", -4), "response.sla_hours: -4"),
        (lambda d: d["credentials"]["x"].__setitem__("bearer_token_env", "abc-123"),
         "credentials.x.bearer_token_env: must be the name of an environment variable (A-Z, 0-9, _), not its value"),
        (lambda d: d.pop("department"), "department: required key is missing"),
        (lambda d: d["accounts"].append(dict(d["accounts"][0])), "duplicate account x:RivertonPD"),
        (lambda d: d["accounts"].append({"platform": "file", "handle": "x2"}), "needs 'path'"),
        (lambda d: d["models"].__setitem__("runtime", "onnx-int8"),
         "models.runtime: 'onnx-int8' is not one of onnx, torch"),
    ],
)
def test_errors_name_key_path_and_value(tmp_path: Path, mutate, expected: str) -> None:
    data = base()
    mutate(data)
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, data))
    message = str(err.value)
    assert expected in message
    assert "\n" not in message


def test_a_secret_pasted_as_an_env_var_name_is_not_echoed(tmp_path: Path) -> None:
    data = base()
    data["credentials"]["x"]["bearer_token_env"] = "AAAAAAAAAAAAAAAAAAAAAAbearer%2Fsecret"
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, data))
    assert "credentials.x.bearer_token_env: must be the name of an environment variable" in str(err.value)
    assert "bearer%2F" not in str(err.value)


def test_a_secret_pasted_as_an_instance_url_is_not_echoed(tmp_path: Path) -> None:
    data = base()
    data["credentials"]["mastodon"] = {"api_base_url": "8f3kQz_Xy9-aBcDeFgHiJkLmNoPq"}
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, data))
    assert "credentials.mastodon.api_base_url: must be an instance URL" in str(err.value)
    assert "8f3kQz" not in str(err.value)


def test_malformed_yaml_names_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"config.yaml: line \d+, column \d+: expected"):
        load_config(write(tmp_path, "department:\n  name: [unclosed\n"))


def test_missing_file_and_non_mapping(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_config(write(tmp_path, "- just\n- a list\n"))


def test_example_topics_match_the_models_default_topics() -> None:
    """The example config and models/data/default_topics.yaml (used by the model's evaluation) agree."""
    shipped = yaml.safe_load((REPO / "models" / "data" / "default_topics.yaml").read_text())["topics"]
    topics = load_config(EXAMPLE).topics
    assert [(t.name, t.description, t.examples) for t in topics] == [
        (t["name"], t["description"], t["examples"]) for t in shipped
    ]


BUSINESS_HOURS = """
department: {name: Lakeside PD, timezone: America/New_York}
accounts: [{platform: file, handle: inbox, path: inbox}]
response:
  business_hours:
"""


@pytest.mark.parametrize(
    ("hours", "start", "end"),
    [
        ("    start: 8:00\n    end: 17:00\n", "08:00", "17:00"),   # unquoted: YAML 1.1 made these 480 and 1020
        ("    start: 08:00\n    end: 17:30\n", "08:00", "17:30"),
        ('    start: "8:00"\n    end: "23:59"\n', "08:00", "23:59"),
    ],
)
def test_business_hours_accept_unquoted_and_quoted_times(tmp_path: Path, hours: str, start: str, end: str) -> None:
    hours_cfg = load_config(write(tmp_path, BUSINESS_HOURS + hours)).response.business_hours
    assert hours_cfg is not None
    assert (f"{hours_cfg.start:%H:%M}", f"{hours_cfg.end:%H:%M}") == (start, end)


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("    start: 8\n    end: 17:00\n", "response.business_hours.start: 8 is not a time of day: write it as HH:MM"),
        ("    start: 8:00\n    end: 1020\n", "response.business_hours.end: 1020 is not a time of day"),
        ("    start: 8:00\n    end: 24:00\n", "response.business_hours.end: '24:00' is not a time of day"),
        ("    start: 8:00\n    end: 8.5\n", "response.business_hours.end: 8.5 is not a time of day"),
    ],
)
def test_business_hours_refuse_numbers_that_would_be_guessed(tmp_path: Path, hours: str, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, BUSINESS_HOURS + hours))
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_yaml_12_numbers_elsewhere_are_unchanged(tmp_path: Path) -> None:
    """Only base-60 numbers change meaning: plain integers, floats and booleans read as before."""
    text = BUSINESS_HOURS.replace("  business_hours:\n", "  sla_hours: 1.5\n") + "retention_days: 30\n"
    cfg = load_config(write(tmp_path, text + "web: {secure_cookies: yes}\n"))
    assert (cfg.response.sla_hours, cfg.retention_days, cfg.web.secure_cookies) == (1.5, 30, True)


@pytest.mark.parametrize(("written", "suggested"), [
    ("mastodon_access_token", "MASTODON_ACCESS_TOKEN"),
    ("$MASTODON_ACCESS_TOKEN", "MASTODON_ACCESS_TOKEN"),
    ("${X_BEARER_TOKEN}", "X_BEARER_TOKEN"),
])
def test_a_near_miss_env_var_name_gets_its_upper_case_form(tmp_path: Path, written: str, suggested: str) -> None:
    data = base()
    data["credentials"]["x"]["bearer_token_env"] = written
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, data))
    assert ("credentials.x.bearer_token_env: must be the name of an environment variable: write names in "
            f"UPPER_CASE without $, e.g. {suggested}") in str(err.value)


@pytest.mark.parametrize("secret", [
    "Xk3_9fQzLmW2pR7tVb8nYc4dHj6sAe1uGo5iKw0xZq", "$abc-123.def", "zq8x_k2m9v7w4t1r6y3u",
])
def test_a_secret_shaped_value_gets_the_naming_rule_but_is_not_echoed(tmp_path: Path, secret: str) -> None:
    data = base()
    data["credentials"]["x"]["bearer_token_env"] = secret
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, data))
    message = str(err.value)
    assert "write names in UPPER_CASE without $" in message and "not shown" in message
    assert secret.upper().lstrip("$") not in message.upper()
