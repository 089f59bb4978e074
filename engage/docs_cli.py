"""Write docs/cli.md from the ``engage`` app's own ``--help`` texts: ``python -m engage.docs_cli > docs/cli.md``.

The reference is generated, never typed, so the help a user reads in the terminal and the page in the
repository cannot drift apart; ``tests/test_docs.py`` fails when the committed page is stale.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import typer
from typer.testing import CliRunner

from engage.cli import app

REGENERATE = "python -m engage.docs_cli > docs/cli.md"
# A fixed width and no colour, so the page is the same on every machine.
HELP_ENV = {"COLUMNS": "100", "TERMINAL_WIDTH": "100", "TERM": "dumb", "NO_COLOR": "1"}


def command_paths() -> Iterator[tuple[list[str], Any]]:
    """Every command and group of the app, depth first in name order, with its path of names."""

    def walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:  # noqa: ANN401 - a click command
        yield path, command
        for name in sorted(getattr(command, "commands", {})):
            yield from walk(command.commands[name], [*path, name])

    yield from walk(typer.main.get_command(app), [])


def help_text(path: list[str]) -> str:
    """What ``engage <path> --help`` prints, without the padding the terminal renderer adds."""
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
