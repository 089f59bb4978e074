"""``engage init``: a starter config written for one department, and the sample import files.

The config it writes names the department's own accounts, never the demo's. An account whose
platform needs credentials that are not in the environment yet, or that has no live connector, is
written ``enabled: false`` with a comment saying how to turn it on, so ``engage collect``, ``engage
status`` and ``engage doctor`` report on what can really run. Everything below the accounts (the
credential variable names, collection, response, topics, models, reports) is the shipped example's
documented text, so the two never drift apart.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from engage.config import Config, Department
from engage.config_yaml import parse_yaml
from engage.errors import InputError
from engage.platforms import platform_names, platforms, required_env

INBOX = "data/inbox"
SAMPLE_FILES = ("replies.csv", "replies.jsonl")
SAMPLE_ACCOUNT = ("x", "ExamplePD")  # platform and handle the shipped samples are written for
TAIL_MARKER = "# Names of the environment variables holding each platform's credentials."
USER_AGENT_LINE = '    user_agent: "python:engage-riverton:0.1.0 (by /u/RivertonPD_Official)"'
# The example logs Reddit in as the department's script app; a new install starts read-only (the
# login variables would otherwise be required before Reddit can collect at all).
REDDIT_LOGIN_LINES = (
    ("    username_env: REDDIT_USERNAME             # optional: script-app login; read-only without",
     "    # username_env: REDDIT_USERNAME           # optional: script-app login; read-only without"),
    ("    password_env: REDDIT_PASSWORD", "    # password_env: REDDIT_PASSWORD"),
)
# The example's Mastodon instance is the demo's; a new install writes the instance named in the
# account (mastodon:@user@instance) or leaves it for the department to set.
MASTODON_URL_LINE = "    api_base_url: https://mastodon.social     # the accounts' instance: every request goes there"
IMPORT_PLATFORM = "file"  # the inbox every starter config has; not an account a department names
# The example's alert channel comment speaks of the demo; a department's config says what it means there.
DEMO_ALERT_COMMENT = "Pointed at nothing on purpose: ENGAGE_ALERT_WEBHOOK_URL is not set in the demo, so alerts are"
STARTER_ALERT_COMMENT = "Until ENGAGE_ALERT_WEBHOOK_URL is set (see its line below), alerts are"


class StarterError(InputError):
    """A value given to ``engage init`` that cannot go into a config; one line naming the option."""


@dataclass(frozen=True)
class StarterAccount:
    """An account given to ``engage init``; ``instance`` is a Mastodon account's server (https URL)."""

    platform: str
    handle: str
    instance: str | None = None


def parse_account(text: str) -> StarterAccount:
    """``platform:handle`` (e.g. ``x:LakesidePD``, ``reddit:LakesidePD_Official``).

    A Mastodon handle may name its instance, as Mastodon writes it: ``mastodon:@HarborPD@police.social``.
    """
    platform, sep, handle = text.strip().partition(":")
    platform, handle = platform.strip().lower(), handle.strip().lstrip("@")
    if not sep or not handle:
        raise StarterError(f"--account: {text!r} is not platform:handle (e.g. x:LakesidePD)")
    choices = [p for p in platform_names() if p != IMPORT_PLATFORM]
    if platform not in choices:
        choices = ", ".join(choices)
        raise StarterError(f"--account: {platform!r} is not one of {choices}")
    if any(ch.isspace() for ch in handle):
        raise StarterError(f"--account: handle {handle!r} contains a space")
    if platform == "mastodon" and "@" in handle:
        user, _, domain = handle.partition("@")
        if not user or not re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", domain):
            raise StarterError(f"--account: {text!r} is not mastodon:@user@instance "
                               "(e.g. mastodon:@HarborPD@police.social)")
        return StarterAccount(platform, user, instance=f"https://{domain.lower()}")
    return StarterAccount(platform, handle)


def _why_disabled(platform: str, environ: Mapping[str, str], written: Mapping[str, Any]) -> str | None:
    """Why an account of ``platform`` cannot collect yet, as the comment beside ``enabled: false``.

    From its registry entry: a platform without a live connector is imported from files; a live one
    waits for the settings it cannot default (a Mastodon instance) that ``written`` (its credentials
    section as the config sets it) leaves unset, and the credential variables its settings need
    (README section: its title).
    """
    spec = platforms()[platform]
    if not spec.live:
        return (f"no live {platform} connector yet: drop its exported CSV/JSONL files into {INBOX} "
                "(README, \"Importing files\")")
    settings = spec.credentials.model_validate(written)
    unset = [f"credentials.{spec.name}.{name}" for name in spec.required_settings if getattr(settings, name) is None]
    missing = unset + [name for name in required_env(spec) if not environ.get(name)]
    if missing:
        return f"to enable: set {' and '.join(missing)} (README, \"{spec.title}\"), then enabled: true"
    return None


