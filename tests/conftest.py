"""Shared fixtures: a fresh database per test and a factory for valid normalised records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from connectors.base import CollectContext, Connector, Page, Record, make_uid
from engage.collect import run_connector
from engage.store import Store

REPO = Path(__file__).resolve().parent.parent

# Fixtures that several test modules share, defined next to the helpers they use.
pytest_plugins = [
    "tests.helpers.daemon", "tests.helpers.daemon_process", "tests.helpers.mail", "tests.helpers.web",
]


@pytest.fixture(scope="session", autouse=True)
def model_graph_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the MiniLM's ONNX graphs into pytest's cache folder, never into the user's own cache.

    The folder outlives the session, so a second local run skips the build; a clean checkout (CI)
    builds each graph set once. With pytest's cache turned off, a temporary folder serves.
    """
    cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    folder = cache.mkdir("engage-model-graphs") if cache is not None else tmp_path_factory.mktemp("graphs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ENGAGE_CACHE_DIR", str(folder))
        yield folder


def posts_by_uid(store: Store) -> dict[str, dict[str, Any]]:
    """Every stored post by uid (connector tests assert on the rows in the DB)."""
    return {r["uid"]: r for r in store.db.query("SELECT * FROM posts ORDER BY uid")}


def decided(store: Store, metric: str) -> list[tuple[Any, ...]]:
    """Everything a collection run decides about each post, without the collection times."""
    cols = ("uid", "kind", "is_department", "author_handle", "parent_uid", "root_uid", "text", "likes", "score",
            "flags", metric)
    return [(*(r[k] for k in cols), r["deleted_at"] is not None) for r in posts_by_uid(store).values()]


class CrashAfter:
    """Wraps a connector and raises after ``after`` pages, as a killed process would stop."""

    def __init__(self, inner: Connector, after: int) -> None:
        self.inner, self.after, self.platform = inner, after, inner.platform

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        for n, page in enumerate(self.inner.collect(ctx)):
            if n == self.after:
                raise RuntimeError("killed")
            yield page


def crash_at_every_page(
    tmp_path: Path, new_connector: Callable[[], Connector], new_context: Callable[[Store], CollectContext],
    metric: str, *, arm: Callable[[], None], reads_served: Callable[[], int],
) -> list[Page]:
    """Run once cleanly; then, for each page, crash after it and re-run: the rows must equal the clean run's.

    Before every run ``arm()`` injects the faults each connector must absorb (a truncated body on
    every endpoint, say); the caller's fake also serves negative and missing counts, so the clean
    run must skip nothing. Every database's ``runs.reads`` must equal the reads its runs were
    served (``reads_served()`` before and after), crashed pages included. Returns the clean run's
    pages so the caller can check the run covered the streams it expects.
    """

    def run(store: Store, connector: Connector, **kwargs: Any) -> None:
        arm()
        run_connector(store, connector, new_context(store), **kwargs)

    def reads_recorded(store: Store) -> int:
        return int(store.db.execute("SELECT COALESCE(SUM(reads), 0) FROM runs").fetchone()[0])

    pages: list[Page] = []
    with Store.open(tmp_path / "clean.db") as clean:
        served = reads_served()
        run(clean, new_connector(), on_page=lambda page, _counts: pages.append(page))
        assert [line for page in pages for line in page.rejected] == []
        assert reads_recorded(clean) == reads_served() - served
        expected = decided(clean, metric)
    for after in range(len(pages)):
        with Store.open(tmp_path / f"crash{after}.db") as crashed:
            served = reads_served()
            with pytest.raises(RuntimeError):
                run(crashed, CrashAfter(new_connector(), after))
            run(crashed, new_connector())
            assert decided(crashed, metric) == expected, f"crash after page {after}"
            assert reads_recorded(crashed) == reads_served() - served, f"reads, crash after page {after}"
    return pages


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's, through Playwright) for every browser test module.

    Playwright's sync API runs one instance per thread, so the modules share this one; each test
    opens its own context (cookies, viewport, touch) on it.
    """
    from playwright.sync_api import sync_playwright

    from engage.web.screenshots import launch_browser

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "engage.db")
    yield s
    s.close()


@pytest.fixture
def make_record() -> Callable[..., Record]:
    """Build a valid Record; keyword overrides win (``created_at`` may be a datetime or ISO text)."""

    def build(native_id: str, **overrides: Any) -> Record:
        platform = overrides.pop("platform", "x")
        data: dict[str, Any] = {
            "uid": make_uid(platform, native_id),
            "platform": platform,
            "native_id": native_id,
            "account": "RivertonPD",
            "author_id": f"u{native_id}",
            "author_handle": f"user{native_id}",
            "kind": "reply",
            "text": f"reply {native_id}",
            "created_at": datetime(2026, 10, 5, 15, 0, tzinfo=UTC),
            "metrics": {"likes": 1, "replies": 0, "reposts": 0, "quotes": 0, "views": None},
        }
        data.update(overrides)
        return Record.model_validate(data)

    return build
