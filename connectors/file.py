"""The file connector: imports normalised records from JSONL or CSV files, or watches an inbox folder.

It is how a department back-fills history exported from elsewhere, how the demo loads, and how a
platform without an API connector can still feed ``engage``. Each line is validated on its own: a bad
line is reported as ``file:line: reason`` and skipped, the good lines are stored.

Resumability: a file is read in pages of ``page_size`` lines and the cursor of the stream
``file:<name>`` is the number of lines already committed, together with the file's content hash, so
a crash mid-file resumes after the last committed page, and a file that was *replaced* (same name,
new content) is read again from the start. In folder mode a finished file moves to ``done/`` beside
it; a crash between the last commit and the move only means the file is skipped next time. With
``settle_seconds`` (the daemon sets it), a file modified more recently than that is left for the next
run, so a file still being copied in is not imported half and moved away mid-write. A file
that cannot be read (an I/O error, or not one line of it a record: the wrong encoding or format)
moves to ``failed/`` instead, with ``<name>.error`` saying why, and the folder carries on.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from connectors.archives import ArchiveReader
from connectors.base import CollectContext, ConnectorError, Page, Record, build_record
from connectors.registry import BuildContext, NoSettings, PlatformSpec, check_platform

log = logging.getLogger(__name__)

METRIC_COLUMNS = ("likes", "replies", "reposts", "quotes", "views", "score")
SUFFIXES = (".jsonl", ".ndjson", ".csv")
FAILED_REASONS = 20  # lines of reasons kept in a failed file's .error


def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "record"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def _count(column: str, value: str, flags: list[str]) -> int | None:
    """A count cell as a whole number (signed: a score may be negative), or None and a flag naming it."""
    try:
        return int(value)
    except ValueError:
        flags.append(f"metrics.{column}: column {column!r}: {value!r} is not a whole number")
        return None


def _json(column: str, value: str, flags: list[str]) -> Any:
    """A JSON cell parsed, or None and a flag naming the column."""
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        flags.append(f"{column}: column {column!r}: not valid JSON ({exc.msg} at character {exc.pos + 1})")
    except RecursionError:
        flags.append(f"{column}: column {column!r}: JSON nested too deeply")
    return None


def _csv_row_to_dict(row: dict[str, str | None]) -> dict[str, Any]:
    """A CSV row (flat columns, metrics as their own columns, raw as JSON) to a record dict.

    A cell that cannot be converted (a count that is not a number, raw that is not JSON) is emptied and
    named in the record's flags, as :func:`connectors.base.build_record` does for every platform: the
    record is kept. Only a row with more fields than the header raises ``ValueError``.
    """
    out: dict[str, Any] = {}
    metrics: dict[str, int | None] = {}
    flags: list[str] = []
    for key, value in row.items():
        if key is None:
            raise ValueError("more fields than header columns")
        value = None if value is None or value == "" else value
        if key in METRIC_COLUMNS:
            metrics[key] = None if value is None else _count(key, value, flags)
        elif key in ("is_department", "deleted"):
            out[key] = str(value).strip().lower() in ("1", "true", "yes") if value is not None else False
        elif key == "raw":
            out[key] = _json(key, value, flags) if value is not None else None
        elif key == "text":
            out[key] = value or ""
        else:
            out[key] = value
    out["metrics"] = metrics
    if flags:
        out["flags"] = flags
    return out


@dataclass
class _FileOutcome:
    """What reading one file came to, to decide between ``done/`` and ``failed/``."""

    records: int = 0
    rejected: list[str] = field(default_factory=list)
    from_start: bool = True
    failure: str | None = None

    def add(self, records: list[Record], rejected: list[str]) -> None:
        self.records += len(records)
        self.rejected.extend(rejected[: FAILED_REASONS - len(self.rejected)])


def _to_record(item: dict[str, Any] | str, parent_of: Callable[[str], str | None]) -> Record | str:
    """The record of one parsed line, or the reason it is refused."""
    if isinstance(item, str):
        return item
    try:
        record = build_record(**item)
        check_platform(record.platform)
    except ValidationError as exc:
        return _reason(exc)
    except ValueError as exc:  # a platform no connector declares: its uid could collide with nothing we read
        return f"platform: {exc}"
    loop = parent_loop(record.uid, record.parent_uid, parent_of)
    if loop:
        return f"parent_uid: the reply chain loops back to this record ({' -> '.join(loop)})"
    return record


def parent_loop(uid: str, parent_uid: str | None, parent_of: Callable[[str], str | None]) -> list[str]:
    """The chain ``uid -> parent -> ... -> uid`` when following ``parent_of`` from ``parent_uid`` leads
    back to ``uid`` (a reply that is its own ancestor, which no platform can produce), else ``[]``.

    A record naming itself as parent is let through (the thread view shows it at the top level, and
    some exports write roots so); a chain that loops without ``uid`` ends the walk, not the import.
    """
    chain, seen = [uid], {uid}
    current = parent_uid if parent_uid != uid else None
    while current is not None:
        chain.append(current)
        if current == uid:
            return chain
        if current in seen:
            return []
        seen.add(current)
        current = parent_of(current)
    return []


def _move_into(path: Path, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    shutil.move(str(path), folder / path.name)


def failed_files(folder: Path) -> list[Path]:
    """The files an inbox folder parked in ``failed/`` (each with a ``.error`` beside it)."""
    failed = folder / "failed"
    if not failed.is_dir():
        return []
    return sorted(p for p in failed.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def inbox_files(folder: Path) -> list[Path]:
    """The importable files directly in an inbox folder (not in ``done/`` or ``failed/``)."""
    return [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES]


def is_settled(mtime: float, settle_seconds: float, now: float | None = None) -> bool:
    """Whether a file last modified at ``mtime`` has been left alone for ``settle_seconds``.

    An mtime in the future (a file server whose clock runs ahead) counts as settled: waiting for a
    skewed clock could hold a file back for hours, and a rename-in (the documented way) is complete.
    """
    age = (time.time() if now is None else now) - mtime
    return age >= settle_seconds or age < 0


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
        self, path: str | Path, *, page_size: int = 500, move_done: bool = True, settle_seconds: float = 0.0,
        reader: ArchiveReader | None = None,
    ) -> None:
        self.path = Path(path)
        self.page_size = page_size
        self.move_done = move_done
        self.settle_seconds = settle_seconds
        # An archive format's reader (connectors.archives) instead of normalised records.
        self.reader = reader

    def files(self) -> list[Path]:
        if self.path.is_dir():
            stamped = [(p.stat().st_mtime, p.name, p) for p in inbox_files(self.path)]
            fresh = [name for mtime, name, _ in stamped if not is_settled(mtime, self.settle_seconds)]
            if fresh:
                log.info("file connector: %d file(s) changed in the last %.0f s left for the next run: %s",
                         len(fresh), self.settle_seconds, ", ".join(sorted(fresh)[:5]))
            return [p for mtime, _, p in sorted(stamped) if is_settled(mtime, self.settle_seconds)]
        if self.path.is_file():
            return [self.path]
        raise ConnectorError(f"{self.path}: no such file or folder")

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        folder = self.move_done and self.path.is_dir()
        for path in self.files():
            outcome = _FileOutcome()
            try:
                yield from self._read(path, ctx, outcome)
            except OSError as exc:
                reason = f"{path}: cannot read ({exc.strerror or exc})"
                if not folder:
                    raise ConnectorError(reason) from None
                outcome.failure = reason
                yield Page(f"file:{path.name}", [], rejected=[reason])
            if not folder:
                continue
            if outcome.failure is None and outcome.from_start and outcome.rejected and not outcome.records:
                outcome.failure = f"{path}: no line could be read as a record; first: {outcome.rejected[0]}"
            if outcome.failure is not None:
                self._move_failed(path, outcome)
            else:
                _move_into(path, self.path / "done")
                log.info("file connector: finished %s, moved to done/", path.name)

    def _move_failed(self, path: Path, outcome: _FileOutcome) -> None:
        """Park an unreadable file in ``failed/`` with a ``.error`` file saying why, so the folder goes on."""
        failed = self.path / "failed"
        reasons = [outcome.failure or "", *outcome.rejected[1:FAILED_REASONS]]
        try:
            _move_into(path, failed)
            (failed / f"{path.name}.error").write_text("\n".join(reasons) + "\n", encoding="utf-8")
        except OSError as exc:
            raise ConnectorError(f"{path}: cannot move to {failed} ({exc.strerror or exc})") from None
        log.warning("file connector: moved %s to failed/: %s", path.name, outcome.failure)

    def _read(self, path: Path, ctx: CollectContext, outcome: _FileOutcome) -> Iterator[Page]:
        stream = f"file:{path.name}"
        digest = _file_hash(path)
        start = 0
        cursor = ctx.cursors.get(stream)
        if cursor:
            seen_hash, _, seen_lines = cursor.partition(":")
            if seen_hash == digest:
                start = int(seen_lines)
        outcome.from_start = start == 0
        records: list[Record] = []
        rejected: list[str] = []
        parents: dict[str, str | None] = {}  # uid -> parent_uid of the records of this file so far

        def parent_of(uid: str) -> str | None:  # this file's own records first, then what is stored
            if uid in parents:
                return parents[uid]
            return ctx.parent_of(uid) if ctx.parent_of else None

        line_no = start
        items = self.reader.items(path, start) if self.reader else self._items(path, start)
        for line_no, line_items in items:
            # One line may hold several records (a twarc2 page); pages end on whole lines only.
            for item in line_items if isinstance(line_items, list) else [line_items]:
                record = _to_record(item, parent_of)
                if isinstance(record, str):
                    rejected.append(f"{path}:{line_no}: {record}")
                else:
                    parents[record.uid] = record.parent_uid
                    records.append(record)
            if len(records) + len(rejected) >= self.page_size:
                outcome.add(records, rejected)
                yield Page(stream, records, cursor=f"{digest}:{line_no}", rejected=rejected, collected_elsewhere=True)
                records, rejected = [], []
        outcome.add(records, rejected)
        if records or rejected or cursor is None or not cursor.startswith(digest):
            yield Page(stream, records, cursor=f"{digest}:{line_no}", rejected=rejected, collected_elsewhere=True)

    def _items(self, path: Path, start: int) -> Iterator[tuple[int, dict[str, Any] | str]]:
        """(line number, parsed dict or error text) for each data line after ``start``.

        Files are decoded with ``surrogateescape``, so bytes that are not UTF-8 reach this code as
        lone surrogates and cost only their own line (a strict decode would end the whole file).
        """
        if path.suffix.lower() == ".csv":
            yield from self._csv_items(path, start)
            return
        with path.open(encoding="utf-8", errors="surrogateescape") as fh:
            for line_no, line in enumerate(fh, start=1):
                if line_no <= start or not line.strip():
                    continue
                undecoded = _UNDECODED.search(line)
                if undecoded:
                    yield line_no, _not_utf8(undecoded.group(), f"at column {undecoded.start() + 1}")
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield line_no, f"invalid JSON ({exc.msg} at column {exc.colno})"
                    continue
                except RecursionError:
                    yield line_no, "invalid JSON (nested too deeply)"
                    continue
                yield line_no, obj if isinstance(obj, dict) else f"expected a JSON object, got {type(obj).__name__}"

    def _csv_items(self, path: Path, start: int) -> Iterator[tuple[int, dict[str, Any] | str]]:
        with path.open(newline="", encoding="utf-8", errors="surrogateescape") as fh:
            reader = csv.DictReader(fh)
            while True:
                before = reader.line_num
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:  # e.g. a field over the csv module's size limit; the next row reads on
                    if before + 1 > start:
                        yield before + 1, f"bad CSV line: {exc}" + (
                            "; import records with such long fields as JSONL" if "field limit" in str(exc) else "")
                    continue
                line_no = reader.line_num
                if line_no <= start:
                    continue
                undecoded = _first_undecoded(row)
                if undecoded:
                    yield line_no, _not_utf8(*undecoded)
                    continue
                try:
                    yield line_no, _csv_row_to_dict(row)
                except ValueError as exc:
                    yield line_no, f"bad CSV value: {exc}"


_UNDECODED = re.compile("[\udc80-\udcff]")


def _first_undecoded(row: dict[str | None, Any]) -> tuple[str, str] | None:
    """The first byte that is not UTF-8 in a CSV row (header or cell) and where it is."""
    for key, value in row.items():
        for text, where in ((key, "in the header"), (value, f"in column {key!r}")):
            match = _UNDECODED.search(text) if isinstance(text, str) else None
            if match:
                return match.group(), where
    return None


def _not_utf8(escaped: str, where: str) -> str:
    """The reason for a line with a byte that is not UTF-8 (``escaped``: as surrogateescape decoded it)."""
    return f"not valid UTF-8 (byte 0x{ord(escaped) - 0xDC00:02x} {where}); save the file as UTF-8"


def build(ctx: BuildContext) -> FileConnector:
    """A file account reads its ``path`` (a file or an inbox folder, resolved against the config's folder)."""
    if ctx.path is None:
        raise ConnectorError(f"file: account {ctx.handle!r} has no path (a JSONL/CSV file or an inbox folder)")
    return FileConnector(ctx.path, settle_seconds=ctx.settle_seconds)


PLATFORM = PlatformSpec(
    name="file", title="Importing files", credentials=NoSettings, collection=NoSettings, build=build, live=False,
)
