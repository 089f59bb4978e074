"""Time conventions: aware UTC inside, one fixed ISO 8601 text form in the database.

The database form (``2026-10-03T14:05:09.123+00:00``) is fixed-width, so text order is time
order and SQLite's date functions read it directly.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_db(value: datetime) -> str:
    """An aware datetime as the database's fixed-width UTC text; a naive one is a programming error."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: every time inside engage is timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


def from_db(value: str) -> datetime:
    """Database text back to an aware UTC datetime."""
    return datetime.fromisoformat(value).astimezone(UTC)


def parse_iso(value: str, *, what: str = "timestamp") -> datetime:
    """Parse ISO 8601 with an offset (``Z`` allowed); naive input is rejected rather than guessed."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{what} {value!r} is not ISO 8601") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{what} {value!r} has no UTC offset")
    return parsed.astimezone(UTC)
