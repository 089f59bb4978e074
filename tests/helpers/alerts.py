"""The alert tests' clock, config and record makers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from connectors.base import Record
from engage.config import Config
from engage.store import Store

# A Tuesday afternoon in Chicago (UTC-5 in October).
NOW = datetime(2026, 10, 6, 22, 0, tzinfo=UTC)


def make_config(tmp_path: Path, alerts: dict[str, Any], **extra: Any) -> Config:
    data = {"department": {"name": "Test PD", "timezone": "America/Chicago"}, "data_dir": str(tmp_path / "data"),
            "accounts": [{"platform": "x", "handle": "RivertonPD", "user_id": "1"}], "alerts": alerts, **extra}
    return Config.model_validate({**data, "base_dir": tmp_path})


def reply(make_record: Callable[..., Record], n: int, text: str, *, at: datetime = NOW, **extra: Any) -> Record:
    return make_record(str(n), text=text, created_at=at - timedelta(minutes=1), parent_uid="x:1", root_uid="x:1",
                       **extra)


def store_records(store: Store, records: list[Record], now: datetime = NOW) -> None:
    with store.db.atomic():
        store.upsert_records(records, now=now)


