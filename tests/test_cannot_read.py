"""A reply in a language no model reads reaches a person: inbox rank, row text, alert and handover.

Its urgent label is ``not classified: language`` (the suite never guesses); the inbox ranks it below
every urgent flag and above every routine item, the urgent alert rule raises it, and the handover counts
it. Labels are written by the real suite (``classify_pending``) into a real SQLite store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from connectors.base import Record
from engage import triage
from engage.alerts.engine import AlertEngine
from engage.alerts.handover import build_handover
from engage.classify import classify_pending
from engage.migrations import migrate
from engage.store import Store
from engage.web import auth
from engage.web.app import create_app
from models import ClassifierSuite, load_suite
from models.language import NOT_CLASSIFIED
from tests.helpers.alerts import NOW, make_config, reply, store_records
from tests.helpers.web import PASSWORD, example_config, login

TZ = ZoneInfo("America/Chicago")
TEXTS = {
    "x:2": "What time does the front desk open on Saturdays for fingerprinting?",
    "x:3": "There's a man with a gun outside the school on Percy Street right now",
    "x:4": "Au secours, il y a un homme armé devant l'école de la rue Pasteur et les enfants sont encore dedans",
    "x:5": "Thanks for the update, see you at the open day",
}
FRENCH = "x:4"


@pytest.fixture(scope="module")
def suite() -> Iterator[ClassifierSuite]:
    yield load_suite(tasks=["urgent", "language"])


def classified_store(store: Store, suite: ClassifierSuite, make_record: Callable[..., Record]) -> Store:
    store_records(store, [reply(make_record, int(uid[2:]), text) for uid, text in TEXTS.items()])
    classify_pending(store, suite)
    return store


def inbox(store: Store) -> list[triage.InboxItem]:
    return triage.inbox(store, triage.InboxFilter(), sla_hours=24, tz=TZ, now=NOW)


def test_unread_reply_ranks_below_urgent_and_above_routine(
    store: Store, suite: ClassifierSuite, make_record: Callable[..., Record]
) -> None:
    items = inbox(classified_store(store, suite, make_record))
    by_uid = {item.uid: item for item in items}
    assert by_uid[FRENCH].labels["urgent"] == NOT_CLASSIFIED and by_uid[FRENCH].language == "fr"
    assert [item.uid for item in items][:2] == ["x:3", FRENCH]
    assert by_uid[FRENCH].cannot_read == "needs a person: cannot read fr"
    assert "1. urgent: needs a person: cannot read fr" in by_uid[FRENCH].explain(24)
    assert by_uid["x:2"].cannot_read is None and by_uid["x:3"].cannot_read is None
    counts = triage.headline_counts(store, tz=TZ, now=NOW)
    assert counts["urgent_open"] == 1  # the unread reply is not called urgent


@pytest.mark.usefixtures("fast_hashing")
def test_inbox_page_shows_the_unread_badge_after_urgent_items(
    store: Store, suite: ClassifierSuite, make_record: Callable[..., Record]
) -> None:
    from fastapi.testclient import TestClient

    classified_store(store, suite, make_record)
    auth.add_user(store, "ann", "responder", PASSWORD)
    app = create_app(example_config(), store.path, secret="test-secret", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        login(client)
        html = client.get("/inbox").text
    badge = "needs a person: cannot read fr"
    assert html.count(badge) >= 1
    assert html.index("a man with a gun outside") < html.index(badge) < html.index("front desk open")


def test_a_person_who_reads_it_decides(
    store: Store, suite: ClassifierSuite, make_record: Callable[..., Record]
) -> None:
    """A person's urgent correction replaces the unread rank; undoing it brings the rank back."""
    classified_store(store, suite, make_record)
    triage.correct_label(store, FRENCH, "urgent", ["no"], actor="ana", topics=[])
    assert {item.uid: item.cannot_read for item in inbox(store)}[FRENCH] is None
    rank = store.db.execute("SELECT rank_urgent FROM triage WHERE uid = ?", [FRENCH]).fetchone()[0]
    assert rank == 0
    store.db.execute("DELETE FROM corrections WHERE uid = ?", [FRENCH])  # the correction undone
    assert store.db.execute("SELECT rank_urgent FROM triage WHERE uid = ?", [FRENCH]).fetchone()[0] == 1


def test_urgent_alert_and_handover_count_the_unread_reply(
    tmp_path: Path, store: Store, suite: ClassifierSuite, make_record: Callable[..., Record]
) -> None:
    config = make_config(tmp_path, {"channels": {"hook": {"type": "webhook", "url_env": "ALERT_HOOK_URL"}},
                                    "rules": [{"name": "urgent", "type": "urgent", "channels": ["hook"],
                                               "min_score": 0.6, "group_seconds": 0}]})
    classified_store(store, suite, make_record)
    assert AlertEngine(config).after_classify(store, NOW) == 2
    alerts = {r["uid"]: r for r in store.db.query("SELECT uid, title, detail FROM alerts")}
    assert set(alerts) == {"x:3", FRENCH}
    assert alerts[FRENCH]["title"] == "Reply on x/RivertonPD needs a person: cannot read fr"
    report = build_handover(store, config, since=NOW - NOW.replace(hour=0), now=NOW)
    assert (report.new_urgent, report.new_cannot_read) == (1, 1)
    assert "1 labelled urgent, 1 in a language no model reads" in report.text(config)


def test_migration_lifts_replies_labelled_before_it(tmp_path: Path, make_record: Callable[..., Record]) -> None:
    """A database labelled under migration 12 gets its unread replies ranked when it upgrades."""
    store = Store.open(tmp_path / "old.db")
    try:
        store.db.execute("DROP TRIGGER triage_rank_cannot_read")  # labelled as before migration 13
        store_records(store, [reply(make_record, 4, TEXTS[FRENCH])])
        store.activate_model("urgent", "test-urgent@1", ["no", "yes"])
        store.save_classifications([{"uid": FRENCH, "task": "urgent", "model_id": "test-urgent@1",
                                     "label": NOT_CLASSIFIED, "scores": {}}])
        assert store.db.execute("SELECT rank_urgent FROM triage").fetchone()[0] == 0
        store.db.execute("DELETE FROM schema_migrations WHERE number = 13")
        assert migrate(store.db) == [13]
        assert store.db.execute("SELECT rank_urgent FROM triage").fetchone()[0] == triage.CANNOT_READ_RANK
    finally:
        store.close()
