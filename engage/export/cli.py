"""``engage export``: pseudonymised research exports (``engage export --out DIR``, ``engage export verify DIR``).

``engage.cli`` mounts ``export_app``. The retention commands live in ``engage.retention_cli``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from engage.context import DEFAULT_CONFIG, CommandGroup, ConfigOpt, DbOpt, app_context, fail

export_app = typer.Typer(
    cls=CommandGroup,
    name="export",
    help=(
        "Export pseudonymous research tables (posts, labels, response times, optional metric history) with a "
        "codebook and a manifest of file hashes.\n\n"
        "Example: ENGAGE_PSEUDONYM_KEY=... engage export --out riverton-2026 --format csv"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
    add_completion=False,
)
def _split(values: list[str] | None) -> tuple[str, ...]:
    """Repeatable options that also accept comma-separated lists (``--topics a,b --topics c``)."""
    out: list[str] = []
    for value in values or []:
        out += [v.strip() for v in value.split(",") if v.strip()]
    return tuple(dict.fromkeys(out))


def _when(value: str | None, option: str) -> datetime | None:
    """A date (midnight UTC) or ISO 8601 datetime with offset."""
    if value is None:
        return None
    from engage.timeutil import parse_iso

    text = value.strip()
    if len(text) == 10:
        text += "T00:00:00+00:00"
    try:
        return parse_iso(text, what=option)
    except ValueError as exc:
        fail(f"{exc} (use 2026-10-01 or 2026-10-01T00:00:00-05:00)", code=2)


@export_app.callback()
def export(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="New (or empty) folder for the export.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, jsonl, parquet, or parquet-dataset (Parquet "
                                                           "files partitioned by month and platform).")] = "csv",
    since: Annotated[str | None, typer.Option(help="Records created at or after this date/time (UTC date or ISO "
                                                   "8601 with offset).")] = None,
    until: Annotated[str | None, typer.Option(help="Records created before this date/time.")] = None,
    platform: Annotated[list[str] | None, typer.Option(help="Only these platforms (repeat or comma-separate).")] = None,
    account: Annotated[list[str] | None, typer.Option(help="Only these monitored account handles.")] = None,
    topics: Annotated[list[str] | None, typer.Option(help="Only replies with one of these topic labels (and the "
                                                          "department records of their threads).")] = None,
    mode: Annotated[str, typer.Option(help="full, or dehydrated: X records without content (ids to rehydrate "
                                           "with twarc2), as X's developer terms require for sharing.")] = "full",
    text: Annotated[bool, typer.Option("--text/--no-text", help="Include (redacted) texts, or drop them.")] = True,
    snapshots: Annotated[bool, typer.Option(help="Also export the history of engagement counts.")] = False,
    spreadsheet_safe: Annotated[bool, typer.Option(
        "--spreadsheet-safe", help="CSV for double-clicking into a spreadsheet: text starting with = + - @ gets a "
                                   "leading ', NUL becomes U+FFFD, non-http(s) URLs are quoted. Off: text as posted.",
    )] = False,
    analysis: Annotated[bool, typer.Option(
        help="Also export the what-works analysis tables and their codebook.")] = False,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Write a research export: pseudonymous authors, redacted texts, codebook.md, manifest.json."""
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        fail("--out DIR is required (a new folder for the export)", code=2)
    from engage.export.exporter import ExportOptions, pseudonym_key, run_export
    from engage.progress import progress_bar

    app = app_context(config, db)
    options = ExportOptions(
        out=out, fmt=fmt.lower(), since=_when(since, "--since"), until=_when(until, "--until"),
        platforms=_split(platform), accounts=_split(account), topics=_split(topics), mode=mode.lower(),
        include_text=text, snapshots=snapshots, spreadsheet_safe=spreadsheet_safe, analysis=analysis,
    )
    key = pseudonym_key(app.config)
    with app.store() as store, progress_bar("exporting") as update:
        result = run_export(store, app.config, options, key=key, progress=update)
    typer.echo(result.line())


@export_app.command()
def verify(folder: Annotated[Path, typer.Argument(help="An export folder (with manifest.json).")]) -> None:
    """Check every file of an export against the SHA-256 in its manifest.json."""
    from engage.export.manifest import verify_export

    result = verify_export(folder)
    for name in result.unlisted:
        typer.echo(f"note: {name} is not listed in the manifest (added after the export)")
    if not result.ok:
        for problem in result.problems[:-1]:
            typer.echo(f"FAIL {problem}", err=True)
        fail(f"{folder}: verification failed: {result.problems[-1]}")
    typer.echo(f"ok {folder}: {result.checked} files match manifest.json")
