"""What the browser tests share: the test user's password, a record maker, a database peek."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from connectors.base import Record, make_uid
from engage.store import Store
from tests.helpers.web import NOW

PASSWORD = "browser test password"


def record(native_id: str, **fields: Any) -> Record:  # noqa: ANN401
    data: dict[str, Any] = {
        "uid": make_uid("x", native_id), "platform": "x", "native_id": native_id, "account": "RivertonPD",
        "author_id": f"u{native_id}", "author_handle": f"user{native_id}", "kind": "reply",
        "text": f"reply {native_id}", "created_at": NOW,
        "metrics": {"likes": 0, "replies": 0, "reposts": 0, "quotes": 0, "views": None},
    }
    return Record.model_validate(data | fields)


def db_row(db: Path, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
    with Store.open(db) as store:
        return store.db.execute(sql, params or []).fetchone()


