"""Looking at a database without changing it: what ``engage doctor`` and ``report weekly`` check first.

``Store.open`` creates and migrates, which is right for commands that collect or triage, but a check
must not create the file it is checking, nor turn a 0-byte or foreign file into an empty engage
database that then reports "0 replies" as if that were true.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from engage import migrations
from engage.collect import monthly_cap, reads_this_month
from engage.config import Config
from engage.errors import EngageError
from engage.store import Store


class NotAnEngageDatabase(EngageError):
    """The file is missing, empty, not SQLite, or SQLite without engage's schema; one line naming it."""


@dataclass(frozen=True)
class IntegrityResult:
    ok: bool
    detail: str  # "ok", or SQLite's first complaint
    seconds: float


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can never create or write ``path`` (SQLite's ``mode=ro``)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)


def engage_schema_version(path: Path) -> int:
    """The applied schema version of an existing engage database, else :class:`NotAnEngageDatabase`."""
    if not path.is_file():
        raise NotAnEngageDatabase(f"{path}: no such database (`engage collect` or `engage demo` creates one)")
    if path.stat().st_size == 0:
        raise NotAnEngageDatabase(f"{path}: an empty file, not an engage database")
    try:
        conn = connect_read_only(path)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "schema_migrations" not in tables:
                raise NotAnEngageDatabase(f"{path}: an SQLite database, but not one engage made (no schema)")
            version = conn.execute("SELECT max(number) FROM schema_migrations").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotAnEngageDatabase(f"{path}: not a usable SQLite database ({exc})") from None
    return int(version or 0)


def quick_check(path: Path) -> IntegrityResult:
    """SQLite's ``PRAGMA quick_check`` (b-tree structure, no index cross-check), read-only, timed."""
    started = time.monotonic()
    try:
        conn = connect_read_only(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return IntegrityResult(False, str(exc), time.monotonic() - started)
    ok = rows == ["ok"]
    return IntegrityResult(ok, "ok" if ok else "; ".join(rows), time.monotonic() - started)


def describe_schema(version: int) -> str:
    latest = migrations.latest()
    if version < latest:
        return f"schema {version} of {latest} (the next command that writes upgrades it)"
    return f"schema {version} of {latest}"


def doctor_report(config: Config, path: Path) -> tuple[list[str], int]:
    """``engage doctor``'s database lines and how many problems they show, without writing anything."""
    try:
        version = engage_schema_version(path)
    except NotAnEngageDatabase as exc:
        missing = not path.exists()
        return [f"database {exc}"], 0 if missing else 1
    check = quick_check(path)
    integrity = "ok" if check.ok else f"DAMAGED: {check.detail} (restore it from a backup)"
    lines = [f"database {path}: {describe_schema(version)}; quick_check {integrity} in {check.seconds:.2f} s"]
    if not check.ok:
        return lines, 1
    store = Store(sqlite_utils.Database(connect_read_only(path)), path)
    try:
        lines[0] += f"; {store.count('posts')} records"
        for platform in sorted({a.platform for a in config.accounts}):
            cap = monthly_cap(config, platform)
            if cap is not None:
                used = reads_this_month(store, platform)
                lines.append(f"budget   {platform}: {used} of {cap} post reads this month ({used / max(cap, 1):.0%})")
    finally:
        store.db.conn.close()
    return lines, 0
