"""The small labelled inbox the triage, web and browser tests share, the web test client and its login."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from connectors.base import Record
from engage.config import Config, load_config
from engage.store import Store
from engage.web import auth
from engage.web.app import create_app

REPO = Path(__file__).resolve().parent.parent.parent
NOW = datetime(2026, 10, 6, 12, 0, tzinfo=UTC)


MODEL = "test-model@1"


# uid -> (hours old, labels, likes); labels per task (topics may have several).
INBOX = {
    "x:201": (2, {"urgent": "yes", "needs_response": "yes", "sentiment": "negative",
                  "topics": ["crime_and_safety"]}, 0),
    "x:202": (30, {"urgent": "no", "needs_response": "yes", "sentiment": "neutral", "topics": ["other"]}, 0),
    "x:203": (5, {"urgent": "no", "needs_response": "no", "sentiment": "positive", "topics": ["none"]}, 40),
    "x:204": (20, {"urgent": "no", "needs_response": "yes", "sentiment": "negative", "topics": ["other"]}, 1),
    "x:205": (3, {"urgent": "no", "needs_response": "yes", "sentiment": "neutral", "topics": ["other"]}, 0),
}


EXPECTED_ORDER = ["x:201", "x:202", "x:204", "x:205", "x:203"]


def example_config() -> Config:
    """The shipped example config (the demo department's accounts and topics)."""
    return load_config(REPO / "engage" / "config.example.yaml")


def seed(store: Store, make_record: Callable[..., Record], *, texts: dict[str, str] | None = None) -> None:
    """A department post, five labelled public replies, a department response to one more reply."""
    texts = texts or {}
    records = [
        make_record("100", is_department=True, kind="post", author_handle="RivertonPD", text="Road closed on Main St",
                    created_at=NOW - timedelta(days=2), root_uid="x:100"),
    ]
    for uid, (hours, _labels, likes) in INBOX.items():
        native = uid.split(":")[1]
        records.append(
            make_record(native, parent_uid="x:100", root_uid="x:100", created_at=NOW - timedelta(hours=hours),
                        text=texts.get(uid, f"public reply {native} about the road"),
                        metrics={"likes": likes, "replies": 0, "reposts": 0, "quotes": 0, "views": None})
        )
    records.append(make_record("206", parent_uid="x:100", root_uid="x:100", created_at=NOW - timedelta(hours=6),
                               text="when does it reopen?"))
    with store.db.conn:
        store.upsert_records(records, now=NOW)
        store.upsert_records(
            [make_record("300", is_department=True, parent_uid="x:206", root_uid="x:100", author_handle="RivertonPD",
                         text="Tomorrow at 6am", created_at=NOW - timedelta(hours=1))],
            now=NOW,
        )
    label_all(store, {uid: labels for uid, (_h, labels, _l) in INBOX.items()})


def label_all(store: Store, labels: dict[str, dict[str, object]]) -> None:
    """Insert model labels directly (no model run) and make MODEL the active model of every task."""
    rows = []
    for uid, tasks in labels.items():
        for task, value in tasks.items():
            for label in value if isinstance(value, list) else [value]:
                rows.append({"uid": uid, "task": task, "model_id": MODEL, "label": label,
                             "scores": json.dumps({label: 0.9})})
    with store.db.conn:
        store.db["classifications"].insert_all(rows, ignore=True)
        for task in ("urgent", "needs_response", "sentiment", "topics", "abusive"):
            store.activate_model(task, MODEL, [])


PASSWORD = "correct horse battery"


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters: the tests exercise the flow, not the work factor (``usefixtures`` it)."""
    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", fast)
    monkeypatch.setattr(auth, "_DUMMY_HASH", fast.hash("dummy password"))


@pytest.fixture
def app_store(store: Store, make_record: Callable[..., Record]) -> Store:
    seed(store, make_record)
    auth.add_user(store, "ann", "responder", PASSWORD)
    auth.add_user(store, "vic", "viewer", PASSWORD)
    return store


@pytest.fixture
def client(app_store: Store) -> Iterator[TestClient]:
    app = create_app(example_config(), app_store.path, secret="test-secret", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def login(client: TestClient, name: str = "ann", password: str = PASSWORD, next_url: str = "") -> object:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": next_url},
                       follow_redirects=False)


def csrf(client: TestClient) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/inbox").text).group(1)


def add_users(store: Store, **roles: str) -> None:
    """Users by name and role, written directly (a password hash is not what these tests are about)."""
    store.db["users"].insert_all(
        [{"name": name, "role": role, "password_hash": "-", "created_at": "2026-10-01T00:00:00+00:00"}
         for name, role in roles.items()]
    )


