"""The file connector: imports normalised records from JSONL or CSV files, or watches an inbox folder.

It is how a department back-fills history exported from elsewhere, how the demo loads, and how a
platform without an API connector can still feed ``engage``. Each line is validated on its own: a bad
line is reported as ``file:line: reason`` and skipped, the good lines are stored.

Resumability: a file is read in pages of ``page_size`` lines and the cursor of the stream
``file:<name>`` is the number of lines already committed, together with the file's content hash, so
a crash mid-file resumes after the last committed page, and a file that was *replaced* (same name,
new content) is read again from the start. In folder mode a finished file moves to ``done/`` beside
it; a crash between the last commit and the move only means the file is skipped next time.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from connectors.archives import ArchiveReader
from connectors.base import CollectContext, ConnectorError, Page, Record

log = logging.getLogger(__name__)

METRIC_COLUMNS = ("likes", "replies", "reposts", "quotes", "views")
SUFFIXES = (".jsonl", ".ndjson", ".csv")


def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "record"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def _csv_row_to_dict(row: dict[str, str | None]) -> dict[str, Any]:
    """A CSV row (flat columns, metrics as their own columns, raw as JSON) to a record dict."""
    out: dict[str, Any] = {}
    metrics: dict[str, int | None] = {}
    for key, value in row.items():
        if key is None:
            raise ValueError("more fields than header columns")
        value = None if value is None or value == "" else value
        if key in METRIC_COLUMNS:
            metrics[key] = None if value is None else int(value)
        elif key in ("is_department", "deleted"):
            out[key] = str(value).strip().lower() in ("1", "true", "yes") if value is not None else False
        elif key == "raw":
            out[key] = json.loads(value) if value is not None else None
        elif key == "text":
            out[key] = value or ""
        else:
            out[key] = value
    out["metrics"] = metrics
    return out


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


class FileConnector:
    """Reads one file, or every ``*.jsonl``/``*.csv`` file in an inbox folder (oldest first)."""

    platform = "file"

    def __init__(
        self, path: str | Path, *, page_size: int = 500, move_done: bool = True, reader: ArchiveReader | None = None
    ) -> None:
        self.path = Path(path)
        self.page_size = page_size
        self.move_done = move_done
        # An archive format's reader (connectors.archives) instead of normalised records.
        self.reader = reader

    def files(self) -> list[Path]:
        if self.path.is_dir():
            found = [p for p in self.path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES]
            return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))
        if self.path.is_file():
            return [self.path]
        raise ConnectorError(f"{self.path}: no such file or folder")

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        for path in self.files():
            yield from self._read(path, ctx)
            if self.move_done and self.path.is_dir():
                done = self.path / "done"
                done.mkdir(exist_ok=True)
                shutil.move(str(path), done / path.name)
                log.info("file connector: finished %s, moved to %s", path.name, done)

    def _read(self, path: Path, ctx: CollectContext) -> Iterator[Page]:
        stream = f"file:{path.name}"
        digest = _file_hash(path)
        start = 0
        cursor = ctx.cursors.get(stream)
        if cursor:
            seen_hash, _, seen_lines = cursor.partition(":")
            if seen_hash == digest:
                start = int(seen_lines)
        records: list[Record] = []
        rejected: list[str] = []
        line_no = start
        items = self.reader.items(path, start) if self.reader else self._items(path, start)
        for line_no, line_items in items:
            where = f"{path}:{line_no}"
            # One line may hold several records (a twarc2 page); pages end on whole lines only.
            for item in line_items if isinstance(line_items, list) else [line_items]:
                if isinstance(item, str):
                    rejected.append(f"{where}: {item}")
                else:
                    try:
                        records.append(Record.model_validate(item))
                    except ValidationError as exc:
                        rejected.append(f"{where}: {_reason(exc)}")
            if len(records) + len(rejected) >= self.page_size:
                yield Page(stream, records, cursor=f"{digest}:{line_no}", rejected=rejected)
                records, rejected = [], []
        if records or rejected or cursor is None or not cursor.startswith(digest):
            yield Page(stream, records, cursor=f"{digest}:{line_no}", rejected=rejected)

    def _items(self, path: Path, start: int) -> Iterator[tuple[int, dict[str, Any] | str]]:
        """(line number, parsed dict or error text) for each data line after ``start``."""
        if path.suffix.lower() == ".csv":
            with path.open(newline="", encoding="utf-8") as fh:
                reader = csv.DictReader(fh)
                for row in reader:
                    line_no = reader.line_num
                    if line_no <= start:
                        continue
                    try:
                        yield line_no, _csv_row_to_dict(row)
                    except (ValueError, json.JSONDecodeError) as exc:
                        yield line_no, f"bad CSV value: {exc}"
            return
        with path.open(encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, start=1):
                if line_no <= start or not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield line_no, f"invalid JSON ({exc.msg} at column {exc.colno})"
                    continue
                yield line_no, obj if isinstance(obj, dict) else f"expected a JSON object, got {type(obj).__name__}"
