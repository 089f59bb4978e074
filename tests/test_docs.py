"""The documentation stays true to the code, in the manner of sqlite-utils' docs tests.

* docs/cli.md is the app's own ``--help`` texts, regenerated: a changed command, option or help text
  fails here until the page is regenerated with ``python -m engage.docs_cli > docs/cli.md``.
* Every command path and every option of the ``engage`` app appears in README.md or docs/.
* Every metric definition version (the one reports print and all earlier ones) is in docs/metrics.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engage import docs_cli
from engage.metrics.definitions import CHANGES, METRICS_VERSION

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