def _account_lines(account: StarterAccount, environ: Mapping[str, str], credentials: Mapping[str, Any]) -> list[str]:
    lines = [f"  - platform: {account.platform}", f"    handle: {json.dumps(account.handle)}"]
    spec = platforms()[account.platform]
    if spec.user_id_hint:  # what ``user_id`` holds on this platform, from its registry entry
        example, meaning = spec.user_id_hint
        title = spec.title
        lines.append(f"    # user_id: {example:<16} # {meaning} (README, \"{title}\")")
    why = _why_disabled(account.platform, environ, credentials.get(account.platform) or {})
    if why:
        lines.append(f"    enabled: false              # {why}")
    return lines


def _mastodon_url_line(accounts: Sequence[StarterAccount]) -> str:
    """The instance the Mastodon accounts named, or the line left for the department to fill in."""
    instances = {a.instance for a in accounts if a.platform == "mastodon" and a.instance}
    if len(instances) > 1:
        raise StarterError(f"--account: Mastodon accounts on {', '.join(sorted(instances))}: one instance per config "
                           "(credentials.mastodon.api_base_url)")
    if instances:
        return f"    api_base_url: {instances.pop()}     # the accounts' instance: every request goes there"
    return "    # api_base_url: https://your.instance     # the accounts' instance: set it to collect Mastodon"


def _collection_lines(platform: str) -> list[str]:
    """A commented ``collection.<platform>`` section: each setting of the spec's model at its default.

    The section's comment is the model's docstring after its ``collection.<platform>``: name.
    """
    spec = platforms()[platform]
    model = spec.collection
    if not model.model_fields:
        return []
    doc = next(iter((model.__doc__ or "").strip().splitlines()), "")  # a plug-in's model may have none
    about = doc.removeprefix(f"``collection.{platform}``").lstrip(":. ").rstrip(".")
    lines = [f"  # collection.{platform}{': ' + about if about else ''} (README, \"{spec.title}\"); the defaults:",
             f"  # {platform}:"]
    for name, info in model.model_fields.items():
        setting = f"  #   {name}: {json.dumps(info.default)}"
        lines.append(f"{setting:<34} # {info.description}" if info.description else setting)
    return lines


def _with_collection_sections(tail: str, accounts: Sequence[StarterAccount]) -> str:
    """``tail`` with a commented section under ``collection:`` for each configured platform it lacks."""
    present = parse_yaml(tail).get("collection", {})
    wanted = dict.fromkeys(a.platform for a in accounts if a.platform not in present)
    lines = [line for platform in wanted for line in _collection_lines(platform)]
    if not lines:
        return tail
    head, sep, rest = tail.partition("\nresponse:")
    return head.rstrip("\n") + "\n" + "\n".join(lines) + "\n\n" + sep.lstrip("\n") + rest


def _user_agent(accounts: Sequence[StarterAccount]) -> str:
    reddit = next((a.handle for a in accounts if a.platform == "reddit"), "your_reddit_username")
    return f'    user_agent: "python:engage:0.1.0 (by /u/{reddit})"'


