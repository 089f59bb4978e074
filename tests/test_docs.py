"""The documentation stays true to the code, in the manner of sqlite-utils' docs tests.

* docs/cli.md is the app's own ``--help`` texts, regenerated: a changed command, option or help text
  fails here until the page is regenerated with ``python -m engage.docs_cli > docs/cli.md``.
* Every command path and every option of the ``engage`` app appears in README.md or docs/.
* Every metric definition version (the one reports print and all earlier ones) is in docs/metrics.md.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from connectors.base import AccountRef, CollectContext
from connectors.registry import BuildContext
from engage import docs_cli
from engage.collect import run_connector
from engage.metrics.definitions import CHANGES, METRICS_VERSION
from engage.store import Store

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _documentation() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))])


@pytest.fixture(scope="module")
def generated() -> str:
    return docs_cli.render()


def test_cli_reference_is_regenerated(generated: str) -> None:
    committed = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert committed == generated, f"docs/cli.md is stale: run `{docs_cli.REGENERATE}` and commit it"


def test_cli_reference_is_linked_from_the_docs_index() -> None:
    assert "(cli.md)" in (DOCS / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented() -> None:
    text = _documentation()
    paths = list(docs_cli.command_paths())
    assert len(paths) > 20  # the walk found the subcommands, not just the top-level app
    missing = []
    for path, command in paths:
        name = " ".join(["engage", *path])
        if name not in text:
            missing.append(name)
        for param in command.params:
            if getattr(param, "param_type_name", "") != "option":
                continue
            for opt in [*param.opts, *param.secondary_opts]:
                if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", text):
                    missing.append(f"{name} {opt}")
    assert not missing, f"not in README.md or docs/ (run `{docs_cli.REGENERATE}`): {missing}"


def test_every_metrics_version_is_in_the_history_table() -> None:
    history = (DOCS / "metrics.md").read_text(encoding="utf-8").partition("## History")[2]
    listed = set(re.findall(r"^\| (v\d+) \|", history, re.MULTILINE))
    versions = {version for version, _text in CHANGES}
    assert METRICS_VERSION in versions
    assert versions <= listed, f"docs/metrics.md History lacks {sorted(versions - listed)}"


def _connector_example(tmp_path: Path) -> ModuleType:
    """The README's "Writing a connector" example, imported as the module a plug-in author would write."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Writing a connector"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    (tmp_path / "engage_threads_example.py").write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("engage_threads_example", tmp_path / "engage_threads_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readmes_connector_example_runs(tmp_path: Path) -> None:
    example = _connector_example(tmp_path)
    replies = [{"id": str(n), "text": f"reply {n}", "username": f"p{n}", "timestamp": f"2026-11-0{n}T10:00:00+00:00",
                "like_count": -1 if n == 2 else n} for n in (1, 2, 3)]

    def api(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == "Bearer t0ken"
        after = request.url.params["after"]
        rest = [r for r in replies if not after or int(r["id"]) > int(after)]
        return httpx.Response(200, json={"data": rest[: int(request.url.params["limit"])]})

    def connector() -> object:
        built = example.PLATFORM.build(BuildContext(
            handle="HarborPD", user_id=None, label=None, path=None, credentials=example.ThreadsCredentials(),
            collection=example.ThreadsCollection(page_size=2), watch_days=7, settle_seconds=0,
            secret=lambda name: {"THREADS_TOKEN": "t0ken"}[name], optional_secret=lambda name: None))
        built.client = httpx.Client(transport=httpx.MockTransport(api), base_url="https://api.threads.example",
                                    headers=built.client.headers)
        return built

    with Store.open(tmp_path / "e.db") as store:
        for _ in range(2):  # the second run resumes from the committed cursor and adds nothing
            ctx = CollectContext(AccountRef("threads", "HarborPD"), cursors=store.get_cursors("threads", "HarborPD"))
            summary = run_connector(store, connector(), ctx)
        assert summary.outcome == "ok" and summary.fetched == 0
        rows = {r["uid"]: r for r in store.db.query("SELECT uid, likes, flags FROM posts")}
    assert sorted(rows) == ["threads:1", "threads:2", "threads:3"]
    assert rows["threads:2"]["likes"] is None and "metrics.likes" in rows["threads:2"]["flags"]
