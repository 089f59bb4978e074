"""``engage import``: load an archive file once (twarc2, a Reddit dump, another tool's CSV) into the store.

The readers live in ``connectors.archives`` and know nothing of the store; this module picks one by
``--format``, tells it the configured department accounts of its platform, and runs it through the
file connector like any collection (page by page, resumable, a ``runs`` row). The import is filed
under the ``file`` platform's ``import`` account, so its cursor (content hash and lines done) is
separate from a configured inbox folder's. ``--dry-run`` maps the first rows and prints them without
writing anything: the way to check a ``--map`` before loading a million rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from connectors.archives import ArchiveReader, Department
from connectors.base import AccountRef, CollectContext, ConnectorError, Record
from engage.config import Config
from engage.context import DEFAULT_CONFIG, ConfigOpt, DbOpt, app_context, fail
from engage.store import Store

FORMATS = ("records", "twarc2", "reddit-dump", "mapped-csv")
IMPORT_ACCOUNT = "import"


def department(config: Config, platform: str, account: str | None, *, required: bool = True) -> Department:
    """The configured accounts of ``platform`` (``account``, if given, files records nothing else claims)."""
    accounts = [(a.handle, a.user_id) for a in config.accounts_for(platform)]
    if required and not accounts and not account:
        raise ValueError(f"no {platform} account in the config: add the department's {platform} accounts (they decide "
                         "which records are the department's) or pass --account HANDLE")
    return Department.of(accounts, default=account)


def build_reader(
    config: Config, store: Store, fmt: str, *, mapping: str | None = None, platform: str | None = None,
    account: str | None = None,
) -> ArchiveReader | None:
    """The reader for ``fmt`` (``None``: the file connector's own normalised records); ValueError if unusable."""
    if fmt not in FORMATS:
        raise ValueError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if mapping is not None and fmt != "mapped-csv":
        raise ValueError("--map applies to --format mapped-csv only")
    if fmt == "twarc2":
        from connectors.archives.twarc2 import Twarc2Reader

        return Twarc2Reader(department(config, "x", account))
    if fmt == "reddit-dump":
        from connectors.archives.reddit_dump import RedditDumpReader

        stored = store.db.execute(
            "SELECT native_id, kind FROM posts WHERE platform = 'reddit' AND is_department = 1"
        ).fetchall()
        return RedditDumpReader(
            department(config, "reddit", account),
            known_submissions=[n for n, kind in stored if kind == "post"],
            known_comments=[n for n, kind in stored if kind != "post"],
        )
    if fmt == "mapped-csv":
        from connectors.archives.mapped_csv import MappedCsvReader, parse_map

        if mapping is None:
            raise ValueError("--format mapped-csv needs --map id=COLUMN,text=COLUMN,created_at=COLUMN[,...]")
        target = platform or "file"
        dept = department(config, target, account, required=False)
        return MappedCsvReader(parse_map(mapping), dept, platform=target)
    return None


def preview(path: Path, reader: ArchiveReader | None, rows: int) -> Iterator[str]:
    """The first ``rows`` records as they would be stored (JSON), and the lines that would be skipped."""
    from connectors.file import FileConnector

    connector = FileConnector(path, page_size=rows, reader=reader, move_done=False)
    shown = 0
    for page in connector.collect(CollectContext(account=AccountRef("file", IMPORT_ACCOUNT))):
        for record in page.records:
            yield json.dumps(_shown(record), ensure_ascii=False, default=str)
            shown += 1
        for line in page.rejected:
            yield f"skip {line}"
        if shown >= rows:
            return


def _shown(record: Record) -> dict[str, object]:
    return record.model_dump(mode="json", exclude={"raw"}, exclude_none=True)


def import_(
    path: Annotated[Path, typer.Argument(help="The file to import (JSONL, CSV, or a Reddit dump .zst).")],
    fmt: Annotated[str, typer.Option("--format", help=f"{', '.join(FORMATS)}.")] = "records",
    mapping: Annotated[str | None, typer.Option(
        "--map", help="mapped-csv: target=column pairs, e.g. id=post_id,text=body,created_at=unix_timestamp.")] = None,
    platform: Annotated[str | None, typer.Option(help="mapped-csv: the platform of rows without a platform "
                                                 "column (default: file).")] = None,
    account: Annotated[str | None, typer.Option(help="Department account handle for records that name none "
                                                "(default: the platform's first configured account).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the first mapped records; store nothing.")] = False,
    rows: Annotated[int, typer.Option(help="--dry-run: how many records to show.", min=1)] = 5,
    allow_partial: Annotated[
        bool, typer.Option(help="Exit 0 even when bad lines were skipped (they are listed either way).")
    ] = False,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Import an archive once: normalised records, twarc2 JSONL, Pushshift/Arctic Shift dumps, or a mapped CSV.

    An import that skipped lines exits 1 with their count (the good lines are stored), unless --allow-partial.
    """
    from connectors.file import FileConnector
    from engage.collect import run_connector
    from engage.collect_cli import fail_if_skipped

    if not path.is_file():
        fail(f"{path}: no such file", code=2)
    ctx = app_context(config, db)
    with ctx.store() as store:
        try:
            reader = build_reader(ctx.config, store, fmt.lower(), mapping=mapping, platform=platform,
                                  account=account)
            if dry_run:
                for line in islice(preview(path, reader, rows), rows + 20):
                    typer.echo(line)
                return
        except (ValueError, ConnectorError, ValidationError) as exc:
            fail(str(exc).splitlines()[0], code=2)
        cursors = store.get_cursors("file", IMPORT_ACCOUNT)
        run_ctx = CollectContext(account=AccountRef("file", IMPORT_ACCOUNT), cursors=cursors)
        summary = run_connector(store, FileConnector(path, reader=reader, move_done=False), run_ctx)
    typer.echo(summary.line())
    if summary.outcome == "error":
        fail(summary.error or "import failed")
    fail_if_skipped(len(summary.rejected), allow_partial)
