"""Write docs/cli.md from the ``engage`` app's own ``--help`` texts: ``python -m engage.docs_cli > docs/cli.md``.

The reference is generated, never typed, so the help a user reads in the terminal and the page in the
repository cannot drift apart; ``tests/test_docs.py`` fails when the committed page is stale.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
import typer.rich_utils
from typer.testing import CliRunner

from engage.cli import app

REGENERATE = "python -m engage.docs_cli > docs/cli.md"
# A fixed width and no colour, so the page is the same on every machine.
WIDTH = 100
HELP_ENV = {"COLUMNS": str(WIDTH), "TERM": "dumb", "NO_COLOR": "1"}


@contextmanager
def _plain_help() -> Iterator[None]:
    """Typer reads its help width and terminal forcing from the environment once, at import (a CI
    runner's ``GITHUB_ACTIONS`` or ``FORCE_COLOR`` force a terminal); pin them while the page is made."""
    pinned = {"MAX_WIDTH": WIDTH, "FORCE_TERMINAL": False, "COLOR_SYSTEM": None}
    saved = {name: getattr(typer.rich_utils, name) for name in pinned}
    for name, value in pinned.items():
        setattr(typer.rich_utils, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(typer.rich_utils, name, value)


def command_paths() -> Iterator[tuple[list[str], Any]]:
    """Every command and group of the app, depth first in name order, with its path of names."""

    def walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:  # noqa: ANN401 - a click command
        yield path, command
        for name in sorted(getattr(command, "commands", {})):
            yield from walk(command.commands[name], [*path, name])

    yield from walk(typer.main.get_command(app), [])


def help_text(path: list[str]) -> str:
    """What ``engage <path> --help`` prints, without the padding the terminal renderer adds."""
    with _plain_help():
        result = CliRunner().invoke(app, [*path, "--help"], prog_name="engage", env=HELP_ENV)
    if result.exit_code != 0:
        raise RuntimeError(f"engage {' '.join(path)} --help: exit {result.exit_code}")
    return "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines()).strip("\n")


def render() -> str:
    """The whole page: one section per command, its help verbatim."""
    parts = [
        "# Command reference",
        "",
        f"Generated from the commands' own `--help` texts; do not edit. Regenerate with `{REGENERATE}`.",
    ]
    for path, _command in command_paths():
        parts += ["", f"## engage {' '.join(path)}".rstrip(), "", "```text", help_text(path), "```"]
    return "\n".join(parts) + "\n"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
