"""Chunked table writers: CSV (RFC 4180, UTF-8), JSON Lines, Parquet (pyarrow, explicit schema).

Every writer takes lists of row tuples in the column order of a :class:`~engage.export.schema.Table`
and keeps nothing but the current chunk in memory. Values arrive as Python ``str``/``int``/
``float``/``bool``/``None`` with timestamps as the database's ISO 8601 UTC text.

CSV conventions (so ``pandas.read_csv`` and ``readr::read_csv`` load it as it is): a header row,
comma separator, ``"`` quoting only where needed (fields with commas, quotes or line breaks; quotes
doubled), CRLF after each record, no byte-order mark, booleans ``true``/``false``, missing values as
empty fields.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Protocol

from engage.export.schema import Table

FORMATS = ("csv", "jsonl", "parquet")
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "parquet": "parquet"}


class TableWriter(Protocol):
    def write(self, rows: list[tuple[Any, ...]]) -> None: ...

    def close(self) -> None: ...


BOOL_TEXT = {True: "true", False: "false", None: None}


# What a spreadsheet reads as the start of a formula (OWASP's CSV-injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINK_SCHEMES = ("http://", "https://")


def spreadsheet_cell(value: str, *, is_url: bool = False) -> str:
    """A text cell a spreadsheet shows as text: a formula start (or, in a URL column, any scheme but
    http(s), e.g. ``javascript:``) gets a leading ``'``, and NUL, where spreadsheets cut the cell, U+FFFD."""
    value = value.replace("\x00", "\ufffd")
    if value.startswith(FORMULA_START) or (is_url and value and not value.lower().startswith(LINK_SCHEMES)):
        return "'" + value
    return value


class CsvWriter:
    """The csv module writes ``None`` as an empty field; only booleans need spelling out.

    ``spreadsheet_safe`` (off by default, so researchers get the text as posted) makes every text
    cell inert for a spreadsheet opened by double-click (:func:`spreadsheet_cell`).
    """

    def __init__(self, path: Path, table: Table, *, spreadsheet_safe: bool = False) -> None:
        self._fh: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._fh, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        self._csv.writerow(table.names)
        self._bools = [i for i, c in enumerate(table.columns) if c.type == "boolean"]
        self._texts = [(i, c.name == "url") for i, c in enumerate(table.columns)
                       if spreadsheet_safe and c.type == "string"]

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if not self._bools and not self._texts:
            self._csv.writerows(rows)
            return
        converted = []
        for row in rows:
            values = list(row)
            for i in self._bools:
                values[i] = BOOL_TEXT[values[i]]
            for i, is_url in self._texts:
                if values[i] is not None:
                    values[i] = spreadsheet_cell(values[i], is_url=is_url)
            converted.append(values)
        self._csv.writerows(converted)

    def close(self) -> None:
        self._fh.close()


class JsonlWriter:
    def __init__(self, path: Path, table: Table) -> None:
        self._fh: IO[str] = path.open("w", encoding="utf-8", newline="\n")
        self._names = table.names

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        names = self._names
        self._fh.writelines(
            json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, allow_nan=False) + "\n"
            for row in rows
        )

    def close(self) -> None:
        self._fh.close()


class ParquetWriter:
    """One Parquet file per table, one row group per chunk, with the schema fixed up front."""

    def __init__(self, path: Path, table: Table) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        arrow = {
            "string": pa.string(),
            "integer": pa.int64(),
            "float": pa.float64(),
            "boolean": pa.bool_(),
            "timestamp": pa.timestamp("ms", tz="UTC"),
        }
        self._types = [(c.type, arrow[c.type]) for c in table.columns]
        self._schema = pa.schema(
            [pa.field(c.name, arrow[c.type], nullable=True, metadata={"description": c.description})
             for c in table.columns],
            metadata={"table": table.name},
        )
        self._writer = pq.ParquetWriter(str(path), self._schema, compression="zstd")

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        pa = self._pa
        columns = list(zip(*rows, strict=True))
        arrays = []
        for (kind, arrow_type), values in zip(self._types, columns, strict=True):
            if kind == "timestamp":
                arrays.append(pa.array(values, type=pa.string()).cast(arrow_type))
            else:
                arrays.append(pa.array(values, type=arrow_type))
        self._writer.write_table(pa.Table.from_arrays(arrays, schema=self._schema))

    def close(self) -> None:
        self._writer.close()


def open_writer(fmt: str, path: Path, table: Table, *, spreadsheet_safe: bool = False) -> TableWriter:
    if fmt == "csv":
        return CsvWriter(path, table, spreadsheet_safe=spreadsheet_safe)
    if fmt == "jsonl":
        return JsonlWriter(path, table)
    if fmt == "parquet":
        return ParquetWriter(path, table)
    raise ValueError(f"unknown export format {fmt!r} (choose {', '.join(FORMATS)})")
