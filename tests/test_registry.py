"""The connector registry: built-ins and third-party plug-ins load one way, and the app is derived from it.

A third-party platform is installed for real: a package and its ``.dist-info/entry_points.txt`` are
written into ``tmp_path`` and put on ``sys.path``, so ``importlib.metadata`` finds it as it would
find a pip-installed one.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from connectors import registry
from connectors.base import AccountRef, CollectContext
from connectors.registry import RegistryError
from engage.answering.settings import AnsweringConfig
from engage.cli import app, main
from engage.collect import monthly_cap
from engage.config import ConfigError, load_config
from engage.starter import parse_account, render_config
from engage.store import Store
from engage.web.links import original_link
from tests.conftest import crash_at_every_page

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "configs"

PIGEON = '''
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from pydantic import Field, field_validator

from connectors.base import CollectContext, Metrics, Page, build_record, make_uid
from connectors.registry import BuildContext, OptionalEnv, PlatformSettings, PlatformSpec, env_name

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class PigeonCredentials(PlatformSettings):
    token_env: str = "PIGEON_TOKEN"
    ring_env: OptionalEnv = "PIGEON_RING"
    _check = field_validator("token_env", "ring_env")(env_name)


class PigeonCollection(PlatformSettings):
    batch: int = Field(default=2, ge=1)


class PigeonConnector:
    """Five messages in a loft, newest cursor last; one page per ``batch``."""

    platform = "pigeon"

    def __init__(self, batch: int) -> None:
        self.batch = batch

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        done = int(ctx.cursors.get("loft", "0"))
        for first in range(done + 1, 6, self.batch):
            ids = range(first, min(first + self.batch, 6))
            records = [build_record(
                uid=make_uid("pigeon", str(i)), platform="pigeon", native_id=str(i), account=ctx.account.handle,
                kind="post" if i == 1 else "reply", is_department=i == 1, text=f"coo {i}",
                created_at=START + timedelta(minutes=i), parent_uid=None if i == 1 else "pigeon:1",
                root_uid="pigeon:1", metrics=Metrics(likes=i),
            ) for i in ids]
            yield Page("loft", records, cursor=str(ids[-1]))


def build(ctx: BuildContext) -> PigeonConnector:
    ctx.secret(ctx.credentials.token_env)
    return PigeonConnector(ctx.collection.batch)


def permalink(native_id, root_uid, credentials):
    return f"https://pigeon.example/m/{native_id}" if re.fullmatch(r"[0-9]{1,9}", native_id) else None


def doctor(credentials, environ):
    ring = "with" if environ.get(credentials.ring_env or "") else "without"
    return [f"reading {ring} a ring: private lofts are missed"]


PLATFORM = PlatformSpec(
    name="pigeon", title="Pigeon post", credentials=PigeonCredentials, collection=PigeonCollection,
    build=build, permalink=permalink, monthly_read_cap=lambda collection: 1000, doctor=doctor,
)
CARRIER = PlatformSpec(
    name="carrier", title="Carrier", credentials=PigeonCredentials, collection=PigeonCollection, build=build,
    live=False,
)
'''


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str, str], None]]:
    """``install(package, source, entry_points)``: a distribution on ``sys.path`` declaring those entry points."""
    site = tmp_path / "site"
    installed: list[str] = []

    def _install(package: str, source: str, entry_points: str) -> None:
        (site / package).mkdir(parents=True)
        (site / package / "__init__.py").write_text(textwrap.dedent(source), encoding="utf-8")
        dist = site / f"{package}-0.1.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 0.1\n", encoding="utf-8")
        (dist / "entry_points.txt").write_text(f"[engage.connectors]\n{entry_points}\n", encoding="utf-8")
        installed.append(package)
        registry.platforms.cache_clear()

    monkeypatch.syspath_prepend(str(site))
    yield _install
    for package in installed:
        sys.modules.pop(package, None)
    shutil.rmtree(site, ignore_errors=True)
    registry.platforms.cache_clear()


@pytest.fixture
def pigeon(install: Callable[[str, str, str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    install("engage_pigeon", PIGEON, "pigeon = engage_pigeon:PLATFORM\ncarrier = engage_pigeon:CARRIER")
    for name in ("PIGEON_TOKEN", "PIGEON_RING"):
        monkeypatch.delenv(name, raising=False)


def test_builtins_load_through_the_entry_point_path_in_order() -> None:
    assert registry.platform_names() == ("x", "reddit", "bluesky", "mastodon", "facebook", "instagram", "file")
    for ep in registry.builtin_entry_points():
        assert ep.group == "engage.connectors" and ep.value == f"connectors.{ep.name}:PLATFORM"
        assert registry.load_spec(ep) is registry.platforms()[ep.name]


# Defaults changed on purpose since 2ebb105 (an old file that does not set them gets the new one):
# Graph API v21.0 is retired on 2027-01-21, so a Page that never named a version moves to the newest.
CHANGED_DEFAULTS = {("credentials", "facebook"): {"graph_api_version": ("v21.0", "v26.0")}}


def _dump_against(old: dict, path: Path) -> dict:
    """The config at ``path`` dumped as the old code dumped it; sections and settings added since are set aside.

    Each one set aside must be its model's default: an old file never names it.
    """
    new = load_config(path).model_dump(mode="json")
    # Answering from engage (#22): a section and an account setting added since, at their defaults.
    if "answering" not in old:
        assert new.pop("answering") == AnsweringConfig().model_dump(mode="json")
    for account in new["accounts"]:
        assert account.pop("send_policy") == "approval"
    for kind in ("credentials", "collection"):
        for name in [n for n in new[kind] if n not in old[kind]]:
            added = new[kind].pop(name)
            # A platform the old schema had no section for: the section is its model's defaults.
            assert added == getattr(registry.platforms()[name], kind)().model_dump(mode="json"), (kind, name)
        specs = registry.platforms()
        for name, section in old[kind].items():
            if name not in specs:  # collection.interval_minutes and the like
                continue
            # A setting added to a platform since (Bluesky's pds_url): absent from the old file, so its default.
            defaults = getattr(specs[name], kind)().model_dump(mode="json")
            for key in [k for k in new[kind][name] if k not in section]:
                assert new[kind][name].pop(key) == defaults[key], (kind, name, key)
            for key, (was, now) in CHANGED_DEFAULTS.get((kind, name), {}).items():
                if section.get(key) == was and new[kind][name].get(key) == now:
                    new[kind][name][key] = was
    return new


@pytest.mark.parametrize("name", ["example", "init"])
def test_configs_of_2ebb105_load_unchanged(name: str) -> None:
    # example: engage/config.example.yaml as shipped at 2ebb105; init: what `engage init` wrote then
    # (x, reddit, bluesky, mastodon and facebook accounts). The .json is that code's model_dump.
    old = json.loads((FIXTURES / f"{name}-2ebb105.json").read_text(encoding="utf-8"))
    assert _dump_against(old, FIXTURES / f"{name}-2ebb105.yaml") == old


def pigeon_config(tmp_path: Path, **extra: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(textwrap.dedent(f"""\
        department: {{name: Lakeside PD, timezone: UTC}}
        data_dir: data
        accounts:
          - {{platform: pigeon, handle: loft1}}
        credentials:
          pigeon: {{token_env: PIGEON_TOKEN}}
        collection:
          pigeon: {{batch: {extra.get("batch", "2")}}}
        """), encoding="utf-8")
    return path


def test_a_third_party_platform_is_in_the_config_schema(tmp_path: Path, pigeon: None) -> None:
    cfg = load_config(pigeon_config(tmp_path))
    assert cfg.collection_for("pigeon").batch == 2 and cfg.credentials_for("pigeon").ring_env == "PIGEON_RING"
    assert monthly_cap(cfg, "pigeon") == 1000
    with pytest.raises(ConfigError) as bad:
        load_config(pigeon_config(tmp_path, batch="0"))
    assert str(bad.value) == f"{tmp_path / 'config.yaml'}: collection.pigeon.batch: 0: Input should be greater than " \
        "or equal to 1"
    (tmp_path / "typo.yaml").write_text("department: {name: A}\naccounts: [{platform: pigeo, handle: a}]\n")
    with pytest.raises(ConfigError) as bad:
        load_config(tmp_path / "typo.yaml")
    assert str(bad.value).endswith("accounts[0].platform: 'pigeo' is not one of x, reddit, bluesky, mastodon, "
                                   "facebook, instagram, file, carrier, pigeon")


def test_a_third_party_platform_is_in_the_cli_doctor_and_links(tmp_path: Path, pigeon: None,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    help_text = " ".join(runner.invoke(app, ["collect", "--help"]).output.replace("│", " ").split())
    assert "facebook, instagram, file, carrier, pigeon" in help_text
    path = pigeon_config(tmp_path)
    result = runner.invoke(app, ["doctor", "--config", str(path), "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "secret   pigeon: PIGEON_TOKEN NOT SET" in result.output
    assert "secret   pigeon: PIGEON_RING not set (optional)" in result.output
    assert "platform pigeon: reading without a ring: private lofts are missed" in result.output
    assert "1 problem(s) found" in result.output
    monkeypatch.setenv("PIGEON_TOKEN", "secret-value")
    result = runner.invoke(app, ["doctor", "--config", str(path), "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 0 and "secret   pigeon: PIGEON_TOKEN set" in result.output
    assert "secret-value" not in result.output
    assert original_link("pigeon", "7", None) == "https://pigeon.example/m/7"
    assert original_link("pigeon", "7/../x", None) is None


def test_engage_collect_platform_collects_from_a_third_party_connector(tmp_path: Path, pigeon: None,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIGEON_TOKEN", "secret-value")
    path, db = pigeon_config(tmp_path), tmp_path / "engage.db"
    args = ["collect", "--config", str(path), "--db", str(db), "--platform", "pigeon"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "collect platform=pigeon account=loft1 outcome=ok fetched=5 new=5" in first.output
    again = CliRunner().invoke(app, args)
    assert "fetched=0 new=0" in again.output
    with Store.open(db) as store:
        rows = list(store.db.query("SELECT uid, platform, parent_uid FROM posts ORDER BY uid"))
    assert [r["uid"] for r in rows] == [f"pigeon:{i}" for i in range(1, 6)]
    assert {r["platform"] for r in rows} == {"pigeon"}


def test_a_third_party_connector_passes_the_crash_and_resume_contract(tmp_path: Path, pigeon: None) -> None:
    spec = registry.platforms()["pigeon"]
    connector = spec.build.__globals__["PigeonConnector"]

    def context(store: Store) -> CollectContext:
        return CollectContext(account=AccountRef("pigeon", "loft1"), cursors=store.get_cursors("pigeon", "loft1"))

    pages = crash_at_every_page(tmp_path, lambda: connector(2), context, "likes", arm=lambda: None,
                                reads_served=lambda: 0)
    assert [len(p.records) for p in pages] == [2, 2, 1]


def test_init_names_what_a_plug_in_platform_needs(pigeon: None) -> None:
    text = render_config("Lakeside PD", "UTC", [parse_account("pigeon:loft1"), parse_account("carrier:loft2")],
                         environ={})
    assert 'enabled: false              # to enable: set PIGEON_TOKEN (README, "Pigeon post")' in text
    assert "no live carrier connector yet: drop its exported CSV/JSONL files into data/inbox" in text
    assert "#   platform: x | reddit | bluesky | mastodon | facebook | instagram | file | carrier | pigeon" in text


RENAMED_X = "import dataclasses\nfrom connectors.x import PLATFORM as X\nPLATFORM = dataclasses.replace(X, name={!r})\n"
BROKEN = [
    ("import engage_missing_dependency\n", "broken = engage_broken:PLATFORM",
     "connector plug-in 'broken' (engage_broken:PLATFORM, entry point group engage.connectors): cannot be "
     "loaded: ModuleNotFoundError: No module named 'engage_missing_dependency'"),
    ("from connectors.x import PLATFORM\n", "x = engage_broken:PLATFORM",
     "connector plug-in 'x' (engage_broken:PLATFORM, entry point group engage.connectors): platform 'x' is "
     "already declared by connectors.x:PLATFORM"),
    (RENAMED_X.format("Pigeon Post"), "Pigeon = engage_broken:PLATFORM",
     "connector plug-in 'Pigeon' (engage_broken:PLATFORM, entry point group engage.connectors): platform name "
     "'Pigeon Post' is not lower-case letters, digits and _ (at most 32, starting with a letter)"),
    (RENAMED_X.format("pigeon"), "carrier = engage_broken:PLATFORM",
     "connector plug-in 'carrier' (engage_broken:PLATFORM, entry point group engage.connectors): declares "
     "platform 'pigeon'; the entry point must be named the same"),
    ("PLATFORM = {'name': 'pigeon'}\n", "pigeon = engage_broken:PLATFORM",
     "connector plug-in 'pigeon' (engage_broken:PLATFORM, entry point group engage.connectors): is a dict, "
     "not a connectors.registry.PlatformSpec"),
]


@pytest.mark.parametrize(("source", "entry_point", "message"), BROKEN, ids=["import", "duplicate", "shape", "mismatch",
                                                                          "type"])
def test_a_broken_plug_in_is_one_line_naming_its_entry_point(
    tmp_path: Path, install: Callable[[str, str, str], None], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], source: str, entry_point: str, message: str,
) -> None:
    install("engage_broken", source, entry_point)
    with pytest.raises(RegistryError) as exc:
        registry.platforms()
    assert str(exc.value) == message
    # The command line: before any command is built, one line and exit code 2, no traceback.
    monkeypatch.setattr(sys, "argv", ["engage", "doctor", "--config", str(pigeon_config(tmp_path))])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.err == f"engage: {message}\n" and captured.out == ""
    # Loading a config reports it the same way (the web app and the daemon load one first).
    with pytest.raises(Exception, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        load_config(FIXTURES / "example-2ebb105.yaml")


BUGGY = '''
from connectors.registry import NoSettings, PlatformSpec


class Broken:
    platform = "broken"

    def collect(self, ctx):
        raise KeyError("id")
        yield


PLATFORM = PlatformSpec(name="wrongargs", title="Wrong args", credentials=NoSettings, collection=NoSettings,
                        build=lambda ctx: Broken(ctx.handle))
BROKEN = PlatformSpec(name="broken", title="Broken", credentials=NoSettings, collection=NoSettings,
                      build=lambda ctx: Broken())
'''


def test_a_plug_in_with_a_bug_fails_its_own_account_with_one_line(tmp_path: Path, pigeon: None,
                                                                   install: Callable[[str, str, str], None],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # A connector that raises something other than ConnectorError (a TypeError building it, a KeyError
    # collecting) is a bug, but it must not stop the department's other accounts or print a traceback.
    install("engage_buggy", BUGGY, "wrongargs = engage_buggy:PLATFORM\nbroken = engage_buggy:BROKEN")
    monkeypatch.setenv("PIGEON_TOKEN", "t")
    cfg = tmp_path / "config.yaml"
    cfg.write_text(textwrap.dedent("""\
        department: {name: Lakeside PD, timezone: UTC}
        data_dir: data
        accounts:
          - {platform: wrongargs, handle: a}
          - {platform: broken, handle: b}
          - {platform: pigeon, handle: loft1}
        """), encoding="utf-8")
    result = CliRunner().invoke(app, ["collect", "--config", str(cfg)])
    lines = result.stdout.splitlines()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert lines[0].startswith("collect platform=wrongargs account=a outcome=error ")
    assert "error='TypeError: Broken() takes no arguments'" in lines[0]
    assert lines[1].startswith("collect platform=broken account=b outcome=error ") and "KeyError: 'id'" in lines[1]
    assert lines[2].startswith("collect platform=pigeon account=loft1 outcome=ok fetched=5 new=5 ")
