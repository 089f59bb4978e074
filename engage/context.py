"""What every CLI command needs first: the validated config and the opened store.

Kept apart from ``cli.py`` so each command group (reports, web, export, daemon) can share the
``--config``/``--db`` options and the one-line error handling without importing each other.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer.core import TyperGroup

from engage.config import Config, load_config
from engage.errors import EngageError
from engage.platforms import check_platform, platform_names
from engage.store import Store

DEFAULT_CONFIG = "config.yaml"

ConfigOpt = Annotated[
    Path,
    typer.Option(
        "--config", "-c", envvar="ENGAGE_CONFIG", help="The config file (see config.yaml for every setting).",
        show_default=True,
    ),
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", envvar="ENGAGE_DB", help="The SQLite database (default: <data_dir>/engage.db from config)."),
]



def platform_help(what: str = "Only this platform", then: str = ".") -> str:
    """An option's help naming the registered platforms.

    Call it inside a command's annotation: with ``from __future__ import annotations`` typer reads
    those when it builds the command line, not at import, so ``main`` has already reported a
    connector plug-in that cannot be loaded as one line.
    """
    return f"{what} ({', '.join(platform_names())}){then}"


def known_platform(value: str) -> str:
    """A ``--platform`` value: a registered platform, else ``'twiter' is not one of x, reddit, ...``."""
    try:
        return check_platform(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def fail(message: str, code: int = 1) -> NoReturn:
    """Exit with a one-line reason on stderr (the CLI's only way to fail)."""
    print(f"engage: {message}", file=sys.stderr)
    raise typer.Exit(code)


class CommandGroup(TyperGroup):
    """Every ``engage`` command group: an :class:`EngageError` from any command becomes its one line and code.

    The one place errors are translated for the terminal, so a command raises and never catches to
    reword. Each group has it (not only the top one) so a group run on its own behaves the same.
    """

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except EngageError as exc:
            fail(exc.message, exc.exit_code)


@dataclass
class AppContext:
    config: Config
    db_path: Path

    @contextmanager
    def store(self) -> Iterator[Store]:
        """The opened store for a command's body; a database error anywhere in it is one line naming the file."""
        store = Store.open(self.db_path)
        try:
            yield store
        except sqlite3.DatabaseError as exc:  # e.g. a damaged page met halfway through a collection
            hint = "; `engage doctor` checks it" if not isinstance(exc, sqlite3.OperationalError) else ""
            fail(f"{self.db_path}: database error ({exc}){hint}")
        finally:
            store.close()


def resolve_db(config: Config, db: Path | None) -> Path:
    """The database path: ``--db`` wins; otherwise ``data_dir/engage.db``, creating ``data_dir``."""
    if db is not None:
        return db
    path = config.default_db
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{path.parent}: cannot create data folder ({exc.strerror})")
    return path


def app_context(config_path: Path, db: Path | None) -> AppContext:
    config = load_config(config_path)
    return AppContext(config, resolve_db(config, db))


def env_is_set(name: str) -> bool:
    return bool(os.environ.get(name))
