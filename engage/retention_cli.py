"""``engage retention apply`` and ``engage retention forget --ids FILE``, beside ``engage.retention``.

``engage.cli`` mounts ``retention_app``; the daemon runs the same ``apply_retention`` daily.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engage.context import (
    DEFAULT_CONFIG,
    CommandGroup,
    ConfigOpt,
    DbOpt,
    app_context,
    fail,
    known_platform,
    platform_help,
)

retention_app = typer.Typer(
    cls=CommandGroup,
    name="retention",
    help="Apply the retention period to public replies, and forget records a platform says were deleted.",
    no_args_is_help=True,
    add_completion=False,
)


@retention_app.command()
def apply(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would change; change nothing.")] = False,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Remove text and author of public replies older than retention_days (aggregates are kept)."""
    from engage.retention import apply_retention

    app = app_context(config, db)
    with app.store() as store:
        result = apply_retention(store, app.config, dry_run=dry_run)
    typer.echo(result.line())


@retention_app.command()
def forget(
    ids: Annotated[Path, typer.Option("--ids", help="File of ids to forget: one uid (x:123) or platform id per "
                                                     "line, or JSON lines with an 'id' (X compliance output).")],
    platform: Annotated[str | None, typer.Option(
        help=platform_help("Platform of bare ids", "; default: match any platform."), parser=known_platform)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would change; change nothing.")] = False,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Tombstone records deleted on the platform (compliance feed): never shown or exported again."""
    from engage.retention import forget as forget_ids
    from engage.retention import read_id_list

    try:
        listed = read_id_list(ids)
    except FileNotFoundError:
        fail(f"{ids}: no such file")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        fail(str(exc).splitlines()[0])
    app = app_context(config, db)
    with app.store() as store:
        result = forget_ids(store, app.config, listed, platform=platform, dry_run=dry_run)
    typer.echo(result.line())
