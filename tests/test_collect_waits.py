"""The waits a platform's rate limits imposed reach the run's row, where collection health reads them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from connectors.base import AccountRef, CollectContext, Page
from engage.collect import run_connector
from engage.store import Store


class ThrottledConnector:
    """Two pages, each after the platform made the connector wait (as connectors.graph reports it)."""

    platform = "facebook"

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        yield Page("posts", [], rate_limit_waits=2, rate_limit_wait_s=30.25)
        yield Page("comments", [], rate_limit_waits=1, rate_limit_wait_s=12.0)


class CalmConnector:
    platform = "facebook"

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        yield Page("posts", [])


def _details(store: Store) -> dict[str, object]:
    (row,) = store.db.execute("SELECT details FROM runs ORDER BY id DESC LIMIT 1").fetchall()
    return json.loads(row[0])


def test_rate_limit_waits_are_summed_into_the_run(store: Store) -> None:
    ctx = CollectContext(AccountRef("facebook", "RivertonPD"), now=datetime.now(UTC))
    run_connector(store, ThrottledConnector(), ctx)
    details = _details(store)
    assert details["rate_limit_waits"] == 3 and details["rate_limit_wait_s"] == 42.2


def test_a_run_without_waits_records_none(store: Store) -> None:
    run_connector(store, CalmConnector(), CollectContext(AccountRef("facebook", "RivertonPD")))
    assert "rate_limit_waits" not in _details(store)
