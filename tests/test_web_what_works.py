"""The "What works" page needs a session (the browser test, on a desktop and a phone viewport, is in
tests/test_web_browser.py, which owns the session's browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from engage.analysis.synthetic import Planted, synthetic_department, to_store, window
from engage.store import Store
from engage.web.app import create_app
from tests.helpers.web import example_config


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    db = tmp_path_factory.mktemp("whatworks") / "engage.db"
    rec = synthetic_department(80, Planted(), seed=12)
    with Store.open(db) as store:
        to_store(store, rec)
    return db, window(rec)[1]


def test_the_page_needs_a_session(synthetic_db: tuple[Path, Any]) -> None:
    db, until = synthetic_db
    app = create_app(example_config(), db, secret="s", clock=lambda: until, warm_dashboard=False)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        response = client.get("/what-works", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
