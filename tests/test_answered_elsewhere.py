"""Answers given off the platform (phone, direct message, in person): triage, metrics, web, reports, export."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from connectors.base import Record
from engage import triage
from engage.config import Config
from engage.export.exporter import ExportOptions, run_export
from engage.metrics import compute_metrics, iso_week
from engage.reports.render import render_markdown
from engage.reports.weekly import build_weekly
from engage.store import Store
from engage.web import auth
from engage.web.app import create_app
from tests.helpers.web import NOW, example_config, seed

CHI = ZoneInfo("America/Chicago")
H = timedelta(hours=1)
START = datetime(2026, 11, 17, 10, tzinfo=CHI).astimezone(UTC)  # Tue of 2026-W47
PASSWORD = "correct horse battery"
KEY = b"a-pseudonym-key-for-the-tests-0123456789"


def config(tmp_path: Path) -> Config:
    return Config.model_validate({
        "department": {"name": "Lakeside PD", "timezone": "America/Chicago"},
        "accounts": [{"platform": "x", "handle": "RivertonPD"}],
        "data_dir": str(tmp_path / "data"),
    })


def label(store: Store, task: str, labels: dict[str, str]) -> None:
    store.activate_model(task, "m@1", sorted(set(labels.values())))
    store.save_classifications([{"uid": uid, "task": task, "model_id": "m@1", "label": lab, "scores": {lab: 0.9}}
                                for uid, lab in labels.items()])


@pytest.fixture
def week(store: Store, make_record: Callable[..., Record]) -> Store:
    """r1 answered on the platform after 1 h; r2 (labelled as not needing an answer) phoned after 2 h;
    r3 never answered."""
    mk = make_record
    with store.db.conn:
        store.upsert_records([
            mk("p1", is_department=True, kind="post", created_at=START - H),
            mk("r1", parent_uid="x:p1", created_at=START),
            mk("d1", is_department=True, parent_uid="x:r1", created_at=START + H),
            mk("r2", parent_uid="x:p1", created_at=START),
            mk("r3", parent_uid="x:p1", created_at=START),
        ])
    label(store, "needs_response", {"x:r1": "yes", "x:r2": "no", "x:r3": "yes"})
    triage.answer_elsewhere(store, "x:r2", "phone", START + 2 * H, actor="ann", now=START + 3 * H)
    return store


def test_an_answer_elsewhere_is_a_response_counted_as_its_own_category(week: Store) -> None:
    """Actionable: r1, r3 by label, r2 because someone answered it = 3. Answered: r1 (platform), r2
    (elsewhere) = 2 -> 67%. KM over 1 h, 2 h (answers) and r3 censored: S(1) = 2/3, S(2) = 1/3 -> median 2 h."""
    w47 = iso_week("2026-W47", CHI)
    [row] = compute_metrics(week, config(Path(".")), w47.start, w47.end, ("week",), now=START + 30 * 24 * H)
    assert (row.actionable, row.answered, row.answered_elsewhere) == (3, 2, 1)
    assert row.response_rate == pytest.approx(2 / 3)
    assert row.frt_median_h == pytest.approx(2.0)
    assert row.frt_naive_median_h == pytest.approx(1.5)
    assert week.db.execute("SELECT status FROM triage WHERE uid = 'x:r2'").fetchone()[0] == "responded"
    audit = week.db.execute("SELECT actor, field, before, after FROM audit_log WHERE uid = 'x:r2' ORDER BY id")
    assert audit.fetchall() == [("ann", "answered_elsewhere", None, "phone at 2026-11-17T18:00:00.000+00:00"),
                                ("ann", "status", "new", "responded")]


def test_as_of_a_moment_before_the_phone_call_the_reply_was_unanswered(week: Store) -> None:
    w47 = iso_week("2026-W47", CHI)
    [row] = compute_metrics(week, config(Path(".")), w47.start, w47.end, ("week",), now=START + 1.5 * H)
    assert (row.answered, row.answered_elsewhere) == (1, 0)


def test_reports_and_exports_show_it_separately(week: Store, tmp_path: Path) -> None:
    cfg = config(tmp_path)
    report = build_weekly(week, cfg, iso_week("2026-W47", CHI), now=START + 30 * 24 * H)
    markdown = render_markdown(report)
    assert "answered on the platform 1, answered elsewhere (phone, direct message, in person) 1" in markdown
    assert "**Answered elsewhere**:" in markdown  # the definition, under the v2 definitions
    out = tmp_path / "export"
    run_export(week, cfg, ExportOptions(out=out), key=KEY)
    with (out / "response_times.csv").open(newline="", encoding="utf-8") as fh:
        rows = {r["post_id"]: r for r in csv.DictReader(fh)}
    assert (rows["x:r1"]["answered_via"], rows["x:r2"]["answered_via"], rows["x:r3"]["answered_via"]) == (
        "platform", "phone", "")
    assert rows["x:r2"]["answered"] == "true" and float(rows["x:r2"]["frt_s"]) == 7200.0
    assert rows["x:r2"]["answered_elsewhere_at"].startswith("2026-11-17T18:00:00")
    assert rows["x:r2"]["actionable"] == "true"
    assert "What each version of the definitions changed" in (out / "codebook.md").read_text()


@pytest.mark.parametrize(
    ("channel", "when", "expected"),
    [
        ("pigeon", START + H, "channel 'pigeon' is not one of phone, direct_message, in_person"),
        ("phone", START - H, "is before the reply was posted"),
        ("phone", START + 100 * H, "is in the future"),
    ],
)
def test_bad_answers_elsewhere_are_refused(week: Store, channel: str, when: datetime, expected: str) -> None:
    with pytest.raises(triage.TriageError, match=expected):
        triage.answer_elsewhere(week, "x:r3", channel, when, actor="ann", now=START + 3 * H)
    assert week.db.execute("SELECT count(*) FROM answers_elsewhere WHERE uid = 'x:r3'").fetchone()[0] == 0


def test_a_time_without_offset_is_the_departments_wall_clock() -> None:
    assert triage.answer_time("2026-11-17 14:30", CHI) == datetime(2026, 11, 17, 20, 30, tzinfo=UTC)
    assert triage.answer_time("2026-11-17T14:30", CHI) == datetime(2026, 11, 17, 20, 30, tzinfo=UTC)
    assert triage.answer_time("2026-11-17T14:30Z", CHI) == datetime(2026, 11, 17, 14, 30, tzinfo=UTC)
    with pytest.raises(triage.TriageError, match="is not a date and time"):
        triage.answer_time("yesterday", CHI)


# -- the thread view's control ------------------------------------------------------------------------


@pytest.fixture
def client(store: Store, make_record: Callable[..., Record], monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", fast)
    monkeypatch.setattr(auth, "_DUMMY_HASH", fast.hash("dummy password"))
    seed(store, make_record)
    auth.add_user(store, "ann", "responder", PASSWORD)
    auth.add_user(store, "vic", "viewer", PASSWORD)
    app = create_app(example_config(), store.path, secret="test-secret", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def login(client: TestClient, name: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/inbox").text).group(1)


def test_thread_view_records_an_answer_elsewhere(client: TestClient, store: Store) -> None:
    token = login(client, "ann")
    page = client.get("/thread", params={"uid": "x:202"})
    assert 'action="/act/answered-elsewhere"' in page.text and 'value="2026-10-06T07:00"' in page.text  # Chicago
    forged = client.post("/act/answered-elsewhere", data={"uid": "x:202", "channel": "phone",
                                                          "answered_at": "2026-10-06T06:45"})
    assert forged.status_code == 403
    done = client.post("/act/answered-elsewhere", data={"uid": "x:202", "channel": "direct_message",
                                                        "answered_at": "2026-10-06T06:45", "csrf_token": token})
    assert done.status_code == 200  # back on the thread
    assert "Answered elsewhere: direct message, 2026-10-06 06:45 (ann)" in done.text
    assert store.db.execute("SELECT channel, answered_at, actor FROM answers_elsewhere").fetchall() == [
        ("direct_message", "2026-10-06T11:45:00.000+00:00", "ann")]
    bad = client.post("/act/answered-elsewhere", data={"uid": "x:202", "channel": "phone",
                                                       "answered_at": "soon", "csrf_token": token})
    assert bad.status_code == 400


def test_a_viewer_cannot_record_an_answer_elsewhere(client: TestClient, store: Store) -> None:
    token = login(client, "vic")
    assert 'action="/act/answered-elsewhere"' not in client.get("/thread", params={"uid": "x:202"}).text
    refused = client.post("/act/answered-elsewhere", data={"uid": "x:202", "channel": "phone",
                                                           "answered_at": "2026-10-06T06:45", "csrf_token": token})
    assert refused.status_code == 403
    assert store.db.execute("SELECT count(*) FROM answers_elsewhere").fetchone()[0] == 0