def render_config(name: str, timezone: str, accounts: Sequence[StarterAccount],
                  environ: Mapping[str, str] | None = None) -> str:
    """The text of a config for this department (validated before it is returned)."""
    environ = os.environ if environ is None else environ
    name = " ".join(name.split())
    try:
        Department(name=name, timezone=timezone)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        option = "--department" if field == "name" else "--timezone"
        value = name if field == "name" else timezone
        raise StarterError(f"{option}: {value!r}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}") from None
    seen = {(a.platform, a.handle.lower()) for a in accounts}
    if len(seen) < len(accounts):
        raise StarterError("--account: the same account is given twice")
    example = resources.files("engage").joinpath("config.example.yaml").read_text(encoding="utf-8")
    tail = example[example.index(TAIL_MARKER):].replace(USER_AGENT_LINE, _user_agent(accounts))
    for line, commented in REDDIT_LOGIN_LINES:
        tail = tail.replace(line, commented)
    tail = tail.replace(MASTODON_URL_LINE, _mastodon_url_line(accounts))
    credentials = parse_yaml(tail).get("credentials") or {}


    tail = _with_collection_sections(tail.replace(DEMO_ALERT_COMMENT, STARTER_ALERT_COMMENT), accounts)
    lines = [
        f"# engage configuration for {name}, written by `engage init`, documented inline.",
        "# `engage doctor` checks it. Relative paths are resolved against this file's folder. Secrets never go",
        "# here: only the NAMES of the environment variables that hold them (e.g. bearer_token_env: X_BEARER_TOKEN).",
        "",
        "department:",
        f"  name: {json.dumps(name)}",
        "  # IANA zone. Weeks (ISO, Monday-Sunday), business hours and report times are in this zone;",
        "  # everything is stored in UTC.",
        f"  timezone: {timezone}",
        "",
        "# Folder for the database (engage.db), logs and generated reports.",
        "data_dir: data",
        "",
        "# The department's own accounts. Replies by any of them count as department responses.",
        f"#   platform: {' | '.join(platform_names())}",
        "#   enabled: false keeps an account configured but not collected (engage status and doctor skip it).",
        "accounts:",
        *(line for account in accounts for line in _account_lines(account, environ, credentials)),
        "  # A folder watched for JSONL/CSV files of normalised records (README, \"Importing files\").",
        "  - platform: file",
        "    handle: inbox",
        f"    path: {INBOX}",
        "    interval_minutes: 5",
        "",
        "",
    ]
    text = "\n".join(lines) + tail
    # A mistake here must not reach a user's disk: the text is checked as `engage` will read it.
    Config.model_validate({**parse_yaml(text), "base_dir": Path(".")})
    return text


def _retarget(uid: str | None, platform: str) -> str | None:
    return None if not uid else f"{platform}:{uid.partition(':')[2]}"


def sample_records(account: StarterAccount | None, timezone: str = "UTC") -> tuple[str, str]:
    """The shipped sample CSV and JSONL, rewritten for ``account`` (its platform and handle) and stamped
    in the department's ``timezone`` (the same wall-clock times, so "tonight 8pm" still reads right)."""
    platform, handle = (account.platform, account.handle) if account else SAMPLE_ACCOUNT
    zone = ZoneInfo(timezone)
    folder = resources.files("engage").joinpath("sample_data")
    csv_text = folder.joinpath("replies.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(_retarget_record(row, platform, handle, zone))
    jsonl = []
    for line in folder.joinpath("replies.jsonl").read_text(encoding="utf-8").splitlines():
        jsonl.append(json.dumps(_retarget_record(json.loads(line), platform, handle, zone), ensure_ascii=False))
    return out.getvalue(), "\n".join(jsonl) + "\n"


def _retarget_record(record: dict, platform: str, handle: str, zone: ZoneInfo) -> dict:
    old_handle = SAMPLE_ACCOUNT[1]
    created = datetime.fromisoformat(record["created_at"]).replace(tzinfo=zone)
    record = {**record, "platform": platform, "account": handle, "created_at": created.isoformat()}
    for key in ("uid", "parent_uid", "root_uid"):
        if record.get(key):
            record[key] = _retarget(record[key], platform)
    if record.get("author_handle") == old_handle:
        record["author_handle"] = handle
    if record.get("text"):
        record["text"] = record["text"].replace(old_handle, handle)
    if record.get("url"):  # a link is only right on the platform the sample was written for
        record["url"] = record["url"].replace(old_handle, handle) if platform == SAMPLE_ACCOUNT[0] else None
    return record


def write_samples(base: Path, account: StarterAccount | None, timezone: str = "UTC") -> list[Path]:
    """``<inbox>/sample-replies.csv`` (imported by the next ``engage collect``) and, beside the config,
    ``sample-replies.jsonl`` (the same records as JSONL, to read; it is not in the inbox)."""
    csv_text, jsonl_text = sample_records(account, timezone)
    inbox = base / INBOX
    inbox.mkdir(parents=True, exist_ok=True)
    csv_path, jsonl_path = inbox / "sample-replies.csv", base / "sample-replies.jsonl"
    csv_path.write_text(csv_text, encoding="utf-8")
    jsonl_path.write_text(jsonl_text, encoding="utf-8")
    return [csv_path, jsonl_path]
