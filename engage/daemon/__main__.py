"""``python -m engage.daemon run|status``: the daemon commands without the rest of the CLI.

Used by the subprocess tests and handy in a minimal container; ``engage run``/``engage status`` are
the same functions.
"""

from __future__ import annotations

import typer

from engage.context import CommandGroup
from engage.daemon.cli import run, status

app = typer.Typer(cls=CommandGroup, name="engage.daemon", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False)
app.command()(run)
app.command()(status)

if __name__ == "__main__":
    app()
